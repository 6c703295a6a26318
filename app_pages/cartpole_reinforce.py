"""CartPole · REINFORCE: a softmax policy network trained live on discounted returns.

Widgets -> :class:`playground.agents.reinforce.ReinforceConfig` -> a ``ReinforceTrainer``
wrapped in a :class:`playground.sessions.deep.LiveTraining`, trained live in chunks -> figures.
torch is imported here (through the agent), only when this page runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

import webui
from playground.agents.deep_common import MAX_WEIGHTS_BYTES, WeightsError
from playground.agents.reinforce import (
    ReinforceConfig,
    ReinforceTrainer,
    fast_preset,
    notes_preset,
)
from playground.cartpole import CARTPOLE_VERSIONS, cartpole_version
from playground.sessions.deep import LiveTraining, entropy_collapsed
from webui import deep, live, params
from webui.charts import deep as deep_charts
from webui.charts import live_chart

PREFIX = "rf"
RUN_KEY = "rf"
EPISODE_FIELDS: tuple[str, ...] = ("episode", "episode_return", "loss", "entropy")
_FAST = fast_preset()

SPEC: params.Spec = {
    "env": params.Choice(default="CartPole-v1", choices=tuple(CARTPOLE_VERSIONS)),
    "hidden": params.Int(default=_FAST.hidden_size, min=8, max=512, step=8),
    "lr": params.LogFloat(
        default=_FAST.learning_rate, grid=params.log_grid(1e-5, 1.0, per_decade=(1, 2.5, 5))
    ),
    "gamma": params.Float(default=_FAST.gamma, min=0.0, max=1.0, step=0.01),
    "normalise": params.Bool(default=_FAST.normalise_returns),
    "baseline": params.Bool(default=_FAST.baseline),
    "entropy": params.Float(default=_FAST.entropy_coef, min=0.0, max=0.2, step=0.001),
    "episodes": params.Int(default=500, min=10, max=5_000, step=10),
    "eval_every": params.Int(default=_FAST.eval_every, min=1, max=200),
    "seed": params.Int(default=0, min=0, max=9_999),
    # view setting (not part of the run)
    "pb_seed": params.Int(default=0, min=0, max=9_999),
    "speed": live.SPEED,
}
# Settings a trained agent cannot take over: another env, network or seed.
RESET_KEYS: tuple[str, ...] = ("env", "hidden", "seed")
CONFIG_KEYS: tuple[str, ...] = tuple(k for k in SPEC if k not in ("pb_seed", "speed"))


def values_of(cfg: ReinforceConfig) -> dict[str, Any]:
    """The page's widget values for a preset config (env, budget and seed untouched)."""
    return {
        "hidden": cfg.hidden_size,
        "lr": cfg.learning_rate,
        "gamma": cfg.gamma,
        "normalise": cfg.normalise_returns,
        "baseline": cfg.baseline,
        "entropy": cfg.entropy_coef,
    }


def reinforce_config(v: Mapping[str, Any]) -> ReinforceConfig:
    """The core config the page's values describe (raises ValueError if inconsistent)."""
    return ReinforceConfig(
        env_id=v["env"],
        hidden_size=v["hidden"],
        learning_rate=v["lr"],
        gamma=v["gamma"],
        normalise_returns=v["normalise"],
        baseline=v["baseline"],
        entropy_coef=v["entropy"],
        eval_every=v["eval_every"],
        seed=v["seed"],
    )


def start(cfg: Mapping[str, Any]) -> LiveTraining:
    trainer = ReinforceTrainer(reinforce_config(cfg))
    return LiveTraining(trainer, cfg["episodes"], "episodes", EPISODE_FIELDS)


def apply(source: LiveTraining, cfg: Mapping[str, Any]) -> None:
    """Continue a paused run with new learning settings and budget (keeps the network)."""
    source.set_limit(cfg["episodes"])
    source.apply(reinforce_config(cfg), learning_rate=cfg["lr"])


