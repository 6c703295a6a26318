"""Maze · policies and policy gradient: θ₀, the naive and softmax π, a random walk, PG training."""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

import webui
from playground.agents import theta0_from_mask
from playground.sessions.maze_policy import PolicyGradientRun, policy_tables
from webui import env_picker, live, params, present, verdicts
from webui.charts import live_chart
from webui.policy_settings import RESET_ON, TABLE, TRAIN_KEYS
from webui.policy_views import (
    ACTIONS,
    ARROWS,
    EpisodeRecord,
    beta_sweep,
    cell_numbers,
    live_maze,
    pi_heatmap,
    progress_charts,
    step_view,
    theta_heatmap,
    walk_section,
)

KEY = "mp"  # the settings' prefix and the live run's key
SYMBOLS = {"beta": "β", "eta": "η"}
_STEPPED = "_mp.stepped"  # the episode the Step button played last


def t(key: str, **fmt: Any) -> str:
    return webui.t(f"maze_policy.{key}", **fmt)


# -- settings -----------------------------------------------------------------------------
# View-only settings (θ shown, walk policy, explained cell) leave a run going; a training
# setting pauses it, so nothing is learned with settings the student left.
p = params.bind(
    params.spec_of(TABLE), prefix=KEY, on_change=live.config_pauser(KEY, KEY, TRAIN_KEYS)
)

st.title(t("title"))
present.explanation(t("intro"))
p.show_notices()

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    env_picker.widgets(p, "layout")
    params.widgets(p, TABLE, "seed", text="maze_policy")
    p.share_link(train_to=live.progress_of(KEY))
prob = env_picker.problem(p, "layout")
layout = prob.layout  # the notes' maze, or None on a grid
theta_mask = theta0_from_mask(prob.action_masks)  # θ₀: 1 where allowed, NaN where blocked


run = live.LiveRun(
    KEY,
    lambda: PolicyGradientRun(
        layout or prob, eta=p["eta"], beta=p["beta"], threshold=p["threshold"], seed=p["seed"]
    ),
    total=p["episodes"],
    config={k: p[k] for k in TRAIN_KEYS},
    reset_on=RESET_ON,
    labels={k: SYMBOLS.get(k) or params.label(TABLE, k, "maze_policy") for k in TRAIN_KEYS},
    record=lambda snap: EpisodeRecord.of(snap, run.source),
    count=lambda snap: snap.episode + 1,
    settings=p,
)
latest = run.latest

# -- 1. θ₀, naive π and softmax π (in presenter view below the training) ----------------
with webui.guard(), present.later("mp-s1"):
    st.header(t("s1_title"))
    present.explanation(t("s1_intro"))
    if layout is None:  # θ₀, the naive π and the walk are the notes' maze exercises
        st.info(t("grid_no_walk"), icon=":material/info:")
    else:
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
                pi_heatmap(tables.naive, t("naive_title"), theta_mask),
                "mp.h_naive",
                container=heat[1],
            )
        else:
            heat[1].warning(t("naive_negative"), icon=":material/block:")
        live_chart(
            pi_heatmap(tables.softmax, t("softmax_title", beta=f"{p['view_beta']:g}"), theta_mask),
            "mp.h_softmax",
            container=heat[2],
        )

        beta_sweep(tables.theta, layout.start, p["view_beta"])
        walk_section(p, layout, tables, layout.shortest_path_length())

# -- 2. policy-gradient training ---------------------------------------------------------
st.header(t("s2_title"))
present.explanation(t("s2_intro"))
cols = present.settings_area().columns(4)
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
    if not present.active():  # in presenter view the controls' Step (→) does this
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
    with live.slot():
        if not run.is_running and source.optimum.shortest is not None:  # none on ice
            verdicts.policy_gradient(source.verdict(run.total))
    cols = st.columns([3, 2])
    live_chart(
        theta_heatmap(snap.tables["theta"], t("live_theta_title", k=snap.episode + 1)),
        "mp.live_theta",
        container=cols[0],
    )
    if layout is None:  # section 1's π tables are the notes' mazes': on a grid, π is here
        title = t("live_pi_title", k=snap.episode + 1)
        live_chart(
            pi_heatmap(snap.tables["pi"], title, theta_mask), "mp.live_pi", container=cols[0]
        )
    with cols[1]:
        p.widget("optimal", webui.t("maze_td.optimal"), help=webui.t("maze_td.optimal_help"))
        overlay = source.optimum.policy if p["optimal"] else None
        live_maze(prob, snap, watching=run.watching, optimal=overlay)
    if st.session_state.get(_STEPPED) == snap.episode and not run.is_running:
        step_view(source, snap)
    best = source.optimum
    progress_charts(
        run, snap, best.shortest, threshold=source.agent.settings.threshold, best=best.value
    )


run.show(view)
with webui.guard():
    env_picker.slip_view(prob, "mp.slip")  # nothing on a grid without ice

# -- 3. the update rule and one cell's numbers ---------------------------------------------
st.header(t("s3_title"))
cols = st.columns(2)
with cols[0]:
    st.markdown(t("rule_intro"))
    st.latex(r"\theta \leftarrow \theta + \eta\,\Delta\theta")
    st.latex(r"\Delta\theta(s,a) = \frac{N(s,a) - \pi(s,a)\,N(s)}{T}")
    if layout is None:  # episodes may end in a hole, over the cliff or by the time limit
        st.markdown(t("update_baseline"))
        st.latex(r"\Delta\theta(s,a) = \frac{G - b}{\sigma}\cdot\frac{N(s,a) - \pi(s,a)\,N(s)}{T}")
        st.latex(r"b \leftarrow b + 0.05\,(G - b)")
    else:
        st.markdown(t("update_notes"))
    st.latex(r"\pi(s,a) = \frac{e^{\beta\,\theta(s,a)}}{\sum_{a'} e^{\beta\,\theta(s,a')}}")
    st.latex(
        rf"\text{{{t('stop_when')} }} \sum_{{s,a}} \lvert \pi_{{new}}(s,a) - \pi_{{old}}(s,a) \rvert"
        r" < \epsilon"
    )
    st.markdown(t("rule_terms"))
    st.markdown(t("rule_beta"))
    st.latex(
        r"\frac{\partial}{\partial\theta(s,a)}\;\frac1T\sum_{t=0}^{T-1}\log\pi(s_t,a_t)"
        r" = \beta\,\Delta\theta(s,a)"
    )
with cols[1], webui.guard():
    st.subheader(t("cell_title"))
    n_states = prob.model.n_states
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
    elif math.isnan(theta_mask[cell_s, a]):
        st.info(t("cell_blocked", s=cell_s, a=ARROWS[a]), icon=":material/block:")
    else:
        cell_numbers(run.source.cell(latest, cell_s, a), latest.episode, cell_s)
