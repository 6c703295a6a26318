"""The small formulas the deep-RL chapters of the notes plot, in plain numpy.

Nothing here imports torch, so the "concepts" figures (Huber versus square loss,
the discounted return G_t term by term, return normalisation) load instantly and
the same functions serve as the reference implementations the torch agents are
tested against.

Indexing convention: ``rewards[t]`` is the reward received after the action taken
at step ``t`` (the notes write it :math:`R_{t+1}`), so for an episode of length T

    G_t = Σ_{k=0}^{T-1-t} γ^k · rewards[t + k]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "MAX_REWARDS",
    "MAX_REWARD_MAGNITUDE",
    "discounted_return_terms",
    "discounted_returns",
    "huber_loss",
    "normalise",
    "parse_rewards",
    "square_loss",
]


def square_loss(delta: ArrayLike) -> NDArray[np.float64]:
    r"""Square loss of a TD error, with the notes' factor one half.

    .. math:: L(\delta) = \tfrac12 \delta^2

    The ½ makes it coincide with the Huber loss for :math:`|\delta| \le 1`.
    """
    d = np.asarray(delta, dtype=np.float64)
    return 0.5 * d * d


def huber_loss(delta: ArrayLike, threshold: float = 1.0) -> NDArray[np.float64]:
    r"""Smooth-L1 loss of a TD error (``torch.nn.functional.smooth_l1_loss``, ``beta=threshold``).

    .. math::
        L_\kappa(\delta) = \begin{cases}
            \tfrac12 \delta^2 / \kappa, & |\delta| \le \kappa \\
            |\delta| - \tfrac12 \kappa, & |\delta| > \kappa
        \end{cases}

    Quadratic near zero, linear beyond ``threshold`` (κ), so one large TD error
    cannot produce a huge gradient; the notes use κ = 1. It is the textbook Huber loss
    H_κ (½δ², then κ(|δ| − ½κ)) divided by κ: equal to it at κ = 1, and with a gradient
    bounded by 1 for every κ (H_κ's is bounded by κ).

    Args:
        delta: TD errors, any shape.
        threshold: κ > 0, where the loss switches from quadratic to linear.
    """
    if not threshold > 0:
        raise ValueError(f"threshold must be > 0, got {threshold}")
    d = np.abs(np.asarray(delta, dtype=np.float64))
    return np.where(d <= threshold, 0.5 * d * d / threshold, d - 0.5 * threshold)


def discounted_return_terms(rewards: ArrayLike, gamma: float) -> NDArray[np.float64]:
    r"""Every term :math:`\gamma^k r_{t+k}` of every return, as a ``T × T`` matrix.

    ``terms[t, j]`` is the contribution of ``rewards[j]`` to :math:`G_t`:
    :math:`\gamma^{j-t} r_j` for ``j >= t`` and 0 for ``j < t`` (a reward already
    received is not part of the future return). Row sums are
    :func:`discounted_returns`. Meant for showing one return term by term, so it
    is quadratic in T; use :func:`discounted_returns` for long episodes.

    Args:
        rewards: 1-D sequence of rewards r_0 … r_{T-1}.
        gamma: discount factor γ in [0, 1].
    """
    r = _as_rewards(rewards)
    _check_gamma(gamma)
    t = np.arange(r.size)
    k = t[None, :] - t[:, None]  # k = j - t
    future = k >= 0
    powers = np.where(future, float(gamma) ** np.where(future, k, 0), 0.0)
    return powers * r[None, :]


def discounted_returns(rewards: ArrayLike, gamma: float) -> NDArray[np.float64]:
    r"""Discounted return from every step of one episode.

    .. math:: G_t = \sum_{k=0}^{T-1-t} \gamma^k r_{t+k} = r_t + \gamma G_{t+1}, \quad G_T = 0

    Computed backwards with the recursion, O(T).

    Args:
        rewards: 1-D sequence of rewards r_0 … r_{T-1}.
        gamma: discount factor γ in [0, 1].

    Returns:
        ``float64`` array of shape ``(T,)``.
    """
    r = _as_rewards(rewards)
    _check_gamma(gamma)
    returns = np.empty_like(r)
    running = 0.0
    for t in range(r.size - 1, -1, -1):
        running = r[t] + gamma * running
        returns[t] = running
    return returns


def normalise(returns: ArrayLike, eps: float = 1e-8) -> NDArray[np.float64]:
    r"""Standardise returns to zero mean and unit standard deviation.

    .. math:: \hat G_t = \frac{G_t - \operatorname{mean}(G)}{\operatorname{std}(G) + \varepsilon}

    ``std`` is the population standard deviation (``ddof=0``); ``eps`` keeps a
    constant sequence (std 0) from dividing by zero, giving all zeros. An empty
    input gives an empty output.
    """
    g = np.asarray(returns, dtype=np.float64)
    if g.size == 0:
        return g.copy()
    return (g - g.mean()) / (g.std() + eps)


def _as_rewards(rewards: ArrayLike) -> NDArray[np.float64]:
    r = np.asarray(rewards, dtype=np.float64)
    if r.ndim != 1:
        raise ValueError(f"rewards must be 1-D, got shape {r.shape}")
    return r


def _check_gamma(gamma: float) -> None:
    if not 0.0 <= gamma <= 1.0:
        raise ValueError(f"gamma must be in [0, 1], got {gamma}")


MAX_REWARDS = 50
"""Longest reward sequence the concepts page takes (its term matrix is T × T)."""

MAX_REWARD_MAGNITUDE = 1e6
"""Largest |r| the concepts page takes. A sum of up to :data:`MAX_REWARDS` such rewards
stays far from float overflow (≈ 1.8e308), which ``1e308, 1e308`` would reach, and
shows as readable numbers; no example in the notes comes near it."""


def parse_rewards(
    text: str, max_n: int = MAX_REWARDS
) -> tuple[list[float] | None, tuple[str, dict[str, str]] | None]:
    """Read ``"0, 0, -1"`` into ``[0.0, 0.0, -1.0]``.

    Returns ``(rewards, None)`` or ``(None, (reason, details))`` where the reason is a
    key suffix the page translates (``"empty"``, ``"number"``, ``"infinite"``,
    ``"too_large"`` (|r| above :data:`MAX_REWARD_MAGNITUDE`), ``"too_many"``) and
    ``details`` fills its placeholders.

    >>> parse_rewards("0, 0, 1")
    ([0.0, 0.0, 1.0], None)
    >>> parse_rewards("1, a")
    (None, ('number', {'item': 'a'}))
    >>> parse_rewards("1e308, 1e308")
    (None, ('too_large', {'item': '1e308', 'limit': '1e+06'}))
    """
    items = [item.strip() for item in str(text).replace(";", ",").split(",")]
    items = [item for item in items if item]
    if not items:
        return None, ("empty", {})
    if len(items) > max_n:
        return None, ("too_many", {"n": str(max_n)})
    values: list[float] = []
    for item in items:
        try:
            value = float(item.replace("−", "-"))
        except ValueError:
            return None, ("number", {"item": item[:20]})
        if not math.isfinite(value):
            return None, ("infinite", {"item": item[:20]})
        if abs(value) > MAX_REWARD_MAGNITUDE:
            return None, ("too_large", {"item": item[:20], "limit": f"{MAX_REWARD_MAGNITUDE:g}"})
        values.append(value)
    return values, None
