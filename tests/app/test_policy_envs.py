"""The policy-gradient page on every tabular env (EN and ZH): the picker's URL keys, the
update it uses and says it uses, the gap curves against V* and the shortest path, and a
custom grid's share link opened cold."""

from __future__ import annotations

import numpy as np
import pytest

from playground.agents.tabular import PolicyGradientAgent, PolicyGradientSettings
from playground.training import Trainer
from tests.app.helpers import (
    assert_no_exception,
    chart,
    echarts_options,
    picture_captions,
    reference_lines,
    table,
    texts,
    train,
    values,
)
from tests.app.helpers import lines as chart_lines
from tests.app.helpers import open_page as _open
from tests.app.test_tabular_envs import OWN, QUERIES
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/maze_policy.py"
ENVS = {"seed_3x3": {"layout": "seed_3x3"}, **QUERIES}


def open_page(query: dict, lang: dict):
    return _open(PAGE, query=query | ({"lang": "zh"} if lang is ZH else {}))


def shown(option: dict) -> list[float]:
    return [v for one in chart_lines(option) for v in values(one)]


@pytest.mark.parametrize("lang", [EN, ZH], ids=["en", "zh"])
@pytest.mark.parametrize("name", list(ENVS))
def test_policy_page_trains_on_every_env(name: str, lang: dict) -> None:
    query = ENVS[name] | {"episodes": "100"}
    at = open_page(query, lang)
    assert_no_exception(at)
    train(at, "mp", label=lang["common.train"])
    source = at.session_state["live.mp"].source
    maze = name == "seed_3x3"
    assert source.agent.settings.weighting == ("notes" if maze else "baseline")
    page = texts(at)
    assert (lang["maze_policy.update_notes"] in page) == maze
    assert (lang["maze_policy.update_baseline"] in page) != maze
    assert (lang["maze_policy.grid_no_walk"] in page) != maze
    # The gap curve: the greedy policy's exact value after each episode, V* as its line.
    gap = chart(at, lang["maze_policy.value_title"])
    points = shown(gap)
    assert len(points) == source._episodes_done
    assert points[-1] == pytest.approx(source.greedy_value, nan_ok=True)
    assert reference_lines(gap, "y") == [pytest.approx(round(source.optimum.value, 4))]
    greedy = chart(at, lang["maze_policy.greedy_title"])
    expected = [] if source.optimum.shortest is None else [source.optimum.shortest]
    assert reference_lines(greedy, "y") == expected
    assert (source.optimum.shortest is None) == name.endswith("slippery")
    # On a grid π is drawn beside θ, labelled by cell (the notes' π tables are the maze's).
    pi_title = lang["maze_policy.live_pi_title"].format(k=source._episodes_done)
    if maze:
        assert pi_title not in echarts_options(at)
    else:
        option = chart(at, pi_title)
        learnt = source.agent.tables()["pi"]
        assert len(learnt) == source.problem.rows * source.problem.cols
        assert option["yAxis"]["data"] == [f"S{s}" for s in range(len(learnt))]
        shown_pi = np.array([[np.nan if v is None else v for v in row] for row in table(option)])
        blocked = np.isnan(shown_pi)
        assert (learnt[blocked] == 0).all()  # a blocked move: "–", never taken
        np.testing.assert_allclose(shown_pi[~blocked], learnt[~blocked], atol=0.006)


def test_a_custom_grids_share_link_opens_cold_and_trains_as_the_core_does() -> None:
    query = {"layout": "custom", "grid": OWN.encode(), "episodes": "100", "seed": "3"}
    at = open_page(query, EN)
    train(at, "mp")
    source = at.session_state["live.mp"].source
    assert source.problem.spec.encode() == OWN.encode()
    lengths = [r.length for r in at.session_state["live.mp"].records]
    # The same grid and seed in the core: the same episodes (the Lab builds this agent too).
    env = source.problem.make()
    agent = PolicyGradientAgent.for_env(env, PolicyGradientSettings(), seed=3)
    expected = [s.length for s in Trainer(env, agent, seed=3).run_episodes(len(lengths))]
    assert lengths == expected and agent.settings.weighting == "baseline"
    # The link holds the grid: reopening it gives the same run.
    again = open_page(query, EN)
    train(again, "mp")
    assert [r.length for r in again.session_state["live.mp"].records] == lengths


def test_the_grid_editors_grid_opens_here_and_on_the_dp_page() -> None:
    """A grid drawn in the grid editor (this session's ``ge.grid``) is one click away on the
    policy-gradient page and the DP page (the SARSA / Q-learning page's test is in
    test_tabular_envs, the Lab's in test_lab_page)."""
    from tests.app.helpers import click

    drawn = OWN.with_wall_toggled(4, 5).validate().encode()
    for page, prefix, env_key in (
        (PAGE, "mp", "layout"),
        ("app_pages/dp.py", "dp", "problem"),
    ):
        at = _open(page, query={env_key: "custom"}, state={"ge.grid": drawn})
        assert at.session_state[f"{prefix}.grid"] != drawn
        click(at, EN["grid.use_editor"])
        assert_no_exception(at)
        assert at.session_state[f"{prefix}.grid"] == drawn
        assert at.text_input(key=f"_w.{prefix}.grid").value == drawn
    at = _open(PAGE, query={"layout": "custom", "episodes": "30"}, state={"ge.grid": drawn})
    click(at, EN["grid.use_editor"])
    train(at, "mp")
    assert at.session_state["live.mp"].source.problem.spec.encode() == drawn


