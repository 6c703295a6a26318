"""The CartPole discretiser and its wrappers: bins, flat indices, shaped rewards."""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.cartpole import (
    DEFAULT_HIGH,
    DEFAULT_LOW,
    CartPoleRewardShaping,
    DiscretisedObservation,
    Discretiser,
    shaped_reward,
)

any_float = st.floats(allow_nan=True, allow_infinity=True, width=64)
observations = st.lists(any_float, min_size=4, max_size=4)
bin_counts = st.lists(st.integers(1, 12), min_size=4, max_size=4)


# -- construction ------------------------------------------------------------------------


def test_defaults_are_the_notes_ranges_and_edges():
    d = Discretiser()
    assert d.bins == (6, 6, 6, 6)
    assert d.n_states == 6**4 == 1296
    assert d.strides == (1, 6, 36, 216)
    assert tuple(d.low) == DEFAULT_LOW == (-2.4, -3.0, -0.418, -2.0)
    assert tuple(d.high) == DEFAULT_HIGH == (2.4, 3.0, 0.418, 2.0)
    # The notes' bins(): np.linspace(lo, hi, n + 1)[1:-1]
    for edges, lo, hi in zip(d.edges, DEFAULT_LOW, DEFAULT_HIGH, strict=True):
        np.testing.assert_allclose(edges, np.linspace(lo, hi, 7)[1:-1], atol=1e-12)
    np.testing.assert_allclose(d.edges[0], [-1.6, -0.8, 0.0, 0.8, 1.6], atol=1e-15)
    # Symmetric ranges give mirror-image edges and an exact zero middle edge (linspace gives
    # 5.6e-17 for ±0.418, which put an upright pole in the lower bin).
    for edges in d.edges:
        np.testing.assert_array_equal(edges, -edges[::-1])
        assert edges[2] == 0.0
    assert d.bins_of([0.0, 0.0, 0.0, 0.0]) == (3, 3, 3, 3)


def test_hand_computed_bins_and_index():
    d = Discretiser(6)
    # x 0.5 in [0, 0.8) -> 3; ẋ −3.5 below −3 -> 0; θ 0.1 in [0, 0.139) -> 3;
    # θ̇ 1.0 in [0.667, 1.333) -> 4.  index = 3 + 0·6 + 3·36 + 4·216 = 975
    obs = np.array([0.5, -3.5, 0.1, 1.0], dtype=np.float32)
    assert d.bins_of(obs) == (3, 0, 3, 4)
    assert d.index(obs) == 975
    assert d.index_to_bins(975) == (3, 0, 3, 4)
    assert d.bins_to_index([3, 0, 3, 4]) == 975
    # Equal bins: the notes' Σ dᵢ·binsⁱ
    assert d.index(obs) == sum(b * 6**i for i, b in enumerate((3, 0, 3, 4)))


def test_per_dimension_bin_counts():
    d = Discretiser((2, 3, 4, 5))
    assert d.n_states == 120
    assert d.strides == (1, 2, 6, 24)
    assert [len(e) for e in d.edges] == [1, 2, 3, 4]
    # last bin of every dimension is the last flat index
    assert d.bins_to_index([1, 2, 3, 4]) == 119
    assert d.index([9.0, 9.0, 9.0, 9.0]) == 119
    assert d.index([-9.0, -9.0, -9.0, -9.0]) == 0


def test_one_bin_ignores_the_dimension():
    d = Discretiser((1, 6, 6, 6))
    assert d.edges[0].size == 0
    assert d.bins_of([-1e9, 0.0, 0.0, 0.0])[0] == d.bins_of([1e9, 0.0, 0.0, 0.0])[0] == 0


