"""The SARSA / Q-learning page in Debian's Chromium: train, step, share link round trip."""

from __future__ import annotations

from tests.browser.charts import charts_by_title, wait_for_chart
from tests.browser.conftest import assert_clean, fresh_page, train_to_end, wait_idle
from tests.chart_options import cell_texts, lines, values
from webui.i18n import TEXT

EN = TEXT["en"]
QUERY = "/maze-td?algo=sarsa&episodes=60&seed=5&schedule=constant&epsilon=0.2"


def charts(page, wait_for: str | None = None) -> dict[str, dict]:
    """ECharts options by title; with ``wait_for``, first wait until a chart of that title
    is drawn.

    Streamlit draws a plotly chart only once it scrolls into view, so each is scrolled to.
    """
    boxes = page.locator("[data-testid='stPlotlyChart'], [data-testid='stEChartsChart']")
    for i in range(boxes.count()):
        boxes.nth(i).scroll_into_view_if_needed()
    if wait_for:
        wait_for_chart(page, wait_for)
    return {title: c["option"] for title, c in charts_by_title(page).items() if "option" in c}


def test_train_step_and_share_link(page, app_url, browser) -> None:
    page.goto(app_url + QUERY)
    wait_idle(page)
    q_title = EN["maze_td.q_title"].format(algo="SARSA")
    before = cell_texts(charts(page, q_title)[q_title])

    train_to_end(page)
    shown = charts(page, EN["maze_td.steps_title"])
    after = cell_texts(shown[q_title])
    assert after != before
    steps = values(lines(shown[EN["maze_td.steps_title"]])[0])
    assert len(steps) == 60
    assert_clean(page, page.console_errors)

    page.get_by_role("button", name=EN["maze_td.step"], exact=True).click()
    wait_idle(page)
    assert page.locator("[data-testid='stMarkdown']", has_text="a′ =").count() >= 1
    assert cell_texts(charts(page)[q_title]) != after
    assert_clean(page, page.console_errors)

    # The share link, opened in a fresh browser context, gives the same settings and run.
    page.get_by_role("button", name=EN["common.share_link_button"]).click()
    codes = page.locator("[data-testid='stCode']")
    link = codes.first.inner_text().strip()  # settings only; the last one trains on open
    assert "seed=5" in link and "algo=sarsa" in link and "train=" not in link
    assert "train=60" in codes.last.inner_text()
    with fresh_page(browser, link) as fresh:
        train_to_end(fresh)
        shown = charts(fresh, EN["maze_td.steps_title"])
        assert values(lines(shown[EN["maze_td.steps_title"]])[0]) == steps


BOXES_JS = """(prefix) => Object.fromEntries([...document.querySelectorAll('[class*="st-key-' + prefix + '"]')]
  .map((e) => [e.className.match(/st-key-(\\S+)/)[1].slice(prefix.length),
               [Math.round(e.getBoundingClientRect().top + window.scrollY),
                Math.round(e.getBoundingClientRect().height)]]))"""
"""Each keyed element whose key starts with ``prefix``: (key after it) → [top, height]."""


def test_line_charts_take_the_place_of_their_boxes(page, app_url) -> None:
    """Before Train each line chart is a box of its size with its title; training draws
    the charts in the boxes' places: same heights, same distances between them."""
    page.goto(app_url + QUERY)
    wait_idle(page)
    q_title = EN["maze_td.q_title"].format(algo="SARSA")
    assert list(charts(page, q_title)) == [q_title]  # the one chart drawn before Train
    boxes = page.evaluate(BOXES_JS, "pending-td-")
    assert set(boxes) == {"steps", "returns", "gap_value", "gap_path", "td_error", "epsilon"}
    box = page.locator(".st-key-pending-td-steps")
    assert EN["maze_td.steps_title"] in box.inner_text()
    train_to_end(page)
    charts(page, EN["maze_td.steps_title"])
    drawn = page.evaluate(BOXES_JS, "td-")
    assert page.locator("[class*='st-key-pending-']").count() == 0
    shift = drawn["steps"][0] - boxes["steps"][0]  # the progress and verdict came above
    for name, (top, height) in boxes.items():
        assert drawn[name] == [top + shift, height], name
    assert_clean(page, page.console_errors)
