"""CartPole charts: bins made visible (Q over two binned dimensions, greedy actions,
visits per bin). Episode lengths are :func:`webui.charts.common.progress_chart`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go

from webui.charts import options
from webui.charts.common import (
    ACTION_COLOURS,
    PALETTE,
    _base_layout,
    _cell_text,
)


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


@dataclass(frozen=True)
class BinAxes:
    """The two binned dimensions a table is drawn over: the bins' labels and the axes'
    titles (x: the table's columns, y: its rows)."""

    x_labels: Sequence[str]
    y_labels: Sequence[str]
    x_title: str
    y_title: str


def _bin_table(
    values: np.ndarray,
    axes: BinAxes,
    text: Sequence[Sequence[str]] | None,
    value_format: str,
) -> tuple[np.ndarray, list[list[str]], int]:
    """The table as floats, its cells' text (the values when none is given; "" for NaN)
    and the text's size (smaller as the grid grows)."""
    z = np.asarray(values, dtype=float)
    rows, cols = len(axes.y_labels), len(axes.x_labels)
    if z.shape != (rows, cols):
        raise ValueError(f"labels {rows}×{cols} do not match table {z.shape}")
    cells = [list(row) for row in (_cell_text(z, value_format, "") if text is None else text)]
    size = max(z.shape)
    return z, cells, 13 if size <= 6 else 11 if size <= 9 else 9


X_TURNED_ABOVE = 8
"""Above this many bins the x axis' range labels stand upright (90°): turned by 40° the
ranges of 12 bins ("−0.35…−0.28") overlapped."""
X_UPRIGHT = 90


def bin_heatmap(
    values: np.ndarray,
    *,
    axes: BinAxes,
    title: str | None = None,
    text: Sequence[Sequence[str]] | None = None,
    value_format: str = ".2f",
    colorscale: str | Sequence[tuple[float, str]] = "Viridis",
    zmin: float | None = None,
    zmax: float | None = None,
    tick_values: Sequence[float] = (),
    tick_texts: Sequence[str] = (),
    text_size: int | None = None,
    height: int = 420,
) -> dict:
    """A table over two binned dimensions as a heatmap option,
    ``values[row = y bin, col = x bin]``.

    Unlike :func:`webui.charts.common.heatmap` the y axis grows upwards (a physical axis,
    low bins at the bottom) and NaN cells (never visited) stay blank without a label.
    ``text`` replaces the printed values (e.g. arrows); ``text_size`` their size (default:
    smaller as the grid grows). ``tick_texts`` name the colour bar's ``tick_values``.
    """
    z, cells, size = _bin_table(values, axes, text, value_format)
    option = options.table_heatmap(
        z,
        x_labels=axes.x_labels,
        y_labels=axes.y_labels,
        text=cells,
        title=title,
        x_title=axes.x_title,
        y_title=axes.y_title,
        height=height,
        colours=colorscale,
        low=zmin,
        high=zmax,
        tick_values=tick_values,
        tick_texts=tick_texts,
        text_size=text_size or size,
        as_table=False,
        x_rotate=X_UPRIGHT
        if len(axes.x_labels) > X_TURNED_ABOVE
        else 40
        if len(axes.x_labels) > 5
        else 0,
        background="#f4f4f4",
    )
    if len(axes.x_labels) > X_TURNED_ABOVE:
        # Upright, and ECharts leaves out a label that would touch its neighbour (cells
        # narrower than a line of text): at 12 bins the ranges no longer overlap.
        option["xAxis"]["axisLabel"].pop("interval", None)
    return option


def visits_heatmap(
    log_visits: np.ndarray,
    *,
    axes: BinAxes,
    top: int,
    text: Sequence[Sequence[str]] | None = None,
    title: str | None = None,
    height: int = 420,
) -> go.Figure:
    """log10 of the visits per cell, laid out as :func:`bin_heatmap`, as a plotly figure
    for the visits drawn once after a click (zoom and hover for a closer look). Blues from
    0 to ``top``, the colour bar ticked at the counts 1, 10, … 10^top; ``text``: the
    counts written in the cells."""
    z, cells, size = _bin_table(log_visits, axes, text, ".2f")
    colorbar = {
        "tickvals": list(range(top + 1)),
        "ticktext": [f"{10**k:,}" for k in range(top + 1)],
    }
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(axes.x_labels),
            y=list(axes.y_labels),
            text=cells,
            texttemplate="%{text}",
            textfont={"size": size},
            colorscale="Blues",
            zmin=0,
            zmax=top,
            hoverongaps=False,
            colorbar=colorbar,
            xgap=1,
            ygap=1,
        ),
        layout={
            "xaxis": {"type": "category", "tickangle": -40 if len(axes.x_labels) > 5 else 0},
            "yaxis": {"type": "category"},
            "plot_bgcolor": "#f4f4f4",
        },
    )
    _base_layout(fig, title=title, x_title=axes.x_title, y_title=axes.y_title, height=height)
    fig.layout.hovermode = "closest"
    return fig


def greedy_action_heatmap(
    greedy: np.ndarray,
    *,
    action_labels: tuple[str, str, str] = ("← left", "tie", "→ right"),
    **kwargs,
) -> dict:
    """:func:`bin_heatmap` of a greedy action per cell: 0 left, 0.5 tie, 1 right, NaN blank.

    ``action_labels`` name 0, 0.5 and 1 in the colour bar (one piece each); cells show ←,
    = or →.
    """
    z = np.asarray(greedy, dtype=float)
    arrows = {0.0: "←", 0.5: "=", 1.0: "→"}
    text = [["" if math.isnan(v) else arrows.get(v, "") for v in row] for row in z.tolist()]
    left, tie, right = ACTION_COLOURS
    scale = [
        (0.0, left),
        (0.25, left),
        (0.25, tie),
        (0.75, tie),
        (0.75, right),
        (1.0, right),
    ]
    return bin_heatmap(
        z,
        text=text,
        colorscale=scale,
        zmin=0.0,
        zmax=1.0,
        tick_values=[0.0, 0.5, 1.0],
        tick_texts=list(action_labels),
        text_size=16,  # black or white per cell, whichever reads
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
