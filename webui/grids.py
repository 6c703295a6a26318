"""Hand-drawn grids on the pages: a refused grid's reason, in the page's language, and the
grid editor's clickable board."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

import webui
from playground.envs import GridError, GridSpec


@dataclass(frozen=True)
class Message:
    """What the grid editor's last edit or upload came to."""

    kind: Literal["error", "success"]
    text: str


SYMBOLS = {"F": "·", "W": "▩", "H": "◯", "C": "▼", "G": "★", "S": "S"}
"""What a cell's button shows, by kind."""


def error_text(exc: GridError) -> str:
    """``grid.error`` with the translated reason for ``exc.code`` (never the core's English)."""
    key = f"grid.error_{exc.code}"
    try:
        why = webui.t(key, **exc.details)
    except (KeyError, IndexError, ValueError):  # a code or number the text does not know
        why = webui.t("grid.error_cells")
    return webui.t("grid.error", why=why)


def cell_button(
    spec: GridSpec,
    s: int,
    container: Any,
    on_click: Callable[[int], None],
    disabled: bool = False,
) -> None:
    kind = spec.cells[s]
    container.button(
        SYMBOLS[kind],
        key=f"ge.cell.{s}",
        help=webui.t("grid_editor.cell_help", cell=s, kind=webui.t(f"grid_editor.tool_{kind}")),
        on_click=on_click,
        args=(s,),
        disabled=disabled,
        type="primary" if kind in "GS" else "secondary",
        width="stretch",
    )


def edge_button(
    spec: GridSpec, a: int, b: int, container: Any, on_click: Callable[[int, int], None]
) -> None:
    wall = (a, b) in spec.walls
    label = ("┃" if wall else "┆") if b == a + 1 else ("━" if wall else "┄")
    container.button(
        label,
        key=f"ge.edge.{a}.{b}",
        on_click=on_click,
        args=(a, b),
        type="primary" if wall else "secondary",
        width="stretch",
    )


def board(
    spec: GridSpec,
    tool: str,
    on_cell: Callable[[int], None],
    on_edge: Callable[[int, int], None],
) -> None:
    """The grid editor's clickable grid: cells, and with the edge tool the edges between
    them too (``on_cell(s)``, ``on_edge(a, b)`` on a click)."""
    if tool != "edge":
        for r in range(spec.rows):
            cols = st.columns(spec.cols, gap="small")
            for c in range(spec.cols):
                cell_button(spec, r * spec.cols + c, cols[c], on_cell)
        return
    st.caption(webui.t("grid_editor.edge_hint"))
    # The edge buttons are narrow: without the buttons' side padding their ┆ shows.
    st.html("<style>.st-key-ge_board button {padding-left: 0; padding-right: 0}</style>")
    weights = [3, 2] * (spec.cols - 1) + [3]
    for r in range(spec.rows):
        cols = st.columns(weights, gap="xxsmall")
        for c in range(spec.cols):
            s = r * spec.cols + c
            cell_button(spec, s, cols[2 * c], on_cell, disabled=True)
            if c + 1 < spec.cols:
                edge_button(spec, s, s + 1, cols[2 * c + 1], on_edge)
        if r + 1 < spec.rows:
            cols = st.columns(weights, gap="xxsmall")
            for c in range(spec.cols):
                s = r * spec.cols + c
                edge_button(spec, s, s + spec.cols, cols[2 * c], on_edge)
