"""Every tabular environment on the SARSA / Q-learning and DP pages (EN and ZH), the cliff
example, the optimal policy's overlay, and the gap curves' data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.envs.gridworld import CLIFF_WALKING, random_frozen_lake_spec
from playground.sessions import envs
from tests.app.helpers import (
    assert_no_exception,
    chart,
    click,
    picture_captions,
    reference_lines,
    table,
    texts,
    train,
    values,
)
from tests.app.helpers import lines as chart_lines
from tests.app.helpers import open_page as _open
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
TD, DP = "app_pages/maze_td.py", "app_pages/dp.py"
# A grid of one's own (as the grid editor's code carries it): 3×3, a wall between S0 and S1.
OWN = random_frozen_lake_spec(3, 0, slippery=False).with_wall_toggled(0, 1).validate()
QUERIES = {
    "frozen_lake_4x4": {"layout": "frozen_lake_4x4"},
    "frozen_lake_8x8_slippery": {"layout": "frozen_lake_8x8", "slippery": "true"},
    "frozen_lake_random": {"layout": "frozen_lake_random", "map_size": "5", "map_seed": "7"},
    "cliff_walking": {"layout": "cliff_walking"},
    "custom": {"layout": "custom", "grid": OWN.encode()},
}


def open_page(page: str, query: dict, lang: dict):
    return _open(page, query=query | ({"lang": "zh"} if lang is ZH else {}))


def series(option: dict) -> dict[str, list[float]]:
    return {one["name"]: values(one) for one in chart_lines(option)}


@pytest.mark.parametrize("lang", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("name", list(QUERIES))
def test_td_page_trains_on_every_env(name: str, lang: dict) -> None:
    query = QUERIES[name] | {"episodes": "20"}
    at = open_page(TD, query, lang)
    assert_no_exception(at)
    train(at, "td", label=lang["common.train"])
    lane = at.session_state["live.td"].source.lanes[0]
    key = query["layout"]
    assert lane.problem.key == key
    # The Q table is labelled by cell: one row per cell of the grid.
    q = chart(at, lang["maze_td.q_title"].format(algo=lang["maze_td.algo_q_learning"]))
    assert len(table(q)) == lane.problem.rows * lane.problem.cols
    # The gap curve: the greedy policy's exact value after each episode, V* as its line.
    gap = chart(at, lang["maze_td.gap_value_title"])
    shown = series(gap)[lang["maze_td.algo_q_learning"]]
    assert len(shown) == 20
    assert shown[-1] == pytest.approx(lane.gap_values[-1], nan_ok=True)
    assert reference_lines(gap, "y") == [pytest.approx(round(lane.optimum.value, 4))]
    slippery = name.endswith("slippery")
    assert (lang["grid.slip_explain"] in texts(at)) == slippery
    if not slippery:
        path = chart(at, lang["maze_td.gap_path_title"])
        assert reference_lines(path, "y") == [lane.optimum.shortest]


def test_cliff_example_one_click() -> None:
    at = _open(TD)
    click(at, EN["maze_td.cliff_example"])
    state = at.session_state
    assert (state["td.layout"], state["td.algo"], state["td.eta"], state["td.epsilon"]) == (
        "cliff_walking",
        "both",
        0.5,
        0.1,
    )
    assert EN["maze_td.cliff_what_to_see"] in [info.value for info in at.info]
    train(at, "td")
    returns = series(chart(at, EN["maze_td.return_title"]))
    sarsa, q = returns[EN["maze_td.algo_sarsa"]], returns[EN["maze_td.algo_q_learning"]]
    assert len(sarsa) == len(q) == 500
    assert np.mean(sarsa[-100:]) > np.mean(q[-100:])  # SARSA's higher online return
    paths = series(chart(at, EN["maze_td.gap_path_title"]))
    assert paths[EN["maze_td.algo_q_learning"]][-1] == 13  # along the edge
    assert paths[EN["maze_td.algo_sarsa"]][-1] > 13  # the safer path


def test_optimal_overlay_toggle() -> None:
    at = _open(TD, query={"layout": "cliff_walking"})
    caption = EN["maze_td.optimal_caption"]
    assert not any(caption in c for c in picture_captions(at))
    at.toggle(key="_w.td.optimal").set_value(True).run()
    assert any(caption in c for c in picture_captions(at))
    assert at.session_state["td.optimal"] is True
    lane = at.session_state["td.preview"].session.lanes[0]
    # The overlay is the optimal policy: along the cliff's edge from the start.
    assert lane.optimum.policy[36].tolist() == [1.0, 0.0, 0.0, 0.0]


def test_bad_grid_code_says_why_and_keeps_the_page() -> None:
    at = _open(TD, query={"layout": "custom", "grid": "g1.zz!"})
    assert_no_exception(at)
    assert any(EN["grid.error"].split("{")[0] in e.value for e in at.error)


def test_editor_grid_opens_on_the_td_page() -> None:
    at = _open(TD, query={"layout": "custom"}, state={"ge.grid": OWN.encode()})
    click(at, EN["grid.use_editor"])
    assert at.session_state["td.grid"] == OWN.encode()
    lane = at.session_state["td.preview"].session.lanes[0]
    assert lane.problem.spec.encode() == OWN.encode()


@pytest.mark.parametrize("lang", [EN, ZH], ids=["en", "zh"])
def test_dp_page_random_lake_and_custom(lang: dict) -> None:
    query = {"problem": "frozen_lake_random", "map_size": "6", "map_seed": "2"}
    at = open_page(
        DP, query | {"method": "value_iteration", "sweeps": "10000", "theta": "1e-10"}, lang
    )
    assert_no_exception(at)
    best = envs.optimum(envs.problem("frozen_lake_random", True, "", 6, 2).model, 1.0)
    grid = chart(at, lang["dp.v_title"])
    assert len(table(grid)) == 6 and table(grid)[0][0] == pytest.approx(best.value, abs=1e-6)
    own = open_page(DP, {"problem": "custom", "grid": CLIFF_WALKING.encode()}, lang)
    assert len(table(chart(own, lang["dp.v_title"]))) == 4
    assert not math.isnan(table(chart(own, lang["dp.v_title"]))[0][0])


@pytest.mark.parametrize("lang", [EN, ZH], ids=["en", "zh"])
def test_policy_page_greedy_path_and_optimal_overlay(lang: dict) -> None:
    at = open_page("app_pages/maze_policy.py", {"layout": "seed_3x3", "episodes": "300"}, lang)
    train(at, "mp", label=lang["common.train"])
    source = at.session_state["live.mp"].source
    greedy = chart(at, lang["maze_policy.greedy_title"])
    shown = [v for one in chart_lines(greedy) for v in values(one)]
    assert len(shown) == 300
    assert shown[-1] == source.greedy_path == source.greedy_length() == 6  # learnt: shortest
    assert reference_lines(greedy, "y") == [source.optimum.shortest] == [6]
    caption = lang["maze_td.optimal_caption"]
    assert not any(caption in c for c in picture_captions(at))
    at.toggle(key="_w.mp.optimal").set_value(True).run()
    assert any(caption in c for c in picture_captions(at))
