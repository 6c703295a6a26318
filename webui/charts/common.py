"""Pieces every chart shares: palette, layout, reference lines, curves, table heatmaps.

Pure functions from data to a ``plotly.graph_objects.Figure``; no Streamlit, no text
lookups (pages pass translated titles). Every chart has axis titles, and a legend
whenever it shows more than one trace, so a screenshot reads on its own.

Example::

    >>> from webui.charts import common
    >>> option = common.line_chart({"steps": [12, 9, 6, 6]}, x_title="episode",
    ...                            y_title="steps", optimum=6, moving_average=2)
    >>> [series["name"] for series in option["series"]]
    ['steps', 'steps (mean of 2)', 'optimum']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from webui.charts import options

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


MEAN_LABEL = "{name} (mean of {window})"
"""Legend name of a series' trailing mean (pages pass a translated one, ``mean_label``)."""

OPTIMUM_LINE = {"color": "#555555", "dash": "dash", "width": 2}
"""Style of optimum lines (the shortest path): dashed grey."""
SOLVED_LINE = {"color": "#2ca02c", "dash": "dot", "width": 2}
"""Style of solved / threshold lines: dotted green."""


def gap_mean(values: Sequence[float] | np.ndarray, window: int) -> np.ndarray:
    """:func:`trailing_mean` over the finite values only: a gap (NaN) stays a gap and
    does not blank the mean after it.

    >>> gap_mean([1.0, float("nan"), 3.0], 2).tolist()
    [1.0, nan, 2.0]
    """
    data = np.asarray(values, dtype=float)
    finite = np.isfinite(data)
    mean = np.full(data.shape, np.nan)
    mean[finite] = trailing_mean(data[finite], window)
    return mean


def raw_and_mean(
    name: str,
    xs: np.ndarray,
    y: np.ndarray,
    *,
    colour: str,
    index: int,
    window: int | None,
    mean_name: str | None = None,
    opacity: float = 0.45,
    markers: bool = False,
    log_y: bool = False,
) -> list[dict[str, Any]]:
    """A line drawn faint (width 1, ``opacity``) under its trailing mean over ``window``
    (width 3, named ``mean_name``, by default "<name> (mean of <window>)"; gaps skipped,
    :func:`gap_mean`), or alone at full strength without a window (None or 1). ``index``
    stacks them above earlier series; ``markers`` marks the raw line's points."""
    smooth = window is not None and window > 1
    lines = [
        options.line_series(
            name,
            options.points(xs, y, log_y=log_y),
            colour=colour,
            index=index,
            width=1 if smooth else 2,
            opacity=opacity if smooth else 1.0,
            markers=markers,
            log_y=log_y,
        )
    ]
    if smooth and y.size:
        lines.append(
            options.line_series(
                mean_name or MEAN_LABEL.format(name=name, window=window),
                options.points(xs, gap_mean(y, window), log_y=log_y),
                colour=colour,
                index=index + 1,
                width=3,
                log_y=log_y,
            )
        )
    return lines


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
    mean_label: str = MEAN_LABEL,
    log_y: bool = False,
    colours: Mapping[str, str] | None = None,
    show_legend: bool | None = None,
    height: int = 340,
) -> dict[str, Any]:
    """Lines per named series, with optional optimum / solved reference lines (the live
    per-episode curves: steps, |δ|, ε, lengths).

    Args:
        series: ``{legend name: y values}``; series may have different lengths.
        x: Shared x values (default: 1, 2, … per series - episodes count from 1).
        optimum: Draws a dashed grey horizontal line (e.g. the shortest path, 6 steps).
        solved: Draws a dotted green horizontal line (e.g. CartPole-v1's 475).
        moving_average: Adds a thicker trailing mean per series over this window; the
            raw series is then drawn faint.
        mean_label: The mean's legend name, a template of ``{name}`` and ``{window}``.
        log_y: Log-scale y axis (Σ|Δπ|, losses); non-positive values are left out.
        colours: ``{series name: colour}`` (default: :data:`PALETTE` in order).
        show_legend: Force the legend on or off (default: when there are two lines or more).

    Markers are drawn while a series has at most 60 points.
    """
    lines = [
        (value, label, style)
        for value, label, style in (
            (optimum, optimum_label, OPTIMUM_LINE),
            (solved, solved_label, SOLVED_LINE),
        )
        if value is not None
    ]
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.value_axis(x_title, kind="x")
    option["yAxis"] = options.value_axis(y_title, kind="y", log=log_y)
    drawn: list[dict[str, Any]] = []
    for i, (name, values) in enumerate(series.items()):
        y = np.asarray(values, dtype=float)
        xs = np.arange(1, y.size + 1) if x is None else np.asarray(x, dtype=float)[: y.size]
        if log_y:
            y = np.where(y > 0, y, np.nan)
        drawn += raw_and_mean(
            name,
            xs,
            y,
            colour=(colours or {}).get(name, PALETTE[i % len(PALETTE)]),
            index=len(drawn),
            window=moving_average,
            mean_name=mean_label.format(name=name, window=moving_average),
            markers=y.size <= 60,
            log_y=log_y,
        )
    option["series"] = drawn + [
        options.reference_line("y", value, label, style, log=log_y) for value, label, style in lines
    ]
    if len(drawn) > 1 if show_legend is None else show_legend:
        options.legend(option, [line["name"] for line in drawn])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return options.long_series_in_datasets(option)


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
    highlight: tuple[int, int] | None = None,
    colorbar_title: str | None = None,
    height: int | None = None,
) -> dict:
    """A table as a heatmap option with each value written in its cell (θ, π, Q tables),
    read like a table: first row on top, columns labelled above.

    NaN cells (moves a wall forbids) are grey and labelled "–". ``highlight``
    ``(row, col)`` outlines one cell (e.g. the Q value just updated). ``colorscale`` names
    one of :data:`webui.charts.options.COLOUR_SCALES`. Without ``zmin``/``zmax`` the
    colours span the values, or 0 to the value when all are equal.

    >>> option = heatmap([[0.5, float("nan")]], x_labels=["↑", "→"], y_labels=["S0"],
    ...                  x_title="action", y_title="state")
    >>> option["xAxis"]["data"], option["yAxis"]["data"], option["series"][-1]["data"]
    (['↑', '→'], ['S0'], [[1, 0, '–']])
    """
    z = np.asarray(values, dtype=float)
    if z.ndim != 2:
        raise ValueError(f"heatmap needs a 2-D table, got shape {z.shape}")
    if z.shape != (len(y_labels), len(x_labels)):
        raise ValueError(f"labels {len(y_labels)}×{len(x_labels)} do not match table {z.shape}")
    flat = _colour_range(z) if zmin is None and zmax is None else None
    if flat is not None:
        zmin, zmax = flat
    return options.table_heatmap(
        z,
        x_labels=x_labels,
        y_labels=y_labels,
        text=_cell_text(z, value_format, "–"),
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=height or max(260, 60 + 34 * z.shape[0]),
        colours=colorscale,
        low=zmin,
        high=zmax,
        colour_bar_title=colorbar_title or "",
        highlight=highlight,
        background=BLOCKED_FILL,
    )


