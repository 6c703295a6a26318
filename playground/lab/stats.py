"""Statistics over seeds: mean curves with bootstrap bands, IQM, thresholds, P(A > B).

Seeds are the unit of replication: every statistic here takes one number (or one curve)
per seed. Confidence intervals are percentile bootstrap intervals from
``scipy.stats.bootstrap`` with a seeded generator, so the same data give the same band
every time. The percentile method (as in rliable) rather than BCa: BCa is undefined when
every seed scored the same, which happens (every seed solving a maze in the same 4 steps).

The probability of improvement is rliable's: P(X > Y) for a random seed of A and a random
seed of B, ties counting one half, i.e. the Mann-Whitney U statistic over ``n·m``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CONFIDENCE",
    "BOOTSTRAP_RESAMPLES",
    "Interval",
    "bootstrap_interval",
    "episodes_to_threshold",
    "iqm",
    "mean_curve",
    "measure",
    "probability_of_improvement",
    "smooth",
]

CONFIDENCE = 0.95
"""Confidence level of every interval."""
BOOTSTRAP_RESAMPLES = 2_000
"""Bootstrap resamples per interval (rliable's default is 2,000 too)."""
BOOTSTRAP_SEED = 0
"""Seed of the bootstrap's generator: same data, same interval."""


def _scipy_stats():  # noqa: ANN202 - the scipy.stats module
    # Imported on first use: a worker that only runs jobs never pays for scipy's import.
    from scipy import stats

    return stats


@dataclass(frozen=True)
class Interval:
    """A point estimate and its confidence interval (NaN bounds with fewer than 2 seeds)."""

    estimate: float
    low: float
    high: float


def _as_matrix(values: Sequence[Sequence[float]] | np.ndarray) -> np.ndarray:
    data = np.asarray(values, dtype=np.float64)
    if data.ndim != 2:
        raise ValueError(f"expected one row per seed (a 2-D array), got shape {data.shape}")
    if data.shape[0] == 0:
        raise ValueError("no seeds")
    return data


def iqm(values: Sequence[float] | np.ndarray, axis: int | None = 0) -> np.ndarray | float:
    """Interquartile mean: the mean of the middle 50 % (25 % trimmed from each end),
    ``scipy.stats.trim_mean(values, 0.25)`` as in rliable."""
    return _scipy_stats().trim_mean(np.asarray(values, dtype=np.float64), 0.25, axis=axis)


def _statistic(name: str):  # noqa: ANN202 - a numpy reduction
    if name == "mean":
        return np.mean
    if name == "iqm":
        return lambda x, axis: _scipy_stats().trim_mean(x, 0.25, axis=axis)
    if name == "median":
        return np.median
    raise ValueError(f"statistic must be 'mean', 'iqm' or 'median', got {name!r}")


def bootstrap_interval(
    values: Sequence[float] | np.ndarray,
    statistic: str = "mean",
    confidence: float = CONFIDENCE,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> Interval:
    """``statistic`` (``"mean"``, ``"iqm"`` or ``"median"``) of one value per seed, with its
    percentile bootstrap interval."""
    data = np.asarray(values, dtype=np.float64).ravel()
    if data.size == 0:
        raise ValueError("no seeds")
    if not np.all(np.isfinite(data)):
        raise ValueError("values must be finite (leave out seeds that did not finish)")
    function = _statistic(statistic)
    estimate = float(function(data, axis=0))
    if data.size < 2:
        return Interval(estimate, float("nan"), float("nan"))
    result = _scipy_stats().bootstrap(
        (data,),
        function,
        confidence_level=confidence,
        n_resamples=resamples,
        method="percentile",
        vectorized=True,
        rng=np.random.default_rng(seed),
    )
    return Interval(
        estimate, float(result.confidence_interval.low), float(result.confidence_interval.high)
    )


def mean_curve(
    curves: Sequence[Sequence[float]] | np.ndarray,
    confidence: float = CONFIDENCE,
    resamples: int = 1_000,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per episode: the mean over seeds and its percentile bootstrap band.

    Args:
        curves: ``(n_seeds, n_episodes)``, one row per seed.

    Returns:
        ``(mean, low, high)``, each ``(n_episodes,)``; the band is NaN with one seed.
    """
    data = _as_matrix(curves)
    mean = data.mean(axis=0)
    if data.shape[0] < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan.copy()
    result = _scipy_stats().bootstrap(
        (data,),
        np.mean,
        confidence_level=confidence,
        n_resamples=resamples,
        method="percentile",
        vectorized=True,
        axis=0,
        batch=max(1, 2_000_000 // data.size),  # bounds the resample array's memory
        rng=np.random.default_rng(seed),
    )
    return mean, result.confidence_interval.low, result.confidence_interval.high


def smooth(values: Sequence[float] | np.ndarray, window: int) -> np.ndarray:
    """Trailing moving average along the last axis: entry ``i`` is the mean of entries
    ``max(0, i − window + 1) … i`` (the first entries average what there is)."""
    data = np.asarray(values, dtype=np.float64)
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    if window == 1 or data.shape[-1] == 0:
        return data.copy()
    sums = np.cumsum(data, axis=-1)
    shifted = np.zeros_like(sums)
    shifted[..., window:] = sums[..., :-window]
    counts = np.minimum(np.arange(1, data.shape[-1] + 1), window)
    return (sums - shifted) / counts


def episodes_to_threshold(
    curve: Sequence[float] | np.ndarray, threshold: float, window: int = 1
) -> int | None:
    """Episodes run until the (``window``-smoothed) curve first reaches ``threshold``:
    the 1-based index of that episode, or None if it never does."""
    smoothed = smooth(curve, window)
    if smoothed.ndim != 1:
        raise ValueError("one curve at a time")
    hits = np.flatnonzero(smoothed >= threshold)
    return int(hits[0]) + 1 if hits.size else None


def probability_of_improvement(
    a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray
) -> float:
    """P(X > Y) + ½ P(X = Y) for X a random seed's score of A and Y one of B (higher is
    better), i.e. the Mann-Whitney U of A over ``len(a) · len(b)``."""
    x, y = np.asarray(a, dtype=np.float64).ravel(), np.asarray(b, dtype=np.float64).ravel()
    if x.size == 0 or y.size == 0:
        raise ValueError("both algorithms need at least one seed")
    u = _scipy_stats().mannwhitneyu(x, y, alternative="two-sided", method="asymptotic").statistic
    return float(u) / (x.size * y.size)


def measure(
    curves: Sequence[Sequence[float]] | np.ndarray,
    kind: str = "last",
    n: int = 10,
    threshold: float | None = None,
    window: int = 1,
) -> np.ndarray:
    """One number per seed from its curve: what a sweep plots against the swept value.

    Args:
        curves: ``(n_seeds, n_episodes)`` returns (or lengths).
        kind: ``"first"`` (mean of the first ``n`` episodes), ``"last"`` (mean of the last
            ``n``), ``"all"`` (mean of every episode) or ``"solve"`` (episodes to reach
            ``threshold``, :func:`episodes_to_threshold`, NaN if never).
        n: episodes averaged by ``"first"`` and ``"last"``.
        threshold, window: for ``"solve"``.
    """
    data = _as_matrix(curves)
    if kind in ("first", "last"):
        if not 1 <= n <= data.shape[1]:
            raise ValueError(f"n must be in [1, {data.shape[1]}] (episodes run), got {n}")
        part = data[:, :n] if kind == "first" else data[:, -n:]
        return part.mean(axis=1)
    if kind == "all":
        return data.mean(axis=1)
    if kind == "solve":
        if threshold is None:
            raise ValueError("kind='solve' needs a threshold")
        hits = [episodes_to_threshold(row, threshold, window) for row in data]
        return np.array([np.nan if h is None else h for h in hits], dtype=np.float64)
    raise ValueError(f"kind must be 'first', 'last', 'all' or 'solve', got {kind!r}")
