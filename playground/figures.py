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


def _layout_dict(*, title: str | None, x_title: str, y_title: str, height: int) -> dict:
    """The layout of :func:`_base_layout` as a plain dict (for one-pass figure building)."""
    return {
        "title": {"text": title} if title else None,
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 50 if title else 20, "b": 95},
        "font": {"size": FONT_SIZE},
        # Under the x axis title: above the plot a long title and a long legend collide.
        # Placed from the figure's bottom edge, in the bottom margin: a fraction of the plot
        # height put it on the axis title in short charts.
        "legend": {
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0.0,
            "xanchor": "left",
            "x": 0.0,
        },
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "hovermode": "x unified",
    }


def _base_layout(
    fig: go.Figure, *, title: str | None, x_title: str, y_title: str, height: int
) -> go.Figure:
    fig.update_layout(_layout_dict(title=title, x_title=x_title, y_title=y_title, height=height))
    return fig


BLOCKED_FILL = "#e8e8e8"
"""Background of a table's NaN cells (moves a wall blocks), which read "–"."""


def _colour_range(z: np.ndarray) -> tuple[float, float] | None:
    """``(low, high)`` for a table whose finite values are all equal (θ₀ is 1 wherever a
    move is allowed): from 0 to that value, or 0 to 1 for zeros. A scale from 1 to 1 has
    no colours to show and a colour bar that reads "1 … 1". ``None`` otherwise.

    >>> _colour_range(np.array([[1.0, np.nan]])), _colour_range(np.array([[0.0, 2.0]]))
    ((0.0, 1.0), None)
    """
    finite = z[np.isfinite(z)]
    if not finite.size or finite.min() != finite.max():
        return None
    value = float(finite[0])
    return (min(0.0, value), max(0.0, value)) if value else (0.0, 1.0)


def _cell_text(z: np.ndarray, value_format: str, blank: str) -> list[list[str]]:
    """Each cell's value formatted for printing in it; NaN cells read ``blank``."""
    return [
        [blank if math.isnan(v) else format(v, value_format) for v in row] for row in z.tolist()
    ]


