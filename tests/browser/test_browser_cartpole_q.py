"""CartPole · Q-table in Debian's Chromium: train, resume, the heatmaps change, share link."""

from __future__ import annotations

from tests.browser.conftest import assert_clean, fresh_page, train_to_end, wait_idle

QUERY = "env=CartPole-v0&episodes=50&eval_every=10&bins=5&seed=3"

# Plotly keeps each chart's traces on its div (_fullData: binary arrays decoded);
# typed arrays become plain lists here.
READ_TRACES = """el => el._fullData.map(t => ({
    name: t.name,
    y: t.y ? Array.from(t.y) : null,
    z: t.z ? Array.from(t.z, row => Array.from(row)) : null,
}))"""


def charts(page) -> list[list[dict]]:
    plots = page.locator(".js-plotly-plot")
    return [plots.nth(i).evaluate(READ_TRACES) for i in range(plots.count())]


def lengths(page) -> list[float]:
    return charts(page)[0][0]["y"]


def greedy_heatmap(page) -> list[list[float]]:
    return charts(page)[1][0]["z"]


def test_cartpole_q_trains_shares_and_resumes(page, browser, app_url) -> None:
    page.goto(f"{app_url}/cartpole-q?{QUERY}")
    wait_idle(page)
    assert page.get_by_role("heading", name="CartPole · Q-table").count() == 1
    train_to_end(page)
    first = lengths(page)
    assert len(first) == 50
    z_before = greedy_heatmap(page)
    assert len(z_before) == 5 and len(z_before[0]) == 5
    assert page.locator("figure.pg-picture img").count() == 1  # playback frame
    assert_clean(page, page.console_errors)

    # The address bar is the share link: a fresh page reproduces settings and run.
    link = page.url
    assert "seed=3" in link and "bins=5" in link and "env=CartPole-v0" in link
    with fresh_page(browser, link) as fresh:
        train_to_end(fresh)
        assert lengths(fresh) == first
        assert greedy_heatmap(fresh) == z_before

    # One step right on the episodes slider (50 -> 100) pauses; Resume continues the run
    # and the Q-table heatmap changes.
    page.locator("[data-testid='stSidebar'] input[aria-label='Episodes']").press("ArrowRight")
    wait_idle(page)
    assert "episodes=100" in page.url
    train_to_end(page, "Resume")
    after = lengths(page)
    assert len(after) == 100 and after[:50] == first
    assert greedy_heatmap(page) != z_before
    assert_clean(page, page.console_errors)
