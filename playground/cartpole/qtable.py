"""The CartPole Q-table made visible: visit counts, the table over bins, 2-D slices."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from playground.cartpole.discretiser import Discretiser


def visit_counts(
    states: Sequence[int] | np.ndarray, n_states: int, out: np.ndarray | None = None
) -> np.ndarray:
    """How often each flat state was visited: ``counts[s] = #{t : states[t] = s}``.

    Pass the states the agent acted in (a trajectory's ``s_0 … s_{T-1}``). With ``out`` the
    counts are added in place, so a page can accumulate them episode by episode.
    """
    counts = np.bincount(np.asarray(states, dtype=np.int64), minlength=n_states)
    if counts.size > n_states:
        raise ValueError(f"a state index is >= n_states={n_states}")
    if out is None:
        return counts
    out += counts
    return out


def q_table_by_bins(q_table: np.ndarray, discretiser: Discretiser) -> np.ndarray:
    """View ``q_table[s, a]`` as ``q[d₀, d₁, …, a]`` (bin indices first, then the action)."""
    q = np.asarray(q_table)
    if q.ndim != 2 or q.shape[0] != discretiser.n_states:
        raise ValueError(
            f"q_table must have shape ({discretiser.n_states}, n_actions), got {q.shape}"
        )
    # Dimension 0 varies fastest in the flat index, i.e. it is the *last* C-order axis.
    n = discretiser.n_dims
    by_bins = q.reshape(discretiser.bins[::-1] + (q.shape[1],))
    return by_bins.transpose(*range(n - 1, -1, -1), n)


@dataclass(frozen=True)
class QSlice:
    """Two dimensions of the Q-table, the others fixed or averaged away.

    Every array is indexed ``[i, j]`` with ``i`` a bin of ``dims[0]`` and ``j`` a bin of
    ``dims[1]`` (transpose it to put ``dims[0]`` on a heatmap's x axis).
    """

    dims: tuple[int, int]
    """The two dimensions shown: ``(rows, columns)``."""
    fixed: dict[int, int] | None
    """Bin of each other dimension, or ``None`` when they are averaged over visited bins."""
    greedy_action: np.ndarray
    """argmaxₐ Q (float; 0.5 where both actions tie, NaN where unvisited)."""
    max_q: np.ndarray
    """maxₐ Q (NaN where unvisited)."""
    visits: np.ndarray | None
    """Visits of each cell (summed over the averaged dimensions), when counts were given."""


def q_slice(
    q_table: np.ndarray,
    discretiser: Discretiser,
    dims: tuple[int, int] = (2, 3),
    fixed: dict[int, int] | None = None,
    visits: np.ndarray | None = None,
) -> QSlice:
    """Greedy action and max Q over two dimensions (default pole angle × angular velocity).

    With ``fixed`` (a bin for each other dimension) the slice is the table at those bins.
    Without it, each cell averages Q over the *visited* bin-states of the other dimensions
    (``visits`` required): ``Q̄(i, j, a) = mean{Q(s, a) : s in cell (i, j), visits[s] > 0}``;
    then ``greedy_action = argmaxₐ Q̄`` and ``max_q = maxₐ Q̄``. When ``visits`` is given,
    cells never visited are NaN in both modes: their Q values are only the initial ones.
    Exact ties (e.g. an untouched all-zero row) show as 0.5, "no preference".

    Args:
        q_table: ``(n_states, n_actions)`` table indexed by the discretiser's flat index.
        discretiser: The discretiser that numbered the states.
        dims: The two dimensions to show, ``(rows, columns)``.
        fixed: ``{dim: bin}`` for every dimension not in ``dims``; ``None`` to average.
        visits: ``(n_states,)`` visit counts (see :func:`visit_counts`).
    """
    n = discretiser.n_dims
    row, col = dims
    if not (0 <= row < n and 0 <= col < n and row != col):
        raise ValueError(f"dims must be two different dimensions in [0, {n}), got {dims!r}")
    others = [k for k in range(n) if k not in dims]
    q = q_table_by_bins(q_table, discretiser)
    v = None
    if visits is not None:
        v = np.asarray(visits).reshape(discretiser.bins[::-1]).transpose(*range(n - 1, -1, -1))
    # Bring the axes to (row, col, *others, action) so both modes reduce the same axes.
    order = [row, col, *others]
    q = q.transpose(*order, n)
    v = None if v is None else v.transpose(*order)
    if fixed is not None:
        if sorted(fixed) != others:
            raise ValueError(
                f"fixed must give a bin for each of dimensions {others}, got {fixed!r}"
            )
        for k in others:
            if not 0 <= fixed[k] < discretiser.bins[k]:
                raise ValueError(
                    f"fixed bin {fixed[k]} of dimension {k} is outside [0, {discretiser.bins[k]})"
                )
        at = tuple(fixed[k] for k in others)
        q_cell = q[(slice(None), slice(None), *at)]
        cell_visits = None if v is None else v[(slice(None), slice(None), *at)]
    else:
        if v is None:
            raise ValueError("averaging over visited bins needs the visit counts (visits=...)")
        other_axes = tuple(range(2, n))
        seen = (v > 0)[..., None]
        n_seen = seen.sum(axis=other_axes)
        with np.errstate(invalid="ignore", divide="ignore"):
            q_cell = np.where(seen, q, 0.0).sum(axis=other_axes) / n_seen
        cell_visits = v.sum(axis=other_axes)
    max_q = q_cell.max(axis=-1).astype(np.float64)
    greedy = q_cell.argmax(axis=-1).astype(np.float64)
    greedy[(q_cell == q_cell.max(axis=-1, keepdims=True)).sum(axis=-1) > 1] = 0.5
    if cell_visits is not None:
        unvisited = cell_visits == 0
        max_q[unvisited] = np.nan
        greedy[unvisited] = np.nan
    return QSlice(
        dims=(row, col),
        fixed=None if fixed is None else dict(fixed),
        greedy_action=greedy,
        max_q=max_q,
        visits=cell_visits,
    )


@dataclass(frozen=True)
class StateSummary:
    """What playback shows under a frame: where the state falls and what the table says."""

    index: int
    """Flat state index s."""
    bins: tuple[int, ...]
    """Bin index of each dimension."""
    q_values: tuple[float, ...]
    """Q(s, a) for each action (0 push left, 1 push right)."""
    greedy_action: int
    """argmaxₐ Q(s, a), ties to the lowest action."""
    visits: int | None
    """Times the agent acted in s, when visit counts were given."""


def state_summary(
    q_table: np.ndarray,
    discretiser: Discretiser,
    state: int,
    visits: np.ndarray | None = None,
) -> StateSummary:
    """Bin indices, Q values and greedy action of flat state ``state``."""
    row = np.asarray(q_table)[state]
    return StateSummary(
        index=int(state),
        bins=discretiser.index_to_bins(int(state)),
        q_values=tuple(float(v) for v in row),
        greedy_action=int(np.argmax(row)),
        visits=None if visits is None else int(visits[state]),
    )


def greedy_actions(q_table: np.ndarray) -> np.ndarray:
    """argmaxₐ Q(s, a) for every state, ties to the lowest action (as ``greedy_action``)."""
    return np.asarray(q_table).argmax(axis=1)
