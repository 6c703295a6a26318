"""Tests read live charts (ECharts options) back in plotly's shape: a test-side reader.

Production code has no converter back; tests that compare a chart's values, titles and
reference lines read them through :func:`plotly_view`.
"""

from __future__ import annotations

from typing import Any

from webui.charts.echarts import BLANK_LABELS_ID, LOG_TICKS


def plotly_view(option: dict) -> dict:
    """A plotly-shaped reading of an option made by :func:`webui.charts.echarts.from_plotly` (for tests).

    ``{"layout": {"title": …, "xaxis": {"title": …}, "yaxis": {"title": …}},
    "data": [{"name", "x", "y"} per line / bar series, or {"z", "text", "x", "y"}
    for a heatmap]}``; reference lines and the outlined heatmap cell come back as
    ``layout["shapes"]``, a log y axis as ``layout["yaxis"]["type"] == "log"``.
    """

    def title(axis: dict) -> dict:
        log = (axis.get("axisLabel") or {}).get("formatter") == LOG_TICKS or (
            axis.get("type") == "log"
        )
        return {"title": {"text": axis.get("name", "")}} | ({"type": "log"} if log else {})

    titles = option.get("title") or {}
    main = titles[0] if isinstance(titles, list) and titles else titles
    x_axes = option.get("xAxis") or {}
    y_axes = option.get("yAxis") or {}
    if isinstance(x_axes, dict):
        x_axes, y_axes = [x_axes], [y_axes]
    view: dict[str, Any] = {
        "layout": {
            "title": {"text": (main or {}).get("text")},
            "xaxis": title(x_axes[0]),
            "yaxis": title(y_axes[0]),
            "shapes": [],
        },
        "data": [],
    }
    for i, (x_axis, y_axis) in enumerate(zip(x_axes[1:], y_axes[1:], strict=False), start=2):
        view["layout"][f"xaxis{i}"] = title(x_axis)
        view["layout"][f"yaxis{i}"] = title(y_axis)
    for series in option.get("series") or []:
        if series.get("id") == BLANK_LABELS_ID:
            continue  # the same texts as the heatmap's empty cells
        if series.get("markLine"):
            for line in series["markLine"]["data"]:
                axis = "x" if "xAxis" in line else "y"
                view["layout"]["shapes"].append(
                    {
                        "type": "line",
                        f"{axis}0": line["value"],
                        f"{axis}1": line["value"],
                        "name": series["name"],
                    }
                )
            continue
        if series["type"] == "heatmap":
            x_labels = option["xAxis"]["data"]
            y_labels = option["yAxis"]["data"]
            if not any(d.get("type") == "heatmap" for d in view["data"]):
                view["data"].append(
                    {
                        "type": "heatmap",
                        "x": x_labels,
                        "y": y_labels,
                        "z": [[None] * len(x_labels) for _ in y_labels],
                        "text": [[None] * len(x_labels) for _ in y_labels],
                    }
                )
            table = next(d for d in view["data"] if d.get("type") == "heatmap")
            for item in series["data"]:
                cell = item["value"] if isinstance(item, dict) else item
                c, r, value, text = cell
                table["z"][r][c] = None if value == "-" else value
                table["text"][r][c] = text
                if isinstance(item, dict) and "itemStyle" in item:  # as plotly's rect shape
                    view["layout"]["shapes"].append(
                        {"type": "rect", "x0": c - 0.5, "x1": c + 0.5, "y0": r - 0.5, "y1": r + 0.5}
                    )
            continue
        if series["type"] == "bar":
            x_axis = x_axes[series.get("xAxisIndex", 0)]
            values = [v[1] if isinstance(v, list) else v for v in series["data"]]
            view["data"].append(
                {"type": "bar", "name": series["name"], "x": x_axis["data"], "y": values}
            )
            continue
        view["data"].append(
            {
                "type": "scatter",
                "name": series["name"],
                "x": [point[0] for point in series["data"]],
                "y": [point[-1] for point in series["data"]],
            }
        )
    return view
