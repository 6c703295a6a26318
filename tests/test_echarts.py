"""Live charts: the chart builders of webui.charts converted to ECharts options."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from webui.charts import echarts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def test_a_line_at_x_on_a_log_axis_has_no_place_for_zero() -> None:
    fig = go.Figure(go.Scatter(x=[0.0, 1.0, 10.0], y=[1, 2, 3], mode="lines"))
    fig.update_xaxes(type="log")
    (line,) = echarts.from_plotly(fig)["series"]
    assert line["data"] == [[None, 1], [1.0, 2], [10.0, 3]]


def test_what_it_does_not_convert_is_refused() -> None:
    with pytest.raises(ValueError, match="not converted"):
        echarts.from_plotly(go.Figure(go.Pie(values=[1, 2])))
