"""Gymnasium wrappers that make CartPole a tabular problem: a ``Discrete`` observation
(its bin index) and the notes' shaped reward.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, SupportsFloat

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from playground.cartpole.discretiser import DEFAULT_HIGH, DEFAULT_LOW, Discretiser
from playground.cartpole.env import make_cartpole, shaped_reward


class DiscretisedObservation(gym.ObservationWrapper, gym.utils.RecordConstructorArgs):
    """Replace a Box observation by its flat bin index, so tabular agents can learn it.

    ``observation_space`` becomes ``Discrete(discretiser.n_states)``. Each ``info`` of
    ``reset`` and ``step`` gains what the bins hide, for playback and inspection:

    * ``"continuous_observation"`` - the unwrapped observation (a copy);
    * ``"bins"`` - its bin indices, one per dimension.

    For exact playback it also keeps the physics state each episode started from
    (:attr:`episode_start_state`, and :attr:`finished_episode_start_state` for the last
    episode that ended); :func:`replay_episode` re-simulates an episode from it.

    Args:
        env: An environment with a ``Box`` observation space of ``discretiser.n_dims`` values.
        discretiser: How to cut the observation (default: the notes' 6 bins and ranges).
    """

    def __init__(self, env: gym.Env, discretiser: Discretiser | None = None) -> None:
        discretiser = Discretiser() if discretiser is None else discretiser
        gym.utils.RecordConstructorArgs.__init__(self, discretiser=discretiser)
        gym.ObservationWrapper.__init__(self, env)
        box = env.observation_space
        if not isinstance(box, spaces.Box) or box.shape != (discretiser.n_dims,):
            raise ValueError(
                f"DiscretisedObservation needs a Box observation of shape ({discretiser.n_dims},), "
                f"got {box}"
            )
        self.discretiser = discretiser
        self.observation_space = spaces.Discrete(discretiser.n_states)
        self._last_bins: tuple[int, ...] = ()
        #: Unwrapped ``state`` (float64) right after the latest reset, when the env has one.
        self.episode_start_state: np.ndarray | None = None
        #: ``episode_start_state`` of the latest episode that terminated or was truncated.
        self.finished_episode_start_state: np.ndarray | None = None

    def observation(self, observation: np.ndarray) -> int:
        """Flat state index of ``observation``."""
        self._last_bins = self.discretiser.bins_of(observation)
        return sum(map(operator.mul, self._last_bins, self.discretiser.strides))

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        obs, info = self.env.reset(seed=seed, options=options)
        physics = getattr(self.env.unwrapped, "state", None)
        self.episode_start_state = None if physics is None else np.array(physics, dtype=np.float64)
        state = self.observation(obs)
        return state, {**info, "continuous_observation": np.array(obs), "bins": self._last_bins}

    def step(self, action: Any) -> tuple[int, SupportsFloat, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        state = self.observation(obs)
        info = {**info, "continuous_observation": np.array(obs), "bins": self._last_bins}
        if terminated or truncated:
            self.finished_episode_start_state = self.episode_start_state
        return state, reward, terminated, truncated, info


class CartPoleRewardShaping(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """The notes' shaped reward: punish a fall, reward surviving to the step limit.

    ============================================  ==================
    transition                                    shaped reward
    ============================================  ==================
    the pole falls or the cart leaves the track    ``fall_reward`` (−1)
    (``terminated``)
    the step limit is reached without a fall       ``success_reward`` (+1)
    (``truncated`` and not ``terminated``)
    any other step                                ``step_reward`` (0)
    ============================================  ==================

    CartPole's own reward is +1 on every step, fall or not, so a Q-table starting at zero
    learns only slowly that a fall is bad: the fall is simply where the +1s stop. Shaping
    puts the signal where it belongs - on the transition into the fall - and the agent
    learns to avoid the states that lead there.

    The notes gave −1 for a fall before step 150 and +1 for one after it (old Gym's ``done``
    mixed falls and time-outs). With ``terminated`` and ``truncated`` separate, a fall is
    always a fall, and success means reaching the limit. The unshaped reward is kept in
    ``info["raw_reward"]``.

    Args:
        env: A CartPole environment (anything with terminated/truncated semantics works).
        fall_reward: Reward on a terminating transition.
        success_reward: Reward on the transition that reaches the step limit.
        step_reward: Reward on every other transition.
    """

    def __init__(
        self,
        env: gym.Env,
        fall_reward: float = -1.0,
        success_reward: float = 1.0,
        step_reward: float = 0.0,
    ) -> None:
        gym.utils.RecordConstructorArgs.__init__(
            self, fall_reward=fall_reward, success_reward=success_reward, step_reward=step_reward
        )
        gym.Wrapper.__init__(self, env)
        self.fall_reward = float(fall_reward)
        self.success_reward = float(success_reward)
        self.step_reward = float(step_reward)

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        shaped = shaped_reward(
            terminated, truncated, self.fall_reward, self.success_reward, self.step_reward
        )
        return obs, shaped, terminated, truncated, {**info, "raw_reward": float(reward)}


def make_cartpole_tabular(
    env_id: str = "CartPole-v1",
    bins: int | Sequence[int] = 6,
    low: Sequence[float] = DEFAULT_LOW,
    high: Sequence[float] = DEFAULT_HIGH,
    shaping: bool = True,
    render_mode: str | None = None,
) -> DiscretisedObservation | CartPoleRewardShaping:
    """CartPole with a ``Discrete`` observation (its bin index), ready for a tabular agent.

    The stack is ``CartPoleRewardShaping(DiscretisedObservation(gym.make(env_id)))``
    (without the shaping layer when ``shaping=False``). Each step's ``info`` carries the
    ``"continuous_observation"`` and its ``"bins"``, and ``"raw_reward"`` when shaped.

    Args:
        env_id: ``"CartPole-v1"`` (500 steps, solved at 475) or ``"CartPole-v0"`` (the notes'
            200-step version, solved at 195).
        bins: Bins per dimension (one int, or four).
        low: Lower clip value per dimension (default: the notes' ranges).
        high: Upper clip value per dimension.
        shaping: Use the notes' shaped reward (−1 fall, +1 success, else 0) instead of
            CartPole's +1 per step.
        render_mode: ``None`` or ``"rgb_array"`` (frames for playback).
    """
    env: gym.Env = DiscretisedObservation(
        make_cartpole(env_id, render_mode), Discretiser(bins, low, high)
    )
    if shaping:
        env = CartPoleRewardShaping(env)
    return env
