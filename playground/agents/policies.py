"""Policies from a parameter table θ: θ₀ from the walls, the naive ratio and the softmax.

Tables are ``(n_states, n_actions)`` float arrays with ``NaN`` where an action is
blocked (the notes' convention); probabilities are 0 there, never NaN.
"""

from __future__ import annotations

import numpy as np

__all__ = ["allowed_actions", "naive_policy", "softmax_policy", "theta0_from_mask"]


def theta0_from_mask(masks: np.ndarray) -> np.ndarray:
    r"""θ₀ of the notes, derived from the action masks: 1 where a move is allowed, NaN where blocked.

    .. math:: \theta_0(s, a) = 1 \text{ if } a \text{ is allowed in } s \text{ else NaN}

    Args:
        masks: ``(n_states, n_actions)`` array of 0/1 (e.g. ``MazeEnv.action_masks()``).

    Returns:
        A new float array of the same shape.
    """
    masks = np.asarray(masks)
    return np.where(masks.astype(bool), 1.0, np.nan)


def naive_policy(theta: np.ndarray) -> np.ndarray:
    r"""The notes' first policy: each allowed action's share of its row.

    .. math:: \pi(s, a) = \frac{\theta(s, a)}{\sum_{a'} \theta(s, a')}

    with the sum over allowed (non-NaN) entries. Blocked entries get 0; a row with
    no allowed action (the goal) is all zeros. θ must be ≥ 0 where allowed.
    """
    theta = np.asarray(theta, dtype=float)
    allowed = ~np.isnan(theta)
    values = np.where(allowed, theta, 0.0)
    if (values < 0).any():
        raise ValueError(
            "naive_policy needs θ ≥ 0 on allowed actions; use softmax_policy otherwise"
        )
    totals = values.sum(axis=-1, keepdims=True)
    return np.divide(values, totals, out=np.zeros_like(values), where=totals > 0)


def softmax_policy(theta: np.ndarray, beta: float = 1.0) -> np.ndarray:
    r"""Softmax of θ with inverse temperature β = 1/τ over the allowed actions of each row.

    .. math:: \pi(s, a) = \frac{\exp(\beta\, \theta(s, a))}{\sum_{a'} \exp(\beta\, \theta(s, a'))}

    Blocked (NaN) entries get 0, and a row with no allowed action is all zeros.
    Overflow-safe: the row maximum of βθ is subtracted first (which leaves π
    unchanged); when βθ itself overflows to ±∞, π is uniform over the allowed
    entries at the row's maximum (the β → ∞ limit: the greedy policy, ties shared).
    """
    theta = np.asarray(theta, dtype=float)
    allowed = ~np.isnan(theta)
    with np.errstate(over="ignore", invalid="ignore"):
        z = np.where(allowed, beta * np.where(allowed, theta, 0.0), -np.inf)
        z = np.where(np.isnan(z), -np.inf, z)  # 0·∞ when β = 0 and θ = ±∞
        z_max = z.max(axis=-1, keepdims=True)
        shift = np.where(np.isfinite(z_max), z_max, 0.0)
        weights = np.exp(z - shift)
    # βθ overflowed (to +∞, or every allowed entry to −∞): the greedy limit, ties shared.
    at_inf = np.isinf(z_max) & allowed.any(axis=-1, keepdims=True)
    if at_inf.any():
        weights = np.where(at_inf, (allowed & (z == z_max)).astype(float), weights)
    totals = weights.sum(axis=-1, keepdims=True)
    return np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)


def allowed_actions(mask: np.ndarray | None, n_actions: int) -> tuple[int, ...]:
    """Indices of the allowed actions in a 0/1 mask (all of them when ``mask`` is None)."""
    if mask is None:
        return tuple(range(n_actions))
    return tuple(int(a) for a in np.flatnonzero(np.asarray(mask)))
