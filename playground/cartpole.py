"""CartPole learned with a Q-table: the notes' bridge from tables to networks.

CartPole's observation (cart position x, cart velocity ẋ, pole angle θ, pole angular
velocity θ̇) is continuous, so a tabular agent cannot index a Q-table with it. The notes cut
each dimension into bins and number the resulting cells::

    dᵢ = np.digitize(obsᵢ, interior_edgesᵢ)    bin of dimension i (beyond the clip range:
                                               the end bins)
    s  = Σᵢ dᵢ · Πⱼ<ᵢ binsⱼ                    flat state index

(with equal bin counts this is the notes' ``Σ dᵢ · binsⁱ``). Wrapped that way, CartPole has a
``Discrete`` observation space and the foundation's :class:`~playground.agents.QLearningAgent`
learns it unchanged: there is no second Q-learning implementation here.

This module holds the pieces in the order data flows through them:

* :class:`Discretiser` - observation -> bin indices -> flat state index, and back.
* :class:`DiscretisedObservation` / :class:`CartPoleRewardShaping` - Gymnasium wrappers.
* :func:`make_cartpole_tabular` - the wrapped environment.
* :class:`CartPoleTabularSettings` - the page's settings; ``.build()`` gives env + agent +
  trainer as a :class:`CartPoleTabularRun`.
* :func:`evaluate_greedy`, :func:`solved_at` - how well the table plays without exploring.
* :func:`visit_counts`, :func:`q_slice` - the Q-table made visible (pure numpy).
* :func:`replay_episode`, :func:`state_summary` - frames of a recorded episode,
  re-simulated exactly, and the bins and Q values under each frame.
* :class:`CartPoleTabularRun` - all of the above kept up to date while training.

The notes' slips are not copied: γ is in the update and its default is 0.99 (not 0.09);
the shaped reward is assigned, never ``reward -= 1`` on an unset name; ``env.step`` returns
``(observation, reward, terminated, truncated, info)``.
"""

from __future__ import annotations

import bisect
import dataclasses
import operator
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, SupportsFloat

import gymnasium as gym
import numpy as np
from gymnasium import spaces

from playground.agents import (
    ConstantEpsilon,
    EpsilonSchedule,
    InverseEpisodeEpsilon,
    LinearEpsilon,
    QLearningAgent,
    TDSettings,
)
from playground.training import EpisodeSnapshot, Trainer

__all__ = [
    "CARTPOLE_VERSIONS",
    "DEFAULT_EVAL_SEEDS",
    "DEFAULT_HIGH",
    "DEFAULT_LOW",
    "DIMENSION_NAMES",
    "LENGTH_HISTORY_CAP",
    "CartPoleRenderer",
    "CartPoleRewardShaping",
    "CartPoleTabularRun",
    "CartPoleTabularSettings",
    "DiscretisedObservation",
    "Discretiser",
    "EpisodeReplay",
    "QSlice",
    "RecordedEpisode",
    "evaluate_greedy",
    "greedy_actions",
    "make_cartpole_tabular",
    "q_slice",
    "q_table_by_bins",
    "replay_episode",
    "shaped_reward",
    "solved_at",
    "state_summary",
    "StateSummary",
    "visit_counts",
]

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


