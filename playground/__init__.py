"""RL Playground core: environments, agents and the training loop (numpy + Gymnasium).

Importing ``playground`` registers ``playground/Maze-v0`` and ``playground/GridWorld-v0``
with Gymnasium. It never
imports streamlit or torch; the deep agents import torch lazily in their own modules.
"""

import gymnasium as _gym

MAZE_ENV_ID = "playground/Maze-v0"
#: Truncation limit of ``gymnasium.make(MAZE_ENV_ID)``; override with ``max_episode_steps=``.
MAZE_MAX_EPISODE_STEPS = 500

if MAZE_ENV_ID not in _gym.registry:
    _gym.register(
        id=MAZE_ENV_ID,
        entry_point="playground.envs.maze:MazeEnv",
        max_episode_steps=MAZE_MAX_EPISODE_STEPS,
    )

GRIDWORLD_ENV_ID = "playground/GridWorld-v0"
if GRIDWORLD_ENV_ID not in _gym.registry:
    _gym.register(
        id=GRIDWORLD_ENV_ID,
        entry_point="playground.envs.gridworld:GridWorldEnv",
        max_episode_steps=MAZE_MAX_EPISODE_STEPS,
    )

__version__ = "0.1.0"
__all__ = ["GRIDWORLD_ENV_ID", "MAZE_ENV_ID", "MAZE_MAX_EPISODE_STEPS", "__version__"]
