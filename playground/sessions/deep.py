"""Glue between the torch trainers (DQN, REINFORCE) and the pages, without torch or Streamlit.

The deep-RL pages drive a trainer live; this module holds what they need that is neither
an algorithm nor a widget:

- :class:`LiveTraining`, the resumable source the live driver pulls records from. It
  keeps the curves (capped column histories), stops at a budget that can be raised
  later, and takes settings that can change on a trained agent.
- :func:`parse_hidden_sizes`, the hidden-layer text of the DQN page.

Nothing here imports torch: the trainer is handed in by the page, duck-typed (anything
with ``run(limit)``, ``total_steps``, ``episodes`` and ``config``).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "MAX_HISTORY",
    "ENTROPY_COLLAPSE_NATS",
    "Q_BOUND_MARGIN",
    "BudgetReached",
    "LiveTraining",
    "QBeyondBound",
    "parse_hidden_sizes",
    "entropy_collapsed",
    "q_beyond_bound",
    "value_range",
    "score_caption",
]

MAX_HISTORY = 20_000
"""Most episodes (and evaluations) kept per curve; beyond it the oldest are dropped."""

ENTROPY_COLLAPSE_NATS = 0.05
"""Mean policy entropy (nats) below which a two-action policy counts as deterministic.

A coin flip has ln 2 ≈ 0.693 nats; 0.05 nats means the less likely action has
probability below about 0.009 (H(0.01) ≈ 0.056). Then ∇ log π of the chosen action
is ≈ 0 and the policy gradient has almost nothing left to learn from. A healthy run
(the fast preset) stays above 0.3 nats for its first several hundred episodes."""


def entropy_collapsed(
    entropy: Sequence[float],
    returns: Sequence[float],
    solved_return: float,
    window: int = 5,
) -> bool:
    """Whether a policy turned deterministic before it learned the task.

    True when, over the last ``window`` episodes, the mean policy entropy is below
    :data:`ENTROPY_COLLAPSE_NATS` while the mean return is below ``solved_return``.
    A near-deterministic policy that balances the pole is fine; one that became
    deterministic while still failing got there through steps too large (a learning
    rate near 1 without return normalisation does it within a few episodes) and is
    stuck, because its gradient vanishes.

    >>> entropy_collapsed([0.69, 0.0, 0.0, 0.0, 0.0, 0.0], [11, 10, 9, 10, 8, 9], 475.0)
    True
    >>> entropy_collapsed([0.0] * 5, [500.0] * 5, 475.0)  # deterministic and solved: fine
    False
    """
    if window < 1 or len(entropy) < window or len(returns) < window:
        return False
    mean_entropy = sum(entropy[-window:]) / window
    mean_return = sum(returns[-window:]) / window
    return mean_entropy < ENTROPY_COLLAPSE_NATS and mean_return < solved_return


Q_BOUND_MARGIN = 0.5
"""How far outside the range of possible values, as a fraction of the range's width, a
mean max-Q must go to count as overestimation feeding on itself.

