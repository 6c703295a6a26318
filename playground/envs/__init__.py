"""Environments: the notes' grid maze (``playground/Maze-v0``), its layouts, and grid
worlds drawn by hand (``playground/GridWorld-v0``)."""

from playground.envs.gridworld import GridError, GridSpec, GridWorldEnv, draw_grid
from playground.envs.layouts import LAYOUTS, InvalidLayoutError, MazeLayout, get_layout
from playground.envs.maze import MazeEnv
from playground.envs.render import draw_maze, maze_geometry

__all__ = [
    "LAYOUTS",
    "GridError",
    "GridSpec",
    "GridWorldEnv",
    "InvalidLayoutError",
    "MazeEnv",
    "MazeLayout",
    "draw_grid",
    "draw_maze",
    "get_layout",
    "maze_geometry",
]
