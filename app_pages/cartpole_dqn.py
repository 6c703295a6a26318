"""CartPole · DQN: a Q-network trained live, with the notes' settings or tuned ones.

Widgets -> :class:`playground.agents.dqn.DQNConfig` -> a ``DQNTrainer`` wrapped in a
:class:`playground.sessions.deep.LiveTraining` and trained live in chunks -> figures.
torch is imported here (through the agent), only when this page runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.agents.deep_common import MAX_WEIGHTS_BYTES, WeightsError
from playground.agents.dqn import (
    DQNConfig,
    DQNTrainer,
    fast_preset,
    notes_preset,
    stored_reward_range,
)
from playground.cartpole import CARTPOLE_VERSIONS
from playground.sessions.deep import (
    LiveTraining,
    QBeyondBound,
    parse_hidden_sizes,
    q_beyond_bound,
    value_range,
)
from webui import deep, live, params
from webui.charts import deep as deep_charts
from webui.charts import live_chart

PREFIX = "dqn"
RUN_KEY = "dqn"
HIDDEN_CHOICES: tuple[str, ...] = (
    "32",
    "64",
    "128",
    "256",
    "32,32",
    "64,64",
    "128,128",
    "256,256",
    "64,64,64",
    "128,128,128",
)
EPISODE_FIELDS: tuple[str, ...] = (
    "episode",
    "episode_return",
    "total_steps",
    "epsilon",
    "mean_loss",
    "mean_max_q",
    "replay_fill",
)
_FAST = fast_preset()

SPEC: params.Spec = {
    "env": params.Choice(default="CartPole-v1", choices=tuple(CARTPOLE_VERSIONS)),
    "hidden": params.Choice(default="64,64", choices=HIDDEN_CHOICES),
    "lr": params.LogFloat(
        default=_FAST.learning_rate, grid=params.log_grid(1e-5, 1.0, per_decade=(1, 2.5, 5))
    ),
    "batch": params.Int(default=_FAST.batch_size, min=16, max=512, step=16),
    "replay": params.Int(default=_FAST.replay_capacity, min=1_000, max=200_000, step=1_000),
    "gamma": params.Float(default=_FAST.gamma, min=0.0, max=1.0, step=0.01),
    "eps": params.Choice(default=_FAST.epsilon_schedule, choices=("linear", "inverse_episode")),
    "eps_start": params.Float(default=_FAST.epsilon_start, min=0.0, max=1.0, step=0.01),
    "eps_end": params.Float(default=_FAST.epsilon_end, min=0.0, max=1.0, step=0.01),
    "eps_decay": params.Int(default=_FAST.epsilon_decay_steps, min=100, max=100_000, step=100),
    "starts": params.Int(default=_FAST.learning_starts, min=1, max=20_000),
    "train_freq": params.Int(default=_FAST.train_freq, min=1, max=256),
    "grad_steps": params.Int(default=_FAST.gradient_steps, min=1, max=128),
    "target": params.Choice(default=_FAST.target_mode, choices=("none", "hard", "soft")),
    "target_every": params.Int(default=_FAST.target_update_interval, min=1, max=20_000),
    "tau": params.Float(default=_FAST.tau, min=0.001, max=1.0, step=0.001),
    "double": params.Bool(default=_FAST.double_dqn),
    "loss": params.Choice(default=_FAST.loss, choices=("huber", "mse")),
    "clip": params.Float(default=float(_FAST.max_grad_norm or 0.0), min=0.0, max=100.0, step=0.5),
    "shaping": params.Bool(default=_FAST.reward_shaping == "notes"),
    "max_steps": params.Int(default=20_000, min=100, max=200_000, step=100),
    "eval_every": params.Int(default=_FAST.eval_every, min=100, max=10_000, step=100),
    "seed": params.Int(default=0, min=0, max=9_999),
    # view setting (not part of the run)
    "pb_seed": params.Int(default=0, min=0, max=9_999),
    "speed": live.SPEED,
}
# Settings a trained agent cannot take over: another env, network, memory or seed.
RESET_KEYS: tuple[str, ...] = ("env", "hidden", "replay", "target", "seed")
CONFIG_KEYS: tuple[str, ...] = tuple(k for k in SPEC if k not in ("pb_seed", "speed"))


def values_of(cfg: DQNConfig) -> dict[str, Any]:
    """The page's widget values for a preset config (env, budget and seed untouched)."""
    return {
        "hidden": ",".join(str(h) for h in cfg.hidden_sizes),
        "lr": cfg.learning_rate,
        "batch": cfg.batch_size,
        "replay": cfg.replay_capacity,
        "gamma": cfg.gamma,
        "eps": cfg.epsilon_schedule,
        "eps_start": cfg.epsilon_start,
        "eps_end": cfg.epsilon_end,
        "eps_decay": cfg.epsilon_decay_steps,
        "starts": cfg.learning_starts,
        "train_freq": cfg.train_freq,
        "grad_steps": cfg.gradient_steps,
        "target": cfg.target_mode,
        "target_every": cfg.target_update_interval,
        "tau": cfg.tau,
        "double": cfg.double_dqn,
        "loss": cfg.loss,
        "clip": float(cfg.max_grad_norm or 0.0),
        "shaping": cfg.reward_shaping == "notes",
    }