def test_custom_ranges_and_dimensions():
    d = Discretiser(4, low=(0.0, -1.0), high=(1.0, 1.0))
    assert d.n_dims == 2 and d.n_states == 16
    np.testing.assert_array_equal(d.edges[0], [0.25, 0.5, 0.75])
    assert d.bins_of([0.25, 0.99]) == (1, 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bins": 0}, "int >= 1"),
        ({"bins": -3}, "int >= 1"),
        ({"bins": 2.5}, "int >= 1"),
        ({"bins": True}, "int >= 1"),
        ({"bins": (6, 6, 0, 6)}, "int >= 1"),
        ({"bins": (6, 6, 6)}, "3 entries"),
        ({"low": (0, 0, 0, 0), "high": (1, 1, 0, 1)}, "dimension 2"),
        ({"low": (0, 2, 0, 0), "high": (1, 1, 1, 1)}, "dimension 1"),
        ({"low": (0, 0, 0), "high": (1, 1, 1, 1)}, "same length"),
        ({"low": (0, 0, -math.inf, 0)}, "finite"),
        ({"low": (), "high": ()}, "at least one"),
    ],
)
def test_invalid_arguments_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Discretiser(**kwargs)


def test_index_conversions_reject_out_of_range():
    d = Discretiser(6)
    with pytest.raises(ValueError, match="out of range"):
        d.index_to_bins(1296)
    with pytest.raises(ValueError, match="out of range"):
        d.index_to_bins(-1)
    with pytest.raises(ValueError, match="out of range"):
        d.bins_to_index([6, 0, 0, 0])
    with pytest.raises(ValueError, match="shape"):
        d.bins_to_index([0, 0, 0])
    with pytest.raises(ValueError, match="4 values"):
        d.bins_of([0.0, 0.0])


def test_bin_bounds_and_centres():
    d = Discretiser((4, 6, 6, 6))
    bounds = d.bin_bounds(0)
    assert bounds[0] == (-math.inf, -1.2) and bounds[-1] == (1.2, math.inf)
    assert len(bounds) == 4
    np.testing.assert_allclose(d.bin_centres(0), [-1.8, -0.6, 0.6, 1.8])


# -- properties ----------------------------------------------------------------------------


@given(obs=observations, bins=bin_counts)
@settings(max_examples=300, deadline=None)
def test_every_observation_maps_to_a_valid_index(obs, bins):
    d = Discretiser(bins)
    b = d.bins_of(obs)
    assert all(0 <= bi < n for bi, n in zip(b, bins, strict=True))
    i = d.index(obs)
    assert 0 <= i < d.n_states
    # The per-step fast path agrees with np.digitize on the interior edges.
    np.testing.assert_array_equal(d.digitise(obs), b)
    assert b == tuple(int(np.digitize(v, e)) for v, e in zip(obs, d.edges, strict=True))
    assert d.indices(np.array([obs, obs])).tolist() == [i, i]


@given(bins=bin_counts, data=st.data())
@settings(max_examples=200, deadline=None)
def test_out_of_range_values_land_in_the_end_bins(bins, data):
    d = Discretiser(bins)
    below = [data.draw(st.floats(max_value=lo, allow_nan=False)) for lo in d.low]
    above = [data.draw(st.floats(min_value=hi, allow_nan=False)) for hi in d.high]
    assert d.bins_of(below) == (0, 0, 0, 0)
    assert d.bins_of(above) == tuple(n - 1 for n in bins)
    # NaN is "above everything", as np.digitize has it
    assert d.bins_of([math.nan] * 4) == tuple(n - 1 for n in bins)


@given(bins=bin_counts, data=st.data())
@settings(max_examples=200, deadline=None)
def test_a_value_on_an_edge_goes_to_the_bin_above(bins, data):
    d = Discretiser(bins)
    dim = data.draw(st.integers(0, 3))
    if bins[dim] == 1:
        return
    k = data.draw(st.integers(0, bins[dim] - 2))
    obs = [0.0, 0.0, 0.0, 0.0]
    obs[dim] = float(d.edges[dim][k])
    assert d.bins_of(obs)[dim] == k + 1
    obs[dim] = float(np.nextafter(d.edges[dim][k], -np.inf))
    assert d.bins_of(obs)[dim] == k


