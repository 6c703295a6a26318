"""The learning curves of the SARSA / Q-learning page (app_pages/maze_td.py), drawn live."""

from __future__ import annotations

import streamlit as st

import webui
from playground.sessions.maze_td import ALGO_COLOURS, TDSession
from webui.charts import live_chart
from webui.charts import maze as maze_charts

t = webui.t


def algo_name(algo: str) -> str:
    return t(f"maze_td.algo_{algo}")


def charts(session: TDSession) -> None:
    """Steps per episode (with the shortest path), mean |TD error| and ε per episode.

    Before the first episode the charts are drawn empty (axes, optimum line): the live
    charts then exist when training starts, and its first redraw only updates them."""
    lanes = [lane for lane in session.lanes if lane.lengths]
    if not lanes:
        st.caption(t("maze_td.no_episodes"))
        lanes = list(session.lanes)
    x = max(lanes, key=lambda lane: len(lane.lengths)).episode_numbers
    colours = {algo_name(lane.algo): ALGO_COLOURS[lane.algo] for lane in lanes}
    n = max(len(lane.lengths) for lane in lanes)
    steps = maze_charts.episode_curves(
        {algo_name(lane.algo): lane.lengths for lane in lanes},
        x=x,
        colours=colours,
        x_title=t("maze_td.episode_x"),
        y_title=t("maze_td.steps_y"),
        title=t("maze_td.steps_title"),
        optimum=session.layout.shortest_path_length(),
        optimum_label=t("maze_td.optimum", n=session.layout.shortest_path_length()),
        moving_average=10 if n > 50 else None,
        height=360,
    )
    live_chart(steps, "td.steps")


def side_charts(session: TDSession) -> None:
    """Mean |TD error| and ε per episode, side by side (empty before the first episode)."""
    lanes = [lane for lane in session.lanes if lane.lengths] or list(session.lanes)
    x = max(lanes, key=lambda lane: len(lane.lengths)).episode_numbers
    colours = {algo_name(lane.algo): ALGO_COLOURS[lane.algo] for lane in lanes}
    left, right = st.columns(2)
    td = maze_charts.episode_curves(
        {algo_name(lane.algo): lane.td_errors for lane in lanes},
        x=x,
        colours=colours,
        x_title=t("maze_td.episode_x"),
        y_title=t("maze_td.td_y"),
        title=t("maze_td.td_title"),
        log_y=True,
        height=320,
    )
    live_chart(td, "td.td_error", container=left)
    eps = maze_charts.episode_curves(
        {algo_name(lane.algo): lane.epsilons for lane in lanes},
        x=x,
        colours=colours,
        x_title=t("maze_td.episode_x"),
        y_title=t("maze_td.eps_y"),
        title=t("maze_td.eps_title"),
        height=320,
    )
    live_chart(eps, "td.epsilon", container=right)
