"""Live charts: the chart builders of webui.charts converted to ECharts options."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

from tests.echarts_reader import plotly_view
from webui.charts import cartpole as cartpole_charts
from webui.charts import common, echarts
from webui.charts import maze as maze_charts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def test_a_line_at_x_on_a_log_axis_has_no_place_for_zero() -> None:
    fig = go.Figure(go.Scatter(x=[0.0, 1.0, 10.0], y=[1, 2, 3], mode="lines"))
    fig.update_xaxes(type="log")
    (line,) = echarts.from_plotly(fig)["series"]
    assert line["data"] == [[None, 1], [1.0, 2], [10.0, 3]]


def test_q_table_heatmap_cells_text_highlight_and_ink() -> None:
    q = np.array([[np.nan, 0.0], [0.5, 1.0]])
    fig = maze_charts.q_table_heatmap(
        q, action_labels=["↑", "→"], x_title="action", y_title="state", title="Q", highlight=(1, 0)
    )
    option = echarts.from_plotly(fig)
    dumps(option)
    dark_ink, light_ink, blank_labels = option["series"]
    assert (dark_ink["label"]["color"], light_ink["label"]["color"]) == ("#111111", "#ffffff")

    def cells(series):
        return {tuple((c["value"] if isinstance(c, dict) else c)[:2]): c for c in series["data"]}

    # The darkest blue gets white text, the palest black; a blocked move is empty ("-"),
    # so ECharts draws no cell there: the grid's grey shows, with "–" written on it by a
    # series of labels outside the colour scale.
    assert cells(light_ink)[(1, 1)] == [1, 1, 1, "1.00"]
    assert cells(dark_ink)[(1, 0)] == [1, 0, 0, "0.00"]
    assert cells(dark_ink)[(0, 0)] == [0, 0, "-", "–"]
    assert blank_labels["id"] == echarts.BLANK_LABELS_ID
    assert blank_labels["data"] == [[0, 0, "–"]] and blank_labels["label"]["show"] is True
    assert option["grid"]["backgroundColor"] == common.BLOCKED_FILL
    assert option["visualMap"]["seriesIndex"] == [0, 1]
    assert cells(dark_ink)[(0, 1)] == {
        "value": [0, 1, 0.5, "0.50"],
        "itemStyle": {"borderColor": "#d62728", "borderWidth": 3},
    }
    assert dark_ink["label"]["formatter"] == "{@[3]}"
    assert option["xAxis"]["data"] == ["↑", "→"] and option["yAxis"]["data"] == ["S0", "S1"]
    assert option["yAxis"]["inverse"] is True  # first state on top, as a table
    assert (option["visualMap"]["min"], option["visualMap"]["max"]) == (0, 1)
    view = plotly_view(option)
    assert view["data"][0]["z"] == [[None, 0], [0.5, 1]]
    assert view["layout"]["shapes"] == [
        {"type": "rect", "x0": -0.5, "x1": 0.5, "y0": 0.5, "y1": 1.5}
    ]


def test_a_table_of_equal_values_gets_a_colour_bar_from_zero() -> None:
    """θ₀: 1 wherever a move is allowed. Its colours ran from 1 to 1 (the bar read 1 … 1)."""
    theta0 = np.array([[np.nan, 1.0, 1.0, np.nan], [1.0, np.nan, np.nan, 1.0]])
    fig = common.heatmap(
        theta0, x_labels=list("abcd"), y_labels=["S0", "S1"], x_title="a", y_title="s"
    )
    vm = echarts.from_plotly(fig)["visualMap"]
    assert (vm["min"], vm["max"]) == (0, 1)
    negative = common.heatmap([[-2.0]], x_labels=["a"], y_labels=["s"], x_title="", y_title="")
    assert (negative.data[0].zmin, negative.data[0].zmax) == (-2.0, 0.0)
    zeros = maze_charts.q_table_heatmap(
        np.zeros((2, 2)), action_labels=["a", "b"], x_title="", y_title=""
    )
    vm = echarts.from_plotly(zeros)["visualMap"]
    assert (vm["min"], vm["max"]) == (0, 1)
    # Given bounds are kept, and so are values that differ.
    given = common.heatmap(
        [[1.0]], x_labels=["a"], y_labels=["s"], x_title="", y_title="", zmin=0.5, zmax=3
    )
    assert (given.data[0].zmin, given.data[0].zmax) == (0.5, 3)
    spread = common.heatmap(
        [[1.0, 2.0]], x_labels=["a", "b"], y_labels=["s"], x_title="", y_title=""
    )
    assert spread.data[0].zmin is None and spread.data[0].zmax is None


def test_the_8x8_q_table_is_drawn_whole() -> None:
    """64 rows at 18 px under the title and the action labels: 1,267 px, no scroll box."""
    fig = maze_charts.q_table_heatmap(
        np.zeros((64, 4)), action_labels=list("abcd"), x_title="a", y_title="s", title="Q"
    )
    assert fig.layout.height == 75 + 40 + 18 * 64
    option = echarts.from_plotly(fig)
    plot_px = fig.layout.height - option["grid"]["top"] - option["grid"]["bottom"]
    assert plot_px / 64 >= 17  # every row at least 17 px tall, text 11 px
    assert option["yAxis"]["data"][-1] == "S63"


def test_negative_q_uses_the_diverging_scale_centred_on_zero() -> None:
    fig = maze_charts.q_table_heatmap(
        np.array([[-2.0, 1.0]]), action_labels=["a", "b"], x_title="a", y_title="s"
    )
    vm = echarts.from_plotly(fig)["visualMap"]
    assert (vm["min"], vm["max"]) == (-2, 2)
    assert len(vm["inRange"]["color"]) == 11  # RdBu's stops


def test_stepwise_scale_becomes_labelled_pieces() -> None:
    fig = cartpole_charts.greedy_action_heatmap(
        np.array([[0.0, 0.5], [1.0, np.nan]]),
        x_labels=["a", "b"],
        y_labels=["c", "d"],
        x_title="x",
        y_title="y",
        action_labels=("left", "tie", "right"),
    )
    vm = echarts.from_plotly(fig)["visualMap"]
    assert vm["type"] == "piecewise"
    assert [(p["label"], p["color"]) for p in vm["pieces"]] == list(
        zip(("left", "tie", "right"), common.ACTION_COLOURS, strict=True)
    )


def test_what_it_does_not_convert_is_refused() -> None:
    with pytest.raises(ValueError, match="not converted"):
        echarts.from_plotly(go.Figure(go.Pie(values=[1, 2])))


def test_a_json_figure_converts_like_the_figure() -> None:
    fig = maze_charts.q_table_heatmap(
        np.arange(8.0).reshape(4, 2), action_labels=["a", "b"], x_title="a", y_title="s"
    )
    assert echarts.from_plotly(json.loads(fig.to_json())) == echarts.from_plotly(fig)
