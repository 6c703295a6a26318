"""Figures shared by the pages: plotly charts and Pillow frame helpers.

Pure functions from data to a ``plotly.graph_objects.Figure`` or to bytes; no Streamlit,
no text lookups (pages pass translated titles). Every chart has axis titles, and a legend
whenever it shows more than one trace, so a screenshot reads on its own.

Example::

    >>> from playground import figures
    >>> fig = figures.line_chart({"steps": [12, 9, 6, 6]}, x_title="episode", y_title="steps",
    ...                          optimum=6, optimum_label="shortest path", moving_average=2)
    >>> [trace.name for trace in fig.data]
    ['steps', 'steps (mean of 2)']
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from PIL import Image

GIF_MAX_FRAMES = 300
"""Most frames written to one GIF; longer episodes are subsampled evenly (ends kept)."""

GIF_MAX_SIDE = 360
"""GIF frames are scaled down so their longer side is at most this many pixels."""

PALETTE = ("#1f6feb", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b")
"""Trace colours, readable on a projector; the optimum/solved lines use grey and green."""

FONT_SIZE = 15


def _base_layout(
    fig: go.Figure, *, title: str | None, x_title: str, y_title: str, height: int
) -> go.Figure:
    fig.update_layout(
        title={"text": title} if title else None,
        height=height,
        margin={"l": 60, "r": 20, "t": 50 if title else 20, "b": 55},
        font={"size": FONT_SIZE},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1.0},
        xaxis_title=x_title,
        yaxis_title=y_title,
        hovermode="x unified",
    )
    return fig


def trailing_mean(values: Sequence[float] | np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over the last ``window`` values (fewer at the start), same length.

    >>> trailing_mean([1, 2, 3, 4], 2).tolist()
    [1.0, 1.5, 2.5, 3.5]
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return data
    window = max(1, int(window))
    sums = np.cumsum(np.insert(data, 0, 0.0))
    idx = np.arange(1, data.size + 1)
    lo = np.maximum(0, idx - window)
    return (sums[idx] - sums[lo]) / (idx - lo)


def line_chart(
    series: Mapping[str, Sequence[float] | np.ndarray],
    *,
    x: Sequence[float] | np.ndarray | None = None,
    x_title: str,
    y_title: str,
    title: str | None = None,
    optimum: float | None = None,
    optimum_label: str = "optimum",
    solved: float | None = None,
    solved_label: str = "solved",
    moving_average: int | None = None,
    log_y: bool = False,
    height: int = 340,
) -> go.Figure:
    """Lines per named series, with optional optimum / solved reference lines.

    Args:
        series: ``{legend name: y values}``; series may have different lengths.
        x: Shared x values (default: 1, 2, … per series - episodes count from 1).
        optimum: Draws a dashed grey horizontal line (e.g. the shortest path, 6 steps).
        solved: Draws a dotted green horizontal line (e.g. CartPole-v1's 475).
        moving_average: Adds a thicker trailing-mean trace per series over this window;
            the raw series is then drawn faint.
        log_y: Log-scale y axis (Σ|Δπ|, losses); non-positive values are left out.
    """
    window = moving_average
    fig = go.Figure()
    for i, (name, values) in enumerate(series.items()):
        y = np.asarray(values, dtype=float)
        xs = np.arange(1, y.size + 1) if x is None else np.asarray(x)[: y.size]
        if log_y:
            y = np.where(y > 0, y, np.nan)
        colour = PALETTE[i % len(PALETTE)]
        faint = window is not None and window > 1
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=y,
                name=name,
                mode="lines+markers" if y.size <= 60 else "lines",
                line={"color": colour, "width": 1 if faint else 2},
                opacity=0.45 if faint else 1.0,
            )
        )
        if faint:
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=trailing_mean(y, window),
                    name=f"{name} (mean of {window})",
                    mode="lines",
                    line={"color": colour, "width": 3},
                )
            )
    if optimum is not None:
        fig.add_hline(
            y=optimum,
            line={"color": "#555555", "dash": "dash", "width": 2},
            annotation_text=optimum_label,
            annotation_position="top left",
        )
    if solved is not None:
        fig.add_hline(
            y=solved,
            line={"color": "#2ca02c", "dash": "dot", "width": 2},
            annotation_text=solved_label,
            annotation_position="top left",
        )
    _base_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)
    if log_y:
        fig.update_yaxes(type="log")
    fig.update_layout(showlegend=len(fig.data) > 1)
    return fig


def heatmap(
    values: np.ndarray | Sequence[Sequence[float]],
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    value_format: str = ".2f",
    colorscale: str = "Blues",
    zmin: float | None = None,
    zmax: float | None = None,
    zmid: float | None = None,
    highlight: tuple[int, int] | None = None,
    colorbar_title: str | None = None,
    height: int | None = None,
) -> go.Figure:
    """A table as a heatmap with each value written in its cell (θ, π, Q tables).

    NaN cells (moves a wall forbids) stay blank and are labelled "–". ``highlight``
    ``(row, col)`` outlines one cell (e.g. the Q value just updated).
    """
    z = np.asarray(values, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D table, got shape {z.shape}")
    if z.shape != (len(y_labels), len(x_labels)):
        raise ValueError(f"labels {len(y_labels)}×{len(x_labels)} do not match table {z.shape}")
    text = [["–" if math.isnan(v) else format(v, value_format) for v in row] for row in z.tolist()]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(x_labels),
            y=list(y_labels),
            text=text,
            texttemplate="%{text}",
            textfont={"size": FONT_SIZE - 2},
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            zmid=zmid,
            hoverongaps=False,
            colorbar={"title": {"text": colorbar_title}} if colorbar_title else None,
            xgap=1,
            ygap=1,
        )
    )
    if highlight is not None:
        row, col = highlight
        fig.add_shape(
            type="rect",
            x0=col - 0.5,
            x1=col + 0.5,
            y0=row - 0.5,
            y1=row + 0.5,
            line={"color": "#d62728", "width": 3},
        )
    _base_layout(
        fig,
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height or max(260, 60 + 34 * z.shape[0]),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top")
    fig.update_layout(hovermode="closest", margin={"t": 70 if title else 45})
    return fig


def bar_chart(
    values: Mapping[str, float],
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    height: int = 300,
) -> go.Figure:
    """Bars for a few named values (e.g. action probabilities)."""
    fig = go.Figure(go.Bar(x=list(values), y=list(values.values()), marker_color=PALETTE[0]))
    return _base_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)


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
