"""The tabular environments every tabular page offers, and the optimum a learner is held to.

No Streamlit here. One list of environments (:data:`TABULAR_ENVS`) serves the SARSA /
Q-learning page, the policy-gradient page and the dynamic-programming page: the notes'
mazes, Gymnasium's FrozenLake-v1 (4×4, 8×8 and a random map of a chosen size and seed,
slippery or not) and CliffWalking-v1 as grids, and a grid drawn in the grid editor (its
share code). :func:`problem` builds one, with its model ``P`` read once and how to draw
it; :func:`optimum` solves it by value iteration, and :func:`gap` says how far a
learner's greedy policy is from that optimum, exactly (even on slippery ice).

Example::

    >>> prob = problem("cliff_walking")
    >>> prob.rows, prob.cols, prob.start, prob.slippery
    (4, 12, 36, False)
    >>> best = optimum(prob.model, gamma=1.0)
    >>> best.value, best.shortest          # 13 steps along the cliff's edge, −1 each
    (-13.0, 13)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import gymnasium as gym
import numpy as np
from PIL import Image

from playground import GRIDWORLD_ENV_ID, MAZE_ENV_ID, dp
from playground.envs import LAYOUTS, MazeEnv, MazeLayout, draw_maze
from playground.envs.gridworld import (
    CLIFF_WALKING,
    EXAMPLE_4_1,
    GridSpec,
    GridWorldEnv,
    draw_grid,
    frozen_lake_spec,
    random_frozen_lake_spec,
)
from playground.envs.layouts import ACTION_DELTAS

__all__ = [
    "SLIPPERY_ENVS",
    "TABULAR_ENVS",
    "Gap",
    "GapMeter",
    "Optimum",
    "Problem",
    "gap",
    "optimum",
    "outcome_arrows",
    "outcomes",
    "problem",
    "start_value",
]

TABULAR_ENVS: tuple[str, ...] = (
    "seed_3x3",
    "maze_5x5",
    "maze_8x8",
    "frozen_lake_4x4",
    "frozen_lake_8x8",
    "frozen_lake_random",
    "cliff_walking",
    "custom",
)
"""The environments of the tabular learners' pages (the maze keys are :data:`LAYOUTS`')."""

SLIPPERY_ENVS: tuple[str, ...] = ("frozen_lake_4x4", "frozen_lake_8x8", "frozen_lake_random")
"""The environments with a slippery switch (a custom grid carries its own)."""


@dataclass(frozen=True)
class Problem:
    """An environment with its model, its grid shape and how to draw it."""

    key: str
    env: Any
    model: dp.TabularModel
    rows: int
    cols: int
    blocked: tuple[int, ...]  # cells the agent is never in (wall and cliff cells)
    draw: Callable[..., Image.Image]  # draw(agent_cell=, arrows=, overlay=, highlight=, size=)
    layout: MazeLayout | None = None  # the notes' maze, or None for a grid
    spec: GridSpec | None = None  # the grid, or None for the maze

    @property
    def start(self) -> int:
        return int(np.argmax(self.model.start))

    @property
    def slippery(self) -> bool:
        """Some move has several outcomes (ice)."""
        return bool((np.count_nonzero(self.model.prob > 0, axis=2) > 1).any())

    @property
    def action_masks(self) -> np.ndarray:
        """``(S, 4)`` 1 where a move can have an effect (the agents never try the others)."""
        return np.asarray(self.env.action_masks())

    def make(self, step_reward: float = 0.0) -> gym.Env:
        """A fresh env to learn on (with the 500-step limit of ``gymnasium.make``).

        ``step_reward`` is the maze's reward per step; a grid carries its own rewards.
        """
        if self.layout is not None:
            return gym.make(MAZE_ENV_ID, layout=self.layout, step_reward=float(step_reward))
        return gym.make(GRIDWORLD_ENV_ID, spec=self.spec)

    def learner_model(self, step_reward: float = 0.0) -> dp.TabularModel:
        """The model of the env :meth:`make` builds (the maze's with its step reward)."""
        if self.layout is not None and step_reward:
            return dp.tabular_model(MazeEnv(self.layout, step_reward=float(step_reward)))
        return self.model


@lru_cache(maxsize=32)
def problem(
    key: str, slippery: bool = False, code: str = "", size: int = 8, map_seed: int = 0
) -> Problem:
    """The environment named ``key`` (one of :data:`TABULAR_ENVS` or ``"example_4_1"``).

    ``slippery`` applies to FrozenLake, ``size`` and ``map_seed`` to the random FrozenLake
    map (Gymnasium's ``generate_random_map``), ``code`` (a :meth:`GridSpec.encode` code)
    to ``"custom"``.

    Raises:
        GridError: for a custom grid whose code is not a valid grid, or a map size out of
            range.
    """
    if key in LAYOUTS:
        layout = LAYOUTS[key]
        env = MazeEnv(layout)
        model = dp.tabular_model(env)
        draw = lambda **kw: draw_maze(layout, **kw)  # noqa: E731
        return Problem(key, env, model, layout.rows, layout.cols, (), draw, layout=layout)
    if key == "example_4_1":
        spec = EXAMPLE_4_1
    elif key == "cliff_walking":
        spec = CLIFF_WALKING
    elif key == "frozen_lake_random":
        spec = random_frozen_lake_spec(int(size), int(map_seed), slippery=slippery)
    elif key in SLIPPERY_ENVS:
        spec = frozen_lake_spec(key.removeprefix("frozen_lake_"), slippery=slippery)
    elif key == "custom":
        spec = GridSpec.decode(code)
    else:
        choices = ", ".join(("example_4_1", *TABULAR_ENVS))
        raise ValueError(f"unknown environment {key!r}; choose one of {choices}")
    env = GridWorldEnv(spec)
    blocked = tuple(s for s, kind in enumerate(spec.cells) if kind in "WC")
    draw = lambda **kw: draw_grid(spec, **kw)  # noqa: E731
    return Problem(key, env, dp.tabular_model(env), spec.rows, spec.cols, blocked, draw, spec=spec)


def outcome_arrows(prob: Problem, s: int, a: int) -> tuple[np.ndarray, float]:
    """Where action ``a`` in cell ``s`` leads, for drawing: an ``(S, 4)`` arrows array that is
    zero except row ``s``, the probability of each move to a neighbour (1/3 each on ice),
    and the probability of staying put (a move into the border or a wall)."""
    arrows = np.zeros((prob.model.n_states, 4))
    stay = 0.0
    r, c = divmod(s, prob.cols)
    for k in np.flatnonzero(prob.model.prob[s, a] > 0):
        p, s2 = float(prob.model.prob[s, a, k]), int(prob.model.next_state[s, a, k])
        r2, c2 = divmod(s2, prob.cols)
        if s2 == s:
            stay += p
        elif (r2 - r, c2 - c) in ACTION_DELTAS:
            arrows[s, ACTION_DELTAS.index((r2 - r, c2 - c))] += p
    return arrows, stay


def outcomes(model: dp.TabularModel, s: int, a: int) -> list[tuple[int, float]]:
    """Where action ``a`` in state ``s`` may lead: ``(s′, p)`` pairs, most likely first,
    then by cell (outcomes into the same cell added up).

    >>> [(s2, round(p, 3)) for s2, p in outcomes(problem("frozen_lake_4x4", True).model, 0, 2)]
    [(0, 0.333), (1, 0.333), (4, 0.333)]
    """
    found: dict[int, float] = {}
    for k in np.flatnonzero(model.prob[s, a] > 0):
        s2 = int(model.next_state[s, a, k])
        found[s2] = found.get(s2, 0.0) + float(model.prob[s, a, k])
    return sorted(found.items(), key=lambda item: (-round(item[1], 12), item[0]))


@dataclass(frozen=True)
class Optimum:
    """What an optimal policy achieves on a model under γ."""

    policy: np.ndarray
    """``(S, 4)`` an optimal policy, ties shared, zero where no action is taken."""
    value: float
    """V* at the start (the expected return of an optimal policy)."""
    shortest: int | None
    """Fewest steps from the start to a goal; None on slippery ice (no path is certain)."""


def optimum(model: dp.TabularModel, gamma: float, masks: np.ndarray | None = None) -> Optimum:
    """Value iteration (to θ = 1e-10) on ``model`` under ``gamma``: V* at the start and an
    optimal policy, its ties among the moves ``masks`` allow (a bump into a wall ties with
    staying put wherever V* is flat, and a learner never tries it)."""
    result = dp.value_iteration(model, gamma, 1e-10)
    q = model.q_values(result.V, gamma)
    if masks is not None:
        allowed = np.asarray(masks).astype(bool)
        q = np.where(allowed | ~allowed.any(axis=1, keepdims=True), q, -np.inf)
    best = q.max(axis=1, keepdims=True)
    policy = (q >= best - 1e-9 * np.maximum(1.0, np.abs(best))).astype(float)
    policy[model.terminal] = 0.0
    if masks is not None:
        policy[~np.asarray(masks).astype(bool).any(axis=1)] = 0.0
    policy /= np.maximum(policy.sum(axis=1, keepdims=True), 1.0)
    slippery = (np.count_nonzero(model.prob > 0, axis=2) > 1).any()
    shortest = None if slippery else dp.shortest_path_length(model)
    return Optimum(policy, float(model.start @ result.V), shortest)


@dataclass(frozen=True)
class Gap:
    """A greedy policy against the optimum from the start state."""

    value: float
    """Its exact expected return (NaN when it has none: under γ = 1 it may never end)."""
    path: float
    """Steps its path takes to the goal (NaN when it does not get there for sure)."""


def _reached(step: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Indices of the states an ``(S, S)`` transition matrix leads to from ``start`` (a
    boolean mask), the start included."""
    seen = start.copy()
    frontier = seen.copy()
    while frontier.any():
        reached = (step[frontier] > 0).any(axis=0) & ~seen
        seen |= reached
        frontier = reached
    return np.flatnonzero(seen)


def start_value(model: dp.TabularModel, policy: np.ndarray, gamma: float) -> float:
    """The exact expected return of ``policy`` from the start, ``Σ_s d₀(s) V^π(s)``.

    Solved like :func:`playground.dp.exact_values`, ``(I − γ P_π) V = R_π``, but only over
    the states the policy can reach from the start: a learner's greedy policy loops in
    the corners it never visited, which leaves ``V^π`` undefined there under γ = 1 and
    changes nothing at the start. NaN when the policy itself can go on forever from the
    start under γ = 1 (its return is then not finite).
    """
    pi = np.asarray(policy, dtype=float)
    step = np.einsum("sa,sat->st", pi, model.dense_transitions())
    idx = _reached(step, model.start > 0)
    a = np.eye(len(idx)) - gamma * step[np.ix_(idx, idx)]
    r = (pi * model.expected_reward).sum(axis=1)[idx]
    try:
        v = np.linalg.solve(a, r)
    except np.linalg.LinAlgError:
        return float("nan")
    if not np.all(np.isfinite(v)) or np.linalg.cond(a) > 1e12:
        return float("nan")
    return float(model.start[idx] @ v)


def gap(model: dp.TabularModel, q_table: np.ndarray, gamma: float) -> Gap:
    """How the greedy policy of ``q_table`` (argmaxₐ Q, NaN = blocked) does from the start:
    its exact value (:func:`start_value`, exact on slippery ice too) and its path length
    (:func:`playground.dp.path_length`). Compare with :func:`optimum`'s."""
    policy = dp.greedy_from_q(q_table)
    path = dp.path_length(model, policy)
    return Gap(start_value(model, policy, gamma), np.nan if path is None else float(path))


class GapMeter:
    """:func:`gap` for one model and γ, fast enough to run after every episode.

    A greedy policy is one action per state, so its transition matrix is rows picked out
    of the model's, read once here; the value is solved over the states it reaches from
    the start (as :func:`start_value`), and a policy that can go on forever under γ = 1
    is told by which states can still end the episode, not by the matrix's condition
    number (an SVD per episode). Same results as :func:`gap` (tests compare them).
    """

    def __init__(self, model: dp.TabularModel, gamma: float) -> None:
        self.model = model
        self.gamma = float(gamma)
        self._steps = model.dense_transitions()  # (S, A, S) continuing probabilities
        self._ends = 1.0 - self._steps.sum(axis=2) > 1e-12  # (S, A): the episode may end
        self._start = np.flatnonzero(model.start > 0)
        live = np.count_nonzero(model.prob > 0, axis=2)
        self._certain = live == 1  # (S, A): a single outcome
        start = self._start[0] if len(self._start) == 1 else None
        self._goal = None if start is None else dp._goal_flags(model, int(start)).any(axis=2)

    def __call__(self, q_table: np.ndarray) -> Gap:
        q = np.asarray(q_table, dtype=float)
        actions = np.argmax(np.where(np.isnan(q), -np.inf, q), axis=1)
        steps, value = self.walk(actions)
        # A certain path to the goal: its discounted rewards are the value, no solve needed.
        return Gap(value if steps == steps else self.value(actions), steps)

    def value(self, actions: np.ndarray) -> float:
        n = self.model.n_states
        rows = np.arange(n)
        step = self._steps[rows, actions]  # (S, S)
        idx = _reached(step, self.model.start > 0)
        if self.gamma >= 1.0:
            # Under γ = 1 every reached state must be able to end the episode.
            can_end = self._ends[rows, actions] | self.model.terminal
            while True:
                more = can_end | (step[:, can_end] > 0).any(axis=1)
                if (more == can_end).all():
                    break
                can_end = more
            if not can_end[idx].all():
                return float("nan")
        a = np.eye(len(idx)) - self.gamma * step[np.ix_(idx, idx)]
        r = self.model.expected_reward[rows, actions][idx]
        v = np.linalg.solve(a, r)
        return float(self.model.start[idx] @ v) if np.all(np.isfinite(v)) else float("nan")

    def walk(self, actions: np.ndarray) -> tuple[float, float]:
        """:func:`playground.dp.path_length` of the one-hot policy ``actions``, and the
        discounted return along that path (both NaN when there is no certain path)."""
        nan = float("nan")
        if self._goal is None:
            return nan, nan
        model, s = self.model, int(self._start[0])
        total, discount = 0.0, 1.0
        for steps in range(1, model.n_states + 1):
            a = int(actions[s])
            if not self._certain[s, a]:
                return nan, nan
            k = int(np.flatnonzero(model.prob[s, a] > 0)[0])
            total += discount * float(model.reward[s, a, k])
            discount *= self.gamma
            if self._goal[s, a]:
                return float(steps), total
            if model.done[s, a, k]:
                return nan, nan
            s = int(model.next_state[s, a, k])
        return nan, nan
