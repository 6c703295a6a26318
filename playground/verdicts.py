"""What a finished (or stopped) training run achieved, as small pure functions.

A page turns a verdict into a coloured note; the rule lives here so that every page
judges runs the same way and a test can check it without Streamlit. The one rule all
verdicts share: a run is called a success only when its greedy behaviour is at (or near)
the optimum at the end of the run, never because a stop rule fired or a goal was met
once along the way.

Example::

    >>> v = policy_gradient_verdict(
    ...     recent_lengths=[170], shortest=6, greedy_length=None, converged_at=0,
    ...     delta_pi_sum=9.2e-5, threshold=1e-4, eta=0.001, episodes_done=1, budget=10_000)
    >>> v.kind
    'stalled'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "NEAR_OPTIMAL_RATIO",
    "DeepVerdict",
    "PGVerdict",
    "PathVerdict",
    "deep_verdict",
    "path_verdict",
    "policy_gradient_verdict",
]

NEAR_OPTIMAL_RATIO = 1.5
"""Recent episodes count as learnt when their mean length is at most this many times the
shortest path (exploration by the softmax policy keeps it a little above the optimum)."""

PGKind = Literal["learned", "stalled", "budget", "running"]


@dataclass(frozen=True)
class PGVerdict:
    """The policy-gradient run judged by its numbers.

    ``kind``:

    - ``"learned"``: Σ|Δπ| fell below ε, the greedy path is a shortest path and recent
      episodes are close to it (a success).
    - ``"stalled"``: Σ|Δπ| fell below ε but the policy has not learnt the maze: the
      steps were too small (η small or ε large), not the policy settled.
    - ``"budget"``: the episodes ran out before Σ|Δπ| fell below ε (did not converge).
    - ``"running"``: neither yet.
    """

    kind: PGKind
    episodes_done: int
    converged_at: int | None
    """0-based episode after which Σ|Δπ| < ε first held."""
    mean_length: float
    """Mean length of the last ``window`` episodes."""
    window: int
    shortest: int
    greedy_length: int | None
    """Moves of the greedy path to the goal; None when it does not reach the goal."""
    delta_pi_sum: float
    threshold: float
    eta: float

    @property
    def greedy_optimal(self) -> bool:
        return self.greedy_length == self.shortest

    @property
    def near_optimal(self) -> bool:
        """Recent episodes are within :data:`NEAR_OPTIMAL_RATIO` of the shortest path."""
        return self.mean_length <= NEAR_OPTIMAL_RATIO * self.shortest


def policy_gradient_verdict(
    *,
    recent_lengths: Sequence[int],
    shortest: int,
    greedy_length: int | None,
    converged_at: int | None,
    delta_pi_sum: float,
    threshold: float,
    eta: float,
    episodes_done: int,
    budget: int,
) -> PGVerdict:
    """Judge a policy-gradient run: converged and learnt, stalled, out of budget, or running.

    ``recent_lengths`` are the lengths of the last few episodes (their mean is compared
    with ``shortest``); ``budget`` is the number of episodes the run was allowed.
    """
    window = len(recent_lengths)
    mean_length = sum(recent_lengths) / window if window else float("nan")
    verdict = PGVerdict(
        kind="running",
        episodes_done=int(episodes_done),
        converged_at=converged_at,
        mean_length=float(mean_length),
        window=window,
        shortest=int(shortest),
        greedy_length=greedy_length,
        delta_pi_sum=float(delta_pi_sum),
        threshold=float(threshold),
        eta=float(eta),
    )
    if converged_at is not None:
        learned = verdict.greedy_optimal and verdict.near_optimal
        kind: PGKind = "learned" if learned else "stalled"
    elif episodes_done >= budget:
        kind = "budget"
    else:
        kind = "running"
    return PGVerdict(**{**verdict.__dict__, "kind": kind})


@dataclass(frozen=True)
class PathVerdict:
    """A tabular agent's greedy path against the shortest path (SARSA, Q-learning)."""

    optimal: bool
    greedy_length: int | None
    """Moves of the greedy path to the goal; None when it does not reach the goal."""
    shortest: int


def path_verdict(greedy_length: int | None, shortest: int) -> PathVerdict:
    """Optimal only when the greedy path reaches the goal in ``shortest`` moves."""
    return PathVerdict(greedy_length == shortest, greedy_length, int(shortest))


@dataclass(frozen=True)
class ValueVerdict:
    """A greedy policy's exact value at the start against V* (where no path is certain:
    slippery ice)."""

    optimal: bool
    value: float
    """NaN when the policy's return is not finite (it may never end, under γ = 1)."""
    best: float


def value_verdict(value: float, best: float, tolerance: float = 1e-6) -> ValueVerdict:
    """Optimal only when ``value`` is within ``tolerance`` (relative, at least absolute) of V*.

    >>> value_verdict(0.54, 0.5420).optimal, value_verdict(0.5420, 0.5420).optimal
    (False, True)
    """
    close = math.isfinite(value) and abs(value - best) <= tolerance * max(1.0, abs(best))
    return ValueVerdict(close, float(value), float(best))


@dataclass(frozen=True)
class DeepVerdict:
    """Greedy evaluations of a CartPole run against its solved threshold.

    ``kind``: ``"solved"`` (the last evaluation is at or above the threshold),
    ``"lost"`` (an earlier one was, the last is not), ``"not_solved"`` (none was) or
    ``"none"`` (no evaluation yet).
    """

    kind: Literal["solved", "lost", "not_solved", "none"]
    first_solved: int | None
    """Index of the first evaluation at or above the threshold."""
    last_return: float | None
    threshold: float


def deep_verdict(eval_returns: Sequence[float], threshold: float) -> DeepVerdict:
    """Judge the greedy evaluations so far; only the last one decides success."""
    solved = [i for i, value in enumerate(eval_returns) if value >= threshold]
    first = solved[0] if solved else None
    if not eval_returns:
        return DeepVerdict("none", None, None, float(threshold))
    last = float(eval_returns[-1])
    if last >= threshold:
        kind: Literal["solved", "lost", "not_solved", "none"] = "solved"
    else:
        kind = "lost" if first is not None else "not_solved"
    return DeepVerdict(kind, first, last, float(threshold))
