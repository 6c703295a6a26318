"""The training loop: run an agent on an env and yield a snapshot after each episode or step.

A :class:`Trainer` keeps everything a run needs between calls (the env's state,
the episode in progress, counters) on itself, and the agent keeps its tables and
random stream. So a caller may stop consuming :meth:`Trainer.run_episodes` or
:meth:`Trainer.run_steps` after any snapshot and call either again later: the
results are bit-for-bit those of an uninterrupted run.

```python
import gymnasium as gym
import playground
from playground.agents import QLearningAgent
from playground.training import Trainer

env = gym.make("playground/Maze-v0")
agent = QLearningAgent.for_env(env, seed=0)
trainer = Trainer(env, agent, seed=0)
for snapshot in trainer.run_episodes(30):
    print(snapshot.episode, snapshot.length, snapshot.metrics["mean_abs_td_error"])
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import gymnasium as gym
import numpy as np

from playground.agents.tabular import DivergenceError, PGUpdate, TabularAgent

__all__ = [
    "TRAJECTORY_CAP",
    "DivergenceError",
    "EpisodeSnapshot",
    "StepSnapshot",
    "Trainer",
    "Trajectory",
    "greedy_rollout",
]

#: Steps of an episode's trajectory kept in its snapshot. Longer episodes are
#: learnt from in full; only the stored copy is cut (``EpisodeSnapshot.trajectory_cut``).
TRAJECTORY_CAP = 10_000


@dataclass(frozen=True, eq=False)
class EpisodeSnapshot:
    """Everything about one finished episode, with copies of the agent's tables after it.

    ``tables``, ``states``, ``actions`` and ``rewards`` are NumPy arrays built on
    first access (the snapshot holds frozen lists), so producing thousands of
    snapshots a second stays cheap when a page only reads a few of them.
    """

    episode: int
    """0-based index of the episode."""
    episode_return: float
    """Undiscounted sum of the episode's rewards."""
    length: int
    """Number of steps T."""
    terminated: bool
    """The episode reached a terminal state (the goal)."""
    truncated: bool
    """The episode was cut by a time limit."""
    metrics: dict[str, Any]
    """Per-algorithm figures: ``delta_pi_sum`` (policy gradient), ``mean_abs_td_error`` and
    ``epsilon`` (SARSA, Q-learning)."""
    converged: bool = False
    """Policy gradient's stop rule Σ|Δπ| < threshold held after this episode (always False for TD)."""
    pg_update: PGUpdate | None = None
    """Policy gradient only: N(s,a), N(s), π, T and Δθ of this episode's update."""
    total_steps: int = 0
    """Steps taken by the trainer since it was created, this episode included."""
    trajectory_cut: bool = False
    """The episode was longer than :data:`TRAJECTORY_CAP` and its stored trajectory was cut."""
    table_rows: dict[str, list[list[float]]] = field(default_factory=dict, repr=False)
    state_list: list[int] = field(default_factory=list, repr=False)
    action_list: list[int] = field(default_factory=list, repr=False)
    reward_list: list[float] = field(default_factory=list, repr=False)

    @cached_property
    def tables(self) -> dict[str, np.ndarray]:
        """The agent's tables after the episode's learning: ``"theta"`` and ``"pi"`` (policy
        gradient) or ``"q"`` (SARSA, Q-learning); ``(n_states, n_actions)``, NaN where blocked."""
        tables = {}
        for name, rows in self.table_rows.items():
            table = np.array(rows, dtype=float)
            table[np.isneginf(table)] = np.nan  # agents may keep blocked entries as -inf
            tables[name] = table
        return tables

    @cached_property
    def states(self) -> np.ndarray:
        """Visited states, int64, the final state included (``length + 1`` entries unless cut)."""
        return np.array(self.state_list, dtype=np.int64)

    @cached_property
    def actions(self) -> np.ndarray:
        """Actions taken, int64."""
        return np.array(self.action_list, dtype=np.int64)

    @cached_property
    def rewards(self) -> np.ndarray:
        """Rewards received, float64."""
        return np.array(self.reward_list, dtype=np.float64)


@dataclass(frozen=True)
class StepSnapshot:
    """One transition (s, a, r, s′) and what the agent learnt from it."""

    episode: int
    step: int
    """0-based index of the step within its episode."""
    state: int
    action: int
    reward: float
    next_state: int
    next_action: int | None
    """SARSA's a′ (the action it will play in s′); None otherwise."""
    td_target: float | None
    """r (+ γ·…) the update moved towards; None for policy gradient, which learns per episode."""
    td_error: float | None
    old_q: float | None
    new_q: float | None
    terminated: bool
    truncated: bool
    episode_end: EpisodeSnapshot | None = None
    """The finished episode's snapshot when this step ended it."""


@dataclass(frozen=True)
class Trajectory:
    """States (final included), actions and rewards of one rollout."""

    states: list[int]
    actions: list[int]
    rewards: list[float]
    terminated: bool
    truncated: bool

    @property
    def length(self) -> int:
        return len(self.actions)


