"""webui.playback.player through AppTest: what the browser player is given, the frame cap,
frames encoded once per source, and frames shared between sessions (``shared=True``)."""

from __future__ import annotations

import logging
import threading

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception, open_page, players
from webui import playback
from webui.i18n import TEXT

EN = TEXT["en"]


@pytest.fixture(autouse=True)
def _no_shared_frames():
    """Each test starts with the process-wide frames cache empty."""
    playback.SHARED.clear()
    yield
    playback.SHARED.clear()


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
        shared=st.session_state.get("shared", False),
        frame_key=st.session_state.get("key"),
    )


def _run(lang: str | None = None, **state) -> AppTest:
    at = AppTest.from_function(_script, default_timeout=60)
    if lang:
        at.session_state["lang"] = lang
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


def test_shared_frames_are_drawn_once_for_every_session_with_the_same_source() -> None:
    first = _run(n=3, source=("walk", 1), shared=True)
    second = _run(n=3, source=("walk", 1), shared=True)  # another session
    assert first.session_state["drawn"] == [0, 1, 2]
    assert second.session_state["drawn"] == []  # encoded by the first session
    assert players(second)[0]["frames"] == players(first)[0]["frames"]
    assert players(second)[0]["id"] == players(first)[0]["id"]
    # Another source, another frame count or another player key never share frames.
    assert _run(n=3, source=("walk", 2), shared=True).session_state["drawn"] == [0, 1, 2]
    assert _run(n=2, source=("walk", 1), shared=True).session_state["drawn"] == [0, 1]
    # Without ``shared`` a session keeps its frames to itself, as before.
    assert _run(n=3, source=("walk", 1)).session_state["drawn"] == [0, 1, 2]


def test_shared_frames_are_kept_per_language() -> None:
    english = _run(n=2, source=("walk", 1), shared=True)
    chinese = _run(n=2, source=("walk", 1), shared=True, lang="zh")
    assert english.session_state["drawn"] == chinese.session_state["drawn"] == [0, 1]
    assert len(playback.SHARED) == 2


def test_policy_page_walk_is_encoded_once_for_the_class(monkeypatch) -> None:
    """Students opening the same link get the walk's frames without drawing them; another
    seed, another layout or the other language draws their own."""
    encoded = []
    encode = playback.encode_frames

    def counting(get, n, key=None):
        encoded.append(n)
        return encode(get, n, key)

    monkeypatch.setattr(playback, "encode_frames", counting)
    page = "app_pages/maze_policy.py"
    first = players(open_page(page, query={"seed": "1"}))[0]
    assert len(encoded) == 1
    again = players(open_page(page, query={"seed": "1"}))[0]
    assert len(encoded) == 1  # the second student's walk came from the shared cache
    assert again["frames"] == first["frames"] and again["captions"] == first["captions"]
    other_seed = players(open_page(page, query={"seed": "2"}))[0]
    other_maze = players(open_page(page, query={"seed": "1", "layout": "maze_5x5"}))[0]
    chinese = players(open_page(page, query={"seed": "1"}, lang="zh"))[0]
    assert len(encoded) == 4
    assert other_seed["frames"] != first["frames"]
    assert other_maze["frames"][0] != first["frames"][0]
    assert chinese["frames"][0] != first["frames"][0]


def test_frames_with_one_key_are_encoded_and_sent_once() -> None:
    """``frame_key``: frames 0, 2 and 4 (key 0) are one picture; the player is given the
    distinct pictures and which one each frame shows."""
    at = _run(n=5, key=lambda i: i % 2)
    demo = players(at)[0]
    assert at.session_state["drawn"] == [0, 1]
    assert len(demo["frames"]) == 2 and demo["order"] == [0, 1, 0, 1, 0]
    assert demo["captions"] == [f"t = {i}" for i in range(5)]
    plain = players(_run(n=5))[0]
    assert "order" not in plain and len(plain["frames"]) == 5
    assert demo["frames"] == plain["frames"][:2] and demo["id"] != plain["id"]


def test_policy_page_sends_each_picture_of_the_walk_once() -> None:
    """The walk's frames as the player shows them (``frames[order[i]]``) are the walk's
    frames drawn one by one, and fewer pictures are sent than there are frames."""
    from playground.envs import get_layout
    from playground.envs.render import CELL_WORDS
    from playground.sessions.maze_policy import policy_tables, random_walk, walk_frame
    from webui.policy_views import MAZE_PX

    at = open_page("app_pages/maze_policy.py", query={"seed": "3", "layout": "maze_5x5"})
    walk_player = players(at)[0]
    layout = get_layout("maze_5x5")
    pi = policy_tables(layout).naive
    walk = random_walk(layout, pi, seed=3)
    order = walk_player["order"]
    assert len(order) == len(walk.states) == len(walk_player["captions"])
    assert len(walk_player["frames"]) < len(walk.states) / 2
    words = {kind: EN[f"common.cell_{kind}"] for kind in CELL_WORDS}
    for i in (0, 1, len(order) // 2, len(order) - 1):
        picture = walk_frame(layout, walk, i, pi, size=MAZE_PX, words=words)
        expected = playback.encode_frames(lambda _, picture=picture: picture, 1)[0][0]
        assert walk_player["frames"][order[i]] == expected


def test_cartpole_frames_drawn_for_a_gif_download_read_no_session() -> None:
    # A GIF download's frames are drawn on click in a thread Streamlit starts outside any
    # session (a deferred download): reading st.session_state there logged "missing
    # ScriptRunContext" once a frame and handed every such thread one shared object.
    logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    observations = [[0.0, 0.0, 0.1, 0.0], [1.0, 0.0, -0.1, 0.0]]
    drawn: list = []
    logger.addHandler(handler)
    try:
        thread = threading.Thread(
            target=lambda: drawn.extend(
                playback.cartpole_frame("CartPole-v1", o) for o in observations
            )
        )
        thread.start()
        thread.join()
    finally:
        logger.removeHandler(handler)
    assert [r.getMessage() for r in records if "ScriptRunContext" in r.getMessage()] == []
    first, second = drawn
    assert first.shape == (400, 600, 3) and (first != second).any()
    again = playback.cartpole_frame("CartPole-v1", observations[0])  # a kept renderer
    assert (again == first).all()
