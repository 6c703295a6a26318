"""The tabular pages' environments, the optimum, and how far a learner's greedy policy is."""

from __future__ import annotations

from itertools import islice

import numpy as np
import pytest

from playground import dp
from playground.envs import GridSpec
from playground.envs.gridworld import CLIFF_WALKING
from playground.sessions import envs
from playground.sessions.maze_td import TDConfig, TDSession
from webui.charts import clicked_cell, selectable_cells
from webui.charts.common import heatmap

NAN = np.nan
# S0 S1 / S2 S3(goal), −1 a step, γ = 1: two steps to the goal, V*(S0) = −2.
TINY = GridSpec.from_rows(["SF", "FG"], step_reward=-1.0, goal_reward=-1.0).validate()


def test_every_env_builds_with_its_model() -> None:
    for key in envs.TABULAR_ENVS:
        prob = envs.problem(key, code=CLIFF_WALKING.encode(), size=5, map_seed=1)
        assert prob.model.n_states == prob.rows * prob.cols
        env = prob.make()
        assert env.reset(seed=0)[0] == prob.start
    assert envs.problem("frozen_lake_random", size=5, map_seed=1).rows == 5
    assert envs.problem("frozen_lake_8x8", slippery=True).slippery
    assert not envs.problem("frozen_lake_8x8").slippery


def test_optimum_on_the_cliff_and_a_tiny_grid() -> None:
    cliff = envs.problem("cliff_walking")
    best = envs.optimum(cliff.model, 1.0, cliff.action_masks)
    assert (best.value, best.shortest) == (-13.0, 13)
    tiny = envs.problem("custom", code=TINY.encode())
    best = envs.optimum(tiny.model, 1.0, tiny.action_masks)
    assert (best.value, best.shortest) == (-2.0, 2)
    # From S0 right and down both take two steps: the tie is drawn both ways.
    assert best.policy[0].tolist() == [0.0, 0.5, 0.5, 0.0]


def test_gap_is_zero_once_the_greedy_policy_is_optimal() -> None:
    model = envs.problem("custom", code=TINY.encode()).model
    # S0 → right, S1 → down: optimal. S2 (never visited) prefers up, back to S0.
    q = np.array([[NAN, 1, 0, NAN], [NAN, NAN, 1, 0], [1, 0, NAN, NAN], [NAN] * 4])
    found = envs.gap(model, q, 1.0)
    assert (found.value, found.path) == (-2.0, 2.0)
    # S0 → down, S2 → up: a loop that never ends: no finite value, no path.
    q[0] = [NAN, 0, 1, NAN]
    found = envs.gap(model, q, 1.0)
    assert np.isnan(found.value) and np.isnan(found.path)
    # Under γ = 0.5 the loop has a value: −1 − 0.5 − 0.25 − … = −2.
    assert envs.gap(model, q, 0.5).value == pytest.approx(-2.0)


def test_start_value_is_the_exact_evaluation_where_that_exists() -> None:
    lake = envs.problem("frozen_lake_8x8", slippery=True)
    policy = dp.value_iteration(lake.model, 0.99, 1e-10).policy
    greedy = dp.greedy_from_q(np.where(policy > 0, policy, NAN))
    exact = dp.evaluate_policy_exact(lake.model, greedy, 0.99)
    assert envs.start_value(lake.model, greedy, 0.99) == pytest.approx(exact, abs=1e-9)
    # …and only over what the policy reaches: a loop in an unvisited corner under γ = 1
    # leaves the value at the start finite where the full system has no solution.
    tiny = envs.problem("custom", code=TINY.encode()).model
    # S0 → right, S1 → down (the goal); S2 → left bumps into the border forever, but
    # S2 is never reached from the start.
    pi = np.eye(4)[[1, 2, 3, 0]]
    with pytest.raises(dp.DPError):
        dp.exact_values(tiny, pi, 1.0)
    assert envs.start_value(tiny, pi, 1.0) == -2.0


def test_td_lane_records_the_gap_every_episode() -> None:
    session = TDSession(TDConfig(layout="frozen_lake_4x4", slippery=True, gamma=0.95))
    list(islice(session, 30))
    lane = session.lanes[0]
    assert len(lane.gap_values) == len(lane.gap_paths) == 30
    assert all(np.isnan(lane.gap_paths))  # on ice no path is certain
    policy = dp.greedy_from_q(lane.q)
    assert lane.gap_values[-1] == pytest.approx(envs.start_value(lane.model, policy, 0.95))
    assert lane.optimum.value >= max(v for v in lane.gap_values if not np.isnan(v)) - 1e-12


def test_cliff_example_sarsa_safer_q_learning_optimal() -> None:
    config = TDConfig(
        algo="both", layout="cliff_walking", eta=0.5, epsilon=0.1, schedule="constant",
        gamma=1.0, q_init="zeros", episodes=500,
    )  # fmt: skip
    session = TDSession(config)
    list(islice(session, 500))
    sarsa, q = session.lane("sarsa"), session.lane("q_learning")
    assert q.greedy_length() == 13 and q.verdict().optimal
    assert sarsa.greedy_length() > 13  # the safer path, away from the edge
    # …and while exploring SARSA collects more per episode than Q-learning.
    assert np.mean(sarsa.returns[-100:]) > np.mean(q.returns[-100:])
    assert q.gap_values[-1] == -13.0 and sarsa.gap_values[-1] < -13.0


