"""Grid worlds drawn by hand: floor, walls, holes, cliffs, goals, a start (``playground/GridWorld-v0``).

A grid is data (:class:`GridSpec`): the cell kinds row by row, walls on the edges
between cells (as in the notes' maze), the rewards and whether the ice is slippery.
It validates itself (:meth:`GridSpec.validate`, raising :class:`GridError`), travels
in a share link (:meth:`GridSpec.encode` / :meth:`GridSpec.decode`) and as JSON
(:meth:`GridSpec.to_json` / :meth:`GridSpec.from_json`). :class:`GridWorldEnv` plays
it as a Gymnasium env with the toy-text model ``P`` that :mod:`playground.dp` solves.

Gymnasium's ``FrozenLake-v1`` and ``CliffWalking-v1`` are grids too
(:func:`frozen_lake_spec`, :data:`CLIFF_WALKING`): same cells, same dynamics, with the
playground's action order (0 up, 1 right, 2 down, 3 left; FrozenLake's is 0 left,
1 down, 2 right, 3 up).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, SupportsFloat

import numpy as np
from PIL import Image

from playground.envs.cells import CellEnv
from playground.envs.layouts import ACTION_DELTAS, MazeLayout
from playground.envs.render import CELL_WORDS, draw_maze

__all__ = [
    "CELL_KINDS",
    "CLIFF_WALKING",
    "EXAMPLE_4_1",
    "MAX_JSON_CHARS",
    "MAX_SIZE",
    "MIN_SIZE",
    "REWARD_LIMIT",
    "GridError",
    "GridSpec",
    "GridWorldEnv",
    "draw_grid",
    "frozen_lake_spec",
    "random_frozen_lake_spec",
]

#: One letter per cell kind, as in FrozenLake's maps (plus ``W`` wall and ``C`` cliff).
CELL_KINDS: dict[str, str] = {
    "F": "floor",
    "W": "wall",
    "H": "hole",
    "C": "cliff",
    "G": "goal",
    "S": "start",
}
MIN_SIZE, MAX_SIZE = 2, 12
"""Rows and columns of a grid are each in ``MIN_SIZE..MAX_SIZE``."""
REWARD_LIMIT = 10_000.0
"""Rewards are finite numbers with ``|r| ≤ REWARD_LIMIT``."""
MAX_JSON_CHARS = 50_000
"""A grid's JSON is a few kB at most (12×12, every wall); longer text is refused unread."""
MAX_CODE_CHARS = 1_000
"""Likewise for the share-link code (a 12×12 grid with every wall is about 120 characters)."""
JSON_FORMAT = "rl-playground-grid"
CODE_VERSION = "g1"

FILLS: dict[str, tuple[int, int, int]] = {
    "W": (110, 110, 110),
    "H": (120, 160, 215),  # FrozenLake's holes: dark water
    "C": (240, 170, 160),
    "G": (199, 233, 192),
}


