"""CartPole · Q-table: discretised Q-learning, with the bins made visible.

Widgets -> :class:`playground.cartpole.CartPoleTabularSettings` -> a
:class:`~playground.cartpole.CartPoleTabularRun` with greedy evaluations
(:class:`webui.cartpole_tabular.EvaluatedRun`) trained live in chunks -> figures.
"""

from __future__ import annotations

import math

import streamlit as st

import webui
from playground import figures
from playground.cartpole import CartPoleTabularSettings
from webui import live, params
from webui.cartpole_tabular import (
    DIMS,
    KEY,
    EvaluatedRun,
    dim_name,
    fixed_bin_sliders,
    playback_section,
    q_table_view,
    reset_labels,
    settings_of,
    states_total,
    view_dims,
    visits_view,
    watch_latest,
)
from webui.charts import live_chart

# Bare strings at module level would be drawn by Streamlit's "magic": comments only here.
CLIPS: dict[str, params.Float] = {
    "x": params.Float(default=2.4, min=0.1, max=5.0, step=0.1),
    "x_dot": params.Float(default=3.0, min=0.1, max=6.0, step=0.1),
    "theta": params.Float(default=0.418, min=0.01, max=1.0, step=0.001),
    "theta_dot": params.Float(default=2.0, min=0.1, max=6.0, step=0.1),
}
BIN_CHOICES: tuple[str, ...] = ("auto", *(str(n) for n in range(1, 13)))
SOLVED_RUN = 10

SPEC: params.Spec = {
    "env": params.Choice(default="CartPole-v1", choices=("CartPole-v1", "CartPole-v0")),
    "bins": params.Int(default=6, min=2, max=12),
    "eta": params.Float(default=0.5, min=0.01, max=1.0, step=0.01),
    "gamma": params.Float(default=0.99, min=0.0, max=1.0, step=0.01),
    "eps": params.Choice(default="inverse", choices=("inverse", "linear", "constant")),
    "epsilon": params.Float(default=0.5, min=0.0, max=1.0, step=0.01),
    "eps_end": params.Float(default=0.01, min=0.0, max=1.0, step=0.01),
    "eps_decay": params.Int(default=200, min=10, max=5_000, step=10),
    "episodes": params.Int(default=1_000, min=50, max=5_000, step=50),
    "seed": params.Int(default=0, min=0, max=9_999),
    "shaping": params.Bool(default=True),
    "eval_every": params.Int(default=50, min=10, max=500, step=10),
    "q_init": params.Choice(default="zeros", choices=("zeros", "random")),
    **{f"clip_{d}": spec for d, spec in CLIPS.items()},
    **{f"bins_{d}": params.Choice(default="auto", choices=BIN_CHOICES) for d in DIMS},
    # view settings (not part of the run)
    "xdim": params.Choice(default="theta", choices=DIMS),
    "ydim": params.Choice(default="theta_dot", choices=DIMS),
    "others": params.Choice(default="mean", choices=("mean", "fixed")),
    "replay": params.Choice(default="latest", choices=("latest", "best")),
    "speed": live.SPEED,
}
# Settings a trained table cannot take over: they change the env, the table or the seed.
RESET_KEYS: tuple[str, ...] = (
    *("env", "bins", *(f"bins_{d}" for d in DIMS), *(f"clip_{d}" for d in DIMS)),
    *("shaping", "q_init", "seed"),
)
# Settings a paused run continues with.
APPLY_KEYS = ("eta", "gamma", "eps", "epsilon", "eps_end", "eps_decay", "eval_every", "episodes")
CONFIG_KEYS = RESET_KEYS + APPLY_KEYS


def view(live_run: live.LiveRun) -> None:
    """Redrawn after every chunk: numbers, the learning curve and the Q-table."""
    source: EvaluatedRun | None = live_run.source
    if source is None or not source.run.lengths:
        st.info(webui.t("cartpole_q.not_trained"), icon=":material/info:")
        return
    run = source.run
    settings = run.settings
    solved = run.solved_at(SOLVED_RUN)
    cols = st.columns(5)
    cols[0].metric(webui.t("cartpole_q.metric_episodes"), f"{run.episodes_done:,}")
    cols[1].metric(
        webui.t("cartpole_q.metric_solved"),
        webui.t("cartpole_q.not_yet") if solved is None else f"{solved + 1:,}",
        help=webui.t(
            "cartpole_q.metric_solved_help", run=SOLVED_RUN, length=settings.solved_length
        ),
    )
    cols[2].metric(
        webui.t("cartpole_q.metric_states", total=states_total(run.discretiser)),
        f"{run.states_visited:,}",
        help=webui.t("cartpole_q.metric_states_help", n=f"{run.discretiser.n_states:,}"),
    )
    eps = live_run.latest.epsilon if live_run.latest is not None else math.nan
    cols[3].metric(webui.t("cartpole_q.metric_epsilon"), f"{eps:.4f}")
    greedy_mean = source.greedy_means
    cols[4].metric(
        webui.t("cartpole_q.metric_greedy"),
        "–" if not greedy_mean else f"{greedy_mean[-1]:.0f}",
        help=webui.t("cartpole_q.eval_every_help"),
    )
    if live_run.watching:
        watch_latest(run)
    live_chart(
        figures.episode_length_chart(
            run.lengths,
            x_title=webui.t("cartpole_q.chart_x"),
            y_title=webui.t("cartpole_q.chart_y"),
            title=webui.t("cartpole_q.chart_title"),
            length_name=webui.t("cartpole_q.series_length"),
            mean_name=webui.t("cartpole_q.series_mean", n=100),
            window=100,
            evaluations=(source.eval_episodes, greedy_mean),
            evaluation_name=webui.t("cartpole_q.series_greedy"),
            solved=settings.solved_length,
            solved_label=webui.t("cartpole_q.solved_line", n=settings.solved_length),
            y_max=settings.max_steps,
        ),
        "cpq.chart.lengths",
    )
    q_table_view(source, p)


