"""A recorded CartPole episode re-simulated exactly for playback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground.cartpole.discretiser import Discretiser
from playground.cartpole.env import make_cartpole


@dataclass(frozen=True)
class EpisodeReplay:
    """A recorded episode simulated again, step by step, for playback."""

    observations: np.ndarray
    """``(T + 1, 4)`` continuous observations ``o_0 … o_T``."""
    states: np.ndarray
    """``(T + 1,)`` flat bin indices of the observations."""
    frames: list[np.ndarray]
    """``T + 1`` RGB frames (empty when rendering was not asked for)."""


def replay_episode(
    start_state: np.ndarray,
    actions: Sequence[int] | np.ndarray,
    discretiser: Discretiser,
    env_id: str = "CartPole-v1",
    render: bool = True,
    max_frames: int | None = None,
) -> EpisodeReplay:
    """Re-simulate an episode from its exact start state and actions.

    CartPole's dynamics are deterministic, so setting the physics state recorded at reset
    (``DiscretisedObservation.episode_start_state``, float64) and applying the same actions
    reproduces the episode bit for bit - no frames have to be kept while training.

    Args:
        start_state: The unwrapped env's ``state`` right after ``reset`` (4 floats).
        actions: The episode's actions ``a_0 … a_{T-1}``.
        discretiser: Gives each observation's flat bin index.
        env_id: The CartPole version the episode ran on.
        render: Draw an RGB frame of every observation.
        max_frames: Draw at most this many frames (the first ones); ``None`` for all.
    """
    env = make_cartpole(env_id, render_mode="rgb_array" if render else None)
    env.reset(seed=0)
    core = env.unwrapped
    core.state = np.array(start_state, dtype=np.float64)
    obs = np.array(core.state, dtype=np.float32)
    observations = [obs]
    frames: list[np.ndarray] = []
    limit = len(actions) + 1 if max_frames is None else max_frames

    def draw() -> None:
        if render and len(frames) < limit:
            frames.append(env.render())

    draw()
    for action in actions:
        obs, _, terminated, _, _ = core.step(int(action))
        observations.append(obs)
        draw()
        if terminated:
            break
    env.close()
    obs_arr = np.asarray(observations, dtype=np.float32)
    return EpisodeReplay(
        observations=obs_arr, states=np.asarray(discretiser.indices(obs_arr)), frames=frames
    )
