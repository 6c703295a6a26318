"""Temporal-difference update rules for a Q table: SARSA and Q-learning.

``q`` may be a NumPy array or a list of lists; it is indexed as ``q[s][a]`` and never modified.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["q_learning_target", "sarsa_target", "td_update"]


def sarsa_target(reward: float, q_next_sa: float, gamma: float, terminal: bool) -> float:
    r"""SARSA's target (on-policy: the value of the action a′ actually chosen next).

    .. math:: y = r + \gamma\, Q(s', a')

    and ``y = r`` alone when s′ is terminal (the notes' code tested the action
    ``a_next == 8`` there, a slip: it is the state that ends the episode).
    """
    if terminal:
        return float(reward)
    return reward + gamma * q_next_sa


def q_learning_target(
    reward: float,
    q_next_row: Sequence[float],
    next_allowed: Iterable[int] | None,
    gamma: float,
    terminal: bool,
) -> float:
    r"""Q-learning's target (off-policy: the best action in s′, whatever is played next).

    .. math:: y = r + \gamma \max_{a \in A(s')} Q(s', a)

    with the max over the allowed actions ``next_allowed`` of s′ (all actions when
    None), and ``y = r`` alone when s′ is terminal or has no allowed action.
    """
    if terminal:
        return float(reward)
    if next_allowed is None:
        next_allowed = range(len(q_next_row))
    best = max((q_next_row[a] for a in next_allowed), default=None)
    if best is None:
        return float(reward)
    return reward + gamma * best


def td_update(
    q: Sequence[Sequence[float]], s: int, a: int, target: float, eta: float
) -> tuple[float, float]:
    r"""Move Q(s, a) a step of size η towards the target.

    .. math:: \delta = y - Q(s, a), \qquad Q(s, a) \leftarrow Q(s, a) + \eta\, \delta

    Returns:
        ``(new_value, td_error)``; the caller writes ``new_value`` into its table.
    """
    old = q[s][a]
    td_error = target - old
    return old + eta * td_error, td_error
