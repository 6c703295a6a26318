"""Maze layouts as data: grid size, walls between adjacent cells, start, goal, rewards.

Cells are numbered row by row, ``s = row * cols + col`` (the notes' S0 … S8).
Actions are ``0`` up, ``1`` right, ``2`` down, ``3`` left.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "ACTION_DELTAS",
    "ACTION_NAMES",
    "ACTION_SYMBOLS",
    "InvalidLayoutError",
    "LAYOUTS",
    "MazeLayout",
    "get_layout",
]

#: (row, col) offset of each action: 0 up, 1 right, 2 down, 3 left.
ACTION_DELTAS: tuple[tuple[int, int], ...] = ((-1, 0), (0, 1), (1, 0), (0, -1))
ACTION_NAMES: tuple[str, ...] = ("up", "right", "down", "left")
ACTION_SYMBOLS: tuple[str, ...] = ("↑", "→", "↓", "←")


class InvalidLayoutError(ValueError):
    """A maze layout that cannot be played; the message says what is wrong and where."""


def _normalise_walls(walls: Iterable[Iterable[int]]) -> frozenset[tuple[int, int]]:
    normalised = set()
    for wall in walls:
        pair = tuple(int(c) for c in wall)
        if len(pair) != 2:
            raise InvalidLayoutError(f"a wall must join exactly two cells, got {tuple(wall)!r}")
        normalised.add((min(pair), max(pair)))
    return frozenset(normalised)


@dataclass(frozen=True)
class MazeLayout:
    """A rectangular maze: the grid, the walls between cells, the start and the goal.

    Args:
        name: short identifier, e.g. ``"seed_3x3"``.
        rows: number of grid rows (> 0).
        cols: number of grid columns (> 0).
        walls: pairs of *adjacent* cells with a wall between them, e.g. ``(3, 4)``;
            the grid border is always a wall and needs no entry. Stored as a
            frozenset of sorted pairs.
        start: the cell every episode starts in.
        goal: the terminal cell; reaching it gives reward 1.
        rewards: optional extra reward per cell, added when the agent *enters* it
            (e.g. ``{12: -1.0}`` for a trap). Stored as a sorted tuple of pairs.

    Construction never raises; call :meth:`validate` (``MazeEnv`` does) to get an
    :class:`InvalidLayoutError` with a readable message.
    """

    name: str
    rows: int
    cols: int
    walls: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    start: int = 0
    goal: int = -1
    rewards: tuple[tuple[int, float], ...] | None = None

    def __post_init__(self) -> None:
        # Frozen dataclass: normalise through object.__setattr__ so equal layouts hash equal.
        object.__setattr__(self, "walls", _normalise_walls(self.walls))
        if self.goal == -1 and isinstance(self.rows, int) and isinstance(self.cols, int):
            object.__setattr__(self, "goal", self.rows * self.cols - 1)
        if self.rewards is not None:
            items = self.rewards.items() if isinstance(self.rewards, Mapping) else self.rewards
            object.__setattr__(self, "rewards", tuple(sorted((int(c), float(r)) for c, r in items)))

    # ------------------------------------------------------------------ geometry
    @property
    def n_states(self) -> int:
        """Number of cells, ``rows * cols``."""
        return self.rows * self.cols

    def cell(self, s: int) -> tuple[int, int]:
        """``(row, col)`` of cell ``s``."""
        return divmod(int(s), self.cols)

    def reward_map(self) -> dict[int, float]:
        """Per-cell extra rewards as a dict (empty when there are none)."""
        return dict(self.rewards or ())

    def next_state(self, s: int, a: int) -> int:
        """The cell reached from ``s`` with action ``a``; ``s`` itself if a wall or the border blocks it."""
        r, c = self.cell(s)
        dr, dc = ACTION_DELTAS[a]
        r2, c2 = r + dr, c + dc
        if not (0 <= r2 < self.rows and 0 <= c2 < self.cols):
            return int(s)
        s2 = r2 * self.cols + c2
        if (min(s, s2), max(s, s2)) in self.walls:
            return int(s)
        return s2

    def action_mask(self, s: int) -> np.ndarray:
        """``int8[4]``: 1 where the move from ``s`` is allowed, 0 where a wall or the border blocks it.

        The goal is terminal, so its mask is all zeros: no action is taken there.
        """
        mask = np.zeros(4, dtype=np.int8)
        if s == self.goal:
            return mask
        for a in range(4):
            mask[a] = self.next_state(s, a) != s
        return mask

    def action_masks(self) -> np.ndarray:
        """``int8[n_states, 4]``: :meth:`action_mask` for every cell."""
        return np.stack([self.action_mask(s) for s in range(self.n_states)])

    def shortest_path(self) -> list[int] | None:
        """Breadth-first search from start to goal: the list of cells (both ends included), or None."""
        previous: dict[int, int | None] = {self.start: None}
        queue = deque([self.start])
        while queue:
            s = queue.popleft()
            if s == self.goal:
                path = [s]
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return path[::-1]
            for a in range(4):
                s2 = self.next_state(s, a)
                if s2 not in previous:
                    previous[s2] = s
                    queue.append(s2)
        return None

    def shortest_path_length(self) -> int | None:
        """Number of moves on the shortest path from start to goal, or None when unreachable."""
        path = self.shortest_path()
        return None if path is None else len(path) - 1

    # ---------------------------------------------------------------- validation
    def validate(self) -> MazeLayout:
        """Raise :class:`InvalidLayoutError` if the maze cannot be played; return ``self`` otherwise."""
        if not isinstance(self.rows, int) or not isinstance(self.cols, int):
            raise InvalidLayoutError(
                f"layout {self.name!r}: rows and cols must be integers, got {self.rows!r}×{self.cols!r}"
            )
        if self.rows <= 0 or self.cols <= 0:
            raise InvalidLayoutError(
                f"layout {self.name!r}: the grid must have at least one row and one column, "
                f"got {self.rows}×{self.cols}"
            )
        n = self.n_states
        for label, s in (("start", self.start), ("goal", self.goal)):
            if not 0 <= s < n:
                raise InvalidLayoutError(
                    f"layout {self.name!r}: {label} S{s} is outside the {self.rows}×{self.cols} "
                    f"grid (cells S0…S{n - 1})"
                )
        if self.start == self.goal:
            raise InvalidLayoutError(
                f"layout {self.name!r}: start and goal are the same cell S{self.start}"
            )
        for a, b in sorted(self.walls):
            if not (0 <= a < n and 0 <= b < n):
                raise InvalidLayoutError(
                    f"layout {self.name!r}: wall S{a}|S{b} names a cell outside the grid "
                    f"(cells S0…S{n - 1})"
                )
            (ra, ca), (rb, cb) = self.cell(a), self.cell(b)
            if abs(ra - rb) + abs(ca - cb) != 1:
                raise InvalidLayoutError(
                    f"layout {self.name!r}: wall S{a}|S{b} joins cells that are not neighbours; "
                    "a wall must stand between two adjacent cells"
                )
        for s, _ in self.rewards or ():
            if not 0 <= s < n:
                raise InvalidLayoutError(
                    f"layout {self.name!r}: reward given for S{s}, which is outside the grid"
                )
        if self.shortest_path() is None:
            raise InvalidLayoutError(
                f"layout {self.name!r}: the walls cut the goal S{self.goal} off from the start S{self.start}"
            )
        return self

    # ------------------------------------------------------------- ASCII form
    @classmethod
    def from_ascii(
        cls, name: str, text: str, rewards: Mapping[int, float] | None = None
    ) -> MazeLayout:
        """Parse a drawn maze: ``+---+`` rows and ``|`` walls, ``S`` start and ``G`` goal.

        Each cell is 3 characters wide; a ``---`` below a cell is a wall to the
        cell underneath, a ``|`` to its right is a wall to its right neighbour.
        The outer border is drawn for readability and otherwise ignored::

            +---+---+
            | S |   |
            +   +   +
            |     G |
            +---+---+
        """
        lines = [line.rstrip() for line in text.strip("\n").splitlines() if line.strip()]
        rows = (len(lines) - 1) // 2
        cols = (max(len(line) for line in lines) - 1) // 4
        lines = [line.ljust(4 * cols + 1) for line in lines]
        walls, start, goal = [], None, None
        for r in range(rows):
            body, below = lines[2 * r + 1], lines[2 * r + 2]
            for c in range(cols):
                s = r * cols + c
                mark = body[4 * c + 2]
                if mark == "S":
                    start = s
                elif mark == "G":
                    goal = s
                if c + 1 < cols and body[4 * c + 4] == "|":
                    walls.append((s, s + 1))
                if r + 1 < rows and "-" in below[4 * c + 1 : 4 * c + 4]:
                    walls.append((s, s + cols))
        if start is None or goal is None:
            raise InvalidLayoutError(f"layout {name!r}: the drawing needs one 'S' and one 'G'")
        return cls(name, rows, cols, walls, start, goal, rewards)

    def to_ascii(self, agent: int | None = None) -> str:
        """Draw the maze as text (the inverse of :meth:`from_ascii`); ``agent`` marks a cell with ``A``."""
        out = ["+" + "---+" * self.cols]
        for r in range(self.rows):
            body, below = "|", "+"
            for c in range(self.cols):
                s = r * self.cols + c
                mark = (
                    "A"
                    if s == agent
                    else "S"
                    if s == self.start
                    else "G"
                    if s == self.goal
                    else " "
                )
                right_wall = c + 1 == self.cols or (s, s + 1) in self.walls
                body += f" {mark} " + ("|" if right_wall else " ")
                down_wall = r + 1 == self.rows or (s, s + self.cols) in self.walls
                below += ("---" if down_wall else "   ") + "+"
            out += [body, below]
        return "\n".join(out)


# The notes' maze: red walls S3|S4, S3|S6, S1|S4, S5|S8; shortest path
# S0→S1→S2→S5→S4→S7→S8 (6 moves).
SEED_3X3 = MazeLayout("seed_3x3", 3, 3, [(3, 4), (3, 6), (1, 4), (5, 8)], start=0, goal=8)

# A winding corridor with a few dead ends: shortest path 20 moves (Manhattan
# distance 8), S0→S1→S6→S5→S10→S15→S20→S21→S16→S11→S12→S7→S2→S3→S4→S9→S8→S13→S14→S19→S24.
MAZE_5X5 = MazeLayout.from_ascii(
    "maze_5x5",
    """