class GridError(ValueError):
    """A grid that cannot be played, or text that is not a grid; the message says why.

    ``code`` names the problem for a page to translate (``"size"``, ``"cells"``,
    ``"start"``, ``"unreachable"``, ``"walls"``, ``"reward"``, ``"code"``, ``"json"``,
    ``"too_long"``); ``details`` holds the numbers in the message.
    """

    def __init__(self, message: str, code: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.details = details


def _where(s: int, cols: int) -> str:
    r, c = divmod(s, cols)
    return f"S{s} (row {r + 1}, column {c + 1})"


@dataclass(frozen=True)
class GridSpec:
    """A hand-drawn grid world.

    Args:
        rows: number of rows, ``MIN_SIZE..MAX_SIZE``.
        cols: number of columns, ``MIN_SIZE..MAX_SIZE``.
        cells: the cell kinds row by row, one letter each (:data:`CELL_KINDS`):
            ``F`` floor, ``W`` wall (a blocked cell), ``H`` hole (ends the episode),
            ``C`` cliff (back to the start, not the end), ``G`` goal (ends the episode),
            ``S`` start (floor where every episode starts; exactly one).
        walls: pairs of adjacent cells with a wall on the edge between them, e.g.
            ``(3, 4)``; stored as a frozenset of sorted pairs.
        step_reward: reward of a step that enters floor or the start.
        goal_reward: reward of the step that enters a goal.
        hole_reward: reward of the step that enters a hole.
        cliff_reward: reward of a step into a cliff (the agent is sent to the start).
        slippery: FrozenLake's ice: the intended move with probability 1/3, each move at a
            right angle to it with 1/3.
        name: a label, not part of the share code.

    Construction never raises; :meth:`validate` does (``GridWorldEnv`` calls it).
    """

    rows: int
    cols: int
    cells: str
    walls: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    step_reward: float = 0.0
    goal_reward: float = 1.0
    hole_reward: float = 0.0
    cliff_reward: float = -100.0
    slippery: bool = False
    name: str = "custom"

    def __post_init__(self) -> None:
        pairs = set()
        for wall in self.walls:
            pair = tuple(int(c) for c in wall)
            if len(pair) == 2:
                pairs.add((min(pair), max(pair)))
            else:
                pairs.add((-1, -1))  # reported by validate()
        object.__setattr__(self, "walls", frozenset(pairs))
        object.__setattr__(self, "cells", str(self.cells).upper())

    @classmethod
    def from_rows(cls, rows: Sequence[str], **kwargs: Any) -> GridSpec:
        """Build from one string per row, e.g. ``["SFFF", "FHFH", "FFFH", "HFFG"]``."""
        rows = list(rows)
        cols = len(rows[0]) if rows else 0
        if any(len(r) != cols for r in rows):
            raise GridError("every row must have the same number of cells", "cells", rows=len(rows))
        return cls(len(rows), cols, "".join(rows), **kwargs)

    # ------------------------------------------------------------------ geometry
    @property
    def n_states(self) -> int:
        return self.rows * self.cols

    @property
    def start(self) -> int:
        """The start cell (the first ``S``; :meth:`validate` ensures there is exactly one)."""
        return self.cells.find("S")

    @property
    def goals(self) -> tuple[int, ...]:
        return tuple(i for i, k in enumerate(self.cells) if k == "G")

    def row_strings(self) -> list[str]:
        return [self.cells[r * self.cols : (r + 1) * self.cols] for r in range(self.rows)]

    def move(self, s: int, a: int) -> tuple[int, bool]:
        """``(cell reached, bumped)`` moving from ``s`` in direction ``a`` with no slip.

        The border, a wall on the edge and a wall cell all block the move (``bumped``,
        the agent stays in ``s``). A cliff is entered (the env then sends the agent back).
        """
        r, c = divmod(int(s), self.cols)
        dr, dc = ACTION_DELTAS[a]
        r2, c2 = r + dr, c + dc
        if not (0 <= r2 < self.rows and 0 <= c2 < self.cols):
            return int(s), True
        s2 = r2 * self.cols + c2
        if (min(s, s2), max(s, s2)) in self.walls or self.cells[s2] == "W":
            return int(s), True
        return s2, False

    def reachable_goals(self) -> list[int]:
        """Goals reachable from the start over floor (holes end, cliffs send back, walls block)."""
        start = self.start
        seen, queue, found = {start}, deque([start]), []
        while queue:
            s = queue.popleft()
            for a in range(4):
                s2, _ = self.move(s, a)
                if s2 in seen:
                    continue
                seen.add(s2)
                kind = self.cells[s2]
                if kind == "G":
                    found.append(s2)
                elif kind in "FS":
                    queue.append(s2)
        return sorted(found)

    # ------------------------------------------------------------------ editing
    # Each edit returns a new grid without validating it: an editor validates the result
    # and keeps the previous grid when it is refused.

    def with_cell(self, s: int, kind: str) -> GridSpec:
        """The grid with cell ``s`` set to ``kind`` (a letter of :data:`CELL_KINDS`).

        A new start moves the start: the old one becomes floor.
        """
        if kind not in CELL_KINDS:
            raise GridError(
                f"unknown cell letter {kind!r}; use {', '.join(CELL_KINDS)}", "cells", letter=kind
            )
        cells = list(self.cells)
        if kind == "S":
            cells = ["F" if c == "S" else c for c in cells]
        cells[s] = kind
        return replace(self, cells="".join(cells))

    def with_wall_toggled(self, a: int, b: int) -> GridSpec:
        """The grid with the wall on the edge between cells ``a`` and ``b`` added or removed."""
        pair = (min(a, b), max(a, b))
        return replace(self, walls=self.walls ^ {pair})

    def resized(self, rows: int, cols: int) -> GridSpec:
        """The grid cut or padded with floor to ``rows × cols``, walls kept where both cells
        remain. A start that falls outside moves to the top-left cell, and a grid left
        without a goal gets one in the bottom-right cell."""
        cells = [
            self.cells[r * self.cols + c] if r < self.rows and c < self.cols else "F"
            for r in range(rows)
            for c in range(cols)
        ]
        if "S" not in cells:
            cells[0] = "S"
        if "G" not in cells and cells[-1] != "S":
            cells[-1] = "G"

        def moved(s: int) -> int | None:
            r, c = divmod(s, self.cols)
            return r * cols + c if r < rows and c < cols else None

        walls = set()
        for a, b in self.walls:
            a2, b2 = moved(a), moved(b)
            if a2 is not None and b2 is not None:
                walls.add((a2, b2))
        return replace(self, rows=rows, cols=cols, cells="".join(cells), walls=frozenset(walls))

    # ---------------------------------------------------------------- validation
    def validate(self) -> GridSpec:
        """Raise :class:`GridError` if the grid cannot be played; return ``self`` otherwise.

        Checked: size ``MIN_SIZE..MAX_SIZE`` each way, one known letter per cell, exactly
        one start, walls between neighbouring cells only, finite rewards within
        ``±REWARD_LIMIT``, and a goal the start can reach.
        """
        for label, n in (("rows", self.rows), ("columns", self.cols)):
            if not isinstance(n, int) or isinstance(n, bool) or not MIN_SIZE <= n <= MAX_SIZE:
                raise GridError(
                    f"a grid has {MIN_SIZE} to {MAX_SIZE} {label}, got {n!r}",
                    "size",
                    low=MIN_SIZE,
                    high=MAX_SIZE,
                    got=n,
                )
        if len(self.cells) != self.n_states:
            raise GridError(
                f"a {self.rows}×{self.cols} grid has {self.n_states} cells, got {len(self.cells)}",
                "cells",
                expected=self.n_states,
                got=len(self.cells),
            )
        bad = sorted(set(self.cells) - set(CELL_KINDS))
        if bad:
            raise GridError(
                f"unknown cell letter {bad[0]!r}; use {', '.join(CELL_KINDS)}",
                "cells",
                letter=bad[0],
            )
        starts = self.cells.count("S")
        if starts != 1:
            raise GridError(
                f"a grid needs exactly one start, it has {starts}", "start", count=starts
            )
        for a, b in sorted(self.walls):
            if not (0 <= a < self.n_states and 0 <= b < self.n_states):
                raise GridError(
                    f"wall S{a}|S{b} names a cell outside the grid (cells S0…S{self.n_states - 1})",
                    "walls",
                    a=a,
                    b=b,
                )
            (ra, ca), (rb, cb) = divmod(a, self.cols), divmod(b, self.cols)
            if abs(ra - rb) + abs(ca - cb) != 1:
                raise GridError(
                    f"wall S{a}|S{b} joins cells that are not neighbours", "walls", a=a, b=b
                )
        for label in ("step_reward", "goal_reward", "hole_reward", "cliff_reward"):
            value = getattr(self, label)
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if not ok or not math.isfinite(value) or abs(value) > REWARD_LIMIT:
                raise GridError(
                    f"{label} must be a number between −{REWARD_LIMIT:g} and {REWARD_LIMIT:g}, "
                    f"got {value!r}",
                    "reward",
                    which=label,
                    limit=REWARD_LIMIT,
                )
        if not self.reachable_goals():
            raise GridError(
                f"no goal can be reached from the start {_where(self.start, self.cols)}",
                "unreachable",
                start=self.start,
            )
        return self

    # ------------------------------------------------------- share-link code
    def encode(self) -> str:
        """A compact code made of URL-safe characters only (``A-Z a-z 0-9 - _ . ~``).

        ``g1~{rows}x{cols}~{cells, run-length}~{walls, base64url bits}~{rewards}~{s|d}``;
        e.g. slippery FrozenLake 4×4 is ``g1~4x4~SF4HFHF3H2F2G~~0.0_1.0_0.0_-100.0~s``.
        :meth:`decode` ignores whitespace, so a code broken over lines still reads.
        """
        runs, i = [], 0
        while i < len(self.cells):
            j = i
            while j < len(self.cells) and self.cells[j] == self.cells[i]:
                j += 1
            runs.append(self.cells[i] + (str(j - i) if j - i > 1 else ""))
            i = j
        rewards = (self.step_reward, self.goal_reward, self.hole_reward, self.cliff_reward)
        return "~".join(
            [
                CODE_VERSION,
                f"{self.rows}x{self.cols}",
                "".join(runs),
                _pack_walls(self),
                "_".join(repr(float(r)).replace("+", "") for r in rewards),
                "s" if self.slippery else "d",
            ]
        )

    @classmethod
    def decode(cls, code: str, name: str = "custom") -> GridSpec:
        """The grid of a code from :meth:`encode`, validated; :class:`GridError` if it is not one."""
        if not isinstance(code, str):
            raise GridError(f"a grid code is text, got {type(code).__name__}", "code")
        if len(code) > MAX_CODE_CHARS:
            raise GridError(
                f"a grid code has at most {MAX_CODE_CHARS} characters, got {len(code)}",
                "too_long",
                limit=MAX_CODE_CHARS,
            )
        text = "".join(code.split())
        parts = text.split("~")
        if len(parts) != 6 or parts[0] != CODE_VERSION:
            raise GridError(
                "this is not a grid code (it should look like g1~4x4~SF3…~…~…~d); "
                "was it cut short when copied?",
                "code",
            )
        _, size, runs, walls, rewards, flag = parts
        try:
            rows, cols = (int(n) for n in size.split("x"))
            cells = _unrun(runs)
            values = [float(v) for v in rewards.split("_")]
        except ValueError:
            raise GridError(
                "this grid code is damaged; was it cut short when copied?", "code"
            ) from None
        if len(values) != 4 or flag not in ("s", "d"):
            raise GridError("this grid code is damaged; was it cut short when copied?", "code")
        if not (MIN_SIZE <= rows <= MAX_SIZE and MIN_SIZE <= cols <= MAX_SIZE):
            raise GridError(
                f"a grid has {MIN_SIZE} to {MAX_SIZE} rows and columns, got {rows}×{cols}",
                "size",
                low=MIN_SIZE,
                high=MAX_SIZE,
                got=f"{rows}×{cols}",
            )
        spec = cls(
            rows,
            cols,
            cells,
            _unpack_walls(walls, rows, cols),
            *values,
            slippery=flag == "s",
            name=name,
        )
        return spec.validate()

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": JSON_FORMAT,
            "version": 1,
            "name": self.name,
            "rows": self.rows,
            "cols": self.cols,
            "cells": self.row_strings(),
            "walls": [list(w) for w in sorted(self.walls)],
            "rewards": {
                "step": self.step_reward,
                "goal": self.goal_reward,
                "hole": self.hole_reward,
                "cliff": self.cliff_reward,
            },
            "slippery": self.slippery,
        }

    def to_json(self) -> str:
        """The grid as readable JSON (one row string per grid row), for download."""
        return json.dumps(self.to_dict(), indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> GridSpec:
        """The grid in JSON from :meth:`to_json`, validated.

        Raises:
            GridError: text longer than :data:`MAX_JSON_CHARS` (``"too_long"``), not JSON or
                truncated, not a grid file, wrong field types (``"json"``), or a grid that
                fails :meth:`validate`.
        """
        if isinstance(text, bytes):
            if len(text) > 4 * MAX_JSON_CHARS:
                raise GridError(
                    f"a grid file is at most {MAX_JSON_CHARS} characters",
                    "too_long",
                    limit=MAX_JSON_CHARS,
                )
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError:
                raise GridError("a grid file is UTF-8 text; this file is not", "json") from None
        if len(text) > MAX_JSON_CHARS:
            raise GridError(
                f"a grid file is at most {MAX_JSON_CHARS} characters, this one has {len(text)}",
                "too_long",
                limit=MAX_JSON_CHARS,
            )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise GridError(
                f"this is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                "is the file complete?",
                "json",
            ) from None
        if not isinstance(data, dict) or data.get("format") != JSON_FORMAT:
            raise GridError(f'this JSON is not a grid file (no "format": "{JSON_FORMAT}")', "json")
        try:
            rows = data["cells"]
            rewards = data.get("rewards", {})
            if not isinstance(rows, list) or not all(isinstance(r, str) for r in rows):
                raise TypeError("cells")
            if not isinstance(rewards, dict):
                raise TypeError("rewards")
            walls = data.get("walls", [])
            if not isinstance(walls, list) or not all(
                isinstance(w, list) and len(w) == 2 and all(type(c) is int for c in w)
                for w in walls
            ):
                raise TypeError("walls")
            slippery = data.get("slippery", False)
            if not isinstance(slippery, bool):
                raise TypeError("slippery")
            values = {}
            for key in ("step", "goal", "hole", "cliff"):
                value = rewards.get(key, getattr(cls, f"{key}_reward"))
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError(f"rewards.{key}")
                values[f"{key}_reward"] = float(value)
            name = str(data.get("name", "custom"))[:40]
        except (KeyError, TypeError) as exc:
            raise GridError(
                f"the grid file's field {exc.args[0]!r} is missing or of the wrong type", "json"
            ) from None
        if not rows or len({len(r) for r in rows}) != 1:
            raise GridError("the grid file's rows must be non-empty and of equal length", "json")
        spec = cls(
            len(rows),
            len(rows[0]),
            "".join(rows),
            frozenset(map(tuple, walls)),
            slippery=slippery,
            name=name,
            **values,
        )
        if (data.get("rows"), data.get("cols")) not in ((None, None), (spec.rows, spec.cols)):
            raise GridError("the grid file's rows and cols do not match its cells", "json")
        return spec.validate()

    # --------------------------------------------------------------- drawing
    def to_layout(self) -> MazeLayout:
        """The grid as a :class:`MazeLayout` for the maze's drawing (goal: the first goal)."""
        goals = self.goals
        return MazeLayout(
            self.name, self.rows, self.cols, self.walls, self.start, goals[0] if goals else 0
        )


def _pack_walls(spec: GridSpec) -> str:
    bits = [
        (s, s + 1) in spec.walls
        for r in range(spec.rows)
        for c in range(spec.cols - 1)
        for s in (r * spec.cols + c,)
    ] + [(s, s + spec.cols) in spec.walls for s in range((spec.rows - 1) * spec.cols)]
    if not any(bits):
        return ""
    return base64.urlsafe_b64encode(np.packbits(bits).tobytes()).decode("ascii").rstrip("=")


def _unpack_walls(text: str, rows: int, cols: int) -> frozenset[tuple[int, int]]:
    if not text:
        return frozenset()
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise GridError("the walls in this grid code are damaged", "code") from None
    n_vertical = rows * (cols - 1)
    n_bits = n_vertical + (rows - 1) * cols
    bits = np.unpackbits(np.frombuffer(raw, dtype=np.uint8))
    if len(raw) != (n_bits + 7) // 8:
        raise GridError("the walls in this grid code are damaged", "code")
    walls = set()
    for i in np.flatnonzero(bits[:n_bits]):
        if i < n_vertical:
            r, c = divmod(int(i), cols - 1)
            s = r * cols + c
            walls.add((s, s + 1))
        else:
            s = int(i) - n_vertical
            walls.add((s, s + cols))
    return frozenset(walls)


def _unrun(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        letter = text[i]
        if letter not in CELL_KINDS:
            raise ValueError(letter)
        j = i + 1
        while j < len(text) and text[j].isdigit():
            j += 1
        count = int(text[i + 1 : j]) if j > i + 1 else 1
        if count > MAX_SIZE * MAX_SIZE:
            raise ValueError(count)
        out.append(letter * count)
        i = j
    return "".join(out)


def frozen_lake_spec(desc: Sequence[str] | str = "4x4", slippery: bool = True) -> GridSpec:
    """FrozenLake-v1 as a grid: a map name (``"4x4"``, ``"8x8"``) or rows of ``SFHG``.

    Rewards as FrozenLake's: 1 for reaching the goal, 0 otherwise.
    """
    from gymnasium.envs.toy_text.frozen_lake import MAPS

    rows = MAPS[desc] if isinstance(desc, str) else list(desc)
    name = f"frozen_lake_{desc}" if isinstance(desc, str) else "frozen_lake"
    return GridSpec.from_rows(rows, slippery=slippery, name=name)


def random_frozen_lake_spec(
    size: int, seed: int, slippery: bool = True, p: float = 0.8
) -> GridSpec:
    """A random FrozenLake map (Gymnasium's ``generate_random_map(size, p, seed)``) as a grid.

    Gymnasium's generator guarantees a path from start to goal; ``size`` is ``MIN_SIZE..MAX_SIZE``.
    """
    from gymnasium.envs.toy_text.frozen_lake import generate_random_map

    if not MIN_SIZE <= size <= MAX_SIZE:
        raise GridError(
            f"a grid has {MIN_SIZE} to {MAX_SIZE} rows and columns, got {size}",
            "size",
            low=MIN_SIZE,
            high=MAX_SIZE,
            got=size,
        )
    rows = generate_random_map(size=size, p=p, seed=seed)
    return replace(frozen_lake_spec(rows, slippery), name=f"frozen_lake_random_{size}_{seed}")


#: Gymnasium's CliffWalking-v1: −1 per step, −100 and back to the start for the cliff.
CLIFF_WALKING = GridSpec.from_rows(
    ["FFFFFFFFFFFF", "FFFFFFFFFFFF", "FFFFFFFFFFFF", "SCCCCCCCCCCG"],
    step_reward=-1.0,
    goal_reward=-1.0,
    cliff_reward=-100.0,
    name="cliff_walking",
).validate()

#: Sutton & Barto's Example 4.1: terminal corners, −1 on every step (the start is arbitrary).
EXAMPLE_4_1 = GridSpec.from_rows(
    ["GFFF", "FSFF", "FFFF", "FFFG"], step_reward=-1.0, goal_reward=-1.0, name="example_4_1"
).validate()


def draw_grid(
    spec: GridSpec,
    agent_cell: int | None = None,
    size: int = 480,
    arrows: np.ndarray | None = None,
    highlight: Iterable[int] | None = None,
    labels: bool = True,
    overlay: np.ndarray | None = None,
    words: Mapping[str, str] | None = None,
) -> Image.Image:
    """Draw a grid in the maze's style: holes blue, cliffs red, wall cells grey, goals green.

    Arguments as :func:`playground.envs.draw_maze`; arrows (and the ``overlay`` policy's)
    are not drawn on wall or cliff cells.
    """
    names = CELL_WORDS | dict(words or {})
    fills = {s: FILLS[k] for s, k in enumerate(spec.cells) if k in FILLS}
    tags = {spec.start: names["start"]} | {g: names["goal"] for g in spec.goals}
    tags |= {s: names["hole"] for s, k in enumerate(spec.cells) if k == "H"}
    blocked = [s for s, k in enumerate(spec.cells) if k in "WC"]

    def unblocked(policy: np.ndarray | None) -> np.ndarray | None:
        if policy is None:
            return None
        policy = np.array(policy, dtype=float)
        if policy.shape == (spec.n_states, 4):
            policy[blocked] = 0.0
        return policy

    arrows, overlay = unblocked(arrows), unblocked(overlay)
    return draw_maze(
        spec.to_layout(),
        agent_cell=agent_cell,
        size=size,
        arrows=arrows,
        highlight=highlight,
        labels=labels,
        fills=fills,
        tags=tags,
        overlay=overlay,
    )


class GridWorldEnv(CellEnv):
    """A hand-drawn grid world: reach a goal, avoid holes and cliffs.

    ## Description

    A ``rows × cols`` grid (2 to 12 each way) of cells ``S0 … S{n-1}`` numbered row by
    row, each floor, wall, hole, cliff, goal or start (:class:`GridSpec`), with walls
    on some edges between cells like the notes' maze. FrozenLake-v1 and CliffWalking-v1
    are such grids (:func:`frozen_lake_spec`, :data:`CLIFF_WALKING`), and so is Sutton
    & Barto's Example 4.1 (:data:`EXAMPLE_4_1`).

    ## Action Space

    ``Discrete(4)``: ``0`` up, ``1`` right, ``2`` down, ``3`` left. A move into the
    border, an edge wall or a wall cell leaves the agent where it is. On slippery ice the
    agent moves as intended with probability 1/3 and at a right angle to it (either
    side) with 1/3 each, as in FrozenLake. ``info["action_mask"]`` (``int8[4]``) marks
    the actions that can have an effect (that are not blocked on every outcome); it is
    all zeros once the episode has ended.

    ## Observation Space

    ``Discrete(rows * cols)``: the agent's cell, ``row * cols + col``.

    ## Rewards

    ``goal_reward`` (default 1) for entering a goal, ``hole_reward`` (0) for a hole,
    ``cliff_reward`` (−100) for a step into a cliff, ``step_reward`` (0) for any other step.

    ## Starting State

    The ``S`` cell (``options={"start": s}`` in ``reset`` overrides it with another floor
    cell). ``seed`` seeds ``np_random``, which draws the slips.

    ## Episode End

    - Termination: the agent enters a goal or a hole. A cliff does not end the episode:
      it sends the agent back to the start.
    - Truncation: ``max_episode_steps`` steps (500 when made with
      ``gymnasium.make("playground/GridWorld-v0")``).

    ## Model

    ``env.unwrapped.P[s][a] = [(p, s', r, terminated), ...]`` (the toy-text convention
    of FrozenLake) and ``initial_state_distrib``, for :mod:`playground.dp`. Goals, holes,
    wall and cliff cells are absorbing: ``[(1.0, s, 0.0, True)]``.

    ## Arguments

    - ``spec``: a :class:`GridSpec`, its share code (:meth:`GridSpec.encode`) or its JSON
      dict (default: FrozenLake 4×4, not slippery). Invalid grids raise :class:`GridError`.
    - ``render_mode``: ``"rgb_array"`` (Pillow drawing, ``render_size`` px) or ``"ansi"``.
    - ``render_size``: size in pixels of the longer side of ``rgb_array`` frames (default 480).
    - ``render_words``: the words written on the start, goal … cells of ``rgb_array``
      frames (default English; see :data:`playground.envs.render.CELL_WORDS`).

    ```python
    >>> import gymnasium as gym, playground
    >>> from playground.envs.gridworld import frozen_lake_spec
    >>> env = gym.make("playground/GridWorld-v0", spec=frozen_lake_spec("4x4", slippery=True))
    >>> obs, info = env.reset(seed=0)
    >>> obs, info["action_mask"]
    (0, array([1, 1, 1, 1], dtype=int8))
    ```
    """

    def __init__(
        self,
        spec: GridSpec | str | Mapping[str, Any] | None = None,
        render_mode: str | None = None,
        render_size: int = 480,
        render_words: Mapping[str, str] | None = None,
    ) -> None:
        if spec is None:
            spec = frozen_lake_spec("4x4", slippery=False)
        elif isinstance(spec, str):
            spec = GridSpec.decode(spec)
        elif isinstance(spec, Mapping):
            spec = GridSpec.from_json(json.dumps(dict(spec)))
        elif not isinstance(spec, GridSpec):
            raise TypeError(
                f"spec must be a GridSpec, a grid code or a dict, got {type(spec).__name__}"
            )
        self.grid = spec.validate()
        self.P, masks = _model(spec)
        super().__init__(spec.n_states, spec.start, masks, render_mode, render_size)
        self.render_words = dict(render_words or {})
        self._terminal = [k in "GH" for k in spec.cells]

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        super().reset(seed=seed)
        start = self.grid.start
        if options and options.get("start") is not None:
            start = int(options["start"])
            if not 0 <= start < self.grid.n_states or self.grid.cells[start] not in "FS":
                raise ValueError(
                    f"options['start'] must be a floor cell in 0..{self.grid.n_states - 1}, got {start}"
                )
        self._state = start
        return start, {"action_mask": self._masks_array[start].copy(), "prob": 1.0}

    def step(self, action: int) -> tuple[int, SupportsFloat, bool, bool, dict[str, Any]]:
        self._check_action(action)
        outcomes = self.P[self._state][int(action)]
        i = 0
        if len(outcomes) > 1:
            probs = np.fromiter((o[0] for o in outcomes), dtype=float)
            i = min(
                int(np.searchsorted(np.cumsum(probs), self.np_random.random(), "right")),
                len(outcomes) - 1,
            )
        p, s2, r, terminated = outcomes[i]
        self._state = s2
        return s2, r, terminated, False, {"action_mask": self._masks_array[s2].copy(), "prob": p}

    def _image(self) -> Image.Image:
        return draw_grid(
            self.grid, agent_cell=self._state, size=self.render_size, words=self.render_words
        )

    def _text(self) -> str:
        rows = self.grid.row_strings()
        r, c = divmod(self._state, self.grid.cols)
        rows[r] = rows[r][:c] + "A" + rows[r][c + 1 :]
        return "\n".join(rows)


def _model(
    spec: GridSpec,
) -> tuple[dict[int, dict[int, list[tuple[float, int, float, bool]]]], np.ndarray]:
    """``P`` and the action masks of a grid (see :class:`GridWorldEnv`'s Model section)."""
    n = spec.n_states
    table: dict[int, dict[int, list[tuple[float, int, float, bool]]]] = {}
    masks = np.zeros((n, 4), dtype=np.int8)
    for s in range(n):
        if spec.cells[s] not in "FS":
            table[s] = {a: [(1.0, s, 0.0, True)] for a in range(4)}
            continue
        table[s] = {}
        for a in range(4):
            directions = ((a - 1) % 4, a, (a + 1) % 4) if spec.slippery else (a,)
            merged: dict[tuple[int, float, bool], float] = {}
            effect = False
            for d in directions:
                s2, bumped = spec.move(s, d)
                effect |= not bumped
                kind = spec.cells[s2]
                if kind == "C":
                    key = (spec.start, float(spec.cliff_reward), False)
                elif kind == "G":
                    key = (s2, float(spec.goal_reward), True)
                elif kind == "H":
                    key = (s2, float(spec.hole_reward), True)
                else:
                    key = (s2, float(spec.step_reward), False)
                merged[key] = merged.get(key, 0.0) + 1.0 / len(directions)
            table[s][a] = [(p, s2, r, d) for (s2, r, d), p in merged.items()]
            masks[s, a] = effect
    return table, masks
