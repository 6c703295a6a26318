"""Concept charts as ECharts options: losses of the TD error (Huber against squared) and
per-step bars (rewards, discounted terms, returns).

>>> option = grouped_bars(["r0", "r1"], {"G": [0.5, 1.0]}, x_title="t", y_title="G")
>>> option["series"][0]["data"], option["xAxis"]["data"]
([[0, 0.5, '0.5'], [1, 1, '1']], ['r0', 'r1'])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from webui.charts import options
from webui.charts.common import PALETTE, SOLVED_LINE

VLINE = {"color": "#555555", "dash": "dot", "width": 2}
"""Style of vertical markers (±κ where Huber turns linear): dotted grey."""


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
) -> dict[str, Any]:
    """Named curves over a shared x (e.g. losses of the TD error δ), with dotted vertical
    markers (e.g. ±κ where Huber turns linear; the label by the rightmost). Series named
    in ``dashed`` are dashed."""
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.value_axis(x_title, kind="x")
    option["yAxis"] = options.value_axis(y_title, kind="y")
    xs = np.asarray(x, dtype=float)
    lines = [
        options.line_series(
            name,
            options.points(xs, np.asarray(values, dtype=float)),
            colour=PALETTE[i % len(PALETTE)],
            index=i,
            width=3,
            dash="dash" if name in dashed else "solid",
        )
        for i, (name, values) in enumerate(series.items())
    ]
    right = max(vlines) if vlines else None
    markers = [
        options.reference_line("x", v, vline_label if v == right else None, VLINE) for v in vlines
    ]
    option["series"] = lines + markers
    if len(lines) > 1:
        options.legend(option, [line["name"] for line in lines])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return option


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
) -> dict[str, Any]:
    """Bars per label, one colour per series, values written on the bars (up to 16
    labels), and a dotted green line at ``hline`` labelled at its left end (the last bars,
    the reward that ends an episode, sit right). The value axis starts at zero."""
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.category_axis(labels, x_title)
    option["yAxis"] = options.value_axis(y_title, kind="y") | {"scale": False}
    bars = []
    for i, (name, values) in enumerate(series.items()):
        ys = np.asarray(values, dtype=float).tolist()
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        if len(labels) <= 16:
            texts = [format(v, value_format) for v in ys]
            bars.append(options.labelled_bars(name, ys, texts, colour))
        else:
            data = [options.plain(v) for v in ys]
            bars.append({"type": "bar", "name": name, "data": data, "color": colour})
    option["series"] = list(bars)
    if hline is not None:
        option["series"].append(options.reference_line("y", hline, hline_label, SOLVED_LINE))
    if len(bars) > 1:
        options.legend(option, [bar["name"] for bar in bars])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return option
