"""webui.playback.player through AppTest: what the browser player is given, the frame cap,
and frames encoded once per source."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception, open_page, players
from webui.i18n import TEXT

EN = TEXT["en"]


def _script() -> None:
    import numpy as np
    import streamlit as st

    from webui import playback

    n = int(st.session_state.get("n", 3))
    drawn = st.session_state.setdefault("drawn", [])
    if "jump" in st.session_state:
        playback.set_frame("demo", st.session_state.pop("jump"))

    def frame(i: int) -> np.ndarray:
        drawn.append(i)
        return np.full((4, 6, 3), i % 256, dtype=np.uint8)

    playback.player(
        "demo",
        n_frames=n,
        frame=frame,
        caption=lambda i: f"t = {i}",
        fps=25,
        source=st.session_state.get("source"),
    )


def _run(**state) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert_no_exception(at)
    return at


def test_every_frame_and_caption_goes_to_the_browser_player() -> None:
    at = _run(n=3)
    (demo,) = players(at)
    assert len(demo["frames"]) == 3 and all(
        f.startswith("data:image/png;base64,") for f in demo["frames"]
    )
    assert demo["captions"] == ["t = 0", "t = 1", "t = 2"]
    assert demo["fps"] == 25 and demo["start"] == 0
    assert demo["labels"]["speed"] == EN["common.speed"]
    assert [d.proto.label for d in at.get("download_button")] == [EN["common.download_gif"]]


def test_beyond_the_cap_the_last_frames_are_kept() -> None:
    from webui.playback import MAX_FRAMES

    at = _run(n=MAX_FRAMES + 10)
    (demo,) = players(at)
    assert len(demo["frames"]) == MAX_FRAMES
    assert demo["captions"][0] == "t = 10" and demo["captions"][-1] == f"t = {MAX_FRAMES + 9}"
    shown = EN["common.frames_capped"].format(shown=MAX_FRAMES, total=MAX_FRAMES + 10)
    assert shown in [c.value for c in at.caption]


def test_frames_are_drawn_once_per_source() -> None:
    at = _run(n=4, source=("episode", 1))
    first = players(at)[0]
    at.run()
    assert at.session_state["drawn"] == [0, 1, 2, 3]  # the rerun reused them
    assert players(at)[0]["id"] == first["id"]  # so the browser keeps its place
    at.session_state["source"] = ("episode", 2)
    at.run()
    assert at.session_state["drawn"] == [0, 1, 2, 3] * 2
    # Without a source, every run draws them again.
    plain = _run(n=2)
    plain.run()
    assert plain.session_state["drawn"] == [0, 1, 0, 1]


def test_set_frame_picks_the_starting_frame() -> None:
    at = _run(n=5, jump=-1)
    assert players(at)[0]["start"] == 4
    first = players(at)[0]["id"]
    at.session_state["jump"] = 2
    at.run()
    assert players(at)[0]["start"] == 2 and players(at)[0]["id"] != first


def test_walk_frames_are_drawn_again_after_a_language_switch() -> None:
    """The cached frames of a player carry the maze's words (start / 起点): switching the
    language must not keep showing the other language's pictures."""
    at = open_page("app_pages/maze_policy.py")
    english = players(at)[0]["frames"]
    at.segmented_control(key="_w.lang").set_value("zh").run()
    chinese = players(at)[0]["frames"]
    assert len(chinese) == len(english) and chinese[0] != english[0]
