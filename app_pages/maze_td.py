"""SARSA and Q-learning on the tabular envs: live Q tables, step-by-step updates, playback,
the comparison, and the optimum beside the learners."""

from __future__ import annotations

from typing import Any

import streamlit as st

import webui
from playground.envs import GridError
from playground.sessions.maze_td import SCHEDULES, TDConfig, TDSession
from webui import env_picker, grids, live, params, present, verdicts
from webui.td_charts import algo_name, charts, gap_charts, side_charts
from webui.td_lanes import CLIFF_EXAMPLE, Preview, lane_view, load_example, playback_section

PREFIX = "td"
ETA_GRID = (*params.log_grid(0.001, 1.0), 2.0, 3.0)  # above 1 on purpose: divergence is a lesson
Row = params.Setting
TABLE: params.Table = {
    "algo": Row(
        params.Choice(default="q_learning", choices=("sarsa", "q_learning", "both")),
        "algo",
        help="maze_td.algo_help",
        style="segmented",
        choice_labels="maze_td.algo",
    ),
    **env_picker.rows("layout"),
    "episodes": Row(
        params.Int(default=200, min=10, max=5_000, step=10),
        "episodes",
        label="common.episodes",
        help="maze_td.episodes_help",
    ),
    "seed": params.seed_row("maze_td.seed_help"),
    "eta": Row(params.LogFloat(default=0.1, grid=ETA_GRID), "eta", help="maze_td.eta_help"),
    "gamma": Row(
        params.Float(default=0.9, min=0.0, max=1.0, step=0.01), "gamma", help="maze_td.gamma_help"
    ),
    "epsilon": Row(
        params.Float(default=0.5, min=0.0, max=1.0, step=0.05),
        "epsilon",
        help="maze_td.epsilon_help",
    ),
    "schedule": Row(
        params.Choice(default="halve", choices=SCHEDULES),
        "schedule",
        help="maze_td.schedule_help",
        choice_labels="maze_td.schedule",
    ),
    "q_init": Row(
        params.Choice(default="random", choices=("random", "zeros")),
        "q_init",
        help="maze_td.q_init_help",
        style="radio",
        choice_labels="maze_td.q_init",
    ),
    "step_reward": Row(
        params.Float(default=0.0, min=-1.0, max=0.0, step=0.01),
        "step_reward",
        help="maze_td.step_reward_help",
    ),
    "optimal": Row(params.Bool(default=False), help="maze_td.optimal_help"),  # a view setting
    "speed": Row(live.SPEED),
}
RUN_SETTINGS = tuple(key for key, row in TABLE.items() if row.field)
# Settings a trained agent cannot take over; the others apply to the running agents.
RESET_ON = ("algo", "layout", "slippery", "map_size", "map_seed", "grid", "seed", "q_init")
RESET_ON += ("step_reward",)
_PREVIEW_KEY = "td.preview"

t = webui.t


def to_config(values: dict[str, Any]) -> TDConfig:
    config = TDConfig(**params.config_fields(TABLE, values))
    try:
        config.problem()
    except GridError as exc:  # a bad grid code: said once on the page, the seed maze instead
        st.session_state["_td.grid_error"] = grids.error_text(exc)
        return TDConfig(**{**params.config_fields(TABLE, values), "layout": "seed_3x3"})
    return config


def preview_session(config: TDConfig) -> TDSession:
    """The untrained session for ``config``: drawn before Train, then trained by it."""
    held = st.session_state.get(_PREVIEW_KEY)
    if not isinstance(held, Preview) or held.config != config:
        held = Preview(config, TDSession(config))
        st.session_state[_PREVIEW_KEY] = held
    return held.session


def start() -> TDSession:
    session = preview_session(to_config(p.values))
    st.session_state.pop(_PREVIEW_KEY, None)  # from now on it belongs to the run
    return session


def do_steps(n: int) -> None:
    run.step(n, beyond_total=True)


# -- settings ---------------------------------------------------------------------------
p = params.bind(
    params.spec_of(TABLE),
    prefix=PREFIX,
    on_change=live.config_pauser(PREFIX, PREFIX, RUN_SETTINGS),
)
labels = {key: t(TABLE[key].label or f"maze_td.{key}") for key in RUN_SETTINGS}

st.title(t("maze_td.title"))
present.explanation(t("maze_td.intro"))
p.show_notices()

