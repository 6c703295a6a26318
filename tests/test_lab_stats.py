"""The Lab's statistics against hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.lab import stats


def test_iqm_is_the_mean_of_the_middle_half() -> None:
    assert stats.iqm([1, 2, 3, 4, 5, 6, 7, 8]) == 4.5  # mean of 3, 4, 5, 6
    assert stats.iqm([8, 1, 7, 2, 6, 3, 5, 4]) == 4.5  # order does not matter
    assert stats.iqm([0, 0, 0, 100]) == 0.0  # the outlier is trimmed, the mean would be 25


def test_smooth_is_a_trailing_mean_over_what_there_is() -> None:
    np.testing.assert_array_equal(stats.smooth([1, 2, 3, 4, 5], 1), [1, 2, 3, 4, 5])
    np.testing.assert_allclose(stats.smooth([1, 2, 3, 4, 5], 2), [1, 1.5, 2.5, 3.5, 4.5])
    np.testing.assert_allclose(stats.smooth([1, 2, 3, 4, 5], 3), [1, 1.5, 2, 3, 4])
    np.testing.assert_allclose(stats.smooth([[0, 2, 4], [6, 6, 0]], 2), [[0, 1, 3], [6, 6, 3]])
    with pytest.raises(ValueError, match="window"):
        stats.smooth([1, 2], 0)


def test_episodes_to_threshold_counts_from_one() -> None:
    assert stats.episodes_to_threshold([0, 5, 3, 10], 4) == 2
    # smoothed over 2: 0, 2.5, 4, 6.5 -> the third episode reaches 4
    assert stats.episodes_to_threshold([0, 5, 3, 10], 4, window=2) == 3
    assert stats.episodes_to_threshold([0, 1, 2], 4) is None


def test_probability_of_improvement_counts_pairs_and_half_ties() -> None:
    # Pairs (x, y): 1<2, 1<2, 2=2, 2=2, 3>2, 3>2 -> (0 + 0 + ½ + ½ + 1 + 1) / 6
    assert stats.probability_of_improvement([1, 2, 3], [2, 2]) == pytest.approx(0.5)
    assert stats.probability_of_improvement([3, 4], [1, 2]) == 1.0
    assert stats.probability_of_improvement([1, 2], [3, 4]) == 0.0
    # 5 beats 1 and 4, loses to 6; 0 loses to all three -> 2 / 6
    assert stats.probability_of_improvement([5, 0], [1, 4, 6]) == pytest.approx(2 / 6)
    with pytest.raises(ValueError, match="at least one seed"):
        stats.probability_of_improvement([], [1])


def test_measure_first_last_all_and_solve() -> None:
    curves = [[1, 2, 3, 4], [5, 6, 7, 8]]
    np.testing.assert_array_equal(stats.measure(curves, "first", 2), [1.5, 5.5])
    np.testing.assert_array_equal(stats.measure(curves, "last", 2), [3.5, 7.5])
    np.testing.assert_array_equal(stats.measure(curves, "all"), [2.5, 6.5])
    solve = stats.measure(curves, "solve", threshold=6)
    assert math.isnan(solve[0]) and solve[1] == 2
    with pytest.raises(ValueError, match="n must be in"):
        stats.measure(curves, "last", 5)
    with pytest.raises(ValueError, match="threshold"):
        stats.measure(curves, "solve")


def test_bootstrap_interval_of_two_seeds_spans_both() -> None:
    # Resampling [0, 1] gives means 0, ½, 1 with probabilities ¼, ½, ¼: the 2.5th and
    # 97.5th percentiles of the resampled means are 0 and 1.
    interval = stats.bootstrap_interval([0.0, 1.0])
    assert (interval.estimate, interval.low, interval.high) == (0.5, 0.0, 1.0)


def test_bootstrap_interval_of_equal_scores_is_a_point() -> None:
    interval = stats.bootstrap_interval([3.0, 3.0, 3.0], "iqm")
    assert (interval.estimate, interval.low, interval.high) == (3.0, 3.0, 3.0)


def test_bootstrap_interval_of_one_seed_has_no_bounds() -> None:
    interval = stats.bootstrap_interval([2.0])
    assert interval.estimate == 2.0 and math.isnan(interval.low) and math.isnan(interval.high)


def test_bootstrap_interval_is_seeded() -> None:
    data = np.arange(20.0) ** 1.5
    assert stats.bootstrap_interval(data) == stats.bootstrap_interval(data)
    interval = stats.bootstrap_interval(data)
    assert interval.estimate == pytest.approx(data.mean())
    assert interval.low < interval.estimate < interval.high


def test_bootstrap_rejects_unfinished_seeds() -> None:
    with pytest.raises(ValueError, match="finite"):
        stats.bootstrap_interval([1.0, float("nan")])
    with pytest.raises(ValueError, match="statistic"):
        stats.bootstrap_interval([1.0, 2.0], "mode")


def test_mean_curve_band_per_episode() -> None:
    # Episode 1: seeds 0 and 2 -> resampled means 0, 1, 2 (¼, ½, ¼): band [0, 2].
    # Episode 2: both seeds 1 -> band [1, 1].
    mean, low, high = stats.mean_curve([[0.0, 1.0], [2.0, 1.0]])
    np.testing.assert_array_equal(mean, [1.0, 1.0])
    np.testing.assert_array_equal(low, [0.0, 1.0])
    np.testing.assert_array_equal(high, [2.0, 1.0])


def test_mean_curve_of_one_seed_has_no_band() -> None:
    mean, low, high = stats.mean_curve([[1.0, 2.0]])
    np.testing.assert_array_equal(mean, [1.0, 2.0])
    assert np.isnan(low).all() and np.isnan(high).all()
