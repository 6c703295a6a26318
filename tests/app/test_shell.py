"""The app shell through AppTest: router, home cards, language switch, share links."""

from __future__ import annotations

from tests.app.helpers import open_page, texts
from webui import nav
from webui.i18n import TEXT


def test_home_shows_a_card_per_page_in_english() -> None:
    at = open_page()
    shown = texts(at)
    assert TEXT["en"]["home.title"] in shown
    for entry in nav.ENTRIES:
        assert TEXT["en"][f"common.page_{entry.name}"] in shown
        assert TEXT["en"][f"home.desc_{entry.name}"] in shown
    # Every card links to a page file that exists (no page is staged as "coming soon").
    assert all((nav.ROOT / entry.path).is_file() for entry in nav.ENTRIES)


def test_language_switch_changes_visible_labels_and_url() -> None:
    at = open_page()
    switch = at.sidebar.get("button_group")[0]
    switch.set_value("zh").run()
    shown = texts(at)
    assert TEXT["zh"]["home.title"] in shown
    assert TEXT["en"]["home.intro"] not in shown
    assert at.query_params.get("lang") in ("zh", ["zh"])
    # The choice survives a page switch (persistent key, not just the widget's).
    at.switch_page("app_pages/basics.py").run()
    assert TEXT["zh"]["basics.title"] in texts(at)


def test_lang_query_parameter_selects_chinese() -> None:
    at = open_page("app_pages/basics.py", lang="zh")
    shown = texts(at)
    assert TEXT["zh"]["basics.title"] in shown
    assert TEXT["zh"]["common.reset"] in shown


def test_garbage_lang_falls_back_to_english() -> None:
    at = open_page(query={"lang": "klingon<script>"})
    assert TEXT["en"]["home.title"] in texts(at)
