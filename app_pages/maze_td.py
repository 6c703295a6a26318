"""Maze · SARSA and Q-learning: live Q tables, step-by-step updates, playback, comparison."""

from __future__ import annotations

from typing import Any

import streamlit as st

import webui
from playground.envs import LAYOUTS, draw_maze
from playground.envs.layouts import ACTION_SYMBOLS
from playground.sessions.maze_policy import episode_animation
from playground.sessions.maze_td import (
    KEEP_FIRST_EPISODES,
    KEEP_LAST_EPISODES,
    SCHEDULES,
    Lane,
    TDConfig,
    TDSession,
    action_labels,
    update_latex,
)
from webui import live, media, params, playback, verdicts
from webui.charts import live_chart
from webui.charts import maze as maze_charts
from webui.td_charts import charts, side_charts

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
MAZE_PX = {"seed_3x3": 320, "maze_5x5": 400, "maze_8x8": 480}
PLAYBACK_PX = 360
_PREVIEW_KEY = "td.preview"

t = webui.t


def algo_name(algo: str) -> str:
    return t(f"maze_td.algo_{algo}")


def to_config(values: dict[str, Any]) -> TDConfig:
    return TDConfig(**{name: values[name] for name in RUN_SETTINGS})


def preview_session(config: TDConfig) -> TDSession:
    """The untrained session for ``config``: drawn before Train, then trained by it."""
    held = st.session_state.get(_PREVIEW_KEY)
    if held is None or held[0] != config:
        held = (config, TDSession(config))
        st.session_state[_PREVIEW_KEY] = held
    return held[1]


def start() -> TDSession:
    session = preview_session(to_config(p.values))
    st.session_state.pop(_PREVIEW_KEY, None)  # from now on it belongs to the run
    return session


def do_steps(n: int) -> None:
    session: TDSession = run.source_now()
    session.mode = "step"
    try:
        run.step(n, beyond_total=True)
    finally:
        session.mode = "episode"


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
    apply=lambda session, config: session.apply(to_config(dict(config))),
    labels=labels,
    record=lambda tick: tick.kind,  # histories live on the session's lanes
    count=lambda tick: tick.episodes_done,
    settings=p,
)


# -- the live view ----------------------------------------------------------------------
def lane_view(lane: Lane, layout_name: str, table: Any, maze: Any) -> None:
    """Q table (in ``table``), the maze with greedy arrows and the last step's numbers
    (in ``maze``) of one lane."""
    name = algo_name(lane.algo)
    last = lane.last_step
    highlight = (last.step.state, last.step.action) if last else None
    fig = maze_charts.q_table_heatmap(
        lane.q,
        action_labels=action_labels(),
        x_title=t("maze_td.action"),
        y_title=t("maze_td.state"),
        title=t("maze_td.q_title", algo=name),
        highlight=highlight,
    )
    with table:  # whole, every row and the colour bar: no inner scroll box
        live_chart(fig, f"td.q.{lane.algo}")
    with maze:
        maze_and_step(lane, layout_name)


def maze_and_step(lane: Lane, layout_name: str) -> None:
    name = algo_name(lane.algo)
    last = lane.last_step
    cell = lane.agent_cell
    if run.watching and lane.stored_episodes():
        k = lane.stored_episodes()[-1]
        states = lane.trajectory(k)
        gif = episode_animation(lane.layout, states, lane.greedy_policy(), size=PLAYBACK_PX)
        caption = t("maze_td.watch_caption", algo=name, k=k + 1, t=len(states) - 1)
        media.animation(gif, caption=caption, width="content")
        return
    image = draw_maze(
        lane.layout,
        agent_cell=cell,
        size=MAZE_PX.get(layout_name, 360),
        arrows=lane.greedy_policy(),
        highlight=[last.step.state] if last else None,
    )
    caption = (
        t("maze_td.maze_caption_step", algo=name, cell=cell, updated=last.step.state)
        if last
        else t("maze_td.maze_caption", algo=name)
    )
    media.image(image, caption=caption, width="content")
    if last is None:
        st.caption(t("maze_td.step_hint"))
        return
    step = last.step
    text = t(
        "maze_td.last_step",
        episode=step.episode + 1,
        t=step.step + 1,
        s=step.state,
        a=f"{step.action} {ACTION_SYMBOLS[step.action]}",
        r=f"{step.reward:g}",
        s2=step.next_state,
    )
    if step.next_action is not None:
        a2 = step.next_action
        text += t("maze_td.next_action", a2=f"{a2} {ACTION_SYMBOLS[a2]}")
    if step.terminated:
        text += t("maze_td.goal_reached")
    st.markdown(text)
    st.latex(update_latex(last))


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
        lane_view(session.lanes[0], session.config.layout, table, maze)
    else:
        for col, lane in zip(st.columns(2, gap="large"), session.lanes, strict=True):
            lane_view(lane, session.config.layout, col, col)
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


# -- playback (outside the live fragment: redrawn when the run stops) --------------------
def playback_section(session: TDSession | None) -> None:
    st.subheader(t("maze_td.playback_title"))
    if session is None or not any(lane.stored_episodes() for lane in session.lanes):
        st.caption(t("maze_td.playback_none"))
        return
    lane = session.lanes[0]
    if len(session.lanes) > 1:
        algo_key = "_w.td.playback_algo"
        if st.session_state.get(algo_key) not in [ln.algo for ln in session.lanes]:
            st.session_state[algo_key] = session.lanes[0].algo
        algo = st.segmented_control(
            t("maze_td.playback_algo"),
            [ln.algo for ln in session.lanes],
            format_func=algo_name,
            key=algo_key,
            required=True,
            on_change=playback.set_frame,
            args=("td.playback", 0),
        )
        lane = session.lane(algo)
    stored = [e + 1 for e in lane.stored_episodes()]
    if not stored:
        st.caption(t("maze_td.playback_none"))
        return
    episode_key = "_w.td.playback_episode"
    if st.session_state.get(episode_key) not in stored:
        st.session_state[episode_key] = stored[-1]
    if len(stored) > 1:
        episode = st.select_slider(
            t("maze_td.playback_episode"),
            options=stored,
            key=episode_key,
            on_change=playback.set_frame,
            args=("td.playback", 0),
        )
    else:
        episode = stored[0]
    st.caption(t("maze_td.playback_kept", first=KEEP_FIRST_EPISODES, last=KEEP_LAST_EPISODES))
    states = lane.trajectory(episode - 1)
    layout = lane.layout

    def frame(i: int):
        return draw_maze(layout, agent_cell=states[i], size=PLAYBACK_PX, highlight=states[: i + 1])

    playback.player(
        "td.playback",
        n_frames=len(states),
        frame=frame,
        caption=lambda i: t(
            "maze_td.playback_caption", episode=episode, t=i, steps=len(states) - 1
        ),
        fps=6,
        gif_name=f"maze_{lane.algo}_episode_{episode}.gif",
        width=PLAYBACK_PX,
        source=(layout.name, tuple(states)),
    )


with webui.guard():
    playback_section(run.source)