A network fitting values near the bound overshoots it a little: the fast preset's mean
max-Q peaks a few percent above 1/(1 − γ) while it learns. Half the range again is past
any such fitting error; bootstrapping from its own estimates without a target network
(the notes' settings) passes it within a few hundred env steps of the first overshoot
and goes on to a thousand times the bound."""


def value_range(reward_range: tuple[float, float], gamma: float) -> tuple[float, float] | None:
    """The range every discounted return, hence every true Q-value, lies in.

    With rewards in [r_min, r_max] and γ < 1, G = Σ γᵏ r_k lies in
    [min(0, r_min), max(0, r_max)] / (1 − γ) (0 bounds a return cut short by a
    termination). ``None`` for γ = 1: bootstrapping through time limits has no finite bound.

    >>> value_range((1.0, 1.0), 0.5)
    (0.0, 2.0)
    >>> value_range((-1.0, 1.0), 0.0)
    (-1.0, 1.0)
    """
    r_min, r_max = reward_range
    if not 0.0 <= gamma < 1.0:
        return None
    return min(0.0, r_min) / (1.0 - gamma), max(0.0, r_max) / (1.0 - gamma)


@dataclass(frozen=True)
class QBeyondBound:
    """Mean max-Q went beyond what any return can be: what, how far and when."""

    low: float
    """Smallest possible value, min(0, r_min) / (1 − γ)."""
    high: float
    """Largest possible value, max(0, r_max) / (1 − γ)."""
    value: float
    """The episode mean of max_a Q(s, a) furthest outside [low, high]."""
    total_steps: float
    """Env steps when that episode ended."""
    latest: float
    """The last episode's mean max-Q (it may have come back down)."""


def q_beyond_bound(
    mean_max_q: Sequence[float],
    total_steps: Sequence[float],
    *,
    reward_range: tuple[float, float],
    gamma: float,
    margin: float = Q_BOUND_MARGIN,
) -> QBeyondBound | None:
    """Whether the per-episode mean max-Q left the range of possible values.

    Flags an episode whose mean max-Q lies more than ``margin`` × (high − low) outside
    :func:`value_range`; returns the episode furthest outside, or ``None`` if there is
    none (or no finite bound, γ = 1). NaN entries are skipped.

    >>> q_beyond_bound([5.0, 400.0, 90.0], [10, 20, 30], reward_range=(1, 1), gamma=0.5)
    QBeyondBound(low=0.0, high=2.0, value=400.0, total_steps=20.0, latest=90.0)
    >>> q_beyond_bound([1.9, 2.9], [10, 20], reward_range=(1, 1), gamma=0.5) is None
    True
    """
    bounds = value_range(reward_range, gamma)
    q = np.asarray(mean_max_q, dtype=float)
    if bounds is None or q.size == 0:
        return None
    low, high = bounds
    slack = margin * (high - low)
    with np.errstate(invalid="ignore"):
        outside = np.maximum(q - high, low - q)
    outside = np.where(np.isnan(outside), -np.inf, outside)
    worst = int(np.argmax(outside))
    if not outside[worst] > slack:
        return None
    return QBeyondBound(
        low=low,
        high=high,
        value=float(q[worst]),
        total_steps=float(total_steps[worst]),
        latest=float(q[-1]),
    )


@dataclass(frozen=True)
class BudgetReached:
    """Yielded once the trainer has used its budget, so the live driver sees the total."""

    total_steps: int
    episode: int


class LiveTraining:
    """A trainer seen as an endless, resumable stream of records for the live driver.

    ``iter(source)`` is the source itself. Each ``next`` resumes ``trainer.run(limit)``;
    when that generator ends because the budget is used, a :class:`BudgetReached` is
    yielded instead of stopping, so raising the budget later (:meth:`set_limit`) lets
    training continue from where it stopped instead of ending the stream for good.

    Every episode record's fields named in ``episode_fields`` and every evaluation
    (records with a ``mean_return``) are appended to :attr:`history` and :attr:`evals`,
    capped at :data:`MAX_HISTORY`.

    Args:
        trainer: a ``DQNTrainer`` or ``ReinforceTrainer`` (or anything alike).
        limit: the budget passed to ``trainer.run`` (env steps for DQN, episodes for
            REINFORCE; an absolute count).
        budget: ``"steps"`` or ``"episodes"``: what ``limit`` counts.
        episode_fields: record attributes kept per episode.
    """

    def __init__(
        self,
        trainer: Any,
        limit: int,
        budget: Literal["steps", "episodes"],
        episode_fields: tuple[str, ...],
    ) -> None:
        self.trainer = trainer
        self.limit = int(limit)
        self.budget = budget
        self.episode_fields = episode_fields
        self.history: dict[str, list[float]] = {name: [] for name in episode_fields}
        self.evals: dict[str, list[float]] = {"episode": [], "total_steps": [], "mean_return": []}
        self.weights_loaded = 0
        """How many weights files were loaded into the trainer (views cache on it)."""
        self._run: Iterator[Any] | None = None

    # -- the stream ---------------------------------------------------------------------------
    def __iter__(self) -> LiveTraining:
        return self

    def __next__(self) -> Any:
        if self._run is None:
            if self.used() >= self.limit:
                return BudgetReached(self.trainer.total_steps, self.trainer.episodes)
            self._run = self.trainer.run(self.limit)
        try:
            record = next(self._run)
        except StopIteration:
            self._run = None
            return BudgetReached(self.trainer.total_steps, self.trainer.episodes)
        except BaseException:
            self._run = None
            raise
        self._keep(record)
        return record

    def used(self) -> int:
        """Budget used so far: env steps or episodes, as ``limit`` counts."""
        return int(self.trainer.total_steps if self.budget == "steps" else self.trainer.episodes)

    def progress(self, record: Any) -> int:
        """Progress at ``record`` for the live driver's bar (budget units).

        Only :class:`BudgetReached` reports the full budget: the record of the last
        episode comes before the evaluation due at that point, which must still be pulled.
        """
        if isinstance(record, BudgetReached):
            return self.limit
        return min(self.used(), max(0, self.limit - 1))

    def _keep(self, record: Any) -> None:
        if hasattr(record, "mean_return"):
            columns, values = (
                self.evals,
                {
                    "episode": record.episode,
                    "total_steps": record.total_steps,
                    "mean_return": record.mean_return,
                },
            )
        else:
            columns = self.history
            values = {name: getattr(record, name) for name in self.episode_fields}
        for name, value in values.items():
            column = columns[name]
            column.append(float(value))
            if len(column) > MAX_HISTORY:
                del column[: len(column) - MAX_HISTORY]

    # -- settings that apply to a trained agent ----------------------------------------------
    def set_limit(self, limit: int) -> None:
        """Change the budget; a paused run continues up to the new one."""
        if int(limit) != self.limit:
            self.limit = int(limit)
            self._restart()

    def apply(self, config: Any, learning_rate: float | None = None) -> None:
        """Continue with ``config`` (a new frozen config of the same network and seed).

        The trainer reads its config at every step; the suspended ``run`` generator is
        dropped so values it captured (the evaluation interval) are read again. A new
        learning rate is written into the optimiser, which keeps its moment estimates.
        """
        if config == self.trainer.config:
            return
        self.trainer.config = config
        if learning_rate is not None:
            for group in self.trainer.optimizer.param_groups:
                group["lr"] = learning_rate
        self._restart()

    def load_weights(self, data: bytes) -> None:
        """Load a weights file into the trainer (it validates; ``WeightsError`` if unusable)."""
        self.trainer.load_weights(data)
        self.weights_loaded += 1

    def replace_config(self, **changes: Any) -> Any:
        """The trainer's config with ``changes`` (validated by the config itself)."""
        return dataclasses.replace(self.trainer.config, **changes)

    def _restart(self) -> None:
        if self._run is not None:
            close = getattr(self._run, "close", None)
            if close is not None:
                close()
            self._run = None

    # -- views ----------------------------------------------------------------------------------
    def column(self, name: str) -> NDArray[np.float64]:
        """One per-episode history as an array (NaN where a value was missing)."""
        return np.asarray(self.history[name], dtype=float)

    @property
    def n_episodes(self) -> int:
        return int(self.trainer.episodes)

    def best_eval(self) -> float:
        """Best greedy evaluation mean so far (NaN before the first)."""
        means = self.evals["mean_return"]
        return max(means) if means else math.nan


def parse_hidden_sizes(
    text: str, *, max_layers: int = 4, max_width: int = 512
) -> tuple[tuple[int, ...] | None, str | None]:
    """Read ``"128,128"`` into ``(128, 128)``; return ``(sizes, None)`` or ``(None, reason)``.

    The reason is a key suffix the page translates: ``"empty"``, ``"not_int"``,
    ``"too_many"``, ``"width"``.

    >>> parse_hidden_sizes("64, 64")
    ((64, 64), None)
    >>> parse_hidden_sizes("64,x")
    (None, 'not_int')
    """
    parts = [p.strip() for p in str(text).replace("×", ",").replace(" ", ",").split(",")]
    parts = [p for p in parts if p]
    if not parts:
        return None, "empty"
    if not all(p.isdigit() for p in parts):
        return None, "not_int"
    sizes = tuple(int(p) for p in parts)
    if len(sizes) > max_layers:
        return None, "too_many"
    if any(not 1 <= s <= max_width for s in sizes):
        return None, "width"
    return sizes, None


def score_caption(
    t: int,
    scores: NDArray[np.floating],
    action: int | None,
    *,
    template: Callable[..., str],
    kind: str,
) -> str:
    """Text under frame ``t``: the two actions' Q-values (or probabilities) and the action.

    ``template(t=…, left=…, right=…, action=…)`` is the page's translated format.
    """
    fmt = "{:.3f}" if kind == "pi" else "{:.2f}"
    arrow = "–" if action is None else ("←", "→")[int(action)]
    return template(t=t, left=fmt.format(scores[0]), right=fmt.format(scores[1]), action=arrow)
