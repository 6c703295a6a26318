"""The dynamic-programming page: Example 4.1's numbers, stepping, the backup, links, language."""

from __future__ import annotations

import numpy as np

from tests.app.helpers import (
    chart,
    click,
    open_page,
    picture_captions,
    table,
    texts,
)
from tests.app.helpers import values as shown_values
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/dp.py"
EXAMPLE = {"problem": "example_4_1", "method": "evaluation", "gamma": "1.0", "theta": "1e-06"}


def values(at, title=EN["dp.v_title"]) -> np.ndarray:
    return np.asarray(table(chart(at, title)), dtype=float)


def policy_table(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("| |"))


def test_example_4_1_converges_to_sutton_and_bartos_values_and_policy() -> None:
    at = open_page(PAGE, query=EXAMPLE)
    assert EN["dp.status_start"] in texts(at)
    assert not values(at).any()  # V = 0 before the first sweep
    click(at, EN["dp.step"])
    assert values(at)[0].tolist() == [0, -1, -1, -1]  # k = 1 of their figure 4.1
    click(at, EN["dp.step"])
    assert values(at)[0].tolist() == [0, -1.75, -2, -2]  # k = 2
    click(at, EN["dp.run"])
    np.testing.assert_allclose(
        values(at),
        [[0, -14, -20, -22], [-14, -18, -20, -20], [-20, -20, -18, -14], [-22, -20, -14, 0]],
        atol=1e-4,
    )
    assert EN["dp.status_converged"].split("{")[0] in texts(at)
    # Their greedy policy at k = ∞, ties drawn both ways; · where the episode has ended.
    assert policy_table(at).splitlines()[2:] == [
        "|**0**|·|←|←|↓←|",
        "|**1**|↑|↑←|↓←|↓|",
        "|**2**|↑|↑→|→↓|↓|",
        "|**3**|↑→|→|→|·|",
    ]
    # The log chart has one Δ per sweep, ending below θ.
    deltas = shown_values(chart(at, EN["dp.delta_title"])["series"][0])
    assert len(deltas) == at.session_state["dp.sweeps"] and deltas[-1] < 1e-6
    assert deltas[:2] == [1.0, 1.0]  # k = 1: 0 → −1; k = 2: S2 goes −1 → −2
    assert at.button(key="dp.step").disabled
    # The backup of S1 written out: the left move ends the episode with −1.
    latex = at.get("latex")[-1].value
    assert r"q(S_{1}, \text{←}) &= 1\,[(-1)] = -1" in latex
    assert latex.rstrip("$\n").endswith("= -14\\end{aligned}")


def test_step_ten_reset_and_settings_start_over() -> None:
    at = open_page(PAGE, query=EXAMPLE)
    click(at, EN["dp.step10"])
    assert at.session_state["dp.sweeps"] == 10
    click(at, EN["dp.step10"])
    assert at.session_state["dp.sweeps"] == 20
    click(at, EN["dp.reset"])
    assert at.session_state["dp.sweeps"] == 0 and not values(at).any()
    click(at, EN["dp.step10"])
    next(r for r in at.radio if r.label == EN["dp.method"]).set_value("value_iteration").run()
    assert at.session_state["dp.sweeps"] == 0  # another method starts from V = 0
    click(at, EN["dp.run"])
    # Optimal values: minus the steps to the nearer corner; converged in 4 sweeps.
    assert values(at)[0].tolist() == [0, -1, -2, -3]
    assert at.session_state["dp.sweeps"] == 4


def pick(at, cell: int) -> None:
    """What a click on a cell of the V heatmap does (the page's on_select callback sets
    the cell; AppTest cannot click inside an ECharts canvas)."""
    at.session_state["dp.cell"] = cell
    at.run()


