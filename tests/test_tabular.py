"""Update rules against hand-computed numbers, policies' edge cases, agents' behaviour."""

import math

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import playground  # noqa: F401
from playground.agents import (
    ConstantEpsilon,
    DivergenceError,
    HalvingEpsilon,
    InverseEpisodeEpsilon,
    LinearEpsilon,
    PolicyGradientAgent,
    QLearningAgent,
    SarsaAgent,
    delta_pi_sum,
    naive_policy,
    policy_gradient_delta,
    policy_gradient_update,
    q_learning_target,
    sarsa_target,
    softmax_policy,
    td_update,
    theta0_from_mask,
    visit_counts,
)
from playground.envs import LAYOUTS, MazeEnv
from playground.training import Trainer, greedy_rollout

nan = np.nan

# The notes' θ₀ (Q-learning section, S1 may move left), S0…S7; S8 is the goal.
NOTES_THETA0 = np.array(
    [
        [nan, 1, 1, nan],
        [nan, 1, nan, 1],
        [nan, nan, 1, 1],
        [1, nan, nan, nan],
        [nan, 1, 1, nan],
        [1, nan, nan, 1],
        [nan, 1, nan, nan],
        [1, 1, nan, 1],
    ]
)


def test_theta0_of_seed_maze_matches_the_notes():
    theta0 = theta0_from_mask(LAYOUTS["seed_3x3"].action_masks())
    np.testing.assert_array_equal(theta0[:8], NOTES_THETA0)
    assert np.isnan(theta0[8]).all()  # the goal: no action


def test_naive_policy_hand_computed():
    pi = naive_policy(theta0_from_mask(LAYOUTS["seed_3x3"].action_masks()))
    np.testing.assert_allclose(pi[0], [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(pi[7], [1 / 3, 1 / 3, 0, 1 / 3])
    np.testing.assert_array_equal(pi[3], [1, 0, 0, 0])
    np.testing.assert_array_equal(pi[8], [0, 0, 0, 0])
    np.testing.assert_allclose(naive_policy(np.array([[2.0, nan, 6.0]])), [[0.25, 0, 0.75]])
    with pytest.raises(ValueError, match="θ ≥ 0"):
        naive_policy(np.array([[-1.0, 1.0]]))


def test_softmax_policy_hand_computed():
    theta = np.array([[0.0, math.log(3), nan, nan]])
    np.testing.assert_allclose(softmax_policy(theta, 1.0), [[0.25, 0.75, 0, 0]])
    np.testing.assert_allclose(softmax_policy(theta, 2.0), [[0.1, 0.9, 0, 0]])
    np.testing.assert_allclose(softmax_policy(theta, 0.0), [[0.5, 0.5, 0, 0]])


def test_softmax_policy_edge_cases_never_nan():
    # β·θ overflows to +inf: the greedy limit, ties shared.
    np.testing.assert_array_equal(
        softmax_policy(np.array([[1.0, 2.0, nan, 2.0]]), 1e308), [[0, 0.5, 0, 0.5]]
    )
    # Huge θ: subtracting the row max keeps exp finite.
    np.testing.assert_array_equal(
        softmax_policy(np.array([[1e308, -1e308, nan, 0.0]]), 1.0), [[1, 0, 0, 0]]
    )
    # A row with no allowed action is all zeros.
    np.testing.assert_array_equal(softmax_policy(np.full((2, 4), nan)), np.zeros((2, 4)))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.just(nan), st.floats(-1e300, 1e300)), min_size=4, max_size=4),
    st.floats(0, 1e300),
)
def test_softmax_is_a_distribution(row, beta):
    pi = softmax_policy(np.array([row]), beta)[0]
    assert not np.isnan(pi).any() and (pi >= 0).all()
    blocked = np.isnan(row)
    assert (pi[blocked] == 0).all()
    assert math.isclose(pi.sum(), 0.0 if blocked.all() else 1.0, abs_tol=1e-12)


def test_policy_gradient_delta_hand_computed():
    pi = np.array([[0, 0.5, 0.5, 0], [0, 0.25, 0, 0.75]])
    states, actions = [0, 1, 0, 1], [1, 3, 1, 1]  # T = 4
    np.testing.assert_array_equal(visit_counts(states, actions, 2, 4), [[0, 2, 0, 0], [0, 1, 0, 1]])
    delta = policy_gradient_delta(states, actions, pi, 2, 4)
    # (N(s,a) − π(s,a)·N(s)) / T with N(0) = N(1) = 2
    np.testing.assert_allclose(delta, [[0, 0.25, -0.25, 0], [0, 0.125, 0, -0.125]])
    theta = np.array([[nan, 1, 1, nan], [nan, 1, nan, 1]])
    new = policy_gradient_update(theta, delta, 0.1)
    np.testing.assert_allclose(new, [[nan, 1.025, 0.975, nan], [nan, 1.0125, nan, 0.9875]])
    # rows swapped: |0.5−0.25| + |0.5−0| + |0−0.75| per row, twice
    assert delta_pi_sum(pi, pi[::-1]) == pytest.approx(2 * (0.25 + 0.5 + 0.75))


