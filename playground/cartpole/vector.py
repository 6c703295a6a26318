"""Many CartPoles stepped at once in NumPy, transition for transition Gymnasium's CartPole.

:class:`CartPoleBatch` holds ``n`` independent copies of ``gymnasium``'s ``CartPoleEnv``
(v0 or v1: same dynamics, different time limits) as one ``(n, 4)`` float64 state array.
One :meth:`~CartPoleBatch.step` advances every copy with the same arithmetic, in the same
order, as ``CartPoleEnv.step`` (semi-implicit constants, Euler integration, float64 state,
float32 observations), so each copy's observations, rewards and flags are bit for bit
those of its own ``gymnasium.make(env_id)``; ``tests/test_cartpole_vector.py`` checks it.

Each copy has its own random stream, built as Gymnasium builds one
(``gymnasium.utils.seeding.np_random(seed)``), used only by resets: a reset with a seed
starts a new stream, a reset without continues the copy's stream, as Gymnasium does.
Time limits are counted here (the ``TimeLimit`` wrapper's ``truncated``), per copy.

Why: the Lab's batched DQN (:mod:`playground.agents.dqn_batched`) steps one CartPole per
seed every tick; a Python call per env per step would cost more than the arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from gymnasium.utils import seeding
from numpy.typing import NDArray

from playground.cartpole.env import cartpole_version

__all__ = ["CartPoleBatch"]

# CartPoleEnv's constants (gymnasium/envs/classic_control/cartpole.py), same values.
GRAVITY = 9.8
MASSCART = 1.0
MASSPOLE = 0.1
TOTAL_MASS = MASSPOLE + MASSCART
LENGTH = 0.5
POLEMASS_LENGTH = MASSPOLE * LENGTH
FORCE_MAG = 10.0
TAU = 0.02
THETA_THRESHOLD = 12 * 2 * np.pi / 360
X_THRESHOLD = 2.4


class CartPoleBatch:
    """``n`` CartPoles (``env_id`` ``"CartPole-v1"`` or ``"CartPole-v0"``) stepped together.

    Args:
        env_id: the version (its time limit).
        n: number of copies.
    """

    def __init__(self, env_id: str, n: int) -> None:
        if n < 1:
            raise ValueError(f"n must be >= 1, got {n}")
        self.env_id = env_id
        self.max_episode_steps = cartpole_version(env_id).max_steps
        self.n = int(n)
        self.state = np.zeros((n, 4), dtype=np.float64)
        self.elapsed = np.zeros(n, dtype=np.int64)
        self._rngs: list[np.random.Generator | None] = [None] * n

    def reset(
        self, index: Sequence[int] | NDArray[np.int64], seeds: Sequence[int | None] | None = None
    ) -> NDArray[np.float32]:
        """Reset the copies ``index`` (``seeds[j]`` reseeds copy ``index[j]``'s stream, None
        continues it); their observations, ``(len(index), 4)`` float32."""
        index = np.asarray(index, dtype=np.int64)
        for j, i in enumerate(index.tolist()):
            seed = None if seeds is None else seeds[j]
            if seed is not None or self._rngs[i] is None:
                self._rngs[i], _ = seeding.np_random(seed)
            self.state[i] = self._rngs[i].uniform(low=-0.05, high=0.05, size=(4,))
        self.elapsed[index] = 0
        return self.state[index].astype(np.float32)

    def step(
        self, index: NDArray[np.int64], actions: NDArray[np.int64]
    ) -> tuple[NDArray[np.float32], NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_]]:
        """Step the copies ``index`` with ``actions`` (0 left, 1 right): observations
        ``(m, 4)`` float32, rewards (1.0 each, as ``CartPoleEnv``), terminated, truncated
        (the time limit reached, possibly together with terminated)."""
        index = np.asarray(index, dtype=np.int64)
        state, terminated = _advance(self.state[index], actions)
        self.state[index] = state
        self.elapsed[index] += 1
        truncated = self.elapsed[index] >= self.max_episode_steps
        return state.astype(np.float32), np.ones(len(index)), terminated, truncated

    def step_all(
        self, actions: NDArray[np.int64]
    ) -> tuple[NDArray[np.float32], NDArray[np.bool_], NDArray[np.bool_]]:
        """Step every copy (``actions`` has one per copy): observations ``(n, 4)`` float32,
        terminated, truncated. The same arithmetic as :meth:`step` without picking rows:
        a caller that steps all copies together (greedy evaluation episodes) saves the
        gathering and scattering."""
        self.state, terminated = _advance(self.state, actions)
        self.elapsed += 1
        truncated = self.elapsed >= self.max_episode_steps
        return self.state.astype(np.float32), terminated, truncated


def _advance(
    state: NDArray[np.float64], actions: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """CartPoleEnv.step's arithmetic on the rows of ``state``: the next states and which
    of them terminated (pole or cart out of bounds)."""
    x, x_dot, theta, theta_dot = state.T
    force = np.where(np.asarray(actions) == 1, FORCE_MAG, -FORCE_MAG)
    costheta = np.cos(theta)
    sintheta = np.sin(theta)
    # The same expression, operand for operand, as CartPoleEnv.step.
    temp = (force + POLEMASS_LENGTH * np.square(theta_dot) * sintheta) / TOTAL_MASS
    thetaacc = (GRAVITY * sintheta - costheta * temp) / (
        LENGTH * (4.0 / 3.0 - MASSPOLE * np.square(costheta) / TOTAL_MASS)
    )
    xacc = temp - POLEMASS_LENGTH * thetaacc * costheta / TOTAL_MASS
    x = x + TAU * x_dot
    x_dot = x_dot + TAU * xacc
    theta = theta + TAU * theta_dot
    theta_dot = theta_dot + TAU * thetaacc
    terminated = (
        (x < -X_THRESHOLD)
        | (x > X_THRESHOLD)
        | (theta < -THETA_THRESHOLD)
        | (theta > THETA_THRESHOLD)
    )
    return np.stack((x, x_dot, theta, theta_dot), axis=1), terminated
