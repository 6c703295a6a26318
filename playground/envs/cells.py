"""What the grid envs (:class:`~playground.envs.maze.MazeEnv`,
:class:`~playground.envs.gridworld.GridWorldEnv`) share: cells ``S0 … S{n-1}``, four
moves, static action masks, and frames drawn with Pillow or as text."""

from __future__ import annotations

import gymnasium as gym
import numpy as np
from gymnasium import spaces
from PIL import Image

__all__ = ["CellEnv"]


class CellEnv(gym.Env[int, int]):
    """A Gymnasium env on numbered cells with the four moves 0 up, 1 right, 2 down, 3 left.

    A subclass builds its cells, then calls ``super().__init__`` with the number of
    cells, the start, the ``int8[n_states, 4]`` action masks and the render settings,
    and draws a frame in :meth:`_image` (Pillow) and :meth:`_text` (ANSI).
    """

    metadata = {"render_modes": ["rgb_array", "ansi"], "render_fps": 4}

    def __init__(
        self,
        n_states: int,
        start: int,
        masks: np.ndarray,
        render_mode: str | None,
        render_size: int,
    ) -> None:
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise ValueError(
                f"render_mode must be one of {self.metadata['render_modes']} or None, got {render_mode!r}"
            )
        self.render_mode = render_mode
        self.render_size = int(render_size)
        self.observation_space = spaces.Discrete(n_states)
        self.action_space = spaces.Discrete(4)
        masks.setflags(write=False)
        self._masks_array = masks
        self.initial_state_distrib = np.zeros(n_states)
        self.initial_state_distrib[start] = 1.0
        self._state = start

    @staticmethod
    def _check_action(action: int) -> None:
        if not 0 <= action < 4:
            raise ValueError(
                f"action must be 0 (up), 1 (right), 2 (down) or 3 (left), got {action!r}"
            )

    def render(self) -> np.ndarray | str | None:
        if self.render_mode == "rgb_array":
            return np.asarray(self._image(), dtype=np.uint8)
        if self.render_mode == "ansi":
            return self._text() + "\n"
        return None

    def _image(self) -> Image.Image:  # pragma: no cover - abstract
        """The current frame: the cells with the agent on its cell, ``render_size`` px."""
        raise NotImplementedError

    def _text(self) -> str:  # pragma: no cover - abstract
        """The current frame as text, the agent on its cell."""
        raise NotImplementedError

    @property
    def state(self) -> int:
        """The agent's current cell."""
        return self._state

    def action_masks(self) -> np.ndarray:
        """Read-only ``int8[n_states, 4]``: 1 where a move can have an effect (goal and other
        end cells: a row of 0s).

        Tabular agents call this (through ``env.unwrapped``) to know the blocked entries
        of their tables before the first step; θ₀ of the notes is derived from it.
        """
        return self._masks_array
