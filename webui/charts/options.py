"""ECharts option pieces the builders share: the frame (title, grid, legend, tooltip),
value and category axes, line series, labelled bars and reference lines.

Builders compose these from data into a complete option, a plain JSON dict that goes
straight to ``st.echarts_chart``. One key is ours, not ECharts': ``"height"``, the chart's
height in px, which :func:`webui.charts.live_chart` takes out before drawing.

>>> option = frame(title="Loss", height=340)
>>> option["title"]["text"], option["height"]
('Loss', 340)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

FONT_SIZE = 15
"""Text size (px) of titles and axis names: readable on a projector."""

LTTB_ABOVE = 1_500
"""Line series longer than this are drawn downsampled (ECharts' LTTB keeps peaks)."""

LOG_TICKS = "10{sup|{value}}"
"""Tick labels of a log y axis (drawn as log10 on a value axis): 10 with the power raised."""

DASH = {"dash": "dashed", "dot": "dotted", "solid": "solid"}
"""ECharts' names for the line styles of :data:`webui.charts.common.OPTIMUM_LINE` & co."""


def plain(value: Any) -> Any:
    """A JSON number (an int when whole), or ``None`` for a gap (NaN, ±inf, None)."""
    if value is None:
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def frame(*, title: str | None, height: int) -> dict[str, Any]:
    """An option's frame: no animation (redrawn live), projector-sized text, the title at
    the top left, a grid with room for axis names, and the chart's ``height``."""
    option: dict[str, Any] = {
        "animation": False,
        "textStyle": {"fontSize": FONT_SIZE - 2},
        "grid": {"left": 60, "right": 20, "top": 50 if title else 25, "bottom": 40},
        "height": height,
    }
    if title:
        option["title"] = {
            "text": title,
            "left": 8,
            "top": 6,
            "textStyle": {"fontSize": FONT_SIZE + 2, "fontWeight": "normal"},
        }
    return option


def value_axis(
    name: str,
    *,
    kind: str,
    log: bool = False,
    from_zero: bool = False,
    limits: Sequence[float] | None = None,
) -> dict[str, Any]:
    """A value axis named ``name`` in its middle. The x axis spans the data (from 0 with
    ``from_zero``), the y axis the data's range (``scale``: it need not include 0);
    ``limits`` fix ``[low, high]`` (log10 units on a log y axis).

    A log y axis is a value axis of log10 y (see :func:`points`) with one tick per power
    of ten written 10ᵏ: ECharts' own log axis writes 0.0000000001 and takes no number
    format without JavaScript. A log x axis (β from 0.1 to 10) is ECharts' own: its ticks
    0.1, 1, 10 read well over a few decades.
    """
    axis: dict[str, Any] = {
        "type": "value",
        "name": name,
        "nameLocation": "middle",
        "nameGap": 30 if kind == "x" else 48,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {"fontSize": FONT_SIZE - 3},
        "scale": kind == "y" and not log,
        "splitLine": {"lineStyle": {"color": "#e6e6e6"}},
    }
    if log and kind == "x":
        return axis | {"type": "log", "min": "dataMin", "max": "dataMax", "scale": False}
    if log:
        axis["minInterval"] = 1
        axis["axisLabel"] |= {
            "formatter": LOG_TICKS,
            "rich": {
                "sup": {"fontSize": FONT_SIZE - 6, "verticalAlign": "top", "padding": [0, 0, 8, 0]}
            },
        }
    if kind == "x":
        axis |= {"scale": not from_zero, "min": 0 if from_zero else "dataMin", "max": "dataMax"}
    if limits is not None:
        axis |= {"min": plain(limits[0]), "max": plain(limits[1]), "scale": False}
    return axis


def category_axis(labels: Sequence[str], name: str) -> dict[str, Any]:
    """A category x axis (bars) with ``labels`` in order, named in its middle."""
    return {
        "type": "category",
        "data": [str(label) for label in labels],
        "name": name,
        "nameLocation": "middle",
        "nameGap": 30,
    }


def points(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    log_x: bool = False,
    log_y: bool = False,
) -> list[list]:
    """A line's points: ``[x, y]``, or ``[x, log10 y, y]`` on a log y axis (drawn at
    log10 y, the tooltip shows y); ``None`` for every gap (NaN, ±inf, no logarithm).
    Built with numpy: live views redraw curves of thousands of points several times a
    second."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = min(xs.size, ys.size)
    xs, ys = xs[:n], ys[:n]
    if log_x:  # a log axis has no place for x <= 0
        xs = np.where(xs > 0, xs, np.nan)
    columns = [xs, ys]
    if log_y:
        with np.errstate(divide="ignore", invalid="ignore"):
            columns = [xs, np.where(ys > 0, np.log10(np.where(ys > 0, ys, 1.0)), np.nan), ys]
    table = np.column_stack(columns)
    table[~np.isfinite(table)] = np.nan
    rows: list[list] = table.tolist()
    for row, col in zip(*np.nonzero(np.isnan(table)), strict=True):
        rows[row][col] = None
    return rows


def line_series(
    name: str,
    data: list[list],
    *,
    colour: str,
    index: int,
    width: float = 2,
    dash: str = "solid",
    markers: bool = False,
    line: bool = True,
    opacity: float = 1.0,
    symbol: str = "circle",
    symbol_size: int = 6,
    log_y: bool = False,
) -> dict[str, Any]:
    """A line series (stacked above earlier ones by ``index``): ``markers`` at its
    points, no ``line`` for markers alone, faint with ``opacity`` < 1. Points from
    :func:`points` (``log_y``: the tooltip shows y, not its log10)."""
    series: dict[str, Any] = {
        "type": "line",
        "name": name,
        "data": data,
        "showSymbol": markers,
        "symbol": symbol,
        "symbolSize": symbol_size,
        "lineStyle": {
            "width": width if line else 0,
            "type": DASH.get(dash, dash),
            "opacity": opacity if line else 0,
        },
        "itemStyle": {"opacity": opacity},
        "connectNulls": False,
        "z": 2 + index,
        "emphasis": {"disabled": True},
        "color": colour,
    }
    if len(data) > LTTB_ABOVE:
        series["sampling"] = "lttb"
    if log_y:
        series["encode"] = {"x": 0, "y": 1, "tooltip": [2]}
    return series


def labelled_bars(name: str, values: Sequence[float], texts: Sequence[str], colour: str) -> dict:
    """A bar series with ``texts`` written above its bars: each bar is a plain
    ``[category, value, text]`` and the label template reads the text."""
    data = [[i, plain(v), str(t)] for i, (v, t) in enumerate(zip(values, texts, strict=True))]
    return {
        "type": "bar",
        "name": name,
        "data": data,
        "encode": {"x": 0, "y": 1},
        "label": {
            "show": True,
            "position": "top",
            "formatter": "{@[2]}",
            "fontSize": FONT_SIZE - 3,
        },
        "color": colour,
    }


def reference_line(
    axis: str, at: float, label: str | None, style: dict, *, log: bool = False
) -> dict[str, Any]:
    """A horizontal (``axis="y"``) or vertical (``"x"``) line across the plot with its
    label (at the left end of a horizontal line, the top of a vertical one), as a series
    of no points holding a markLine. ``style`` is ``{"color", "width", "dash"}``.
    On a log y axis (``log``) the line is drawn at log10 of ``at`` (see
    :func:`value_axis`); ``value`` keeps the line's value for readers."""
    drawn_at = math.log10(at) if log and axis == "y" and at > 0 else at
    colour = style.get("color", "#555555")
    return {
        "type": "line",
        "name": label or "",
        "data": [],
        "silent": True,
        "tooltip": {"show": False},
        "markLine": {
            "silent": True,
            "symbol": "none",
            "animation": False,
            "lineStyle": {
                "color": colour,
                "width": style.get("width", 2),
                "type": DASH.get(style.get("dash", "solid"), "solid"),
            },
            "label": {
                "show": bool(label),
                "formatter": label or "",
                "position": "insideStartTop" if axis == "y" else "end",
                "fontSize": FONT_SIZE - 2,
                "color": colour,
            },
            "data": [{f"{axis}Axis": plain(drawn_at), "value": plain(at)}],
        },
    }


def legend(option: dict[str, Any], names: Sequence[str]) -> None:
    """A legend of ``names`` under the plot (scrolling when long), with room made for it."""
    option["legend"] = {
        "data": list(names),
        "bottom": 0,
        "left": 0,
        "type": "scroll",
        "textStyle": {"fontSize": FONT_SIZE - 3},
    }
    option["grid"]["bottom"] = 55
