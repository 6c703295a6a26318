"""CartPole · REINFORCE: a softmax policy network trained live on discounted returns.

Widgets -> :class:`playground.agents.reinforce.ReinforceConfig` -> a ``ReinforceTrainer``
wrapped in a :class:`playground.sessions.deep.LiveTraining`, trained live in chunks -> figures.
The page around them is :mod:`webui.deep_page`'s, shared with DQN.
torch is imported here (through the agent), only when this page runs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

import webui
from playground.agents.reinforce import (
    ReinforceConfig,
    ReinforceTrainer,
    fast_preset,
    notes_preset,
)
from playground.cartpole import cartpole_version
from playground.sessions.deep import LiveTraining, entropy_collapsed
from webui import deep, deep_page, live, params

F = fast_preset()  # the defaults
Row = params.Setting
shared = deep_page.shared_rows(F)
TABLE: params.Table = {
    "env": shared["env"],
    "hidden": Row(
        params.Int(default=F.hidden_size, min=8, max=512, step=8),
        "hidden_size",
        help="cartpole_reinforce.hidden_help",
    ),
    "lr": shared["lr"],
    "gamma": shared["gamma"],
    "normalise": Row(
        params.Bool(default=F.normalise_returns),
        "normalise_returns",
        help="cartpole_reinforce.normalise_help",
    ),
    "baseline": Row(
        params.Bool(default=F.baseline), "baseline", help="cartpole_reinforce.baseline_help"
    ),
    "entropy": Row(
        params.Float(default=F.entropy_coef, min=0.0, max=0.2, step=0.001), "entropy_coef"
    ),
    "episodes": Row(params.Int(default=500, min=10, max=5_000, step=10)),
    "eval_every": deep_page.eval_every_row(params.Int(default=F.eval_every, min=1, max=200)),
    **deep_page.tail_rows(shared),
}


def sidebar(p: params.Bound) -> None:
    keys = ("env", "episodes", "seed", "hidden", "lr", "gamma")
    keys += ("normalise", "baseline", "entropy", "eval_every")
    params.widgets(p, TABLE, *keys, text="cartpole_reinforce")


def entropy_metric(trainer: Any, history: Mapping[str, list]) -> tuple[str, str]:
    entropy = history["entropy"][-1] if history["entropy"] else math.nan
    return webui.t("cartpole_reinforce.metric_entropy"), f"{entropy:.3f}"


def view(run: live.LiveRun, p: params.Bound) -> None:
    """Redrawn after every chunk: numbers, the return curve, loss and entropy."""
    source: LiveTraining | None = run.source
    episode_axis = webui.t("deep.axis_episode")
    text = "cartpole_reinforce"
    if not deep.returns_view(
        run, text, metric=entropy_metric, x_field="episode", x_title=episode_axis
    ):
        return
    h = source.history
    threshold = cartpole_version(source.trainer.config.env_id).solved_at
    with live.slot():
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
        deep.panel(text, "loss", x, h["loss"], smooth=deep.MEAN_WINDOW),
        deep.panel(text, "entropy", x, h["entropy"], range=[0, 0.72]),
    ]
    deep.diagnostics(panels, text=text, x_title=episode_axis)


AGENT = deep_page.Agent(
    ReinforceConfig,
    ReinforceTrainer,
    budget="episodes",
    presets={"notes": notes_preset, "fast": fast_preset},
    episode_fields=("episode", "episode_return", "loss", "entropy"),
)
PAGE = deep_page.DeepPage(
    key="rf",
    text="cartpole_reinforce",
    table=TABLE,
    agent=AGENT,
    reset_keys=("env", "hidden", "seed"),
    how_latex=r"L(\theta) = -\sum_t \log\pi_\theta(a_t \mid s_t)\,\hat A_t"
    r"\;-\; c \sum_t H\big(\pi_\theta(\cdot \mid s_t)\big),\qquad "
    r"\hat A_t = \frac{(G_t - b) - \operatorname{mean}}{\operatorname{std} + 10^{-8}}",
    how_after="cartpole_reinforce.how_entropy",
    sidebar=sidebar,
    view=view,
    playback={
        "caption_key": "cartpole_reinforce.frame_caption",
        "scores_title_key": "cartpole_reinforce.scores_title",
        "scores_axis_key": "cartpole_reinforce.axis_scores",
        "scores_range": (0.0, 1.0),
    },
    file_stem=lambda p: f"cartpole_reinforce_{p['hidden']}_{p['env']}",
)
deep_page.show(PAGE, deep_page.bind(PAGE))
