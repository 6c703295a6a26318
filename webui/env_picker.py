"""The environment picker of the tabular pages (SARSA / Q-learning, policy gradient, DP).

One settings table (URL key → config field → widget) and one set of widgets: the notes'
mazes, FrozenLake 4×4 / 8×8 / a random map (size and seed), slippery or not,
CliffWalking, and a grid of one's own (its share code, or the grid drawn in the grid
editor in this session). The environment's key keeps each page's old URL name
(``layout`` on the maze pages, ``problem`` on the DP page), so old share links still open.
Also: how slippery moves go, drawn for a chosen cell.
"""

from __future__ import annotations

import streamlit as st

import webui
from playground.envs import LAYOUTS, GridError
from playground.envs.gridworld import CLIFF_WALKING, MAX_CODE_CHARS, MAX_SIZE, MIN_SIZE
from playground.envs.layouts import ACTION_SYMBOLS
from playground.sessions import envs
from webui import grids, media, params
from webui.charts import live_chart
from webui.charts import maze as maze_charts

EDITOR_GRID = "ge.grid"
"""Session-state key of the grid editor's grid (its persistent setting ``grid``)."""

t = webui.t


def rows(
    env_key: str,
    *,
    default: str = "seed_3x3",
    choices: tuple[str, ...] = envs.TABULAR_ENVS,
    slippery: bool = False,
) -> dict[str, params.Setting]:
    """The picker's rows of a settings table; ``env_key`` is the environment's URL key
    and config field, the others are ``slippery``, ``map_size``, ``map_seed``, ``grid``."""
    return {
        env_key: params.Setting(
            params.Choice(default=default, choices=choices), env_key, label="grid.env"
        ),
        "slippery": params.Setting(
            params.Bool(default=slippery),
            "slippery",
            label="grid.slippery",
            help="grid.slippery_help",
        ),
        "map_size": params.Setting(
            params.Int(default=8, min=MIN_SIZE, max=MAX_SIZE),
            "map_size",
            label="grid.map_size",
            help="grid.map_size_help",
        ),
        "map_seed": params.Setting(
            params.Int(default=0, min=0, max=9_999),
            "map_seed",
            label="grid.map_seed",
            help="grid.map_seed_help",
            style="number",
        ),
        "grid": params.Setting(
            params.Text(default=CLIFF_WALKING.encode(), max_len=MAX_CODE_CHARS),
            "grid",
            label="grid.code",
            help="grid.code_help",
        ),
    }


def env_label(key: str) -> str:
    """An environment's name in the page's language."""
    return t(f"common.layout_{key}") if key in LAYOUTS else t(f"grid.env_{key}")


def widgets(p: params.Bound, env_key: str, *, label: str | None = None) -> None:
    """The environment select and, below it, what the chosen one needs: the ice switch,
    the random map's size and seed, a custom grid's code (and the editor's grid)."""
    choices = p.spec[env_key].choices
    names = {key: env_label(key) for key in choices}
    p.widget(env_key, label or t("grid.env"), format_func=names.__getitem__)
    key = p[env_key]
    if key in envs.SLIPPERY_ENVS:
        p.widget("slippery", t("grid.slippery"), help=t("grid.slippery_help"))
    if key == "frozen_lake_random":
        left, right = st.columns(2)
        with left:
            p.widget("map_size", t("grid.map_size"), help=t("grid.map_size_help"))
        with right:
            p.widget("map_seed", t("grid.map_seed"), help=t("grid.map_seed_help"), style="number")
    if key == "custom":
        p.widget("grid", t("grid.code"), help=t("grid.code_help"))
        drawn = st.session_state.get(EDITOR_GRID)
        if isinstance(drawn, str) and drawn and drawn != p["grid"]:
            st.button(
                t("grid.use_editor"),
                key=f"{p.prefix}.use_editor",
                help=t("grid.use_editor_help"),
                icon=":material/grid_on:",
                on_click=webui.safe_callback(_use_grid),
                args=(p, drawn),
            )


def _use_grid(p: params.Bound, code: str) -> None:
    p.set("grid", code)
    if p.on_change is not None:
        p.on_change()


def problem(p: params.Bound, env_key: str) -> envs.Problem:
    """The chosen environment; a grid code that is no valid grid says why on the page and
    falls back to the table's default environment."""
    key = p[env_key]
    try:
        return envs.problem(*choice(p, env_key))
    except GridError as exc:
        st.error(grids.error_text(exc), icon=":material/grid_off:")
        fallback = p.spec[env_key].default
        if fallback == key:
            raise
        return envs.problem(fallback)


def choice(p: params.Bound, env_key: str) -> tuple[str, bool, str, int, int]:
    """The arguments of :func:`playground.sessions.envs.problem` the settings name."""
    key = p[env_key]
    return (
        key,
        bool(p["slippery"]) and key in envs.SLIPPERY_ENVS,
        p["grid"] if key == "custom" else "",
        int(p["map_size"]),
        int(p["map_seed"]),
    )


def slip_view(prob: envs.Problem, key: str, *, cell: int | None = None) -> None:
    """Slippery moves explained, and where a chosen cell's move may lead: the grid with
    one arrow per outcome (the likelier, the longer) beside a bar chart of P(s′ | s, a).
    Nothing on a grid without ice."""
    if not prob.slippery:
        return
    st.subheader(t("grid.slip_title"))
    st.markdown(t("grid.slip_explain"))
    free = [s for s in range(prob.model.n_states) if not prob.model.terminal[s]]
    free = [s for s in free if s not in prob.blocked] or [prob.start]
    left, right = st.columns(2)
    start = cell if cell in free else (prob.start if prob.start in free else free[0])
    s = left.selectbox(
        t("grid.slip_cell"),
        free,
        index=free.index(start),
        format_func=lambda cell: f"S{cell}",
        key=f"_w.{key}.cell",
    )
    a = right.segmented_control(
        t("grid.slip_action"),
        range(4),
        format_func=ACTION_SYMBOLS.__getitem__,
        default=2,
        key=f"_w.{key}.action",
    )
    a = 2 if a is None else int(a)
    arrows, _ = envs.outcome_arrows(prob, s, a)
    found = envs.outcomes(prob.model, s, a)
    outcomes = ", ".join(t("grid.slip_outcome", s=s2, p=f"{p:.3g}") for s2, p in found)
    picture, chart = st.columns([2, 3], gap="large")
    with picture:
        scaled = arrows / max(float(arrows.max()), 1e-12)
        media.image(
            prob.draw(arrows=scaled, highlight=[s], size=320, words=media.cell_words()),
            caption=t("grid.slip_caption", cell=s, a=ACTION_SYMBOLS[a], outcomes=outcomes),
        )
    with chart:
        option = maze_charts.transition_bars(
            [f"S{s2}" for s2, _ in found],
            [p for _, p in found],
            title=t("grid.slip_chart", cell=s, a=ACTION_SYMBOLS[a]),
            x_title=t("grid.slip_next"),
            y_title=t("grid.slip_prob"),
        )
        live_chart(option, f"{key}.slip")