def dqn_config(v: Mapping[str, Any]) -> DQNConfig:
    """The core config the page's values describe (raises ValueError if inconsistent)."""
    sizes, problem = parse_hidden_sizes(v["hidden"])
    if sizes is None:
        raise ValueError(f"hidden layers {v['hidden']!r}: {problem}")
    return DQNConfig(
        env_id=v["env"],
        hidden_sizes=sizes,
        learning_rate=v["lr"],
        batch_size=v["batch"],
        replay_capacity=v["replay"],
        gamma=v["gamma"],
        epsilon_schedule=v["eps"],
        epsilon_start=v["eps_start"],
        epsilon_end=v["eps_end"],
        epsilon_decay_steps=v["eps_decay"],
        learning_starts=v["starts"],
        train_freq=v["train_freq"],
        gradient_steps=v["grad_steps"],
        target_mode=v["target"],
        target_update_interval=v["target_every"],
        tau=v["tau"],
        # Without a target network Q⁻ is Q: Double DQN's target is the plain one.
        double_dqn=v["double"] and v["target"] != "none",
        loss=v["loss"],
        max_grad_norm=v["clip"] or None,
        reward_shaping="notes" if v["shaping"] else "none",
        eval_every=v["eval_every"],
        seed=v["seed"],
    )


def start(cfg: Mapping[str, Any]) -> LiveTraining:
    return LiveTraining(DQNTrainer(dqn_config(cfg)), cfg["max_steps"], "steps", EPISODE_FIELDS)


def apply(source: LiveTraining, cfg: Mapping[str, Any]) -> None:
    """Continue a paused run with new learning settings and budget (keeps the network)."""
    source.set_limit(cfg["max_steps"])
    source.apply(dqn_config(cfg), learning_rate=cfg["lr"])


def _choices(name: str, key: str) -> Any:
    param = SPEC[name]
    assert isinstance(param, params.Choice)
    return {c: webui.t(f"{key}_{c}") for c in param.choices}.__getitem__


# -- the live view ------------------------------------------------------------------------------

SWITCHED_KEY = f"_{PREFIX}.q_bound_switched"


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def use_target_network(run: live.LiveRun) -> None:
    """The overestimation note's button: a target network (hard copy every N env steps)
    and Double DQN, then a fresh run so the student trains again and compares."""
    if p["target"] == "none":
        p.set("target", "hard")
    p.set("double", True)
    run.reset(
        notice=webui.t("cartpole_dqn.q_bound_switched", n=f"{p['target_every']:,}")
        if p["target"] == "hard"
        else webui.t("cartpole_dqn.q_bound_switched_double")
    )
    st.session_state[SWITCHED_KEY] = True


def overestimation_note(run: live.LiveRun, breach: QBeyondBound, config: DQNConfig) -> None:
    """Q beyond every possible return: what happened, why, and the cure one click away."""
    r_min, r_max = stored_reward_range(config.reward_shaping)
    st.warning(
        webui.t(
            "cartpole_dqn.q_beyond_bound",
            value=_number(breach.value),
            steps=int(breach.total_steps),
            latest=_number(breach.latest),
            rewards=webui.t("cartpole_dqn.q_bound_rewards_one", r=r_max)
            if r_min == r_max
            else webui.t("cartpole_dqn.q_bound_rewards_range", r_min=r_min, r_max=r_max),
            gamma=config.gamma,
            low=_number(breach.low),
            high=_number(breach.high),
        )
        + "\n\n"
        + webui.t("cartpole_dqn.q_bound_cure"),
        icon=":material/trending_up:",
    )
    if config.target_mode == "none" or not config.double_dqn:
        st.button(
            webui.t("cartpole_dqn.q_bound_switch"),
            key=f"_{PREFIX}.q_bound_switch",
            help=webui.t("cartpole_dqn.q_bound_switch_help", n=f"{p['target_every']:,}"),
            icon=":material/swap_horiz:",
            on_click=use_target_network,
            args=(run,),
        )
    else:
        st.caption(webui.t("cartpole_dqn.q_bound_has_target"))


