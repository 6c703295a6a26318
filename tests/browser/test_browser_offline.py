"""Nothing leaves the app: every page, in both languages, loads with no request to another
host (the tab icon included), and values from a share link are text, never links or
images."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from tests.browser.conftest import assert_clean, wait_idle
from webui.i18n import TEXT
from webui.nav import ENTRIES, PAGE_ICON


def _record(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


NO_SKELETON = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
"""True once every element is drawn (a widget's code is fetched on its first use, with a
skeleton in its place meanwhile): by then the page has asked for everything it shows."""

ICON = "link[rel='shortcut icon']"
ICON_SET = f"() => document.querySelector(\"{ICON}\")?.getAttribute('href')?.startsWith('data:')"
"""True once the tab icon is ours: Streamlit sets it after the first script run."""


def _drawn(page) -> None:
    wait_idle(page)
    page.wait_for_function(NO_SKELETON)


def _assert_icon_is_ours(page) -> None:
    """The tab icon is ours, sent inside the page (Streamlit inlines an SVG as a data URL)."""
    page.wait_for_function(ICON_SET)
    href = page.locator(ICON).get_attribute("href")
    kind, _, data = href.partition(",")
    assert kind == "data:image/svg+xml;base64"
    assert base64.b64decode(data) == PAGE_ICON.read_bytes()


def test_no_request_leaves_the_app(page, app_url) -> None:
    """Each language: the home page opened cold (the whole front end loaded, as a share
    link does), then every other page reached through the sidebar's links in the same
    session (each page's script run and everything its elements fetch). Every request
    of the tab is recorded throughout. The front end and the websocket are the same for
    every page; what differs between pages is their elements, fetched either way."""
    page.set_default_timeout(60_000)  # other processes share the 2 cores
    urls = _record(page)
    for lang, query in (("en", ""), ("zh", "?lang=zh")):
        page.goto(f"{app_url}/{query}")
        _drawn(page)
        _assert_icon_is_ours(page)
        for entry in ENTRIES:
            link = page.locator(f"[data-testid='stSidebarNav'] a[href$='/{entry.url_path}']")
            # The sidebar is the current language's: each link shows its translated title
            # (after its icon's name, a ligature of Streamlit's own icon font).
            shown = link.inner_text().strip().splitlines()[-1]
            assert shown == TEXT[lang][f"common.page_{entry.name}"]
            link.click()
            page.wait_for_url(f"{app_url}/{entry.url_path}*")
            _drawn(page)
        nav = page.locator("[data-testid='stSidebarNav']").inner_text()
        assert TEXT[lang]["common.page_home"] in nav  # the last page's run too
    elsewhere = [u for u in urls if not u.startswith((app_url + "/", "data:", "blob:"))]
    assert not elsewhere, sorted(set(elsewhere))
    _assert_icon_is_ours(page)
    assert_clean(page, page.console_errors)


def test_link_values_are_shown_as_text(page, app_url) -> None:
    urls = _record(page)
    link = "[R](https://evil.example/r)"
    pixel = "![T](http://evil.example/px.png)"
    page.goto(f"{app_url}/basics?steps={link}&seed={pixel}")
    wait_idle(page)
    notice = page.locator("[data-testid='stAlertContentWarning']")
    # seed, then steps (the spec order), each with the default used instead
    assert notice.locator("code").all_inner_texts() == [pixel, "0", link, "20"]
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='evil.example']").count() == 0
    assert not [u for u in urls if urlsplit(u).hostname == "evil.example"]
    assert_clean(page, page.console_errors)
