"""Maze · policies and policy gradient: θ₀, the naive and softmax π, a random walk, PG training."""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.envs import LAYOUTS, draw_maze, get_layout
from playground.sessions.maze_policy import (
    PolicyGradientRun,
    episode_animation,
    policy_tables,
    random_walk,
    softmax_sweep,
    walk_frame,
)
from webui import live, media, params, playback, verdicts
from webui.charts import common, live_chart
from webui.charts import maze as maze_charts
from webui.policy_views import pi_heatmap, step_view, theta_heatmap

PREFIX = "mp"
RUN_KEY = "mp"
ARROWS = ("↑", "→", "↓", "←")
ACTIONS = ("up", "right", "down", "left")
MAX_STATE = max(layout.n_states for layout in LAYOUTS.values()) - 1
MAZE_PX = 420
CHART_POINTS = 300  # most points per live chart; longer histories are averaged in buckets

SPEC: params.Spec = {
    "layout": params.Choice(default="seed_3x3", choices=tuple(LAYOUTS)),
    "seed": params.Int(default=0, min=0, max=9_999),
    "theta": params.Choice(default="theta0", choices=("theta0", "learned")),
    "view_beta": params.LogFloat(default=1.0, grid=params.log_grid(0.1, 10.0)),
    "walk": params.Choice(default="naive", choices=("naive", "softmax")),
    "eta": params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0)),
    "beta": params.LogFloat(default=1.0, grid=params.log_grid(0.1, 10.0)),
    "threshold": params.LogFloat(default=1e-4, grid=params.log_grid(1e-6, 1e-2)),
    "episodes": params.Int(default=10_000, min=100, max=20_000, step=100),
    "cell_s": params.Int(default=0, min=0, max=MAX_STATE),
    "cell_a": params.Choice(default="right", choices=ACTIONS),
    "speed": live.SPEED,
}
# Settings the training run depends on; the others only change what is shown.
TRAIN_KEYS = ("layout", "seed", "eta", "beta", "threshold", "episodes")
_TRAIN_CFG = "_mp.train_cfg"
_WALK = "_mp.walk"
_STEPPED = "_mp.stepped"  # the episode the Step button played last


def _pause_on_training_change() -> None:
    # View-only settings (θ shown, walk policy, explained cell) leave a run going;
    # a training setting pauses it so nothing is learned with settings the student left.
    now = {k: st.session_state.get(f"{PREFIX}.{k}") for k in TRAIN_KEYS}
    if st.session_state.get(_TRAIN_CFG) != now:
        live.pause(RUN_KEY)


def t(key: str, **fmt: Any) -> str:
    return webui.t(f"maze_policy.{key}", **fmt)


# -- settings -----------------------------------------------------------------------------
p = params.bind(SPEC, prefix=PREFIX, on_change=_pause_on_training_change)
st.session_state[_TRAIN_CFG] = {k: p[k] for k in TRAIN_KEYS}
layout = get_layout(p["layout"])
optimum = layout.shortest_path_length()
theta_mask = policy_tables(layout).theta  # θ₀: 1 where allowed, NaN where a wall blocks

st.title(t("title"))
st.markdown(t("intro"))
p.show_notices()

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    p.widget(
        "layout",
        t("layout"),
        format_func=lambda v: webui.t(f"common.layout_{v}"),
        help=t("layout_help"),
    )
    p.widget("seed", webui.t("common.seed"), help=t("seed_help"), style="number")
    p.share_link(train_to=live.progress_of(RUN_KEY))


def start() -> PolicyGradientRun:
    cfg = p.values
    return PolicyGradientRun(
        cfg["layout"],
        eta=cfg["eta"],
        beta=cfg["beta"],
        threshold=cfg["threshold"],
        seed=cfg["seed"],
    )


def apply(source: PolicyGradientRun, cfg: Any) -> None:
    source.set_learning(eta=cfg["eta"], threshold=cfg["threshold"])