def test_slippery_outcomes_are_a_third_each() -> None:
    lake = envs.problem("frozen_lake_4x4", slippery=True)
    assert [(s, round(p, 6)) for s, p in envs.outcomes(lake.model, 1, 2)] == [
        (0, 0.333333),
        (2, 0.333333),
        (5, 0.333333),
    ]
    # The corner: up and left bump into the border, staying put twice.
    arrows, stay = envs.outcome_arrows(lake, 0, 0)
    assert stay == pytest.approx(2 / 3) and arrows[0].tolist() == pytest.approx([0, 1 / 3, 0, 0])


def test_a_clicked_heatmap_cell_is_read_back() -> None:
    option = selectable_cells(
        heatmap(np.array([[0.0, 1.0], [2.0, 3.0]]), x_labels=["0", "1"], y_labels=["0", "1"],
                x_title="col", y_title="row", highlight=(1, 0))
    )  # fmt: skip
    assert all(
        s.get("selectedMode") == "single" for s in option["series"] if s["type"] == "heatmap"
    )
    for index, one in enumerate(option["series"]):
        for i, item in enumerate(one["data"]):
            value = item["value"] if isinstance(item, dict) else item
            selection = {"selected": [{"series_index": index, "data_indices": [i]}]}
            assert clicked_cell(option, selection) == (value[0], value[1])
    assert clicked_cell(option, {"selected": []}) is None
    assert clicked_cell(option, {"selected": [{"series_index": 9, "data_indices": [0]}]}) is None


def test_return_floor_leaves_out_the_first_episodes() -> None:
    from webui.td_charts import return_floor

    # Learnt means −20 and −50: the floor is a round number a quarter below −50 − 1.
    assert return_floor([[-1000] * 10 + [-20] * 100, [-50] * 110], 10) == -65.0
    assert return_floor([[1.0] * 100], 10) is None  # returns ≥ 0: ECharts' own axis
    assert return_floor([[-5.0] * 30], None) is None  # too few episodes for a mean


@pytest.mark.parametrize(
    "key, slippery, gamma",
    [
        ("cliff_walking", False, 1.0),
        ("cliff_walking", False, 0.9),
        ("frozen_lake_8x8", True, 1.0),
        ("frozen_lake_4x4", False, 0.95),
        ("maze_5x5", False, 0.9),
    ],
)
def test_gap_meter_agrees_with_gap(key: str, slippery: bool, gamma: float) -> None:
    prob = envs.problem(key, slippery)
    meter = envs.GapMeter(prob.model, gamma)
    rng = np.random.default_rng(0)
    masks = prob.action_masks.astype(bool)
    best = envs.optimum(prob.model, gamma, prob.action_masks).policy
    tables = [rng.random((prob.model.n_states, 4)) for _ in range(40)] + [best]
    for q in tables:
        q = np.where(masks, q, NAN)
        fast, slow = meter(q), envs.gap(prob.model, q, gamma)
        assert fast.path == pytest.approx(slow.path, nan_ok=True)
        assert fast.value == pytest.approx(slow.value, nan_ok=True, abs=1e-9)
    # The optimal policy's greedy table reaches V* (so the comparison saw finite values);
    # not on slippery ice under γ = 1, where V* ≈ 1 almost everywhere and the first of
    # nearly tied moves may bump into the border forever.
    if not (slippery and gamma == 1.0):
        top = meter(np.where(masks, best, NAN)).value
        assert top == pytest.approx(envs.optimum(prob.model, gamma).value, abs=1e-9)


def test_policy_gradient_run_tracks_its_greedy_path() -> None:
    from playground.sessions.maze_policy import PolicyGradientRun

    run = PolicyGradientRun("maze_5x5", seed=1)
    paths = []
    for _ in islice(run, 400):
        paths.append(run.greedy_path)
        # After every episode the tracked path is the greedy rollout's length (or none).
        rollout = run.greedy_length()
        assert run.greedy_path == rollout if rollout else np.isnan(run.greedy_path)
    assert run.optimum.shortest == 20
    assert any(np.isnan(paths)) and any(p == 20 for p in paths)  # lost first, then found


def test_dp_pages_colour_scale_and_slip_arrows() -> None:
    from playground.sessions import dp as dp_session

    assert dp_session.value_scale(np.array([[0.0, -14.0], [NAN, 3.0]])) == 14.0
    assert dp_session.value_scale(np.zeros((2, 2))) == 1.0  # all 0: no zero-width scale
    assert dp_session.value_scale(np.full((2, 2), NAN)) == 1.0
    # Slippery FrozenLake 4×4, up from S0: left and up bump the border (stay, 2/3), a slip
    # right reaches S1 (1/3), drawn at full length as the likeliest move.
    ice = envs.problem("frozen_lake_4x4", slippery=True)
    up = np.zeros((16, 4))
    up[:, 0] = 1.0
    action, arrows, stay = dp_session.slip_arrows(ice, up, 0)
    assert (action, stay) == (0, pytest.approx(2 / 3))
    assert arrows[0].tolist() == [0.0, 1.0, 0.0, 0.0] and not arrows[1:].any()
    # Right from S6: up to S2, right to S7, down to S10, a third each, all at full length.
    right = np.roll(up, 1, axis=1)
    action, arrows, stay = dp_session.slip_arrows(ice, right, 6)
    assert (action, stay) == (1, 0.0) and arrows[6].tolist() == pytest.approx([1, 1, 1, 0])