class DiscretisedObservation(gym.ObservationWrapper, gym.utils.RecordConstructorArgs):
    """Replace a Box observation by its flat bin index, so tabular agents can learn it.

    ``observation_space`` becomes ``Discrete(discretiser.n_states)``. Each ``info`` of
    ``reset`` and ``step`` gains what the bins hide, for playback and inspection:

    * ``"continuous_observation"`` - the unwrapped observation (a copy);
    * ``"bins"`` - its bin indices, one per dimension.

    For exact playback it also keeps the physics state each episode started from
    (:attr:`episode_start_state`, and :attr:`finished_episode_start_state` for the last
    episode that ended); :func:`replay_episode` re-simulates an episode from it.

    Args:
        env: An environment with a ``Box`` observation space of ``discretiser.n_dims`` values.
        discretiser: How to cut the observation (default: the notes' 6 bins and ranges).
    """

    def __init__(self, env: gym.Env, discretiser: Discretiser | None = None) -> None:
        discretiser = Discretiser() if discretiser is None else discretiser
        gym.utils.RecordConstructorArgs.__init__(self, discretiser=discretiser)
        gym.ObservationWrapper.__init__(self, env)
        box = env.observation_space
        if not isinstance(box, spaces.Box) or box.shape != (discretiser.n_dims,):
            raise ValueError(
                f"DiscretisedObservation needs a Box observation of shape ({discretiser.n_dims},), "
                f"got {box}"
            )
        self.discretiser = discretiser
        self.observation_space = spaces.Discrete(discretiser.n_states)
        self._last_bins: tuple[int, ...] = ()
        #: Unwrapped ``state`` (float64) right after the latest reset, when the env has one.
        self.episode_start_state: np.ndarray | None = None
        #: ``episode_start_state`` of the latest episode that terminated or was truncated.
        self.finished_episode_start_state: np.ndarray | None = None

    def observation(self, observation: np.ndarray) -> int:
        """Flat state index of ``observation``."""
        self._last_bins = self.discretiser.bins_of(observation)
        return sum(map(operator.mul, self._last_bins, self.discretiser.strides))

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[int, dict[str, Any]]:
        obs, info = self.env.reset(seed=seed, options=options)
        physics = getattr(self.env.unwrapped, "state", None)
        self.episode_start_state = None if physics is None else np.array(physics, dtype=np.float64)
        state = self.observation(obs)
        return state, {**info, "continuous_observation": np.array(obs), "bins": self._last_bins}

    def step(self, action: Any) -> tuple[int, SupportsFloat, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        state = self.observation(obs)
        info = {**info, "continuous_observation": np.array(obs), "bins": self._last_bins}
        if terminated or truncated:
            self.finished_episode_start_state = self.episode_start_state
        return state, reward, terminated, truncated, info


class CartPoleRewardShaping(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """The notes' shaped reward: punish a fall, reward surviving to the step limit.

    ============================================  ==================
    transition                                    shaped reward
    ============================================  ==================
    the pole falls or the cart leaves the track    ``fall_reward`` (−1)
    (``terminated``)
    the step limit is reached without a fall       ``success_reward`` (+1)
    (``truncated`` and not ``terminated``)
    any other step                                ``step_reward`` (0)
    ============================================  ==================

    CartPole's own reward is +1 on every step, fall or not, so a Q-table starting at zero
    learns only slowly that a fall is bad: the fall is simply where the +1s stop. Shaping
    puts the signal where it belongs - on the transition into the fall - and the agent
    learns to avoid the states that lead there.

    The notes gave −1 for a fall before step 150 and +1 for one after it (old Gym's ``done``
    mixed falls and time-outs). With ``terminated`` and ``truncated`` separate, a fall is
    always a fall, and success means reaching the limit. The unshaped reward is kept in
    ``info["raw_reward"]``.

    Args:
        env: A CartPole environment (anything with terminated/truncated semantics works).
        fall_reward: Reward on a terminating transition.
        success_reward: Reward on the transition that reaches the step limit.
        step_reward: Reward on every other transition.
    """

    def __init__(
        self,
        env: gym.Env,
        fall_reward: float = -1.0,
        success_reward: float = 1.0,
        step_reward: float = 0.0,
    ) -> None:
        gym.utils.RecordConstructorArgs.__init__(
            self, fall_reward=fall_reward, success_reward=success_reward, step_reward=step_reward
        )
        gym.Wrapper.__init__(self, env)
        self.fall_reward = float(fall_reward)
        self.success_reward = float(success_reward)
        self.step_reward = float(step_reward)

    def step(self, action: Any) -> tuple[Any, float, bool, bool, dict[str, Any]]:
        obs, reward, terminated, truncated, info = self.env.step(action)
        shaped = shaped_reward(
            terminated, truncated, self.fall_reward, self.success_reward, self.step_reward
        )
        return obs, shaped, terminated, truncated, {**info, "raw_reward": float(reward)}


def shaped_reward(
    terminated: bool,
    truncated: bool,
    fall_reward: float = -1.0,
    success_reward: float = 1.0,
    step_reward: float = 0.0,
) -> float:
    """The notes' CartPole reward: ``−1`` on a fall, ``+1`` on reaching the limit, else ``0``.

    A fall on the very step the limit is reached is still a fall (``terminated`` wins).
    """
    if terminated:
        return fall_reward
    if truncated:
        return success_reward
    return step_reward


# -- the wrapped environment -------------------------------------------------------------------

#: The two CartPole versions the page offers: step limit and the "solved" episode length.
CARTPOLE_VERSIONS: dict[str, tuple[int, int]] = {
    "CartPole-v0": (200, 195),
    "CartPole-v1": (500, 475),
}


def make_cartpole_tabular(
    env_id: str = "CartPole-v1",
    bins: int | Sequence[int] = 6,
    low: Sequence[float] = DEFAULT_LOW,
    high: Sequence[float] = DEFAULT_HIGH,
    shaping: bool = True,
    render_mode: str | None = None,
) -> DiscretisedObservation | CartPoleRewardShaping:
    """CartPole with a ``Discrete`` observation (its bin index), ready for a tabular agent.

    The stack is ``CartPoleRewardShaping(DiscretisedObservation(gym.make(env_id)))``
    (without the shaping layer when ``shaping=False``). Each step's ``info`` carries the
    ``"continuous_observation"`` and its ``"bins"``, and ``"raw_reward"`` when shaped.

    Args:
        env_id: ``"CartPole-v1"`` (500 steps, solved at 475) or ``"CartPole-v0"`` (the notes'
            200-step version, solved at 195).
        bins: Bins per dimension (one int, or four).
        low: Lower clip value per dimension (default: the notes' ranges).
        high: Upper clip value per dimension.
        shaping: Use the notes' shaped reward (−1 fall, +1 success, else 0) instead of
            CartPole's +1 per step.
        render_mode: ``None`` or ``"rgb_array"`` (frames for playback).
    """
    if env_id not in CARTPOLE_VERSIONS:
        raise ValueError(f"env_id must be one of {sorted(CARTPOLE_VERSIONS)}, got {env_id!r}")
    env: gym.Env = DiscretisedObservation(
        _make_cartpole(env_id, render_mode), Discretiser(bins, low, high)
    )
    if shaping:
        env = CartPoleRewardShaping(env)
    return env


def _make_cartpole(env_id: str, render_mode: str | None = None) -> gym.Env:
    import warnings

    with warnings.catch_warnings():
        # CartPole-v0 is the notes' version on purpose; its "out of date" notice is noise.
        warnings.filterwarnings("ignore", message=".*is out of date")
        return gym.make(env_id, render_mode=render_mode)


class CartPoleRenderer:
    """Draws CartPole at any recorded observation (``env.unwrapped.state`` set by hand).

    One renderer per environment id is enough for a whole page: frames are drawn when
    the player shows them, so an episode keeps its 4-number observations, not megabytes
    of images.
    """

    def __init__(self, env_id: str) -> None:
        self.env = _make_cartpole(env_id, render_mode="rgb_array")
        self.env.reset(seed=0)

    def frame(self, observation: Any) -> np.ndarray:
        """The rgb frame (H×W×3) of CartPole in state ``observation``."""
        self.env.unwrapped.state = np.asarray(observation, dtype=np.float64)
        return self.env.render()

    def close(self) -> None:
        self.env.close()


def solved_at(lengths: Sequence[int] | np.ndarray, threshold: int, run: int = 10) -> int | None:
    """Index of the first episode that completes ``run`` consecutive lengths ``>= threshold``.

    The notes' stopping rule ("10 successes in a row"): for ``lengths`` indexed by episode,
    returns the index of the ``run``-th success of the first such streak, else ``None``.
    """
    streak = 0
    for episode, length in enumerate(lengths):
        streak = streak + 1 if length >= threshold else 0
        if streak >= run:
            return episode
    return None


# -- the Q-table made visible ------------------------------------------------------------------


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


# -- playback ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeReplay:
    """A recorded episode simulated again, step by step, for playback."""

    observations: np.ndarray
    """``(T + 1, 4)`` continuous observations ``o_0 … o_T``."""
    states: np.ndarray
    """``(T + 1,)`` flat bin indices of the observations."""
    frames: list[np.ndarray]
    """``T + 1`` RGB frames (empty when rendering was not asked for)."""


def replay_episode(
    start_state: np.ndarray,
    actions: Sequence[int] | np.ndarray,
    discretiser: Discretiser,
    env_id: str = "CartPole-v1",
    render: bool = True,
    max_frames: int | None = None,
) -> EpisodeReplay:
    """Re-simulate an episode from its exact start state and actions.

    CartPole's dynamics are deterministic, so setting the physics state recorded at reset
    (``DiscretisedObservation.episode_start_state``, float64) and applying the same actions
    reproduces the episode bit for bit - no frames have to be kept while training.

    Args:
        start_state: The unwrapped env's ``state`` right after ``reset`` (4 floats).
        actions: The episode's actions ``a_0 … a_{T-1}``.
        discretiser: Gives each observation's flat bin index.
        env_id: The CartPole version the episode ran on.
        render: Draw an RGB frame of every observation.
        max_frames: Draw at most this many frames (the first ones); ``None`` for all.
    """
    env = _make_cartpole(env_id, render_mode="rgb_array" if render else None)
    env.reset(seed=0)
    core = env.unwrapped
    core.state = np.array(start_state, dtype=np.float64)
    obs = np.array(core.state, dtype=np.float32)
    observations = [obs]
    frames: list[np.ndarray] = []
    limit = len(actions) + 1 if max_frames is None else max_frames

    def draw() -> None:
        if render and len(frames) < limit:
            frames.append(env.render())

    draw()
    for action in actions:
        obs, _, terminated, _, _ = core.step(int(action))
        observations.append(obs)
        draw()
        if terminated:
            break
    env.close()
    obs_arr = np.asarray(observations, dtype=np.float32)
    return EpisodeReplay(
        observations=obs_arr, states=np.asarray(discretiser.indices(obs_arr)), frames=frames
    )


# -- settings, agent and trainer ----------------------------------------------------------------

#: Seeds of the fixed start states used by :func:`evaluate_greedy` unless others are given.
DEFAULT_EVAL_SEEDS: tuple[int, ...] = (10_000, 10_001, 10_002, 10_003, 10_004)
#: Episodes remembered by :class:`CartPoleTabularRun` for the length chart (a cap for the page).
LENGTH_HISTORY_CAP = 100_000


@dataclass(frozen=True)
class CartPoleTabularSettings:
    """Everything that defines a tabular CartPole run (defaults: the notes, with γ fixed).

    Example:
        >>> run = CartPoleTabularSettings(env_id="CartPole-v0", episodes=300).build()
        >>> lengths = [s.length for s in run.train()]
    """

    env_id: str = "CartPole-v1"
    """``"CartPole-v1"`` (500 steps, solved at 475) or ``"CartPole-v0"`` (200, solved at 195)."""
    bins: int | tuple[int, ...] = 6
    """Bins per dimension: one int (the page's slider, 2–12) or one per dimension."""
    low: tuple[float, ...] = DEFAULT_LOW
    """Lower clip value per dimension (x, ẋ, θ, θ̇)."""
    high: tuple[float, ...] = DEFAULT_HIGH
    """Upper clip value per dimension."""
    eta: float = 0.5
    """Learning rate η."""
    gamma: float = 0.99
    """Discount γ (the notes' code dropped it from the update and typed 0.09)."""
    epsilon_schedule: str = "inverse"
    """``"inverse"`` ε = c/(episode+1) (the notes, c = 0.5), ``"linear"`` or ``"constant"``."""
    epsilon: float = 0.5
    """c of the inverse schedule, the start of the linear one, the value of the constant one."""
    epsilon_end: float = 0.01
    """Linear schedule: ε once the decay is over."""
    epsilon_decay_episodes: int = 200
    """Linear schedule: episodes over which ε falls from ``epsilon`` to ``epsilon_end``."""
    shaping: bool = True
    """The notes' reward (−1 fall, +1 success, else 0) instead of CartPole's +1 per step."""
    q_init: str = "zeros"
    """``"zeros"``, or ``"random"`` U[0, 1) as the notes' ``np.random.uniform(0, 1)``."""
    episodes: int = 1000
    """Episodes :meth:`CartPoleTabularRun.train` runs by default."""
    seed: int = 0
    """Seeds the agent's random stream and the env's start states (derived, independent)."""

    def __post_init__(self) -> None:
        if self.env_id not in CARTPOLE_VERSIONS:
            raise ValueError(
                f"env_id must be one of {sorted(CARTPOLE_VERSIONS)}, got {self.env_id!r}"
            )
        if self.epsilon_schedule not in ("inverse", "linear", "constant"):
            raise ValueError(
                "epsilon_schedule must be 'inverse', 'linear' or 'constant', "
                f"got {self.epsilon_schedule!r}"
            )
        if self.q_init not in ("zeros", "random"):
            raise ValueError(f"q_init must be 'zeros' or 'random', got {self.q_init!r}")
        if not 0.0 < self.eta <= 1.0:
            raise ValueError(f"eta must be in (0, 1], got {self.eta}")
        if not 0.0 <= self.gamma <= 1.0:
            raise ValueError(f"gamma must be in [0, 1], got {self.gamma}")
        if not 0.0 <= self.epsilon <= 1.0 or not 0.0 <= self.epsilon_end <= 1.0:
            raise ValueError("epsilon and epsilon_end must be in [0, 1]")
        if self.episodes < 0:
            raise ValueError(f"episodes must be >= 0, got {self.episodes}")

    @property
    def max_steps(self) -> int:
        """Step limit of the chosen CartPole version (200 or 500)."""
        return CARTPOLE_VERSIONS[self.env_id][0]

    @property
    def solved_length(self) -> int:
        """Episode length that counts as a success (195 or 475)."""
        return CARTPOLE_VERSIONS[self.env_id][1]

    def discretiser(self) -> Discretiser:
        """The :class:`Discretiser` these settings describe."""
        return Discretiser(self.bins, self.low, self.high)

    def epsilon_fn(self) -> EpsilonSchedule:
        """The ε schedule object of :mod:`playground.agents.schedules`."""
        if self.epsilon_schedule == "inverse":
            return InverseEpisodeEpsilon(self.epsilon)
        if self.epsilon_schedule == "linear":
            return LinearEpsilon(self.epsilon, self.epsilon_end, self.epsilon_decay_episodes)
        return ConstantEpsilon(self.epsilon)

    def make_env(self, render_mode: str | None = None) -> gym.Env:
        """The discretised (and, with ``shaping``, reward-shaped) CartPole of these settings."""
        return make_cartpole_tabular(
            self.env_id, self.bins, self.low, self.high, self.shaping, render_mode
        )

    def build(self) -> CartPoleTabularRun:
        """A fresh env + the foundation's ``QLearningAgent`` + ``Trainer``, ready to train."""
        return CartPoleTabularRun(self)


def _derived_seeds(seed: int) -> tuple[int, int]:
    # Agent and env both seed PCG64 generators; the same integer for both would give them the
    # very same random stream, so each gets its own child of one SeedSequence.
    agent_seed, env_seed = np.random.SeedSequence(seed).generate_state(2)
    return int(agent_seed), int(env_seed)


@dataclass(frozen=True)
class RecordedEpisode:
    """An episode kept for playback: what :func:`replay_episode` needs, and its numbers."""

    episode: int
    """0-based index of the episode."""
    length: int
    """Steps T."""
    episode_return: float
    """Sum of the rewards the agent saw (shaped when shaping is on)."""
    start_state: np.ndarray
    """Physics state after reset (float64), for exact re-simulation."""
    states: np.ndarray
    """Flat bin indices s_0 … s_T."""
    actions: np.ndarray
    """Actions a_0 … a_{T−1}."""


class CartPoleTabularRun:
    """Tabular Q-learning on discretised CartPole, with what a live page keeps as it trains.

    It owns the env (:func:`make_cartpole_tabular`), the foundation's
    :class:`~playground.agents.QLearningAgent` and a :class:`~playground.training.Trainer`,
    and accumulates from each episode snapshot:

    * :attr:`lengths` - episode lengths, for the learning curve;
    * :attr:`visits` - visit counts of every bin-state (states the agent acted in);
    * :attr:`latest` / :attr:`best` - the latest and the longest episode, for playback.

    Everything derives from the snapshots, so a run stopped and resumed (the page trains in
    chunks) ends exactly as an uninterrupted one.

    Args:
        settings: The run's settings.
    """

    def __init__(self, settings: CartPoleTabularSettings | None = None) -> None:
        self.settings = settings = settings or CartPoleTabularSettings()
        self.env = settings.make_env()
        wrapper = self.env
        while not isinstance(wrapper, DiscretisedObservation):
            wrapper = wrapper.env
        self._observation_wrapper: DiscretisedObservation = wrapper
        self.discretiser: Discretiser = wrapper.discretiser
        agent_seed, env_seed = _derived_seeds(settings.seed)
        td = TDSettings(
            eta=settings.eta,
            gamma=settings.gamma,
            epsilon=settings.epsilon_fn(),
            q_init=settings.q_init,  # type: ignore[arg-type]
        )
        self.agent = QLearningAgent.for_env(self.env, td, seed=agent_seed)
        self.trainer = Trainer(self.env, self.agent, seed=env_seed)
        self.lengths: list[int] = []
        self.visits = np.zeros(self.discretiser.n_states, dtype=np.int64)
        self.latest: RecordedEpisode | None = None
        self.best: RecordedEpisode | None = None

    @property
    def episodes_done(self) -> int:
        """Episodes trained so far."""
        return self.trainer.episode

    @property
    def q_table(self) -> np.ndarray:
        """A copy of the agent's Q-table, ``(n_states, 2)``."""
        return self.agent.q

    @property
    def states_visited(self) -> int:
        """How many of the ``discretiser.n_states`` bin-states the agent has acted in."""
        return int(np.count_nonzero(self.visits))

    def continue_with(self, new: CartPoleTabularSettings) -> None:
        """Keep the Q-table and go on with ``new``'s η, γ, ε schedule and episode budget.

        The discretisation, env, shaping, Q init and seed stay as they were: they define the
        table itself, so changing them means a new run.
        """
        self.settings = dataclasses.replace(
            self.settings,
            eta=new.eta,
            gamma=new.gamma,
            epsilon_schedule=new.epsilon_schedule,
            epsilon=new.epsilon,
            epsilon_end=new.epsilon_end,
            epsilon_decay_episodes=new.epsilon_decay_episodes,
            episodes=new.episodes,
        )
        self.agent.settings = dataclasses.replace(
            self.agent.settings, eta=new.eta, gamma=new.gamma, epsilon=new.epsilon_fn()
        )

    def train(self, n: int | None = None) -> Iterator[EpisodeSnapshot]:
        """Train ``n`` more episodes (default: up to ``settings.episodes`` in all).

        Yields each :class:`~playground.training.EpisodeSnapshot` after recording it; stop
        iterating whenever you like and call again to continue.
        """
        if n is None:
            n = max(0, self.settings.episodes - self.episodes_done)
        for snapshot in self.trainer.run_episodes(n):
            self._record(snapshot)
            yield snapshot

    def _record(self, snapshot: EpisodeSnapshot) -> None:
        if len(self.lengths) < LENGTH_HISTORY_CAP:
            self.lengths.append(snapshot.length)
        visit_counts(snapshot.states[: snapshot.length], self.discretiser.n_states, self.visits)
        start = self._observation_wrapper.finished_episode_start_state
        self.latest = RecordedEpisode(
            episode=snapshot.episode,
            length=snapshot.length,
            episode_return=snapshot.episode_return,
            start_state=np.array(start, dtype=np.float64),
            states=snapshot.states,
            actions=snapshot.actions,
        )
        if self.best is None or snapshot.length > self.best.length:
            self.best = self.latest

    def solved_at(self, run: int = 10) -> int | None:
        """Episode completing ``run`` consecutive successes (lengths >= ``solved_length``)."""
        return solved_at(self.lengths, self.settings.solved_length, run)

    def evaluate(self, seeds: Sequence[int] = DEFAULT_EVAL_SEEDS) -> np.ndarray:
        """Greedy episode lengths from fixed start states (see :func:`evaluate_greedy`)."""
        return evaluate_greedy(self.agent, self.settings, seeds)

    def replay(self, which: str = "latest", render: bool = True) -> EpisodeReplay:
        """Re-simulate the ``"latest"`` or ``"best"`` episode (frames, observations, bins)."""
        record = self.latest if which == "latest" else self.best if which == "best" else None
        if which not in ("latest", "best"):
            raise ValueError(f"which must be 'latest' or 'best', got {which!r}")
        if record is None:
            raise ValueError("no episode has been played yet")
        return replay_episode(
            record.start_state, record.actions, self.discretiser, self.settings.env_id, render
        )

    def q_slice(
        self,
        dims: tuple[int, int] = (2, 3),
        fixed: dict[int, int] | None = None,
    ) -> QSlice:
        """The Q-table over two dimensions, the others ``fixed`` or averaged (see :func:`q_slice`)."""
        return q_slice(self.agent.q, self.discretiser, dims, fixed, self.visits)


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


def evaluate_greedy(
    agent: QLearningAgent | np.ndarray,
    settings: CartPoleTabularSettings,
    seeds: Sequence[int] = DEFAULT_EVAL_SEEDS,
) -> np.ndarray:
    """Lengths of greedy episodes (no exploration) from fixed start states.

    Each episode starts from ``reset(seed=seed)`` of a fresh CartPole of the settings'
    version and bins, with the raw reward (shaping changes nothing a greedy player does),
    and plays ``argmaxₐ Q(s, a)`` (ties to the lowest action) until the pole falls or
    the step limit. The agent's random stream is not touched, so evaluating every N
    episodes leaves training exactly as it would have been.

    Args:
        agent: A tabular agent with a ``q`` table (e.g. ``CartPoleTabularRun.agent``), or the
            ``(n_states, 2)`` Q-table itself.
        settings: Give the env version, bins and ranges the agent was trained with.
        seeds: One greedy episode per seed.

    Returns:
        ``int64`` lengths, one per seed.
    """
    q = np.asarray(agent.q if hasattr(agent, "q") else agent)
    env = make_cartpole_tabular(
        settings.env_id, settings.bins, settings.low, settings.high, shaping=False
    )
    if q.shape[0] != env.observation_space.n:
        raise ValueError(
            f"the Q-table has {q.shape[0]} states but the settings give {env.observation_space.n}"
        )
    # One argmax over the whole table, then list lookups: no NumPy call per step.
    policy = greedy_actions(q).tolist()
    lengths = []
    for seed in seeds:
        s, _ = env.reset(seed=int(seed))
        steps = 0
        terminated = truncated = False
        while not (terminated or truncated):
            s, _, terminated, truncated, _ = env.step(policy[s])
            steps += 1
        lengths.append(steps)
    env.close()
    return np.asarray(lengths, dtype=np.int64)
