"""webui.charts.concepts: ECharts options built from data, read as ECharts options."""

from __future__ import annotations

import json

from webui.charts import concepts


def test_bars_carry_their_values_labels_and_the_sum_line() -> None:
    option = concepts.grouped_bars(
        ["r0", "r1", "r2"],
        {"reward": [0.0, 0.0, 1.0], "term": [0.0, 0.0, 0.81]},
        x_title="k",
        y_title="value",
        title="G₀ term by term",
        value_format=".2f",
        colours={"reward": "#9aa5b1"},
        hline=0.81,
        hline_label="G₀ = 0.81",
    )
    json.dumps(option, allow_nan=False)  # plain JSON, no NaN
    assert option["height"] == 340 and option["title"]["text"] == "G₀ term by term"
    assert option["xAxis"]["data"] == ["r0", "r1", "r2"] and option["xAxis"]["name"] == "k"
    assert option["yAxis"]["name"] == "value"
    assert option["yAxis"]["scale"] is False  # a bar's length is its value: from zero
    reward, term, line = option["series"]
    assert reward["data"] == [[0, 0, "0.00"], [1, 0, "0.00"], [2, 1, "1.00"]]
    assert term["data"] == [[0, 0, "0.00"], [1, 0, "0.00"], [2, 0.81, "0.81"]]
    assert term["label"]["formatter"] == "{@[2]}"  # the bar's own text, above it
    assert (reward["color"], term["color"]) == ("#9aa5b1", "#d62728")  # given, then PALETTE[1]
    assert line["markLine"]["data"] == [{"yAxis": 0.81, "value": 0.81}]
    assert line["markLine"]["label"]["formatter"] == "G₀ = 0.81"
    assert line["markLine"]["lineStyle"]["type"] == "dotted"
    assert option["legend"]["data"] == ["reward", "term"]  # the line labels itself


def test_one_series_has_no_legend_and_many_bars_no_texts() -> None:
    labels = [str(i) for i in range(20)]
    option = concepts.grouped_bars(labels, {"G": [0.5] * 20}, x_title="t", y_title="G")
    (bars,) = option["series"]
    assert bars["data"] == [0.5] * 20 and "label" not in bars
    assert "legend" not in option and "title" not in option


def test_curves_with_dashed_series_and_labelled_markers() -> None:
    option = concepts.curves_chart(
        [-2.0, 0.0, 2.0],
        {"square": [2.0, 0.0, 2.0], "Huber": [1.0, 0.0, 1.0]},
        x_title="δ",
        y_title="loss",
        title="Loss",
        vlines=[-1.0, 1.0],
        vline_label="±κ",
        dashed=["square"],
    )
    square, huber, left, right = option["series"]
    assert square["data"] == [[-2.0, 2.0], [0.0, 0.0], [2.0, 2.0]]
    assert huber["data"] == [[-2.0, 1.0], [0.0, 0.0], [2.0, 1.0]]
    assert square["lineStyle"]["type"] == "dashed" and huber["lineStyle"]["type"] == "solid"
    assert [m["markLine"]["data"][0]["xAxis"] for m in (left, right)] == [-1, 1]
    assert left["markLine"]["label"]["show"] is False  # only the rightmost is labelled
    assert right["markLine"]["label"]["formatter"] == "±κ"
    assert option["legend"]["data"] == ["square", "Huber"]
    assert option["xAxis"]["name"] == "δ" and option["yAxis"]["name"] == "loss"
