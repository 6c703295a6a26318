"""The learning curves of the SARSA / Q-learning page (app_pages/maze_td.py), drawn live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.sessions.maze_td import ALGO_COLOURS, TDSession
from webui.charts import common, live_chart, pending_chart

t = webui.t


Hold = Callable[[str, Callable[[], Any], int], Any]
"""How a secondary chart gets its option (or a lane its picture): ``hold(key, build,
turn)``, built now (:func:`fresh`) or, while a run trains, one redraw in three on its
``turn`` (``LiveRun.held``)."""


def fresh(key: str, build: Callable[[], Any], turn: int = 0) -> Any:
    """What ``build()`` makes now (a :data:`Hold` that never holds)."""
    return build()


def algo_name(algo: str) -> str:
    return t(f"maze_td.algo_{algo}")


def _curves(
    lanes: list,
    field: str,
    key: str,
    y_key: str,
    title_key: str,
    container=None,
    hold: Hold = fresh,
    turn: int = 0,
    **extra,
) -> None:
    """One live chart of ``lane.<field>`` per episode, a line per algorithm; its option
    had through ``hold`` on ``turn``. Before the first episode, where it will be."""
    if not any(lane.lengths for lane in lanes):
        pending_chart(t(title_key), extra["height"], key, container=container)
        return

    def build() -> dict:
        return common.line_chart(
            {algo_name(lane.algo): getattr(lane, field) for lane in lanes},
            x=max(lanes, key=lambda lane: len(lane.lengths)).episode_numbers,
            colours={algo_name(lane.algo): ALGO_COLOURS[lane.algo] for lane in lanes},
            x_title=t("maze_td.episode_x"),
            y_title=t(y_key),
            title=t(title_key),
            mean_label=t("common.series_mean_of"),  # a template: {name}, {window}
            **extra,
        )

    live_chart(hold(key, build, turn), key, container=container)


def _drawn_lanes(session: TDSession) -> list:
    """The lanes with episodes, or all of them before the first episode."""
    return [lane for lane in session.lanes if lane.lengths] or list(session.lanes)


def charts(session: TDSession) -> None:
    """Steps per episode, with the shortest path.

    Before the first episode each chart is a box of its size with its title
    (:func:`webui.charts.pending_chart`): a first visit draws no empty charts, and the
    page keeps its layout when training draws them."""
    lanes = _drawn_lanes(session)
    shortest = session.lanes[0].optimum.shortest  # None on ice: no path is certain
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


def gap_charts(session: TDSession, hold: Hold = fresh) -> None:
    """The return of every episode as played (ε-greedy, online), and how far the greedy
    policy is from optimal after each episode: its exact value at the start against V*,
    and on a grid without ice its path length against the shortest (these two through
    ``hold``, on turns 0 and 1; the lanes' tables take turns 1 and 2, the side charts 2
    and 0: each redraw builds two of them)."""
    lanes = _drawn_lanes(session)
    best = session.lanes[0].optimum
    n = max(len(lane.lengths) for lane in lanes)
    window = 10 if n > 50 else None
    if not n:
        pending_chart(t("maze_td.return_title"), 320, "td.returns")
    else:
        _returns_chart(lanes, window)
    cols = st.columns(2 if best.shortest is not None else 1)
    _curves(
        lanes,
        "gap_values",
        "td.gap_value",
        "maze_td.gap_value_y",
        "maze_td.gap_value_title",
        container=cols[0],
        hold=hold,
        optimum=round(best.value, 4),
        optimum_label=t("maze_td.gap_value_optimum", v=f"{best.value:.4g}"),
        height=320,
    )
    if best.shortest is not None:
        _curves(
            lanes,
            "gap_paths",
            "td.gap_path",
            "maze_td.gap_path_y",
            "maze_td.gap_path_title",
            container=cols[1],
            hold=hold,
            turn=1,
            optimum=best.shortest,
            optimum_label=t("maze_td.optimum", n=best.shortest),
            height=320,
        )


def _returns_chart(lanes: list, window: int | None) -> None:
    option = common.line_chart(
        {algo_name(lane.algo): lane.returns for lane in lanes},
        x=max(lanes, key=lambda lane: len(lane.lengths)).episode_numbers,
        colours={algo_name(lane.algo): ALGO_COLOURS[lane.algo] for lane in lanes},
        x_title=t("maze_td.episode_x"),
        y_title=t("maze_td.return_y"),
        title=t("maze_td.return_title"),
        moving_average=window,
        mean_label=t("common.series_mean_of"),
        height=320,
    )
    low = return_floor([lane.returns for lane in lanes], window)
    if low is not None:  # the first, wandering episodes would flatten the rest
        option["yAxis"]["min"] = low
    live_chart(option, "td.returns")


def return_floor(returns: list[list[float]], window: int | None) -> float | None:
    """The y axis' floor of the return chart: a little below the lowest trailing mean after
    the first 10 % of episodes, so the learnt part of the curves fills the chart (the early
    episodes' deep returns are cut at the floor). None while there are few episodes."""
    if window is None:
        return None
    lows = []
    for series in returns:
        skip = max(window, len(series) // 10) + window  # means of learnt episodes only
        means = common.trailing_mean(np.asarray(series, dtype=float), window)[skip:]
        if means.size and np.isfinite(means).any():
            lows.append(float(np.nanmin(means)))
    if not lows or min(lows) >= 0:  # rewards ≥ 0 (a maze's goal): ECharts' own axis
        return None
    low = min(lows) - 0.25 * abs(min(lows)) - 1.0
    step = 10.0 ** np.floor(np.log10(abs(low))) / 2  # a round number: −169 → −200
    return float(np.floor(low / step) * step)


def side_charts(session: TDSession, hold: Hold = fresh) -> None:
    """Mean |TD error| and ε per episode, side by side (boxes before the first episode),
    through ``hold`` on turns 2 and 0."""
    lanes = _drawn_lanes(session)
    left, right = st.columns(2)
    _curves(
        lanes,
        "td_errors",
        "td.td_error",
        "maze_td.td_y",
        "maze_td.td_title",
        container=left,
        hold=hold,
        turn=2,
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
        hold=hold,
        height=320,
    )
