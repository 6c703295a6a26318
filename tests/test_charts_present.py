"""Chart text in presenter view (options.presented), ``show`` parsing, and CartPole's bin
labels at 12 bins."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from webui.charts import cartpole, options
from webui.charts.options import PRESENT_MIN_FONT, PRESENT_SCALE, presented
from webui.present import MAX_SHOW, parse_show


def test_presented_grows_text_and_fills_in_echarts_defaults() -> None:
    option = {
        "textStyle": {"fontSize": 13},
        "title": {"text": "T", "textStyle": {"fontSize": 17}},
        "xAxis": {"type": "value", "name": "episode", "nameGap": 30},
        "yAxis": [
            {"type": "value", "axisLabel": {"fontSize": 12, "rich": {"sup": {"fontSize": 9}}}}
        ],
        "legend": {"data": ["a"]},
        "grid": {"left": 60, "right": 20, "top": 50, "bottom": 40},
        "series": [
            {"type": "heatmap", "label": {"show": True}, "data": [[0, 0, 1]]},
            {"type": "line", "data": [[0, 1], [1, 2]]},
        ],
        "height": 360,
    }
    big = presented(option)
    # 13·1.3 = 16.9 → 17; 17·1.3 = 22.1 → 22; ECharts' unset 12 px: 15.6 → 16 (the floor).
    assert big["textStyle"]["fontSize"] == 17
    assert big["title"]["textStyle"]["fontSize"] == 22
    assert big["xAxis"]["axisLabel"]["fontSize"] == 16
    assert big["xAxis"]["nameTextStyle"]["fontSize"] == 16
    assert big["xAxis"]["nameGap"] == 39  # 30 · 1.3
    assert big["yAxis"][0]["axisLabel"]["fontSize"] == 16
    assert big["yAxis"][0]["axisLabel"]["rich"]["sup"]["fontSize"] == 12  # 9 · 1.3, no floor
    assert big["legend"]["textStyle"]["fontSize"] == 16
    assert big["series"][0]["label"]["fontSize"] == 16
    assert big["grid"] == {"left": 78, "right": 26, "top": 65, "bottom": 52}
    assert big["height"] == 360
    # The data is shared, not copied; the builder's option is unchanged.
    assert big["series"][1]["data"] is option["series"][1]["data"]
    assert "axisLabel" not in option["xAxis"] and "textStyle" not in option["legend"]


def test_dense_table_numbers_grow_without_the_floor() -> None:
    option = {"series": [{"type": "heatmap", "label": {"show": True, "fontSize": 9}}]}
    assert presented(option)["series"][0]["label"]["fontSize"] == round(9 * PRESENT_SCALE)


@given(st.integers(min_value=6, max_value=60))
def test_every_font_size_ends_at_least_at_the_floor(size: int) -> None:
    option = {
        "legend": {"textStyle": {"fontSize": size}},
        "xAxis": {"axisLabel": {"fontSize": size}},
    }
    big = presented(option)
    for got in (big["legend"]["textStyle"]["fontSize"], big["xAxis"]["axisLabel"]["fontSize"]):
        assert got == max(PRESENT_MIN_FONT, round(size * PRESENT_SCALE))


def test_parse_show_splits_dedupes_and_caps() -> None:
    assert parse_show(["eta, epsilon", "eta,,gamma"]) == ("eta", "epsilon", "gamma")
    assert parse_show([" , ,"]) == ()
    assert parse_show(None) == ()
    many = parse_show([",".join(f"k{i}" for i in range(50))])
    assert len(many) == MAX_SHOW and many[0] == "k0"
    assert parse_show(["x" * 500]) == ("x" * 40,)


def test_twelve_bins_stand_upright_with_room_for_them() -> None:
    labels = [f"{a:.2f}…{a + 0.07:.2f}" for a in np.linspace(-0.35, 0.35, 12)]
    option = cartpole.bin_heatmap(
        np.zeros((12, 12)), axes=cartpole.BinAxes(labels, labels, "θ", "θ̇")
    )
    axis = option["xAxis"]["axisLabel"]
    assert axis["rotate"] == 90
    assert "interval" not in axis  # ECharts drops a label that would touch its neighbour
    # The axis name sits below the upright labels: their length plus a margin.
    longest = options.text_px(labels, options.FONT_SIZE - 2)
    assert option["xAxis"]["nameGap"] >= longest
    six = cartpole.bin_heatmap(
        np.zeros((6, 6)), axes=cartpole.BinAxes(labels[:6], labels[:6], "θ", "θ̇")
    )
    assert six["xAxis"]["axisLabel"]["rotate"] == 40 and six["xAxis"]["axisLabel"]["interval"] == 0
    turned = round(longest * math.sin(math.radians(40)))
    assert six["xAxis"]["nameGap"] == options.FONT_SIZE - 2 + 4 + turned + 12
