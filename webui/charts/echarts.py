"""The chart builders' plotly figures as ECharts options, for charts drawn in place.

Live charts are ECharts (updated in place under a fixed key; docs/ARCHITECTURE.md says
why). :func:`from_plotly` converts the subset the builders of :mod:`webui.charts` use:
line / marker scatter traces, bars, table heatmaps with their cell text and a highlighted
cell, horizontal and vertical reference lines with their labels, log axes, fixed ranges,
legends, and hand-laid-out subplots (panels from axis domains, panel titles from paper
annotations). Anything else raises ``ValueError`` (use plotly for it). The figure is read
through plotly's public ``to_plotly_json``. The result is plain JSON (lists, floats,
``None`` for gaps), so it can go straight to ``st.echarts_chart``.

>>> from webui.charts import common
>>> fig = common.heatmap([[0.5, float("nan")]], x_labels=["↑", "→"], y_labels=["S0"],
...                      x_title="action", y_title="state")
>>> option = from_plotly(fig)
>>> option["xAxis"]["data"], option["yAxis"]["data"], option["series"][-1]["data"]
(['↑', '→'], ['S0'], [[1, 0, '–']])
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.colors
import plotly.graph_objects as go

FONT_SIZE = 15
"""Text size (px) of titles and axis names: readable on a projector, as the plotly charts."""

LTTB_ABOVE = 1_500
"""Line series longer than this are drawn downsampled (ECharts' LTTB keeps peaks)."""

LOG_TICKS = "10{sup|{value}}"
"""Tick labels of a log axis (drawn as log10 on a value axis): 10 with the power raised."""

BLANK_LABELS_ID = "blank-cell-labels"
"""Series id of the labels written in a table's empty cells ("–" where a wall blocks a
move): ECharts draws no heatmap cell, hence no label, for an empty value."""

_DASH = {"dash": "dashed", "dot": "dotted", "dashdot": "dashed", "longdash": "dashed"}
_SYMBOL = {"diamond": "diamond", "square": "rect", "triangle-up": "triangle"}

__all__ = ["from_plotly"]


def _plain(value: Any) -> Any:
    """A JSON number, or ``None`` for a gap (NaN, ±inf, None)."""
    if value is None:
        return None
    if isinstance(value, (str, bool)):
        return value
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _unpack(trace: dict) -> dict:
    """A trace of a JSON figure with plotly's packed arrays (``{"dtype", "bdata"}``) as
    numpy arrays."""
    out = dict(trace)
    for name, value in trace.items():
        if isinstance(value, dict) and {"dtype", "bdata"} <= value.keys():
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if isinstance(shape, str):  # "64, 4"
                shape = [int(n) for n in shape.split(",")]
            out[name] = array.reshape(shape) if shape else array
    return out


def _values(values: Any) -> list[Any]:
    if values is None:
        return []
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        as_float = array.astype(float)
        out: list[Any] = as_float.tolist()
        if not np.isfinite(as_float).all():
            out = [v if math.isfinite(v) else None for v in out]
        return out
    return [_plain(v) if not isinstance(v, str) else v for v in array.tolist()]


def _axis_title(axis: dict) -> str:
    title = axis.get("title") or {}
    return (title.get("text") if isinstance(title, dict) else title) or ""


def _value_axis(axis: dict, *, kind: str) -> dict:
    """An ECharts value / log axis from a plotly axis (title, type, fixed range)."""
    option: dict[str, Any] = {
        "type": "log" if axis.get("type") == "log" else "value",
        "name": _axis_title(axis),
        "nameLocation": "middle",
        "nameGap": 30 if kind == "x" else 48,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {"fontSize": FONT_SIZE - 3},
        "scale": kind == "y" and axis.get("type") != "log",
        "splitLine": {"lineStyle": {"color": "#e6e6e6"}},
    }
    if option["type"] == "log" and kind == "x":
        # A log x axis (β from 0.1 to 10) is ECharts' own: its ticks 0.1, 1, 10 read well
        # over a few decades, and the tooltip shows x itself.
        option |= {"min": "dataMin", "max": "dataMax", "scale": False}
        return option
    if option["type"] == "log":
        # Plotted as log10 on a value axis, one tick per power of ten written 10ᵏ:
        # ECharts' log axis writes 0.0000000001 and takes no number format without JS.
        option["type"] = "value"
        option["minInterval"] = 1
        option["axisLabel"] |= {
            "formatter": LOG_TICKS,
            "rich": {
                "sup": {"fontSize": FONT_SIZE - 6, "verticalAlign": "top", "padding": [0, 0, 8, 0]}
            },
        }
    if kind == "x":
        option["scale"] = axis.get("rangemode") != "tozero"
        option["min"] = 0 if axis.get("rangemode") == "tozero" else "dataMin"
        option["max"] = "dataMax"
    if axis.get("range") and option["type"] == "value":
        low, high = axis["range"]
        option["min"], option["max"] = _plain(low), _plain(high)
        option["scale"] = False
    return option


def _numbers(values: Any) -> np.ndarray | None:
    """``values`` as a float array (NaN for a gap), or None when they are not numbers."""
    if values is None:
        return None
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        return array.astype(float)
    if array.dtype.kind == "O" and all(v is None or isinstance(v, (int, float)) for v in array):
        return np.array([np.nan if v is None else v for v in array], dtype=float)
    return None


def _points(xs: Any, ys: Any, *, log_x: bool, log_y: bool) -> list[list[Any]]:
    """A line's points: ``[x, y]``, or ``[x, log10 y, y]`` on a log y axis (drawn at
    log10 y, the tooltip shows y); ``None`` for every gap (NaN, ±inf, no logarithm).

    Built with numpy: a live view redraws curves of thousands of points several times a
    second (a 5,000-episode curve and its log chart: 3.2 ms in a Python loop, 2.6 ms here).
    """
    y = _numbers(ys)
    x = _numbers(xs)
    if y is None or (xs is not None and x is None):
        # Labels on x (or y) that are not numbers: the plain, slower path.
        x_list = _values(xs) or list(range(len(_values(ys))))
        return [[a, b] for a, b in zip(x_list, _values(ys), strict=False)]
    if x is None or x.size == 0:
        x = np.arange(y.size, dtype=float)
    n = min(x.size, y.size)
    x, y = x[:n], y[:n]
    if log_x:  # a log axis has no place for x <= 0
        x = np.where(x > 0, x, np.nan)
    columns = [x, y]
    if log_y:
        with np.errstate(divide="ignore", invalid="ignore"):
            columns = [x, np.where(y > 0, np.log10(np.where(y > 0, y, 1.0)), np.nan), y]
    table = np.column_stack(columns)
    table[~np.isfinite(table)] = np.nan
    points: list[list[Any]] = table.tolist()
    for row, col in zip(*np.nonzero(np.isnan(table)), strict=True):
        points[row][col] = None
    return points


def _line_series(trace: dict, index: int, *, log_y: bool = False, log_x: bool = False) -> dict:
    mode = trace.get("mode") or "lines"
    line = trace.get("line") or {}
    marker = trace.get("marker") or {}
    colour = line.get("color") or marker.get("color")
    opacity = trace.get("opacity", 1.0)
    points = _points(trace.get("x"), trace.get("y"), log_x=log_x, log_y=log_y)
    series: dict[str, Any] = {
        "type": "line",
        "name": trace.get("name") or "",
        "data": points,
        "showSymbol": "markers" in mode,
        "symbol": _SYMBOL.get(marker.get("symbol"), "circle"),
        "symbolSize": marker.get("size", 6),
        "lineStyle": {
            "width": line.get("width", 2) if "lines" in mode else 0,
            "type": _DASH.get(line.get("dash"), "solid"),
            "opacity": opacity if "lines" in mode else 0,
        },
        "itemStyle": {"opacity": opacity},
        "connectNulls": False,
        "z": 2 + index,
        "emphasis": {"disabled": True},
    }
    if colour:
        series["color"] = colour
    if len(points) > LTTB_ABOVE:
        series["sampling"] = "lttb"
    if log_y:
        series["encode"] = {"x": 0, "y": 1, "tooltip": [2]}
    if trace.get("hoverinfo") == "skip":
        series["tooltip"] = {"show": False}
    return series


def _bar_series(trace: dict) -> dict:
    marker = trace.get("marker") or {}
    ys = _values(trace.get("y"))
    series: dict[str, Any] = {"type": "bar", "name": trace.get("name") or "", "data": ys}
    text = trace.get("text")
    if text is not None and not isinstance(text, str):
        # [category, value, text]: the label template writes the text above the bar.
        series["data"] = [[i, y, str(t)] for i, (y, t) in enumerate(zip(ys, text, strict=False))]
        series["encode"] = {"x": 0, "y": 1}
        series["label"] = {
            "show": True,
            "position": "top",
            "formatter": "{@[2]}",
            "fontSize": FONT_SIZE - 3,
        }
    if isinstance(marker.get("color"), str):
        series["color"] = marker["color"]
    return series


def _reference_lines(layout: dict) -> list[dict]:
    """Horizontal lines across the plot (plotly line shapes with y0 == y1) and vertical
    ones (x0 == x1, from ``add_vline``) with their labels (the annotation at the same
    height, or at the same x), as invisible series holding a markLine."""
    log = {axis: (layout.get(f"{axis}axis") or {}).get("type") == "log" for axis in ("x", "y")}
    labels = list(layout.get("annotations") or [])
    series: list[dict] = []
    for shape in layout.get("shapes") or []:
        if shape.get("type") != "line":
            continue
        if shape.get("y0") == shape.get("y1"):
            axis = "y"
        elif shape.get("x0") == shape.get("x1") and shape.get("yref") == "y domain":
            axis = "x"
        else:
            continue
        at = float(shape[f"{axis}0"])
        # On a log axis plotly places an annotation at log10 of the value (plotly.js#1258).
        label_at = math.log10(at) if log[axis] and at > 0 else at
        text = next(
            (
                a.get("text")
                for a in labels
                if a.get(axis) is not None and math.isclose(float(a[axis]), label_at, abs_tol=1e-9)
            ),
            None,
        )
        # A log y axis is drawn as log10 (see _value_axis); a log x axis is ECharts' own.
        drawn_at = label_at if axis == "y" else at
        line = shape.get("line") or {}
        series.append(
            {
                "type": "line",
                "name": text or "",
                "data": [],
                "silent": True,
                "tooltip": {"show": False},
                "markLine": {
                    "silent": True,
                    "symbol": "none",
                    "animation": False,
                    "lineStyle": {
                        "color": line.get("color", "#555555"),
                        "width": line.get("width", 2),
                        "type": _DASH.get(line.get("dash"), "solid"),
                    },
                    "label": {
                        "show": bool(text),
                        "formatter": text or "",
                        "position": "insideStartTop" if axis == "y" else "end",
                        "fontSize": FONT_SIZE - 2,
                        "color": line.get("color", "#555555"),
                    },
                    # ``value`` (unused by the fixed label) keeps the value itself for readers.
                    "data": [{f"{axis}Axis": _plain(drawn_at), "value": _plain(at)}],
                },
            }
        )
    return series


def _colours(colorscale: Any) -> list[tuple[float, str]]:
    if isinstance(colorscale, str):
        colorscale = plotly.colors.get_colorscale(colorscale)
    return [(float(stop), str(colour)) for stop, colour in colorscale]


def _rgb(colour: str) -> tuple[float, float, float]:
    if colour.startswith("#"):
        r, g, b = plotly.colors.hex_to_rgb(colour)
        return float(r), float(g), float(b)
    r, g, b = plotly.colors.unlabel_rgb(colour)[:3]
    return float(r), float(g), float(b)


def _text_colours(fractions: np.ndarray, stops: list[tuple[float, str]]) -> np.ndarray:
    """Per cell, black or white: whichever reads better on the scale's colour there."""
    positions = np.array([stop for stop, _ in stops])
    rgb = np.array([_rgb(colour) for _, colour in stops])
    at = np.clip(np.nan_to_num(fractions, nan=0.0), 0.0, 1.0).ravel()
    luminance = sum(
        weight * np.interp(at, positions, rgb[:, i])
        for i, weight in enumerate((0.299, 0.587, 0.114))
    )
    return np.where(luminance / 255 > 0.55, "#111111", "#ffffff").reshape(fractions.shape)


def _visual_map(colorbar: dict, stops: list[tuple[float, str]], low: float, high: float) -> dict:
    """The colour bar: pieces for a stepwise scale (plotly's repeated stops, e.g. the
    greedy-action colours), else a gradient labelled at its ends (with the colour bar's
    own tick texts when it has them)."""
    common = {
        "dimension": 2,
        "orient": "vertical",
        "right": 4,
        "top": "middle",
        "textStyle": {"fontSize": FONT_SIZE - 3},
    }
    tick_values = list(colorbar.get("tickvals") or [])
    tick_texts = list(colorbar.get("ticktext") or [])
    steps = [
        (a, b, colour)
        for (a, colour), (b, colour_b) in zip(stops, stops[1:], strict=False)
        if colour == colour_b and b > a
    ]
    if steps and len(steps) * 2 == len(stops):
        pieces = []
        for a, b, colour in steps:
            lo, hi = low + a * (high - low), low + b * (high - low)
            label = next(
                (text for v, text in zip(tick_values, tick_texts, strict=False) if lo <= v <= hi),
                f"{lo:.3g}–{hi:.3g}",
            )
            pieces.append({"gte": _plain(lo), "lte": _plain(hi), "color": colour, "label": label})
        return common | {"type": "piecewise", "pieces": pieces, "itemGap": 6}
    title = _axis_title(colorbar)
    top_text = tick_texts[-1] if tick_texts else f"{high:.3g}"
    low_text = tick_texts[0] if tick_texts else f"{low:.3g}"
    return common | {
        "type": "continuous",
        "min": _plain(low),
        "max": _plain(high),
        "calculable": False,
        "itemHeight": 140,
        "itemWidth": 14,
        "text": [f"{title} {top_text}".strip(), low_text],
        "inRange": {"color": [colour for _, colour in stops]},
    }


def _text_px(texts: Sequence[str], font_size: float) -> int:
    """About how wide the widest of ``texts`` is drawn, in px (0.6 em a character)."""
    return round(max((len(str(t)) for t in texts), default=0) * 0.6 * font_size)


def _visual_map_px(visual_map: dict) -> int:
    """About how wide a colour bar is drawn, with its labels."""
    font = visual_map["textStyle"]["fontSize"]
    if visual_map["type"] == "piecewise":  # a swatch, a gap, the label
        return 30 + _text_px([p["label"] for p in visual_map["pieces"]], font)
    # The gradient with its end texts centred on it.
    return max(visual_map["itemWidth"], _text_px(visual_map["text"], font))


def _heatmap(trace: dict, layout: dict) -> tuple[dict, dict, dict, list[dict]]:
    """(xAxis, yAxis, visualMap, series) of a table heatmap with its cell text."""
    z = np.asarray(trace.get("z"), dtype=float)
    if z.ndim != 2:
        raise ValueError(f"a heatmap needs a 2-D z, got shape {z.shape}")
    rows, cols = z.shape
    x_given, y_given = trace.get("x"), trace.get("y")
    x_labels = [str(v) for v in (range(cols) if x_given is None else x_given)]
    y_labels = [str(v) for v in (range(rows) if y_given is None else y_given)]
    text = trace.get("text")
    finite = z[np.isfinite(z)]
    low = trace.get("zmin")
    high = trace.get("zmax")
    low = float(finite.min()) if low is None and finite.size else float(low or 0.0)
    high = float(finite.max()) if high is None and finite.size else float(high or 1.0)
    if high <= low:
        high = low + 1e-9
    stops = _colours(trace.get("colorscale") or "Blues")
    if trace.get("reversescale"):
        stops = [(1 - s, c) for s, c in reversed(stops)]
    highlight = None
    for shape in layout.get("shapes") or []:
        if shape.get("type") == "rect":
            highlight = (
                round((shape["y0"] + shape["y1"]) / 2),
                round((shape["x0"] + shape["x1"]) / 2),
            )
    # Cells go to one of two series by the ink that reads on them (white on dark, black
    # on pale), each cell as a plain [x, y, value, text] with the label template reading
    # the text: per-cell label options made ECharts lay out every label anew per redraw
    # (~0.1 s a redraw for the 8×8 maze's 256 cells in headless Chromium).
    # Halved first: a diverged table spans more than the largest float (inf − −inf).
    with np.errstate(invalid="ignore"):
        ink = _text_colours((z / 2 - low / 2) / (high / 2 - low / 2), stops)
    groups: dict[str, list[Any]] = {"#111111": [], "#ffffff": []}
    blank_labels: list[list[Any]] = []
    for r in range(rows):
        for c in range(cols):
            value = z[r, c]
            label = text[r][c] if text is not None else f"{value:.2f}"
            finite = math.isfinite(value)
            cell: Any = [c, r, _plain(value) if finite else "-", str(label)]
            if highlight == (r, c):
                cell = {"value": cell, "itemStyle": {"borderColor": "#d62728", "borderWidth": 3}}
            groups[str(ink[r, c]) if finite else "#111111"].append(cell)
            if not finite and str(label):
                blank_labels.append([c, r, str(label)])
    x_axis = layout.get("xaxis") or {}
    y_axis = layout.get("yaxis") or {}
    x_option = {
        "type": "category",
        "data": x_labels,
        "position": "top" if x_axis.get("side") == "top" else "bottom",
        "name": _axis_title(x_axis),
        "nameLocation": "middle",
        "nameGap": 28,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {
            "fontSize": FONT_SIZE - 2,
            "interval": 0,  # every bin labelled, as plotly does
            "rotate": -(x_axis.get("tickangle") or 0)
            or (30 if cols >= 4 and max(map(len, x_labels)) > 6 else 0),
        },
        "axisTick": {"show": False},
    }
    y_option = {
        "type": "category",
        "data": y_labels,
        "inverse": y_axis.get("autorange") == "reversed",
        "name": _axis_title(y_axis),
        "nameLocation": "middle",
        "nameGap": 42,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {
            "fontSize": (y_axis.get("tickfont") or {}).get("size", FONT_SIZE - 2),
            "interval": 0,
        },
        "axisTick": {"show": False},
    }
    colorbar = trace.get("colorbar") or {}
    visual_map = _visual_map(colorbar, stops, low, high)
    font_size = (trace.get("textfont") or {}).get("size", FONT_SIZE - 2)
    series = [
        {
            "type": "heatmap",
            "name": trace.get("name") or "",
            "data": cells,
            "label": {"show": True, "fontSize": font_size, "color": colour, "formatter": "{@[3]}"},
            "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1},
            "emphasis": {"disabled": True},
        }
        for colour, cells in groups.items()
    ]
    if blank_labels:
        # The empty cell shows the grid's background (the layout's plot_bgcolor); its
        # label is a symbol-less point at the cell's centre, outside the colour scale.
        visual_map["seriesIndex"] = list(range(len(series)))
        series.append(
            {
                "type": "scatter",
                "id": BLANK_LABELS_ID,
                "name": "",
                "data": blank_labels,
                "symbolSize": 0,
                "silent": True,
                "tooltip": {"show": False},
                "label": {
                    "show": True,
                    "position": "inside",
                    "fontSize": font_size,
                    "color": "#666666",
                    "formatter": "{@[2]}",
                },
                "z": 3,
            }
        )
    return x_option, y_option, visual_map, series


def from_plotly(fig: go.Figure | dict) -> dict:
    """The ECharts option drawing ``fig`` (a figure of :mod:`webui.charts`).

    Raises ``ValueError`` for what it does not convert (heatmap subplots, other trace
    types).
    """
    spec = fig.to_plotly_json() if isinstance(fig, go.Figure) else fig
    traces: Sequence[dict] = [_unpack(trace) for trace in spec.get("data") or []]
    layout: dict = dict(spec.get("layout") or {})
    kinds = {trace.get("type", "scatter") for trace in traces}
    if any(key[:5] == "xaxis" and key[5:] for key in layout):
        if "heatmap" in kinds:
            raise ValueError("heatmap subplots are not converted")
        return _subplots(traces, layout, bars="bar" in kinds)
    if not kinds <= {"scatter", "bar", "heatmap"} or ("heatmap" in kinds and len(traces) > 1):
        raise ValueError(f"trace types {sorted(kinds)} are not converted")
    title = (layout.get("title") or {}).get("text")
    margin = layout.get("margin") or {}
    option: dict[str, Any] = {
        "animation": False,
        "textStyle": {"fontSize": FONT_SIZE - 2},
        "grid": {
            "left": max(60, margin.get("l", 60)),
            "right": max(20, margin.get("r", 20)),
            "top": 50 if title else 25,
            "bottom": 40,
        },
    }
    if title:
        option["title"] = {
            "text": title,
            "left": 8,
            "top": 6,
            "textStyle": {"fontSize": FONT_SIZE + 2, "fontWeight": "normal"},
        }
    if "heatmap" in kinds:
        x_axis, y_axis, visual_map, series = _heatmap(traces[0], layout)
        on_top = x_axis["position"] == "top"
        # Margins sized to the labels, and no automatic outer bounds: ECharts 6 shrinks
        # the grid by its own guess of what overflows, which left a 9 × 4 table 90 px wide
        # in a third of the page.
        label_px = _text_px(y_axis["data"], y_axis["axisLabel"]["fontSize"])
        y_axis["nameGap"] = label_px + 12
        # Tick labels turned by 30°: their height is half their length.
        x_label_px = x_axis["axisLabel"]["fontSize"] + 4
        if x_axis["axisLabel"]["rotate"]:
            x_label_px += _text_px(x_axis["data"], x_axis["axisLabel"]["fontSize"]) // 2
        x_axis["nameGap"] = x_label_px + 12
        option["grid"] |= {
            "left": max(label_px + 40, 48),
            "right": _visual_map_px(visual_map) + 16,
            "top": (50 if title else 25) + (x_label_px + 30 if on_top else 0),
            "bottom": 10 if on_top else x_label_px + 40,
            "outerBoundsMode": "none",
        }
        if layout.get("plot_bgcolor"):  # unvisited (blank) cells read as such
            option["grid"] |= {"show": True, "backgroundColor": layout["plot_bgcolor"]}
        option |= {"xAxis": x_axis, "yAxis": y_axis, "visualMap": visual_map}
        option["series"] = series
        option["tooltip"] = {"position": "top"}
        return option
    x_axis = layout.get("xaxis") or {}
    y_axis = layout.get("yaxis") or {}
    bars = "bar" in kinds
    if bars:
        x_option: dict[str, Any] = {
            "type": "category",
            "data": [str(v) for v in _values(traces[0].get("x"))],
            "name": _axis_title(x_axis),
            "nameLocation": "middle",
            "nameGap": 30,
        }
        series = [_bar_series(t) for t in traces]
    else:
        x_option = _value_axis(x_axis, kind="x")
        log_y = y_axis.get("type") == "log"
        log_x = x_axis.get("type") == "log"
        series = [_line_series(t, i, log_y=log_y, log_x=log_x) for i, t in enumerate(traces)]
    option["xAxis"] = x_option
    option["yAxis"] = _value_axis(y_axis, kind="y")
    if bars:  # a bar's length is its value: the axis starts at zero, as in plotly
        option["yAxis"]["scale"] = False
    option["series"] = series + _reference_lines(layout)
    named = [s["name"] for s in series if s["name"]]
    show_legend = layout.get("showlegend")
    if show_legend is None:
        show_legend = len(named) > 1
    if show_legend and named:
        option["legend"] = {
            "data": named,
            "bottom": 0,
            "left": 0,
            "type": "scroll",
            "textStyle": {"fontSize": FONT_SIZE - 3},
        }
        option["grid"]["bottom"] = 55
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return option


PLOT_LEFT_PCT, PLOT_WIDTH_PCT = 7.0, 90.0
"""Where subplots sit across the chart (per cent of its width): plotly's domains are
fractions of the plot area, whose pixel width is only known in the browser."""


def _axis_index(ref: str | None) -> int:
    """``"x"`` → 0, ``"x3"`` → 2."""
    return 0 if not ref or len(ref) == 1 else int(ref[1:]) - 1


def _subplots(traces: Sequence[dict], layout: dict, *, bars: bool) -> dict:
    """Hand-laid-out plotly subplots (``xaxis2``, ``yaxis2`` … with domains) as ECharts
    grids, one per x axis, with the panel titles (paper annotations) as titles."""
    height = float(layout.get("height") or 400)
    margin = layout.get("margin") or {}
    top, bottom = float(margin.get("t", 50)), float(margin.get("b", 60))
    plot_h = max(1.0, height - top - bottom)
    names = sorted(
        (key for key in layout if key[:5] == "xaxis"), key=lambda k: _axis_index("x" + k[5:])
    )
    grids, x_axes, y_axes = [], [], []
    for i, name in enumerate(names):
        x_axis = layout[name] or {}
        y_name = "yaxis" + (x_axis.get("anchor") or "y")[1:]
        y_axis = layout.get(y_name) or {}
        a, b = x_axis.get("domain") or (0.0, 1.0)
        c, d = y_axis.get("domain") or (0.0, 1.0)
        grids.append(
            {
                "left": f"{PLOT_LEFT_PCT + a * PLOT_WIDTH_PCT:.2f}%",
                "right": f"{100 - PLOT_LEFT_PCT - b * PLOT_WIDTH_PCT:.2f}%",
                "top": round(top + (1 - d) * plot_h),
                "bottom": round(bottom + c * plot_h),
            }
        )
        if bars:
            x_option: dict[str, Any] = {
                "type": "category",
                "data": [],
                "name": _axis_title(x_axis),
                "nameLocation": "middle",
                "nameGap": 62,
                "axisLabel": {"rotate": -(x_axis.get("tickangle") or 0), "fontSize": 11},
            }
        else:
            x_option = _value_axis(x_axis, kind="x")
        if c > 0:  # the x quantity is shared: named under the bottom row only
            x_option["name"] = ""
        x_axes.append(x_option | {"gridIndex": i})
        y_option = _value_axis(y_axis, kind="y") | {"gridIndex": i}
        if bars:
            y_option["scale"] = False  # bars start at zero
        if bars and i:
            y_option["name"] = ""  # one shared y axis in plotly: named once
        y_axes.append(y_option)
    series = []
    for n, trace in enumerate(traces):
        index = _axis_index(trace.get("xaxis"))
        if bars:
            one = _bar_series(trace)
            x_axes[index]["data"] = [str(v) for v in _values(trace.get("x"))]
        else:
            log_y = y_axes[index]["axisLabel"].get("formatter") == LOG_TICKS
            one = _line_series(trace, n, log_y=log_y)
        series.append(one | {"xAxisIndex": index, "yAxisIndex": index})
    titles = []
    main = (layout.get("title") or {}).get("text")
    if main:
        titles.append(
            {
                "text": main,
                "left": 8,
                "top": 6,
                "textStyle": {"fontSize": FONT_SIZE + 2, "fontWeight": "normal"},
            }
        )
    for note in layout.get("annotations") or []:
        if note.get("xref") == "paper" and note.get("yref") == "paper":
            text = str(note.get("text", "")).replace("<b>", "").replace("</b>", "")
            titles.append(
                {
                    "text": text,
                    "left": f"{PLOT_LEFT_PCT + float(note['x']) * PLOT_WIDTH_PCT:.2f}%",
                    "top": round(top + (1 - float(note["y"])) * plot_h) - 24,
                    "textAlign": "center",
                    "textStyle": {"fontSize": FONT_SIZE - 1, "fontWeight": "bold"},
                }
            )
    return {
        "animation": False,
        "textStyle": {"fontSize": FONT_SIZE - 2},
        "title": titles,
        "grid": grids,
        "xAxis": x_axes,
        "yAxis": y_axes,
        "series": series,
        "tooltip": {"trigger": "axis" if not bars else "item", "confine": True},
    }
