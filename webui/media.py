"""Pictures drawn inline, as ``data:`` URIs inside the page, instead of ``st.image``.

Why: ``st.image`` stores each picture as a media file on the server and sends the browser
its URL. Live views replace their pictures several times a second, and Streamlit deletes a
run's media files once the next run has finished; a browser that is still catching up then
asks for a file that is gone and shows "Image source error" (HTTP 404). A picture that
travels inside the page cannot go missing. The maze and CartPole frames are small PNGs
(10-40 kB), so the extra bytes per redraw are modest.

Encoding a picture as PNG takes longer than recognising it (11 ms against 2 ms for the
5×5 maze at 420 px), and many pictures are the same for every student (a page's maze
before training, in each language): :func:`png_data_uri` keeps the newest
:data:`URI_CACHE_ENTRIES` URIs for the whole server, keyed by the picture's pixels.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.envs.render import CELL_WORDS, cjk_font_path
from playground.frames import timed_gif, to_image

CAPTION_STYLE = (
    "font-size:0.875rem;color:rgba(49,51,63,0.7);text-align:center;"
    "margin-top:0.25rem;line-height:1.4"
)


URI_CACHE_ENTRIES = 64
"""Most encoded pictures kept by :func:`png_data_uri` (a few MB: 10-40 kB each)."""

_KEYED_MODES = ("RGB", "RGBA", "L")
"""Modes whose pixels say everything the PNG holds (a palette image's do not)."""

_URIS: OrderedDict[tuple, str] = OrderedDict()
_URIS_LOCK = threading.Lock()


def png_data_uri(picture: Any) -> str:
    """``data:image/png;base64,...`` for a PIL image or an H×W×3 uint8 array; a picture
    with the same pixels as one encoded lately gets that one's URI without encoding."""
    image = to_image(picture)
    key = None
    if image.mode in _KEYED_MODES and not image.info:  # the pixels are the whole PNG
        digest = hashlib.blake2b(image.tobytes(), digest_size=16).digest()
        key = (image.mode, image.size, digest)
        with _URIS_LOCK:
            uri = _URIS.get(key)
            if uri is not None:
                _URIS.move_to_end(key)
                return uri
    uri = "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")
    if key is None:
        return uri
    with _URIS_LOCK:
        _URIS[key] = uri
        while len(_URIS) > URI_CACHE_ENTRIES:
            _URIS.popitem(last=False)
    return uri


def png_bytes(picture: Any) -> bytes:
    """``picture`` as a PNG file, lossless.

    An RGB picture without extra info is written here with one filter for every row,
    "Up" (each byte minus the one above it; maze and CartPole frames are mostly flat
    colour, so that leaves mostly zeros), and zlib at level 3: a 640-px maze frame takes
    a few ms and about 32 kB. Pillow tries every filter on every row and took 20-25 ms
    for it, most of a live page's redraw (``benchmarks/app_latency.py``). Other pictures
    go through Pillow.
    """
    image = to_image(picture)
    if image.mode != "RGB" or image.info:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    pixels = np.asarray(image)
    height, width, _ = pixels.shape
    flat = pixels.reshape(height, width * 3)
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 2  # each row's filter byte: 2 is "Up"
    rows[0, 0] = 0  # the first row has none above it: "None"
    rows[0, 1:] = flat[0]
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])  # modulo 256, as PNG wants
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 3)),
            _png_chunk(b"IEND", b""),
        )
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def image(picture: Any, *, caption: str | None = None, width: int | str = "content") -> None:
    """Show ``picture`` with an optional caption, like ``st.image`` (see the module doc):
    a PIL image, an H×W×3 uint8 array, or its :func:`png_data_uri`.

    ``width``: ``"content"`` (natural size, shrunk to the column), ``"stretch"`` (the
    column's width) or a number of pixels.
    """
    _figure(picture if isinstance(picture, str) else png_data_uri(picture), caption, width)


def animation(gif: bytes, *, caption: str | None = None, width: int | str = "content") -> None:
    """Show an animated GIF (``gif`` as encoded bytes) like :func:`image`."""
    _figure("data:image/gif;base64," + base64.b64encode(gif).decode("ascii"), caption, width)


def play(
    frame: Callable[[int], Any],
    n_frames: int,
    *,
    seconds: float,
    caption: str | None = None,
    width: int | str = "content",
) -> None:
    """``frame(0 … n_frames-1)`` as an animation that plays once in about ``seconds``."""
    animation(timed_gif(frame, n_frames, seconds), caption=caption, width=width)


def _figure(source: str, caption: str | None, width: int | str) -> None:
    if width == "stretch":
        size = "width:100%;height:auto"
    elif isinstance(width, int):
        size = f"width:{width}px;max-width:100%;height:auto"
    else:
        size = "max-width:100%;height:auto"
    alt = html.escape(caption or "", quote=True)
    text = (
        f'<figcaption style="{CAPTION_STYLE}">{html.escape(caption)}</figcaption>'
        if caption
        else ""
    )
    st.html(
        f'<figure class="pg-picture" style="margin:0;text-align:center">'
        f'<img src="{source}" alt="{alt}" style="{size}"/>{text}</figure>'
    )


def cell_words() -> dict[str, str]:
    """The words maze and grid pictures write on the start, goal and hole cells, in the
    page's language; English on a machine without a font for Chinese (the core's
    :func:`~playground.envs.render.cjk_font_path`), where they would be empty boxes."""
    words = {kind: webui.t(f"common.cell_{kind}") for kind in CELL_WORDS}
    if cjk_font_path() is None and not all(w.isascii() for w in words.values()):
        return dict(CELL_WORDS)
    return words
