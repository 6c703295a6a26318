"""Tabular Q-learning on discretised CartPole: the foundation's agent, the notes' settings."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
import pytest

from playground.agents import (
    ConstantEpsilon,
    InverseEpisodeEpsilon,
    LinearEpsilon,
    QLearningAgent,
)
from playground.cartpole import (
    CartPoleTabularSettings,
    Discretiser,
    evaluate_greedy,
    make_cartpole_tabular,
    q_slice,
    q_table_by_bins,
    replay_episode,
    solved_at,
    state_summary,
    visit_counts,
)

# -- settings ------------------------------------------------------------------------------


def test_default_settings_are_the_notes_with_gamma_fixed():
    s = CartPoleTabularSettings()
    assert (s.bins, s.eta, s.gamma, s.epsilon_schedule, s.epsilon) == (6, 0.5, 0.99, "inverse", 0.5)
    assert s.shaping is True
    assert s.env_id == "CartPole-v1" and (s.max_steps, s.solved_length) == (500, 475)
    v0 = CartPoleTabularSettings(env_id="CartPole-v0")
    assert (v0.max_steps, v0.solved_length) == (200, 195)
    assert s.epsilon_fn() == InverseEpisodeEpsilon(0.5)
    assert s.epsilon_fn()(3) == 0.125  # 0.5 / (3 + 1)
    lin = CartPoleTabularSettings(epsilon_schedule="linear", epsilon=0.4, epsilon_end=0.1)
    assert lin.epsilon_fn() == LinearEpsilon(0.4, 0.1, 200)
    const = CartPoleTabularSettings(epsilon_schedule="constant", epsilon=0.2)
    assert const.epsilon_fn() == ConstantEpsilon(0.2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"env_id": "CartPole-v2"}, "env_id"),
        ({"epsilon_schedule": "halving"}, "epsilon_schedule"),
        ({"q_init": "ones"}, "q_init"),
        ({"eta": 0.0}, "eta"),
        ({"gamma": 1.5}, "gamma"),
        ({"epsilon": -0.1}, "epsilon"),
        ({"episodes": -1}, "episodes"),
    ],
)
def test_settings_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        CartPoleTabularSettings(**kwargs)


def test_run_uses_the_foundation_agent_on_a_discrete_env():
    run = CartPoleTabularSettings(bins=(3, 4, 5, 6), q_init="zeros").build()
    assert isinstance(run.agent, QLearningAgent)
    assert run.env.observation_space == gym.spaces.Discrete(3 * 4 * 5 * 6)
    assert run.q_table.shape == (360, 2) and not run.q_table.any()
    assert run.agent.settings.gamma == 0.99 and run.agent.settings.eta == 0.5


# -- the update, by hand -----------------------------------------------------------------


def test_q_update_arithmetic_on_discretised_transitions():
    run = CartPoleTabularSettings(env_id="CartPole-v0", q_init="zeros").build()
    d = run.discretiser
    # o = (0.5, −3.5, 0.1, 1.0) -> bins (3, 0, 3, 4) -> s = 3 + 0·6 + 3·36 + 4·216 = 975
    # o′ = (0.5, −3.5, 0.1, 1.5) -> bins (3, 0, 3, 5) -> s′ = 3 + 108 + 5·216 = 1191
    s = d.index([0.5, -3.5, 0.1, 1.0])
    s_next = d.index([0.5, -3.5, 0.1, 1.5])
    assert (s, s_next) == (975, 1191)
    agent = run.agent
    # A fall: target is r alone.  Q(1191, 0) = 0 + 0.5·(−1 − 0) = −0.5
    agent.learn(s_next, 0, -1.0, s_next, None, True)
    # A success at the limit (truncated, so it bootstraps): Q(1191, 1) = 0.5·(1 + 0.99·0) = 0.5
    agent.learn(s_next, 1, 1.0, 975, None, False)
    # Q(975, 1) = 0 + 0.5·(0 + 0.99·max(−0.5, 0.5) − 0) = 0.2475
    update = agent.learn(s, 1, 0.0, s_next, None, False)
    assert update.td_target == pytest.approx(0.495)
    assert run.q_table[975, 1] == pytest.approx(0.2475)
    # Again: 0.2475 + 0.5·(0.495 − 0.2475) = 0.37125 (without γ, as in the notes' code, 0.375)
    agent.learn(s, 1, 0.0, s_next, None, False)
    q = run.q_table
    assert q[975, 1] == pytest.approx(0.37125)
    assert q[1191].tolist() == [-0.5, 0.5]
    assert np.count_nonzero(q) == 3


def test_trainer_feeds_the_agent_the_shaped_discretised_transitions():
    """One episode through env + wrappers + Trainer equals the update rule applied by hand."""
    run = CartPoleTabularSettings(env_id="CartPole-v0", q_init="zeros", seed=5).build()
    snapshot = next(run.train(1))
    states, actions, rewards = snapshot.states, snapshot.actions, snapshot.rewards
    assert snapshot.terminated and len(states) == snapshot.length + 1
    assert rewards[-1] == -1.0 and not rewards[:-1].any()  # shaped: 0 … 0, −1 on the fall
    q = np.zeros((run.discretiser.n_states, 2))
    for t, (s, a, r) in enumerate(zip(states[:-1], actions, rewards, strict=True)):
        last = t == snapshot.length - 1
        target = r if last else r + 0.99 * q[states[t + 1]].max()
        q[s, a] += 0.5 * (target - q[s, a])
    np.testing.assert_array_equal(run.q_table, q)
    np.testing.assert_array_equal(snapshot.tables["q"], q)


def test_raw_reward_when_shaping_is_off():
    run = CartPoleTabularSettings(shaping=False, seed=1).build()
    snapshot = next(run.train(1))
    assert set(snapshot.rewards.tolist()) == {1.0}
    assert snapshot.episode_return == snapshot.length


# -- determinism, resume, records ----------------------------------------------------------


def test_same_seed_same_run_and_resume_equals_uninterrupted():
    settings = CartPoleTabularSettings(env_id="CartPole-v0", seed=3)
    whole = settings.build()
    list(whole.train(40))
    chunked = settings.build()
    for _ in range(4):
        list(chunked.train(10))
        chunked.evaluate()  # evaluating between chunks must not change training
    assert whole.lengths == chunked.lengths
    np.testing.assert_array_equal(whole.q_table, chunked.q_table)
    np.testing.assert_array_equal(whole.visits, chunked.visits)
    other = CartPoleTabularSettings(env_id="CartPole-v0", seed=4).build()
    list(other.train(40))
    assert other.lengths != whole.lengths


def test_visits_latest_best_and_replay():
    run = CartPoleTabularSettings(env_id="CartPole-v0", seed=2).build()
    snapshots = list(run.train(25))
    lengths = [s.length for s in snapshots]
    assert run.lengths == lengths and run.episodes_done == 25
    assert run.visits.sum() == sum(lengths)  # one visit per step: the states acted in
    assert run.states_visited == np.count_nonzero(run.visits) > 1
    assert run.latest.episode == 24 and run.latest.length == lengths[-1]
    assert run.best.length == max(lengths) and run.best.episode == lengths.index(max(lengths))
    for which, record in (("latest", run.latest), ("best", run.best)):
        replay = run.replay(which, render=False)
        # Exact re-simulation: the same bin-states, step for step.
        np.testing.assert_array_equal(replay.states, record.states)
        assert replay.observations.shape == (record.length + 1, 4)
    with pytest.raises(ValueError, match="which"):
        run.replay("worst")
    with pytest.raises(ValueError, match="no episode"):
        CartPoleTabularSettings().build().replay()


def test_replay_draws_frames_of_the_continuous_state():
    env = make_cartpole_tabular("CartPole-v1")
    state, info = env.reset(seed=7)
    start = env.unwrapped.state.copy()
    actions = [1, 0, 0, 1, 1]
    observations = [info["continuous_observation"]]
    for a in actions:
        _, _, _, _, info = env.step(a)
        observations.append(info["continuous_observation"])
    replay = replay_episode(start, actions, Discretiser(6), "CartPole-v1", max_frames=3)
    np.testing.assert_array_equal(replay.observations, np.array(observations))
    assert len(replay.frames) == 3
    assert replay.frames[0].shape == (400, 600, 3) and replay.frames[0].dtype == np.uint8
    assert not np.array_equal(replay.frames[0], replay.frames[2])  # the cart moved


# -- evaluation and learning ---------------------------------------------------------------


def test_evaluate_greedy_plays_argmax_without_exploring():
    settings = CartPoleTabularSettings(env_id="CartPole-v1")
    q = np.zeros((1296, 2))
    q[:, 1] = 1.0  # always push right
    seeds = (0, 1, 2)
    expected = []
    for seed in seeds:
        env = gym.make("CartPole-v1")
        env.reset(seed=seed)
        steps, done = 0, False
        while not done:
            _, _, terminated, truncated, _ = env.step(1)
            steps, done = steps + 1, terminated or truncated
        expected.append(steps)
    np.testing.assert_array_equal(evaluate_greedy(q, settings, seeds), expected)
    # ties go to the lowest action, as the agent's greedy_action does
    left = evaluate_greedy(np.zeros((1296, 2)), settings, seeds)
    assert (left < 20).all()
    with pytest.raises(ValueError, match="settings give 1296"):
        evaluate_greedy(np.zeros((10, 2)), settings, seeds)


def _random_policy_mean_length(env_id: str, episodes: int, seed: int) -> float:
    env = gym.make(env_id)
    rng = np.random.default_rng(seed)
    lengths = []
    for episode in range(episodes):
        env.reset(seed=seed + episode)
        steps, done = 0, False
        while not done:
            _, _, terminated, truncated, _ = env.step(int(rng.integers(2)))
            steps, done = steps + 1, terminated or truncated
        lengths.append(steps)
    return float(np.mean(lengths))


def test_short_run_beats_the_random_policy_by_far():
    random_mean = _random_policy_mean_length("CartPole-v1", 100, seed=0)
    assert 15 < random_mean < 30  # CartPole's random policy lasts about 22 steps
    run = CartPoleTabularSettings(env_id="CartPole-v1", seed=0).build()
    list(run.train(250))
    trained_mean = float(np.mean(run.lengths[-50:]))
    greedy = run.evaluate(seeds=range(5))
    assert trained_mean >= 3 * random_mean
    assert greedy.mean() >= 3 * random_mean


# -- the Q-table made visible ----------------------------------------------------------------


def test_solved_at():
    assert solved_at([195] * 10, 195) == 9
    assert solved_at([200] * 9, 195) is None
    assert solved_at([200, 10] + [196] * 10 + [0], 195) == 11
    assert solved_at([5, 5, 5], 5, run=3) == 2


def test_visit_counts_accumulate():
    counts = visit_counts([0, 2, 2], 4)
    assert counts.tolist() == [1, 0, 2, 0]
    visit_counts(np.array([3, 2]), 4, out=counts)
    assert counts.tolist() == [1, 0, 3, 1]
    with pytest.raises(ValueError, match="n_states"):
        visit_counts([4], 4)


def test_q_table_by_bins_follows_the_flat_index():
    d = Discretiser((2, 3, 4, 5))
    q = np.arange(d.n_states * 2, dtype=float).reshape(-1, 2)
    by_bins = q_table_by_bins(q, d)
    assert by_bins.shape == (2, 3, 4, 5, 2)
    for b in [(0, 0, 0, 0), (1, 2, 3, 4), (1, 0, 2, 3), (0, 2, 1, 0)]:
        np.testing.assert_array_equal(by_bins[b], q[d.bins_to_index(b)])


def _hand_table() -> tuple[Discretiser, np.ndarray]:
    d = Discretiser((2, 2, 2, 3))  # 24 states
    q = np.zeros((d.n_states, 2))
    for b in np.ndindex(*d.bins):
        x, v, angle, omega = b
        # greedy action "push right" when angle + omega is large, with a clear margin
        q[d.bins_to_index(b)] = [x + v, angle + omega + 0.5]
    return d, q


def test_q_slice_with_the_other_dimensions_fixed():
    d, q = _hand_table()
    sl = q_slice(q, d, dims=(2, 3), fixed={0: 1, 1: 1})
    assert sl.greedy_action.shape == sl.max_q.shape == (2, 3)
    # Q(·) at x = v = 1 is [2, angle + omega + 0.5]
    expected_max = np.array([[2.0, 2.0, 2.5], [2.0, 2.5, 3.5]])
    np.testing.assert_array_equal(sl.max_q, expected_max)
    np.testing.assert_array_equal(sl.greedy_action, (expected_max > 2.0).astype(float))
    assert sl.visits is None
    # The rows/columns follow ``dims``: the transposed pair gives the transposed slice.
    swapped = q_slice(q, d, dims=(3, 2), fixed={0: 1, 1: 1})
    np.testing.assert_array_equal(swapped.max_q, expected_max.T)


def test_q_slice_averages_over_visited_bins_and_hides_unvisited_cells():
    d, q = _hand_table()
    visits = np.zeros(d.n_states, dtype=np.int64)
    # cell (angle 0, omega 0): visited at x,v = (0,0) and (1,1) -> Q = [0, .5] and [2, .5]
    visits[d.bins_to_index((0, 0, 0, 0))] = 3
    visits[d.bins_to_index((1, 1, 0, 0))] = 1
    # cell (angle 1, omega 2): visited once at (0, 1) -> Q = [1, 3.5]
    visits[d.bins_to_index((0, 1, 1, 2))] = 5
    # cell (angle 0, omega 1): a tie -> 0.5
    q[d.bins_to_index((1, 0, 0, 1))] = [7.0, 7.0]
    visits[d.bins_to_index((1, 0, 0, 1))] = 2
    sl = q_slice(q, d, visits=visits)
    # mean Q of cell (0, 0): [(0 + 2) / 2, (.5 + .5) / 2] = [1, .5] -> left, max 1
    assert sl.greedy_action[0, 0] == 0.0 and sl.max_q[0, 0] == 1.0
    assert sl.greedy_action[1, 2] == 1.0 and sl.max_q[1, 2] == 3.5
    assert sl.greedy_action[0, 1] == 0.5 and sl.max_q[0, 1] == 7.0
    assert sl.visits.tolist() == [[4, 2, 0], [0, 0, 5]]
    assert np.isnan(sl.max_q[0, 2]) and np.isnan(sl.greedy_action[1, 0])
    assert np.count_nonzero(~np.isnan(sl.max_q)) == 3
    # fixed mode with visits: unvisited cells are NaN too
    fixed = q_slice(q, d, fixed={0: 0, 1: 0}, visits=visits)
    assert fixed.visits.tolist() == [[3, 0, 0], [0, 0, 0]]
    assert np.count_nonzero(~np.isnan(fixed.max_q)) == 1 and fixed.max_q[0, 0] == 0.5


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"dims": (2, 2)}, "two different"),
        ({"dims": (0, 4)}, "two different"),
        ({"fixed": {0: 0}}, "each of dimensions"),
        ({"fixed": {0: 0, 1: 2}}, "outside"),
        ({}, "visit counts"),
    ],
)
def test_q_slice_errors(kwargs, message):
    d, q = _hand_table()
    with pytest.raises(ValueError, match=message):
        q_slice(q, d, **kwargs)


def test_run_q_slice_and_states_visited_after_training():
    run = CartPoleTabularSettings(env_id="CartPole-v0", seed=1).build()
    list(run.train(30))
    sl = run.q_slice()
    assert sl.dims == (2, 3) and sl.greedy_action.shape == (6, 6)
    assert sl.visits.sum() == sum(run.lengths)
    visited_cells = sl.visits > 0
    assert not np.isnan(sl.max_q[visited_cells]).any()
    assert np.isnan(sl.max_q[~visited_cells]).all()
    # |θ| > 0.279 rad lies past CartPole's 0.21 rad fall: the end angle bins are never visited
    assert not sl.visits[[0, 5]].any()
    assert 0 < run.states_visited < run.discretiser.n_states


def test_state_summary_for_playback():
    d = Discretiser(6)
    q = np.zeros((1296, 2))
    q[975] = [0.25, -0.5]
    visits = np.zeros(1296, dtype=np.int64)
    visits[975] = 4
    summary = state_summary(q, d, 975, visits)
    assert summary.bins == (3, 0, 3, 4) and summary.index == 975
    assert summary.q_values == (0.25, -0.5) and summary.greedy_action == 0
    assert summary.visits == 4
    assert state_summary(q, d, 0).visits is None


def test_continue_with_keeps_the_table_and_takes_the_new_learning_settings() -> None:
    run = CartPoleTabularSettings(env_id="CartPole-v0", episodes=5, seed=3).build()
    list(run.train())
    q_before = run.q_table
    run.continue_with(
        CartPoleTabularSettings(env_id="CartPole-v0", eta=0.1, gamma=0.5, episodes=8, seed=3)
    )
    assert np.array_equal(run.q_table, q_before)
    assert (run.agent.settings.eta, run.agent.settings.gamma) == (0.1, 0.5)
    assert (run.settings.eta, run.settings.episodes) == (0.1, 8)
    assert len(list(run.train())) == 3  # up to the new budget of 8


def test_marginal_visits_sum_each_dimension_over_the_others() -> None:
    from playground.cartpole import Discretiser

    disc = Discretiser(bins=(2, 3, 1, 1), low=(-1, -1, -1, -1), high=(1, 1, 1, 1))
    visits = np.zeros(6)
    # Dimension 0 runs fastest: flat index = d0 + 2·d1.
    visits[4] = 5  # d0 = 0, d1 = 2
    visits[1] = 1  # d0 = 1, d1 = 0
    marginals = disc.marginal_visits(visits)
    assert marginals[0].tolist() == [5, 1]
    assert marginals[1].tolist() == [1, 0, 5]
    assert marginals[2].tolist() == [6] and marginals[3].tolist() == [6]
