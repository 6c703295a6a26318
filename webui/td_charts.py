"""The learning curves of the SARSA / Q-learning page (app_pages/maze_td.py), drawn live."""

from __future__ import annotations

import streamlit as st

import webui
from playground.sessions.maze_td import ALGO_COLOURS, TDSession
from webui.charts import common, live_chart

t = webui.t


def algo_name(algo: str) -> str:
    return t(f"maze_td.algo_{algo}")


def _curves(
    lanes: list, field: str, key: str, y_key: str, title_key: str, container=None, **extra
) -> None:
    """One live chart of ``lane.<field>`` per episode, a line per algorithm."""
    option = common.line_chart(
        {algo_name(lane.algo): getattr(lane, field) for lane in lanes},
        x=max(lanes, key=lambda lane: len(lane.lengths)).episode_numbers,
        colours={algo_name(lane.algo): ALGO_COLOURS[lane.algo] for lane in lanes},
        x_title=t("maze_td.episode_x"),
        y_title=t(y_key),
        title=t(title_key),
        mean_label=t("common.series_mean_of"),  # a template: {name}, {window}
        **extra,
    )
    live_chart(option, key, container=container)


def _drawn_lanes(session: TDSession) -> list:
    """The lanes with episodes, or all of them (empty charts) before the first episode."""
    return [lane for lane in session.lanes if lane.lengths] or list(session.lanes)


def charts(session: TDSession) -> None:
    """Steps per episode, with the shortest path.

    Before the first episode the charts are drawn empty (axes, optimum line): the live
    charts then exist when training starts, and its first redraw only updates them."""
    if not any(lane.lengths for lane in session.lanes):
        st.caption(t("maze_td.no_episodes"))
    lanes = _drawn_lanes(session)
    shortest = session.layout.shortest_path_length()
    n = max(len(lane.lengths) for lane in lanes)
    _curves(
        lanes,
        "lengths",
        "td.steps",
        "maze_td.steps_y",
        "maze_td.steps_title",
        optimum=shortest,
        optimum_label=t("maze_td.optimum", n=shortest),
        moving_average=10 if n > 50 else None,
        height=360,
    )


def side_charts(session: TDSession) -> None:
    """Mean |TD error| and ε per episode, side by side (empty before the first episode)."""
    lanes = _drawn_lanes(session)
    left, right = st.columns(2)
    _curves(
        lanes,
        "td_errors",
        "td.td_error",
        "maze_td.td_y",
        "maze_td.td_title",
        container=left,
        log_y=True,
        height=320,
    )
    _curves(
        lanes,
        "epsilons",
        "td.epsilon",
        "maze_td.eps_y",
        "maze_td.eps_title",
        container=right,
        height=320,
    )
