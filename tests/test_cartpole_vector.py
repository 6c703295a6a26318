"""The NumPy CartPole batch against Gymnasium's CartPole, transition for transition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.cartpole.env import make_cartpole
from playground.cartpole.vector import CartPoleBatch


def _gym_trajectory(env_id: str, seed: int, actions: list[int], episodes: int = 3):
    """Observations, rewards and flags of gymnasium.make(env_id) under ``actions``, reset
    (seeded the first time only) whenever an episode ends."""
    env = make_cartpole(env_id)
    rows = []
    obs, _ = env.reset(seed=seed)
    rows.append(("reset", obs))
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(a)
        rows.append(("step", obs, reward, terminated, truncated))
        if terminated or truncated:
            obs, _ = env.reset()
            rows.append(("reset", obs))
    env.close()
    return rows


def _batch_trajectories(env_id: str, seeds: list[int], actions: np.ndarray):
    """The same for every copy of one batch, all stepped together (actions[t, i])."""
    batch = CartPoleBatch(env_id, len(seeds))
    everyone = np.arange(len(seeds))
    rows: list[list] = [[("reset", o)] for o in batch.reset(everyone, seeds)]
    for t in range(actions.shape[0]):
        obs, rewards, terminated, truncated = batch.step(everyone, actions[t])
        for i in everyone:
            rows[i].append(("step", obs[i], rewards[i], terminated[i], truncated[i]))
        done = np.flatnonzero(terminated | truncated)
        if done.size:
            for i, o in zip(done, batch.reset(done), strict=True):
                rows[i].append(("reset", o))
    return rows


def _same(mine, theirs) -> None:
    assert len(mine) == len(theirs)
    for a, b in zip(mine, theirs, strict=True):
        assert a[0] == b[0]
        assert a[1].dtype == np.float32 and np.array_equal(a[1], b[1])  # bit for bit
        if a[0] == "step":
            assert (float(a[2]), bool(a[3]), bool(a[4])) == (float(b[2]), b[3], b[4])


@pytest.mark.parametrize("env_id", ["CartPole-v1", "CartPole-v0"])
def test_random_actions_match_gymnasium_bit_for_bit(env_id):
    steps = 700  # several episodes, and a time limit for v0 is possible with luck only
    seeds = [0, 1, 12345, 2**31 - 1]
    actions = np.random.default_rng(3).integers(0, 2, size=(steps, len(seeds)))
    mine = _batch_trajectories(env_id, seeds, actions)
    for i, seed in enumerate(seeds):
        _same(mine[i], _gym_trajectory(env_id, seed, actions[:, i].tolist()))


def test_balancing_policy_reaches_the_time_limit_like_gymnasium():
    """A simple controller keeps the pole up: the truncation at 500 (v1) and 200 (v0)
    steps is counted per copy, as the TimeLimit wrapper does."""
    for env_id, limit in (("CartPole-v1", 500), ("CartPole-v0", 200)):
        batch = CartPoleBatch(env_id, 2)
        everyone = np.arange(2)
        obs = batch.reset(everyone, [7, 8])
        env = make_cartpole(env_id)
        gym_obs, _ = env.reset(seed=7)
        steps = 0
        for _ in range(limit):
            steps += 1
            actions = (obs[:, 2] + 0.5 * obs[:, 3] > 0).astype(np.int64)
            obs, _, terminated, truncated = batch.step(everyone, actions)
            gym_obs, _, gym_term, gym_trunc, _ = env.step(int(actions[0]))
            assert np.array_equal(obs[0], gym_obs)
            assert (bool(terminated[0]), bool(truncated[0])) == (gym_term, gym_trunc)
            assert not terminated.any()
        assert truncated.all() and steps == limit


def test_stepping_a_subset_leaves_the_others_alone():
    batch = CartPoleBatch("CartPole-v1", 3)
    batch.reset(np.arange(3), [1, 2, 3])
    before = batch.state.copy()
    batch.step(np.array([1]), np.array([1]))
    assert np.array_equal(batch.state[[0, 2]], before[[0, 2]])
    assert not np.array_equal(batch.state[1], before[1])
    assert batch.elapsed.tolist() == [0, 1, 0]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), actions=st.lists(st.integers(0, 1), max_size=60))
def test_any_seed_and_actions_match(seed, actions):
    mine = _batch_trajectories("CartPole-v1", [seed], np.array(actions, dtype=np.int64)[:, None])
    _same(mine[0], _gym_trajectory("CartPole-v1", seed, actions))


def test_bad_size_refused():
    with pytest.raises(ValueError, match="n must be"):
        CartPoleBatch("CartPole-v1", 0)
    with pytest.raises(ValueError, match="env_id"):
        CartPoleBatch("CartPole-v9", 1)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 6))
def test_step_all_is_step_on_every_copy_bit_for_bit(seed, n):
    """``step_all`` (the greedy evaluation's step) gives what ``step`` on every index gives."""
    picked, every = CartPoleBatch("CartPole-v1", n), CartPoleBatch("CartPole-v1", n)
    seeds = [seed + i for i in range(n)]
    picked.reset(np.arange(n), seeds)
    every.reset(np.arange(n), seeds)
    rng = np.random.default_rng(seed)
    for _ in range(60):  # past the pole's fall for most copies under random actions
        actions = rng.integers(0, 2, size=n)
        obs, _, terminated, truncated = picked.step(np.arange(n), actions)
        obs_all, terminated_all, truncated_all = every.step_all(actions)
        assert obs_all.dtype == np.float32 and np.array_equal(obs_all, obs)
        assert np.array_equal(terminated_all, terminated)
        assert np.array_equal(truncated_all, truncated)
        assert np.array_equal(every.state, picked.state)
