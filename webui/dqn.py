"""The DQN page's live view: the return curve, the learner's insides (loss, max Q, ε,
replay fill) and the note when Q grows beyond every possible return."""

from __future__ import annotations

from typing import Any

import streamlit as st

import webui
from playground.agents.dqn import stored_reward_range
from playground.sessions.deep import LiveTraining, QBeyondBound, q_beyond_bound, value_range
from webui import live, params
from webui.deep import diagnostics, panel, returns_view

SWITCHED_KEY = "_{prefix}.q_bound_switched"
"""Set when the note's button changed the settings: the whole page reruns to show them."""


def number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"


def use_target_network(run: live.LiveRun, p: params.Bound) -> None:
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
    st.session_state[SWITCHED_KEY.format(prefix=p.prefix)] = True


def overestimation_note(
    run: live.LiveRun,
    p: params.Bound,
    breach: QBeyondBound,
    config: Any,
    reward_range: tuple[float, float],
) -> None:
    """Q beyond every possible return: what happened, why, and the cure one click away.

    ``reward_range`` is the range of the rewards the agent stores (shaped or not)."""
    r_min, r_max = reward_range
    st.warning(
        webui.t(
            "cartpole_dqn.q_beyond_bound",
            value=number(breach.value),
            steps=int(breach.total_steps),
            latest=number(breach.latest),
            rewards=webui.t("cartpole_dqn.q_bound_rewards_one", r=r_max)
            if r_min == r_max
            else webui.t("cartpole_dqn.q_bound_rewards_range", r_min=r_min, r_max=r_max),
            gamma=config.gamma,
            low=number(breach.low),
            high=number(breach.high),
        )
        + "\n\n"
        + webui.t("cartpole_dqn.q_bound_cure"),
        icon=":material/trending_up:",
    )
    if config.target_mode == "none" or not config.double_dqn:
        st.button(
            webui.t("cartpole_dqn.q_bound_switch"),
            key=f"_{p.prefix}.q_bound_switch",
            help=webui.t("cartpole_dqn.q_bound_switch_help", n=f"{p['target_every']:,}"),
            icon=":material/swap_horiz:",
            on_click=use_target_network,
            args=(run, p),
        )
    else:
        st.caption(webui.t("cartpole_dqn.q_bound_has_target"))


def epsilon_metric(trainer: Any, history: Any) -> tuple[str, str]:
    return webui.t("cartpole_dqn.metric_epsilon"), f"{trainer.epsilon():.3f}"


def view(run: live.LiveRun, p: params.Bound) -> None:
    """Redrawn after every chunk: numbers, the return curve and the learner's insides."""
    if st.session_state.pop(SWITCHED_KEY.format(prefix=p.prefix), False):
        st.rerun()  # the click reran this view only; the sidebar must show the new settings
    source: LiveTraining | None = run.source
    steps_axis = webui.t("cartpole_dqn.axis_steps")
    text = "cartpole_dqn"
    if not returns_view(
        run, text, metric=epsilon_metric, x_field="total_steps", x_title=steps_axis
    ):
        return
    h = source.history
    x = h["total_steps"]
    config = source.trainer.config
    reward_range = stored_reward_range(config.reward_shaping)
    breach = q_beyond_bound(h["mean_max_q"], x, reward_range=reward_range, gamma=config.gamma)
    if breach is not None:
        overestimation_note(run, p, breach, config, reward_range)
    bounds = value_range(reward_range, config.gamma)
    # The bound line once Q comes near it: drawn from the start it would flatten small values.
    near = bounds is not None and max(h["mean_max_q"], default=0.0) >= bounds[1] / 2
    line = None
    if bounds is not None and (near or breach is not None):
        line = (bounds[1], webui.t("cartpole_dqn.q_bound_line", high=number(bounds[1])))
    panels = [
        panel(text, "loss", x, h["mean_loss"], log_y=True),
        panel(text, "maxq", x, h["mean_max_q"], axis="q", hline=line),
        panel(text, "eps", x, h["epsilon"], range=[0, 1.02]),
        panel(text, "fill", x, [100 * fill for fill in h["replay_fill"]], range=[0, 102]),
    ]
    diagnostics(panels, text=text, x_title=steps_axis)
