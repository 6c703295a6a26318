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
the same. With ``shared=True`` the caller promises that ``source`` names the frames
whatever the session (built from what they are drawn from, never from an object's
``id``): they are then also kept in :data:`SHARED`, a bounded cache of the server
process, so the next student opening the same picture gets the same encoded bytes
without drawing them (the policy page's random walk: 0.8 s of drawing and encoding on
every student's first visit before). The GIF is encoded only when its button is clicked
(``playground.frames.frames_to_gif``). At most :data:`MAX_FRAMES` frames are shown;
callers should cap what they keep (``playground.episodes.FRAME_CAP``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
from collections import OrderedDict
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

SHARED_MAX_ENTRIES = 32
"""Most sets of encoded frames kept for every session (:data:`SHARED`)."""

SHARED_MAX_BYTES = 48 * 2**20
"""Most bytes of data URIs kept in :data:`SHARED`: a 171-frame walk on the 5×5 maze is
about 1 MB, a 501-frame CartPole episode a few MB; a server has about 1 GB."""


class SharedFrames:
    """Encoded frames shared by the sessions of the server process: a least-recently-used
    cache bounded in entries and in bytes, safe across the sessions' threads.

    The key must say everything the frames are drawn from (the player's key, its
    ``source`` with the language, the first frame and the count): two keys never share
    frames. While one session encodes a key, others asking for it wait for its result
    instead of encoding it again (a class opening the same link together).
    """

    def __init__(self, max_entries: int = SHARED_MAX_ENTRIES, max_bytes: int = SHARED_MAX_BYTES):
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[HeldFrames, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, list[Any]] = {}  # key -> [lock, sessions using it]

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        """Bytes of the data URIs held."""
        return self._bytes

    def get(self, key: Hashable) -> HeldFrames | None:
        """The frames kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: Hashable, held: HeldFrames) -> None:
        """Keep ``held`` under ``key``, dropping the least recently used beyond the bounds;
        a set larger than :attr:`max_bytes` alone is not kept."""
        size = sum(map(len, held.uris))
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes or self.max_entries < 1:
                return
            self._entries[key] = (held, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def get_or_make(self, key: Hashable, make: Callable[[], HeldFrames]) -> HeldFrames:
        """The frames under ``key``, made by ``make()`` and kept if absent; one session
        makes them while the others asking for the same key wait."""
        held = self.get(key)
        if held is not None:
            return held
        with self._lock:
            making = self._making.setdefault(key, [threading.Lock(), 0])
            making[1] += 1
        try:
            with making[0]:
                held = self.get(key)
                if held is None:
                    held = make()
                    self.put(key, held)
                return held
        finally:
            with self._lock:
                making[1] -= 1
                if not making[1]:
                    del self._making[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


SHARED = SharedFrames()
"""The server process's shared frames (see ``shared`` in :func:`player`)."""


RENDERERS_KEPT = 4
"""Idle CartPole renderers the process keeps per version for the next frames."""

_renderers: dict[str, list[CartPoleRenderer]] = {}
_renderers_lock = threading.Lock()


def cartpole_frame(env_id: str, observation: Any) -> Any:
    """CartPole ``env_id`` drawn at ``observation``.

    A renderer draws one frame at a time (it sets its environment's state, then renders).
    Frames are drawn in script runs and in a GIF download's callable, which Streamlit
    runs on click in a thread of its own, outside any session: there ``st.session_state``
    is one object for every such thread, and each read logged "missing ScriptRunContext".
    So a frame borrows an idle renderer of the process (or makes one) and gives it back;
    up to :data:`RENDERERS_KEPT` per version are kept."""
    with _renderers_lock:
        idle = _renderers.setdefault(env_id, [])
        renderer = idle.pop() if idle else None
    if renderer is None:
        renderer = CartPoleRenderer(env_id)
    try:
        return renderer.frame(observation)
    finally:
        with _renderers_lock:
            kept = len(idle) < RENDERERS_KEPT
            if kept:
                idle.append(renderer)
        if not kept:
            renderer.close()


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


def encode_frames(
    get: Callable[[int], Frame], n: int, key: Callable[[int], Hashable] | None = None
) -> tuple[list[str], str, list[int] | None]:
    """``n`` frames as PNG data URIs, a digest that names them, and which URI each frame
    shows: ``(uris, digest, order)``, frame ``i`` being ``uris[order[i]]``.

    ``key(i)`` names frame ``i``'s picture: frames with equal keys are one picture, drawn,
    encoded and sent once (a maze walk shows far fewer pictures than steps: the agent's
    cell and the cells visited so far). Without ``key`` every frame is its own picture and
    ``order`` is None (``uris[i]`` is frame ``i``).
    """
    digest = hashlib.blake2b(digest_size=12)
    uris: list[str] = []
    order: list[int] = []
    seen: dict[Hashable, int] = {}
    for i in range(n):
        name = key(i) if key is not None else i
        if name not in seen:
            data = _png(get(i))
            digest.update(data)
            seen[name] = len(uris)
            uris.append("data:image/png;base64," + base64.b64encode(data).decode("ascii"))
        order.append(seen[name])
    if key is None:
        return uris, digest.hexdigest(), None
    digest.update(repr(order).encode("ascii"))
    return uris, digest.hexdigest(), order


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
    shared: bool = False,
    frame_key: Callable[[int], Hashable] | None = None,
    words: bool = True,
) -> None:
    """Render the player for ``n_frames`` frames; see the module docstring.

    ``width``: ``"content"`` (natural size, shrunk to the column), ``"stretch"`` (the
    column's width) or a number of pixels. ``shared``: ``source`` names the frames in
    every session (no object ids in it), so they are kept for every session too.
    ``frame_key(i)`` (``i`` as ``frame`` takes it) names frame ``i``'s picture: frames
    with equal keys are drawn, encoded and sent once (see :func:`encode_frames`).
    ``words=False``: the pictures hold no text, so one set of frames serves every
    language (switching language does not draw and encode them again).
    """
    n = max(0, min(int(n_frames), MAX_FRAMES))
    offset = max(0, int(n_frames) - n)
    if n == 0:
        st.caption(webui.t("common.no_frames"))
        return

    def get(i: int) -> Frame:
        return frame(offset + i) if callable(frame) else frame[offset + i]

    key_of = None if frame_key is None else (lambda i: frame_key(offset + i))

    if source is not None and words:  # words on a picture (起点 / start): a set per language
        source = (source, webui.lang())
    cache_key = f"_pb.{key}.frames"
    held = st.session_state.get(cache_key)
    if (
        source is not None
        and isinstance(held, HeldFrames)
        and (held.source, held.offset, held.n) == (source, offset, n)
    ):
        uris, digest, order = held.uris, held.digest, held.order
    elif source is not None and shared:
        shared_key = (key, source, offset, n)
        made = SHARED.get(shared_key)
        if made is None:
            with st.spinner(webui.t("common.drawing_frames", n=n)):
                made = SHARED.get_or_make(
                    shared_key,
                    lambda: HeldFrames(source, offset, n, *encode_frames(get, n, key_of)),
                )
        st.session_state[cache_key] = made
        uris, digest, order = made.uris, made.digest, made.order
    else:
        with st.spinner(webui.t("common.drawing_frames", n=n)):
            uris, digest, order = encode_frames(get, n, key_of)
        if source is not None:
            st.session_state[cache_key] = HeldFrames(source, offset, n, uris, digest, order)
        else:
            st.session_state.pop(cache_key, None)
    start = int(st.session_state.get(f"_pb.{key}.start", 0))
    start = min(max(start + n if start < 0 else start, 0), n - 1)
    _COMPONENT(
        key=f"_pb.{key}",
        data={
            "id": f"{digest}.{start}",
            "frames": uris,
            **({} if order is None else {"order": order}),
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