run = live.LiveRun(
    RUN_KEY,
    start,
    total=p["episodes"],
    config={k: p[k] for k in TRAIN_KEYS},
    reset_on=("layout", "seed", "beta"),
    apply=apply,
    labels={
        "layout": t("layout"),
        "seed": webui.t("common.seed"),
        "beta": "β",
        "eta": "η",
        "threshold": t("threshold"),
        "episodes": t("episodes"),
    },
    record=lambda snap: (snap.length, snap.metrics["delta_pi_sum"]),
    count=lambda snap: snap.episode + 1,
    settings=p,
)
latest = run.latest

# -- 1. θ₀, naive π and softmax π -------------------------------------------------------
st.header(t("s1_title"))
st.markdown(t("s1_intro"))
with webui.guard():
    cols = st.columns([1, 2])
    with cols[0]:
        p.widget(
            "theta",
            t("theta_source"),
            format_func=lambda v: t(f"theta_{v}"),
            style="segmented",
            help=t("theta_source_help"),
        )
    with cols[1]:
        p.widget("view_beta", t("view_beta"), help=t("view_beta_help"))
    learned = p["theta"] == "learned" and latest is not None
    if p["theta"] == "learned" and latest is None:
        st.info(t("no_learned_theta"), icon=":material/info:")
    theta_view = latest.tables["theta"] if learned else None
    tables = policy_tables(layout, beta=p["view_beta"], theta=theta_view)
    theta_name = t("theta_learned_short", k=latest.episode + 1) if learned else "θ₀"

    heat = st.columns(3)
    live_chart(theta_heatmap(tables.theta, theta_name), "mp.h_theta", container=heat[0])
    if tables.naive is not None:
        live_chart(
            pi_heatmap(tables.naive, t("naive_title"), theta_mask), "mp.h_naive", container=heat[1]
        )
    else:
        heat[1].warning(t("naive_negative"), icon=":material/block:")
    live_chart(
        pi_heatmap(tables.softmax, t("softmax_title", beta=f"{p['view_beta']:g}"), theta_mask),
        "mp.h_softmax",
        container=heat[2],
    )

    # The state whose π depends most on β: the one with the widest spread of θ.
    allowed = ~np.isnan(tables.theta)
    highest = np.where(allowed, tables.theta, -np.inf).max(axis=1)
    lowest = np.where(allowed, tables.theta, np.inf).min(axis=1)
    widths = np.where(allowed.any(axis=1), highest - lowest, -1.0)
    sweep_state = int(np.argmax(widths)) if widths.max() > 0 else layout.start
    betas = np.logspace(-1, 1, 81)
    cols = st.columns([3, 2], vertical_alignment="center")
    live_chart(
        maze_charts.softmax_temperature_chart(
            betas,
            softmax_sweep(tables.theta[sweep_state], betas),
            action_labels=[f"{ARROWS[a]} {t('action_' + ACTIONS[a])}" for a in range(4)],
            beta_now=p["view_beta"],
            beta_label=f"β = {p['view_beta']:g}",
            x_title=t("axis_beta"),
            y_title=t("axis_prob", s=sweep_state),
            title=t("sweep_title", s=sweep_state),
        ),
        "mp.sweep",
        container=cols[0],
    )
    cols[1].markdown(t("sweep_flat" if widths.max() <= 0 else "sweep_explain", s=sweep_state))

    # -- the random walk ----------------------------------------------------------------
    st.subheader(t("walk_title"))
    p.widget(
        "walk",
        t("walk_policy"),
        format_func=lambda v: t(f"walk_{v}"),
        style="segmented",
    )
    walk_pi = tables.naive if p["walk"] == "naive" else tables.softmax
    if walk_pi is None:
        st.warning(t("naive_negative"), icon=":material/block:")
    else:
        walk_key = (layout.name, p["walk"], p["view_beta"], p["seed"], walk_pi.tobytes())
        held = st.session_state.get(_WALK)
        if held is None or held[0] != walk_key:
            held = (walk_key, random_walk(layout, walk_pi, seed=p["seed"]))
            st.session_state[_WALK] = held
            playback.set_frame("mp.walk", 0)
        walk = held[1]
        cols = st.columns([3, 2])
        with cols[0]:
            playback.player(
                "mp.walk",
                n_frames=len(walk.states),
                frame=lambda i: walk_frame(layout, walk, i, walk_pi, size=MAZE_PX),
                caption=lambda i: t("walk_caption", t=i, s=walk.states[i]),
                fps=6,
                gif_name=f"random_walk_{layout.name}_{p['walk']}.gif",
                width=MAZE_PX,
                source=walk_key,
            )
        with cols[1]:
            st.metric(t("walk_steps"), walk.steps, help=t("walk_steps_help"))
            st.metric(t("shortest"), optimum)
            if not walk.reached_goal:
                st.warning(t("walk_gave_up", n=walk.steps), icon=":material/hourglass:")
            if walk.cut:
                st.caption(t("walk_cut", kept=len(walk.states) - 1, total=walk.steps))
            st.markdown(t("walk_explain"))

