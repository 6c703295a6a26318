"""Maze charts: policies and policy gradient (θ, π, β, Σ|Δπ|), SARSA and Q-learning
(per-episode curves, Q tables). Also the DP page's log chart of Δ per sweep."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from webui.charts.common import (
    FONT_SIZE,
    OPTIMUM_LINE,
    PALETTE,
    SOLVED_LINE,
    _base_layout,
    _cell_text,
    _curve_traces,
    _hline,
    _layout_dict,
    _table_heatmap,
)


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
