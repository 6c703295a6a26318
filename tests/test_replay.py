"""ReplayMemory: capacity, wrap-around, sampling without replacement, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from playground.agents.replay import MAX_REPLAY_CAPACITY, ReplayMemory


def fill(memory: ReplayMemory, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        memory.push([i, -i], i % 2, float(i), [i + 1, -(i + 1)], i % 3 == 0)


def test_capacity_and_fill():
    memory = ReplayMemory(capacity=4, obs_dim=2)
    assert len(memory) == 0 and memory.fill == 0.0
    fill(memory, 3)
    assert len(memory) == 3 and memory.fill == 0.75
    fill(memory, 10, start=3)
    assert len(memory) == 4 and memory.fill == 1.0


def test_wrap_around_overwrites_oldest():
    memory = ReplayMemory(capacity=3, obs_dim=2)
    fill(memory, 5)  # 0, 1, 2, then 3 overwrites 0 and 4 overwrites 1
    np.testing.assert_array_equal(memory.rewards, [3.0, 4.0, 2.0])
    np.testing.assert_array_equal(memory.observations[:, 0], [3.0, 4.0, 2.0])
    np.testing.assert_array_equal(memory.next_observations[:, 0], [4.0, 5.0, 3.0])
    np.testing.assert_array_equal(memory.actions, [1, 0, 0])
    np.testing.assert_array_equal(memory.terminated, [True, False, False])
    assert memory.actions.dtype == np.int64 and memory.terminated.dtype == np.bool_


def test_sampling_is_without_replacement_and_consistent():
    memory = ReplayMemory(capacity=10, obs_dim=2)
    fill(memory, 10)
    rng = np.random.default_rng(0)
    for _ in range(50):
        batch = memory.sample(10, rng)  # the whole memory: every transition exactly once
        assert sorted(batch.rewards.tolist()) == [float(i) for i in range(10)]
        # rows stay aligned across columns
        np.testing.assert_array_equal(batch.observations[:, 0], batch.rewards)
        np.testing.assert_array_equal(batch.next_observations[:, 0], batch.rewards + 1)
        np.testing.assert_array_equal(batch.terminated, batch.rewards.astype(int) % 3 == 0)


def test_sampling_only_from_filled_slots():
    memory = ReplayMemory(capacity=100, obs_dim=2)
    fill(memory, 5)
    batch = memory.sample(5, np.random.default_rng(1))
    assert sorted(batch.rewards.tolist()) == [0.0, 1.0, 2.0, 3.0, 4.0]
    with pytest.raises(ValueError):
        memory.sample(6, np.random.default_rng(1))


def test_sampling_is_deterministic_under_seed():
    memory = ReplayMemory(capacity=50, obs_dim=2)
    fill(memory, 50)
    a = memory.sample(8, np.random.default_rng(42)).rewards
    b = memory.sample(8, np.random.default_rng(42)).rewards
    np.testing.assert_array_equal(a, b)
    assert len(set(a.tolist())) == 8


def test_invalid_capacity():
    with pytest.raises(ValueError):
        ReplayMemory(0, 4)
    with pytest.raises(ValueError):
        ReplayMemory(MAX_REPLAY_CAPACITY + 1, 4)
