"""Nothing leaves the app: every page, in both languages, loads with no request to another
host (the tab icon included), and values from a share link are text, never links or
images."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from tests.browser.conftest import assert_clean, wait_idle
from webui.nav import ENTRIES, PAGE_ICON


def _record(page) -> list[str]:
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_no_request_leaves_the_app(page, app_url) -> None:
    urls = _record(page)
    for query in ("", "?lang=zh"):
        for entry in [None, *ENTRIES]:
            page.goto(f"{app_url}/{entry.url_path if entry else ''}{query}")
            wait_idle(page)
            page.wait_for_timeout(300)  # the tab icon is set after the first script run
    elsewhere = [u for u in urls if not u.startswith((app_url + "/", "data:", "blob:"))]
    assert not elsewhere, sorted(set(elsewhere))
    # The tab icon is ours, sent inside the page (Streamlit inlines an SVG as a data URL).
    href = page.locator("link[rel='shortcut icon']").get_attribute("href")
    kind, _, data = href.partition(",")
    assert kind == "data:image/svg+xml;base64"
    assert base64.b64decode(data) == PAGE_ICON.read_bytes()
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