def test_the_grid_shows_the_last_episodes_path_and_where_the_agent_ended() -> None:
    import base64
    import io
    import re

    from PIL import Image

    from webui.policy_views import MAZE_PX

    at = open_page({"layout": "frozen_lake_4x4", "episodes": "40", "seed": "2"}, EN)
    train(at, "mp")
    run = at.session_state["live.mp"]
    snap, prob = run.latest, run.source.problem
    caption = EN["maze_policy.live_maze_caption"].format(k=snap.episode + 1)
    assert caption in picture_captions(at)
    body = next(el.proto.body for el in at.get("html") if caption in el.proto.body)
    uri = re.search(r'src="data:image/png;base64,([^"]+)"', body).group(1)
    shown = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri))).convert("RGB"))
    states = snap.state_list
    assert len(states) > 1 and prob.spec.cells[states[-1]] in "GH"  # ended in the goal or a hole
    words = {"start": EN["common.cell_start"], "goal": EN["common.cell_goal"]}
    words["hole"] = EN["common.cell_hole"]
    expected = prob.draw(
        size=MAZE_PX, arrows=snap.tables["pi"], agent_cell=states[-1], highlight=states, words=words
    )
    np.testing.assert_array_equal(shown, np.asarray(expected.convert("RGB")))
    plain = prob.draw(size=MAZE_PX, arrows=snap.tables["pi"], words=words)
    assert not np.array_equal(shown, np.asarray(plain.convert("RGB")))


def test_a_bad_grid_code_says_why_and_the_page_keeps_working() -> None:
    at = open_page({"layout": "custom", "grid": "g1~4x4~nonsense"}, EN)
    assert_no_exception(at)
    assert at.error  # the grid's message, then the default maze
    assert at.session_state["live.mp"].source is None
    train(at, "mp")
    assert at.session_state["live.mp"].source.layout.name == "seed_3x3"


def test_slippery_moves_are_explained_on_ice_only() -> None:
    ice = open_page({"layout": "frozen_lake_4x4", "slippery": "true"}, ZH)
    assert ZH["grid.slip_explain"] in texts(ice)
    dry = open_page({"layout": "frozen_lake_4x4"}, ZH)
    assert ZH["grid.slip_explain"] not in texts(dry)


@pytest.mark.parametrize(("page", "prefix"), [(PAGE, "mp"), ("app_pages/maze_td.py", "td")])
def test_a_chosen_cells_slippery_move_is_drawn_with_its_probabilities(page, prefix) -> None:
    # Slippery FrozenLake 4×4: → from S6 goes right to S7 (a hole), or slips up to S2 or
    # down to S10, 1/3 each; ↑ from S0 bumps the border unless it slips right to S1.
    at = _open(page, query={"layout": "frozen_lake_4x4", "slippery": "1", "lang": "zh"})
    at.selectbox(key=f"_w.{prefix}.slip.cell").set_value(6).run()
    at.segmented_control(key=f"_w.{prefix}.slip.action").set_value(1).run()
    assert_no_exception(at)
    bars = chart(at, ZH["grid.slip_chart"].format(cell=6, a="→"))
    assert bars["xAxis"]["data"] == ["S2", "S7", "S10"]
    assert [bar[1] for bar in bars["series"][0]["data"]] == pytest.approx([1 / 3] * 3)
    assert [bar[2] for bar in bars["series"][0]["data"]] == ["0.333"] * 3
    at.selectbox(key=f"_w.{prefix}.slip.cell").set_value(0).run()
    at.segmented_control(key=f"_w.{prefix}.slip.action").set_value(0).run()
    bars = chart(at, ZH["grid.slip_chart"].format(cell=0, a="↑"))
    assert bars["xAxis"]["data"] == ["S0", "S1"]
    assert [bar[1] for bar in bars["series"][0]["data"]] == pytest.approx([2 / 3, 1 / 3])
    outcomes = ", ".join(
        ZH["grid.slip_outcome"].format(s=s2, p=p) for s2, p in ((0, "0.667"), (1, "0.333"))
    )
    caption = ZH["grid.slip_caption"].format(cell=0, a="↑", outcomes=outcomes)
    assert caption in picture_captions(at)


def test_the_cell_numbers_on_a_grid_carry_the_episodes_weight() -> None:
    from tests.app.test_maze_policy_page import cell_numbers

    at = open_page({"layout": "frozen_lake_4x4", "episodes": "100", "seed": "1"}, EN)
    train(at, "mp")
    source = at.session_state["live.mp"].source
    start = source.problem.start
    at.selectbox(key="_w.mp.cell_s_select").set_value(start).run()
    at.selectbox(key="_w.mp.cell_a").set_value("right").run()
    cells = cell_numbers(at)
    w = source.agent.last_weight
    assert w != 1.0 and cells["w = (G − b)/σ"] == pytest.approx(w)
    n_sa, n_s, pi, steps = cells["N(s,a)"], cells["N(s)"], cells["π(s,a)"], cells["T"]
    assert cells["Δθ(s,a)"] == pytest.approx(w * (n_sa - pi * n_s) / steps, abs=1e-12)
    before, after = cells[EN["maze_policy.q_before_name"]], cells[EN["maze_policy.q_after_name"]]
    assert after == pytest.approx(before + 0.1 * cells["Δθ(s,a)"], abs=1e-12)
