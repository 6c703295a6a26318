"""The core's run verdicts (:mod:`playground.verdicts`) as coloured notes.

Green (``st.success``) only for a run that ends at the optimum; a stop rule that fired
without learning, a budget that ran out or a result lost again is a warning or a note,
always with the numbers behind it.
"""

from __future__ import annotations

import streamlit as st

import webui
from playground.verdicts import DeepVerdict, PathVerdict, PGVerdict, ValueVerdict


def _greedy(greedy_length: int | None, prefix: str) -> str:
    if greedy_length is None:
        return webui.t(f"{prefix}.greedy_lost")
    return webui.t(f"{prefix}.greedy_moves", n=greedy_length)


def policy_gradient(verdict: PGVerdict) -> None:
    """Learnt → success; stalled (tiny steps) → warning; out of episodes → note (warning
    when far from the shortest path); still running → nothing."""
    if verdict.kind == "running":
        return
    numbers = {
        "k": (verdict.converged_at or 0) + 1,
        "n": f"{verdict.episodes_done:,}",
        "change": f"{verdict.delta_pi_sum:.4g}",
        "threshold": f"{verdict.threshold:g}",
        "eta": f"{verdict.eta:g}",
        "mean": f"{verdict.mean_length:.1f}",
        "window": verdict.window,
        "shortest": verdict.shortest,
        "greedy": _greedy(verdict.greedy_length, "maze_policy"),
    }
    text = webui.t(f"maze_policy.verdict_{verdict.kind}", **numbers)
    if verdict.kind == "learned":
        st.success(text, icon=":material/check_circle:")
    elif verdict.kind == "stalled":
        st.warning(text, icon=":material/hourglass_disabled:")
    elif verdict.greedy_optimal and verdict.near_optimal:
        st.info(text, icon=":material/timer_off:")
    else:
        st.warning(text, icon=":material/timer_off:")


def greedy_path(verdict: PathVerdict, algo: str) -> None:
    """A maze agent's greedy path: success only when it is a shortest path."""
    greedy = _greedy(verdict.greedy_length, "maze_td")
    if verdict.optimal:
        st.success(
            webui.t("maze_td.verdict_optimal", algo=algo, greedy=greedy),
            icon=":material/check_circle:",
        )
    else:
        st.warning(
            webui.t("maze_td.verdict_not_optimal", algo=algo, greedy=greedy, n=verdict.shortest),
            icon=":material/route:",
        )


def td_lane(verdict: PathVerdict | ValueVerdict, algo: str) -> None:
    """A SARSA / Q-learning lane: its greedy path against the shortest, or on ice its
    greedy policy's exact value at the start against V*; success only at the optimum."""
    if isinstance(verdict, PathVerdict):
        greedy_path(verdict, algo)
        return
    value = "—" if verdict.value != verdict.value else f"{verdict.value:.4g}"
    numbers = {"algo": algo, "value": value, "best": f"{verdict.best:.4g}"}
    if verdict.optimal:
        st.success(
            webui.t("maze_td.verdict_value_optimal", **numbers), icon=":material/check_circle:"
        )
    else:
        st.warning(
            webui.t("maze_td.verdict_value_not_optimal", **numbers), icon=":material/ac_unit:"
        )


def deep(verdict: DeepVerdict, *, steps: int, episodes: int) -> None:
    """CartPole greedy evaluations: success only when the last one is at the threshold.

    ``steps``, ``episodes``: when the first evaluation at the threshold happened.
    """
    if verdict.kind not in ("solved", "lost"):
        return
    numbers = {"threshold": verdict.threshold, "steps": steps, "episodes": episodes}
    if verdict.kind == "solved":
        st.success(webui.t("deep.solved_at", **numbers), icon=":material/emoji_events:")
    else:
        st.warning(
            webui.t("deep.solved_lost", last=f"{verdict.last_return:.1f}", **numbers),
            icon=":material/trending_down:",
        )
