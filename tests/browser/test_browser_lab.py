"""The Lab in Debian's Chromium: build an experiment, run it, the figure, the CSV download,
and the share link opened cold in a new session (the same experiment, the same numbers)."""

from __future__ import annotations

import pandas as pd

from playground.lab.results import TIDY_COLUMNS
from tests.browser.charts import read_charts
from tests.browser.conftest import assert_clean, fresh_page, wait_idle
from webui.i18n import TEXT

EN = TEXT["en"]
RUN_TIMEOUT_MS = 120_000


def set_number(page, label: str, value: int) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(str(value))
    field.press("Enter")
    wait_idle(page)


def run_to_end(page) -> None:
    page.get_by_text(EN["lab.status_finished"].split("{")[0], exact=False).wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    wait_idle(page)


def mean_curves(page) -> dict[str, list[float]]:
    """The comparison figure's mean curves (legend name → y), read from plotly."""
    page.locator(".js-plotly-plot").first.wait_for()
    (figure,) = read_charts(page)
    return {t["name"]: t["y"] for t in figure["data"] if "(n=" in (t["name"] or "")}


def test_build_run_download_and_open_the_share_link_cold(page, app_url, browser) -> None:
    page.goto(f"{app_url}/lab")
    wait_idle(page)
    page.get_by_role("button", name=EN["lab.preset_fig64"]).click()
    wait_idle(page)
    set_number(page, EN["lab.seeds"], 5)
    set_number(page, EN["lab.episodes"], 100)
    page.get_by_text("10 runs: 2 × 5 seeds.").wait_for()
    page.get_by_role("button", name=EN["lab.run"], exact=True).click()
    run_to_end(page)
    curves = mean_curves(page)
    assert list(curves) == ["SARSA (n=5)", "Q-learning (n=5)"]
    assert all(len(y) == 100 for y in curves.values())
    assert_clean(page, page.console_errors)

    with page.expect_download() as download:
        page.get_by_role("button", name=EN["lab.download_csv"]).click()
    frame = pd.read_csv(download.value.path())
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert len(frame) == 2 * 5 * 100
    assert frame.groupby("algorithm")["seed"].nunique().to_dict() == {"q_learning": 5, "sarsa": 5}

    page.get_by_role("button", name=EN["common.share_link_button"]).click()
    link = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']").inner_text()
    assert "x=" in link and "run=1" in link
    with fresh_page(browser, link.strip()) as fresh:
        run_to_end(fresh)
        assert mean_curves(fresh) == curves  # the same seeds, the same numbers
