"""Concept charts: losses of the TD error (Huber against squared) and per-step bars
(rewards, discounted terms, returns)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from webui.charts.common import PALETTE, SOLVED_LINE, _hline, _layout_dict


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
