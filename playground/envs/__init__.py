"""Environments: the notes' grid maze (``playground/Maze-v0``) and its layouts."""

from playground.envs.layouts import LAYOUTS, InvalidLayoutError, MazeLayout, get_layout
from playground.envs.maze import MazeEnv
from playground.envs.render import draw_maze, maze_geometry

__all__ = [
    "LAYOUTS",
    "InvalidLayoutError",
    "MazeEnv",
    "MazeLayout",
    "draw_maze",
    "get_layout",
    "maze_geometry",
]
