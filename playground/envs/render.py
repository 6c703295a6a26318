"""Pillow drawing of a maze: grid, red walls, S-labels, start/goal, agent, policy arrows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from playground.envs.layouts import ACTION_DELTAS, MazeLayout, get_layout

__all__ = ["CELL_WORDS", "cjk_font_path", "draw_maze", "maze_geometry"]

BACKGROUND = (255, 255, 255)
GRID = (200, 200, 200)
WALL = (214, 39, 40)  # the notes draw walls in red
LABEL = (90, 90, 90)
START_FILL = (222, 235, 247)
GOAL_FILL = (199, 233, 192)
HIGHLIGHT_FILL = (255, 243, 176)
AGENT = (31, 119, 180)
ARROW = (40, 40, 40)
OVERLAY = (0, 150, 90)  # the optimal policy's arrows, drawn beside the learner's

CELL_WORDS: dict[str, str] = {"start": "start", "goal": "goal", "hole": "hole"}
"""The words written at the bottom of special cells, by kind. English for notebook users;
an app passes its own (``words=``, e.g. translated): the core holds no translations."""

CJK_FONTS: tuple[str, ...] = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",  # Debian/Ubuntu fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
)
"""Fonts with Chinese glyphs, looked for in this order (Pillow's own font has none)."""


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """The first of :data:`CJK_FONTS` on this machine, or None: without one, words that
    are not ASCII would be drawn as empty boxes (an app then passes English words)."""
    return next((path for path in CJK_FONTS if Path(path).is_file()), None)


@lru_cache(maxsize=16)
def _font(size: int, cjk: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = cjk_font_path() if cjk else None
    if path is not None:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has only the fixed bitmap font
        return ImageFont.load_default()


def maze_geometry(layout: MazeLayout | str, size: int = 480) -> tuple[int, int, int, int]:
    """``(cell, margin, width, height)`` in pixels for an image ``size`` px across its longer side.

    Pages use it to map clicks or overlays onto cells: cell ``s`` at ``(row, col)``
    spans ``x in [margin + col*cell, margin + (col+1)*cell)``, likewise for ``y``.
    """
    if isinstance(layout, str):
        layout = get_layout(layout)
    margin = max(4, size // 60)
    cell = (size - 2 * margin) // max(layout.rows, layout.cols)
    return cell, margin, 2 * margin + layout.cols * cell, 2 * margin + layout.rows * cell


def draw_maze(
    layout: MazeLayout | str,
    agent_cell: int | None = None,
    size: int = 480,
    arrows: np.ndarray | None = None,
    highlight: Iterable[int] | None = None,
    labels: bool = True,
    fills: Mapping[int, tuple[int, int, int]] | None = None,
    tags: Mapping[int, str] | None = None,
    overlay: np.ndarray | None = None,
    words: Mapping[str, str] | None = None,
) -> Image.Image:
    """Draw ``layout`` as an RGB image about ``size`` pixels across.

    Args:
        layout: the maze to draw, or the name of one in ``LAYOUTS`` (``"seed_3x3"``).
        agent_cell: cell to draw the agent (a blue disc, under any arrows) in; None for
            no agent.
        size: length in pixels of the longer side; ≥ 400 keeps labels crisp.
        arrows: optional ``(n_states, 4)`` array of action probabilities (a policy π,
            or a one-hot greedy policy); each entry > 0.01 becomes an arrow from the
            cell centre whose length and width grow with the probability. NaN counts as 0.
        highlight: cells to tint pale yellow (e.g. the cells of a trajectory); numbers
            that are not cells of the layout are left out.
        labels: write ``S0``, ``S1`` … in the cell corners.
        fills: colour of particular cells (a grid world's holes, cliffs, wall cells),
            painted over the highlight, start and goal tints.
        tags: words written at the bottom of cells; default the words for ``start`` and
            ``goal`` on the layout's start and goal.
        overlay: a second ``(n_states, 4)`` policy (the optimal one) drawn as thin green
            arrows offset to the side of each cell's centre, so both stay readable.
        words: the words for ``start``, ``goal`` … (default :data:`CELL_WORDS`).

    Returns:
        A ``PIL.Image.Image`` in mode ``"RGB"``.
    """
    if isinstance(layout, str):
        layout = get_layout(layout)
    cell, margin, _, _ = maze_geometry(layout, size)
    key = (
        layout,
        int(size),
        bool(labels),
        None if fills is None else tuple((int(s), tuple(c)) for s, c in fills.items()),
        None if tags is None else tuple((int(s), str(tag)) for s, tag in tags.items()),
        None if words is None else tuple((str(k), str(w)) for k, w in words.items()),
    )
    image = _plain_background(*key).copy()
    lit = {int(s) for s in highlight or ()} & set(range(layout.n_states))
    if lit:
        # A highlighted cell's pixels are those of the same cell in a background with
        # every cell highlighted: its tint lies under the start/goal tints, lines and
        # words drawn there, and its edges are grid lines, the same in both.
        every = _lit_background(*key)
        for s in lit:
            x0, y0, x1, y1 = _box(layout, cell, margin, s)
            image.paste(every.crop((x0, y0, x1 + 1, y1 + 1)), (x0, y0))
    _draw_top(image, layout, cell, margin, agent_cell, arrows, overlay)
    return image


def _box(layout: MazeLayout, cell: int, margin: int, s: int, inset: int = 0) -> tuple[int, ...]:
    """Cell ``s``'s square, corners included (Pillow's rectangles include both ends)."""
    r, c = layout.cell(s)
    x0, y0 = margin + c * cell, margin + r * cell
    return x0 + inset, y0 + inset, x0 + cell - inset, y0 + cell - inset


# The background (tints, grid, walls, words) is most of a frame's drawing, and a live page
# draws the same maze over and over with other arrows: it is drawn once per look and kept
# (a 640-px frame is 1.2 MB; a few looks at a time are in use).
@lru_cache(maxsize=12)
def _plain_background(*key: object) -> Image.Image:
    """The background without highlighted cells (never modified: callers copy it)."""
    return _background(*key, highlight=frozenset())


@lru_cache(maxsize=12)
def _lit_background(*key: object) -> Image.Image:
    """The background with every cell highlighted (never modified: callers crop it)."""
    layout = key[0]
    return _background(*key, highlight=frozenset(range(layout.n_states)))


def _background(
    layout: MazeLayout,
    size: int,
    labels: bool,
    fills: tuple[tuple[int, tuple[int, int, int]], ...] | None,
    tags: tuple[tuple[int, str], ...] | None,
    words: tuple[tuple[str, str], ...] | None,
    highlight: frozenset[int],
) -> Image.Image:
    """Everything of :func:`draw_maze` under the agent and the arrows."""
    cell, margin, width, height = maze_geometry(layout, size)
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)

    def box(s: int) -> tuple[int, ...]:
        return _box(layout, cell, margin, s)

    for s in highlight:
        draw.rectangle(box(int(s)), fill=HIGHLIGHT_FILL)
    draw.rectangle(box(layout.start), fill=START_FILL)
    draw.rectangle(box(layout.goal), fill=GOAL_FILL)
    for s, colour in fills or ():
        draw.rectangle(box(int(s)), fill=colour)

    # Thin grid first, thick walls on top.
    for r in range(layout.rows + 1):
        y = margin + r * cell
        draw.line([(margin, y), (margin + layout.cols * cell, y)], fill=GRID, width=1)
    for c in range(layout.cols + 1):
        x = margin + c * cell
        draw.line([(x, margin), (x, margin + layout.rows * cell)], fill=GRID, width=1)

    wall_width = max(3, cell // 12)
    for a, b in layout.walls:
        (ra, ca), (rb, cb) = layout.cell(a), layout.cell(b)
        if ra == rb:  # side by side: vertical wall on the shared edge
            x = margin + max(ca, cb) * cell
            y0, y1 = margin + ra * cell, margin + (ra + 1) * cell
            draw.line([(x, y0), (x, y1)], fill=WALL, width=wall_width)
        else:  # one above the other: horizontal wall
            y = margin + max(ra, rb) * cell
            x0, x1 = margin + ca * cell, margin + (ca + 1) * cell
            draw.line([(x0, y), (x1, y)], fill=WALL, width=wall_width)
    draw.rectangle(
        [margin, margin, margin + layout.cols * cell, margin + layout.rows * cell],
        outline=(40, 40, 40),
        width=max(2, wall_width // 2),
    )

    if labels:
        font = _font(max(10, cell // 6))
        for s in range(layout.n_states):
            x0, y0, _, _ = box(s)
            draw.text((x0 + cell // 16 + 2, y0 + cell // 16 + 1), f"S{s}", fill=LABEL, font=font)
        names = CELL_WORDS | dict(words or {})
        cell_tags = (
            tags
            if tags is not None
            else ((layout.start, names["start"]), (layout.goal, names["goal"]))
        )
        for s, tag in cell_tags:
            x0, _, x1, y1 = box(s)
            tag_font = _font(max(10, cell // 5), cjk=not tag.isascii())
            draw.text(((x0 + x1) / 2, y1 - cell // 10), tag, fill=LABEL, font=tag_font, anchor="mb")

    return image


def _draw_top(image, layout, cell, margin, agent_cell, arrows, overlay) -> None:
    """The agent's disc, then the optimal policy's arrows, then the policy's on ``image``."""
    draw = ImageDraw.Draw(image)

    def centre(s: int) -> tuple[float, float]:
        x0, y0, x1, y1 = _box(layout, cell, margin, s)
        return (x0 + x1) / 2, (y0 + y1) / 2

    if agent_cell is not None:
        # Under the arrows: the agent's cell keeps its policy arrows readable.
        draw.ellipse(
            _box(layout, cell, margin, int(agent_cell), inset=int(cell * 0.3)),
            fill=AGENT,
            outline=(255, 255, 255),
        )

    if overlay is not None:
        _arrows(draw, layout, np.asarray(overlay, dtype=float), cell, centre, OVERLAY, 0.12)
    if arrows is not None:
        _arrows(draw, layout, np.asarray(arrows, dtype=float), cell, centre, ARROW, 0.0)


def _arrows(draw, layout, arrows, cell, centre, colour, shift) -> None:
    """Policy arrows, one per action with probability > 0.01; ``shift`` moves them off the
    cell centre (a fraction of the cell, at a right angle to the arrow)."""
    probs = np.nan_to_num(arrows, nan=0.0)
    if probs.shape != (layout.n_states, 4):
        raise ValueError(f"arrows must have shape ({layout.n_states}, 4), got {probs.shape}")
    thin = shift > 0
    for s in range(layout.n_states):
        cx, cy = centre(s)
        for a, (dr, dc) in enumerate(ACTION_DELTAS):
            p = float(probs[s, a])
            if p <= 0.01:
                continue
            length = 0.42 * cell * min(p, 1.0)
            # Perpendicular unit vector is (-dr, dc) in (x, y) = (dc, dr) coordinates.
            ox, oy = -dr * shift * cell, dc * shift * cell
            start = (cx + ox + dc * 0.08 * cell, cy + oy + dr * 0.08 * cell)
            tip = (start[0] + dc * length, start[1] + dr * length)
            line_width = 2 if thin else max(1, round(cell / 30 * (0.5 + p)))
            draw.line([start, tip], fill=colour, width=line_width)
            head = max(4.0, cell / 14 * (0.6 + p) * (0.7 if thin else 1.0))
            base = (tip[0] - dc * head, tip[1] - dr * head)
            draw.polygon(
                [
                    tip,
                    (base[0] + dr * head * 0.6, base[1] - dc * head * 0.6),
                    (base[0] - dr * head * 0.6, base[1] + dc * head * 0.6),
                ],
                fill=colour,
            )
