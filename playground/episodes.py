"""Step an environment and keep what happened: the agent–environment loop, recorded.

``Episode`` wraps one Gymnasium env: :meth:`Episode.reset` and :meth:`Episode.step` call
the env and append each transition (t, observation, action, reward, terminated, truncated,
info) plus its rendered frame to a :class:`Recorder`. :func:`record_episode` runs a whole
episode under a policy. No learning happens here: this is what the basics page shows.

Example::

    >>> import gymnasium as gym
    >>> from playground.episodes import Episode, RandomAgent
    >>> episode = Episode(gym.make("CartPole-v1", render_mode="rgb_array"), seed=0)
    >>> agent = RandomAgent(episode.env.action_space.n, seed=0)
    >>> while not episode.done:
    ...     _ = episode.step(agent(episode.observation, episode.info))
    >>> episode.recorder.n_frames == len(episode.recorder.steps) + 1   # reset frame + one per step
    True
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import gymnasium as gym
import numpy as np
from PIL import Image

FRAME_CAP = 501
"""Frames kept per episode: a whole CartPole-v1 episode (reset + 500 steps). Beyond it the
oldest frames are dropped. Frames are stored PNG-compressed (a few kB each)."""

STEP_CAP = 5_000
"""Transitions kept per episode for the step table; beyond it the oldest are dropped."""


@dataclass(frozen=True)
class Transition:
    """One row of the loop: what ``env.step(action)`` returned at time ``t``.

    The reset row has ``t = 0`` and ``action = None``.
    """

    t: int
    observation: Any
    action: int | None
    reward: float | None
    terminated: bool
    truncated: bool
    info: dict[str, Any]


def _plain(value: Any) -> Any:
    """Numpy values → plain Python (for tables and JSON), floats rounded for display."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value


@dataclass
class Recorder:
    """Keeps an episode's transitions and frames, each capped (:data:`FRAME_CAP`)."""

    max_frames: int = FRAME_CAP
    max_steps: int = STEP_CAP
    steps: deque[Transition] = field(default_factory=deque)
    _frames: deque[bytes] = field(default_factory=deque)
    frames_dropped: int = 0

    def clear(self) -> None:
        self.steps.clear()
        self._frames.clear()
        self.frames_dropped = 0

    def add(self, transition: Transition, frame: np.ndarray | Image.Image | None = None) -> None:
        """Append one transition (and its frame, if the env renders)."""
        self.steps.append(transition)
        while len(self.steps) > self.max_steps:
            self.steps.popleft()
        if frame is not None:
            image = (
                frame
                if isinstance(frame, Image.Image)
                else Image.fromarray(np.asarray(frame, dtype=np.uint8))
            )
            buffer = io.BytesIO()
            # Level 1: an order of magnitude faster than the default and still ~20x smaller
            # than the raw pixels for these flat-colour drawings.
            image.save(buffer, format="PNG", compress_level=1)
            self._frames.append(buffer.getvalue())
            while len(self._frames) > self.max_frames:
                self._frames.popleft()
                self.frames_dropped += 1

    @property
    def n_frames(self) -> int:
        """Frames kept (at most ``max_frames``)."""
        return len(self._frames)

    def frame(self, i: int) -> Image.Image:
        """The ``i``-th kept frame as a PIL image (negative ``i`` counts from the end)."""
        return Image.open(io.BytesIO(self._frames[i])).convert("RGB")

    def png(self, i: int) -> bytes:
        """The ``i``-th kept frame as stored: PNG bytes (negative ``i`` counts from the end)."""
        return self._frames[i]

    def frame_time(self, i: int) -> int:
        """The time step ``t`` of kept frame ``i`` (frame 0 is the reset when nothing was dropped)."""
        return self.frames_dropped + (i if i >= 0 else len(self._frames) + i)

    def table(self) -> list[dict[str, Any]]:
        """Rows for display: t, observation, action, reward, terminated, truncated, info."""
        return [
            {
                "t": tr.t,
                "observation": _plain(tr.observation),
                "action": tr.action,
                "reward": tr.reward,
                "terminated": tr.terminated,
                "truncated": tr.truncated,
                "info": _plain(tr.info),
            }
            for tr in self.steps
        ]


