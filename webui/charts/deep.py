"""Deep RL charts (DQN, REINFORCE): return curves, diagnostics as small multiples, and
Q(s, a) or π(a|s) along one episode."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go

from webui.charts import options
from webui.charts.common import (
    ACTION_COLOURS,
    FONT_SIZE,
    MEAN_LABEL,
    OPTIMUM_LINE,
    PALETTE,
    _layout_dict,
    raw_and_mean,
)

PANELS_LEFT_PCT, PANELS_WIDTH_PCT = 7.0, 90.0
"""Where the panels of :func:`small_multiples` sit across the chart, in per cent of its
width (its pixel width is only known in the browser)."""


def small_multiples(
    panels: Sequence[Mapping],
    *,
    x_title: str,
    title: str | None = None,
    columns: int = 2,
    row_height: int = 230,
    mean_label: str = MEAN_LABEL,
) -> dict[str, Any]:
    """Several small line charts sharing an x quantity, in a grid, each with its own title.

    Each panel is a mapping with ``title``, ``x``, ``y``, ``y_title`` and optionally
    ``log_y`` (bool), ``range`` (``[low, high]``), ``colour``, ``smooth`` (a trailing-mean
    window drawn over a faint raw line) and ``hline`` (``(y, name)``: a dashed grey
    reference line across the panel, a series of its own named ``name``); ``mean_label``
    names a trailing mean (``{name}``, ``{window}``). One ECharts
    grid per panel; the shared x quantity is named under the bottom row. Non-finite
    values leave gaps.
    """
    n = len(panels)
    columns = max(1, min(columns, n))
    rows = math.ceil(n / columns)
    h_gap, v_gap = 0.09, 0.16 if rows > 1 else 0.0
    width = (1.0 - h_gap * (columns - 1)) / columns
    height_frac = (1.0 - v_gap * (rows - 1)) / rows
    top_px, bottom_px = (80 if title else 40), 55
    height = (60 if title else 20) + rows * row_height + 40
    plot_px = max(1.0, height - top_px - bottom_px)
    titles: list[dict[str, Any]] = []
    if title:
        titles.append(options.frame(title=title, height=height)["title"])
    grids, x_axes, y_axes, series = [], [], [], []
    for i, panel in enumerate(panels):
        row, col = divmod(i, columns)
        left = col * (width + h_gap)
        top = 1.0 - row * (height_frac + v_gap)
        grids.append(
            {
                "left": f"{PANELS_LEFT_PCT + left * PANELS_WIDTH_PCT:.2f}%",
                "right": f"{100 - PANELS_LEFT_PCT - (left + width) * PANELS_WIDTH_PCT:.2f}%",
                "top": round(top_px + (1 - top) * plot_px),
                "bottom": round(bottom_px + (top - height_frac) * plot_px),
            }
        )
        titles.append(
            {
                "text": panel["title"],
                "left": f"{PANELS_LEFT_PCT + (left + width / 2) * PANELS_WIDTH_PCT:.2f}%",
                "top": round(top_px + (1 - top) * plot_px) - 24,
                "textAlign": "center",
                "textStyle": {"fontSize": FONT_SIZE - 1, "fontWeight": "bold"},
            }
        )
        bottom_row = row == rows - 1 or i + columns >= n
        x_axes.append(
            options.value_axis(x_title if bottom_row else "", kind="x", from_zero=True)
            | {"gridIndex": i}
        )
        log_y = bool(panel.get("log_y"))
        y_axes.append(
            options.value_axis(panel["y_title"], kind="y", log=log_y, limits=panel.get("range"))
            | {"gridIndex": i}
        )
        xs = np.asarray(panel["x"], dtype=float)
        ys = np.asarray(panel["y"], dtype=float)
        if log_y:
            ys = np.where(ys > 0, ys, np.nan)
        colour = panel.get("colour", PALETTE[i % len(PALETTE)])
        on_panel = {"xAxisIndex": i, "yAxisIndex": i}
        lines = raw_and_mean(
            panel["title"],
            xs,
            ys,
            colour=colour,
            index=len(series),
            window=panel.get("smooth"),
            mean_name=mean_label.format(name=panel["title"], window=panel.get("smooth")),
            markers=ys.size <= 40,
            log_y=log_y,
        )
        series += [line | on_panel for line in lines]
        if panel.get("hline") is not None and xs.size:
            y_line, name = panel["hline"]
            line = options.line_series(
                name,
                options.points([np.nanmin(xs), np.nanmax(xs)], [y_line, y_line], log_y=log_y),
                colour=OPTIMUM_LINE["color"],
                index=len(series),
                width=OPTIMUM_LINE["width"],
                dash=OPTIMUM_LINE["dash"],
                log_y=log_y,
            )
            series.append(line | {"tooltip": {"show": False}} | on_panel)
    option = {
        "animation": False,
        "textStyle": {"fontSize": FONT_SIZE - 2},
        "title": titles,
        "grid": grids,
        "xAxis": x_axes,
        "yAxis": y_axes,
        "series": series,
        "tooltip": {"trigger": "axis", "confine": True},
        "height": height,
    }
    return options.long_series_in_datasets(option)


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
