"""Experience replay: a fixed-capacity ring buffer of transitions, in numpy.

The notes keep a Python list of ``Transition`` namedtuples and ``random.sample``
from it. This is the same idea stored column-wise in preallocated numpy arrays,
so a mini-batch is one fancy-indexing operation and sampling draws from the
owner's seeded ``numpy.random.Generator`` (no global random state). No torch.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["MAX_REPLAY_CAPACITY", "ReplayBatch", "ReplayMemory"]

MAX_REPLAY_CAPACITY = 1_000_000
"""Largest capacity accepted; CartPole transitions take 41 bytes, so at most ~41 MB."""


class ReplayBatch(NamedTuple):
    """A mini-batch of transitions (s, a, r, s', terminated), one row per transition."""

    observations: NDArray[np.float32]
    """``(B, obs_dim)`` states s_t."""
    actions: NDArray[np.int64]
    """``(B,)`` actions a_t, int64 so they can index Q-values directly (``gather``)."""
    rewards: NDArray[np.float32]
    """``(B,)`` rewards r_{t+1}."""
    next_observations: NDArray[np.float32]
    """``(B, obs_dim)`` next states s_{t+1} (the real last state, also on termination)."""
    terminated: NDArray[np.bool_]
    """``(B,)`` True where s_{t+1} is terminal, so its value is 0. A time-limit
    truncation is *not* terminal: its next state keeps its bootstrapped value."""


class ReplayMemory:
    """Fixed-capacity ring buffer; once full, each push overwrites the oldest transition.

    Args:
        capacity: maximum number of transitions kept (1 … ``MAX_REPLAY_CAPACITY``).
        obs_dim: length of an observation vector (4 for CartPole).

    Example:
        >>> memory = ReplayMemory(capacity=3, obs_dim=1)
        >>> for i in range(5):
        ...     memory.push([i], 0, 1.0, [i + 1], False)
        >>> len(memory), sorted(memory.observations[:, 0].tolist())
        (3, [2.0, 3.0, 4.0])
    """

    def __init__(self, capacity: int, obs_dim: int) -> None:
        if not 1 <= capacity <= MAX_REPLAY_CAPACITY:
            raise ValueError(f"capacity must be in [1, {MAX_REPLAY_CAPACITY}], got {capacity}")
        if obs_dim < 1:
            raise ValueError(f"obs_dim must be >= 1, got {obs_dim}")
        self.capacity = int(capacity)
        self.obs_dim = int(obs_dim)
        self.observations = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.actions = np.zeros(capacity, dtype=np.int64)
        self.rewards = np.zeros(capacity, dtype=np.float32)
        self.next_observations = np.zeros((capacity, obs_dim), dtype=np.float32)
        self.terminated = np.zeros(capacity, dtype=np.bool_)
        self._next = 0  # slot the next push writes to
        self._size = 0

    def __len__(self) -> int:
        return self._size

    @property
    def fill(self) -> float:
        """Fraction of the capacity in use, in [0, 1]."""
        return self._size / self.capacity

    def push(
        self,
        observation: ArrayLike,
        action: int,
        reward: float,
        next_observation: ArrayLike,
        terminated: bool,
    ) -> None:
        """Store one transition, overwriting the oldest one when full."""
        i = self._next
        self.observations[i] = observation
        self.actions[i] = action
        self.rewards[i] = reward
        self.next_observations[i] = next_observation
        self.terminated[i] = terminated
        self._next = (i + 1) % self.capacity
        self._size = min(self._size + 1, self.capacity)

    def sample(self, batch_size: int, rng: np.random.Generator) -> ReplayBatch:
        """Draw ``batch_size`` distinct stored transitions uniformly (without replacement).

        Raises:
            ValueError: if fewer than ``batch_size`` transitions are stored.
        """
        if not 1 <= batch_size <= self._size:
            raise ValueError(
                f"cannot sample {batch_size} transitions from a memory holding {self._size}"
            )
        idx = rng.choice(self._size, size=batch_size, replace=False)
        return ReplayBatch(
            self.observations[idx],
            self.actions[idx],
            self.rewards[idx],
            self.next_observations[idx],
            self.terminated[idx],
        )
