"""CartPole · DQN: a Q-network trained live, with the notes' settings or tuned ones.

Widgets -> :class:`playground.agents.dqn.DQNConfig` -> a ``DQNTrainer`` wrapped in a
:class:`playground.sessions.deep.LiveTraining` and trained live in chunks -> figures. The page
around them is :mod:`webui.deep_page`'s, shared with REINFORCE.
torch is imported here (through the agent), only when this page runs.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import webui
from playground.agents.dqn import DQNConfig, DQNTrainer, fast_preset, notes_preset
from playground.sessions.deep import parse_hidden_sizes
from webui import deep_page, params
from webui.dqn import view

HIDDEN_CHOICES: tuple[str, ...] = (
    *("32", "64", "128", "256", "32,32", "64,64", "128,128", "256,256"),
    *("64,64,64", "128,128,128"),
)
F = fast_preset()  # the defaults
Row = params.Setting


def hidden_sizes(text: str) -> tuple[int, ...]:
    sizes, problem = parse_hidden_sizes(text)
    if sizes is None:
        raise ValueError(f"hidden layers {text!r}: {problem}")
    return sizes


def hidden_text(sizes: tuple[int, ...]) -> str:
    return ",".join(str(h) for h in sizes)


def no_double_without_target(fields: dict[str, Any]) -> dict[str, Any]:
    # Without a target network Q⁻ is Q: Double DQN's target is the plain one.
    return fields | {"double_dqn": fields["double_dqn"] and fields["target_mode"] != "none"}


def refuse(p: params.Bound) -> str | None:
    # DQNConfig refuses this as well; say it in the student's words, with both numbers.
    if p["starts"] < p["batch"]:
        return webui.t("cartpole_dqn.starts_below_batch", starts=p["starts"], batch=p["batch"])
    return None


shared = deep_page.shared_rows(F)
TABLE: params.Table = {
    "env": shared["env"],
    "hidden": Row(
        params.Choice(default=hidden_text(F.hidden_sizes), choices=HIDDEN_CHOICES),
        "hidden_sizes",
        to_config=hidden_sizes,
        from_config=hidden_text,
        help="cartpole_dqn.hidden_help",
    ),
    "lr": shared["lr"],
    "batch": Row(params.Int(default=F.batch_size, min=16, max=512, step=16), "batch_size"),
    "replay": Row(
        params.Int(default=F.replay_capacity, min=1_000, max=200_000, step=1_000),
        "replay_capacity",
    ),
    "gamma": shared["gamma"],
    "eps": Row(
        params.Choice(default=F.epsilon_schedule, choices=("linear", "inverse_episode")),
        "epsilon_schedule",
        label="cartpole_dqn.eps_schedule",
        choice_labels="cartpole_dqn.eps",
    ),
    "eps_start": Row(params.Float(default=F.epsilon_start, min=0.0, max=1.0), "epsilon_start"),
    "eps_end": Row(params.Float(default=F.epsilon_end, min=0.0, max=1.0), "epsilon_end"),
    "eps_decay": Row(
        params.Int(default=F.epsilon_decay_steps, min=100, max=100_000, step=100),
        "epsilon_decay_steps",
    ),
    "starts": Row(
        params.Int(default=F.learning_starts, min=1, max=20_000),
        "learning_starts",
        label="cartpole_dqn.learning_starts",
        help="cartpole_dqn.learning_starts_help",
        style="number",
    ),
    "train_freq": Row(params.Int(default=F.train_freq, min=1, max=256), "train_freq"),
    "grad_steps": Row(
        params.Int(default=F.gradient_steps, min=1, max=128),
        "gradient_steps",
        label="cartpole_dqn.gradient_steps",
    ),
    "target": Row(
        params.Choice(default=F.target_mode, choices=("none", "hard", "soft")),
        "target_mode",
        choice_labels="cartpole_dqn.target",
    ),
    "target_every": Row(
        params.Int(default=F.target_update_interval, min=1, max=20_000),
        "target_update_interval",
        style="number",
    ),
    "tau": Row(params.Float(default=F.tau, min=0.001, max=1.0, step=0.001), "tau"),
    "double": Row(params.Bool(default=F.double_dqn), "double_dqn"),
    "loss": Row(
        params.Choice(default=F.loss, choices=("huber", "mse")),
        "loss",
        choice_labels="cartpole_dqn.loss",
    ),
    "clip": Row(
        params.Float(default=float(F.max_grad_norm or 0.0), min=0.0, max=100.0, step=0.5),
        "max_grad_norm",
        to_config=lambda v: v or None,
        from_config=lambda v: float(v or 0.0),
        label="cartpole_dqn.grad_clip",
    ),
    "shaping": Row(
        params.Bool(default=F.reward_shaping == "notes"),
        "reward_shaping",
        to_config=lambda on: "notes" if on else "none",
        from_config=lambda kind: kind == "notes",
        help="cartpole_dqn.shaping_help",
    ),
    "max_steps": Row(params.Int(default=20_000, min=100, max=200_000, step=100), style="number"),
    "eval_every": deep_page.eval_every_row(
        params.Int(default=F.eval_every, min=100, max=10_000, step=100)
    ),
    **deep_page.tail_rows(shared),
}


def sidebar(p: params.Bound) -> None:
    def widgets(*keys: str) -> None:
        params.widgets(p, TABLE, *keys, text="cartpole_dqn")

    widgets("env", "max_steps", "seed")
    with st.expander(webui.t("cartpole_dqn.group_network"), expanded=True):
        widgets("hidden", "lr", "batch", "replay", "gamma", "clip")
    with st.expander(webui.t("cartpole_dqn.group_explore")):
        widgets("eps", "eps_start")
        if p["eps"] == "linear":
            widgets("eps_end", "eps_decay")
        widgets("starts", "train_freq", "grad_steps")
    with st.expander(webui.t("cartpole_dqn.group_target")):
        widgets("target")
        if p["target"] == "hard":
            widgets("target_every")
        elif p["target"] == "soft":
            widgets("tau")
        no_target = p["target"] == "none"
        p.widget(
            "double",
            webui.t("cartpole_dqn.double"),
            help=webui.t(
                "cartpole_dqn.double_needs_target" if no_target else "cartpole_dqn.double_help"
            ),
            disabled=no_target,
        )
        widgets("loss", "shaping")
    widgets("eval_every")


# -- the page -----------------------------------------------------------------------------------

AGENT = deep_page.Agent(
    DQNConfig,
    DQNTrainer,
    budget="steps",
    presets={"notes": notes_preset, "fast": fast_preset},
    episode_fields=(
        *("episode", "episode_return", "total_steps", "epsilon"),
        *("mean_loss", "mean_max_q", "replay_fill"),
    ),
)
PAGE = deep_page.DeepPage(
    key="dqn",
    text="cartpole_dqn",
    table=TABLE,
    agent=AGENT,
    reset_keys=("env", "hidden", "replay", "target", "seed"),
    how_latex=r"y = r + \gamma\,(1-\text{terminated})\,\max_{a'} Q^-(s', a'),\qquad "
    r"L = \frac{1}{B}\sum_{i} \mathrm{Huber}\big(Q(s_i, a_i) - y_i\big)",
    how_after="cartpole_dqn.how_double",
    sidebar=sidebar,
    view=view,
    playback={
        "caption_key": "cartpole_dqn.frame_caption",
        "scores_title_key": "cartpole_dqn.scores_title",
        "scores_axis_key": "cartpole_dqn.axis_scores",
    },
    file_stem=lambda p: f"cartpole_dqn_{p['hidden'].replace(',', 'x')}_{p['env']}",
    adjust=no_double_without_target,
    refuse=refuse,
)
deep_page.show(PAGE, deep_page.bind(PAGE))
