"""Grid editor: draw a grid world by clicks; it lives in the share link and in JSON files.

Torch-free. Every edit is a :class:`playground.envs.GridSpec` method; the result is
validated, and a refused edit leaves the previous grid with a message saying why.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

import webui
from playground import dp
from playground.envs import GridError, GridSpec, GridWorldEnv, draw_grid
from playground.envs.gridworld import (
    CELL_KINDS,
    CLIFF_WALKING,
    EXAMPLE_4_1,
    MAX_CODE_CHARS,
    MAX_SIZE,
    MIN_SIZE,
    frozen_lake_spec,
    random_frozen_lake_spec,
)
from webui import grids, media, params, present
from webui.grids import Message

KEY = "ge"
DEFAULT = frozen_lake_spec("4x4", slippery=False)
TOOLS = ("cycle", *CELL_KINDS, "edge")
TABLE: params.Table = {
    # The grid's code; its size and rewards have widgets of their own, drawn from the grid.
    "grid": params.Setting(params.Text(default=DEFAULT.encode(), max_len=MAX_CODE_CHARS)),
    "tool": params.Setting(
        params.Choice(default="cycle", choices=TOOLS),
        help="grid_editor.tool_help",
        choice_labels="grid_editor.tool",
    ),
}
CYCLE = "FWHCGS"  # the order a click walks a cell through
PRESETS = ("frozen_lake_4x4", "frozen_lake_8x8", "cliff_walking", "example_4_1", "random")
REWARDS = ("step_reward", "goal_reward", "hole_reward", "cliff_reward")
_MESSAGE = "_ge.message"  # a Message: what the last edit or upload came to
_UPLOADED = "_ge.uploaded"

t = webui.t


def refused(exc: GridError) -> None:
    st.session_state[_MESSAGE] = Message("error", grids.error_text(exc))


def current() -> GridSpec:
    """The grid of the link or the last edit; a bad code in a link falls back to FrozenLake."""
    try:
        return GridSpec.decode(p["grid"])
    except GridError as exc:
        refused(exc)
        p.set("grid", DEFAULT.encode())
        return DEFAULT


def apply(new: GridSpec | Any) -> None:
    """Keep ``new`` if it is a playable grid, else keep the old one and say why."""
    try:
        p.set("grid", new().validate().encode() if callable(new) else new.validate().encode())
        st.session_state.pop(_MESSAGE, None)
    except GridError as exc:
        refused(exc)


def click_cell(s: int) -> None:
    spec = current()
    tool = p["tool"]
    kind = CYCLE[(CYCLE.index(spec.cells[s]) + 1) % len(CYCLE)] if tool == "cycle" else tool
    apply(spec.with_cell(s, kind))


def click_edge(a: int, b: int) -> None:
    apply(current().with_wall_toggled(a, b))


def set_from_widget(name: str) -> None:
    value = st.session_state[f"_w.ge.{name}"]
    spec = current()
    if name == "rows":
        apply(spec.resized(int(value), spec.cols))
    elif name == "cols":
        apply(spec.resized(spec.rows, int(value)))
    else:
        apply(replace(spec, **{name: value}))


def load_preset() -> None:
    name = st.session_state["_w.ge.preset"]
    if name == "random":
        size, seed = st.session_state["_w.ge.size"], st.session_state["_w.ge.seed"]
        apply(lambda: random_frozen_lake_spec(int(size), int(seed), slippery=False))
    else:
        table = {"cliff_walking": CLIFF_WALKING, "example_4_1": EXAMPLE_4_1}
        apply(table.get(name) or frozen_lake_spec(name.removeprefix("frozen_lake_"), False))


def seeded(name: str, value: Any) -> str:
    """The widget key of ``name``, seeded with ``value`` (the grid is the source of truth)."""
    key = f"_w.ge.{name}"
    st.session_state[key] = value
    return key


def settings(spec: GridSpec) -> None:
    with st.sidebar:
        st.subheader(t("common.settings"))
        params.widgets(p, TABLE, "tool", text="grid_editor")
        left, right = st.columns(2)
        for name, col, value in (("rows", left, spec.rows), ("cols", right, spec.cols)):
            col.number_input(
                t(f"grid_editor.{name}"),
                min_value=MIN_SIZE,
                max_value=MAX_SIZE,
                key=seeded(name, value),
                on_change=set_from_widget,
                args=(name,),
            )
        st.subheader(t("grid_editor.rewards"))
        for name in REWARDS:
            st.number_input(
                t(f"grid_editor.{name}"),
                min_value=-1000.0,
                max_value=1000.0,
                step=0.1,
                key=seeded(name, float(getattr(spec, name))),
                on_change=set_from_widget,
                args=(name,),
            )
        st.toggle(
            t("grid_editor.slippery"),
            key=seeded("slippery", spec.slippery),
            on_change=set_from_widget,
            args=("slippery",),
        )
        st.subheader(t("grid_editor.presets"))
        presets = {v: t(f"grid_editor.preset_{v}") for v in PRESETS}
        preset = st.selectbox(
            t("grid_editor.presets"),
            PRESETS,
            key="_w.ge.preset",
            format_func=presets.__getitem__,
            label_visibility="collapsed",
        )
        if preset == "random":
            left, right = st.columns(2)
            left.number_input(t("grid_editor.size"), MIN_SIZE, MAX_SIZE, 8, key="_w.ge.size")
            right.number_input(t("grid_editor.seed"), 0, 9_999, 0, key="_w.ge.seed")
        st.button(
            t("grid_editor.load"),
            key="ge.load",
            on_click=load_preset,
            icon=":material/upload_file:",
        )
        p.share_link()


def files(spec: GridSpec) -> None:
    code = spec.encode()
    st.markdown(t("grid_editor.code"))
    st.code(code, language=None, wrap_lines=True)
    if st.button(t("grid_editor.solve"), key="ge.solve", icon=":material/calculate:"):
        # The DP page's settings (its persistent keys, see webui.params), then the page.
        for name, value in {"problem": "custom", "grid": code, "method": "value_iteration"}.items():
            st.session_state[f"dp.{name}"] = value
        st.switch_page("app_pages/dp.py")
    st.download_button(
        t("grid_editor.download"),
        data=spec.to_json(),
        file_name="grid.json",
        mime="application/json",
        key="ge.download",
        on_click="ignore",
        icon=":material/download:",
    )
    upload = st.file_uploader(
        t("grid_editor.upload"), type=["json"], key="_ge.upload", max_upload_size=1
    )
    if upload is not None and st.session_state.get(_UPLOADED) != upload.file_id:
        st.session_state[_UPLOADED] = upload.file_id
        try:
            p.set("grid", GridSpec.from_json(upload.getvalue()).encode())
            st.session_state[_MESSAGE] = Message(
                "success", t("grid_editor.loaded", name=upload.name)
            )
        except GridError as exc:
            refused(exc)
        st.rerun()


p = params.bind(params.spec_of(TABLE), prefix=KEY)
st.title(t("grid_editor.title"))
present.explanation(t("grid_editor.intro"))
p.show_notices()
with webui.guard():
    grid = current()
    settings(grid)
    message = st.session_state.get(_MESSAGE)
    if isinstance(message, Message) and message.kind == "error":
        st.error(message.text, icon=":material/grid_off:")
    elif isinstance(message, Message):
        st.success(message.text, icon=":material/check:")
    wide = grid.cols > 6  # wide grids need the page's width for their buttons
    left, right = (st.container(), st.container()) if wide else st.columns([3, 2], gap="large")
    with left, st.container(key="ge_board"):
        grids.board(grid, p["tool"], click_cell, click_edge)
    with right:
        size = 360 if max(grid.rows, grid.cols) <= 6 else 480
        picture = draw_grid(grid, size=size, words=media.cell_words())
        media.image(picture, caption=t("grid_editor.preview"))
        steps = dp.shortest_path_length(GridWorldEnv(grid))
        st.caption(t("grid_editor.summary", start=grid.start, steps=steps))
    files(grid)