@given(x=any_float, y=any_float, bins=st.integers(1, 12))
@settings(max_examples=200, deadline=None)
def test_bins_are_monotonic_in_the_observation(x, y, bins):
    d = Discretiser(bins)
    if math.isnan(x) or math.isnan(y):
        return
    lo, hi = min(x, y), max(x, y)
    assert d.bins_of([lo] * 4) <= d.bins_of([hi] * 4)


@given(bins=bin_counts, data=st.data())
@settings(max_examples=200, deadline=None)
def test_index_and_bins_round_trip(bins, data):
    d = Discretiser(bins)
    b = tuple(data.draw(st.integers(0, n - 1)) for n in bins)
    i = d.bins_to_index(b)
    assert 0 <= i < d.n_states
    assert d.index_to_bins(i) == b
    j = data.draw(st.integers(0, d.n_states - 1))
    assert d.bins_to_index(d.index_to_bins(j)) == j
    # array forms
    all_bins = d.index_to_bins(np.arange(d.n_states))
    assert all_bins.shape == (d.n_states, 4)
    np.testing.assert_array_equal(d.bins_to_index(all_bins), np.arange(d.n_states))


# -- wrappers ------------------------------------------------------------------------------


def test_discretised_observation_wrapper():
    d = Discretiser(6)
    env = DiscretisedObservation(gym.make("CartPole-v1"), d)
    assert env.observation_space == gym.spaces.Discrete(1296)
    state, info = env.reset(seed=3)
    raw = info["continuous_observation"]
    assert raw.shape == (4,)
    assert info["bins"] == d.bins_of(raw)
    assert state == d.index(raw)
    state, _, _, _, info = env.step(1)
    assert state == d.index(info["continuous_observation"])
    assert env.observation_space.contains(state)
    # same seed, same start
    state2, info2 = env.reset(seed=3)
    np.testing.assert_array_equal(info2["continuous_observation"], raw)


def test_discretised_observation_rejects_wrong_box():
    with pytest.raises(ValueError, match="Box observation of shape"):
        DiscretisedObservation(gym.make("CartPole-v1"), Discretiser(4, (0.0,), (1.0,)))
    with pytest.raises(ValueError, match="Box observation"):
        DiscretisedObservation(gym.make("FrozenLake-v1"))


def test_wrapped_env_passes_the_env_checker():
    import warnings

    from gymnasium.utils.env_checker import check_env

    env = CartPoleRewardShaping(DiscretisedObservation(gym.make("CartPole-v1").unwrapped))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # The checker always notes that it was handed a wrapped env; that is the point here.
        warnings.filterwarnings("ignore", message=".*different from the unwrapped")
        check_env(env, skip_render_check=True)


@pytest.mark.parametrize(
    ("terminated", "truncated", "expected"),
    [(False, False, 0.0), (True, False, -1.0), (False, True, 1.0), (True, True, -1.0)],
)
def test_shaped_reward_cases(terminated, truncated, expected):
    assert shaped_reward(terminated, truncated) == expected


def test_shaping_wrapper_on_a_fall():
    env = CartPoleRewardShaping(gym.make("CartPole-v1"))
    env.reset(seed=0)
    rewards, raw = [], []
    terminated = truncated = False
    while not (terminated or truncated):  # always pushing left: the pole falls fast
        _, r, terminated, truncated, info = env.step(0)
        rewards.append(r)
        raw.append(info["raw_reward"])
    assert terminated and not truncated
    assert rewards[-1] == -1.0 and set(rewards[:-1]) == {0.0}
    assert set(raw) == {1.0} and len(raw) < 20


def test_shaping_wrapper_on_success_at_the_step_limit():
    env = CartPoleRewardShaping(gym.make("CartPole-v1", max_episode_steps=6), success_reward=2.0)
    env.reset(seed=0)
    rewards = []
    for t in range(6):  # alternating pushes keep the pole up for six steps
        _, r, terminated, truncated, _ = env.step(t % 2)
        rewards.append(r)
    assert not terminated and truncated
    assert rewards == [0.0] * 5 + [2.0]
