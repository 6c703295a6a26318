"""Dynamic programming: hand-computed cases, Sutton & Barto's Example 4.1, optimal paths."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground import dp
from playground.envs import LAYOUTS, MazeEnv
from playground.envs.gridworld import EXAMPLE_4_1, GridWorldEnv, frozen_lake_spec

UP, RIGHT, DOWN, LEFT = range(4)


class TableEnv:
    """The smallest thing dp accepts: an object with the toy-text ``P``."""

    def __init__(self, table, start=0):
        self.P = table
        self.initial_state_distrib = np.eye(len(table))[start]


# State 0: action 0 stays (reward 0), action 1 ends the episode with reward 1.
# State 1 is terminal (entered only by a transition that ends the episode).
STAY_OR_GO = TableEnv(
    {
        0: {0: [(1.0, 0, 0.0, False)], 1: [(1.0, 1, 1.0, True)]},
        1: {0: [(1.0, 1, 0.0, True)], 1: [(1.0, 1, 0.0, True)]},
    }
)
# State 0: action 0 costs 1 and ends the episode half the time; action 1 ends it for 3.
COIN_OR_PAY = TableEnv(
    {
        0: {0: [(0.5, 0, -1.0, False), (0.5, 1, -1.0, True)], 1: [(1.0, 1, -3.0, True)]},
        1: {0: [(1.0, 1, 0.0, True)], 1: [(1.0, 1, 0.0, True)]},
    }
)


def test_model_from_p():
    model = dp.tabular_model(COIN_OR_PAY)
    assert model.terminal.tolist() == [False, True]
    assert model.expected_reward.tolist() == [[-1.0, -3.0], [0.0, 0.0]]
    dense = model.dense_transitions()
    assert dense[0, 0].tolist() == [0.5, 0.0]  # the half that ends the episode continues nowhere
    assert dense[0, 1].tolist() == [0.0, 0.0] and not dense[1].any()
    assert model.start.tolist() == [1.0, 0.0]
    # q_values: Q(0, 0) = 0.5(−1 + γ V(0)) + 0.5(−1) with V(0) = 2, γ = 1 → −1 + 1 = 0
    assert model.q_values(np.array([2.0, 5.0]), 1.0).tolist() == [[0.0, -3.0], [0.0, 0.0]]


def test_value_iteration_by_hand():
    # V(0) = max(0 + 0.9 V(0), 1): sweep 1 gives 1 (Δ 1), sweep 2 gives 1 again (Δ 0).
    result = dp.value_iteration(STAY_OR_GO, gamma=0.9, theta=1e-9)
    assert result.V.tolist() == [1.0, 0.0]
    assert result.deltas.tolist() == [1.0, 0.0] and result.converged
    assert result.Q.tolist() == [[0.9, 1.0], [0.0, 0.0]]
    assert result.policy.tolist() == [[0.0, 1.0], [0.0, 0.0]]
    # Stochastic: V(0) = max(−1 + 0.5 V(0), −3) = −2, reached by the coin.
    coin = dp.value_iteration(COIN_OR_PAY, gamma=1.0, theta=1e-12)
    assert coin.V[0] == pytest.approx(-2.0, abs=1e-11)
    assert coin.policy[0].tolist() == [1.0, 0.0]
    assert coin.deltas[:3].tolist() == [1.0, 0.5, 0.25]  # −1, −1.5, −1.75, …


def test_policy_evaluation_by_hand():
    # Equiprobable: V = ½(0.9 V) + ½·1 → V = 0.5 / 0.55 = 10/11; sweeps 0.5, 0.725, 0.82625.
    result = dp.policy_evaluation(STAY_OR_GO, gamma=0.9, theta=1e-12)
    assert result.V[0] == pytest.approx(10 / 11, abs=1e-11)
    assert result.deltas[:3] == pytest.approx([0.5, 0.225, 0.10125])
    assert dp.exact_values(STAY_OR_GO, dp.uniform_policy(STAY_OR_GO), 0.9) == pytest.approx(
        [10 / 11, 0.0]
    )
    stay = np.array([[1.0, 0.0], [0.5, 0.5]])
    assert dp.exact_values(STAY_OR_GO, stay, 0.9).tolist() == [0.0, 0.0]
    with pytest.raises(dp.DPError, match="γ < 1"):
        dp.exact_values(STAY_OR_GO, stay, 1.0)  # staying forever has no end
    # Iterative evaluation of that policy under γ = 1 never moves: V stays 0 (Δ = 0).
    assert dp.policy_evaluation(STAY_OR_GO, stay, gamma=1.0, theta=1e-9).converged


def test_bellman_backup_numbers():
    backup = dp.bellman_backup(COIN_OR_PAY, np.array([-2.0, 0.0]), 0, gamma=1.0)
    assert backup.kind == "optimality" and backup.value == -2.0 and not backup.terminal
    coin, pay = backup.actions
    assert coin.outcomes == ((0.5, 0, -1.0, False, -2.0), (0.5, 1, -1.0, True, 0.0))
    assert (coin.q, coin.weight, pay.q, pay.weight) == (-2.0, 1.0, -3.0, 0.0)
    half = dp.bellman_backup(
        COIN_OR_PAY, np.array([-2.0, 0.0]), 0, 1.0, dp.uniform_policy(COIN_OR_PAY)
    )
    assert half.kind == "expectation" and half.value == -2.5  # ½(−2) + ½(−3)
    assert dp.bellman_backup(COIN_OR_PAY, np.zeros(2), 1, 1.0).terminal


def example_4_1() -> GridWorldEnv:
    return GridWorldEnv(EXAMPLE_4_1)


def test_example_4_1_values_and_policy():
    env = example_4_1()
    result = dp.policy_evaluation(env, gamma=1.0, theta=1e-10)
    assert result.converged
    # Sutton & Barto, Figure 4.1, k = ∞.
    expected = [[0, -14, -20, -22], [-14, -18, -20, -20], [-20, -20, -18, -14], [-22, -20, -14, 0]]
    np.testing.assert_allclose(result.V.reshape(4, 4), expected, atol=1e-7)
    # The greedy policy of those values (their figure's last arrows), ties drawn both ways.
    greedy = dp.greedy_policy(dp.q_from_v(env, result.V, 1.0), dp.tabular_model(env).terminal)
    figure = [
        (), (LEFT,), (LEFT,), (DOWN, LEFT),
        (UP,), (UP, LEFT), (DOWN, LEFT), (DOWN,),
        (UP,), (UP, RIGHT), (RIGHT, DOWN), (DOWN,),
        (UP, RIGHT), (RIGHT,), (RIGHT,), (),
    ]  # fmt: skip
    assert dp.policy_actions(greedy) == [tuple(sorted(a)) for a in figure]
    # k = 1 and k = 2 of the same figure: −1 everywhere, then −1.75 / −2.
    sweeps = list(dp.sweeps(env, "evaluation", 1.0, 1e-10, max_sweeps=2))
    assert sweeps[0].V.reshape(4, 4)[0].tolist() == [0, -1, -1, -1]
    assert sweeps[1].V.reshape(4, 4)[0].tolist() == [0, -1.75, -2, -2]
    # The optimal values are minus the number of steps to the nearer corner.
    optimal = dp.value_iteration(env, gamma=1.0, theta=1e-10)
    assert optimal.V.reshape(4, 4)[0].tolist() == [0, -1, -2, -3]


def test_policy_iteration_and_value_iteration_agree_on_example_4_1():
    env = example_4_1()
    vi = dp.value_iteration(env, gamma=1.0, theta=1e-10)
    pi = dp.policy_iteration(env, gamma=1.0, theta=1e-10)
    assert pi.converged and pi.improvements[-1] == 0
    np.testing.assert_allclose(pi.V, vi.V, atol=1e-8)
    # A policy iteration's deterministic policy picks one of value iteration's best moves.
    for best, chosen in zip(
        dp.policy_actions(vi.policy), dp.policy_actions(pi.policy), strict=True
    ):
        assert set(chosen) <= set(best)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_value_iteration_paths_are_shortest_on_the_mazes(name):
    layout = LAYOUTS[name]
    env = MazeEnv(layout)
    result = dp.value_iteration(env, gamma=0.9, theta=1e-12)
    distance = layout.shortest_path_length()
    # Reward 1 on arrival, 0 before: V*(start) = γ^(d − 1) for the BFS distance d.
    assert result.V[layout.start] == pytest.approx(0.9 ** (distance - 1), rel=1e-9)
    s, steps = layout.start, 0
    while s != layout.goal and steps <= layout.n_states:
        s = layout.next_state(s, int(np.argmax(result.policy[s])))
        steps += 1
    assert steps == distance


def test_maze_model_matches_stepping():
    for name in sorted(LAYOUTS):
        env = MazeEnv(LAYOUTS[name], step_reward=-0.1)
        goal = env.layout.goal
        for s in range(env.layout.n_states):
            for a in range(4):
                [(p, s2, r, done)] = env.P[s][a]
                if s == goal:
                    assert (p, s2, r, done) == (1.0, goal, 0.0, True)
                    continue
                env.reset(options={"start": s})
                obs, reward, terminated, _, _ = env.step(a)
                assert (p, s2, r, done) == (1.0, obs, reward, terminated)
        assert env.initial_state_distrib[env.layout.start] == 1.0


def test_slippery_frozen_lake_success_probability():
    env = gym.make("FrozenLake-v1", is_slippery=True)
    result = dp.value_iteration(env, gamma=1.0, theta=1e-12)
    # The known optimum of slippery 4×4 FrozenLake: reach the goal with probability 14/17.
    assert result.V[0] == pytest.approx(14 / 17, abs=1e-9)
    actions = result.policy.argmax(axis=1)
    deterministic = np.eye(4)[actions]
    exact = dp.evaluate_policy_exact(env, deterministic, gamma=1.0)
    assert exact == pytest.approx(result.V[0], abs=1e-9)
    # The same grid with the playground's action order solves to the same optimum.
    ours = dp.value_iteration(GridWorldEnv(frozen_lake_spec("4x4", True)), 1.0, 1e-12)
    np.testing.assert_allclose(ours.V, result.V, atol=1e-9)
    # And playing the policy: the success rate of 4000 seeded episodes is within 4σ.
    # (The optimal policy is patient: without FrozenLake-v1's 100-step limit.)
    rng_env = gym.make("FrozenLake-v1", is_slippery=True, max_episode_steps=100_000)
    wins = 0
    for episode in range(4000):
        s, _ = rng_env.reset(seed=episode)
        done = truncated = False
        while not (done or truncated):
            s, r, done, truncated, _ = rng_env.step(int(actions[s]))
        wins += r
    sigma = np.sqrt(exact * (1 - exact) / 4000)
    assert abs(wins / 4000 - exact) <= 4 * sigma


def test_slippery_8x8_policy_value_equals_exact_evaluation():
    env = gym.make("FrozenLake-v1", map_name="8x8", is_slippery=True)
    result = dp.value_iteration(env, gamma=0.99, theta=1e-10)
    exact = dp.evaluate_policy_exact(env, np.eye(4)[result.policy.argmax(axis=1)], 0.99)
    assert exact == pytest.approx(result.V[0], abs=1e-7)
    pi = dp.policy_iteration(env, gamma=0.99, theta=1e-10)
    assert pi.V[0] == pytest.approx(result.V[0], abs=1e-7)


def test_cliff_walking_optimum_hugs_the_cliff():
    env = gym.make("CliffWalking-v1")
    result = dp.value_iteration(env, gamma=1.0, theta=1e-10)
    assert result.V[36] == -13  # up, 11 × right, down
    assert dp.evaluate_policy_exact(env, np.eye(4)[result.policy.argmax(axis=1)], 1.0) == -13


def test_bad_input_raises_dp_error():
    with pytest.raises(dp.DPError, match="no transition model"):
        dp.value_iteration(gym.make("CartPole-v1"))
    with pytest.raises(dp.DPError, match="γ must be in"):
        dp.value_iteration(STAY_OR_GO, gamma=1.5)
    with pytest.raises(dp.DPError, match="θ must be > 0"):
        dp.policy_evaluation(STAY_OR_GO, theta=0.0)
    with pytest.raises(dp.DPError, match="shape"):
        dp.policy_evaluation(STAY_OR_GO, np.ones((3, 2)) / 2)
    with pytest.raises(dp.DPError, match="add up to 1"):
        dp.policy_evaluation(STAY_OR_GO, np.array([[0.7, 0.7], [0.5, 0.5]]))
    with pytest.raises(dp.DPError, match="add up to 0.9"):
        dp.tabular_model(TableEnv({0: {0: [(0.9, 0, 0.0, False)]}}))
    with pytest.raises(dp.DPError, match="method"):
        next(dp.sweeps(STAY_OR_GO, "monte_carlo", 0.9, 1e-3))
    with pytest.raises(dp.DPError, match="state must be in"):
        dp.bellman_backup(STAY_OR_GO, np.zeros(2), 5, 0.9)


@st.composite
def random_mdps(draw):
    n_states = draw(st.integers(1, 6))
    n_actions = draw(st.integers(1, 3))
    table = {}
    for s in range(n_states):
        table[s] = {}
        for a in range(n_actions):
            k = draw(st.integers(1, 3))
            weights = draw(st.lists(st.integers(1, 5), min_size=k, max_size=k))
            outcomes = []
            for w in weights:
                s2 = draw(st.integers(0, n_states - 1))
                r = draw(st.integers(-5, 5))
                outcomes.append((w / sum(weights), s2, float(r), draw(st.booleans())))
            table[s][a] = outcomes
    return TableEnv(table)


@settings(max_examples=60, deadline=None)
@given(random_mdps(), st.sampled_from([0.0, 0.5, 0.9]))
def test_value_iteration_satisfies_bellman_optimality(env, gamma):
    result = dp.value_iteration(env, gamma=gamma, theta=1e-12)
    model = dp.tabular_model(env)
    q = model.q_values(result.V, gamma)
    live = ~model.terminal
    np.testing.assert_allclose(result.V[live], q.max(axis=1)[live], atol=1e-9)
    # Policy iteration reaches the same optimum, and its policy's exact value is V*.
    pi = dp.policy_iteration(env, gamma=gamma, theta=1e-12)
    np.testing.assert_allclose(pi.V, result.V, atol=1e-8)
    np.testing.assert_allclose(dp.exact_values(env, pi.policy, gamma), result.V, atol=1e-8)
    # No policy does better than V* anywhere: the uniform policy, exactly evaluated.
    assert np.all(dp.exact_values(env, dp.uniform_policy(env), gamma) <= result.V + 1e-8)


def test_greedy_from_q_skips_blocked_moves_and_takes_the_first_tie():
    q = np.array([[np.nan, 0.5, 0.5, np.nan], [-1.0, np.nan, -2.0, -1.0], [np.nan] * 4])
    assert dp.greedy_from_q(q).tolist() == [[0, 1, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]]


@pytest.mark.parametrize(
    ("make", "shortest"),
    [
        (lambda: gym.make("FrozenLake-v1", is_slippery=False), 6),
        (lambda: gym.make("CliffWalking-v1"), 13),
        (lambda: MazeEnv(LAYOUTS["maze_8x8"]), 26),
        (lambda: GridWorldEnv(EXAMPLE_4_1), 2),  # S5 → S1 → S0 (or via S4)
    ],
)
def test_optimal_paths_are_shortest(make, shortest):
    env = make()
    assert dp.shortest_path_length(env) == shortest
    best = dp.value_iteration(env, gamma=0.9, theta=1e-12)
    gap = dp.optimality_gap(env, np.eye(4)[best.policy.argmax(axis=1)], 0.9)
    assert gap.path == gap.shortest == shortest
    assert gap.value == pytest.approx(gap.optimal, abs=1e-9)


def test_optimality_gap_of_poor_policies():
    env = gym.make("FrozenLake-v1", is_slippery=False)  # 0 left, 1 down, 2 right, 3 up
    down = np.eye(4)[[1] * 16]  # S0 → S4 → S8 → S12, a hole
    gap = dp.optimality_gap(env, down, 0.9)
    assert gap.value == 0.0 and gap.path is None and gap.shortest == 6
    assert gap.optimal == pytest.approx(0.9**5)  # six moves, reward 1 on the last
    # Right along the top row, then down the right edge: S3 → S7 is a hole too.
    assert dp.path_length(env, np.eye(4)[[2] * 16]) is None
    # Going left forever under γ = 1 has no finite value; the gap says so with None.
    left = dp.optimality_gap(env, np.eye(4)[[0] * 16], 1.0)
    assert left.value is None and left.optimal == pytest.approx(1.0)
    # On slippery ice no path is certain.
    slippery = gym.make("FrozenLake-v1", is_slippery=True)
    assert dp.optimality_gap(slippery, down, 0.9).path is None
