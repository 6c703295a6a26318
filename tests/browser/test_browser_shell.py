"""Home and basics in Debian's Chromium: navigation, language, stepping, playback, GIF."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from tests.browser import player as pb
from tests.browser.conftest import assert_clean, wait_idle


def test_home_and_basics(page, app_url) -> None:
    page.goto(app_url)
    wait_idle(page)
    assert page.get_by_role("heading", name="Reinforcement learning playground").count() == 1
    assert_clean(page, page.console_errors)

    # Language switch.
    # Each click's run may start a moment later on a busy machine: wait for what it shows.
    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="强化学习游乐场").wait_for()
    wait_idle(page)
    assert page.get_by_role("heading", name="强化学习游乐场").count() == 1
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Reinforcement learning playground").wait_for()
    wait_idle(page)

    # Basics: step by hand on the maze.
    page.locator("[data-testid='stSidebarNav'] a", has_text="Environment basics").click()
    page.wait_for_url(re.compile(r"/basics"))
    wait_idle(page)
    for _ in range(2):
        page.get_by_role("button", name="→", exact=True).click()
        wait_idle(page)
    grid = page.locator("[data-testid='stDataFrame']")
    assert grid.count() == 1
    assert "env.step(1)" in page.locator("[data-testid='stCode']").all_inner_texts().__str__()
    assert "seed=0" in page.url and "env=maze" in page.url

    # Playback: play, then the frame moves on its own, from the first to the last (the
    # newest, where it stood: Play at the end starts again from the first).
    pb.start_recording(page, "basics.replay")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        f"(key) => ({pb.PLAYER_JS})(key).dataset.playing === 'false'",
        arg=pb.locator_key("basics.replay"),
    )
    shown = pb.recorded(page)
    assert 0 in shown and shown[-1] == 2, shown
    wait_idle(page)
    assert_clean(page, page.console_errors)

    # GIF download opens with Pillow and has more than one frame.
    with page.expect_download() as info:
        page.get_by_role("button", name="Download GIF").click()
    data = Path(info.value.path()).read_bytes()
    gif = Image.open(io.BytesIO(data))
    assert gif.format == "GIF" and gif.n_frames == 3

    # A share link opened in a fresh page reproduces the settings.
    page.goto(app_url + "/basics?env=cartpole&seed=7&steps=9999")
    wait_idle(page)
    assert page.get_by_text("steps = 9999 is not allowed here").count() == 1
    page.get_by_role("button", name="Random agent: 500 steps").click()
    wait_idle(page)
    assert_clean(page, page.console_errors)


def test_failed_requests_are_only_external(page, app_url) -> None:
    page.goto(app_url)
    wait_idle(page)
    local = [u for u in page.failed_external if u.startswith(app_url)]
    assert not local, local


def test_front_end_files_come_compressed(page, app_url) -> None:
    """``app.py`` serves Streamlit's front end through webui.frontend_cache: every file
    under /static/ that the browser fetches for a page arrives gzip-compressed (but files
    under 1 kB, which gzip cannot shrink much), and the page works."""
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(app_url + "/maze-td")
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).wait_for()
    scripts = [r for r in responses if "/static/" in r.url and r.url.endswith(".js")]
    assert len(scripts) > 20, len(scripts)
    plain = [r for r in scripts if r.headers.get("content-encoding") != "gzip"]
    large = [r.url for r in plain if len(r.body()) >= 1024]
    assert not large, large
    assert len(plain) < len(scripts) / 2
    for r in scripts[:3]:
        assert r.status == 200
        assert "immutable" in r.headers["cache-control"]
    assert_clean(page, page.console_errors)