+---+---+---+---+---+
| S     |           |
+---+   +   +---+   +
|       |   |       |
+   +---+   +   +---+
|   |       |       |
+   +   +---+---+   +
|   |   |       |   |
+   +   +   +   +   +
|       |   |     G |
+---+---+---+---+---+
""",
)

# A perfect maze (one path between any two cells, dead ends everywhere):
# shortest path 26 moves, against a Manhattan distance of 14.
MAZE_8X8 = MazeLayout.from_ascii(
    "maze_8x8",
    """
+---+---+---+---+---+---+---+---+
| S     |               |       |
+---+   +---+---+---+   +   +   +
|   |       |       |       |   |
+   +---+   +   +   +---+---+   +
|       |   |   |   |           |
+   +   +   +   +   +   +---+   +
|   |   |   |   |       |       |
+---+   +   +   +---+---+   +---+
|       |       |       |       |
+   +---+---+---+---+   +---+   +
|   |                   |       |
+   +   +---+---+   +---+   +---+
|   |   |       |       |       |
+   +   +   +   +---+   +---+   +
|           |       |         G |
+---+---+---+---+---+---+---+---+
""",
)

#: Named layouts shipped with the playground; ``"seed_3x3"`` is the default.
LAYOUTS: dict[str, MazeLayout] = {
    layout.name: layout.validate() for layout in (SEED_3X3, MAZE_5X5, MAZE_8X8)
}


def get_layout(layout: MazeLayout | str) -> MazeLayout:
    """Return a validated layout, looking names up in :data:`LAYOUTS`."""
    if isinstance(layout, str):
        try:
            return LAYOUTS[layout]
        except KeyError:
            raise InvalidLayoutError(
                f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}"
            ) from None
    if not isinstance(layout, MazeLayout):
        raise TypeError(f"layout must be a MazeLayout or a name, got {type(layout).__name__}")
    return layout.validate()
