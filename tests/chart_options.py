"""Readers of ECharts options as the chart builders make them (tests only): the page tests
(tests/app, from the option Streamlit was handed) and the browser tests (tests/browser,
from the option the chart element holds) read charts through these.

>>> from webui.charts import common
>>> option = common.line_chart({"steps": [9, 6]}, x_title="episode", y_title="steps", optimum=6)
>>> values(series(option, "steps")), reference_lines(option, "y")
([9.0, 6.0], [6])
"""

from __future__ import annotations

from typing import Any

from webui.charts.options import BLANK_LABELS_ID, LOG_TICKS


def ys(series: dict[str, Any]) -> list[Any]:
    """The values of a line or bar series: ``y`` of ``[x, y]`` points, the value of
    labelled ``[category, value, text]`` bars, or the plain values of bars."""
    return [item[1] if isinstance(item, list) else item for item in series["data"]]


def xs(option: dict[str, Any], series: dict[str, Any]) -> list[Any]:
    """The x of each value of ``series`` (from :func:`lines`): its category labels for
    bars, else ``x`` of each ``[x, y]`` point."""
    if series["type"] == "bar":
        return option["xAxis"]["data"]
    return [point[0] for point in series["data"]]


def reference_lines(option: dict[str, Any], axis: str) -> list[float]:
    """Values of the option's reference lines across ``axis`` (``"y"``: horizontal)."""
    return [
        line["value"]
        for series in option["series"]
        for line in (series.get("markLine") or {}).get("data", [])
        if f"{axis}Axis" in line
    ]


def main_title(option: dict[str, Any]) -> str:
    """An option's title (the first of several: small multiples title their panels)."""
    titles = option.get("title") or {}
    main = titles[0] if isinstance(titles, list) and titles else titles
    return (main or {}).get("text") or ""


def lines(option: dict[str, Any]) -> list[dict[str, Any]]:
    """The option's line and bar series, in order (not reference lines, heatmap cells or
    the labels of empty cells), each with its points as ``data``: a long series keeps them
    in the option's ``dataset`` (``datasetIndex``)."""
    found = []
    for s in option["series"]:
        if s.get("markLine") or s["type"] not in ("line", "bar") or s.get("id") == BLANK_LABELS_ID:
            continue
        if "datasetIndex" in s:
            s = s | {"data": option["dataset"][s["datasetIndex"]]["source"]}
        found.append(s)
    return found


def series(option: dict[str, Any], name: str) -> dict[str, Any]:
    """The line or bar series named ``name`` (its legend entry)."""
    for one in lines(option):
        if one["name"] == name:
            return one
    raise AssertionError(f"no series {name!r} in {[s['name'] for s in lines(option)]}")


def values(one: dict[str, Any]) -> list[Any]:
    """The values a series shows: each bar's value, or each point's y as written (the last
    number of a point: y itself on a log chart, whose points are ``[x, log10 y, y]``)."""
    if one["type"] == "bar":
        return [item[1] if isinstance(item, list) else item for item in one["data"]]
    return [point[-1] for point in one["data"]]


def _cells(option: dict[str, Any]) -> list[tuple[list[Any], bool]]:
    """A heatmap's cells ``[col, row, value, text]``, each with whether it is outlined."""
    return [
        (item["value"], True) if isinstance(item, dict) else (item, False)
        for s in option["series"]
        if s["type"] == "heatmap"
        for item in s["data"]
    ]


def table(option: dict[str, Any]) -> list[list[Any]]:
    """A heatmap's table ``[row][col]`` of values, ``None`` in its empty cells."""
    out = [[None] * len(option["xAxis"]["data"]) for _ in option["yAxis"]["data"]]
    for (col, row, value, _), _ in _cells(option):
        out[row][col] = None if value == "-" else value
    return out


def cell_texts(option: dict[str, Any]) -> list[list[Any]]:
    """A heatmap's texts ``[row][col]`` as written in its cells."""
    out = [[None] * len(option["xAxis"]["data"]) for _ in option["yAxis"]["data"]]
    for (col, row, _, text), _ in _cells(option):
        out[row][col] = text
    return out


def outlined(option: dict[str, Any]) -> list[tuple[int, int]]:
    """The ``(row, col)`` of a heatmap's outlined cells."""
    return [(row, col) for (col, row, _, _), marked in _cells(option) if marked]


def axis_name(option: dict[str, Any], axis: str) -> str:
    """The name of the option's (first) ``"x"`` or ``"y"`` axis."""
    axes = option[f"{axis}Axis"]
    return (axes[0] if isinstance(axes, list) else axes)["name"]


def log_y(option: dict[str, Any]) -> bool:
    """Whether the y axis is logarithmic (drawn as log10 with ticks 10ᵏ)."""
    axis = option["yAxis"][0] if isinstance(option["yAxis"], list) else option["yAxis"]
    return (axis.get("axisLabel") or {}).get("formatter") == LOG_TICKS or axis["type"] == "log"