# -- deep RL pages and concepts (P4) -------------------------------------------------------

ACTION_COLOURS = ("#1f6feb", "#d9d9d9", "#d62728")
"""Actions on every CartPole chart: push left (blue), tie (light grey), push right (red)."""

EVAL_COLOUR = PALETTE[3]
"""Greedy evaluations are orange on every page (as on the Q-table page)."""


def progress_chart(
    y: Sequence[float] | np.ndarray,
    *,
    x: Sequence[float] | np.ndarray | None = None,
    x_title: str,
    y_title: str,
    title: str | None = None,
    raw_name: str = "return",
    mean_name: str = "moving average",
    window: int = 20,
    evaluations: tuple[Sequence[float], Sequence[float]] | None = None,
    evaluation_name: str = "greedy evaluation",
    solved: float | None = None,
    solved_label: str = "solved",
    y_max: float | None = None,
    height: int = 380,
) -> dict[str, Any]:
    """The training-progress chart (CartPole's episode lengths, the deep pages' returns):
    the value per episode drawn faint under its trailing mean, greedy evaluations as
    orange diamonds and the solved line, against any x (env steps or episodes).

    Args:
        y: the value of each episode.
        x: x of each episode (its last env step, or its number; default 1, 2, …).
        window: episodes in the trailing mean.
        evaluations: ``(x, mean greedy value)`` of each evaluation, on the same x scale.
        solved: dotted green line (475 on CartPole-v1, 195 on v0), from x = 0 to the last
            point or evaluation, whichever is further right; a series of its own, so it
            names itself in the legend.
        y_max: fix the y range to ``[0, y_max]`` (and a little: the step limit) so redraws
            do not jump. The x axis starts at 0.
    """
    y = np.asarray(y, dtype=float)
    xs = np.arange(1, y.size + 1, dtype=float) if x is None else np.asarray(x, dtype=float)
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.value_axis(x_title, kind="x", from_zero=True)
    limits = None if y_max is None else (0, y_max * 1.04)
    option["yAxis"] = options.value_axis(y_title, kind="y", limits=limits)
    series = raw_and_mean(
        raw_name,
        xs,
        y,
        colour=PALETTE[0],
        index=0,
        window=max(2, window),
        mean_name=mean_name,
        markers=y.size <= 60,
    )
    evals = None
    if evaluations is not None:
        evals = (
            np.asarray(evaluations[0], dtype=float),
            np.asarray(evaluations[1], dtype=float),
        )
    if evals is not None and evals[0].size:
        series.append(
            options.line_series(
                evaluation_name,
                options.points(*evals),
                colour=EVAL_COLOUR,
                index=len(series),
                markers=True,
                symbol="diamond",
                symbol_size=8,
            )
        )
    if solved is not None:
        right = max([1.0, *xs[-1:].tolist(), *(evals[0].tolist() if evals else [])])
        line = options.line_series(
            solved_label,
            options.points([0, right], [solved, solved]),
            colour=SOLVED_LINE["color"],
            index=len(series),
            width=SOLVED_LINE["width"],
            dash=SOLVED_LINE["dash"],
        )
        series.append(line | {"tooltip": {"show": False}})
    option["series"] = series
    if len(series) > 1:
        options.legend(option, [s["name"] for s in series])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return options.long_series_in_datasets(option)
