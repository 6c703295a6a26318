"""The SARSA / Q-learning page's lanes (Q table, maze, last step) and episode playback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

import webui
from playground.envs.layouts import ACTION_SYMBOLS
from playground.frames import timed_gif
from playground.sessions.maze_td import (
    KEEP_FIRST_EPISODES,
    KEEP_LAST_EPISODES,
    Lane,
    TDConfig,
    TDSession,
    action_labels,
    update_latex,
)
from webui import media, params, playback
from webui.charts import live_chart
from webui.charts import maze as maze_charts
from webui.td_charts import Hold, algo_name, fresh

PLAYBACK_PX = 360
CLIFF_EXAMPLE = {
    "algo": "both",
    "layout": "cliff_walking",
    "eta": 0.5,
    "epsilon": 0.1,
    "schedule": "constant",
    "gamma": 1.0,
    "q_init": "zeros",
    "episodes": 500,
    "seed": 0,
}
"""Sutton & Barto's Example 6.6: SARSA and Q-learning on the cliff, ε = 0.1, α = 0.5."""

t = webui.t


@dataclass(frozen=True)
class Preview:
    """The untrained session drawn before Train, and the settings it was built from."""

    config: TDConfig
    session: TDSession


def load_example(p: params.Bound, values: dict[str, Any]) -> None:
    """Set the page's settings to an example's (the run pauses; a new env starts over)."""
    for key, value in values.items():
        p.set(key, value)
    if p.on_change is not None:
        p.on_change()


def picture_px(lane: Lane) -> int:
    """How wide a lane's grid is drawn: its cells about 100 px, within 320–640 px."""
    return int(min(640, max(320, 100 * max(lane.problem.rows, lane.problem.cols))))


def lane_view(
    lane: Lane,
    table: Any,
    maze: Any,
    *,
    watching: bool,
    optimal: bool,
    hold: Hold = fresh,
    turn: int = 0,
) -> None:
    """Q table (in ``table``, its option through ``hold`` on ``turn``), the grid with
    greedy arrows (and the optimal policy's, when ``optimal``) and the last step's numbers
    (in ``maze``) of one lane; at "Watch" speed its newest episode plays on the grid."""
    name = algo_name(lane.algo)
    last = lane.last_step
    highlight = (last.step.state, last.step.action) if last else None

    def build() -> dict:
        return maze_charts.q_table_heatmap(
            lane.q,
            action_labels=action_labels(),
            x_title=t("maze_td.action"),
            y_title=t("maze_td.state"),
            title=t("maze_td.q_title", algo=name),
            highlight=highlight,
        )

    key = f"td.q.{lane.algo}"
    with table:  # whole, every row and the colour bar: no inner scroll box
        live_chart(hold(key, build, turn), key)
    with maze:
        maze_and_step(lane, watching=watching, optimal=optimal, hold=hold, turn=turn)


def maze_and_step(
    lane: Lane, *, watching: bool, optimal: bool, hold: Hold = fresh, turn: int = 0
) -> None:
    """The grid with greedy arrows (its picture through ``hold`` on ``turn``, like the
    lane's Q table) and the last step's numbers; at "Watch" the newest episode plays."""
    name = algo_name(lane.algo)
    last = lane.last_step
    cell = lane.agent_cell
    if watching and lane.stored_episodes():
        k = lane.stored_episodes()[-1]
        states = lane.trajectory(k)
        pi, words = lane.greedy_policy(), media.cell_words()

        def frame(i: int):
            return lane.problem.draw(
                agent_cell=states[i],
                size=PLAYBACK_PX,
                arrows=pi,
                highlight=states[: i + 1],
                words=words,
            )

        gif = timed_gif(frame, len(states), 2.0, max_side=PLAYBACK_PX)
        caption = t("maze_td.watch_caption", algo=name, k=k + 1, t=len(states) - 1)
        media.animation(gif, caption=caption, width="content")
        return

    def picture() -> str:
        return media.png_data_uri(
            lane.problem.draw(
                agent_cell=cell,
                size=picture_px(lane),
                arrows=lane.greedy_policy(),
                overlay=lane.optimum.policy if optimal else None,
                highlight=[last.step.state] if last else None,
                words=media.cell_words(),
            )
        )

    caption = (
        t("maze_td.maze_caption_step", algo=name, cell=cell, updated=last.step.state)
        if last
        else t("maze_td.maze_caption", algo=name)
    )
    if optimal:
        caption += " " + t("maze_td.optimal_caption")
    media.image(hold(f"td.maze.{lane.algo}", picture, turn), caption=caption, width="content")
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


def playback_section(session: TDSession | None) -> None:
    """A kept episode of a lane, frame by frame (outside the live fragment: redrawn when
    the run stops)."""
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
    episode_key, newest_key = "_w.td.playback_episode", "_td.playback_newest"
    # The selector follows the newest stored episode while training adds episodes, unless
    # the student picked another one (then it stays where they put it).
    picked = st.session_state.get(episode_key)
    if picked not in stored or picked == st.session_state.get(newest_key):
        st.session_state[episode_key] = stored[-1]
    st.session_state[newest_key] = stored[-1]
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
    draw, words = lane.problem.draw, media.cell_words()

    def frame(i: int):
        return draw(agent_cell=states[i], size=PLAYBACK_PX, highlight=states[: i + 1], words=words)

    playback.player(
        "td.playback",
        n_frames=len(states),
        frame=frame,
        caption=lambda i: t(
            "maze_td.playback_caption", episode=episode, t=i, steps=len(states) - 1
        ),
        fps=6,
        gif_name=f"{lane.problem.key}_{lane.algo}_episode_{episode}.gif",
        width=PLAYBACK_PX,
        source=(lane.problem.key, lane.problem.spec, tuple(states)),
    )
