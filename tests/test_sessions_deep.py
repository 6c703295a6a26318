"""The torch-free glue of the deep-RL pages: the range of possible Q-values and the
overestimation check that compares the DQN's mean max-Q with it."""

from __future__ import annotations

import math

import pytest

from playground.sessions.deep import QBeyondBound, q_beyond_bound, value_range


def test_value_range_by_hand() -> None:
    # CartPole's +1 per step at γ = 0.99: returns in [0, 1 / 0.01] = [0, 100].
    low, high = value_range((1.0, 1.0), 0.99)
    assert low == 0.0 and high == pytest.approx(100.0)
    # The notes' shaping (−1, 0, +1) at γ = 0.9: [−10, 10].
    low, high = value_range((-1.0, 1.0), 0.9)
    assert (low, high) == (pytest.approx(-10.0), pytest.approx(10.0))
    # Only negative rewards: no return above 0.
    assert value_range((-2.0, -1.0), 0.5) == (-4.0, 0.0)
    # γ = 1 bootstraps through time limits without end: no finite range.
    assert value_range((1.0, 1.0), 1.0) is None


def test_learning_values_near_the_bound_are_not_flagged() -> None:
    """The fast preset's mean max-Q along a 20,000-step run (it peaks 5 % above 100)."""
    curve = [0.19, 4.37, 20.49, 61.18, 91.54, 98.23, 104.8]
    steps = [485, 852, 2185, 6478, 15056, 18203, 19000]
    assert q_beyond_bound(curve, steps, reward_range=(1.0, 1.0), gamma=0.99) is None


def test_overestimation_is_flagged_with_its_worst_episode() -> None:
    """The notes' settings: mean max-Q from 6 to ~100,000 while returns stay within ±100."""
    curve = [6.33, 178.44, 606.29, 97942.09, 89642.59]
    steps = [8220, 8789, 9353, 19416, 19985]
    flag = q_beyond_bound(curve, steps, reward_range=(-1.0, 1.0), gamma=0.99)
    assert isinstance(flag, QBeyondBound)
    assert flag.low == pytest.approx(-100.0) and flag.high == pytest.approx(100.0)
    assert (flag.value, flag.total_steps, flag.latest) == (97942.09, 19416.0, 89642.59)


def test_the_margin_is_half_the_range_on_either_side() -> None:
    # Range [0, 100]: flagged only beyond 150 or below −50.
    one = {"reward_range": (1.0, 1.0), "gamma": 0.99}
    assert q_beyond_bound([149.0], [1], **one) is None
    assert q_beyond_bound([151.0], [1], **one).value == 151.0
    assert q_beyond_bound([-49.0], [1], **one) is None
    assert q_beyond_bound([-51.0], [1], **one).value == -51.0
    # Range [−100, 100]: the margin is 100, flagged below −200.
    both = {"reward_range": (-1.0, 1.0), "gamma": 0.99}
    assert q_beyond_bound([-5.0, -190.0], [1, 2], **both) is None
    assert q_beyond_bound([-5.0, -320.0], [1, 2], **both).total_steps == 2.0


def test_no_bound_no_data_and_missing_values() -> None:
    assert q_beyond_bound([1e9], [1], reward_range=(1.0, 1.0), gamma=1.0) is None
    assert q_beyond_bound([], [], reward_range=(1.0, 1.0), gamma=0.99) is None
    assert q_beyond_bound([math.nan], [1], reward_range=(1.0, 1.0), gamma=0.99) is None
    flag = q_beyond_bound([math.nan, 400.0, math.nan], [1, 2, 3], reward_range=(1, 1), gamma=0.9)
    assert flag.value == 400.0 and flag.total_steps == 2.0 and math.isnan(flag.latest)
