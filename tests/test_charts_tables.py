"""Table heatmaps (θ, π, Q, V, CartPole bins) as ECharts options built from the tables."""

from __future__ import annotations

import json

import numpy as np
import pytest

from webui.charts import cartpole as cartpole_charts
from webui.charts import common, options
from webui.charts import maze as maze_charts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def cells(series: dict) -> dict[tuple[int, int], list | dict]:
    """A heatmap series' cells by ``(col, row)``."""
    return {tuple((c["value"] if isinstance(c, dict) else c)[:2]): c for c in series["data"]}


def test_q_table_heatmap_cells_text_highlight_and_ink() -> None:
    q = np.array([[np.nan, 0.0], [0.5, 1.0]])
    option = maze_charts.q_table_heatmap(
        q, action_labels=["↑", "→"], x_title="action", y_title="state", title="Q", highlight=(1, 0)
    )
    dumps(option)
    dark_ink, light_ink, blank_labels = option["series"]
    assert (dark_ink["label"]["color"], light_ink["label"]["color"]) == ("#111111", "#ffffff")
    # The darkest blue gets white text, the palest black; a blocked move is empty ("-"),
    # so ECharts draws no cell there: the grid's grey shows, with "–" written on it by a
    # series of labels outside the colour scale.
    assert cells(light_ink)[(1, 1)] == [1, 1, 1, "1.00"]
    assert cells(dark_ink)[(1, 0)] == [1, 0, 0, "0.00"]
    assert cells(dark_ink)[(0, 0)] == [0, 0, "-", "–"]
    assert blank_labels["id"] == options.BLANK_LABELS_ID
    assert blank_labels["data"] == [[0, 0, "–"]] and blank_labels["label"]["show"] is True
    assert option["grid"]["backgroundColor"] == common.BLOCKED_FILL
    assert option["visualMap"]["seriesIndex"] == [0, 1]
    # The highlighted (state 1, action 0) cell, and it alone, is outlined in red.
    assert cells(dark_ink)[(0, 1)] == {
        "value": [0, 1, 0.5, "0.50"],
        "itemStyle": {"borderColor": "#d62728", "borderWidth": 3},
    }
    outlined = [c for s in (dark_ink, light_ink) for c in s["data"] if isinstance(c, dict)]
    assert len(outlined) == 1
    assert dark_ink["label"]["formatter"] == "{@[3]}"
    assert option["xAxis"]["data"] == ["↑", "→"] and option["yAxis"]["data"] == ["S0", "S1"]
    assert option["yAxis"]["inverse"] is True  # first state on top, as a table
    assert option["xAxis"]["position"] == "top"
    assert (option["visualMap"]["min"], option["visualMap"]["max"]) == (0, 1)
    assert option["title"]["text"] == "Q"


def test_a_table_of_equal_values_gets_a_colour_bar_from_zero() -> None:
    """θ₀: 1 wherever a move is allowed. Its colours ran from 1 to 1 (the bar read 1 … 1)."""
    theta0 = np.array([[np.nan, 1.0, 1.0, np.nan], [1.0, np.nan, np.nan, 1.0]])
    option = common.heatmap(
        theta0, x_labels=list("abcd"), y_labels=["S0", "S1"], x_title="a", y_title="s"
    )
    vm = option["visualMap"]
    assert (vm["min"], vm["max"]) == (0, 1)
    negative = common.heatmap([[-2.0]], x_labels=["a"], y_labels=["s"], x_title="", y_title="")
    assert (negative["visualMap"]["min"], negative["visualMap"]["max"]) == (-2, 0)
    zeros = maze_charts.q_table_heatmap(
        np.zeros((2, 2)), action_labels=["a", "b"], x_title="", y_title=""
    )
    vm = zeros["visualMap"]
    assert (vm["min"], vm["max"]) == (0, 1)
    # Given bounds are kept, and so are values that differ.
    given = common.heatmap(
        [[1.0]], x_labels=["a"], y_labels=["s"], x_title="", y_title="", zmin=0.5, zmax=3
    )
    assert (given["visualMap"]["min"], given["visualMap"]["max"]) == (0.5, 3)
    spread = common.heatmap(
        [[1.0, 2.0]], x_labels=["a", "b"], y_labels=["s"], x_title="", y_title=""
    )
    assert (spread["visualMap"]["min"], spread["visualMap"]["max"]) == (1, 2)