# -- the page ---------------------------------------------------------------------------------

p = params.bind(SPEC, prefix=KEY, on_change=live.config_pauser(KEY, KEY, CONFIG_KEYS))

st.title(webui.t("cartpole_q.title"))
st.markdown(webui.t("cartpole_q.intro"))
p.show_notices()
with st.expander(webui.t("cartpole_q.how_title")):
    st.markdown(webui.t("cartpole_q.how_body"))
    st.latex(
        r"d_i = \mathrm{digitize}(o_i,\ \text{edges}_i),\qquad "
        r"s = \sum_i d_i \prod_{j<i} \mathrm{bins}_j"
    )
    st.markdown(webui.t("cartpole_q.how_update"))
    st.latex(r"Q(s,a) \leftarrow Q(s,a) + \eta\,\bigl(r + \gamma \max_{a'} Q(s',a') - Q(s,a)\bigr)")

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    p.widget(
        "env",
        webui.t("cartpole_q.env"),
        help=webui.t("cartpole_q.env_help"),
        choice_labels="cartpole_q.env",
    )
    p.widget("bins", webui.t("cartpole_q.bins"), help=webui.t("cartpole_q.bins_help"))
    p.widget("eta", webui.t("cartpole_q.eta"))
    p.widget("gamma", webui.t("cartpole_q.gamma"))
    p.widget(
        "eps",
        webui.t("cartpole_q.eps_schedule"),
        help=webui.t("cartpole_q.eps_schedule_help"),
        choice_labels="cartpole_q.eps",
    )
    p.widget("epsilon", webui.t("cartpole_q.epsilon"), help=webui.t("cartpole_q.epsilon_help"))
    if p["eps"] == "linear":
        p.widget("eps_end", webui.t("cartpole_q.eps_end"))
        p.widget("eps_decay", webui.t("cartpole_q.eps_decay"))
    p.widget("episodes", webui.t("common.episodes"), help=webui.t("cartpole_q.episodes_help"))
    p.widget("seed", webui.t("common.seed"), help=webui.t("cartpole_q.seed_help"), style="number")
    p.widget("shaping", webui.t("cartpole_q.shaping"), help=webui.t("cartpole_q.shaping_help"))
    st.caption(webui.t("cartpole_q.shaping_why"))
    p.widget(
        "eval_every", webui.t("cartpole_q.eval_every"), help=webui.t("cartpole_q.eval_every_help")
    )
    with st.expander(webui.t("cartpole_q.advanced")):
        st.caption(webui.t("cartpole_q.advanced_help"))
        for i, d in enumerate(DIMS):
            p.widget(
                f"clip_{d}",
                webui.t("cartpole_q.clip", name=dim_name(i), unit=webui.t(f"cartpole_q.unit_{d}")),
            )
            p.widget(
                f"bins_{d}",
                webui.t("cartpole_q.dim_bins", name=dim_name(i)),
                format_func=lambda v: (
                    webui.t("cartpole_q.same_bins", n=p["bins"]) if v == "auto" else v
                ),
            )
        p.widget(
            "q_init",
            webui.t("cartpole_q.q_init"),
            choice_labels="cartpole_q.q_init",
        )

settings: CartPoleTabularSettings | None = None
with webui.guard(webui.t("cartpole_q.build_failed")):
    settings = settings_of(p.values)

if settings is not None:
    discretiser = settings.discretiser()
    with st.sidebar:
        st.subheader(webui.t("cartpole_q.view"))
        p.widget("xdim", webui.t("cartpole_q.xdim"), choice_labels="cartpole_q.dim")
        p.widget("ydim", webui.t("cartpole_q.ydim"), choice_labels="cartpole_q.dim")
        p.widget(
            "others",
            webui.t("cartpole_q.others"),
            choice_labels="cartpole_q.others",
            style="radio",
        )
        if p["others"] == "fixed":
            fixed_bin_sliders(discretiser, view_dims(p))
        p.share_link(train_to=live.progress_of(KEY))

    config = {k: p[k] for k in CONFIG_KEYS}
    live_run = live.LiveRun(
        KEY,
        lambda: EvaluatedRun(config),
        total=p["episodes"],
        config=config,
        reset_on=RESET_KEYS,
        apply=lambda source, cfg: source.apply(cfg),
        labels=reset_labels(),
        count=lambda tick: tick.episode + 1,
        settings=p,
    )
    live_run.show(view)

    source: EvaluatedRun | None = live_run.source
    if source is not None and source.run.latest is not None:
        with webui.guard():
            visits_view(source, p)
        with webui.guard(webui.t("cartpole_q.replay_failed")):
            st.subheader(webui.t("cartpole_q.playback_title"))
            p.widget(
                "replay",
                webui.t("cartpole_q.replay"),
                choice_labels="cartpole_q.replay",
                style="segmented",
            )
            playback_section(source, p["replay"])
