"""Frame playback: a player that runs in the browser, and a GIF download.

Usage::

    from webui import playback

    playback.player(
        "basics.replay",                  # page-namespaced key
        n_frames=recorder.n_frames,
        frame=recorder.png,               # frame(i) -> PIL image, H×W×3 array or PNG bytes
        caption=lambda i: f"t = {i}",     # optional text under each frame
        fps=5,
        gif_name="episode.gif",
        source=episode_id,                # optional: same source, same frames (see below)
    )

Every frame is sent to the browser once per script run, as an inline PNG, with its
caption; the player (``webui/player.js``, a ``st.components.v2`` component) plays them
there at ``fps`` × the chosen speed (¼×, ½×, 1×, 2×), with Play/Pause, Prev/Next and a
frame slider. No script run happens while it plays, so every frame is shown whatever the
server's load: a server rerun per frame could not keep up with CartPole's 25 fps.

Drawing and encoding hundreds of frames takes seconds, so with a hashable ``source`` the
encoded frames are kept in the session and reused while ``source`` and ``n_frames`` stay
the same. The GIF is encoded only when its button is clicked
(``playground.frames.frames_to_gif``). At most :data:`MAX_FRAMES` frames are shown;
callers should cap what they keep (``playground.episodes.FRAME_CAP``).
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

import streamlit as st
from PIL import Image

import webui
from playground.cartpole import CartPoleRenderer
from playground.frames import frames_to_gif, to_image
from webui.held import HeldFrames

MAX_FRAMES = 501
"""Most frames the player holds (the last ones are shown beyond that): a whole CartPole-v1
episode. Every frame is drawn and encoded before the page shows the player, so this
bounds that wait and the bytes sent."""

_HERE = Path(__file__).parent
_COMPONENT = st.components.v2.component(
    "rl_playground.frame_player",
    css=(_HERE / "player.css").read_text(encoding="utf-8"),
    js=(_HERE / "player.js").read_text(encoding="utf-8"),
)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Frame = Image.Image | bytes | Any


def cartpole_frame(env_id: str, observation: Any) -> Any:
    """CartPole ``env_id`` drawn at ``observation``; one renderer per version, kept in the
    session and shared by every CartPole page."""
    renderers = st.session_state.setdefault("_pb.cartpole_renderers", {})
    if env_id not in renderers:
        renderers[env_id] = CartPoleRenderer(env_id)
    return renderers[env_id].frame(observation)


def set_frame(key: str, index: int) -> None:
    """Start the player on frame ``index`` from the next script run on (e.g. the newest
    frame after a step); negative ``index`` counts from the end. The browser keeps the
    frame it is on while neither the frames nor this start change."""
    st.session_state[f"_pb.{key}.start"] = int(index)


def _png(picture: Frame) -> bytes:
    if isinstance(picture, bytes) and picture.startswith(_PNG_SIGNATURE):
        return picture
    buffer = io.BytesIO()
    # A 256-colour palette halves the bytes of these flat drawings and is no slower to
    # encode than RGB (only anti-aliased edges shift, by a few levels); zlib level 1 is
    # several times faster than the default.
    image = to_image(picture).convert("RGB").quantize(256, method=Image.Quantize.FASTOCTREE)
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def _image(picture: Frame) -> Image.Image:
    if isinstance(picture, bytes):
        return Image.open(io.BytesIO(picture)).convert("RGB")
    return to_image(picture)


def encode_frames(get: Callable[[int], Frame], n: int) -> tuple[list[str], str]:
    """``n`` frames as PNG data URIs, and a digest that names them."""
    digest = hashlib.blake2b(digest_size=12)
    uris = []
    for i in range(n):
        data = _png(get(i))
        digest.update(data)
        uris.append("data:image/png;base64," + base64.b64encode(data).decode("ascii"))
    return uris, digest.hexdigest()


def player(
    key: str,
    *,
    n_frames: int,
    frame: Callable[[int], Frame] | Sequence[Frame],
    caption: Callable[[int], str] | None = None,
    fps: float = 5.0,
    gif_name: str = "episode.gif",
    width: int | str = "content",
    source: Hashable | None = None,
) -> None:
    """Render the player for ``n_frames`` frames; see the module docstring.

    ``width``: ``"content"`` (natural size, shrunk to the column), ``"stretch"`` (the
    column's width) or a number of pixels.
    """
    n = max(0, min(int(n_frames), MAX_FRAMES))
    offset = max(0, int(n_frames) - n)
    if n == 0:
        st.caption(webui.t("common.no_frames"))
        return

    def get(i: int) -> Frame:
        return frame(offset + i) if callable(frame) else frame[offset + i]

    if source is not None:  # frames may carry words (起点 / start): one set per language
        source = (source, webui.lang())
    cache_key = f"_pb.{key}.frames"
    held = st.session_state.get(cache_key)
    if (
        source is not None
        and isinstance(held, HeldFrames)
        and (held.source, held.offset, held.n) == (source, offset, n)
    ):
        uris, digest = held.uris, held.digest
    else:
        with st.spinner(webui.t("common.drawing_frames", n=n)):
            uris, digest = encode_frames(get, n)
        if source is not None:
            st.session_state[cache_key] = HeldFrames(source, offset, n, uris, digest)
        else:
            st.session_state.pop(cache_key, None)
    start = int(st.session_state.get(f"_pb.{key}.start", 0))
    start = min(max(start + n if start < 0 else start, 0), n - 1)
    _COMPONENT(
        key=f"_pb.{key}",
        data={
            "id": f"{digest}.{start}",
            "frames": uris,
            "captions": [caption(offset + i) for i in range(n)] if caption else [],
            "fps": float(fps),
            "start": start,
            "width": width,
            "labels": {
                "play": webui.t("common.play"),
                "pause": webui.t("common.pause_playback"),
                "prev": webui.t("common.prev_frame"),
                "next": webui.t("common.next_frame"),
                "frame": webui.t("common.frame"),
                "speed": webui.t("common.speed"),
            },
        },
        width="stretch",
        height="content",
    )
    if offset:
        st.caption(webui.t("common.frames_capped", shown=n, total=int(n_frames)))
    st.download_button(
        webui.t("common.download_gif"),
        data=lambda: frames_to_gif(lambda i: _image(get(i)), fps, n_frames=n),
        file_name=gif_name,
        mime="image/gif",
        key=f"_pb.{key}.gif",
        icon=":material/download:",
        on_click="ignore",
        disabled=n < 2,
    )
