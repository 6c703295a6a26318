"""Line charts (webui.charts.common, webui.charts.maze): ECharts options built from data,
read as ECharts options, with hand-checked values."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.chart_options import lines
from webui.charts import common, options
from webui.charts import maze as maze_charts


def dumps(option: dict) -> str:
    """What Streamlit sends: strict JSON (a NaN or inf would break the browser's parse)."""
    return json.dumps(option, allow_nan=False)


def test_episode_curves_become_lines_with_the_optimum_line() -> None:
    option = common.line_chart(
        {"SARSA": [9, 7, 6], "Q-learning": [8, 6, 6]},
        x_title="episode",
        y_title="steps",
        title="Steps",
        optimum=6,
        optimum_label="shortest path: 6",
    )
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
    option = common.line_chart(
        {"A": [1.0, float("nan"), 3.0, 5.0]}, x_title="e", y_title="s", moving_average=2
    )
    raw, mean = option["series"][:2]
    assert raw["data"][1] == [2, None]  # NaN is a gap, never NaN in the JSON
    assert raw["lineStyle"]["opacity"] == pytest.approx(0.45)
    assert mean["name"] == "A (mean of 2)" and mean["lineStyle"]["width"] == 3


def test_log_axis_plots_log10_and_keeps_the_value() -> None:
    option = maze_charts.log_series_chart(
        [1, 2, 3, 4],
        [1e-1, 1e-3, 0.0, 1e-5],
        name="Σ|Δπ|",
        x_title="episode",
        y_title="Σ|Δπ|",
        threshold=1e-4,
        threshold_label="stop at 1e-4",
    )
    dumps(option)
    assert option["yAxis"]["axisLabel"]["formatter"] == "10{sup|{value}}"
    line = option["series"][0]
    assert line["data"][0] == [1, pytest.approx(-1.0), 0.1]
    assert line["data"][2] == [3, None, None]  # 0 has no logarithm: a gap
    assert line["encode"] == {"x": 0, "y": 1, "tooltip": [2]}
    mark = next(s for s in option["series"] if s.get("markLine"))["markLine"]
    assert mark["data"][0]["yAxis"] == pytest.approx(-4.0)
    assert mark["data"][0]["value"] == pytest.approx(1e-4)
    assert mark["label"]["formatter"] == "stop at 1e-4"
    assert [point[2] for point in line["data"]] == [0.1, 0.001, None, 1e-05]  # y itself
    assert option["yAxis"]["min"] == -5 and option["yAxis"]["max"] == -1  # whole powers of 10
    assert option["legend"]["data"] == ["Σ|Δπ|", "stop at 1e-4"]


def test_log_x_axis_and_the_chosen_beta_as_a_vertical_line() -> None:
    betas = [0.1, 1.0, 10.0]
    # π over β for a state with two moves; the first action is blocked (always 0).
    probs = np.array([[0.0, 0.52, 0.48], [0.0, 0.73, 0.27], [0.0, 1.0, 0.0]])
    option = maze_charts.softmax_temperature_chart(
        betas,
        probs,
        action_labels=["↑", "→", "↓"],
        beta_now=2.0,
        beta_label="β = 2",
        x_title="β",
        y_title="π",
    )
    dumps(option)
    assert option["xAxis"]["type"] == "log"  # ECharts' own log axis: ticks 0.1, 1, 10
    lines = [s for s in option["series"] if not s.get("markLine")]
    assert [s["name"] for s in lines] == ["→", "↓"]  # the blocked move is left out
    assert lines[0]["data"] == [[0.1, 0.52], [1.0, 0.73], [10.0, 1.0]]  # β itself, not log10
    (mark,) = [s["markLine"] for s in option["series"] if s.get("markLine")]
    assert mark["data"] == [{"xAxis": 2, "value": 2}]
    assert mark["label"]["formatter"] == "β = 2"
    assert mark["lineStyle"]["type"] == "dashed"
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (0, 1.02)


def test_a_line_at_x_on_a_log_axis_has_no_place_for_zero() -> None:
    assert options.points([0.0, 1.0, 10.0], [1, 2, 3], log_x=True) == [
        [None, 1.0],
        [1.0, 2.0],
        [10.0, 3.0],
    ]


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
    option = common.line_chart({"s": values}, x_title="x", y_title="y", log_y=log_y)
    dumps(option)
    read = [point[-1] for point in option["series"][0]["data"]]  # y itself, also on a log axis
    expected = [float(v) if math.isfinite(v) and (not log_y or v > 0) else None for v in values]
    assert [r is None for r in read] == [e is None for e in expected]
    assert [r for r in read if r is not None] == pytest.approx(
        [e for e in expected if e is not None]
    )


def test_line_chart_lines_legend_and_reference_lines() -> None:
    option = common.line_chart(
        {"steps": [12, 9, 6]}, x_title="episode", y_title="steps", optimum=6, moving_average=2
    )
    raw, mean, optimum = option["series"]
    assert (raw["name"], mean["name"]) == ("steps", "steps (mean of 2)")
    assert raw["data"] == [[1, 12], [2, 9], [3, 6]]
    assert mean["data"] == [[1, 12], [2, 10.5], [3, 7.5]]  # trailing mean of 2
    assert optimum["markLine"]["data"] == [{"yAxis": 6, "value": 6}]
    assert option["xAxis"]["name"] == "episode" and option["legend"]["data"] == [
        "steps",
        "steps (mean of 2)",
    ]
    assert option["height"] == 340
    log = common.line_chart({"d": [1.0, 0.0, 0.1]}, x_title="e", y_title="Σ|Δπ|", log_y=True)
    assert log["series"][0]["data"][1] == [2, None, None]  # 0 has no logarithm: a gap
    assert log["yAxis"]["axisLabel"]["formatter"] == "10{sup|{value}}"


def test_reference_lines_sit_at_log10_on_a_log_axis_and_keep_their_value() -> None:
    option = common.line_chart(
        {"d": [1.0, 0.1]}, x_title="e", y_title="Σ|Δπ|", log_y=True, optimum=0.01, solved=100.0
    )
    marks = [s["markLine"]["data"][0] for s in option["series"] if s.get("markLine")]
    assert marks == [{"yAxis": -2, "value": 0.01}, {"yAxis": 2, "value": 100}]
    styles = [s["markLine"]["lineStyle"]["type"] for s in option["series"] if s.get("markLine")]
    assert styles == ["dashed", "dotted"]  # optimum grey dashed, solved green dotted
    linear = common.line_chart({"d": [1.0]}, x_title="e", y_title="y", optimum=6)
    assert linear["series"][1]["markLine"]["data"] == [{"yAxis": 6, "value": 6}]


def test_the_legend_can_be_forced_for_one_line() -> None:
    one = {"mean of 10 episodes": [3.0, 2.0]}
    assert "legend" not in common.line_chart(one, x_title="e", y_title="s")
    forced = common.line_chart(one, x_title="e", y_title="s", show_legend=True)
    assert forced["legend"]["data"] == ["mean of 10 episodes"]
    assert forced["grid"]["bottom"] == 55  # room under the plot for it


def test_long_series_are_decimated_and_x_can_be_given() -> None:
    y = np.arange(20_000) % 5.0  # 0 1 2 3 4 0 1 …: every bucket holds a 0 and a 4
    y[7_777], y[12_345] = 9.0, -3.0  # a spike and a dip, each one point wide
    option = common.line_chart({"A": y}, x=np.arange(20_000) * 10, x_title="e", y_title="s")
    (line,) = lines(option)
    data = line["data"]
    # Two points a bucket are sent whatever the run's length; first, last, spike and dip stay.
    assert 2 * options.DECIMATE_BUCKETS - 10 <= len(data) <= 2 * options.DECIMATE_BUCKETS + 2
    assert data[0] == [0, 0] and data[-1] == [199_990, 4]
    assert [77_770, 9] in data and [123_450, -3] in data
    assert [row[0] for row in data] == sorted(row[0] for row in data)
    whole = 2 * options.DECIMATE_BUCKETS + 2
    short = common.line_chart({"A": np.ones(whole)}, x_title="e", y_title="s")
    assert len(short["series"][0]["data"]) == whole  # short enough to be sent whole


def test_series_over_the_lttb_limit_live_in_the_dataset() -> None:
    long_line = options.line_series("A", [[i, 1] for i in range(2_000)], colour="#000", index=0)
    option = options.long_series_in_datasets({"series": [long_line]})
    (line,) = option["series"]
    assert line["sampling"] == "lttb" and line["showSymbol"] is False
    # Its 2,000 points live in the option's dataset, which the series reads by index.
    assert "data" not in line and line["encode"] == {"x": 0, "y": 1}
    source = option["dataset"][line["datasetIndex"]]["source"]
    assert len(source) == 2_000 and source[-1] == [1_999, 1]
    (read,) = lines(option)
    assert read["data"] == source


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.one_of(st.floats(-1e6, 1e6), st.just(math.nan)), max_size=400),
    st.integers(1, 20),
)
def test_decimation_keeps_each_buckets_min_max_first_gap_and_the_ends(
    values: list[float], buckets: int
) -> None:
    y = np.array(values, dtype=float)
    kept = options.decimate(y, buckets)
    n = y.size
    if n <= 2 * buckets + 2:
        assert kept.tolist() == list(range(n))
        return
    assert kept[0] == 0 and kept[-1] == n - 1 and np.all(np.diff(kept) > 0)
    size = -(-(n - 2) // buckets)
    chosen = set(kept.tolist())
    for start in range(1, n - 1, size):
        bucket = y[start : min(start + size, n - 1)]
        finite = np.isfinite(bucket)
        in_bucket = [i for i in chosen if start <= i < start + len(bucket)]
        assert len(in_bucket) <= 3
        if finite.any():
            values_kept = {y[i] for i in in_bucket if np.isfinite(y[i])}
            assert bucket[finite].min() in values_kept and bucket[finite].max() in values_kept
        if not finite.all():  # a gap in the bucket stays a gap
            assert any(not np.isfinite(y[i]) for i in in_bucket)


def test_flat_runs_keep_their_ends_by_hand() -> None:
    # 3 3 3 3 → its ends; 5 5 has no inside; a gap (NaN) equals nothing and stays.
    assert options.flat_run_ends([3, 3, 3, 3, 5, 5, 2]).tolist() == [0, 3, 4, 5, 6]
    assert options.flat_run_ends([1, math.nan, 1, 1, 1]).tolist() == [0, 1, 2, 4]
    assert options.flat_run_ends([7, 7, 7]).tolist() == [0, 2]
    assert options.flat_run_ends([]).tolist() == [] and options.flat_run_ends([4]).tolist() == [0]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([0.0, 1.0, 2.5]), st.just(math.nan)), max_size=60))
