"""Policy gradient on a θ table, as the notes define it (softmax policy, one update per episode)."""

from __future__ import annotations

import numpy as np

__all__ = [
    "delta_pi_sum",
    "policy_gradient_delta",
    "policy_gradient_delta_from_counts",
    "policy_gradient_update",
    "visit_counts",
]


def visit_counts(
    states: np.ndarray, actions: np.ndarray, n_states: int, n_actions: int
) -> np.ndarray:
    """N(s, a): how often action a was taken in state s during the episode.

    ``states[t]`` is the state in which ``actions[t]`` was taken (the final state,
    which has no action, is not included). Returns an ``int64 (n_states, n_actions)`` array.
    """
    states = np.asarray(states, dtype=np.int64)
    actions = np.asarray(actions, dtype=np.int64)
    flat = np.bincount(states * n_actions + actions, minlength=n_states * n_actions)
    return flat.reshape(n_states, n_actions)


def policy_gradient_delta(
    states: np.ndarray, actions: np.ndarray, pi: np.ndarray, n_states: int, n_actions: int
) -> np.ndarray:
    r"""Δθ of one episode of T steps.

    .. math:: \Delta\theta(s, a) = \frac{N(s, a) - \pi(s, a)\, N(s)}{T}

    where N(s, a) counts the times a was taken in s, N(s) = Σₐ N(s, a) the visits
    to s, and T the number of steps. Blocked actions (π = 0, never taken) get 0.

    As in the notes, β is left out: for π = softmax(βθ) the exact gradient of
    (1/T) Σₜ log π(sₜ, aₜ) with respect to θ is β·Δθ, so θ + η·Δθ is a gradient step of
    size η/β.

    Args:
        states: the T states the actions were taken in (without the final state).
        actions: the T actions.
        pi: the ``(n_states, n_actions)`` policy the episode was played with.
    """
    n_sa = visit_counts(states, actions, n_states, n_actions)
    return policy_gradient_delta_from_counts(n_sa, pi, len(actions))


def policy_gradient_delta_from_counts(n_sa: np.ndarray, pi: np.ndarray, steps: int) -> np.ndarray:
    r"""Δθ from the visit counts N(s, a) of an episode of ``steps`` = T steps.

    .. math:: \Delta\theta(s, a) = \frac{N(s, a) - \pi(s, a)\, N(s)}{T}, \qquad N(s) = \sum_a N(s, a)
    """
    n_s = n_sa.sum(axis=1, keepdims=True)
    return (n_sa - pi * n_s) / steps


def policy_gradient_update(theta: np.ndarray, delta: np.ndarray, eta: float) -> np.ndarray:
    r"""One policy-gradient step (the notes' code wrote θ + η + Δθ, a slip).

    .. math:: \theta \leftarrow \theta + \eta\, \Delta\theta

    NaN (blocked) entries of θ stay NaN. Returns a new array.
    """
    return theta + eta * delta


def delta_pi_sum(pi_old: np.ndarray, pi_new: np.ndarray) -> float:
    r"""The notes' stop statistic: the total change of the policy in one update.

    .. math:: \sum_{s, a} |\pi_{new}(s, a) - \pi_{old}(s, a)|

    Training has converged once it falls below the threshold (1e-4 in the notes).
    """
    return float(np.abs(pi_new - pi_old).sum())
