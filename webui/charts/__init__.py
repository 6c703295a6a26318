"""Charts: builders by subject and the drawing of live charts.

``common`` (palette, layout, curves, table heatmaps), ``maze``, ``cartpole``, ``deep`` and
``concepts`` build charts from the snapshots' data (numpy arrays, lists) and translated
titles. Line charts, bar charts and table heatmaps are ECharts options built directly
(from the pieces in ``options``); the few charts drawn once after a click (CartPole's
visits, the deep pages' action scores) are plotly figures. :func:`live_chart` draws an
option through ``st.echarts_chart`` under a fixed ``key``: Streamlit keeps one ECharts instance
per key and hands it each new option, so redraws while training update the chart in
place (docs/ARCHITECTURE.md says which library draws what, and why). Use it for every
chart a live view redraws and for charts a page shows as soon as it opens; charts drawn
once after a click go through :func:`plotly_chart`.

Every chart offers a PNG of itself: ECharts charts a "save as image" button (named after
the chart's title), plotly charts their mode bar's camera.
"""

from __future__ import annotations

import re
from typing import Any

import plotly.graph_objects as go
import streamlit as st

import webui
from webui import present
from webui.charts.options import presented

PRESENT_MAX_HEIGHT = 300
"""Tallest chart in presenter view (px): with the controls, progress and numbers above it,
a training page's main chart fits a 1280 × 720 screen."""


def file_name(title: str | None, key: str) -> str:
    """A PNG's file name (without ``.png``) from a chart's title, else its key: letters,
    digits (any script) and single dashes.

    >>> file_name("Q table · Q-learning", "td.q"), file_name(None, "mp.lengths")
    ('Q-table-Q-learning', 'mp-lengths')
    """
    name = re.sub(r"[^\w]+", "-", title or key).strip("-_")
    return name or "chart"


def save_button(option: dict, key: str) -> dict:
    """The ECharts toolbox that saves the chart as a PNG (twice the pixels: for slides)."""
    titles = option.get("title") or {}
    main = titles[0] if isinstance(titles, list) and titles else titles
    return {
        "right": 4,
        "top": 0,
        "feature": {
            "saveAsImage": {
                "type": "png",
                "title": webui.t("common.save_png"),
                "name": file_name((main or {}).get("text"), key),
                "pixelRatio": 2,
                "backgroundColor": "#ffffff",
            }
        },
    }


def live_chart(option: dict, key: str, *, container: Any = None, on_select: Any = "ignore") -> Any:
    """Draw a builder's ECharts ``option`` in place under ``key`` (one per chart); its
    ``"height"`` (ours, not ECharts') is taken out and sizes the chart. In presenter view
    its text is sized for a projector (:func:`webui.charts.options.presented`).
    ``on_select`` (``"rerun"`` or a callback) makes it a widget: see :func:`clicked_cell`."""
    option = presented(option) if present.chart_scale() else dict(option)
    height = _shown_height(option.pop("height", 360))
    option["toolbox"] = save_button(option, key)
    target = container if container is not None else st
    return target.echarts_chart(
        option, key=key, height=height, theme="streamlit", on_select=on_select
    )


def _shown_height(height: float) -> int:
    """A chart's height on screen: in presenter view at most :data:`PRESENT_MAX_HEIGHT`,
    room on a 720 px projector for the numbers above it."""
    return int(min(height, PRESENT_MAX_HEIGHT) if present.chart_scale() else height)


def pending_chart(title: str, height: int, key: str, *, container: Any = None) -> None:
    """Where a live chart will be drawn, before it has anything to show: a bordered box of
    the chart's height (the page does not jump when the chart replaces it) holding the
    chart's title and when it comes. A first visit then does not build empty charts: each
    costs the browser ECharts' setup and drawing (benchmarks/README.md, "A first visit's
    charts")."""
    target = container if container is not None else st
    box = target.container(
        height=_shown_height(height), border=True, key=f"pending-{key.replace('.', '-')}"
    )
    box.caption(webui.t("common.chart_pending", title=title))


def selectable_cells(option: dict) -> dict:
    """A table heatmap whose cells can be picked by a click (one at a time)."""
    option = dict(option)
    option["series"] = [
        {**one, "selectedMode": "single"} if one.get("type") == "heatmap" else one
        for one in option["series"]
    ]
    return option


def clicked_cell(option: dict, selection: Any) -> tuple[int, int] | None:
    """The ``(column, row)`` of the table heatmap cell picked in ``selection`` (the
    chart's ``EChartsState.selection``), or None: a cell's index is local to the series
    holding it (cells are split by the colour of their text)."""
    try:
        for group in selection["selected"]:
            data = option["series"][group["series_index"]]["data"]
            for i in group["data_indices"]:
                item = data[i]["value"] if isinstance(data[i], dict) else data[i]
                return int(item[0]), int(item[1])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    return None


PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
"""Mode bar of plotly charts: its camera saves a PNG at twice the pixels (for slides)."""


def plotly_chart(
    fig: go.Figure, *, container: Any = None, fit: bool = False, **kwargs: Any
) -> None:
    """Draw a chart shown once (after a click) with plotly, its mode bar saving a PNG.
    ``fit``: a page's main chart, in presenter view at most :data:`PRESENT_MAX_HEIGHT`
    tall like the live charts (plus its margins), so it is in view below the page's controls."""
    title = fig.layout.title.text if fig.layout.title else None
    config = PLOTLY_CONFIG | {
        "toImageButtonOptions": PLOTLY_CONFIG["toImageButtonOptions"]
        | {"filename": file_name(title, "chart")}
    }
    if present.chart_scale():
        fig = go.Figure(fig).update_layout(present.plotly_layout())
        if fit:
            # Plotly draws its title and legend inside the height (margins): 60 px more.
            fig.update_layout(height=min(fig.layout.height or 450, PRESENT_MAX_HEIGHT + 60))
    target = container if container is not None else st
    target.plotly_chart(fig, config=config, **kwargs)
