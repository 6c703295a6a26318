"""CartPole · Q-table: discretised Q-learning, with the bins made visible.

Widgets -> :class:`playground.cartpole.CartPoleTabularSettings` -> a
:class:`~playground.cartpole.CartPoleTabularRun` with greedy evaluations
(:class:`webui.cartpole_tabular.EvaluatedRun`) trained live in chunks -> figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

import webui
from playground.cartpole import CARTPOLE_VERSIONS, CartPoleTabularSettings
from webui import live, params, present
from webui.cartpole_tabular import (
    DIMS,
    KEY,
    EvaluatedRun,
    bins_of,
    dim_name,
    fixed_bin_sliders,
    numbers,
    playback_section,
    q_table_view,
    reset_labels,
    view_dims,
    visits_view,
    watch_latest,
)
from webui.charts import common as common_charts
from webui.charts import live_chart

# Bare strings at module level would be drawn by Streamlit's "magic": comments only here.
CLIPS: dict[str, params.Float] = {
    "x": params.Float(default=2.4, min=0.1, max=5.0, step=0.1),
    "x_dot": params.Float(default=3.0, min=0.1, max=6.0, step=0.1),
    "theta": params.Float(default=0.418, min=0.01, max=1.0, step=0.001),
    "theta_dot": params.Float(default=2.0, min=0.1, max=6.0, step=0.1),
}
BIN_CHOICES: tuple[str, ...] = ("auto", *(str(n) for n in range(1, 13)))

Row = params.Setting
TABLE: params.Table = {
    "env": Row(
        params.Choice(default="CartPole-v1", choices=tuple(CARTPOLE_VERSIONS)),
        "env_id",
        help="cartpole_q.env_help",
        choice_labels="cartpole_q.env",
    ),
    "bins": Row(params.Int(default=6, min=2, max=12), help="cartpole_q.bins_help"),
    "eta": Row(params.Float(default=0.5, min=0.01, max=1.0), "eta"),
    "gamma": Row(params.Float(default=0.99, min=0.0, max=1.0), "gamma"),
    "eps": Row(
        params.Choice(default="inverse", choices=("inverse", "linear", "constant")),
        "epsilon_schedule",
        label="cartpole_q.eps_schedule",
        help="cartpole_q.eps_schedule_help",
        choice_labels="cartpole_q.eps",
    ),
    "epsilon": Row(
        params.Float(default=0.5, min=0.0, max=1.0), "epsilon", help="cartpole_q.epsilon_help"
    ),
    "eps_end": Row(params.Float(default=0.01, min=0.0, max=1.0), "epsilon_end"),
    "eps_decay": Row(params.Int(default=200, min=10, max=5_000, step=10), "epsilon_decay_episodes"),
    "episodes": Row(
        params.Int(default=1_000, min=50, max=5_000, step=50),
        "episodes",
        label="common.episodes",
        help="cartpole_q.episodes_help",
    ),
    "seed": params.seed_row("cartpole_q.seed_help"),
    "shaping": Row(params.Bool(default=True), "shaping", help="cartpole_q.shaping_help"),
    "eval_every": Row(
        params.Int(default=50, min=10, max=500, step=10), help="cartpole_q.eval_every_help"
    ),
    "q_init": Row(
        params.Choice(default="zeros", choices=("zeros", "random")),
        "q_init",
        choice_labels="cartpole_q.q_init",
    ),
    # the discretiser's ranges and bins (settings_of), then view settings (not part of the run)
    **{f"clip_{d}": Row(spec) for d, spec in CLIPS.items()},
    **{f"bins_{d}": Row(params.Choice(default="auto", choices=BIN_CHOICES)) for d in DIMS},
    "xdim": Row(params.Choice(default="theta", choices=DIMS), choice_labels="cartpole_q.dim"),
    "ydim": Row(params.Choice(default="theta_dot", choices=DIMS), choice_labels="cartpole_q.dim"),
    "others": Row(
        params.Choice(default="mean", choices=("mean", "fixed")),
        choice_labels="cartpole_q.others",
        style="radio",
    ),
    "replay": Row(
        params.Choice(default="latest", choices=("latest", "best")),
        choice_labels="cartpole_q.replay",
        style="segmented",
    ),
    "speed": Row(live.SPEED),
}
# Settings a trained table cannot take over: they change the env, the table or the seed.
RESET_KEYS: tuple[str, ...] = (
    *("env", "bins", *(f"bins_{d}" for d in DIMS), *(f"clip_{d}" for d in DIMS)),
    *("shaping", "q_init", "seed"),
)
# Settings a paused run continues with.
APPLY_KEYS = ("eta", "gamma", "eps", "epsilon", "eps_end", "eps_decay", "eval_every", "episodes")
CONFIG_KEYS = RESET_KEYS + APPLY_KEYS


def settings_of(cfg: Mapping[str, Any]) -> CartPoleTabularSettings:
    """The core settings the page's values describe."""
    clips = tuple(float(cfg[f"clip_{d}"]) for d in DIMS)
    fields = params.config_fields(TABLE, cfg)
    return CartPoleTabularSettings(
        **fields, bins=bins_of(cfg), low=tuple(-c for c in clips), high=clips
    )