def test_share_link_reopens_the_same_sweep_and_slippery_lake() -> None:
    query = {"problem": "frozen_lake_4x4", "slippery": "true", "method": "value_iteration"}
    at = open_page(PAGE, query=query | {"gamma": "1.0", "theta": "1e-10", "sweeps": "10000"})
    # Slippery 4×4 FrozenLake: the optimum reaches the goal with probability 14/17.
    assert values(at)[0, 0] == pytest_approx(14 / 17)
    assert EN["dp.slippery_note"] in [i.value for i in at.info]
    # The backup of S6 lists the three slips of each action, 1/3 each (two end in holes).
    pick(at, 6)
    assert at.get("latex")[-1].value.count("0.333") == 12
    # In the corner S0, up and left both bump into the border: they merge into 2/3.
    pick(at, 0)
    assert r"q(S_{0}, \text{↑}) &= 0.667\,[0 + 1\cdot \underset{S_{0}}" in at.get("latex")[-1].value
    # And drawn: up and left tie at γ = 1 (the first is drawn); up stays put 2/3 of the time.
    slip = EN["dp.slip_caption"].format(cell=0, a="↑", stay="0.67")
    assert slip in picture_captions(at)
    again = open_page(PAGE, query=query | {"sweeps": "3", "gamma": "0.9", "theta": "1e-10"})
    assert again.session_state["dp.sweeps"] == 3
    first_three = values(again)
    at3 = open_page(PAGE, query=query | {"gamma": "0.9", "theta": "1e-10"})
    for _ in range(3):
        click(at3, EN["dp.step"])
    np.testing.assert_array_equal(values(at3), first_three)


def test_policy_iteration_on_cliff_walking_and_the_maze() -> None:
    cliff = {"problem": "cliff_walking", "method": "policy_iteration", "gamma": "0.9"}
    at = open_page(PAGE, query=cliff | {"theta": "1e-10"})
    click(at, EN["dp.run"])
    assert EN["dp.status_stable"].split("{")[0] in texts(at)
    # Up, 11 × right, down: 13 steps of −1, discounted.
    assert values(at)[3, 0] == pytest_approx(-(1 - 0.9**13) / 0.1)
    assert np.isnan(values(at)[3, 1:11]).all()  # the cliff: never occupied
    pick(at, 40)
    assert EN["dp.blocked"].format(cell=40) in [i.value for i in at.info]
    maze = open_page(
        PAGE, query={"problem": "seed_3x3", "method": "value_iteration", "gamma": "0.9"}
    )
    click(maze, EN["dp.run"])
    assert values(maze)[0, 0] == pytest_approx(0.9**5)  # 6 moves to the goal


def test_a_run_that_cannot_converge_says_why() -> None:
    # The random walk on CliffWalking under γ = 1 takes far more than the page's sweeps.
    at = open_page(PAGE, query={"problem": "cliff_walking", "gamma": "1.0"})
    click(at, EN["dp.run"])
    assert EN["dp.status_cap"].format(k=10_000) in texts(at)


def test_chinese_and_bad_link_values() -> None:
    at = open_page(PAGE, lang="zh", query={"gamma": "7", "theta": "x", "problem": "nowhere"})
    assert at.title[0].value == ZH["dp.title"]
    assert at.warning and "gamma" in at.warning[0].value
    click(at, ZH["dp.run"])
    assert values(at, ZH["dp.v_title"]).shape == (4, 4)
    assert ZH["dp.status_start"] not in texts(at)


def pytest_approx(x: float):
    import pytest

    return pytest.approx(x, abs=1e-6)


def test_a_grid_of_your_own_from_its_code() -> None:
    from playground.envs.gridworld import GridSpec

    # S F G in a row, a hole below the middle: value iteration at γ = 0.5 gives 0.5, 1, 0.
    grid = GridSpec.from_rows(["SFG", "FHF"])
    query = {"problem": "custom", "grid": grid.encode(), "method": "value_iteration"}
    at = open_page(PAGE, query=query | {"gamma": "0.5"})
    click(at, EN["dp.run"])
    assert values(at).tolist() == [[0.5, 1.0, 0.0], [0.25, 0.0, 1.0]]
    assert at.text_input(key="_w.dp.grid").value == grid.encode()
    # A code cut short when copied: a message in the page's language, and Example 4.1.
    cut = open_page(PAGE, lang="zh", query=query | {"grid": grid.encode()[:12]})
    assert ZH["grid.error"].format(why=ZH["grid.error_code"]) in [e.value for e in cut.error]
    assert values(cut, ZH["dp.v_title"]).shape == (4, 4)
    unreachable = open_page(PAGE, query=query | {"grid": "g1~2x2~SHHG~~0_1_0_-100~d"})
    assert EN["grid.error_unreachable"] in unreachable.error[0].value