def test_dropping_flat_insides_draws_the_same_line(values: list[float]) -> None:
    y = np.array(values, dtype=float)
    kept = options.flat_run_ends(y)
    if y.size:
        assert kept[0] == 0 and kept[-1] == y.size - 1
    assert np.all(np.diff(kept) > 0)
    # Every point left out lies on a flat segment between the kept points around it.
    for i in sorted(set(range(y.size)) - set(kept.tolist())):
        before, after = kept[kept < i].max(), kept[kept > i].min()
        assert y[before] == y[i] == y[after]
        assert np.all(y[before : after + 1] == y[i])  # no gap hidden on the way


def test_a_long_flat_line_is_sent_as_its_steps() -> None:
    # ε halved every 1,000 episodes over 5,000: five flat stretches, two points each.
    eps = 0.5 / 2.0 ** (np.arange(5_000) // 1_000)
    option = common.line_chart({"ε": eps}, x_title="episode", y_title="ε")
    (line,) = lines(option)
    # Each stretch from its first episode to the last one decimation kept (a bucket is
    # 13 episodes wide: 4,998 inner points in 400 buckets), the last point whole.
    assert line["data"] == [
        [1, 0.5], [990, 0.5], [1_001, 0.25], [1_991, 0.25], [2_001, 0.125], [2_992, 0.125],
        [3_001, 0.0625], [3_993, 0.0625], [4_001, 0.03125], [5_000, 0.03125],
    ]  # fmt: skip


def test_decimation_by_hand() -> None:
    # Buckets of 3 between the ends: [1, 9, 2] keeps 1 and 9, [8, 3] keeps 8 and 3.
    assert options.decimate([5, 1, 9, 2, 8, 3, 7], buckets=2).tolist() == [0, 1, 2, 4, 5, 6]
    # A bucket with a gap keeps it with its min and max: [nan, 4, 6] keeps all three.
    kept = options.decimate([0, math.nan, 4, 6, 1, 2, 0], buckets=2)
    assert kept.tolist() == [0, 1, 2, 3, 4, 5, 6]