def view(run: live.LiveRun) -> None:
    """Redrawn after every chunk: numbers, the return curve and the learner's insides."""
    if st.session_state.pop(SWITCHED_KEY, False):
        st.rerun()  # the click reran this view only; the sidebar must show the new settings
    source: LiveTraining | None = run.source
    steps_axis = webui.t("cartpole_dqn.axis_steps")
    if not deep.returns_view(
        source,
        watching=run.watching,
        metric=lambda trainer, h: (
            webui.t("cartpole_dqn.metric_epsilon"),
            f"{trainer.epsilon():.3f}",
        ),
        x_field="total_steps",
        x_title=steps_axis,
        title=webui.t("cartpole_dqn.chart_title"),
        chart_key="cartpole_dqn.chart.returns",
    ):
        return
    h = source.history
    x = h["total_steps"]
    config = source.trainer.config
    reward_range = stored_reward_range(config.reward_shaping)
    breach = q_beyond_bound(h["mean_max_q"], x, reward_range=reward_range, gamma=config.gamma)
    if breach is not None:
        overestimation_note(run, breach, config)
    bounds = value_range(reward_range, config.gamma)
    # The bound line once Q comes near it: drawn from the start it would flatten small values.
    near = bounds is not None and max(h["mean_max_q"], default=0.0) >= bounds[1] / 2
    panels = [
        {
            "title": webui.t("cartpole_dqn.panel_loss"),
            "x": x,
            "y": h["mean_loss"],
            "y_title": webui.t("cartpole_dqn.axis_loss"),
            "log_y": True,
        },
        {
            "title": webui.t("cartpole_dqn.panel_maxq"),
            "x": x,
            "y": h["mean_max_q"],
            "y_title": webui.t("cartpole_dqn.axis_q"),
            "hline": (
                (bounds[1], webui.t("cartpole_dqn.q_bound_line", high=_number(bounds[1])))
                if bounds is not None and (near or breach is not None)
                else None
            ),
        },
        {
            "title": webui.t("cartpole_dqn.panel_eps"),
            "x": x,
            "y": h["epsilon"],
            "y_title": webui.t("cartpole_dqn.axis_eps"),
            "range": [0, 1.02],
        },
        {
            "title": webui.t("cartpole_dqn.panel_fill"),
            "x": x,
            "y": 100 * np.asarray(h["replay_fill"]),
            "y_title": webui.t("cartpole_dqn.axis_fill"),
            "range": [0, 102],
        },
    ]
    live_chart(
        deep_charts.small_multiples(
            panels, x_title=steps_axis, title=webui.t("cartpole_dqn.diag_title")
        ),
        "cartpole_dqn.chart.diagnostics",
    )


# -- the page -----------------------------------------------------------------------------------

p = params.bind(SPEC, prefix=PREFIX, on_change=live.config_pauser(RUN_KEY, PREFIX, CONFIG_KEYS))