def test_delta_theta_is_the_log_likelihood_gradient_over_beta():
    """What the policy page states: for π = softmax(βθ), the gradient of
    (1/T) Σₜ log π(sₜ, aₜ) with respect to θ is β·Δθ (checked by central differences)."""
    beta, h = 2.0, 1e-6
    theta = np.array([[nan, 0.3, -0.2, nan], [nan, 0.1, nan, 0.4]])
    states, actions = [0, 1, 0, 1], [1, 3, 2, 1]

    def mean_log_pi(th):
        pi = softmax_policy(th, beta)
        return np.mean([math.log(pi[s, a]) for s, a in zip(states, actions, strict=True)])

    numeric = np.zeros_like(theta)
    for s, a in zip(*np.nonzero(~np.isnan(theta)), strict=True):
        up, down = theta.copy(), theta.copy()
        up[s, a] += h
        down[s, a] -= h
        numeric[s, a] = (mean_log_pi(up) - mean_log_pi(down)) / (2 * h)
    delta = policy_gradient_delta(states, actions, softmax_policy(theta, beta), 2, 4)
    np.testing.assert_allclose(numeric, beta * delta, atol=1e-8)


def test_td_rules_hand_computed():
    assert sarsa_target(1.0, 0.5, 0.9, terminal=True) == 1.0
    assert sarsa_target(0.0, 0.5, 0.9, terminal=False) == pytest.approx(0.45)
    row = [nan, 0.2, 0.7, nan]
    assert q_learning_target(0.0, row, (1, 2), 0.9, False) == pytest.approx(0.63)
    assert q_learning_target(0.0, row, (1,), 0.9, False) == pytest.approx(0.18)
    assert q_learning_target(1.0, row, (1, 2), 0.9, True) == 1.0
    assert q_learning_target(0.5, [0.1, 0.3], None, 0.5, False) == pytest.approx(0.65)
    q = np.array([[0.5, 0.0]])
    new, error = td_update(q, 0, 0, 1.0, 0.1)
    assert (new, error) == (pytest.approx(0.55), pytest.approx(0.5))
    assert q[0, 0] == 0.5  # pure: the table is not touched


def test_epsilon_schedules():
    assert [HalvingEpsilon()(k) for k in range(3)] == [0.5, 0.25, 0.125]
    assert ConstantEpsilon(0.2)(99) == 0.2
    linear = LinearEpsilon(1.0, 0.0, 4)
    assert [linear(k) for k in (0, 2, 4, 10)] == [1.0, 0.5, 0.0, 0.0]
    assert [InverseEpisodeEpsilon(0.5)(k) for k in (0, 1, 4)] == [0.5, 0.25, 0.1]


def test_pg_agent_update_equals_the_pure_functions():
    env = MazeEnv()
    agent = PolicyGradientAgent.for_env(env, seed=0)
    snapshots = list(Trainer(env, agent, seed=0).run_episodes(30))
    for previous, snapshot in zip(snapshots, snapshots[1:], strict=False):
        update = snapshot.pg_update
        delta = policy_gradient_delta(snapshot.states[:-1], snapshot.actions, update.pi, 9, 4)
        expected_theta = policy_gradient_update(previous.tables["theta"], delta, agent.settings.eta)
        np.testing.assert_array_equal(snapshot.tables["theta"], expected_theta)  # bit for bit
        np.testing.assert_allclose(
            snapshot.tables["pi"], softmax_policy(expected_theta), rtol=1e-12
        )
        np.testing.assert_array_equal(np.nan_to_num(update.delta_theta), delta)
        np.testing.assert_array_equal(update.pi, previous.tables["pi"])


def test_epsilon_greedy_only_picks_allowed_actions_and_breaks_ties_randomly():
    env = MazeEnv()
    agent = QLearningAgent.for_env(env, seed=1, epsilon=ConstantEpsilon(1.0), q_init="zeros")
    assert {agent.act(3) for _ in range(50)} == {0}
    assert {agent.act(7) for _ in range(200)} == {0, 1, 3}
    greedy = QLearningAgent.for_env(env, seed=1, epsilon=ConstantEpsilon(0.0), q_init="zeros")
    assert {greedy.act(0) for _ in range(100)} == {1, 2}  # all-zero Q: a random tie
    q = greedy.tables()["q"]
    assert np.isnan(q[3, 1:]).all() and np.isnan(q[8]).all() and q[0, 1] == 0