def _hline(
    y: float, label: str | None, line: dict, *, log_y: bool = False
) -> tuple[dict, dict | None]:
    """A horizontal reference line across the plot and its label at its left end, as the
    layout shape and annotation ``fig.add_hline`` makes (built directly: much cheaper).

    On a log axis a shape takes the data value but an annotation takes its log10
    (plotly.js#1258), so the label's y is converted there.
    """
    shape = {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y"}
    shape |= {"y0": y, "y1": y, "line": line}
    if label is None:
        return shape, None
    label_y = math.log10(y) if log_y and y > 0 else y
    annotation = {"xref": "x domain", "x": 0, "yref": "y", "y": label_y, "text": label}
    annotation |= {"showarrow": False, "xanchor": "left", "yanchor": "bottom"}
    return shape, annotation


OPTIMUM_LINE = {"color": "#555555", "dash": "dash", "width": 2}
"""Style of optimum lines (the shortest path): dashed grey."""
SOLVED_LINE = {"color": "#2ca02c", "dash": "dot", "width": 2}
"""Style of solved / threshold lines: dotted green."""


def _curve_traces(
    series: Mapping[str, Sequence[float] | np.ndarray],
    x: Sequence[float] | np.ndarray | None,
    *,
    window: int | None,
    log_y: bool,
    colours: Mapping[str, str] | None = None,
) -> list[dict]:
    """One line per named series (x = 1, 2, … unless given), drawn faint under a thicker
    trailing mean when ``window`` > 1. Arrays, not lists: plotly validates an array
    several times faster than a list of the same numbers."""
    window = window if window and window > 1 else None
    traces: list[dict] = []
    for i, (name, values) in enumerate(series.items()):
        y = np.asarray(values, dtype=float)
        xs = np.arange(1, y.size + 1) if x is None else np.asarray(x)[: y.size]
        if log_y:
            y = np.where(y > 0, y, np.nan)
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": y,
                "name": name,
                "mode": "lines+markers" if y.size <= 60 else "lines",
                "line": {"color": colour, "width": 1 if window else 2},
                "opacity": 0.45 if window else 1.0,
            }
        )
        if window:
            mean = trailing_mean(y, window)
            traces.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": mean,
                    "name": f"{name} (mean of {window})",
                    "mode": "lines",
                    "line": {"color": colour, "width": 3},
                }
            )
    return traces


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
    traces = _curve_traces(series, x, window=moving_average, log_y=log_y)
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    layout["showlegend"] = len(traces) > 1
    lines = [
        _hline(value, label, style, log_y=log_y)
        for value, label, style in (
            (optimum, optimum_label, OPTIMUM_LINE),
            (solved, solved_label, SOLVED_LINE),
        )
        if value is not None
    ]
    if lines:
        layout["shapes"] = [shape for shape, _ in lines]
        layout["annotations"] = [label for _, label in lines]
    if log_y:
        layout["yaxis"]["type"] = "log"
    return go.Figure({"data": traces, "layout": layout})


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

    NaN cells (moves a wall forbids) are grey and labelled "–". ``highlight``
    ``(row, col)`` outlines one cell (e.g. the Q value just updated). Without
    ``zmin``/``zmax`` the colours span the values, or 0 to the value when all are equal.
    """
    z = np.asarray(values, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D table, got shape {z.shape}")
    if z.shape != (len(y_labels), len(x_labels)):
        raise ValueError(f"labels {len(y_labels)}×{len(x_labels)} do not match table {z.shape}")
    flat = _colour_range(z) if zmin is None and zmax is None else None
    if flat is not None:
        zmin, zmax = flat
    return _table_heatmap(
        z,
        x_labels=x_labels,
        y_labels=y_labels,
        text=_cell_text(z, value_format, "–"),
        text_size=FONT_SIZE - 2,
        scale={"colorscale": colorscale, "zmin": zmin, "zmax": zmax, "zmid": zmid},
        colorbar_title=colorbar_title,
        highlight=highlight,
        layout=_layout_dict(
            title=title,
            x_title=x_title,
            y_title=y_title,
            height=height or max(260, 60 + 34 * z.shape[0]),
        ),
    )


def _table_heatmap(
    z: np.ndarray,
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    text: list[list[str]],
    text_size: int,
    scale: dict,
    colorbar_title: str | None,
    highlight: tuple[int, int] | None,
    layout: dict,
) -> go.Figure:
    """A table read like a table (first row on top, columns labelled above), its values
    written in the cells, ``highlight`` ``(row, col)`` outlined; built in one pass."""
    trace = {
        "type": "heatmap",
        "z": z,
        "x": list(x_labels),
        "y": list(y_labels),
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": text_size},
        "hoverongaps": False,
        "xgap": 1,
        "ygap": 1,
        "colorbar": {"title": {"text": colorbar_title}} if colorbar_title else None,
    } | scale
    layout["margin"]["t"] = 70 if layout.get("title") else 45
    layout["hovermode"] = "closest"
    layout["plot_bgcolor"] = BLOCKED_FILL
    layout["yaxis"] |= {"autorange": "reversed", "type": "category"}
    layout["xaxis"] |= {"type": "category", "side": "top"}
    if highlight is not None:
        row, col = highlight
        layout["shapes"] = [
            {"type": "rect", "x0": col - 0.5, "x1": col + 0.5, "y0": row - 0.5, "y1": row + 0.5}
            | {"line": {"color": "#d62728", "width": 3}}
        ]
    return go.Figure({"data": [trace], "layout": layout})


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


# -- maze · policies and policy gradient (P1) --------------------------------------------


def bucket_means(
    values: Sequence[float] | np.ndarray, max_points: int = 1_000
) -> tuple[np.ndarray, np.ndarray, int]:
    """Shrink a long per-episode series to at most ``max_points`` for a live chart.

    Consecutive values are averaged in buckets of ``k`` (the smallest size that fits);
    each mean is plotted at the bucket's last episode (1-based), so the x axis still
    reads "episode". Returns ``(x, y, k)``; ``k == 1`` means nothing was averaged.

    >>> x, y, k = bucket_means([1, 2, 3, 4, 5], max_points=2)
    >>> x.tolist(), y.tolist(), k
    ([3, 5], [2.0, 4.5], 3)
    """
    data = np.asarray(values, dtype=float)
    n = data.size
    k = max(1, math.ceil(n / max(1, int(max_points))))
    if k == 1:
        return np.arange(1, n + 1), data, 1
    starts = np.arange(0, n, k)
    sums = np.add.reduceat(data, starts)
    counts = np.diff(np.append(starts, n))
    return np.minimum(starts + k, n), sums / counts, k


def softmax_temperature_chart(
    betas: Sequence[float] | np.ndarray,
    probabilities: np.ndarray,
    *,
    action_labels: Sequence[str],
    beta_now: float,
    beta_label: str,
    x_title: str,
    y_title: str,
    title: str | None = None,
    height: int = 320,
) -> go.Figure:
    """π(s, a) of one state against β (log x axis), one line per action, the chosen β marked.

    ``probabilities`` is ``(len(betas), n_actions)``; actions that are always 0 (blocked)
    are left out so the legend lists only moves the state allows.
    """
    probs = np.asarray(probabilities, dtype=float)
    fig = go.Figure()
    for a, label in enumerate(action_labels):
        if not np.any(probs[:, a] > 0):
            continue
        fig.add_trace(
            go.Scatter(
                x=np.asarray(betas, dtype=float),
                y=probs[:, a],
                name=label,
                mode="lines",
                line={"color": PALETTE[a % len(PALETTE)], "width": 3},
            )
        )
    # On a log axis a shape takes the data value but an annotation takes its log10
    # (plotly.js#1258), so the line and its label are placed separately.
    fig.add_vline(x=beta_now, line={"color": "#555555", "dash": "dash", "width": 2})
    fig.add_annotation(
        x=math.log10(beta_now),
        y=1.0,
        yref="paper",
        text=beta_label,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        xshift=4,
    )
    _base_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)
    fig.update_xaxes(type="log")
    fig.update_yaxes(range=[0, 1.02])
    return fig


def _log_range(values: np.ndarray, threshold: float | None) -> list[int] | None:
    """A log axis' range (powers of ten, as plotly's log10 units) holding every positive
    value and the threshold, so the threshold line is always in view."""
    shown = [float(v) for v in values[np.isfinite(values) & (values > 0)]]
    if threshold is not None and threshold > 0:
        shown.append(float(threshold))
    if not shown:
        return None
    low, high = math.floor(math.log10(min(shown))), math.ceil(math.log10(max(shown)))
    return [low, high if high > low else low + 1]


def log_series_chart(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    name: str,
    x_title: str,
    y_title: str,
    threshold: float | None = None,
    threshold_label: str = "threshold",
    title: str | None = None,
    height: int = 340,
) -> go.Figure:
    """One series on a log y axis (Σ|Δπ| per episode) with an optional threshold line.

    Non-positive values cannot be drawn on a log axis and are left out.
    """
    ys = np.asarray(y, dtype=float)
    fig = go.Figure(
        go.Scatter(
            x=np.asarray(x),
            y=np.where(ys > 0, ys, np.nan),
            name=name,
            mode="lines+markers" if ys.size <= 60 else "lines",
            line={"color": PALETTE[0], "width": 2},
        )
    )
    if threshold is not None and threshold > 0:
        fig.add_hline(y=threshold, line=SOLVED_LINE)
        # The label's y is a log10 on a log axis (unlike the line's), see plotly.js#1258.
        fig.add_annotation(
            x=0.0,
            xref="paper",
            y=math.log10(threshold),
            text=threshold_label,
            showarrow=False,
            xanchor="left",
            yanchor="bottom",
        )
        fig.add_trace(  # a legend entry for the line
            go.Scatter(
                x=[None],
                y=[None],
                name=threshold_label,
                mode="lines",
                line=SOLVED_LINE,
            )
        )
    _base_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)
    fig.update_yaxes(type="log", exponentformat="power", range=_log_range(ys, threshold))
    # The series falls from the top left, so the legend sits in the empty top right
    # (above the plot it would collide with the title).
    fig.update_layout(
        showlegend=len(fig.data) > 1,
        legend={
            "orientation": "v",
            "yanchor": "top",
            "y": 0.98,
            "xanchor": "right",
            "x": 0.99,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
    )
    return fig


# -- CartPole · Q-table (bins made visible) ---------------------------------------------------

ACTION_COLOURS = ("#1f6feb", "#d9d9d9", "#d62728")
"""Greedy-action heatmaps: push left (blue), tie (light grey), push right (red)."""


def _edge_text(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:.0f}"
    text = "0" if text in ("-0", "") else text
    return text.replace("-", "−")  # a real minus sign reads better on a projector


def bin_range_labels(bounds: Sequence[tuple[float, float]]) -> list[str]:
    """Short tick labels for bins given as ``(lower, upper)`` pairs (open ends ±inf).

    Uses the fewest decimals (up to 4) that put every edge within 5 % of a bin width, so
    ±0.418 rad in 12 bins reads ``"−0.21…−0.07"``; the end bins read ``"< e"`` / ``"≥ e"``
    (a value on an edge belongs to the bin above, as ``np.digitize`` decides).

    >>> bin_range_labels([(-math.inf, -0.8), (-0.8, 0.0), (0.0, 0.8), (0.8, math.inf)])
    ['< −0.8', '−0.8…0', '0…0.8', '≥ 0.8']
    >>> bin_range_labels([(-math.inf, math.inf)])
    ['all']
    """
    edges = [hi for _, hi in bounds[:-1]]
    if not edges:
        return ["all"]
    widths = np.diff(edges)
    width = float(widths.min()) if widths.size else max(1.0, abs(edges[0]))
    decimals = 4
    for d in range(5):
        if all(abs(round(e, d) - e) <= 0.05 * width for e in edges):
            decimals = d
            break
    text = [_edge_text(e, decimals) for e in edges]
    labels = [f"< {text[0]}"]
    labels += [f"{a}…{b}" for a, b in zip(text[:-1], text[1:], strict=True)]
    labels.append(f"≥ {text[-1]}")
    return labels


def episode_length_chart(
    lengths: Sequence[int] | np.ndarray,
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    length_name: str = "length",
    mean_name: str = "mean of 100",
    window: int = 100,
    evaluations: tuple[Sequence[int], Sequence[float]] | None = None,
    evaluation_name: str = "greedy",
    solved: float | None = None,
    solved_label: str = "solved",
    y_max: float | None = None,
    height: int = 360,
) -> go.Figure:
    """Episode length per episode (faint), its trailing mean and greedy evaluations.

    Args:
        lengths: Length of episode 1, 2, … (x counts episodes from 1).
        window: Trailing-mean window (the usual 100 episodes).
        evaluations: ``(episodes, mean lengths)`` of greedy evaluations, drawn as an
            orange line with markers at the episode count each was taken after.
        solved: Dotted green line at the solved length (195 / 475).
        y_max: Fix the y range to ``[0, y_max]`` (the step limit) so redraws do not jump.
    """
    y = np.asarray(lengths, dtype=float)
    if evaluations is not None:
        evaluations = (np.asarray(evaluations[0]), np.asarray(evaluations[1], dtype=float))
    return _progress_chart(
        np.arange(1, y.size + 1),
        y,
        raw=(length_name, "lines", 0.4),
        mean_name=mean_name,
        window=window,
        evaluations=evaluations,
        evaluation_name=evaluation_name,
        # Episodes are counted from 1, so the last one is at x = len(lengths).
        solved=None if solved is None else (solved, max(1, y.size), solved_label),
        layout=_layout_dict(title=title, x_title=x_title, y_title=y_title, height=height),
        y_max=y_max,
    )


def bin_heatmap(
    values: np.ndarray,
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    text: Sequence[Sequence[str]] | None = None,
    value_format: str = ".2f",
    colorscale: str | list = "Viridis",
    zmin: float | None = None,
    zmax: float | None = None,
    colorbar: dict | None = None,
    text_font: dict | None = None,
    height: int = 420,
) -> go.Figure:
    """A table over two binned dimensions, ``values[row = y bin, col = x bin]``.

    Unlike :func:`heatmap` the y axis grows upwards (a physical axis, low bins at the
    bottom) and NaN cells (never visited) stay blank without a label. ``text`` replaces
    the printed values (e.g. arrows); ``text_font`` their font (default: smaller as the
    grid grows).
    """
    z = np.asarray(values, dtype=float)
    if z.shape != (len(y_labels), len(x_labels)):
        raise ValueError(f"labels {len(y_labels)}×{len(x_labels)} do not match table {z.shape}")
    if text is None:
        text = _cell_text(z, value_format, "")
    cells = max(z.shape)
    font = text_font or {"size": 13 if cells <= 6 else 11 if cells <= 9 else 9}
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(x_labels),
            y=list(y_labels),
            text=[list(row) for row in text],
            texttemplate="%{text}",
            textfont=font,
            colorscale=colorscale,
            zmin=zmin,
            zmax=zmax,
            hoverongaps=False,
            colorbar=colorbar,
            xgap=1,
            ygap=1,
        ),
        # Set at construction: each update_* call on a figure costs milliseconds, and
        # these heatmaps are redrawn several times a second while training.
        layout={
            "xaxis": {"type": "category", "tickangle": -40 if len(x_labels) > 5 else 0},
            "yaxis": {"type": "category"},
            "plot_bgcolor": "#f4f4f4",
        },
    )
    _base_layout(fig, title=title, x_title=x_title, y_title=y_title, height=height)
    fig.layout.hovermode = "closest"
    return fig


def greedy_action_heatmap(
    greedy: np.ndarray,
    *,
    action_labels: tuple[str, str, str] = ("← left", "tie", "→ right"),
    **kwargs,
) -> go.Figure:
    """:func:`bin_heatmap` of a greedy action per cell: 0 left, 0.5 tie, 1 right, NaN blank.

    ``action_labels`` name 0, 0.5 and 1 in the colour bar; cells show ←, = or →.
    """
    z = np.asarray(greedy, dtype=float)
    arrows = {0.0: "←", 0.5: "=", 1.0: "→"}
    text = [["" if math.isnan(v) else arrows.get(v, "") for v in row] for row in z.tolist()]
    left, tie, right = ACTION_COLOURS
    scale = [
        [0.0, left],
        [0.25, left],
        [0.25, tie],
        [0.75, tie],
        [0.75, right],
        [1.0, right],
    ]
    colorbar = {"tickvals": [0.0, 0.5, 1.0], "ticktext": list(action_labels), "len": 0.6}
    return bin_heatmap(
        z,
        text=text,
        colorscale=scale,
        zmin=0.0,
        zmax=1.0,
        colorbar=colorbar,
        text_font={"size": 16},  # no colour: plotly picks black or white per cell
        **kwargs,
    )


def bin_visits_chart(
    counts: Sequence[Sequence[float]],
    *,
    labels: Sequence[Sequence[str]],
    titles: Sequence[str],
    y_title: str,
    title: str | None = None,
    height: int = 320,
) -> go.Figure:
    """One bar chart per dimension, side by side on a shared y axis: visits of each bin.

    Args:
        counts: ``counts[d][b]`` visits of bin ``b`` of dimension ``d`` (summed over the
            other dimensions).
        labels: Tick labels of each dimension's bins (e.g. :func:`bin_range_labels`).
        titles: Axis title of each dimension (name and unit).
    """
    n = len(counts)
    gap = 0.03
    width = (1.0 - gap * (n - 1)) / n
    # Axes laid out by hand: make_subplots is slow for a chart redrawn several times a second.
    layout: dict = {}
    data = []
    for d in range(n):
        suffix = "" if d == 0 else str(d + 1)
        left = d * (width + gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": "y",
            "type": "category",
            "tickangle": -40,
            "title": {"text": titles[d]},
        }
        data.append(
            go.Bar(
                x=list(labels[d]),
                y=np.asarray(counts[d], dtype=float),
                xaxis=f"x{suffix}",
                yaxis="y",
                marker_color=PALETTE[0],
                name=titles[d],
                showlegend=False,
            )
        )
    fig = go.Figure(data=data, layout=layout)
    _base_layout(fig, title=title, x_title=titles[0], y_title=y_title, height=height)
    fig.update_layout(hovermode="closest", margin={"b": 100})
    return fig


# -- maze · SARSA and Q-learning (P2) ----------------------------------------------------


def episode_curves(
    series: Mapping[str, Sequence[float] | np.ndarray],
    *,
    x: Sequence[float] | np.ndarray | None = None,
    x_title: str,
    y_title: str,
    title: str | None = None,
    colours: Mapping[str, str] | None = None,
    optimum: float | None = None,
    optimum_label: str = "optimum",
    moving_average: int | None = None,
    log_y: bool = False,
    height: int = 340,
) -> go.Figure:
    """:func:`line_chart`'s look for live per-episode curves, built in one pass.

    Same traces, reference line and layout as :func:`line_chart` (minus ``solved``), but
    the figure is made from one dict instead of incremental plotly updates, which is
    several times cheaper: it is redrawn several times a second while training.
    ``colours`` maps a series name to its colour (default: :data:`PALETTE` in order).

    >>> fig = episode_curves({"SARSA": [9, 7, 6]}, x_title="episode", y_title="steps",
    ...                      optimum=6, optimum_label="shortest path")
    >>> [trace.name for trace in fig.data], fig.layout.shapes[0].y0
    (['SARSA'], 6)
    """
    traces = _curve_traces(series, x, window=moving_average, log_y=log_y, colours=colours)
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    layout["showlegend"] = len(traces) > 1
    if optimum is not None:
        shape, label = _hline(optimum, optimum_label, OPTIMUM_LINE, log_y=log_y)
        layout["shapes"], layout["annotations"] = [shape], [label]
    if log_y:
        layout["yaxis"] |= {"type": "log", "exponentformat": "power", "dtick": 1}
    return go.Figure({"data": traces, "layout": layout})


def q_table_heatmap(
    q: np.ndarray,
    *,
    action_labels: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    highlight: tuple[int, int] | None = None,
    colorbar_title: str | None = "Q",
) -> go.Figure:
    """A states × actions Q table with its values written in (blocked moves "–").

    The look of :func:`heatmap`, built in one pass (it is redrawn live). Colours: blues
    when every value is ≥ 0, a red–blue scale centred on 0 once some are negative (a step
    penalty). Values of 1,000 or more switch to 3 significant digits so a diverging table
    stays readable. The chart is tall enough for every row, colour bar included: tables
    of more than 12 states get thinner rows and smaller text, of more than 25 (the 8×8
    maze's 64) thinner still. ``highlight`` ``(state, action)`` outlines one cell (the Q
    value just updated).

    >>> fig = q_table_heatmap(np.array([[np.nan, 0.5], [0.25, np.nan]]),
    ...                       action_labels=["a0", "a1"], x_title="action", y_title="state")
    >>> fig.data[0].text[0]
    ['–', '0.50']
    """
    z = np.asarray(q, dtype=float)
    if z.ndim != 2 or z.shape[1] != len(action_labels):
        raise ValueError(f"Q of shape {z.shape} does not match {len(action_labels)} actions")
    finite = z[np.isfinite(z)]
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 1.0
    fmt = ".3g" if finite.size and max(abs(low), abs(high)) >= 1_000 else ".2f"
    n_states = z.shape[0]
    small = n_states > 12
    if low < 0:
        bound = max(abs(low), abs(high), 1e-9)
        scale = {"colorscale": "RdBu", "zmid": 0.0, "zmin": -bound, "zmax": bound}
    else:
        # All zeros (a fresh table) still gets a 0 … 1 colour bar, not 0 … 0.
        scale = {"colorscale": "Blues", "zmin": 0.0, "zmax": high if high > 0 else 1.0}
    row_px = 34 if not small else 24 if n_states <= 25 else 18
    layout = _layout_dict(
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=max(260, (75 if title else 50) + 40 + row_px * n_states),
    )
    if small:
        layout["yaxis"]["tickfont"] = {"size": FONT_SIZE - 3}
    return _table_heatmap(
        np.where(np.isfinite(z), z, np.nan),
        x_labels=action_labels,
        y_labels=[f"S{s}" for s in range(n_states)],
        text=_cell_text(z, fmt, "–"),
        text_size=FONT_SIZE - (4 if small else 2),
        scale=scale,
        colorbar_title=colorbar_title,
        highlight=highlight,
        layout=layout,
    )


# -- deep RL pages and concepts (P4) -------------------------------------------------------

EVAL_COLOUR = PALETTE[3]
"""Greedy evaluations are orange on every page (as on the Q-table page)."""


def return_curve_chart(
    x: Sequence[float] | np.ndarray,
    returns: Sequence[float] | np.ndarray,
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    return_name: str = "return",
    mean_name: str = "moving average",
    window: int = 20,
    evaluations: tuple[Sequence[float], Sequence[float]] | None = None,
    evaluation_name: str = "greedy evaluation",
    solved: float | None = None,
    solved_label: str = "solved",
    y_max: float | None = None,
    height: int = 380,
) -> go.Figure:
    """Training return per episode (faint) with its trailing mean, greedy evaluations
    (orange diamonds) and the solved line, against any x (env steps or episodes).

    Built in one pass from a dict: it is redrawn several times a second while training.

    Args:
        x: x of each episode (its last env step, or its number).
        returns: return of each episode.
        window: episodes in the trailing mean.
        evaluations: ``(x, mean greedy return)`` of each evaluation, on the same x scale.
        solved: dotted green line (475 on CartPole-v1, 195 on v0).
        y_max: fix the y range to ``[0, y_max]`` (the step limit) so redraws do not jump.
    """
    xs = np.asarray(x, dtype=float)
    y = np.asarray(returns, dtype=float)
    if evaluations is not None:
        evaluations = (
            np.asarray(evaluations[0], dtype=float),
            np.asarray(evaluations[1], dtype=float),
        )
    right = None
    if solved is not None:
        right = max([1.0, *xs[-1:].tolist(), *(evaluations[0] if evaluations else [])])
    return _progress_chart(
        xs,
        y,
        raw=(return_name, "lines+markers" if y.size <= 60 else "lines", 0.45),
        mean_name=mean_name,
        window=window,
        evaluations=evaluations,
        evaluation_name=evaluation_name,
        solved=None if solved is None else (solved, right, solved_label),
        layout=_layout_dict(title=title, x_title=x_title, y_title=y_title, height=height),
        y_max=y_max,
    )


def _progress_chart(
    xs: np.ndarray,
    y: np.ndarray,
    *,
    raw: tuple[str, str, float],
    mean_name: str,
    window: int,
    evaluations: tuple[np.ndarray, np.ndarray] | None,
    evaluation_name: str,
    solved: tuple[float, float, str] | None,
    layout: dict,
    y_max: float | None,
) -> go.Figure:
    """The training-progress chart of :func:`episode_length_chart` and
    :func:`return_curve_chart`: the raw series ``raw = (name, mode, opacity)`` drawn
    faint, its trailing mean, greedy evaluations as orange diamonds and the solved line
    ``(value, right end, label)``, built in one pass (redrawn live)."""
    name, mode, opacity = raw
    traces: list[dict] = [
        {
            "type": "scatter",
            "x": xs,
            "y": y,
            "name": name,
            "mode": mode,
            "line": {"color": PALETTE[0], "width": 1},
            "opacity": opacity,
        },
        {
            "type": "scatter",
            "x": xs,
            "y": trailing_mean(y, window),
            "name": mean_name,
            "mode": "lines",
            "line": {"color": PALETTE[0], "width": 3},
        },
    ]
    if evaluations is not None and len(evaluations[0]):
        traces.append(
            {
                "type": "scatter",
                "x": evaluations[0],
                "y": evaluations[1],
                "name": evaluation_name,
                "mode": "lines+markers",
                "line": {"color": EVAL_COLOUR, "width": 2},
                "marker": {"size": 8, "symbol": "diamond"},
            }
        )
    if solved is not None:
        # A two-point trace rather than a layout line: it names itself in the legend, and
        # fig.add_hline costs more than the rest of this live-redrawn chart together.
        value, right, label = solved
        traces.append(
            {
                "type": "scatter",
                "x": [0, right],
                "y": [value, value],
                "name": label,
                "mode": "lines",
                "line": SOLVED_LINE,
                "hoverinfo": "skip",
            }
        )
    layout["xaxis"]["rangemode"] = "tozero"
    if y_max is not None:
        layout["yaxis"]["range"] = [0, y_max * 1.04]
    return go.Figure({"data": traces, "layout": layout})


def small_multiples(
    panels: Sequence[Mapping],
    *,
    x_title: str,
    title: str | None = None,
    columns: int = 2,
    row_height: int = 230,
) -> go.Figure:
    """Several small line charts sharing an x quantity, in a grid, each with its own title.

    Each panel is a mapping with ``title``, ``x``, ``y``, ``y_title`` and optionally
    ``log_y`` (bool), ``range`` (``[low, high]``), ``colour``, ``smooth`` (a trailing-mean
    window drawn over a faint raw line) and ``hline`` (``(y, name)``: a dashed grey
    reference line across the panel, a trace of its own named ``name``). Axes are laid out
    by hand (``make_subplots`` is slow for a chart redrawn live); non-finite values leave gaps.
    """
    n = len(panels)
    columns = max(1, min(columns, n))
    rows = math.ceil(n / columns)
    h_gap, v_gap = 0.09, 0.16 if rows > 1 else 0.0
    width = (1.0 - h_gap * (columns - 1)) / columns
    height_frac = (1.0 - v_gap * (rows - 1)) / rows
    layout: dict = _layout_dict(title=title, x_title="", y_title="", height=0)
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout["height"] = (60 if title else 20) + rows * row_height + 40
    layout["hovermode"] = "closest"
    layout["showlegend"] = False
    layout["margin"] = {"l": 60, "r": 20, "t": 80 if title else 40, "b": 55}
    annotations: list[dict] = []
    data: list[dict] = []
    for i, panel in enumerate(panels):
        row, col = divmod(i, columns)
        suffix = "" if i == 0 else str(i + 1)
        left = col * (width + h_gap)
        top = 1.0 - row * (height_frac + v_gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": f"y{suffix}",
            "title": {"text": x_title, "font": {"size": FONT_SIZE - 2}},
            "rangemode": "tozero",
        }
        yaxis: dict = {
            "domain": [top - height_frac, top],
            "anchor": f"x{suffix}",
            "title": {"text": panel["y_title"], "font": {"size": FONT_SIZE - 2}},
        }
        ys = np.asarray(panel["y"], dtype=float)
        if panel.get("log_y"):
            yaxis["type"] = "log"
            ys = np.where(ys > 0, ys, np.nan)
        if panel.get("range") is not None:
            yaxis["range"] = list(panel["range"])
        layout[f"yaxis{suffix}"] = yaxis
        colour = panel.get("colour", PALETTE[i % len(PALETTE)])
        xs = np.asarray(panel["x"], dtype=float)
        smooth = panel.get("smooth")
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "name": panel["title"],
                "mode": "lines+markers" if ys.size <= 40 else "lines",
                "line": {"color": colour, "width": 1 if smooth else 2},
                "opacity": 0.45 if smooth else 1.0,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
        if smooth and ys.size:
            finite = np.isfinite(ys)
            mean = np.full(ys.shape, np.nan)
            mean[finite] = trailing_mean(ys[finite], smooth)
            data.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": mean,
                    "name": f"{panel['title']} (mean)",
                    "mode": "lines",
                    "line": {"color": colour, "width": 3},
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "connectgaps": True,
                }
            )
        if panel.get("hline") is not None and xs.size:
            y_line, name = panel["hline"]
            data.append(
                {
                    "type": "scatter",
                    "x": np.array([np.nanmin(xs), np.nanmax(xs)]),
                    "y": np.array([y_line, y_line], dtype=float),
                    "name": name,
                    "mode": "lines",
                    "line": OPTIMUM_LINE,
                    "hoverinfo": "skip",
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                }
            )
        annotations.append(
            {
                "text": f"<b>{panel['title']}</b>",
                "x": left + width / 2,
                "y": top,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "yshift": 6,
                "showarrow": False,
                "font": {"size": FONT_SIZE},
            }
        )
    layout["annotations"] = annotations
    return go.Figure({"data": data, "layout": layout})


def action_scores_chart(
    scores: np.ndarray,
    *,
    action_names: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    y_range: Sequence[float] | None = None,
    height: int = 300,
) -> go.Figure:
    """Q(s_t, a) or π(a|s_t) of every action along one episode, one line per action."""
    z = np.asarray(scores, dtype=float)
    t = np.arange(z.shape[0])
    colours = (ACTION_COLOURS[0], ACTION_COLOURS[2])
    data = [
        {
            "type": "scatter",
            "x": t,
            "y": z[:, a],
            "name": name,
            "mode": "lines",
            "line": {"color": colours[a % 2], "width": 2},
        }
        for a, name in enumerate(action_names)
    ]
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    if y_range is not None:
        layout["yaxis"]["range"] = list(y_range)
    return go.Figure({"data": data, "layout": layout})


def curves_chart(
    x: Sequence[float] | np.ndarray,
    series: Mapping[str, Sequence[float] | np.ndarray],
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    vlines: Sequence[float] = (),
    vline_label: str | None = None,
    dashed: Sequence[str] = (),
    height: int = 340,
) -> go.Figure:
    """Named curves over a shared x (e.g. losses of the TD error δ), with dotted vertical
    markers (e.g. ±κ where Huber turns linear). Series named in ``dashed`` are dashed."""
    xs = np.asarray(x, dtype=float)
    data = [
        {
            "type": "scatter",
            "x": xs,
            "y": np.asarray(values, dtype=float),
            "name": name,
            "mode": "lines",
            "line": {
                "color": PALETTE[i % len(PALETTE)],
                "width": 3,
                "dash": "dash" if name in dashed else "solid",
            },
        }
        for i, (name, values) in enumerate(series.items())
    ]
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    line = {"color": "#555555", "dash": "dot", "width": 2}
    layout["shapes"] = [
        {"type": "line", "x0": v, "x1": v, "yref": "y domain", "y0": 0, "y1": 1, "line": line}
        for v in vlines
    ]
    if vline_label and vlines:
        layout["annotations"] = [
            {"x": max(vlines), "y": 1, "yref": "y domain", "text": vline_label}
            | {"showarrow": False, "xanchor": "left", "yanchor": "top", "xshift": 4}
        ]
    layout["hovermode"] = "x unified"
    return go.Figure({"data": data, "layout": layout})


def grouped_bars(
    labels: Sequence[str],
    series: Mapping[str, Sequence[float] | np.ndarray],
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    value_format: str = ".3g",
    colours: Mapping[str, str] | None = None,
    hline: float | None = None,
    hline_label: str | None = None,
    height: int = 340,
) -> go.Figure:
    """Bars per label, one colour per series, values written on the bars (when few)."""
    data = []
    for i, (name, values) in enumerate(series.items()):
        ys = np.asarray(values, dtype=float)
        bar: dict = {
            "type": "bar",
            "x": list(labels),
            "y": ys,
            "name": name,
            "marker": {"color": (colours or {}).get(name, PALETTE[i % len(PALETTE)])},
        }
        if len(labels) <= 16:
            bar["text"] = [format(v, value_format) for v in ys.tolist()]
            bar["textposition"] = "outside"
            bar["cliponaxis"] = False
        data.append(bar)
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    layout["barmode"] = "group"
    layout["showlegend"] = len(data) > 1
    layout["hovermode"] = "closest"
    layout["xaxis"]["type"] = "category"
    if hline is not None:
        # Label at the left end: the last bars (the reward that ends an episode) sit right.
        shape, label = _hline(hline, hline_label or None, SOLVED_LINE)
        layout["shapes"] = [shape]
        if label is not None:
            layout["annotations"] = [label]
    return go.Figure({"data": data, "layout": layout})
