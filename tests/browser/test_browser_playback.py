"""The frame player (webui/player.js) in Debian's Chromium: it plays every frame, in order,
to the end, at each speed; Prev/Next/slider step; it fits the page; its text is translated."""

from __future__ import annotations

from tests.browser import player as pb
from tests.browser.conftest import assert_clean, wait_idle

# Seed 1897: the random agent keeps the pole up for 111 steps, so 40 steps give 41 frames
# of CartPole, played at 25 fps (1.6 s at 1×; the test plays them four times).
STEPS = 40
BASICS = f"/basics?env=cartpole&seed=1897&steps={STEPS}"
BASICS_KEY = "basics.replay"
N_FRAMES = STEPS + 1
PLAY_TIMEOUT_MS = 120_000

NO_HORIZONTAL_SCROLL = """() => {
  const doc = document.documentElement;
  const main = document.querySelector("[data-testid='stMain']");
  return doc.scrollWidth <= doc.clientWidth && main.scrollWidth <= main.clientWidth;
}"""


def play_and_record(page, key: str) -> list[int]:
    """Press Play on player ``key`` and note the frame on screen at every paint until it stops."""
    pb.start_recording(page, key)
    pb.player(page, key).get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"(key) => ({pb.PLAYER_JS})(key).dataset.playing === 'false'",
        arg=pb.locator_key(key),
        timeout=PLAY_TIMEOUT_MS,
    )
    return pb.recorded(page)


def test_cartpole_playback_shows_every_frame_at_every_speed(page, app_url) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url + BASICS)
    wait_idle(page)
    page.get_by_role("button", name=f"Random agent: {STEPS} steps").click()
    wait_idle(page)
    player = pb.player(page, BASICS_KEY)
    player.wait_for()
    assert pb.state(page, BASICS_KEY)["frame"] == str(N_FRAMES - 1)  # the newest frame
    slider = player.locator("input[type='range']")
    assert slider.get_attribute("max") == str(N_FRAMES - 1)

    for speed in ("1×", "2×", "½×"):
        player.get_by_role("button", name=speed, exact=True).click()
        assert pb.state(page, BASICS_KEY)["speed"] == {"1×": "1", "2×": "2", "½×": "0.5"}[speed]
        slider.press("Home")
        assert pb.state(page, BASICS_KEY)["frame"] == "0"
        shown = play_and_record(page, BASICS_KEY)
        assert shown[0] == 0 and shown[-1] == N_FRAMES - 1, (speed, shown)
        assert all(a < b for a, b in zip(shown, shown[1:], strict=False)), (speed, shown)
        assert len(shown) >= 0.9 * N_FRAMES, (speed, len(shown), shown)
        assert player.locator("figcaption").inner_text() == f"t = {N_FRAMES - 1}"

    # Step back and forth; Play at the end starts again from the first frame.
    player.get_by_role("button", name="Previous frame").click()
    assert pb.state(page, BASICS_KEY)["frame"] == str(N_FRAMES - 2)
    assert player.locator("figcaption").inner_text() == f"t = {N_FRAMES - 2}"
    player.get_by_role("button", name="Next frame").click()
    assert pb.state(page, BASICS_KEY)["frame"] == str(N_FRAMES - 1)
    assert player.get_by_role("button", name="Next frame").is_disabled()
    player.get_by_role("button", name="2×", exact=True).click()
    shown = play_and_record(page, BASICS_KEY)
    assert shown[-1] == N_FRAMES - 1 and 0 in shown[:2], shown

    # The player fits the page at both widths.
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    main = page.locator("[data-testid='stMain']").bounding_box()
    box = player.bounding_box()
    assert box["x"] + box["width"] <= main["x"] + main["width"]
    assert_clean(page, page.console_errors)

    # Chinese labels.
    page.goto(app_url + BASICS + "&lang=zh")
    wait_idle(page)
    player.wait_for()
    assert player.get_by_role("button", name="播放").count() == 1
    assert player.get_by_role("button", name="上一帧").count() == 1
    assert "速度" in player.inner_text()


def test_maze_walk_plays_frame_by_frame_and_pauses(page, app_url) -> None:
    key = "mp.walk"
    page.goto(app_url + "/maze-policy?layout=maze_5x5&seed=0")
    wait_idle(page)
    player = pb.player(page, key)
    player.wait_for()
    assert pb.state(page, key)["frame"] == "0"
    n = int(player.locator("input[type='range']").get_attribute("max")) + 1
    assert n > 12
    player.get_by_role("button", name="2×", exact=True).click()
    pb.start_recording(page, key)
    player.get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"(key) => Number(({pb.PLAYER_JS})(key).dataset.frame) >= 12",
        arg=pb.locator_key(key),
        timeout=PLAY_TIMEOUT_MS,
    )
    player.get_by_role("button", name="Pause").click()
    shown = pb.recorded(page)
    state = pb.state(page, key)
    assert state["playing"] == "false"
    assert shown == list(range(0, int(state["frame"]) + 1)), shown
    assert_clean(page, page.console_errors)
