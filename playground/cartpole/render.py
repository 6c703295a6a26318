"""CartPole drawn at any recorded observation."""

from __future__ import annotations

from typing import Any

import numpy as np

from playground.cartpole.env import make_cartpole


class CartPoleRenderer:
    """Draws CartPole at any recorded observation (``env.unwrapped.state`` set by hand).

    One renderer per environment id is enough for a whole page: frames are drawn when
    the player shows them, so an episode keeps its 4-number observations, not megabytes
    of images.
    """

    def __init__(self, env_id: str) -> None:
        self.env = make_cartpole(env_id, render_mode="rgb_array")
        self.env.reset(seed=0)

    def frame(self, observation: Any) -> np.ndarray:
        """The rgb frame (H×W×3) of CartPole in state ``observation``."""
        self.env.unwrapped.state = np.asarray(observation, dtype=np.float64)
        return self.env.render()

    def close(self) -> None:
        self.env.close()
