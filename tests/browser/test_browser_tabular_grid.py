"""A grid drawn by clicks in the editor, trained on by SARSA / Q-learning, in Chromium:
open it on the tabular page, train, open the share link cold, switch language."""

from __future__ import annotations

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from playground.envs.gridworld import GridSpec
from tests.browser.charts import charts_by_title, wait_for_chart
from tests.browser.conftest import assert_clean, fresh_page, train_to_end, wait_idle
from tests.chart_options import lines, reference_lines, table, values
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
# 2×3, −1 a step: S0 S1 S2 / S3 S4 S5(goal); a wall cell drawn in S1 leaves S0→S3→S4→S5.
START = GridSpec.from_rows(["SFF", "FFG"], step_reward=-1.0, goal_reward=-1.0)


def pick_option(page, select, name: str, tries: int = 5) -> None:
    """Open the selectbox ``select`` and pick ``name``. A script run that ends while the
    list is open redraws the widget and closes the list, so open it again until it holds."""
    for _ in range(tries):
        select.locator("input").click()
        choice = page.get_by_role("option", name=name)
        try:
            choice.wait_for(timeout=5_000)
            choice.click(timeout=5_000)
            return
        except PlaywrightTimeout:  # the list closed under us: let the run end, retry
            page.keyboard.press("Escape")
            wait_idle(page)
    raise AssertionError(f"the option {name!r} never appeared in the selectbox")


def option(page, title: str) -> dict:
    wait_for_chart(page, title)
    return charts_by_title(page)[title]["option"]


def test_draw_train_share_and_switch_language(page, app_url, browser) -> None:
    page.goto(f"{app_url}/grid-editor?tool=W&grid={START.encode()}")
    wait_idle(page)
    cell = page.locator(".st-key-ge-cell-1 button").first
    cell.wait_for()
    cell.click()  # a wall cell in S1
    wait_idle(page)
    drawn = GridSpec.decode(page.locator("[data-testid='stCode']").first.inner_text().strip())
    assert drawn.row_strings() == ["SWF", "FFG"]

    # The same session, another page: the SARSA / Q-learning page takes the drawn grid.
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text(EN["common.page_maze_td"], exact=True).click()
    page.locator("h1").filter(has_text=EN["maze_td.title"]).wait_for()
    wait_idle(page)
    select = sidebar.locator("[data-testid='stSelectbox']").filter(has_text=EN["grid.env"])
    pick_option(page, select, EN["grid.env_custom"])
    wait_idle(page)
    page.get_by_role("button", name=EN["grid.use_editor"]).click()
    wait_idle(page)
    assert f"grid={drawn.encode()}" in page.url

    train_to_end(page)
    q = option(page, EN["maze_td.q_title"].format(algo=EN["maze_td.algo_q_learning"]))
    assert len(table(q)) == 6  # one row per cell, S0 … S5
    gap = option(page, EN["maze_td.gap_path_title"])
    assert reference_lines(gap, "y") == [3]  # S0 → S3 → S4 → S5 round the wall cell
    assert values(lines(gap)[0])[-1] == 3  # the greedy policy found it
    assert_clean(page, page.console_errors)

    # The page's share link, opened cold: the same grid, the same run when trained.
    link = page.url
    with fresh_page(browser, link) as fresh:
        train_to_end(fresh)
        again = option(fresh, EN["maze_td.gap_path_title"])
        assert values(lines(again)[0]) == values(lines(gap)[0])
        fresh.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        wait_idle(fresh)
        assert fresh.locator("h1").first.inner_text().strip() == ZH["maze_td.title"]
        wait_for_chart(fresh, ZH["maze_td.gap_path_title"])
        assert_clean(fresh, [])


def _drawn_chart(page, min_height: float, timeout_s: float = 20.0):
    """The first ECharts chart drawn on a canvas and taller than ``min_height``: ECharts
    draws after the script run has ended, so wait for it rather than look once."""
    deadline = time.monotonic() + timeout_s
    box = page.locator("[data-testid='stEChartsChart']").filter(has=page.locator("canvas"))
    while True:
        for i in range(box.count()):
            area = box.nth(i).bounding_box()
            if area and area["height"] > min_height:
                return box.nth(i)
        if time.monotonic() > deadline:
            raise AssertionError(f"no chart taller than {min_height} px was drawn")
        page.wait_for_timeout(100)


def test_dp_backup_cell_picked_by_a_click(page, app_url) -> None:
    page.goto(f"{app_url}/dp?problem=example_4_1&cell=1")
    wait_idle(page)
    title = EN["dp.v_title"]
    heat = option(page, title)
    chart = _drawn_chart(page, min_height=200)
    area = chart.bounding_box()
    grid = heat["grid"]
    width = area["width"] - grid["left"] - grid["right"]
    height = float(heat.get("height", area["height"])) - grid["top"] - grid["bottom"]
    row, col = 2, 3  # S11
    x = grid["left"] + (col + 0.5) * width / 4
    y = grid["top"] + (row + 0.5) * height / 4
    chart.click(position={"x": x, "y": y})
    wait_idle(page)
    assert "cell=11" in page.url
    assert page.locator(".katex", has_text="S11").count() >= 1
    assert_clean(page, page.console_errors)
