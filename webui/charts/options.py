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

DECIMATE_BUCKETS = 400
"""Buckets a long line is cut into by :func:`decimate` (at most 2 points each, 3 with a
gap, plus the first and last point): about 800 points whatever the run's length, a bucket
about two pixels wide on a full-width chart, so the drawn envelope is the full series'.
Each live redraw sends and draws every point, so fewer keep the redraws frequent. The
data itself (histories, CSV) stays whole."""

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


def decimate(y: Sequence[float] | np.ndarray, buckets: int = DECIMATE_BUCKETS) -> np.ndarray:
    """Indices of the points of ``y`` a chart needs to look the same: the first and the
    last point, and in each of ``buckets`` runs of the points between them, the smallest
    and the largest value (and the first gap, NaN or ±inf, if the run has one: a line
    broken there stays broken). All indices when ``y`` has no more than ``2·buckets + 2``.

    Min/max decimation draws the same envelope as the full series (every peak and dip
    stays), so a redraw sends a bounded number of points however long the run: a live
    chart of 20,000 episodes costs what one of 800 does, on the server and in the browser.

    >>> decimate([5, 1, 9, 2, 8, 3, 7], buckets=2).tolist()
    [0, 1, 2, 4, 5, 6]
    """
    values = np.asarray(y, dtype=float)
    n = values.size
    if n <= 2 * buckets + 2:
        return np.arange(n)
    inner = n - 2
    size = -(-inner // buckets)  # points per bucket, the last one may be short
    rows = -(-inner // size)
    padded = np.full(rows * size, np.nan)
    padded[:inner] = values[1:-1]
    table = padded.reshape(rows, size)
    gap = ~np.isfinite(table)
    lows = np.argmin(np.where(gap, np.inf, table), axis=1)
    highs = np.argmax(np.where(gap, -np.inf, table), axis=1)
    real_gap = gap.copy()
    real_gap.reshape(-1)[inner:] = False  # the padding is no gap in the data
    gaps = np.where(real_gap.any(axis=1), np.argmax(real_gap, axis=1), lows)
    # Per bucket its (up to 3) picks in order; buckets follow each other, so the rows
    # read in turn are in order too, and a pick made twice is dropped where it repeats.
    picks = np.sort(np.stack([lows, highs, gaps], axis=1), axis=1)
    picks += (np.arange(rows) * size)[:, None]
    flat = picks.ravel()
    keep = np.ones(flat.size, dtype=bool)
    keep[1:] = flat[1:] != flat[:-1]
    inside = flat[keep & (flat < inner)] + 1
    return np.concatenate(([0], inside, [n - 1]))


def flat_run_ends(y: Sequence[float] | np.ndarray) -> np.ndarray:
    """Indices of the points of ``y`` a line needs where it runs flat: every point but
    those whose two neighbours have the same value as they do (NaN equals nothing, so a
    gap stays). The line drawn through the kept points is the same, and a flat stretch
    (ε between two halvings, a path length that stopped changing) costs two points.

    >>> flat_run_ends([3, 3, 3, 3, 5, 5, 2]).tolist()
    [0, 3, 4, 5, 6]
    """
    values = np.asarray(y, dtype=float)
    inner = (values[1:-1] == values[:-2]) & (values[1:-1] == values[2:])
    return np.flatnonzero(np.concatenate(([True], ~inner, [True]))[: values.size])


def points(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    log_x: bool = False,
    log_y: bool = False,
) -> list[list]:
    """A line's points: ``[x, y]``, or ``[x, log10 y, y]`` on a log y axis (drawn at
    log10 y, the tooltip shows y); ``None`` for every gap (NaN, ±inf, no logarithm).
    A long line is decimated (:func:`decimate`: the min and max of each bucket, the
    first and last point), its flat stretches sent as their ends (:func:`flat_run_ends`).
    Built with numpy: live views redraw curves of thousands of
    points several times a second."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    n = min(xs.size, ys.size)
    xs, ys = xs[:n], ys[:n]
    if n > 2 * DECIMATE_BUCKETS + 2:
        drawn = np.where(ys > 0, ys, np.nan) if log_y else ys
        kept = decimate(drawn)
        kept = kept[flat_run_ends(drawn[kept])]
        xs, ys = xs[kept], ys[kept]
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


def long_series_in_datasets(option: dict[str, Any]) -> dict[str, Any]:
    """Move the points of every series longer than :data:`LTTB_ABOVE` (a curve over
    thousands of episodes) into the option's ``dataset`` list, as ``{"source": points}``
    the series reads by ``datasetIndex`` (its columns by ``encode``: x, y, and the value a
    log chart's tooltip shows). Short series keep their ``data``. Returns ``option``."""
    datasets = option.setdefault("dataset", [])
    for series in option.get("series") or []:
        data = series.get("data")
        if series.get("type") != "line" or data is None or len(data) <= LTTB_ABOVE:
            continue
        series["datasetIndex"] = len(datasets)
        series.setdefault("encode", {"x": 0, "y": 1})
        datasets.append({"source": series.pop("data")})
    if not datasets:
        del option["dataset"]
    return option


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


COLOUR_SCALES: dict[str, list[tuple[float, str]]] = {
    "Blues": [
        (0.0, "rgb(247,251,255)"),
        (0.125, "rgb(222,235,247)"),
        (0.25, "rgb(198,219,239)"),
        (0.375, "rgb(158,202,225)"),
        (0.5, "rgb(107,174,214)"),
        (0.625, "rgb(66,146,198)"),
        (0.75, "rgb(33,113,181)"),
        (0.875, "rgb(8,81,156)"),
        (1.0, "rgb(8,48,107)"),
    ],
    "Oranges": [
        (0.0, "rgb(255,245,235)"),
        (0.125, "rgb(254,230,206)"),
        (0.25, "rgb(253,208,162)"),
        (0.375, "rgb(253,174,107)"),
        (0.5, "rgb(253,141,60)"),
        (0.625, "rgb(241,105,19)"),
        (0.75, "rgb(217,72,1)"),
        (0.875, "rgb(166,54,3)"),
        (1.0, "rgb(127,39,4)"),
    ],
    "RdBu": [
        (0.0, "rgb(103,0,31)"),
        (0.1, "rgb(178,24,43)"),
        (0.2, "rgb(214,96,77)"),
        (0.30000000000000004, "rgb(244,165,130)"),
        (0.4, "rgb(253,219,199)"),
        (0.5, "rgb(247,247,247)"),
        (0.6000000000000001, "rgb(209,229,240)"),
        (0.7000000000000001, "rgb(146,197,222)"),
        (0.8, "rgb(67,147,195)"),
        (0.9, "rgb(33,102,172)"),
        (1.0, "rgb(5,48,97)"),
    ],
    "Viridis": [
        (0.0, "#440154"),
        (0.1111111111111111, "#482878"),
        (0.2222222222222222, "#3e4989"),
        (0.3333333333333333, "#31688e"),
        (0.4444444444444444, "#26828e"),
        (0.5555555555555556, "#1f9e89"),
        (0.6666666666666666, "#35b779"),
        (0.7777777777777777, "#6ece58"),
        (0.8888888888888888, "#b5de2b"),
        (1.0, "#fde725"),
    ],
}
"""The colour scales the tables use, as ``(position 0…1, colour)`` stops (ColorBrewer's
Blues, Oranges and RdBu, matplotlib's Viridis)."""

BLANK_LABELS_ID = "blank-cell-labels"
"""Series id of the labels written in a table's empty cells ("–" where a wall blocks a
move): ECharts draws no heatmap cell, hence no label, for an empty value."""

HIGHLIGHT_STYLE = {"borderColor": "#d62728", "borderWidth": 3}
"""The outline of a table's highlighted cell (the Q value just updated)."""


def _rgb(colour: str) -> tuple[float, float, float]:
    """``"#rrggbb"`` or ``"rgb(r, g, b)"`` as three floats 0…255."""
    if colour.startswith("#"):
        return tuple(float(int(colour[i : i + 2], 16)) for i in (1, 3, 5))  # type: ignore[return-value]
    r, g, b = (float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return r, g, b


def text_colours(fractions: np.ndarray, stops: Sequence[tuple[float, str]]) -> np.ndarray:
    """Per cell, black or white: whichever reads better on the scale's colour there
    (``fractions``: where each cell sits on the scale, 0…1)."""
    positions = np.array([stop for stop, _ in stops])
    rgb = np.array([_rgb(colour) for _, colour in stops])
    at = np.clip(np.nan_to_num(fractions, nan=0.0), 0.0, 1.0).ravel()
    luminance = sum(
        weight * np.interp(at, positions, rgb[:, i])
        for i, weight in enumerate((0.299, 0.587, 0.114))
    )
    return np.where(luminance / 255 > 0.55, "#111111", "#ffffff").reshape(fractions.shape)


def colour_bar(
    stops: Sequence[tuple[float, str]],
    low: float,
    high: float,
    *,
    title: str = "",
    tick_values: Sequence[float] = (),
    tick_texts: Sequence[str] = (),
) -> dict[str, Any]:
    """The colour bar (a visualMap on the cells' value): labelled pieces for a stepwise
    scale (stops repeated in pairs, e.g. the greedy-action colours; each piece named by
    the tick text inside it), else a gradient labelled at its ends (``title`` and the top
    value, the bottom value; tick texts replace the values when given)."""
    common = {
        "dimension": 2,
        "orient": "vertical",
        "right": 4,
        "top": "middle",
        "textStyle": {"fontSize": FONT_SIZE - 3},
    }
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
            pieces.append({"gte": plain(lo), "lte": plain(hi), "color": colour, "label": label})
        return common | {"type": "piecewise", "pieces": pieces, "itemGap": 6}
    top_text = tick_texts[-1] if tick_texts else f"{high:.3g}"
    low_text = tick_texts[0] if tick_texts else f"{low:.3g}"
    return common | {
        "type": "continuous",
        "min": plain(low),
        "max": plain(high),
        "calculable": False,
        "itemHeight": 140,
        "itemWidth": 14,
        "text": [f"{title} {top_text}".strip(), low_text],
        "inRange": {"color": [colour for _, colour in stops]},
    }


def text_px(texts: Sequence[str], font_size: float) -> int:
    """About how wide the widest of ``texts`` is drawn, in px (0.6 em a character)."""
    return round(max((len(str(t)) for t in texts), default=0) * 0.6 * font_size)


def _colour_bar_px(visual_map: dict) -> int:
    """About how wide a colour bar is drawn, with its labels."""
    font = visual_map["textStyle"]["fontSize"]
    if visual_map["type"] == "piecewise":  # a swatch, a gap, the label
        return 30 + text_px([p["label"] for p in visual_map["pieces"]], font)
    # The gradient with its end texts centred on it.
    return max(visual_map["itemWidth"], text_px(visual_map["text"], font))


def table_heatmap(
    z: np.ndarray,
    *,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    text: Sequence[Sequence[str]],
    title: str | None,
    x_title: str,
    y_title: str,
    height: int,
    colours: str | Sequence[tuple[float, str]],
    low: float | None = None,
    high: float | None = None,
    colour_bar_title: str = "",
    tick_values: Sequence[float] = (),
    tick_texts: Sequence[str] = (),
    highlight: tuple[int, int] | None = None,
    text_size: int = FONT_SIZE - 2,
    y_label_size: int = FONT_SIZE - 2,
    as_table: bool = True,
    x_rotate: int = 0,
    background: str,
) -> dict[str, Any]:
    """A table ``z[row, col]`` as a heatmap option with ``text`` written in its cells.

    ``as_table``: read like a table (first row on top, columns labelled above); else the
    y axis grows upwards (a physical axis). ``colours`` is a scale's name in
    :data:`COLOUR_SCALES` or its stops; ``low`` / ``high`` bound it (the finite values'
    range when ``None``). ``highlight`` ``(row, col)`` outlines one cell. Empty cells (NaN,
    ±inf) show the grid's ``background``, with their text (e.g. "–") written on it by a
    series of labels outside the colour scale. ``x_rotate`` turns the column labels (by
    default 30° when long).

    Cells go to one of two series by the ink that reads on them (white on dark, black on
    pale), each cell a plain ``[col, row, value, text]`` (``"-"`` for an empty value) with
    the label template reading the text: per-cell label options made ECharts lay out every
    label anew per redraw (~0.1 s a redraw for the 8×8 maze's 256 cells in headless
    Chromium).
    """
    z = np.asarray(z, dtype=float)
    rows, cols = z.shape
    x_labels = [str(v) for v in x_labels]
    y_labels = [str(v) for v in y_labels]
    finite = z[np.isfinite(z)]
    if low is None:
        low = float(finite.min()) if finite.size else 0.0
    if high is None:
        high = float(finite.max()) if finite.size else 1.0
    low, high = float(low), float(high)
    if high <= low:
        high = low + 1e-9
    stops = list(COLOUR_SCALES[colours] if isinstance(colours, str) else colours)
    # Halved first: a diverged table spans more than the largest float (inf − −inf).
    with np.errstate(invalid="ignore"):
        ink = text_colours((z / 2 - low / 2) / (high / 2 - low / 2), stops)
    groups: dict[str, list[Any]] = {"#111111": [], "#ffffff": []}
    blank_labels: list[list[Any]] = []
    for r in range(rows):
        for c in range(cols):
            value = z[r, c]
            label = str(text[r][c])
            is_finite = math.isfinite(value)
            cell: Any = [c, r, plain(value) if is_finite else "-", label]
            if highlight == (r, c):
                cell = {"value": cell, "itemStyle": dict(HIGHLIGHT_STYLE)}
            groups[str(ink[r, c]) if is_finite else "#111111"].append(cell)
            if not is_finite and label:
                blank_labels.append([c, r, label])
    x_axis = {
        "type": "category",
        "data": x_labels,
        "position": "top" if as_table else "bottom",
        "name": x_title,
        "nameLocation": "middle",
        "nameGap": 28,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {
            "fontSize": FONT_SIZE - 2,
            "interval": 0,  # every column labelled
            "rotate": x_rotate or (30 if cols >= 4 and max(map(len, x_labels)) > 6 else 0),
        },
        "axisTick": {"show": False},
    }
    y_axis = {
        "type": "category",
        "data": y_labels,
        "inverse": as_table,
        "name": y_title,
        "nameLocation": "middle",
        "nameGap": 42,
        "nameTextStyle": {"fontSize": FONT_SIZE - 1},
        "axisLabel": {"fontSize": y_label_size, "interval": 0},
        "axisTick": {"show": False},
    }
    visual_map = colour_bar(
        stops, low, high, title=colour_bar_title, tick_values=tick_values, tick_texts=tick_texts
    )
    series: list[dict[str, Any]] = [
        {
            "type": "heatmap",
            "name": "",
            "data": cells,
            "label": {"show": True, "fontSize": text_size, "color": colour, "formatter": "{@[3]}"},
            "itemStyle": {"borderColor": "#ffffff", "borderWidth": 1},
            "emphasis": {"disabled": True},
        }
        for colour, cells in groups.items()
    ]
    if blank_labels:
        # A symbol-less point at the empty cell's centre carries its label.
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
                    "fontSize": text_size,
                    "color": "#666666",
                    "formatter": "{@[2]}",
                },
                "z": 3,
            }
        )
    option = frame(title=title, height=height)
    # Margins sized to the labels, and no automatic outer bounds: ECharts 6 shrinks the
    # grid by its own guess of what overflows, which left a 9 × 4 table 90 px wide in a
    # third of the page.
    label_px = text_px(y_labels, y_label_size)
    y_axis["nameGap"] = label_px + 12
    x_label_px = FONT_SIZE - 2 + 4
    turn = x_axis["axisLabel"]["rotate"]
    if turn:  # turned labels stand up by their length times sin(turn): half of it at 30°
        x_label_px += round(text_px(x_labels, FONT_SIZE - 2) * math.sin(math.radians(turn)))
    x_axis["nameGap"] = x_label_px + 12
    option["grid"] = {
        "left": max(label_px + 40, 48),
        "right": _colour_bar_px(visual_map) + 16,
        "top": (50 if title else 25) + (x_label_px + 30 if as_table else 0),
        "bottom": 10 if as_table else x_label_px + 40,
        "outerBoundsMode": "none",
        "show": True,
        "backgroundColor": background,
    }
    option |= {"xAxis": x_axis, "yAxis": y_axis, "visualMap": visual_map, "series": series}
    option["tooltip"] = {"position": "top"}
    return option


PRESENT_SCALE = 1.3
"""Presenter view (:mod:`webui.present`): text grows by this factor…"""

PRESENT_MIN_FONT = 16
"""…and is at least this many px (axis labels, legends, a table's numbers), read from the
back of a room on a 1280 × 720 projector."""

DENSE_CELL_FONT = 10
"""A table's numbers drawn smaller than this (px) belong to a dense table (CartPole at 10
or more bins): in presenter view they grow by :data:`PRESENT_SCALE` without the floor."""

_DEFAULT_FONTS: dict[str, int] = {"title": 18, "label": 12, "tooltip": 14}
"""ECharts' own sizes of text an option leaves unsized."""

_NOT_TEXT = frozenset({"data", "dataset", "source"})
"""Keys holding data: never walked (a curve's thousands of points)."""


def _sized(holder: dict[str, Any], key: str, default: int) -> None:
    """Give ``holder[key]`` (a text style) ECharts' default ``fontSize`` when it has none."""
    style = holder.get(key)
    style = dict(style) if isinstance(style, dict) else {}
    style.setdefault("fontSize", default)
    holder[key] = style


def _each(part: Any) -> list[dict[str, Any]]:
    """An option's component (``xAxis``, ``legend``, …): one dict or a list of them."""
    if isinstance(part, dict):
        return [part]
    return [p for p in part if isinstance(p, dict)] if isinstance(part, list) else []


def _grown(node: Any, scale: float, floor: int) -> Any:
    """``node`` rebuilt with every ``fontSize`` times ``scale`` and at least ``floor``,
    every ``nameGap`` and grid margin times ``scale`` (room for the bigger text); rich text
    pieces (a power's exponent) scale without the floor. Data is shared, not copied."""
    if isinstance(node, list):
        return [_grown(item, scale, floor) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NOT_TEXT:
            out[key] = value
        elif key == "fontSize" and isinstance(value, int | float):
            out[key] = max(floor, round(value * scale))
        elif key == "rich" and isinstance(value, dict):
            out[key] = _grown(value, scale, 0)
        elif key == "nameGap" and isinstance(value, int | float):
            out[key] = round(value * scale)
        else:
            out[key] = _grown(value, scale, floor)
    return out


def presented(
    option: dict[str, Any], scale: float = PRESENT_SCALE, floor: int = PRESENT_MIN_FONT
) -> dict[str, Any]:
    """``option`` for the presenter view: its text ``scale`` times larger and at least
    ``floor`` px, ECharts' defaults included (an axis' labels, a legend, a table's numbers
    that the builder left unsized), with room in the grid for it. A new option; the
    builder's is unchanged.

    >>> big = presented({"xAxis": {"type": "value"}, "textStyle": {"fontSize": 13}})
    >>> big["xAxis"]["axisLabel"]["fontSize"], big["textStyle"]["fontSize"]
    (16, 17)
    """
    option = dict(option)
    for axis_key in ("xAxis", "yAxis"):
        axes = [dict(a) for a in _each(option.get(axis_key))]
        for axis in axes:
            _sized(axis, "axisLabel", _DEFAULT_FONTS["label"])
            _sized(axis, "nameTextStyle", _DEFAULT_FONTS["label"])
        if axes:
            option[axis_key] = axes if isinstance(option[axis_key], list) else axes[0]
    for part, key, default in (
        ("legend", "textStyle", "label"),
        ("visualMap", "textStyle", "label"),
        ("title", "textStyle", "title"),
        ("tooltip", "textStyle", "tooltip"),
    ):
        items = [dict(item) for item in _each(option.get(part))]
        for item in items:
            _sized(item, key, _DEFAULT_FONTS[default])
        if items:
            option[part] = items if isinstance(option[part], list) else items[0]
    series = [dict(s) for s in _each(option.get("series"))]
    for one in series:
        label = one.get("label")
        if isinstance(label, dict) and label.get("show"):
            _sized(one, "label", _DEFAULT_FONTS["label"])
    if series:
        option["series"] = series
    _sized(option, "textStyle", _DEFAULT_FONTS["label"])
    grown = _grown(option, scale, floor)
    for before, after in zip(series, _each(grown.get("series")), strict=False):
        size = (before.get("label") or {}).get("fontSize")
        if isinstance(size, int | float) and size < DENSE_CELL_FONT:
            # A dense table (CartPole at 12 bins): its numbers grow, but only as far as
            # they still fit their cells; the colours carry the table there.
            after["label"]["fontSize"] = round(size * scale)
    for grid in _each(grown.get("grid")):
        for side in ("left", "right", "top", "bottom"):
            if isinstance(grid.get(side), int | float):
                grid[side] = round(grid[side] * scale)
    return grown
