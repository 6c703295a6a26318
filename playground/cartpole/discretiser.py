"""Cut CartPole's continuous observation into bins and number the cells."""

from __future__ import annotations

import bisect
import operator
from collections.abc import Sequence

import numpy as np

#: Names of CartPole's four observation dimensions, in observation order.
DIMENSION_NAMES: tuple[str, ...] = (
    "cart position",
    "cart velocity",
    "pole angle",
    "pole angular velocity",
)
#: The notes' clip ranges: x ±2.4, ẋ ±3, θ ±0.418 rad (24°), θ̇ ±2.
DEFAULT_LOW: tuple[float, ...] = (-2.4, -3.0, -0.418, -2.0)
DEFAULT_HIGH: tuple[float, ...] = (2.4, 3.0, 0.418, 2.0)


class Discretiser:
    """Cut a box of continuous observations into a grid of bins and number its cells.

    Each dimension ``i`` is cut into ``bins[i]`` equal bins between ``low[i]`` and
    ``high[i]``; values below ``low`` fall in the first bin and values above ``high`` (or
    ±inf, or NaN) in the last, exactly as ``np.digitize`` does with the interior edges.
    The flat index of bin indices ``d`` is ``Σᵢ dᵢ · Πⱼ<ᵢ bins[j]``: dimension 0 varies
    fastest, as in the notes.

    Args:
        bins: Bins per dimension: one int for every dimension, or one per dimension.
            At least 1 each (1 bin ignores that dimension).
        low: Lower clip value of each dimension (default: the notes' CartPole ranges).
        high: Upper clip value of each dimension; each must exceed its ``low``.

    Example:
        >>> d = Discretiser(6)
        >>> d.n_states
        1296
        >>> d.bins_of([0.0, 0.0, 0.0, 0.0])
        (3, 3, 3, 3)
        >>> d.index_to_bins(d.index([0.0, 0.0, 0.0, 0.0]))
        (3, 3, 3, 3)
    """

    def __init__(
        self,
        bins: int | Sequence[int] = 6,
        low: Sequence[float] = DEFAULT_LOW,
        high: Sequence[float] = DEFAULT_HIGH,
    ) -> None:
        low_arr = np.asarray(low, dtype=np.float64)
        high_arr = np.asarray(high, dtype=np.float64)
        if low_arr.ndim != 1 or high_arr.ndim != 1 or low_arr.shape != high_arr.shape:
            raise ValueError(
                f"low and high must be flat sequences of the same length, got {low!r} and {high!r}"
            )
        if low_arr.size == 0:
            raise ValueError("a Discretiser needs at least one dimension")
        if not (np.all(np.isfinite(low_arr)) and np.all(np.isfinite(high_arr))):
            raise ValueError(f"clip ranges must be finite, got low={low!r}, high={high!r}")
        bad = np.flatnonzero(~(low_arr < high_arr))
        if bad.size:
            i = int(bad[0])
            raise ValueError(
                f"low must be below high in every dimension; dimension {i} has "
                f"low={low_arr[i]!r}, high={high_arr[i]!r}"
            )
        n_dims = low_arr.size
        if isinstance(bins, (int, np.integer, float)):
            bins_t = (bins,) * n_dims
        else:
            bins_t = tuple(bins)
            if len(bins_t) != n_dims:
                raise ValueError(f"bins has {len(bins_t)} entries but the ranges have {n_dims}")
        for b in bins_t:
            if isinstance(b, bool) or not isinstance(b, (int, np.integer)) or b < 1:
                raise ValueError(f"every bin count must be an int >= 1, got bins={bins!r}")
        self.bins: tuple[int, ...] = tuple(int(b) for b in bins_t)
        self.low: np.ndarray = low_arr
        self.high: np.ndarray = high_arr
        # The notes' ``np.linspace(lo, hi, n + 1)[1:-1]`` (n bins need n - 1 interior edges),
        # computed so that symmetric ranges get exactly symmetric edges (linspace puts the
        # middle edge of ±0.418 at 5.6e-17 instead of 0, so θ = 0 fell in the lower bin).
        self.edges: tuple[np.ndarray, ...] = tuple(
            _interior_edges(lo, hi, b)
            for lo, hi, b in zip(low_arr, high_arr, self.bins, strict=True)
        )
        strides = np.cumprod((1,) + self.bins[:-1], dtype=np.int64)
        self.strides: tuple[int, ...] = tuple(int(s) for s in strides)
        self.n_states: int = int(np.prod(self.bins, dtype=np.int64))
        # Per-step digitising is CartPole's hot path: bisect on Python lists costs about a
        # microsecond for four dimensions, np.digitize about ten times that.
        self._edge_lists = [e.tolist() for e in self.edges]

    @property
    def n_dims(self) -> int:
        """Number of observation dimensions."""
        return len(self.bins)

    def __repr__(self) -> str:
        return (
            f"Discretiser(bins={self.bins}, low={tuple(self.low.tolist())}, "
            f"high={tuple(self.high.tolist())})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Discretiser):
            return NotImplemented
        return (
            self.bins == other.bins
            and np.array_equal(self.low, other.low)
            and np.array_equal(self.high, other.high)
        )

    def __hash__(self) -> int:
        return hash((self.bins, tuple(self.low.tolist()), tuple(self.high.tolist())))

    # -- observation -> bins -> index -------------------------------------------------------

    def digitise(self, observations: np.ndarray | Sequence[float]) -> np.ndarray:
        """Bin indices of one observation ``(n_dims,)`` or a batch ``(..., n_dims)``.

        ``dᵢ = np.digitize(obsᵢ, edgesᵢ)``: a value equal to an edge goes to the bin above it,
        values below ``low`` to bin 0, above ``high`` (and +inf, NaN) to bin ``bins[i] - 1``.
        """
        obs = np.asarray(observations, dtype=np.float64)
        if obs.shape[-1:] != (self.n_dims,):
            raise ValueError(
                f"expected observations of shape (..., {self.n_dims}), got {obs.shape}"
            )
        out = np.empty(obs.shape, dtype=np.int64)
        for i, edges in enumerate(self.edges):
            out[..., i] = np.digitize(obs[..., i], edges)
        return out

    def bins_of(self, observation: np.ndarray | Sequence[float]) -> tuple[int, ...]:
        """Bin indices of a single observation, as a tuple (the per-step fast path)."""
        values = observation.tolist() if isinstance(observation, np.ndarray) else observation
        if len(values) != self.n_dims:
            raise ValueError(f"expected {self.n_dims} values, got {len(values)}")
        # bisect_right is np.digitize(x, edges) for increasing edges, NaN included
        # (every comparison with NaN is False, so it lands past the last edge).
        return tuple(map(bisect.bisect_right, self._edge_lists, map(float, values)))

    def index(self, observation: np.ndarray | Sequence[float]) -> int:
        """Flat state index ``Σᵢ dᵢ · Πⱼ<ᵢ binsⱼ`` of a single observation."""
        return sum(map(operator.mul, self.bins_of(observation), self.strides))

    def indices(self, observations: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
        """Flat state indices of a batch of observations ``(..., n_dims)`` -> ``(...)``."""
        return self.bins_to_index(self.digitise(observations))

    def bins_to_index(self, bin_indices: np.ndarray | Sequence[int]) -> int | np.ndarray:
        """Flat index of bin indices ``(n_dims,)`` (-> int) or ``(..., n_dims)`` (-> array)."""
        d = np.asarray(bin_indices, dtype=np.int64)
        if d.shape[-1:] != (self.n_dims,):
            raise ValueError(f"expected bin indices of shape (..., {self.n_dims}), got {d.shape}")
        if np.any(d < 0) or np.any(d >= np.asarray(self.bins)):
            raise ValueError(f"bin indices {bin_indices!r} out of range for bins {self.bins}")
        flat = d @ np.asarray(self.strides, dtype=np.int64)
        return int(flat) if d.ndim == 1 else flat

    def index_to_bins(self, index: int | np.ndarray) -> tuple[int, ...] | np.ndarray:
        """Bin indices of a flat index (-> tuple) or of an array of them (-> ``(..., n_dims)``)."""
        idx = np.asarray(index, dtype=np.int64)
        if np.any(idx < 0) or np.any(idx >= self.n_states):
            raise ValueError(f"state index {index!r} out of range [0, {self.n_states})")
        bins = np.asarray(self.bins, dtype=np.int64)
        d = (idx[..., None] // np.asarray(self.strides, dtype=np.int64)) % bins
        return tuple(int(v) for v in d) if idx.ndim == 0 else d

    def bin_bounds(self, dim: int) -> list[tuple[float, float]]:
        """``(lower, upper)`` of every bin of dimension ``dim``; the end bins are open (±inf)."""
        inner = self.edges[dim].tolist()
        cuts = [-np.inf, *inner, np.inf]
        return list(zip(cuts[:-1], cuts[1:], strict=True))

    def marginal_visits(self, visits: np.ndarray) -> list[np.ndarray]:
        """Visits of each bin of each dimension, summed over the other dimensions
        (``visits`` holds one count per flat index)."""
        # The flat index runs dimension 0 fastest, so in C order dimension d is axis n-1-d.
        n = self.n_dims
        cube = np.asarray(visits).reshape(self.bins[::-1])
        return [cube.sum(axis=tuple(a for a in range(n) if a != n - 1 - d)) for d in range(n)]

    def bin_centres(self, dim: int) -> np.ndarray:
        """Centre of every bin of dimension ``dim`` inside the clip range (for axis labels)."""
        width = (self.high[dim] - self.low[dim]) / self.bins[dim]
        return self.low[dim] + width * (np.arange(self.bins[dim]) + 0.5)


def _interior_edges(low: float, high: float, n_bins: int) -> np.ndarray:
    """The ``n_bins - 1`` edges that cut ``[low, high]`` into ``n_bins`` equal bins."""
    # centre + half-width·(2k − n)/n: (2k − n)/n is one correctly rounded division, so the
    # edges of a symmetric range are exact mirror images and its middle edge is exactly 0.
    k = np.arange(1, n_bins, dtype=np.float64)
    centre, half = (low + high) / 2.0, (high - low) / 2.0
    return centre + half * ((2.0 * k - n_bins) / n_bins)