def widgets(*keys: str) -> None:
    params.widgets(p, TABLE, *keys, text="cartpole_q")


def view(live_run: live.LiveRun) -> None:
    """Redrawn after every chunk: numbers, the learning curve and the Q-table."""
    source: EvaluatedRun | None = live_run.source
    if source is None or not source.run.lengths:
        st.info(webui.t("cartpole_q.not_trained"), icon=":material/info:")
        return
    run = source.run
    settings = run.settings
    greedy_mean = source.greedy_means
    numbers(source, live_run.latest.epsilon if live_run.latest is not None else math.nan)
    with live.slot():
        if live_run.watching:
            watch_latest(run)
    live_chart(
        common_charts.progress_chart(
            run.lengths,
            x_title=webui.t("cartpole_q.chart_x"),
            y_title=webui.t("cartpole_q.chart_y"),
            title=webui.t("cartpole_q.chart_title"),
            raw_name=webui.t("cartpole_q.series_length"),
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

p = params.bind(
    params.spec_of(TABLE), prefix=KEY, on_change=live.config_pauser(KEY, KEY, CONFIG_KEYS)
)

st.title(webui.t("cartpole_q.title"))
present.explanation(webui.t("cartpole_q.intro"))
p.show_notices()
with st.expander(webui.t("cartpole_q.how_title")):
    st.markdown(webui.t("cartpole_q.how_body"))
    st.latex(
        r"d_i = \mathrm{digitize}(o_i,\ \mathrm{edges}_i),\qquad "
        r"s = \sum_i d_i \prod_{j<i} \mathrm{bins}_j"
    )
    st.markdown(webui.t("cartpole_q.how_update"))
    st.latex(r"Q(s,a) \leftarrow Q(s,a) + \eta\,\bigl(r + \gamma \max_{a'} Q(s',a') - Q(s,a)\bigr)")

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    widgets("env", "bins", "eta", "gamma", "eps", "epsilon")
    if p["eps"] == "linear":
        widgets("eps_end", "eps_decay")
    widgets("episodes", "seed", "shaping")
    st.caption(webui.t("cartpole_q.shaping_why"))
    widgets("eval_every")
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
        widgets("q_init")

settings: CartPoleTabularSettings | None = None
with webui.guard(webui.t("cartpole_q.build_failed")):
    settings = settings_of(p.values)

if settings is not None:
    discretiser = settings.discretiser()
    with st.sidebar:
        st.subheader(webui.t("cartpole_q.view"))
        widgets("xdim", "ydim", "others")
        if p["others"] == "fixed":
            fixed_bin_sliders(discretiser, view_dims(p))
        p.share_link(train_to=live.progress_of(KEY))

    config = {k: p[k] for k in CONFIG_KEYS}
    live_run = live.LiveRun(
        KEY,
        lambda: EvaluatedRun(config, settings_of),
        total=p["episodes"],
        config=config,
        reset_on=RESET_KEYS,
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
            widgets("replay")
            playback_section(source, p["replay"])
