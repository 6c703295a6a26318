"""Live charts: the chart builders of webui.charts converted to ECharts options."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.echarts_reader import plotly_view
from webui.charts import cartpole as cartpole_charts
from webui.charts import common, echarts
from webui.charts import deep as deep_charts
from webui.charts import maze as maze_charts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def test_episode_curves_become_lines_with_the_optimum_line() -> None:
    fig = maze_charts.episode_curves(
        {"SARSA": [9, 7, 6], "Q-learning": [8, 6, 6]},
        x_title="episode",
        y_title="steps",
        title="Steps",
        optimum=6,
        optimum_label="shortest path: 6",
    )
    option = echarts.from_plotly(fig)
    dumps(option)
    lines = [s for s in option["series"] if not s.get("markLine")]
    assert [s["name"] for s in lines] == ["SARSA", "Q-learning"]
    assert lines[0]["data"] == [[1, 9], [2, 7], [3, 6]]
    assert lines[0]["showSymbol"] is True  # few points: markers, as plotly's lines+markers
    (reference,) = [s for s in option["series"] if s.get("markLine")]
    assert reference["markLine"]["data"] == [{"yAxis": 6, "value": 6}]
    assert reference["markLine"]["label"]["formatter"] == "shortest path: 6"
    assert reference["markLine"]["lineStyle"]["type"] == "dashed"
    assert option["legend"]["data"] == ["SARSA", "Q-learning"]
    assert option["title"]["text"] == "Steps"
    assert (option["xAxis"]["name"], option["yAxis"]["name"]) == ("episode", "steps")


def test_moving_average_and_gaps() -> None:
    fig = maze_charts.episode_curves(
        {"A": [1.0, float("nan"), 3.0, 5.0]}, x_title="e", y_title="s", moving_average=2
    )
    raw, mean = echarts.from_plotly(fig)["series"][:2]
    assert raw["data"][1] == [2, None]  # NaN is a gap, never NaN in the JSON
    assert raw["lineStyle"]["opacity"] == pytest.approx(0.45)
    assert mean["name"] == "A (mean of 2)" and mean["lineStyle"]["width"] == 3


def test_log_axis_plots_log10_and_keeps_the_value() -> None:
    fig = maze_charts.log_series_chart(
        [1, 2, 3, 4],
        [1e-1, 1e-3, 0.0, 1e-5],
        name="Σ|Δπ|",
        x_title="episode",
        y_title="Σ|Δπ|",
        threshold=1e-4,
        threshold_label="stop at 1e-4",
    )
    option = echarts.from_plotly(fig)
    dumps(option)
    assert option["yAxis"]["axisLabel"]["formatter"] == echarts.LOG_TICKS
    line = option["series"][0]
    assert line["data"][0] == [1, pytest.approx(-1.0), 0.1]
    assert line["data"][2] == [3, None, None]  # 0 has no logarithm: a gap
    assert line["encode"] == {"x": 0, "y": 1, "tooltip": [2]}
    mark = next(s for s in option["series"] if s.get("markLine"))["markLine"]
    assert mark["data"][0]["yAxis"] == pytest.approx(-4.0)
    assert mark["data"][0]["value"] == pytest.approx(1e-4)
    assert mark["label"]["formatter"] == "stop at 1e-4"
    view = plotly_view(option)
    assert view["layout"]["yaxis"]["type"] == "log"
    assert view["layout"]["shapes"][0]["y0"] == pytest.approx(1e-4)
    assert view["data"][0]["y"] == [0.1, 0.001, None, 1e-05]


def test_log_x_axis_and_the_chosen_beta_as_a_vertical_line() -> None:
    betas = [0.1, 1.0, 10.0]
    # π over β for a state with two moves; the first action is blocked (always 0).
    probs = np.array([[0.0, 0.52, 0.48], [0.0, 0.73, 0.27], [0.0, 1.0, 0.0]])
    fig = maze_charts.softmax_temperature_chart(
        betas,
        probs,
        action_labels=["↑", "→", "↓"],
        beta_now=2.0,
        beta_label="β = 2",
        x_title="β",
        y_title="π",
    )
    option = echarts.from_plotly(fig)
    dumps(option)
    assert option["xAxis"]["type"] == "log"  # ECharts' own log axis: ticks 0.1, 1, 10
    lines = [s for s in option["series"] if not s.get("markLine")]
    assert [s["name"] for s in lines] == ["→", "↓"]  # the blocked move is left out
    assert lines[0]["data"] == [[0.1, 0.52], [1.0, 0.73], [10.0, 1.0]]  # β itself, not log10
    (mark,) = [s["markLine"] for s in option["series"] if s.get("markLine")]
    # plotly puts the label at log10(2) on a log axis; it is still found for the line at 2.
    assert mark["data"] == [{"xAxis": 2, "value": 2}]
    assert mark["label"]["formatter"] == "β = 2"
    view = plotly_view(option)
    assert view["layout"]["xaxis"]["type"] == "log"
    assert view["layout"]["shapes"] == [{"type": "line", "x0": 2, "x1": 2, "name": "β = 2"}]


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


def test_small_multiples_become_one_grid_per_panel() -> None:
    panels = [
        {"title": "loss", "x": [1, 2, 3], "y": [1.0, 0.1, 0.01], "y_title": "L", "log_y": True},
        {"title": "ε", "x": [1, 2, 3], "y": [1.0, 0.5, 0.2], "y_title": "ε", "range": [0, 1]},
        {"title": "q", "x": [1, 2, 3], "y": [0, 1, 2], "y_title": "Q", "smooth": 2},
    ]
    option = echarts.from_plotly(deep_charts.small_multiples(panels, x_title="steps", title="D"))
    dumps(option)
    assert len(option["grid"]) == 3
    assert [s["xAxisIndex"] for s in option["series"]] == [0, 1, 2, 2]
    assert [t["text"] for t in option["title"]] == ["D", "loss", "ε", "q"]
    assert option["yAxis"][0]["axisLabel"]["formatter"] == echarts.LOG_TICKS
    assert (option["yAxis"][1]["min"], option["yAxis"][1]["max"]) == (0, 1)
    view = plotly_view(option)
    assert view["data"][1]["y"] == [1.0, 0.5, 0.2]


def test_progress_chart_keeps_evaluations_and_the_solved_line() -> None:
    fig = cartpole_charts.episode_length_chart(
        [10, 20, 30],
        x_title="episode",
        y_title="steps",
        evaluations=([2], [150.0]),
        evaluation_name="greedy",
        solved=195,
        solved_label="solved",
        y_max=200,
    )
    option = echarts.from_plotly(fig)
    names = [s["name"] for s in option["series"]]
    assert names == ["length", "mean of 100", "greedy", "solved"]
    greedy = option["series"][2]
    assert greedy["data"] == [[2, 150]] and greedy["symbol"] == "diamond"
    assert option["series"][3]["lineStyle"]["type"] == "dotted"
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (0, pytest.approx(208))
    assert option["xAxis"]["min"] == 0  # rangemode tozero


def test_what_it_does_not_convert_is_refused() -> None:
    with pytest.raises(ValueError, match="not converted"):
        echarts.from_plotly(go.Figure(go.Pie(values=[1, 2])))


def test_a_json_figure_converts_like_the_figure() -> None:
    fig = maze_charts.q_table_heatmap(
        np.arange(8.0).reshape(4, 2), action_labels=["a", "b"], x_title="a", y_title="s"
    )
    assert echarts.from_plotly(json.loads(fig.to_json())) == echarts.from_plotly(fig)


@given(
    st.lists(
        st.floats(allow_nan=True, allow_infinity=True, width=64) | st.integers(-(10**6), 10**6),
        min_size=0,
        max_size=80,
    ),
    st.booleans(),
)
@settings(deadline=None)  # no timed assertion: the machine's load is not the code's
def test_any_series_gives_strict_json_and_reads_back(values: list[float], log_y: bool) -> None:
    fig = common.line_chart({"s": values}, x_title="x", y_title="y", log_y=log_y)
    option = echarts.from_plotly(fig)
    dumps(option)
    read = plotly_view(option)["data"][0]["y"]
    expected = [float(v) if math.isfinite(v) and (not log_y or v > 0) else None for v in values]
    assert read == pytest.approx(expected) if any(v is not None for v in expected) else True
    assert [r is None for r in read] == [e is None for e in expected]
