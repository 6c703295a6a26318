"""The grid editor and the DP page in Debian's Chromium: draw by clicks, solve, share, language."""

from __future__ import annotations

from playground.envs.gridworld import GridSpec
from tests.browser.charts import option_titled, wait_for_chart
from tests.browser.conftest import assert_clean, fresh_page, wait_idle
from tests.chart_options import table
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
START = GridSpec.from_rows(["SFF", "FFG"], step_reward=-1.0, hole_reward=-10.0)


def shown_code(page) -> str:
    return page.locator("[data-testid='stCode']").first.inner_text().strip()


def test_draw_solve_share_and_switch_language(page, app_url, browser) -> None:
    page.goto(f"{app_url}/grid-editor?tool=H&grid={START.encode()}")
    wait_idle(page)

    def cell(s: int):  # a button with help text has a hidden twin: the first is the button
        return page.locator(f".st-key-ge-cell-{s} button").first

    cell(5).wait_for()  # drawn a moment after the first run ends
    assert cell(5).inner_text().strip() == "★"
    cell(1).click()  # a hole in S1
    wait_idle(page)
    cell(4).click()  # and in S4: the goal is cut off, so this one is refused
    wait_idle(page)
    assert page.get_by_text(EN["grid.error_unreachable"], exact=False).count() == 1
    drawn = GridSpec.decode(shown_code(page))
    assert drawn.row_strings() == ["SHF", "FFG"]
    assert_clean(page, page.console_errors)

    # The editor's own share link, opened cold in a new session, shows the same grid.
    with fresh_page(browser, page.url) as fresh:
        assert GridSpec.decode(shown_code(fresh)) == drawn

    # Solve it: the link opens the DP page with the grid; value iteration runs to the end.
    page.get_by_role("button", name=EN["grid_editor.solve"]).click()
    wait_idle(page)
    page.get_by_role("button", name=EN["dp.run"], exact=True).click()
    wait_idle(page)
    page.get_by_text(EN["dp.status_converged"].split("{")[0], exact=False).wait_for()
    wait_for_chart(page, EN["dp.v_title"])
    values = table(option_titled(page, EN["dp.v_title"]))
    # S0 → S3 → S4 → S5 round the hole: −1, −1, then the goal's +1 (γ = 1).
    assert values[0][0] == -1.0 and values[1][2] == 0.0
    assert_clean(page, page.console_errors)

    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    wait_idle(page)
    assert page.locator("h1").first.inner_text().strip() == ZH["dp.title"]
    assert_clean(page, page.console_errors)


def test_json_upload_checks_the_file(page, app_url) -> None:
    from playground.envs.gridworld import EXAMPLE_4_1, MAX_JSON_CHARS

    page.goto(f"{app_url}/grid-editor")
    wait_idle(page)
    dropzone = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    dropzone.wait_for(state="attached")
    text = EXAMPLE_4_1.to_json().encode()

    def upload(name: str, data: bytes) -> None:
        dropzone.set_input_files({"name": name, "mimeType": "application/json", "buffer": data})
        wait_idle(page)

    def refused(why: str) -> None:  # the message, and FrozenLake 4×4 kept
        page.get_by_text(EN["grid.error"].format(why=why), exact=True).wait_for()
        assert GridSpec.decode(shown_code(page)).row_strings()[0] == "SFFF"

    upload("cut.json", text[: len(text) // 2])  # truncated
    refused(EN["grid.error_json"])
    # Oversized: a grid file padded far past any grid's size (under the uploader's 1 MB).
    upload("big.json", text + b" " * (MAX_JSON_CHARS + 1))
    refused(EN["grid.error_too_long"].format(limit=MAX_JSON_CHARS))
    upload("picture.json", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))  # a wrong file
    refused(EN["grid.error_json"])
    upload("example.json", text)
    page.get_by_text(EN["grid_editor.loaded"].format(name="example.json")).wait_for()
    example = GridSpec.decode(EXAMPLE_4_1.encode())
    assert GridSpec.decode(shown_code(page)) == example
    assert page.get_by_text(EN["grid.error_json"], exact=False).count() == 0
    upload("other.json", b'{"episodes": 200, "seed": 0}')  # JSON, but not a grid
    page.get_by_text(EN["grid.error"].format(why=EN["grid.error_json"]), exact=True).wait_for()
    assert GridSpec.decode(shown_code(page)) == example  # the previous grid, kept
    assert_clean(page, page.console_errors)