# -- 2. policy-gradient training ---------------------------------------------------------
st.header(t("s2_title"))
st.markdown(t("s2_intro"))
cols = st.columns(4)
with cols[0]:
    p.widget("eta", "η", help=t("eta_help"))
with cols[1]:
    p.widget("beta", "β", help=t("beta_help"))
with cols[2]:
    p.widget("threshold", t("threshold"), help=t("threshold_help"))
with cols[3]:
    p.widget("episodes", t("episodes"), help=t("episodes_help"))


def step_episode() -> None:
    st.session_state[_STEPPED] = run.step(1)[-1].episode


def view(run: live.LiveRun) -> None:
    snap = run.latest
    st.button(
        t("step"),
        key="mp.step",
        icon=":material/skip_next:",
        help=t("step_help"),
        on_click=webui.safe_callback(step_episode),
        disabled=run.status in ("finished", "error"),
    )
    if snap is None:
        st.caption(t("train_hint"))
        return
    source: PolicyGradientRun = run.source
    if not run.is_running:
        verdicts.policy_gradient(source.verdict(run.total))
    theta, pi = snap.tables["theta"], snap.tables["pi"]
    cols = st.columns([3, 2])
    live_chart(
        theta_heatmap(theta, t("live_theta_title", k=snap.episode + 1)),
        "mp.live_theta",
        container=cols[0],
    )
    with cols[1]:
        if run.watching:
            media.animation(
                episode_animation(layout, snap.state_list, pi, size=MAZE_PX),
                caption=t("watch_caption", k=snap.episode + 1, t=snap.length),
                width="stretch",
            )
        else:
            media.image(
                draw_maze(layout, size=MAZE_PX, arrows=pi),
                caption=t("live_maze_caption", k=snap.episode + 1),
                width="stretch",
            )
    if st.session_state.get(_STEPPED) == snap.episode and not run.is_running:
        step_view(source, snap)
    lengths = [r[0] for r in run.records]
    changes = [r[1] for r in run.records]
    first = snap.episode + 2 - len(run.records)  # records are capped: the oldest may be gone
    x, y, k = maze_charts.bucket_means(lengths, CHART_POINTS)
    x_change, y_change, _ = maze_charts.bucket_means(changes, CHART_POINTS)
    series = t("length_series") if k == 1 else t("length_series_mean", k=k)
    lengths_chart = common.line_chart(
        {series: y},
        x=x + first - 1,
        x_title=t("axis_episode"),
        y_title=t("axis_steps"),
        title=t("length_title"),
        optimum=optimum,
        optimum_label=t("optimum", n=optimum),
        show_legend=k > 1,  # says when points are bucket means
    )
    cols = st.columns(2)
    live_chart(lengths_chart, "mp.lengths", container=cols[0])
    live_chart(
        maze_charts.log_series_chart(
            x_change + first - 1,
            y_change,
            name="Σ|Δπ|" if k == 1 else t("change_series_mean", k=k),
            x_title=t("axis_episode"),
            y_title="Σ|Δπ|",
            threshold=source.agent.settings.threshold,
            threshold_label=t("threshold_line", v=f"{source.agent.settings.threshold:g}"),
            title=t("change_title"),
        ),
        "mp.changes",
        container=cols[1],
    )


