"""Frames of an episode as pictures: Pillow images, frame strips and animated GIFs.

Pure functions from frames (``env.render()`` arrays or Pillow images) to images or GIF
bytes. No chart library: the maze renderer (:mod:`playground.envs.render`) and the
live views use these, and so can a notebook.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image

GIF_MAX_FRAMES = 300
"""Most frames written to one GIF; longer episodes are subsampled evenly (ends kept)."""

GIF_MAX_SIDE = 360
"""GIF frames are scaled down so their longer side is at most this many pixels."""


def _evenly(n: int, limit: int) -> list[int]:
    """Up to ``limit`` indices spread evenly over ``range(n)``, first and last included."""
    if n <= limit:
        return list(range(n))
    return sorted({round(i * (n - 1) / (limit - 1)) for i in range(limit)})


def _fit(image: Image.Image, max_side: int) -> Image.Image:
    image = image.convert("RGB")
    scale = max_side / max(image.size)
    if scale < 1:
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        )
    return image


def to_image(frame: Image.Image | np.ndarray) -> Image.Image:
    """A PIL image from a frame (``env.render()`` arrays are H×W×3 uint8)."""
    if isinstance(frame, Image.Image):
        return frame
    return Image.fromarray(np.asarray(frame, dtype=np.uint8))


def frames_to_gif(
    frames: Sequence[Image.Image | np.ndarray] | Callable[[int], Image.Image],
    fps: float = 5.0,
    *,
    n_frames: int | None = None,
    max_side: int = GIF_MAX_SIDE,
    max_frames: int = GIF_MAX_FRAMES,
) -> bytes:
    """Encode frames as an animated, looping GIF (Pillow).

    Args:
        frames: Images or H×W×3 arrays, or a function ``frame(i)`` with ``n_frames``.
        fps: Frames per second of the animation.
        max_side: Frames are scaled down to this longer side (smaller files).
        max_frames: More frames than this are subsampled evenly (:data:`GIF_MAX_FRAMES`).

    Raises:
        ValueError: If there is no frame.
    """
    count = len(frames) if n_frames is None and not callable(frames) else n_frames
    if not count:
        raise ValueError("a GIF needs at least one frame")

    def get(i: int) -> Image.Image:
        return to_image(frames(i) if callable(frames) else frames[i])

    images = [_fit(get(i), max_side) for i in _evenly(count, max_frames)]
    # One shared palette, taken from a sample of frames, keeps colours stable from frame to
    # frame (no flicker) and still covers colours that appear only later in the episode.
    sample = [images[i] for i in _evenly(len(images), 8)]
    montage = Image.new("RGB", (max(im.width for im in sample), sum(im.height for im in sample)))
    y = 0
    for im in sample:
        montage.paste(im, (0, y))
        y += im.height
    palette = montage.quantize(colors=255, method=Image.Quantize.MEDIANCUT)
    paletted = [im.quantize(palette=palette, dither=Image.Dither.NONE) for im in images]
    buffer = io.BytesIO()
    paletted[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=max(20, round(1000 / max(fps, 0.1))),
        loop=0,
        optimize=False,
        disposal=1,
    )
    return buffer.getvalue()


WATCH_FRAMES = 40
"""Most frames of an episode played while it trains (longer episodes are subsampled)."""


def timed_gif(
    frame: Callable[[int], Image.Image],
    n_frames: int,
    seconds: float,
    *,
    max_frames: int = WATCH_FRAMES,
    max_side: int = GIF_MAX_SIDE,
) -> bytes:
    """An animated GIF of ``frame(0 … n_frames-1)`` that plays once in about ``seconds``
    (at most ``max_frames`` frames, evenly spaced, first and last included)."""
    shown = min(int(n_frames), max_frames)
    return frames_to_gif(
        frame,
        fps=max(shown, 1) / max(seconds, 0.1),
        n_frames=n_frames,
        max_frames=max_frames,
        max_side=max_side,
    )


def frame_strip(
    frames: Sequence[Image.Image | np.ndarray], count: int = 6, *, height: int = 120, gap: int = 6
) -> Image.Image:
    """``count`` evenly spaced frames side by side in one image (a static summary)."""
    if not frames:
        raise ValueError("a frame strip needs at least one frame")
    picks = [to_image(frames[i]).convert("RGB") for i in _evenly(len(frames), max(1, count))]
    thumbs = [im.resize((max(1, round(im.width * height / im.height)), height)) for im in picks]
    strip = Image.new(
        "RGB", (sum(t.width for t in thumbs) + gap * (len(thumbs) - 1), height), "white"
    )
    x = 0
    for thumb in thumbs:
        strip.paste(thumb, (x, 0))
        x += thumb.width + gap
    return strip
