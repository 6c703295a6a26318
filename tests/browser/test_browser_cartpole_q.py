"""CartPole · Q-table in Debian's Chromium: train, resume, the heatmaps change, share link."""

from __future__ import annotations

from tests.browser import player as pb
from tests.browser.charts import option_titled, wait_for_chart
from tests.browser.conftest import assert_clean, fresh_page, train_to_end, wait_idle
from tests.chart_options import lines, table, values
from webui.i18n import TEXT

EN = TEXT["en"]

QUERY = "env=CartPole-v0&episodes=50&eval_every=10&bins=5&seed=3"


def lengths(page) -> list[float]:
    wait_for_chart(page, EN["cartpole_q.chart_title"])
    return values(lines(option_titled(page, EN["cartpole_q.chart_title"]))[0])


def greedy_heatmap(page) -> list[list[float]]:
    wait_for_chart(page, EN["cartpole_q.greedy_title"])
    return table(option_titled(page, EN["cartpole_q.greedy_title"]))


def test_cartpole_q_trains_shares_and_resumes(page, browser, app_url) -> None:
    page.goto(f"{app_url}/cartpole-q?{QUERY}")
    wait_idle(page)
    assert page.get_by_role("heading", name="CartPole · Q-table").count() == 1
    train_to_end(page)
    first = lengths(page)
    assert len(first) == 50
    z_before = greedy_heatmap(page)
    assert len(z_before) == 5 and len(z_before[0]) == 5
    player = pb.player(page, "cpq.replay")
    player.wait_for()  # the playback, on its first frame
    assert pb.state(page, "cpq.replay")["frame"] == "0"
    assert player.locator("img").get_attribute("src").startswith("data:image/png;base64,")
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
    # The slider sends its value after a short debounce, so the rerun may not have started
    # when wait_idle looks: wait for its effect, the address bar, instead.
    page.wait_for_function("() => location.search.includes('episodes=100')", timeout=20_000)
    wait_idle(page)
    train_to_end(page, "Resume")
    after = lengths(page)
    assert len(after) == 100 and after[:50] == first
    assert greedy_heatmap(page) != z_before
    assert_clean(page, page.console_errors)