run.show(view)

# -- 3. the update rule and one cell's numbers ---------------------------------------------
st.header(t("s3_title"))
cols = st.columns(2)
with cols[0]:
    st.markdown(t("rule_intro"))
    st.latex(r"\theta \leftarrow \theta + \eta\,\Delta\theta")
    st.latex(r"\Delta\theta(s,a) = \frac{N(s,a) - \pi(s,a)\,N(s)}{T}")
    st.latex(r"\pi(s,a) = \frac{e^{\beta\,\theta(s,a)}}{\sum_{a'} e^{\beta\,\theta(s,a')}}")
    st.latex(
        r"\text{stop when } \sum_{s,a} \lvert \pi_{new}(s,a) - \pi_{old}(s,a) \rvert < \epsilon"
    )
    st.markdown(t("rule_terms"))
    st.markdown(t("rule_beta"))
    st.latex(
        r"\frac{\partial}{\partial\theta(s,a)}\;\frac1T\sum_{t=0}^{T-1}\log\pi(s_t,a_t)"
        r" = \beta\,\Delta\theta(s,a)"
    )
with cols[1], webui.guard():
    st.subheader(t("cell_title"))
    n_states = layout.n_states
    cell_s = min(p["cell_s"], n_states - 1)
    state_key = "_w.mp.cell_s_select"
    st.session_state[state_key] = cell_s

    def _on_state() -> None:
        p.set("cell_s", st.session_state[state_key])

    sel = st.columns(2)
    sel[0].selectbox(
        t("cell_state"),
        list(range(n_states)),
        key=state_key,
        format_func=lambda s: f"S{s}",
        on_change=_on_state,
    )
    with sel[1]:
        p.widget(
            "cell_a",
            t("cell_action"),
            format_func=lambda v: f"{ARROWS[ACTIONS.index(v)]} {t('action_' + v)}",
        )
    a = ACTIONS.index(p["cell_a"])
    if latest is None or latest.pg_update is None or run.source is None:
        st.info(t("cell_none"), icon=":material/info:")
    elif np.isnan(theta_mask[cell_s, a]):
        st.info(t("cell_blocked", s=cell_s, a=ARROWS[a]), icon=":material/block:")
    else:
        cell = run.source.cell(latest, cell_s, a)
        st.caption(t("cell_episode", k=latest.episode + 1))
        rows = [
            ("N(s,a)", cell.n_sa, t("q_n_sa")),
            ("N(s)", cell.n_s, t("q_n_s")),
            ("π(s,a)", cell.pi, t("q_pi")),
            ("T", cell.steps, t("q_t")),
            ("Δθ(s,a)", cell.delta_theta, t("q_delta")),
            ("η", cell.eta, t("q_eta")),
            (t("q_before_name"), cell.theta_before, t("q_before")),
            (t("q_after_name"), cell.theta_after, t("q_after")),
        ]
        st.dataframe(
            {
                t("col_symbol"): [r[0] for r in rows],
                t("col_value"): [float(r[1]) for r in rows],
                t("col_meaning"): [r[2] for r in rows],
            },
            hide_index=True,
            width="stretch",
            column_config={t("col_value"): st.column_config.NumberColumn(format="%.6g")},
            key="mp.cell_table",
        )
        st.latex(
            rf"\Delta\theta = \frac{{{cell.n_sa} - {cell.pi:.4f}\times{cell.n_s}}}{{{cell.steps}}}"
            rf" = {cell.delta_theta:.5f}"
        )
        st.latex(
            rf"\theta \leftarrow {cell.theta_before:.5f} + {cell.eta:g}\times({cell.delta_theta:.5f})"
            rf" = {cell.theta_after:.5f}"
        )
        if cell.n_s == 0:
            st.caption(t("cell_unvisited", s=cell_s))
