"""Frame playback: one image, a frame slider, play/pause and a GIF download.

Usage::

    from webui import playback

    playback.player(
        "basics.replay",                  # page-namespaced key
        n_frames=recorder.n_frames,
        frame=recorder.frame,             # frame(i) -> PIL image (or a list of images)
        caption=lambda i: f"t = {i}",     # optional text under each frame
        fps=5,
        gif_name="episode.gif",
    )

Only one picture (``webui.media.image``) is ever on the page: while playing, a fragment reruns itself every
``1/fps`` seconds and swaps the image. The GIF is encoded only when the download button is
clicked (``playground.figures.frames_to_gif``). At most :data:`MAX_FRAMES` frames are shown;
callers should cap what they keep (``playground.episodes.FRAME_CAP``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st
from PIL import Image

import webui
from playground.cartpole import CartPoleRenderer
from playground.figures import frames_to_gif, to_image
from webui import media

MAX_FRAMES = 1_000
"""Most frames the player will page through (the last ones are shown beyond that)."""


def _keys(key: str) -> tuple[str, str, str]:
    return f"_pb.{key}.index", f"_pb.{key}.playing", f"_w._pb.{key}.slider"


def cartpole_frame(env_id: str, observation: Any) -> Any:
    """CartPole ``env_id`` drawn at ``observation``; one renderer per version, kept in the
    session and shared by every CartPole page."""
    renderers = st.session_state.setdefault("_pb.cartpole_renderers", {})
    if env_id not in renderers:
        renderers[env_id] = CartPoleRenderer(env_id)
    return renderers[env_id].frame(observation)


def set_frame(key: str, index: int) -> None:
    """Show frame ``index`` next time (e.g. jump to the newest frame after a step)."""
    index_key, _, _ = _keys(key)
    st.session_state[index_key] = int(index)


def player(
    key: str,
    *,
    n_frames: int,
    frame: Callable[[int], Image.Image | Any] | Sequence[Image.Image | Any],
    caption: Callable[[int], str] | None = None,
    fps: float = 5.0,
    gif_name: str = "episode.gif",
    width: int | str = "content",
) -> None:
    """Render the player for ``n_frames`` frames; see the module docstring."""
    index_key, playing_key, slider_key = _keys(key)
    n = max(0, min(int(n_frames), MAX_FRAMES))
    offset = max(0, int(n_frames) - n)
    if n == 0:
        st.caption(webui.t("common.no_frames"))
        return
    state = st.session_state
    state[index_key] = min(max(int(state.get(index_key, 0)), 0), n - 1)
    playing = bool(state.get(playing_key, False)) and n > 1

    def get(i: int) -> Image.Image:
        return to_image(frame(offset + i) if callable(frame) else frame[offset + i])

    def on_slide() -> None:
        state[index_key] = state[slider_key]
        state[playing_key] = False

    def toggle() -> None:
        if not state.get(playing_key) and state[index_key] >= n - 1:
            state[index_key] = 0  # play again from the start
        state[playing_key] = not state.get(playing_key, False)

    @st.fragment(run_every=1.0 / fps if playing else None, key=f"_pb_fragment.{key}")
    def _view() -> None:
        is_playing = bool(state.get(playing_key, False))
        if is_playing and state.get("_pb_ticked." + key):
            if state[index_key] < n - 1:
                state[index_key] += 1
            else:
                state[playing_key] = False
                is_playing = False
        state["_pb_ticked." + key] = is_playing
        i = state[index_key]
        media.image(get(i), caption=caption(offset + i) if caption else None, width=width)
        cols = st.columns([1, 4], vertical_alignment="center")
        cols[0].button(
            webui.t("common.pause_playback" if is_playing else "common.play"),
            key=f"_pb.{key}.toggle",
            icon=":material/pause:" if is_playing else ":material/play_arrow:",
            on_click=toggle,
            disabled=n < 2,
            width="stretch",
        )
        if n > 1:
            state[slider_key] = i
            cols[1].slider(
                webui.t("common.frame"),
                min_value=0,
                max_value=n - 1,
                key=slider_key,
                on_change=on_slide,
                label_visibility="collapsed",
            )
        if offset:
            st.caption(webui.t("common.frames_capped", shown=n, total=int(n_frames)))
        if is_playing != playing:
            # Play/pause changes the fragment's timer, which only a full run re-registers.
            st.rerun()

    _view()
    st.download_button(
        webui.t("common.download_gif"),
        data=lambda: frames_to_gif(get, fps, n_frames=n),
        file_name=gif_name,
        mime="image/gif",
        key=f"_pb.{key}.gif",
        icon=":material/download:",
        on_click="ignore",
        disabled=n < 2,
    )