def view(run: live.LiveRun) -> None:
    """Redrawn after every chunk: numbers, the return curve, loss and entropy."""
    source: LiveTraining | None = run.source
    episode_axis = webui.t("cartpole_dqn.axis_episode")
    if not deep.returns_view(
        source,
        watching=run.watching,
        metric=lambda trainer, h: (
            webui.t("cartpole_reinforce.metric_entropy"),
            f"{h['entropy'][-1] if h['entropy'] else math.nan:.3f}",
        ),
        x_field="episode",
        x_title=episode_axis,
        title=webui.t("cartpole_reinforce.chart_title"),
        chart_key="rf.chart.returns",
    ):
        return
    h = source.history
    threshold = cartpole_version(source.trainer.config.env_id).solved_at
    if entropy_collapsed(h["entropy"], h["episode_return"], threshold):
        st.warning(
            webui.t(
                "cartpole_reinforce.entropy_collapsed",
                lr=f"{source.trainer.config.learning_rate:g}",
            ),
            icon=":material/warning:",
        )
    x = h["episode"]
    panels = [
        {
            "title": webui.t("cartpole_reinforce.panel_loss"),
            "x": x,
            "y": h["loss"],
            "y_title": webui.t("cartpole_reinforce.axis_loss"),
            "smooth": deep.MEAN_WINDOW,
        },
        {
            "title": webui.t("cartpole_reinforce.panel_entropy"),
            "x": x,
            "y": h["entropy"],
            "y_title": webui.t("cartpole_reinforce.axis_entropy"),
            "range": [0, 0.72],
        },
    ]
    live_chart(
        deep_charts.small_multiples(
            panels, x_title=episode_axis, title=webui.t("cartpole_reinforce.diag_title")
        ),
        "rf.chart.diagnostics",
    )


# -- the page -----------------------------------------------------------------------------------

p = params.bind(SPEC, prefix=PREFIX, on_change=live.config_pauser(RUN_KEY, PREFIX, CONFIG_KEYS))

st.title(webui.t("cartpole_reinforce.title"))
st.markdown(webui.t("cartpole_reinforce.intro"))
p.show_notices()
with st.expander(webui.t("cartpole_reinforce.how_title")):
    st.markdown(webui.t("cartpole_reinforce.how_body"))
    st.latex(
        r"L(\theta) = -\sum_t \log\pi_\theta(a_t \mid s_t)\,\hat A_t"
        r"\;-\; c \sum_t H\big(\pi_\theta(\cdot \mid s_t)\big),\qquad "
        r"\hat A_t = \frac{(G_t - b) - \operatorname{mean}}{\operatorname{std} + 10^{-8}}"
    )
    st.markdown(webui.t("cartpole_reinforce.how_entropy"))

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    deep.presets_row(
        p,
        RUN_KEY,
        {"notes": lambda: values_of(notes_preset()), "fast": lambda: values_of(fast_preset())},
    )
    p.widget(
        "env",
        webui.t("cartpole_dqn.env"),
        format_func={c: webui.t(f"cartpole_dqn.env_{c}") for c in CARTPOLE_VERSIONS}.get,
    )
    p.widget("episodes", webui.t("cartpole_reinforce.episodes"))
    p.widget("seed", webui.t("common.seed"), help=webui.t("cartpole_dqn.seed_help"), style="number")
    p.widget(
        "hidden",
        webui.t("cartpole_reinforce.hidden"),
        help=webui.t("cartpole_reinforce.hidden_help"),
    )
    p.widget("lr", webui.t("cartpole_dqn.lr"))
    p.widget("gamma", webui.t("cartpole_dqn.gamma"))
    p.widget(
        "normalise",
        webui.t("cartpole_reinforce.normalise"),
        help=webui.t("cartpole_reinforce.normalise_help"),
    )
    p.widget(
        "baseline",
        webui.t("cartpole_reinforce.baseline"),
        help=webui.t("cartpole_reinforce.baseline_help"),
    )
    p.widget("entropy", webui.t("cartpole_reinforce.entropy"))
    p.widget(
        "eval_every",
        webui.t("cartpole_reinforce.eval_every"),
        help=webui.t("cartpole_dqn.eval_every_help"),
    )
    st.caption(webui.t("cartpole_dqn.threads_note"))
    p.share_link(train_to=live.progress_of(RUN_KEY))

config = {k: p[k] for k in CONFIG_KEYS}
if deep.buildable(reinforce_config, config):
    run = deep.live_run(
        RUN_KEY,
        lambda: start(config),
        total=p["episodes"],
        config=config,
        reset_on=RESET_KEYS,
        apply=apply,
        settings=p,
        labels={
            "env": webui.t("cartpole_dqn.env"),
            "hidden": webui.t("cartpole_reinforce.hidden"),
            "seed": webui.t("common.seed"),
        },
    )
    run.show(view)
    if run.source is not None:
        with webui.guard():
            deep.playback_section(
                PREFIX,
                run,
                lambda: p.widget("pb_seed", webui.t("cartpole_dqn.playback_seed"), style="number"),
                caption_key="cartpole_reinforce.frame_caption",
                scores_title_key="cartpole_reinforce.scores_title",
                scores_axis_key="cartpole_reinforce.axis_scores",
                scores_range=(0.0, 1.0),
                gif_name=f"cartpole_reinforce_seed{p['pb_seed']}.gif",
            )
    with webui.guard():
        deep.weights_section(
            PREFIX,
            run,
            file_name=f"cartpole_reinforce_{p['hidden']}_{p['env']}.pt",
            max_bytes=MAX_WEIGHTS_BYTES,
            error_types=(WeightsError,),
        )