class _Episode:
    """The episode in progress: states (final included so far), actions, rewards."""

    __slots__ = ("actions", "rewards", "states")

    def __init__(self, states: list[int] | None = None) -> None:
        self.states: list[int] = [] if states is None else states
        self.actions: list[int] = []
        self.rewards: list[float] = []


def _episode_snapshot(values: dict[str, Any]) -> EpisodeSnapshot:
    """``EpisodeSnapshot(**values)`` without the frozen dataclass's ``__init__``.

    That ``__init__`` sets each of the 15 fields through ``object.__setattr__``, once per
    episode of training; handing over ``values`` as the instance's ``__dict__`` gives the
    same object (every field must be in it, and the caller must not keep ``values``). It
    stays frozen afterwards.
    """
    snapshot = object.__new__(EpisodeSnapshot)
    object.__setattr__(snapshot, "__dict__", values)
    return snapshot


class Trainer:
    """Runs ``agent`` on ``env`` one episode (or one step) at a time.

    Args:
        env: a Gymnasium env with Discrete spaces (wrappers such as ``TimeLimit``
            are honoured: the trainer steps ``env`` itself).
        agent: a tabular agent (see :mod:`playground.agents.tabular`). Its random
            stream is its own (``seed`` of ``Agent.for_env``).
        seed: passed to the env's first ``reset``; later resets continue the env's
            own random stream, so a resumed run sees the same starts.

    A :class:`DivergenceError` raised while learning propagates out of the
    generator; the agent keeps its last finite tables, and the trainer refuses
    further work (build a new one with safer settings).
    """

    def __init__(self, env: gym.Env, agent: TabularAgent, seed: int | None = 0) -> None:
        self.env = env
        self.agent = agent
        self.seed = seed
        self.episode = 0
        """Index of the episode in progress, or of the next one."""
        self.total_steps = 0
        self._seeded = False
        self._in_episode = False
        self._diverged = False
        self._obs = 0
        self._mask: np.ndarray | None = None
        self._current = _Episode()
        # A bare maze (no wrapper between it and the trainer) and an agent that plays whole
        # episodes on its lookup tables: no env.step call per step (MazeEnv.step_table).
        table_of = getattr(env, "step_table", None) if env is env.unwrapped else None
        walks = getattr(agent, "walk_episode", None) is not None
        walks = walks and getattr(agent, "masks", None) is not None
        self._table = table_of() if table_of is not None and walks else None

    # --------------------------------------------------------------- internals
    def _check(self) -> None:
        if self._diverged:
            raise DivergenceError(
                "diverged_earlier", "this run diverged earlier; start a new Trainer and agent"
            )

    def _begin(self) -> None:
        if self._seeded:
            obs, info = self.env.reset()
        else:
            obs, info = self.env.reset(seed=self.seed)
            self._seeded = True
        self.agent.begin_episode(self.episode)
        self._obs = int(obs)
        self._mask = info.get("action_mask")
        self._current = _Episode([self._obs])
        self._in_episode = True

    def _finish(self, terminated: bool, truncated: bool) -> EpisodeSnapshot:
        episode = self._current
        agent = self.agent
        states, actions, rewards = episode.states, episode.actions, episode.rewards
        metrics = agent.end_episode(states, actions, rewards)
        steps = len(actions)
        cut = steps > TRAJECTORY_CAP
        if cut:
            states = states[: TRAJECTORY_CAP + 1]
            actions = actions[:TRAJECTORY_CAP]
            rewards_kept = rewards[:TRAJECTORY_CAP]
        else:
            rewards_kept = rewards  # a fresh list per episode: the snapshot may keep it
        snapshot = _episode_snapshot(
            {
                "episode": self.episode,
                "episode_return": float(sum(rewards)),
                "length": steps,
                "terminated": bool(terminated),
                "truncated": bool(truncated),
                "metrics": metrics,
                "converged": bool(metrics.get("converged", False)),
                "pg_update": getattr(agent, "last_update", None),
                "total_steps": self.total_steps,
                "trajectory_cut": cut,
                "table_rows": agent.table_rows(),
                "state_list": states,
                "action_list": actions,
                "reward_list": rewards_kept,
            }
        )
        self.episode += 1
        self._in_episode = False  # _begin gives the next episode its own lists
        return snapshot

    def _play_to_end(self) -> EpisodeSnapshot:
        """Play the current episode (starting one if needed) to its end: the fast path."""
        if not self._in_episode:
            self._begin()
        agent = self.agent
        episode = self._current
        before = len(episode.actions)
        try:
            try:
                # An agent whose policy stays fixed until the episode's end (policy
                # gradient) plays the whole episode itself: no call per step.
                play = getattr(agent, "play_episode", None)
                if self._table is not None:
                    record = (episode.states, episode.actions, episode.rewards)
                    try:
                        agent.walk_episode(self._table, self._obs, record)
                    finally:  # the env stands where the walk stopped, as after step()
                        s = episode.states[-1]
                        mask = self.env.walked_to(s).get("action_mask")
                    terminated, truncated = True, False
                elif play is not None:
                    record = (episode.states, episode.actions, episode.rewards)
                    s, mask, terminated, truncated = play(
                        self.env.step, self._obs, self._mask, record
                    )
                else:
                    s, mask, terminated, truncated = self._play_steps(episode)
            finally:
                # Counted once here: an attribute write per step costs.
                self.total_steps += len(episode.actions) - before
            self._obs, self._mask = s, mask
            return self._finish(terminated, truncated)
        except DivergenceError:
            self._diverged = True
            raise

    def _play_steps(self, episode: _Episode) -> tuple[int, np.ndarray | None, bool, bool]:
        """Act and learn step by step to the episode's end; (final state, its mask, terminated, truncated)."""
        env_step = self.env.step
        agent = self.agent
        act = agent.act
        # An agent that learns only at the episode's end keeps the base class's no-op
        # learn(); skipping the call is a third of such a step's cost.
        learn = None if type(agent).learn is TabularAgent.learn else agent.learn
        add_state, add_action = episode.states.append, episode.actions.append
        add_reward = episode.rewards.append
        s, mask = self._obs, self._mask
        terminated = truncated = False
        while not (terminated or truncated):
            a = act(s, mask)
            s2, r, terminated, truncated, info = env_step(a)
            s2 = int(s2)
            mask2 = info.get("action_mask")
            if learn is not None:
                learn(s, a, r, s2, mask2, terminated)
            add_action(a)
            add_reward(r)
            add_state(s2)
            s, mask = s2, mask2
        return s, mask, terminated, truncated

    # -------------------------------------------------------------- public API
    def run_episodes(self, n: int | None = None) -> Iterator[EpisodeSnapshot]:
        """Yield one :class:`EpisodeSnapshot` per finished episode, ``n`` of them (forever if None).

        An episode left half-played by :meth:`run_steps` is finished first (and counts).
        Stopping the iteration after any snapshot loses nothing.
        """
        self._check()
        done = 0
        while n is None or done < n:
            snapshot = self._play_to_end()
            done += 1
            yield snapshot

    def run_until_converged(self, max_episodes: int) -> EpisodeSnapshot:
        """Run until a snapshot says ``converged`` (policy gradient) or ``max_episodes`` pass; return the last."""
        if max_episodes < 1:
            raise ValueError("max_episodes must be ≥ 1")
        self._check()
        for _ in range(max_episodes):
            last = self._play_to_end()
            if last.converged:
                break
        return last

    def run_steps(self, n: int | None = None) -> Iterator[StepSnapshot]:
        """Yield one :class:`StepSnapshot` per environment step, ``n`` of them (forever if None).

        Identical in effect to :meth:`run_episodes`; the two may be mixed freely.
        """
        self._check()
        done = 0
        while n is None or done < n:
            if not self._in_episode:
                self._begin()
            s, mask = self._obs, self._mask
            step_index = len(self._current.actions)
            try:
                a = self.agent.act(s, mask)
                s2, r, terminated, truncated, info = self.env.step(a)
                s2 = int(s2)
                mask2 = info.get("action_mask")
                update = self.agent.learn(s, a, r, s2, mask2, terminated)
                self._current.actions.append(a)
                self._current.rewards.append(r)
                self._current.states.append(s2)
                self.total_steps += 1
                self._obs, self._mask = s2, mask2
                episode_index = self.episode
                end = self._finish(terminated, truncated) if (terminated or truncated) else None
            except DivergenceError:
                self._diverged = True
                raise
            done += 1
            yield StepSnapshot(
                episode=episode_index,
                step=step_index,
                state=s,
                action=int(a),
                reward=float(r),
                next_state=s2,
                next_action=None if update is None else update.next_action,
                td_target=None if update is None else update.td_target,
                td_error=None if update is None else update.td_error,
                old_q=None if update is None else update.old_q,
                new_q=None if update is None else update.new_q,
                terminated=bool(terminated),
                truncated=bool(truncated),
                episode_end=end,
            )

    @property
    def in_episode(self) -> bool:
        """True while an episode started by :meth:`run_steps` is unfinished."""
        return self._in_episode

    @property
    def current_state(self) -> int:
        """The env's current state (the start state of the next episode is not known before it begins)."""
        return self._obs


def greedy_rollout(
    env: gym.Env, agent: TabularAgent, max_steps: int = 1_000, seed: int | None = None
) -> Trajectory:
    """Play the agent's greedy policy once on ``env`` (use a separate env from training's).

    Draws nothing from the agent's random stream. Stops at termination, truncation or ``max_steps``.
    """
    obs, info = env.reset(seed=seed)
    s = int(obs)
    states, actions, rewards = [s], [], []
    terminated = truncated = False
    while not (terminated or truncated) and len(actions) < max_steps:
        a = agent.greedy_action(s, info.get("action_mask"))
        obs, r, terminated, truncated, info = env.step(a)
        s = int(obs)
        states.append(s)
        actions.append(a)
        rewards.append(float(r))
    return Trajectory(states, actions, rewards, bool(terminated), bool(truncated))