def test_agents_work_on_plain_discrete_envs():
    for name in ("CliffWalking-v1", "Taxi-v4"):  # Taxi-v4 gives info["action_mask"]
        env = gym.make(name)
        for cls in (QLearningAgent, SarsaAgent, PolicyGradientAgent):
            agent = cls.for_env(env, seed=0)
            snaps = list(Trainer(env, agent, seed=0).run_episodes(2))
            assert snaps[-1].length > 0 and agent.masks is None
    with pytest.raises(TypeError, match="Discrete"):
        QLearningAgent.for_env(gym.make("CartPole-v1"))


def test_q_learning_divergence_raises_and_keeps_finite_table():
    env = MazeEnv(step_reward=1.0)
    agent = QLearningAgent.for_env(env, seed=0, eta=1e300, gamma=0.99)
    trainer = Trainer(env, agent, seed=0)
    with pytest.raises(DivergenceError, match="lower η"):
        for _ in trainer.run_episodes(100):
            pass
    q = agent.tables()["q"]
    assert np.isfinite(q[~np.isnan(q)]).all()
    with pytest.raises(DivergenceError):
        next(trainer.run_episodes(1))


def _reaches_shortest_path(cls, seed, max_episodes):
    env = gym.make("playground/Maze-v0")
    agent = cls.for_env(env, seed=seed)
    trainer = Trainer(env, agent, seed=seed)
    last = None
    for last in trainer.run_episodes(max_episodes):
        if last.converged:
            break
    rollout = greedy_rollout(gym.make("playground/Maze-v0"), agent, max_steps=50)
    return rollout.terminated and rollout.states == [0, 1, 2, 5, 4, 7, 8]


@pytest.mark.parametrize(
    ("cls", "max_episodes"),
    [(PolicyGradientAgent, 20_000), (SarsaAgent, 100), (QLearningAgent, 100)],
)
def test_default_settings_find_the_6_move_path_on_the_seed_maze(cls, max_episodes):
    successes = sum(_reaches_shortest_path(cls, seed, max_episodes) for seed in range(10))
    assert successes >= 9, f"{cls.__name__}: {successes}/10 seeds"


def test_q_learning_solves_deterministic_frozen_lake():
    for seed in range(3):
        env = gym.make("FrozenLake-v1", is_slippery=False)
        agent = QLearningAgent.for_env(env, seed=seed, epsilon=ConstantEpsilon(0.1))
        for _ in Trainer(env, agent, seed=seed).run_episodes(300):
            pass
        rollout = greedy_rollout(gym.make("FrozenLake-v1", is_slippery=False), agent, max_steps=50)
        # 6 moves is the shortest way round the holes; reward 1 only at the goal.
        assert rollout.terminated and rollout.length == 6 and rollout.rewards[-1] == 1.0


@pytest.mark.parametrize("beta", [0.5, 3.0, 1e308])
def test_pg_agent_update_equals_the_pure_functions_for_any_beta(beta):
    # β = 1e308 overflows βθ: π is then the greedy limit (the agent's general path), which
    # may walk in circles, hence the time limit.
    env = gym.make("playground/Maze-v0", layout="maze_5x5", max_episode_steps=100)
    agent = PolicyGradientAgent.for_env(env, seed=2, beta=beta, eta=0.3)
    snapshots = list(Trainer(env, agent, seed=2).run_episodes(8))
    for previous, snapshot in zip(snapshots, snapshots[1:], strict=False):
        update = snapshot.pg_update
        delta = policy_gradient_delta(snapshot.states[:-1], snapshot.actions, update.pi, 25, 4)
        expected_theta = policy_gradient_update(previous.tables["theta"], delta, agent.settings.eta)
        np.testing.assert_array_equal(snapshot.tables["theta"], expected_theta)
        expected_pi = softmax_policy(expected_theta, beta)
        np.testing.assert_allclose(snapshot.tables["pi"], expected_pi, rtol=1e-12, atol=1e-300)
        assert snapshot.metrics["delta_pi_sum"] == pytest.approx(
            delta_pi_sum(update.pi, snapshot.tables["pi"]), rel=1e-12, abs=1e-300
        )


@pytest.mark.parametrize("cls", [PolicyGradientAgent, SarsaAgent, QLearningAgent])
def test_greedy_action_is_the_first_argmax_of_action_values(cls):
    for env in (MazeEnv("maze_5x5"), gym.make("Taxi-v4")):
        agent = cls.for_env(env, seed=0)
        for _ in Trainer(env, agent, seed=0).run_episodes(5):
            pass
        values = agent.action_values()
        masks = agent.masks
        for s in range(agent.n_states):
            allowed = np.arange(agent.n_actions) if masks is None else np.flatnonzero(masks[s])
            if len(allowed) == 0:
                continue
            best = allowed[np.argmax(values[s, allowed])]  # argmax: first of the ties
            assert agent.greedy_action(s) == best
            mask = np.zeros(agent.n_actions, dtype=np.int8)
            mask[allowed[-1]] = 1  # a runtime mask that allows one action
            if masks is None:
                assert agent.greedy_action(s, mask) == allowed[-1]
