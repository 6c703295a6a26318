"""RL Playground core: environments, agents and the training loop (numpy + Gymnasium).

Importing ``playground`` registers ``playground/Maze-v0`` and ``playground/GridWorld-v0``
with Gymnasium. It never
imports streamlit or torch; the deep agents import torch lazily in their own modules.
"""

import gymnasium as _gym

MAZE_ENV_ID = "playground/Maze-v0"
#: Truncation limit of ``gymnasium.make(MAZE_ENV_ID)``; override with ``max_episode_steps=``.
MAZE_MAX_EPISODE_STEPS = 500

GRIDWORLD_ENV_ID = "playground/GridWorld-v0"

#: The envs importing ``playground`` registers: id → entry point. Both are truncated at
#: ``MAZE_MAX_EPISODE_STEPS`` steps by ``gymnasium.make``.
ENTRY_POINTS = {
    MAZE_ENV_ID: "playground.envs.maze:MazeEnv",
    GRIDWORLD_ENV_ID: "playground.envs.gridworld:GridWorldEnv",
}

for _env_id, _entry_point in ENTRY_POINTS.items():
    if _env_id not in _gym.registry:
        _gym.register(
            id=_env_id, entry_point=_entry_point, max_episode_steps=MAZE_MAX_EPISODE_STEPS
        )

__version__ = "0.1.0"
__all__ = [
    "ENTRY_POINTS",
    "GRIDWORLD_ENV_ID",
    "MAZE_ENV_ID",
    "MAZE_MAX_EPISODE_STEPS",
    "__version__",
]
