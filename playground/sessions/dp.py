"""What the dynamic-programming page shows, computed without Streamlit.

The page picks a problem (:data:`PROBLEMS`), a method, γ and θ, and a number of sweeps;
:func:`run` replays that many sweeps of :func:`playground.dp.sweeps` rather than keeping
a generator alive between script runs: replaying is cheap (``benchmarks/dp.py``) and the
sweep count fits in the share link. :func:`backup_latex` writes one Bellman backup with its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from playground import dp
from playground.envs.layouts import ACTION_SYMBOLS
from playground.sessions.envs import (
    SLIPPERY_ENVS,
    TABULAR_ENVS,
    Problem,
    outcome_arrows,
    problem,
)

__all__ = [
    "MAX_SWEEPS",
    "METHODS",
    "PROBLEMS",
    "DPRun",
    "Problem",
    "backup_latex",
    "outcome_arrows",
    "policy_rows",
    "problem",
    "run",
    "slip_arrows",
    "value_scale",
]

MAX_SWEEPS = 10_000
"""The page stops a run here (γ = 1 with a policy that never ends can sweep forever)."""

METHODS: tuple[str, ...] = ("evaluation", "policy_iteration", "value_iteration")
PROBLEMS: tuple[str, ...] = ("example_4_1", *TABULAR_ENVS)
"""Sutton & Barto's Example 4.1, then the tabular pages' environments."""
SLIPPERY_PROBLEMS = SLIPPERY_ENVS


@dataclass(frozen=True)
class DPRun:
    """``n`` sweeps of a method: the last sweep, Δ of every sweep, the policy to draw."""

    last: dp.Sweep | None
    deltas: np.ndarray
    improvements: tuple[int, ...]
    V: np.ndarray
    policy: np.ndarray  # what the arrows show (see :func:`run`)
    done: bool  # converged (or stopped at MAX_SWEEPS)

    @property
    def converged(self) -> bool:
        return self.done and len(self.deltas) < MAX_SWEEPS


def run(prob: Problem, method: str, gamma: float, theta: float, n: int) -> DPRun:
    """Replay the first ``n`` sweeps (fewer if the method stops earlier).

    The arrows: the policy being evaluated for policy iteration; the greedy policy of
    the current V for evaluation (Sutton & Barto's figure 4.1, right column) and for
    value iteration, among the moves the env's action masks allow.
    """
    model = prob.model
    deltas, improvements, last = [], [], None
    for sweep in dp.sweeps(model, method, gamma, theta, max_sweeps=min(n, MAX_SWEEPS)) if n else ():
        deltas.append(sweep.delta)
        if sweep.improved is not None:
            improvements.append(sweep.improved)
        last = sweep
    v = last.V if last is not None else np.zeros(model.n_states)
    if method == "policy_iteration":
        policy = last.policy if last is not None else dp.uniform_policy(model)
    else:
        q = model.q_values(v, gamma)
        # Moves into a wall tie with staying put wherever V is still flat; the arrows leave
        # them out when the env says which moves are blocked (as the maze pages do).
        masks = getattr(prob.env, "action_masks", None)
        if masks is not None:
            allowed = masks().astype(bool)
            q = np.where(allowed | ~allowed.any(axis=1, keepdims=True), q, -np.inf)
        policy = dp.greedy_policy(q, model.terminal)
    policy = np.array(policy)
    policy[list(prob.blocked)] = 0.0
    policy[model.terminal] = 0.0
    done = last is not None and (last.done and (last.delta < theta or last.improved == 0))
    return DPRun(
        last, np.asarray(deltas), tuple(improvements), v, policy, done or len(deltas) >= MAX_SWEEPS
    )


def value_grid(prob: Problem, v: np.ndarray) -> np.ndarray:
    """V as a ``rows × cols`` table, NaN on the cells the agent is never in."""
    grid = np.array(v, dtype=float)
    grid[list(prob.blocked)] = np.nan
    return grid.reshape(prob.rows, prob.cols)


def value_scale(grid: np.ndarray) -> float:
    """Half the colour range of a V table: its largest ``|V|`` (1 when every value is 0 or
    NaN), so that the scale is symmetric and 0 is white."""
    finite = np.abs(np.asarray(grid, dtype=float))
    finite = finite[np.isfinite(finite)]
    return float(finite.max()) if finite.size and finite.max() > 0 else 1.0


def slip_arrows(prob: Problem, policy: np.ndarray, cell: int) -> tuple[int, np.ndarray, float]:
    """Where the policy's move in ``cell`` may lead on ice, for drawing: the move (the
    likeliest action of ``policy[cell]``), the :func:`outcome_arrows` scaled so that the
    likeliest outcome is drawn at full length, and the probability of staying put."""
    action = int(np.argmax(policy[cell]))
    arrows, stay = outcome_arrows(prob, cell, action)
    return action, arrows / max(float(arrows.max()), 1e-12), stay


def policy_rows(prob: Problem, policy: np.ndarray) -> list[list[str]]:
    """The policy as arrows per cell (``"↑←"`` for a tie, ``""`` where no action is taken)."""
    arrows = ["".join(ACTION_SYMBOLS[a] for a in actions) for actions in dp.policy_actions(policy)]
    return [arrows[r * prob.cols : (r + 1) * prob.cols] for r in range(prob.rows)]


def _num(x: float) -> str:
    text = f"{x:.3g}"
    return f"({text})" if x < 0 else text


def backup_latex(backup: dp.Backup, max_terms: int = 4) -> str:
    """The backup of one state as LaTeX, each action's q written out with its numbers.

    ``q(S5, ↑) = 1·[−1 + 1·(−14)] = −15`` (each V(s') with its state written under it),
    one line per action, then the state's new
    value: ``max`` of the q's (optimality) or their π-weighted sum (expectation).
    """
    s = backup.state
    if backup.terminal:
        return rf"V(S_{{{s}}}) = 0 \quad \text{{(terminal)}}"
    lines = []
    for ab in backup.actions:
        terms = []
        for p, s2, r, done, v2 in ab.outcomes[:max_terms]:
            # The value of s' with the state written under it: γ · V(s').
            future = (
                "" if done else rf" + {backup.gamma:g}\cdot \underset{{S_{{{s2}}}}}{{{_num(v2)}}}"
            )
            terms.append(rf"{p:.3g}\,[{_num(r)}{future}]")
        if len(ab.outcomes) > max_terms:
            terms.append(r"\cdots")
        symbol = ACTION_SYMBOLS[ab.action] if ab.action < len(ACTION_SYMBOLS) else str(ab.action)
        lines.append(rf"q(S_{{{s}}}, \text{{{symbol}}}) &= {' + '.join(terms)} = {ab.q:.4g}")
    qs = [ab.q for ab in backup.actions]
    if backup.kind == "optimality":
        rhs = r"\max(" + ", ".join(f"{q:.4g}" for q in qs) + ")"
    else:
        rhs = " + ".join(
            rf"{ab.weight:.3g}\cdot {_num(ab.q)}" for ab in backup.actions if ab.weight > 0
        )
    lines.append(rf"V(S_{{{s}}}) &= {rhs} = {backup.value:.4g}")
    return r"\begin{aligned}" + r" \\ ".join(lines) + r"\end{aligned}"
