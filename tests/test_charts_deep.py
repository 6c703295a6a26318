"""Deep RL and CartPole progress charts (webui.charts.deep, webui.charts.cartpole):
ECharts options built from data, read as ECharts options."""

from __future__ import annotations

import json

import pytest

from webui.charts import common
from webui.charts import deep as deep_charts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def test_small_multiples_become_one_grid_per_panel() -> None:
    panels = [
        {"title": "loss", "x": [1, 2, 3], "y": [1.0, 0.1, 0.01], "y_title": "L", "log_y": True},
        {"title": "ε", "x": [1, 2, 3], "y": [1.0, 0.5, 0.2], "y_title": "ε", "range": [0, 1]},
        {"title": "q", "x": [1, 2, 3], "y": [0, 1, 2], "y_title": "Q", "smooth": 2},
    ]
    option = deep_charts.small_multiples(panels, x_title="steps", title="D")
    dumps(option)
    assert len(option["grid"]) == 3
    assert [s["xAxisIndex"] for s in option["series"]] == [0, 1, 2, 2]
    assert [t["text"] for t in option["title"]] == ["D", "loss", "ε", "q"]
    assert option["yAxis"][0]["axisLabel"]["formatter"] == "10{sup|{value}}"
    assert (option["yAxis"][1]["min"], option["yAxis"][1]["max"]) == (0, 1)
    assert option["series"][0]["data"] == [[1, 0, 1.0], [2, -1, 0.1], [3, -2, 0.01]]
    assert option["series"][1]["data"] == [[1, 1.0], [2, 0.5], [3, 0.2]]
    assert option["series"][3]["data"] == [[1, 0], [2, 0.5], [3, 1.5]]  # mean of 2
    # The x quantity is named under the last panel of each column only.
    assert [axis["name"] for axis in option["xAxis"]] == ["", "steps", "steps"]
    assert option["height"] == 60 + 2 * 230 + 40


def test_progress_chart_keeps_evaluations_and_the_solved_line() -> None:
    option = common.progress_chart(
        [10, 20, 30],
        x_title="episode",
        y_title="steps",
        raw_name="length",
        mean_name="mean of 100",
        window=100,
        evaluations=([2], [150.0]),
        evaluation_name="greedy",
        solved=195,
        solved_label="solved",
        y_max=200,
    )
    names = [s["name"] for s in option["series"]]
    assert names == ["length", "mean of 100", "greedy", "solved"]
    greedy = option["series"][2]
    assert greedy["data"] == [[2, 150]] and greedy["symbol"] == "diamond"
    assert option["series"][3]["lineStyle"]["type"] == "dotted"
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (0, pytest.approx(208))
    assert option["xAxis"]["min"] == 0  # x from zero
    assert option["series"][3]["data"] == [[0, 195], [3, 195]]  # to the last episode
    assert option["series"][1]["data"] == [[1, 10], [2, 15], [3, 20]]  # trailing mean


def test_return_curve_on_env_steps_with_the_solved_line_to_the_last_point() -> None:
    option = common.progress_chart(
        [10.0, 20.0, 30.0],
        x=[10, 30, 60],
        x_title="env steps",
        y_title="return",
        title="Return",
        window=2,
        evaluations=([20, 80], [50.0, 80.0]),
        solved=195,
        solved_label="solved (v0)",
    )
    raw, mean, greedy, solved = option["series"]
    assert raw["data"] == [[10, 10], [30, 20], [60, 30]] and raw["showSymbol"] is True
    assert mean["data"] == [[10, 10], [30, 15], [60, 25]]
    assert greedy["data"] == [[20, 50], [80, 80]]
    assert solved["data"] == [[0, 195], [80, 195]]  # as far right as the last evaluation
    assert option["yAxis"]["scale"] is True and "min" not in option["yAxis"]  # no y_max