st.title(webui.t("cartpole_dqn.title"))
st.markdown(webui.t("cartpole_dqn.intro"))
p.show_notices()
with st.expander(webui.t("cartpole_dqn.how_title")):
    st.markdown(webui.t("cartpole_dqn.how_body"))
    st.latex(
        r"y = r + \gamma\,(1-\text{terminated})\,\max_{a'} Q^-(s', a'),\qquad "
        r"L = \frac{1}{B}\sum_{i} \mathrm{Huber}\big(Q(s_i, a_i) - y_i\big)"
    )
    st.markdown(webui.t("cartpole_dqn.how_double"))

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    deep.presets_row(
        p,
        RUN_KEY,
        {"notes": lambda: values_of(notes_preset()), "fast": lambda: values_of(fast_preset())},
    )
    p.widget("env", webui.t("cartpole_dqn.env"), format_func=_choices("env", "cartpole_dqn.env"))
    p.widget("max_steps", webui.t("cartpole_dqn.max_steps"), style="number")
    p.widget("seed", webui.t("common.seed"), help=webui.t("cartpole_dqn.seed_help"), style="number")
    with st.expander(webui.t("cartpole_dqn.group_network"), expanded=True):
        p.widget("hidden", webui.t("cartpole_dqn.hidden"), help=webui.t("cartpole_dqn.hidden_help"))
        p.widget("lr", webui.t("cartpole_dqn.lr"))
        p.widget("batch", webui.t("cartpole_dqn.batch"))
        p.widget("replay", webui.t("cartpole_dqn.replay"))
        p.widget("gamma", webui.t("cartpole_dqn.gamma"))
        p.widget("clip", webui.t("cartpole_dqn.grad_clip"))
    with st.expander(webui.t("cartpole_dqn.group_explore")):
        p.widget(
            "eps",
            webui.t("cartpole_dqn.eps_schedule"),
            format_func=_choices("eps", "cartpole_dqn.eps"),
        )
        p.widget("eps_start", webui.t("cartpole_dqn.eps_start"))
        if p["eps"] == "linear":
            p.widget("eps_end", webui.t("cartpole_dqn.eps_end"))
            p.widget("eps_decay", webui.t("cartpole_dqn.eps_decay"))
        p.widget(
            "starts",
            webui.t("cartpole_dqn.learning_starts"),
            help=webui.t("cartpole_dqn.learning_starts_help"),
            style="number",
        )
        p.widget("train_freq", webui.t("cartpole_dqn.train_freq"))
        p.widget("grad_steps", webui.t("cartpole_dqn.gradient_steps"))
    with st.expander(webui.t("cartpole_dqn.group_target")):
        p.widget(
            "target",
            webui.t("cartpole_dqn.target"),
            format_func=_choices("target", "cartpole_dqn.target"),
        )
        if p["target"] == "hard":
            p.widget("target_every", webui.t("cartpole_dqn.target_every"), style="number")
        elif p["target"] == "soft":
            p.widget("tau", webui.t("cartpole_dqn.tau"))
        no_target = p["target"] == "none"
        p.widget(
            "double",
            webui.t("cartpole_dqn.double"),
            help=webui.t(
                "cartpole_dqn.double_needs_target" if no_target else "cartpole_dqn.double_help"
            ),
            disabled=no_target,
        )
        p.widget(
            "loss", webui.t("cartpole_dqn.loss"), format_func=_choices("loss", "cartpole_dqn.loss")
        )
        p.widget(
            "shaping", webui.t("cartpole_dqn.shaping"), help=webui.t("cartpole_dqn.shaping_help")
        )
    p.widget(
        "eval_every",
        webui.t("cartpole_dqn.eval_every"),
        help=webui.t("cartpole_dqn.eval_every_help"),
    )
    st.caption(webui.t("cartpole_dqn.threads_note"))
    p.share_link(train_to=live.progress_of(RUN_KEY))

config = {k: p[k] for k in CONFIG_KEYS}
if p["starts"] < p["batch"]:
    # DQNConfig refuses this as well; say it in the student's words, with both numbers.
    st.error(
        webui.t("cartpole_dqn.build_failed")
        + ": "
        + webui.t("cartpole_dqn.starts_below_batch", starts=p["starts"], batch=p["batch"]),
        icon=":material/error:",
    )
elif deep.buildable(dqn_config, config):
    run = deep.live_run(
        RUN_KEY,
        lambda: start(config),
        total=p["max_steps"],
        config=config,
        reset_on=RESET_KEYS,
        apply=apply,
        settings=p,
        labels={
            "env": webui.t("cartpole_dqn.env"),
            "hidden": webui.t("cartpole_dqn.hidden"),
            "replay": webui.t("cartpole_dqn.replay"),
            "target": webui.t("cartpole_dqn.target"),
            "seed": webui.t("common.seed"),
        },
        progress_key="cartpole_dqn.progress_steps",
    )
    run.show(view)
    if run.source is not None:
        with webui.guard():
            deep.playback_section(
                PREFIX,
                run,
                lambda: p.widget("pb_seed", webui.t("cartpole_dqn.playback_seed"), style="number"),
                caption_key="cartpole_dqn.frame_caption",
                scores_title_key="cartpole_dqn.scores_title",
                scores_axis_key="cartpole_dqn.axis_scores",
                gif_name=f"cartpole_dqn_seed{p['pb_seed']}.gif",
            )
    with webui.guard():
        deep.weights_section(
            PREFIX,
            run,
            file_name=f"cartpole_dqn_{p['hidden'].replace(',', 'x')}_{p['env']}.pt",
            max_bytes=MAX_WEIGHTS_BYTES,
            error_types=(WeightsError,),
        )
