"""Charts in live views: updated in place, several times a second, as ECharts.

``live_chart(fig, key)`` draws a figure of :mod:`playground.figures` through
``st.echarts_chart`` with a fixed ``key``. Streamlit keeps one ECharts instance per key
and gives it each new option, so a redraw costs the browser a few milliseconds instead of
a new plotly chart (see :mod:`playground.echarts` for the measurements). Use it for every
chart a live view redraws while training, and for charts a page shows as soon as it opens:
a page without plotly charts does not load plotly.js (4.6 MB; measured in Chromium here,
the policy page's load went from 5.0–7.0 s to 3.3 s). Charts that appear only after a click
(playback, downloads) stay ``st.plotly_chart``.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import streamlit as st

from playground.echarts import from_plotly


def live_chart(fig: go.Figure, key: str, *, container: Any = None) -> None:
    """Draw ``fig`` as an in-place-updated ECharts chart under ``key`` (one per chart)."""
    option = from_plotly(fig)
    height = fig.layout.height or 360
    target = container if container is not None else st
    target.echarts_chart(option, key=key, height=int(height), theme="streamlit")
