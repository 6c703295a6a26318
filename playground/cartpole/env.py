"""CartPole's versions, its factory and the notes' shaped reward: what every CartPole
learner here (tabular, DQN, REINFORCE) shares.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import gymnasium as gym


@dataclass(frozen=True)
class CartPoleVersion:
    """One CartPole version the playground offers."""

    env_id: str
    """Gymnasium id."""
    max_steps: int
    """Step limit: an episode that reaches it is truncated."""
    solved_at: int
    """Episode length (tabular) or mean greedy return (deep agents) that counts as solved."""


CARTPOLE_VERSIONS: dict[str, CartPoleVersion] = {
    v.env_id: v
    for v in (
        CartPoleVersion("CartPole-v1", max_steps=500, solved_at=475),
        CartPoleVersion("CartPole-v0", max_steps=200, solved_at=195),  # the notes' version
    )
}
"""The CartPole versions the pages, the tabular run and the deep agents accept; the first is
the default. Every check of an env id and every step limit or solved threshold reads it."""


def cartpole_version(env_id: str) -> CartPoleVersion:
    """The :class:`CartPoleVersion` of ``env_id``.

    Raises:
        ValueError: If ``env_id`` is not in :data:`CARTPOLE_VERSIONS`.
    """
    try:
        return CARTPOLE_VERSIONS[env_id]
    except (KeyError, TypeError):
        raise ValueError(
            f"env_id must be one of {list(CARTPOLE_VERSIONS)}, got {env_id!r}"
        ) from None


def make_cartpole(env_id: str = "CartPole-v1", render_mode: str | None = None) -> gym.Env:
    """``gymnasium.make(env_id)`` for a version of :data:`CARTPOLE_VERSIONS`.

    Raises:
        ValueError: If ``env_id`` is not one of them.
    """
    cartpole_version(env_id)
    with warnings.catch_warnings():
        # CartPole-v0 is the notes' version on purpose; its "out of date" notice is noise.
        warnings.filterwarnings("ignore", message=".*is out of date")
        return gym.make(env_id, render_mode=render_mode)


def shaped_reward(
    terminated: bool,
    truncated: bool,
    fall_reward: float = -1.0,
    success_reward: float = 1.0,
    step_reward: float = 0.0,
) -> float:
    """The notes' CartPole reward: ``−1`` on a fall, ``+1`` on reaching the limit, else ``0``.

    A fall on the very step the limit is reached is still a fall (``terminated`` wins).
    """
    if terminated:
        return fall_reward
    if truncated:
        return success_reward
    return step_reward