class Episode:
    """One env and its recorded episode; :meth:`step` is the loop's single step.

    Args:
        env: A Gymnasium env. If its ``render_mode`` is ``"rgb_array"`` each step's frame
            is recorded.
        seed: Seed of the first :meth:`reset` (later resets continue the env's RNG unless
            given a seed, as in Gymnasium).
        recorder: Where transitions and frames go (a fresh :class:`Recorder` by default).
    """

    def __init__(
        self, env: gym.Env, seed: int | None = None, recorder: Recorder | None = None
    ) -> None:
        self.env = env
        self.recorder = recorder or Recorder()
        self.observation: Any = None
        self.info: dict[str, Any] = {}
        self.t = 0
        self.episode_return = 0.0
        self.terminated = False
        self.truncated = False
        self.reset(seed=seed)

    @property
    def done(self) -> bool:
        """True once the episode terminated or was truncated; :meth:`reset` to go on."""
        return self.terminated or self.truncated

    def _frame(self) -> np.ndarray | None:
        if self.env.render_mode != "rgb_array":
            return None
        return self.env.render()

    def reset(self, seed: int | None = None) -> Transition:
        """``env.reset(seed=seed)``; starts a fresh recording with the reset row."""
        self.observation, self.info = self.env.reset(seed=seed)
        self.t = 0
        self.episode_return = 0.0
        self.terminated = self.truncated = False
        self.recorder.clear()
        row = Transition(0, self.observation, None, None, False, False, dict(self.info))
        self.recorder.add(row, self._frame())
        return row

    def step(self, action: int) -> Transition:
        """``env.step(action)`` → (observation, reward, terminated, truncated, info), recorded.

        Raises:
            RuntimeError: If the episode is already over (Gymnasium requires a reset first).
        """
        if self.done:
            raise RuntimeError("the episode is over: reset the environment before stepping again")
        observation, reward, terminated, truncated, info = self.env.step(action)
        self.t += 1
        self.observation, self.info = observation, info
        self.terminated, self.truncated = bool(terminated), bool(truncated)
        self.episode_return += float(reward)
        row = Transition(
            self.t,
            observation,
            int(action),
            float(reward),
            self.terminated,
            self.truncated,
            dict(info),
        )
        self.recorder.add(row, self._frame())
        return row

    def close(self) -> None:
        self.env.close()


class RandomAgent:
    """Picks actions uniformly at random from a seeded ``numpy`` Generator.

    With ``use_mask=True`` it picks only among moves that ``info["action_mask"]`` allows
    (when the env gives one); by default it ignores the mask, like ``action_space.sample()``.
    """

    def __init__(self, n_actions: int, seed: int | None = None, use_mask: bool = False) -> None:
        self.n_actions = int(n_actions)
        self.rng = np.random.default_rng(seed)
        self.use_mask = use_mask

    def __call__(self, observation: Any = None, info: dict[str, Any] | None = None) -> int:
        mask = (info or {}).get("action_mask") if self.use_mask else None
        if mask is not None and np.any(mask):
            return int(self.rng.choice(np.flatnonzero(mask)))
        return int(self.rng.integers(self.n_actions))


def run_steps(episode: Episode, policy: Callable[[Any, dict[str, Any]], int], n: int) -> int:
    """Step ``episode`` with ``policy(observation, info)`` up to ``n`` times or until it ends.

    Returns the number of steps taken.
    """
    taken = 0
    while taken < n and not episode.done:
        episode.step(policy(episode.observation, episode.info))
        taken += 1
    return taken


def record_episode(
    env: gym.Env,
    policy: Callable[[Any, dict[str, Any]], int],
    *,
    seed: int | None = None,
    max_steps: int = 10_000,
    recorder: Recorder | None = None,
) -> Episode:
    """Run one whole episode (reset, then step until it ends or ``max_steps``), recorded."""
    episode = Episode(env, seed=seed, recorder=recorder)
    run_steps(episode, policy, max_steps)
    return episode
