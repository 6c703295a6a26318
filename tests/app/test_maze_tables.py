"""The maze pages' tables as drawn: the 8×8 maze's Q table whole (no inner scroll box),
θ₀'s colour bar from 0 to 1 (not 1 to 1), and blocked moves grey with "–" in them."""

from __future__ import annotations

import json

import numpy as np

from playground.envs import LAYOUTS
from tests.app.helpers import open_page
from webui.charts import common, options
from webui.i18n import TEXT

EN = TEXT["en"]


def live_charts(at) -> dict[str, tuple[dict, list[int]]]:
    """Each ECharts chart's option by title, with the pixel heights of the blocks around it
    (a fixed height makes a scroll box)."""
    found: dict[str, tuple[dict, list[int]]] = {}

    def walk(node, heights: list[int]) -> None:
        for child in getattr(node, "children", {}).values():
            proto = child.proto
            if child.type == "echarts_chart":
                option = json.loads(proto.spec)
                title = option.get("title") or {}
                title = title[0] if isinstance(title, list) else title
                found[title.get("text", "")] = (option, heights)
                continue
            height = getattr(proto, "height_config", None)
            fixed = (
                [height.pixel_height]
                if height is not None and height.HasField("pixel_height")
                else []
            )
            walk(child, heights + fixed)

    walk(at.main, [])
    return found


def blank_labels(option: dict) -> list[list]:
    return next((s["data"] for s in option["series"] if s.get("id") == options.BLANK_LABELS_ID), [])


def test_the_8x8_q_table_is_whole_on_the_page() -> None:
    at = open_page("app_pages/maze_td.py", query={"layout": "maze_8x8"})
    option, boxes = live_charts(at)[EN["maze_td.q_title"].format(algo="Q-learning")]
    assert boxes == []  # was [560]: rows S19–S63 and the colour bar scrolled out of sight
    assert option["yAxis"]["data"] == [f"S{s}" for s in range(64)]
    layout = LAYOUTS["maze_8x8"]
    blocked = {
        (a, s) for s, row in enumerate(layout.action_masks()) for a, ok in enumerate(row) if not ok
    }
    assert {(c, r) for c, r, text in blank_labels(option)} == blocked
    assert all(text == "–" for *_, text in blank_labels(option))


def test_theta0_colour_bar_runs_from_zero_and_blocked_moves_show_a_dash() -> None:
    at = open_page("app_pages/maze_policy.py")
    option, _ = live_charts(at)["θ₀"]
    assert (option["visualMap"]["min"], option["visualMap"]["max"]) == (0, 1)
    # The seed maze, counted from its walls S1|S4, S3|S4, S3|S6, S5|S8: S0 → ↓, S1 → ←,
    # S2 ↓ ←, S3 ↑, S4 → ↓, S5 ↑ ←, S6 →, S7 ↑ → ←, none from the goal S8: 15 of 36 moves.
    masks = LAYOUTS["seed_3x3"].action_masks()
    assert int(np.sum(masks)) == 15
    labels = blank_labels(option)
    assert len(labels) == 36 - 15
    assert {(c, r) for c, r, _ in labels} == {
        (a, s) for s in range(9) for a in range(4) if not masks[s, a]
    }
    assert option["grid"]["backgroundColor"] == common.BLOCKED_FILL
