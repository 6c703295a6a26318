"""The notes' grid maze as a Gymnasium environment (``playground/Maze-v0``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, SupportsFloat

import numpy as np
from PIL import Image

from playground.envs.cells import CellEnv
from playground.envs.layouts import (
    ACTION_DELTAS,
    ACTION_NAMES,
    ACTION_SYMBOLS,
    LAYOUTS,
    InvalidLayoutError,
    MazeLayout,
    get_layout,
)
from playground.envs.render import draw_maze, maze_geometry

__all__ = [
    "ACTION_DELTAS",
    "ACTION_NAMES",
    "ACTION_SYMBOLS",
    "LAYOUTS",
    "InvalidLayoutError",
    "MazeEnv",
    "MazeLayout",
    "StepTable",
    "draw_maze",
    "get_layout",
    "maze_geometry",
]


class StepTable(NamedTuple):
    """A maze's whole deterministic model as lists of rows, indexed ``[s][a]`` (``[s]`` for
    ``terminal``): what :meth:`MazeEnv.step` looks up, for a loop that walks the maze itself
    (:meth:`MazeEnv.step_table`)."""

    next_state: list[list[int]]
    reward: list[list[float]]
    terminal: list[bool]


class MazeEnv(CellEnv):
    """A grid maze with walls between cells: walk from the start to the goal.

    ## Description

    The maze of the course notes: a ``rows × cols`` grid of cells ``S0 … S{n-1}``
    numbered row by row, with walls (drawn in red) between some neighbouring cells.
    The default layout is the notes' 3×3 maze (walls S3|S4, S3|S6, S1|S4, S5|S8,
    start S0, goal S8, shortest path S0→S1→S2→S5→S4→S7→S8). Layouts are data
    (:class:`MazeLayout`); larger ones are in :data:`LAYOUTS`.

    ## Action Space

    ``Discrete(4)``: ``0`` up, ``1`` right, ``2`` down, ``3`` left. A move into a
    wall or off the grid leaves the agent where it is. ``info["action_mask"]``
    (``int8[4]``) marks the moves that are allowed (that change the cell); it is
    all zeros at the goal, where the episode is over.

    ## Observation Space

    ``Discrete(rows * cols)``: the agent's cell, ``row * cols + col``.

    ## Rewards

    ``1`` for the step that reaches the goal, ``step_reward`` (default ``0``) for
    every other step, plus the layout's per-cell reward for the cell entered, if any.

    ## Starting State

    The layout's start cell (``options={"start": s}`` in ``reset`` overrides it).
    The maze itself is deterministic; ``seed`` only seeds ``np_random``.

    ## Model

    ``env.unwrapped.P[s][a] = [(1.0, s', r, terminated)]``, the toy-text convention of
    FrozenLake, so :mod:`playground.dp` can solve the maze exactly; the goal is absorbing
    (``[(1.0, goal, 0.0, True)]``). ``initial_state_distrib`` is one-hot at the start.

    ## Episode End

    - Termination: the agent reaches the goal.
    - Truncation: ``max_episode_steps`` steps (500 when made with
      ``gymnasium.make("playground/Maze-v0")``; pass ``max_episode_steps=`` to change it).

    ## Arguments

    - ``layout``: a :class:`MazeLayout` or the name of one in :data:`LAYOUTS`
      (default ``"seed_3x3"``). Invalid layouts raise :class:`InvalidLayoutError`.
    - ``step_reward``: reward for a step that does not reach the goal (default ``0.0``;
      ``-0.01`` or ``-1`` favour short paths without discounting).
    - ``render_mode``: ``"rgb_array"`` (Pillow drawing, ``render_size`` px) or ``"ansi"``.
    - ``render_size``: size in pixels of the longer side of ``rgb_array`` frames (default 480).
    - ``render_words``: the words written on the start, goal … cells of ``rgb_array``
      frames (default English; see :data:`playground.envs.render.CELL_WORDS`).

    ```python
    >>> import gymnasium as gym, playground
    >>> env = gym.make("playground/Maze-v0", layout="maze_5x5", render_mode="rgb_array")
    >>> obs, info = env.reset(seed=0)
    >>> obs, info["action_mask"]
    (0, array([0, 1, 0, 0], dtype=int8))
    ```
    """

    def __init__(
        self,
        layout: MazeLayout | str = "seed_3x3",
        step_reward: float = 0.0,
        render_mode: str | None = None,
        render_size: int = 480,
        render_words: Mapping[str, str] | None = None,
    ) -> None:
        self.layout = get_layout(layout)
        self.step_reward = float(step_reward)
        n = self.layout.n_states
        masks = self.layout.action_masks()
        super().__init__(n, self.layout.start, masks, render_mode, render_size)
        self.render_words = dict(render_words or {})

        # Transition, reward and mask tables are precomputed as plain Python lists:
        # step() is then two list lookups, which is what keeps training fast.
        extra = self.layout.reward_map()
        goal = self.layout.goal
        self._next: list[list[int]] = [
            [self.layout.next_state(s, a) for a in range(4)] for s in range(n)
        ]
        self._reward: list[list[float]] = [
            [(1.0 if s2 == goal else self.step_reward) + extra.get(s2, 0.0) for s2 in self._next[s]]
            for s in range(n)
        ]
        self._terminal: list[bool] = [s == goal for s in range(n)]
        self._masks: list[np.ndarray] = [row.copy() for row in masks]
        # The toy-text model (FrozenLake's convention) for dynamic programming: the goal is
        # absorbing, like FrozenLake's terminal cells.
        self.P: dict[int, dict[int, list[tuple[float, int, float, bool]]]] = {
            s: {
                a: [(1.0, s, 0.0, True)]
                if self._terminal[s]
                else [(1.0, self._next[s][a], self._reward[s][a], self._terminal[self._next[s][a]])]
                for a in range(4)
            }
            for s in range(n)
        }

    # --------------------------------------------------------------- Gym API
    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        super().reset(seed=seed)
        start = self.layout.start
        if options and options.get("start") is not None:
            start = int(options["start"])
            if not 0 <= start < self.layout.n_states or start == self.layout.goal:
                raise ValueError(
                    f"options['start'] must be a non-goal cell in 0..{self.layout.n_states - 1}, got {start}"
                )
        self._state = start
        return start, {"action_mask": self._masks[start].copy()}

    def step(self, action: int) -> tuple[int, SupportsFloat, bool, bool, dict[str, Any]]:
        if not 0 <= action < 4:  # _check_action written in: one call less per step
            self._check_action(action)
        s = self._state
        s2 = self._next[s][action]
        self._state = s2
        # A fresh mask each call: callers may keep or modify what they are given.
        return (
            s2,
            self._reward[s][action],
            self._terminal[s2],
            False,
            {"action_mask": self._masks[s2].copy()},
        )

    # ------------------------------------------------- walking without step()
    def step_table(self) -> StepTable | None:
        """The lists :meth:`step` reads, for a loop that plays whole episodes without a call
        per step (the Trainer's policy-gradient path); afterwards :meth:`walked_to` puts the
        agent on the cell the loop reached. None for a subclass whose ``step`` differs.

        Walking the table from ``s`` with action ``a`` gives exactly what ``step(a)`` would:
        ``next_state[s][a]``, ``reward[s][a]``, terminated ``terminal[next_state[s][a]]``,
        never truncated.
        """
        if type(self).step is not MazeEnv.step:
            return None
        return StepTable(self._next, self._reward, self._terminal)

    def walked_to(self, state: int) -> dict[str, Any]:
        """Put the agent on ``state``, reached by walking :meth:`step_table`; returns the info
        :meth:`step` would have returned on arriving there."""
        self._state = state
        return {"action_mask": self._masks[state].copy()}

    def _image(self) -> Image.Image:
        return draw_maze(
            self.layout, agent_cell=self._state, size=self.render_size, words=self.render_words
        )

    def _text(self) -> str:
        return self.layout.to_ascii(agent=self._state)

    # ---------------------------------------------------------- extra helpers
    def transition_table(self) -> tuple[np.ndarray, np.ndarray]:
        """``(next_state, reward)``, both ``(n_states, 4)`` arrays: the whole deterministic model."""
        return np.array(self._next, dtype=np.int64), np.array(self._reward, dtype=float)
