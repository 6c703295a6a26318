"""The DQN and REINFORCE pages in Debian's Chromium: train briefly, the return curve
holds one return per episode trained, no exception; the REINFORCE share link reproduces the run in a fresh page."""

from __future__ import annotations

from tests.browser import player as pb
from tests.browser.charts import read_charts
from tests.browser.conftest import assert_clean, fresh_page, train_to_end, wait_idle
from tests.chart_options import lines, values


def returns(page) -> list[float]:
    """Returns per episode: the first series of the page's first chart (the return curve)."""
    page.wait_for_selector("[data-testid='stEChartsChart']", timeout=30_000)
    return values(lines(read_charts(page)[0]["option"])[0])


def test_dqn_trains_and_draws(page, app_url) -> None:
    page.goto(
        f"{app_url}/cartpole-dqn?env=CartPole-v0&hidden=32,32&batch=32&starts=64"
        "&max_steps=400&eval_every=200&seed=1"
    )
    wait_idle(page)
    assert page.get_by_role("heading", name="CartPole · Deep Q-network (DQN)").count() == 1
    train_to_end(page)
    first = returns(page)
    episodes = int(page.get_by_test_id("stMetricValue").first.inner_text().replace(",", ""))
    assert len(first) == episodes > 5  # one point per episode trained, none dropped
    assert all(1 <= r <= 200 for r in first), first  # CartPole-v0: 1 to 200 steps
    assert len(set(first)) > 1, first  # returns of different episodes, not a constant
    # The greedy episode's playback plays to its last frame, its frames in order.
    player = pb.player(page, "dqn.replay")
    player.wait_for()
    n = int(player.locator("input[type='range']").get_attribute("max")) + 1
    player.get_by_role("button", name="2×", exact=True).click()
    pb.start_recording(page, "dqn.replay")
    player.get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"(key) => ({pb.PLAYER_JS})(key).dataset.playing === 'false'",
        arg=pb.locator_key("dqn.replay"),
        timeout=120_000,
    )
    shown = pb.recorded(page)
    assert shown[0] == 0 and shown[-1] == n - 1, shown
    assert all(a < b for a, b in zip(shown, shown[1:], strict=False)), shown
    assert len(shown) >= 0.9 * n, (len(shown), n)
    assert_clean(page, page.console_errors)


def test_reinforce_trains_and_the_link_reproduces_it(page, browser, app_url) -> None:
    page.goto(f"{app_url}/cartpole-reinforce?env=CartPole-v0&hidden=32&episodes=20&seed=5")
    wait_idle(page)
    train_to_end(page)
    first = returns(page)
    assert len(first) == 20
    assert_clean(page, page.console_errors)
    link = page.url
    with fresh_page(browser, link) as fresh:
        train_to_end(fresh)
        assert returns(fresh) == first