with st.sidebar:
    st.subheader(t("common.settings"))
    params.widgets(p, TABLE, "algo", text="maze_td")
    env_picker.widgets(p, "layout")
    params.widgets(p, TABLE, "episodes", "seed", "eta", "gamma", "epsilon", text="maze_td")
    params.widgets(p, TABLE, "schedule", "q_init", text="maze_td")
    if p["layout"] in ("seed_3x3", "maze_5x5", "maze_8x8"):  # a grid carries its own rewards
        params.widgets(p, TABLE, "step_reward", text="maze_td")
    st.button(
        t("maze_td.cliff_example"),
        key="td.cliff",
        help=t("maze_td.cliff_example_help"),
        icon=":material/landslide:",
        on_click=webui.safe_callback(load_example),
        args=(p, CLIFF_EXAMPLE),
    )
    p.share_link(train_to=live.progress_of(PREFIX))

config = to_config(p.values)
if message := st.session_state.pop("_td.grid_error", None):
    st.error(message, icon=":material/grid_off:")
run = live.LiveRun(
    PREFIX,
    start,
    total=p["episodes"],
    config={name: p[name] for name in RUN_SETTINGS},
    reset_on=RESET_ON,
    labels=labels,
    record=lambda tick: tick.kind,  # histories live on the session's lanes
    count=lambda tick: tick.episodes_done,
    settings=p,
)
if config.layout == "cliff_walking":
    st.info(t("maze_td.cliff_what_to_see"), icon=":material/landslide:")
params.widgets(p, TABLE, "optimal", text="maze_td")


# -- the live view ----------------------------------------------------------------------
def view(run: live.LiveRun) -> None:
    session: TDSession = run.source or preview_session(config)
    with live.slot():
        if not any(lane.lengths for lane in session.lanes):
            st.caption(t("maze_td.no_episodes"))
        if run.status == "error":
            st.warning(t("maze_td.diverged"), icon=":material/warning:")
        if run.status == "finished":
            for lane in session.lanes:
                verdicts.td_lane(lane.verdict(), algo_name(lane.algo))
    # The learning curve first: it is what a run is judged by, and it stays in view.
    charts(session)
    gap_charts(session, hold=run.held)  # secondary charts: one redraw in three
    can_step = run.status != "error"
    steps = (
        (1, "step1", "maze_td.step", "skip_next"),
        (10, "step10", "maze_td.step10", "fast_forward"),
    )
    # A row that wraps: the buttons keep their whole labels on a narrow (zoomed) window.
    row = st.container(horizontal=True, gap="small")
    # In presenter view the controls' Step (→) takes one step.
    for n, key, label, icon in () if present.active() else steps:
        row.button(
            t(label),
            key=f"td.{key}",
            icon=f":material/{icon}:",
            help=t("maze_td.step_help"),
            on_click=webui.safe_callback(do_steps),
            args=(n,),
            disabled=not can_step,
        )
    optimal = bool(p["optimal"])
    if len(session.lanes) == 1:
        places = [tuple(st.columns([3, 2], gap="large"))]  # the Q table, the maze
    else:
        places = [(col, col) for col in st.columns(2, gap="large")]
    # Tables and pictures, like the secondary charts, are built one redraw in three.
    for turn, (lane, (table, maze)) in enumerate(zip(session.lanes, places, strict=True), 1):
        lane_view(
            lane, table, maze, watching=run.watching, optimal=optimal, hold=run.held, turn=turn
        )
    side_charts(session, hold=run.held)


run.show(view)

with webui.guard():
    env_picker.slip_view(preview_session(config).lanes[0].problem, "td.slip")

st.subheader(t("maze_td.rules_title"))
with st.container():
    left, right = st.columns(2)
    with left:
        st.markdown(t("maze_td.rule_sarsa"))
        st.latex(r"Q(s,a) \leftarrow Q(s,a) + \eta \big(r + \gamma\, Q(s',a') - Q(s,a)\big)")
    with right:
        st.markdown(t("maze_td.rule_q_learning"))
        st.latex(
            r"Q(s,a) \leftarrow Q(s,a) + \eta \big(r + \gamma \max_{a'} Q(s',a') - Q(s,a)\big)"
        )
    st.markdown(t("maze_td.on_off_policy"))


with webui.guard():
    playback_section(run.source)
