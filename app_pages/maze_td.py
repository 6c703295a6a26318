"""Maze · SARSA and Q-learning: live Q tables, step-by-step updates, playback, comparison."""

from __future__ import annotations

from typing import Any

import streamlit as st

import webui
from playground.envs import LAYOUTS
from playground.sessions.maze_td import SCHEDULES, TDConfig, TDSession
from webui import live, params, verdicts
from webui.td_charts import algo_name, charts, side_charts
from webui.td_lanes import Preview, lane_view, playback_section

PREFIX = "td"
ETA_GRID = (*params.log_grid(0.001, 1.0), 2.0, 3.0)  # above 1 on purpose: divergence is a lesson
SPEC: params.Spec = {
    "algo": params.Choice(default="q_learning", choices=("sarsa", "q_learning", "both")),
    "layout": params.Choice(default="seed_3x3", choices=tuple(LAYOUTS)),
    "episodes": params.Int(default=200, min=10, max=5_000, step=10),
    "seed": params.Int(default=0, min=0, max=9_999),
    "eta": params.LogFloat(default=0.1, grid=ETA_GRID),
    "gamma": params.Float(default=0.9, min=0.0, max=1.0, step=0.01),
    "epsilon": params.Float(default=0.5, min=0.0, max=1.0, step=0.05),
    "schedule": params.Choice(default="halve", choices=SCHEDULES),
    "q_init": params.Choice(default="random", choices=("random", "zeros")),
    "step_reward": params.Float(default=0.0, min=-1.0, max=0.0, step=0.01),
    "speed": live.SPEED,
}
RUN_SETTINGS = tuple(name for name in SPEC if name != "speed")
# Settings a trained agent cannot take over; the others apply to the running agents.
RESET_ON = ("algo", "layout", "seed", "q_init", "step_reward")
_PREVIEW_KEY = "td.preview"

t = webui.t


def to_config(values: dict[str, Any]) -> TDConfig:
    return TDConfig(**{name: values[name] for name in RUN_SETTINGS})


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
p = params.bind(SPEC, prefix=PREFIX, on_change=live.config_pauser(PREFIX, PREFIX, RUN_SETTINGS))
labels = {
    "algo": t("maze_td.algo"),
    "layout": t("maze_td.layout"),
    "episodes": t("common.episodes"),
    "seed": t("common.seed"),
    "eta": "η",
    "gamma": "γ",
    "epsilon": "ε₀",
    "schedule": t("maze_td.schedule"),
    "q_init": t("maze_td.q_init"),
    "step_reward": t("maze_td.step_reward"),
}

st.title(t("maze_td.title"))
st.markdown(t("maze_td.intro"))
p.show_notices()

with st.sidebar:
    st.subheader(t("common.settings"))
    p.widget(
        "algo",
        labels["algo"],
        format_func=algo_name,
        style="segmented",
        help=t("maze_td.algo_help"),
    )
    p.widget("layout", labels["layout"], format_func=lambda v: t(f"common.layout_{v}"))
    p.widget("episodes", labels["episodes"], help=t("maze_td.episodes_help"))
    p.widget("seed", labels["seed"], help=t("maze_td.seed_help"), style="number")
    p.widget("eta", t("maze_td.eta"), help=t("maze_td.eta_help"))
    p.widget("gamma", t("maze_td.gamma"), help=t("maze_td.gamma_help"))
    p.widget("epsilon", t("maze_td.epsilon"), help=t("maze_td.epsilon_help"))
    p.widget(
        "schedule",
        labels["schedule"],
        format_func=lambda v: t(f"maze_td.schedule_{v}"),
        help=t("maze_td.schedule_help"),
    )
    p.widget(
        "q_init",
        labels["q_init"],
        format_func=lambda v: t(f"maze_td.q_init_{v}"),
        help=t("maze_td.q_init_help"),
        style="radio",
    )
    p.widget("step_reward", labels["step_reward"], help=t("maze_td.step_reward_help"))
    p.share_link(train_to=live.progress_of(PREFIX))

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


# -- the live view ----------------------------------------------------------------------
def view(run: live.LiveRun) -> None:
    session: TDSession = run.source or preview_session(to_config(p.values))
    if run.status == "error":
        st.warning(t("maze_td.diverged"), icon=":material/warning:")
    if run.status == "finished":
        for lane in session.lanes:
            verdicts.greedy_path(lane.verdict(), algo_name(lane.algo))
    # The learning curve first: it is what a run is judged by, and it stays in view.
    charts(session)
    cols = st.columns([1, 1, 4], vertical_alignment="center")
    can_step = run.status != "error"
    steps = (
        (1, "step1", "maze_td.step", "skip_next"),
        (10, "step10", "maze_td.step10", "fast_forward"),
    )
    for col, (n, key, label, icon) in zip(cols, steps, strict=False):
        col.button(
            t(label),
            key=f"td.{key}",
            icon=f":material/{icon}:",
            help=t("maze_td.step_help"),
            on_click=webui.safe_callback(do_steps),
            args=(n,),
            disabled=not can_step,
            width="stretch",
        )
    if len(session.lanes) == 1:
        table, maze = st.columns([3, 2], gap="large")
        lane_view(session.lanes[0], session.config.layout, table, maze, watching=run.watching)
    else:
        for col, lane in zip(st.columns(2, gap="large"), session.lanes, strict=True):
            lane_view(lane, session.config.layout, col, col, watching=run.watching)
    side_charts(session)


run.show(view)

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