def test_heatmap_text_and_nan() -> None:
    option = common.heatmap(
        [[0.5, np.nan], [1.0, 0.25]],
        x_labels=["↑", "→"],
        y_labels=["S0", "S1"],
        x_title="a",
        y_title="s",
    )
    texts = {k: c[3] for s in option["series"][:2] for k, c in cells(s).items()}
    assert texts == {(0, 0): "0.50", (1, 0): "–", (0, 1): "1.00", (1, 1): "0.25"}
    with pytest.raises(ValueError):
        common.heatmap([[1, 2]], x_labels=["a"], y_labels=["s"], x_title="", y_title="")


def test_the_8x8_q_table_is_drawn_whole() -> None:
    """64 rows at 18 px under the title and the action labels: 1,267 px, no scroll box."""
    option = maze_charts.q_table_heatmap(
        np.zeros((64, 4)), action_labels=list("abcd"), x_title="a", y_title="s", title="Q"
    )
    assert option["height"] == 75 + 40 + 18 * 64
    plot_px = option["height"] - option["grid"]["top"] - option["grid"]["bottom"]
    assert plot_px / 64 >= 17  # every row at least 17 px tall, text 11 px
    assert option["yAxis"]["data"][-1] == "S63"
    assert option["series"][0]["label"]["fontSize"] == 11


def test_negative_q_uses_the_diverging_scale_centred_on_zero() -> None:
    option = maze_charts.q_table_heatmap(
        np.array([[-2.0, 1.0]]), action_labels=["a", "b"], x_title="a", y_title="s"
    )
    vm = option["visualMap"]
    assert (vm["min"], vm["max"]) == (-2, 2)
    assert vm["inRange"]["color"] == [c for _, c in options.COLOUR_SCALES["RdBu"]]


def test_a_diverged_q_table_is_strict_json_with_short_numbers() -> None:
    option = maze_charts.q_table_heatmap(
        np.array([[1e5, -np.inf], [np.inf, 3.0]]), action_labels=["a", "b"], x_title="", y_title=""
    )
    dumps(option)
    texts = {k: c[3] for s in option["series"][:2] for k, c in cells(s).items()}
    assert texts[(0, 0)] == "1e+05" and texts[(1, 1)] == "3"


def test_stepwise_scale_becomes_labelled_pieces() -> None:
    option = cartpole_charts.greedy_action_heatmap(
        np.array([[0.0, 0.5], [1.0, np.nan]]),
        axes=cartpole_charts.BinAxes(["a", "b"], ["c", "d"], "x", "y"),
        action_labels=("left", "tie", "right"),
    )
    dumps(option)
    vm = option["visualMap"]
    assert vm["type"] == "piecewise"
    assert [(p["label"], p["color"]) for p in vm["pieces"]] == list(
        zip(("left", "tie", "right"), common.ACTION_COLOURS, strict=True)
    )
    texts = {k: c[3] for s in option["series"] for k, c in cells(s).items()}
    # Arrows in the cells; an unvisited cell stays blank, without a label series.
    assert texts == {(0, 0): "←", (1, 0): "=", (0, 1): "→", (1, 1): ""}
    assert option["yAxis"]["inverse"] is False  # a physical axis: low bins at the bottom


def test_bin_heatmap_prints_values_and_turns_long_tick_rows() -> None:
    labels = [f"bin {i}" for i in range(6)]
    option = cartpole_charts.bin_heatmap(
        np.arange(12.0).reshape(2, 6),
        axes=cartpole_charts.BinAxes(labels, ["low", "high"], "x", "y"),
        title="max Q",
        value_format=".0f",
    )
    assert option["xAxis"]["axisLabel"]["rotate"] == 40
    assert option["xAxis"]["data"] == labels and option["yAxis"]["data"] == ["low", "high"]
    texts = {k: c[3] for s in option["series"] for k, c in cells(s).items()}
    assert texts[(5, 1)] == "11" and texts[(0, 0)] == "0"
    vm = option["visualMap"]
    assert (vm["min"], vm["max"], vm["type"]) == (0, 11, "continuous")
    with pytest.raises(ValueError):
        cartpole_charts.bin_heatmap(
            np.zeros((2, 2)), axes=cartpole_charts.BinAxes(["a"], ["b", "c"], "", "")
        )
