"""The maze policy-gradient page in Debian's Chromium: train live, θ changes, share link."""

from __future__ import annotations

from tests.browser.charts import READ_CHARTS_JS
from tests.browser.conftest import assert_clean, wait_idle
from tests.chart_options import table

# A run that converges in a few hundred episodes (η = 1, ε = 0.01), so the test is quick.
QUERY = "/maze-policy?layout=seed_3x3&seed=3&eta=1.0&threshold=0.01&episodes=2000"

# Heatmap options found by title (see tests/browser/charts.py).
_FIND = f"""(test, last) => {{
  const heat = ({READ_CHARTS_JS})().filter((c) => c.option
    && c.option.series.some((s) => s.type === 'heatmap') && test(c.title));
  const chart = last ? heat[heat.length - 1] : heat[0];
  return chart ? {{title: chart.title, option: chart.option}} : null;
}}"""
LIVE_THETA = f"() => ({_FIND})(t => t.includes('θ after episode'), true)"
THETA0 = f"() => ({_FIND})(t => t === 'θ₀', false)"


def _plain(option: dict) -> list[list[float | None]]:
    """The heatmap's table, rounded, None in its empty cells."""
    return [[None if v is None else round(float(v), 12) for v in row] for row in table(option)]


def train_to_convergence(page) -> dict:
    page.get_by_role("button", name="Train", exact=True).click()
    page.get_by_text("Converged at episode").wait_for(timeout=120_000)
    wait_idle(page)
    # Charts draw after the script run ends: wait for the chart to exist.
    page.wait_for_function(f"({LIVE_THETA})() !== null", timeout=30_000)
    live = page.evaluate(LIVE_THETA)
    return {"title": live["title"], "z": _plain(live["option"])}


def test_maze_policy_trains_live_and_the_link_reproduces_the_run(browser, page, app_url) -> None:
    page.goto(app_url + QUERY)
    wait_idle(page)
    assert page.get_by_role("heading", name="Maze · policies and policy gradient").count() == 1
    page.wait_for_function(f"({THETA0})() !== null", timeout=30_000)
    theta0 = _plain(page.evaluate(THETA0)["option"])
    assert theta0[0] == [None, 1.0, 1.0, None]
    assert page.evaluate(LIVE_THETA) is None  # nothing trained yet

    first = train_to_convergence(page)
    assert first["z"] != theta0  # the live θ heatmap's data changed
    assert first["z"][0][1] > 1.0  # S0 → right, on the shortest path, gained weight
    assert page.get_by_text("Finished.").count() == 1
    assert_clean(page, page.console_errors)

    # The address bar is the share link; open it in a fresh page and train again.
    link = page.url
    for name in ("seed=3", "eta=1.0", "threshold=0.01", "episodes=2000"):
        assert name in link
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        fresh = context.new_page()
        errors: list[str] = []
        fresh.on("pageerror", lambda exc: errors.append(str(exc)))
        fresh.goto(link)
        wait_idle(fresh)
        second = train_to_convergence(fresh)
        assert second == first  # same settings + seed → same episode count and same θ
        assert fresh.locator("[data-testid='stException']").count() == 0
        assert not errors, errors
    finally:
        context.close()
