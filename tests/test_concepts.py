"""playground.concepts: Huber vs square loss, discounted returns, normalisation (hand-computed)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.concepts import (
    discounted_return_terms,
    discounted_returns,
    huber_loss,
    normalise,
    square_loss,
)


def test_square_loss_is_half_delta_squared():
    np.testing.assert_allclose(
        square_loss([-3.0, -1.0, 0.0, 0.5, 2.0]), [4.5, 0.5, 0.0, 0.125, 2.0]
    )


def test_huber_matches_notes_formula():
    # κ = 1: ½δ² inside, |δ| − ½ outside.
    np.testing.assert_allclose(
        huber_loss([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0]),
        [2.5, 0.5, 0.125, 0.0, 0.125, 0.5, 1.5],
    )


def test_huber_with_other_threshold():
    # κ = 2: δ = 1 → ½·1/2 = 0.25; δ = 3 → 3 − 1 = 2.
    np.testing.assert_allclose(huber_loss([1.0, 3.0, -2.0], threshold=2.0), [0.25, 2.0, 1.0])
    with pytest.raises(ValueError):
        huber_loss([1.0], threshold=0.0)


@given(st.floats(-50, 50), st.floats(0.1, 5))
def test_huber_never_exceeds_square_and_agrees_near_zero(delta, kappa):
    h = huber_loss(delta, kappa)
    # Huber with κ equals ½δ²/κ inside, so compare against the square loss scaled by 1/κ.
    assert h <= square_loss(delta) / kappa + 1e-12
    if abs(delta) <= kappa:
        assert h == pytest.approx(0.5 * delta * delta / kappa)


def test_discounted_returns_by_hand():
    # r = (1, 2, 3), γ = 0.5: G2 = 3, G1 = 2 + 1.5 = 3.5, G0 = 1 + 1.75 = 2.75.
    np.testing.assert_allclose(discounted_returns([1, 2, 3], 0.5), [2.75, 3.5, 3.0])


def test_discounted_returns_cartpole_like():
    # Three +1 rewards, γ = 0.9: G = (1 + .9 + .81, 1 + .9, 1).
    np.testing.assert_allclose(discounted_returns([1, 1, 1], 0.9), [2.71, 1.9, 1.0])
    np.testing.assert_allclose(discounted_returns([1, 1, 1], 0.0), [1.0, 1.0, 1.0])
    np.testing.assert_allclose(discounted_returns([1, 1, 1], 1.0), [3.0, 2.0, 1.0])
    assert discounted_returns([], 0.9).shape == (0,)


def test_return_terms_show_each_gamma_power():
    terms = discounted_return_terms([1, 2, 3], 0.5)
    expected = np.array(
        [
            [1.0, 0.5 * 2, 0.25 * 3],
            [0.0, 2.0, 0.5 * 3],
            [0.0, 0.0, 3.0],
        ]
    )
    np.testing.assert_allclose(terms, expected)
    np.testing.assert_allclose(terms.sum(axis=1), discounted_returns([1, 2, 3], 0.5))


@given(st.lists(st.floats(-10, 10), max_size=30), st.floats(0, 1))
def test_terms_and_recursion_agree(rewards, gamma):
    np.testing.assert_allclose(
        discounted_return_terms(rewards, gamma).sum(axis=1),
        discounted_returns(rewards, gamma),
        atol=1e-9,
    )


def test_bad_inputs_rejected():
    with pytest.raises(ValueError):
        discounted_returns([1.0], 1.5)
    with pytest.raises(ValueError):
        discounted_returns([[1.0]], 0.9)


def test_normalise_by_hand():
    # mean 2, population std sqrt(2/3).
    out = normalise([1.0, 2.0, 3.0])
    s = np.sqrt(2.0 / 3.0)
    np.testing.assert_allclose(out, [-1 / s, 0.0, 1 / s], rtol=1e-6)


def test_normalise_constant_and_empty():
    np.testing.assert_array_equal(normalise([5.0, 5.0, 5.0]), [0.0, 0.0, 0.0])
    assert normalise([]).shape == (0,)


@given(st.lists(st.floats(-100, 100), min_size=2, max_size=50).filter(lambda x: np.std(x) > 1e-3))
def test_normalise_gives_zero_mean_unit_std(values):
    out = normalise(values)
    assert abs(out.mean()) < 1e-9
    assert out.std() == pytest.approx(1.0, rel=1e-5)
