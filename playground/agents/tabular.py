"""Tabular agents: policy gradient on θ, SARSA and Q-learning on a Q table.

Every agent works on any Gymnasium env with ``Discrete`` observation and action
spaces (``playground/Maze-v0``, ``FrozenLake-v1``, ``CliffWalking-v1``, ``Taxi-v3`` …).

Blocked actions
    If the env offers ``action_masks()`` (``MazeEnv`` does, reached through
    ``env.unwrapped``), the mask is known up front: blocked entries of θ and Q are
    NaN (the notes' convention) and are never chosen. Otherwise every action is
    allowed in the tables, and a per-step ``info["action_mask"]`` passed to
    :meth:`act` / :meth:`learn` restricts the choice (Taxi-v3 gives one). When
    static masks exist they take precedence: they describe the same moves.

Protocol used by :class:`playground.training.Trainer`
    ``begin_episode(k)`` → (``act(s, mask)`` → ``learn(s, a, r, s2, mask2, terminated)``)*
    → ``end_episode(states, actions, rewards)`` → metrics dict.
    ``tables()`` returns copies (NaN = blocked) for heatmaps.

All randomness comes from the agent's own ``numpy.random.Generator`` (``seed``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from operator import sub, truediv
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NamedTuple, Self, SupportsFloat

import gymnasium as gym
import numpy as np

from playground.agents.policies import theta0_from_mask
from playground.agents.policy_gradient import policy_gradient_delta_from_counts
from playground.agents.schedules import EpsilonSchedule, HalvingEpsilon
from playground.agents.td import q_learning_target, sarsa_target, td_update
from playground.errors import CoreError

if TYPE_CHECKING:
    from playground.envs.maze import StepTable

__all__ = [
    "DivergenceError",
    "PGUpdate",
    "PolicyGradientAgent",
    "PolicyGradientSettings",
    "QLearningAgent",
    "QLearningSettings",
    "SarsaAgent",
    "SarsaSettings",
    "TDSettings",
    "TDUpdate",
    "TabularAgent",
    "static_action_masks",
]

#: Uniform random numbers are drawn from the generator in blocks of this size;
#: the block persists across episodes, so results do not depend on where a run is split.
UNIFORM_BLOCK = 1024


class DivergenceError(CoreError, RuntimeError):
    """A table entry became ±inf or NaN. The agent keeps its last finite tables.

    ``code`` is ``"q_diverged"`` (params ``algo``, ``state``, ``action``, ``value``,
    ``episode``) or ``"diverged_earlier"`` (the run was stopped by an earlier one).
    """


def static_action_masks(env: gym.Env) -> np.ndarray | None:
    """``(n_states, n_actions)`` masks from ``env.unwrapped.action_masks()``, or None if the env has none."""
    method = getattr(env.unwrapped, "action_masks", None)
    if method is None:
        return None
    return np.asarray(method(), dtype=np.int8)


def _discrete_sizes(env: gym.Env) -> tuple[int, int]:
    obs, act = env.observation_space, env.action_space
    if not isinstance(obs, gym.spaces.Discrete) or not isinstance(act, gym.spaces.Discrete):
        raise TypeError(
            "tabular agents need Discrete observation and action spaces, got "
            f"{type(obs).__name__} and {type(act).__name__} (discretise the observation first)"
        )
    if obs.start != 0 or act.start != 0:
        raise ValueError("tabular agents need Discrete spaces that start at 0")
    return int(obs.n), int(act.n)


class TDUpdate(NamedTuple):
    """What one TD step did: the numbers of the update rule, for the step-by-step view."""

    td_target: float
    td_error: float
    old_q: float
    new_q: float
    next_action: int | None
    """SARSA's a′ (played next); None for Q-learning or at a terminal s′."""


class PGUpdate:
    """The numbers of one policy-gradient update, per cell, for the page's "explain this cell" view.

    Built cheaply after every episode; the arrays are assembled when read.
    """

    __slots__ = ("_blocked", "_counts", "_pi_rows", "steps", "weight")

    def __init__(
        self,
        counts: dict[int, list[int]],
        pi_rows: list[list[float]],
        steps: int,
        blocked: np.ndarray,
        weight: float = 1.0,
    ) -> None:
        self._counts = counts
        self.weight = float(weight)
        """w: 1 in the notes' update, (G − b)/σ in the baseline update."""
        self._pi_rows = pi_rows
        self.steps = steps
        """T: number of steps of the episode."""
        self._blocked = blocked

    @property
    def n_sa(self) -> np.ndarray:
        """N(s, a): times a was taken in s during the episode, ``int64 (n_states, n_actions)``."""
        n = np.zeros(self._blocked.shape, dtype=np.int64)
        for s, row in self._counts.items():
            n[s] = row
        return n

    @property
    def n_s(self) -> np.ndarray:
        """N(s): visits to s, ``(n_states,)``."""
        return self.n_sa.sum(axis=1)

    @property
    def pi(self) -> np.ndarray:
        """π the episode was played with (before the update), 0 where blocked."""
        return np.array(self._pi_rows, dtype=float)

    @property
    def delta_theta(self) -> np.ndarray:
        """Δθ = w·(N(s,a) − π(s,a)·N(s)) / T (:func:`policy_gradient_delta_from_counts`,
        times w unless w = 1); NaN where blocked."""
        delta = policy_gradient_delta_from_counts(self.n_sa, self.pi, self.steps)
        if self.weight != 1.0:
            delta = delta * self.weight
        delta[self._blocked] = np.nan
        return delta


class TabularAgent:
    """Shared plumbing: sizes, masks, the random stream, the protocol's defaults."""

    name: ClassVar[str] = "tabular"
    settings_type: ClassVar[type]
    """The agent's settings dataclass: :meth:`for_env` starts from its defaults."""

    def __init__(
        self,
        n_states: int,
        n_actions: int,
        settings: Any = None,
        masks: np.ndarray | None = None,
        seed: int | None = 0,
    ) -> None:
        self.n_states = int(n_states)
        self.n_actions = int(n_actions)
        if masks is not None:
            masks = np.asarray(masks, dtype=np.int8)
            if masks.shape != (self.n_states, self.n_actions):
                raise ValueError(
                    f"masks must have shape ({self.n_states}, {self.n_actions}), got {masks.shape}"
                )
        self.masks = masks
        """Static ``(n_states, n_actions)`` 0/1 masks, or None when every action is allowed."""
        self.rng = np.random.default_rng(seed)
        self._uniforms: list[float] = []
        self._uniform_index = 0
        all_actions = tuple(range(self.n_actions))
        self._static_allowed: list[tuple[int, ...]] = [
            all_actions if masks is None else tuple(int(a) for a in np.flatnonzero(masks[s]))
            for s in range(self.n_states)
        ]
        self._mask_cache: dict[bytes, tuple[int, ...]] = {}
        self.episode = 0
        """Index of the current (or next) episode, set by :meth:`begin_episode`."""
        self.settings = settings if settings is not None else self.settings_type()
        """The agent's hyperparameters (an instance of :attr:`settings_type`)."""
        self._init_tables()

    def _init_tables(self) -> None:  # pragma: no cover - abstract
        """Build the learnt tables from ``settings`` and the masks (the last step of ``__init__``)."""
        raise NotImplementedError

    @classmethod
    def for_env(
        cls, env: gym.Env, settings: Any = None, seed: int | None = 0, **overrides: Any
    ) -> Self:
        """Build an agent sized for ``env``; keyword ``overrides`` replace fields of ``settings``."""
        n_states, n_actions = _discrete_sizes(env)
        settings = _with_overrides(settings or cls.settings_type(), overrides)
        return cls(n_states, n_actions, settings, static_action_masks(env), seed)

    # ------------------------------------------------------------- randomness
    def _uniform(self) -> float:
        """Next U[0, 1) number of the agent's stream (drawn in blocks for speed)."""
        i = self._uniform_index
        if i == len(self._uniforms):
            self._uniforms = self.rng.random(UNIFORM_BLOCK).tolist()
            i = 0
        self._uniform_index = i + 1
        return self._uniforms[i]

    def _allowed(self, state: int, mask: np.ndarray | None) -> tuple[int, ...]:
        # Static masks (from env.action_masks()) describe the same moves as the per-step
        # info["action_mask"]; using them skips decoding the mask on every step.
        if mask is None or self.masks is not None:
            return self._static_allowed[state]
        key = mask.tobytes()
        allowed = self._mask_cache.get(key)
        if allowed is None:
            runtime = set(np.flatnonzero(mask).tolist())
            allowed = tuple(a for a in range(self.n_actions) if a in runtime)
            self._mask_cache[key] = allowed
        return allowed

    # -------------------------------------------------------------- protocol
    def begin_episode(self, episode: int) -> None:
        """Called before the first step of episode ``episode`` (0-based)."""
        self.episode = episode

    def act(self, state: int, mask: np.ndarray | None = None) -> int:  # pragma: no cover - abstract
        """Choose the action to play in ``state`` (consumes the agent's random stream)."""
        raise NotImplementedError

    def learn(self, *transition: Any) -> TDUpdate | None:
        """Learn from one transition ``(state, action, reward, next_state, next_mask, terminated)``.

        TD agents update Q here (:meth:`_TDAgent.learn`); policy gradient waits for the
        episode's end, so this default ignores the transition.
        """
        return None

    def end_episode(
        self, states: list[int], actions: list[int], rewards: list[float]
    ) -> dict[str, Any]:
        """Called after the last step; returns the episode's metrics."""
        return {}

    def tables(self) -> dict[str, np.ndarray]:  # pragma: no cover - abstract
        """Copies of the learnt tables, NaN where an action is blocked."""
        raise NotImplementedError

    def table_rows(self) -> dict[str, list[list[float]]]:  # pragma: no cover - abstract
        """The tables as lists of rows that later learning will not modify (for cheap snapshots)."""
        raise NotImplementedError

    def action_values(self) -> np.ndarray:  # pragma: no cover - abstract
        """``(n_states, n_actions)`` scores whose argmax is the greedy action (NaN = blocked)."""
        raise NotImplementedError

    def greedy_action(self, state: int, mask: np.ndarray | None = None) -> int:
        """The best allowed action by :meth:`action_values`; ties go to the lowest index.

        Deterministic and draws nothing from the random stream, so evaluating
        never changes what training does next.
        """
        allowed = self._allowed(state, mask)
        if not allowed:
            raise ValueError(f"no action is allowed in state {state}")
        row = self._action_value_row(state)
        return max(allowed, key=lambda a: (row[a], -a))

    def _action_value_row(self, state: int) -> Any:
        """Row ``state`` of :meth:`action_values`; agents override it to read their table
        directly, so :meth:`greedy_action` costs O(n_actions), not a copy of the table."""
        return self.action_values()[state]

    def greedy_policy(self) -> np.ndarray:
        """``(n_states, n_actions)`` greedy policy: 1 on the best allowed action, shared between ties."""
        values = self.action_values()
        allowed = ~np.isnan(values)
        if self.masks is not None:
            allowed &= self.masks.astype(bool)
        filled = np.where(allowed, values, -np.inf)
        best = filled.max(axis=1, keepdims=True)
        onehot = (allowed & (filled == best)).astype(float)
        totals = onehot.sum(axis=1, keepdims=True)
        return np.divide(onehot, totals, out=np.zeros_like(onehot), where=totals > 0)


# ===================================================================== policy gradient
@dataclass
class PolicyGradientSettings:
    """Hyperparameters of policy gradient (defaults: the notes)."""

    eta: float = 0.1
    """Learning rate η of θ ← θ + η·Δθ."""
    beta: float = 1.0
    """Inverse temperature β of the softmax policy π = softmax(βθ)."""
    threshold: float = 1e-4
    """Converged once Σ|Δπ| of an update falls below this."""
    weighting: Literal["auto", "notes", "baseline"] = "auto"
    """How an episode's reward enters Δθ. ``"notes"``: not at all, Δθ = (N − πN)/T, right
    where every episode ends at the goal with return 1 (the notes' mazes). ``"baseline"``:
    Δθ = (G − b)/σ · (N − πN)/T, with G the episode's return, b the mean and σ the spread
    of the returns of the episodes before (see :data:`BASELINE_RATE`), right on any grid.
    ``"auto"``: ``"notes"`` on the notes' maze, ``"baseline"`` on every other env
    (:meth:`PolicyGradientAgent.for_env` decides; a bare agent takes ``"notes"``)."""


BASELINE_RATE = 0.05
"""Rate of the running mean b and spread σ of the returns in the ``"baseline"`` update:
b ← b + rate·(G − b), σ² ← σ² + rate·((G − b)² − σ²) (about the last 20 episodes)."""

BASELINE_QUIET_EPISODES = 20
"""With the ``"baseline"`` update, the stop rule Σ|Δπ| < threshold must hold this many
episodes in a row (1/:data:`BASELINE_RATE`): one update is small whenever G ≈ b."""

PG_WEIGHTINGS = ("auto", "notes", "baseline")


class PolicyGradientAgent(TabularAgent):
    """The notes' policy gradient: softmax π over a θ table, one update per finished episode.

    θ starts at θ₀ (1 where allowed, NaN where blocked). After each episode,
    Δθ(s,a) = (N(s,a) − π(s,a)·N(s)) / T and θ ← θ + η·Δθ, then π = softmax(βθ).
    Metrics: ``delta_pi_sum`` (Σ|Δπ|) and ``converged`` (Σ|Δπ| < threshold).

    It cannot diverge: |Δθ| ≤ 1, so θ moves by at most η per episode, and the
    softmax is overflow-safe.
    """

    name = "policy_gradient"
    settings_type = PolicyGradientSettings

    @classmethod
    def for_env(
        cls, env: gym.Env, settings: Any = None, seed: int | None = 0, **overrides: Any
    ) -> Self:
        """As :meth:`TabularAgent.for_env`; ``weighting="auto"`` becomes ``"notes"`` on the
        notes' maze (every episode there ends at the goal with return 1) and
        ``"baseline"`` on any other env (holes, cliffs and time limits end episodes too)."""
        settings = _with_overrides(settings or cls.settings_type(), overrides)
        if settings.weighting == "auto":
            from playground.envs import MazeEnv

            notes = isinstance(env.unwrapped, MazeEnv)
            settings = _with_overrides(settings, {"weighting": "notes" if notes else "baseline"})
        return super().for_env(env, settings, seed)

    settings: PolicyGradientSettings

    def _init_tables(self) -> None:
        """θ₀ (1 where allowed) and π₀ = softmax(βθ₀), after checking η and β."""
        if not 0 < self.settings.beta < math.inf:
            raise ValueError(f"beta must be positive and finite, got {self.settings.beta}")
        if not 0 <= self.settings.eta < math.inf:
            raise ValueError(f"eta must be ≥ 0 and finite, got {self.settings.eta}")
        if self.settings.weighting not in PG_WEIGHTINGS:
            raise ValueError(
                f"weighting must be one of {', '.join(PG_WEIGHTINGS)}, got {self.settings.weighting!r}"
            )
        self.baseline = 0.0
        """b: running mean of the returns of the episodes so far (``"baseline"`` update)."""
        self.spread = 0.0
        """σ: running spread of those returns around b (``"baseline"`` update)."""
        self.last_weight = 1.0
        """(G − b)/σ of the last update (1 in the notes' update)."""
        self._episodes_seen = 0
        self._quiet = 0  # episodes in a row whose Σ|Δπ| fell below the threshold
        ones = np.ones((self.n_states, self.n_actions), dtype=np.int8)
        theta0 = theta0_from_mask(ones if self.masks is None else self.masks)
        self._blocked = np.isnan(theta0)
        # The allowed actions of each state where π is a real choice; None where fewer
        # than two actions are allowed, as π there is fixed (1 on the only move, or none).
        self._choices: list[tuple[int, ...] | None] = [
            allowed if len(allowed) > 1 else None for allowed in self._static_allowed
        ]
        # θ, π and the cumulative π live as lists of row lists, blocked entries of θ
        # as -inf (exp(-inf) = 0 makes the softmax need no special case); the public
        # copies show NaN there. An update replaces the rows it changes and never
        # writes into one, so snapshots can share rows safely.
        self._theta: list[list[float]] = np.where(self._blocked, -np.inf, theta0).tolist()
        self._pi = [_softmax_row(row, self.settings.beta) for row in self._theta]
        self.last_update: PGUpdate | None = None
        """The per-cell numbers of the most recent update."""
        self.converged = False

    @property
    def theta(self) -> np.ndarray:
        """A copy of θ, ``(n_states, n_actions)``, NaN where blocked."""
        theta = np.array(self._theta, dtype=float)
        theta[self._blocked] = np.nan
        return theta

    @property
    def pi(self) -> np.ndarray:
        """A copy of π = softmax(βθ), 0 where blocked."""
        return np.array(self._pi, dtype=float)

    def act(self, state: int, mask: np.ndarray | None = None) -> int:
        """Sample a ~ π(s, ·) (renormalised over ``mask`` when it forbids more than the static mask)."""
        allowed = self._allowed(state, mask)
        if not allowed:
            raise ValueError(f"no action is allowed in state {state}")
        u = self._uniform()
        row = self._pi[state]
        if mask is not None and self.masks is None:  # the step's own mask: renormalise over it
            total = sum(row[a] for a in allowed)
            if total <= 0:
                return allowed[int(u * len(allowed))]
            u *= total
        for a in allowed:
            u -= row[a]
            if u < 0.0:
                return a
        return allowed[-1]  # u ≥ the rounded total: the last allowed action

    def play_episode(
        self,
        env_step: Callable[[int], tuple[Any, SupportsFloat, bool, bool, dict[str, Any]]],
        state: int,
        mask: np.ndarray | None,
        record: tuple[list[int], list[int], list[float]],
    ) -> tuple[int, np.ndarray | None, bool, bool]:
        """Play the episode in progress to its end: the Trainer's fast path.

        π does not change before :meth:`end_episode`, so the whole loop runs here, with
        :meth:`act`'s draw written in (a call per step costs as much as the sampling) and
        the same random numbers drawn, step for step. Appends each next state, action and
        reward to ``record`` (states, actions, rewards) as it goes, so an exception leaves
        the steps taken so far; returns (final state, its mask, terminated, truncated).
        """
        add_state, add_action, add_reward = (items.append for items in record)
        static_allowed, pi, rng = self._static_allowed, self._pi, self.rng
        static = self.masks is not None
        uniforms, i = self._uniforms, self._uniform_index
        n = len(uniforms)
        terminated = truncated = False
        try:
            while not (terminated or truncated):
                if static or mask is None:
                    allowed = static_allowed[state]
                    if not allowed:
                        raise ValueError(f"no action is allowed in state {state}")
                    if i == n:
                        uniforms = rng.random(UNIFORM_BLOCK).tolist()
                        i, n = 0, len(uniforms)
                    u = uniforms[i]
                    i += 1
                    row = pi[state]
                    for a in allowed:
                        u -= row[a]
                        if u < 0.0:
                            break
                    else:
                        a = allowed[-1]
                else:  # a per-step mask of its own: act() renormalises over it
                    self._uniforms, self._uniform_index = uniforms, i
                    a = self.act(state, mask)
                    uniforms, i = self._uniforms, self._uniform_index
                    n = len(uniforms)
                state, r, terminated, truncated, info = env_step(a)
                state = int(state)
                if not static:  # static masks decide every step: the step's own is not read
                    mask = info.get("action_mask")
                add_action(a)
                add_reward(r)
                add_state(state)
        finally:
            self._uniforms, self._uniform_index = uniforms, i
        if static:
            mask = info.get("action_mask")  # the final state's, for the Trainer
        return state, mask, terminated, truncated

    def walk_episode(
        self,
        table: StepTable,
        state: int,
        record: tuple[list[int], list[int], list[float]],
    ) -> int:
        """Play the episode in progress to the goal on a maze's :class:`StepTable`: the
        Trainer's path on a bare :class:`~playground.envs.MazeEnv`. Needs static masks.

        :meth:`play_episode` with the env's ``step`` looked up instead of called: the same
        random numbers drawn in the same order, the same actions, states and rewards
        appended to ``record`` (``tests/test_training.py`` checks the two agree). Returns
        the final state (a terminal one: a bare maze never truncates).
        """
        if self.masks is None:
            raise ValueError(
                "walk_episode needs static action masks (build the agent with for_env)"
            )
        states, actions, rewards = record
        add_state, add_action, add_reward = states.append, actions.append, rewards.append
        next_state, reward, terminal = table
        static_allowed, pi, rng = self._static_allowed, self._pi, self.rng
        uniforms, i = self._uniforms, self._uniform_index
        n = len(uniforms)
        try:
            while True:
                allowed = static_allowed[state]
                if not allowed:
                    raise ValueError(f"no action is allowed in state {state}")
                if i == n:
                    uniforms = rng.random(UNIFORM_BLOCK).tolist()
                    i, n = 0, len(uniforms)
                u = uniforms[i]
                i += 1
                row = pi[state]
                for a in allowed:
                    u -= row[a]
                    if u < 0.0:
                        break
                else:
                    a = allowed[-1]
                add_action(a)
                add_reward(reward[state][a])
                state = next_state[state][a]
                add_state(state)
                if terminal[state]:
                    return state
        finally:
            self._uniforms, self._uniform_index = uniforms, i

    def end_episode(
        self, states: list[int], actions: list[int], rewards: list[float]
    ) -> dict[str, Any]:
        """Apply θ ← θ + η·Δθ for the finished episode and recompute π.

        The arithmetic is :func:`policy_gradient_delta` and :func:`policy_gradient_update`
        term by term (a test checks they agree bit for bit), done in plain Python on the
        visited states only: elsewhere N(s) = 0, so Δθ = 0 and θ, π do not change. On
        the small tables of these mazes NumPy's per-call overhead would outweigh the
        arithmetic (``benchmarks/tabular.py`` times this loop).
        """
        steps = len(actions)
        if steps == 0:
            return {"delta_pi_sum": 0.0, "converged": self.converged}
        n_actions = self.n_actions
        # N(s, a) per visited state, in order of first visit (the order Σ|Δπ| is summed in).
        counts: dict[int, list[int]] = {}
        for s, a in zip(states, actions, strict=False):  # states also holds the final state
            if s in counts:  # (cheaper than one counts.get call)
                counts[s][a] += 1
            else:
                row = counts[s] = [0] * n_actions
                row[a] = 1
        settings = self.settings
        eta, beta = settings.eta, settings.beta
        if settings.weighting == "baseline":
            weight = self._weight(rewards)
        else:  # the notes' update, _weight's first line without the call
            weight = self.last_weight = 1.0
        # η·w is η itself when w = 1 (the notes' update), so that form is unchanged bit for bit.
        eta = eta * weight
        pi_old, theta_old, choices = self._pi, self._theta, self._choices
        theta, pi = theta_old[:], pi_old[:]
        zeros = [0.0] * n_actions
        exp = math.exp
        unit_beta = beta == 1.0
        inf = _INF
        change = 0.0
        # One fused pass per visited row, over its allowed entries only: a blocked entry
        # stays -inf + η·Δθ = -inf with π = 0, so it would add exact zeros to every sum
        # below and skipping it changes no bit. A row with fewer than two allowed actions
        # is skipped whole (``choices`` is None there): Δθ = (N − 1·N)/T = 0 exactly and
        # π stays 1 (or all 0), so θ, π and Σ|Δπ| would come out bit for bit the same.
        # (Function calls and comprehensions cost more than the arithmetic on these
        # 4-entry rows, hence the plain loops; β = 1, the notes' value, skips β·θ.)
        for s, n_row in counts.items():
            allowed = choices[s]
            if allowed is None:
                continue
            n_s = sum(n_row)
            pi_row, theta_row = pi_old[s], theta_old[s]
            # θ(s,a) + η·Δθ(s,a), Δθ(s,a) = (N(s,a) − π(s,a)·N(s)) / T
            new_theta = theta_row[:]
            if unit_beta and len(allowed) == 2:
                # The commonest row (two moves, β = 1) written out: the same operations in
                # the same order as the loops below, without their overhead.
                a, b = allowed
                ta = new_theta[a] = theta_row[a] + eta * ((n_row[a] - pi_row[a] * n_s) / steps)
                tb = new_theta[b] = theta_row[b] + eta * ((n_row[b] - pi_row[b] * n_s) / steps)
                top = tb if tb > ta else ta
                if top != inf and top != -inf:
                    # exp(top − top) is exp(0.0) = 1.0 exactly for a finite top: one exp less.
                    if tb > ta:
                        wa, wb = exp(ta - tb), 1.0
                    elif ta == ta:
                        wa, wb = 1.0, exp(tb - ta)
                    else:  # NaN
                        wa, wb = exp(ta - top), exp(tb - top)
                    total = wa + wb
                    new_pi = zeros[:]
                    pa = new_pi[a] = wa / total
                    pb = new_pi[b] = wb / total
                    change += abs(pa - pi_row[a]) + abs(pb - pi_row[b])
                    theta[s], pi[s] = new_theta, new_pi
                    continue
            top = -_INF
            if beta == 1.0:
                for a in allowed:
                    t = new_theta[a] = theta_row[a] + eta * ((n_row[a] - pi_row[a] * n_s) / steps)
                    if t > top:
                        top = t
            else:
                for a in allowed:
                    t = new_theta[a] = theta_row[a] + eta * ((n_row[a] - pi_row[a] * n_s) / steps)
                    if beta * t > top:
                        top = beta * t
            row_change = 0.0
            if top == _INF or top == -_INF:  # overflow: the general path
                new_pi = _softmax_row(new_theta, beta)
                for a in allowed:
                    row_change += abs(new_pi[a] - pi_row[a])
            else:
                # π = softmax(βθ) with the row maximum subtracted first, as in _softmax_row.
                new_pi = zeros[:]
                total = 0.0
                if beta == 1.0:
                    for a in allowed:
                        w = new_pi[a] = exp(new_theta[a] - top)
                        total += w
                else:
                    for a in allowed:
                        w = new_pi[a] = exp(beta * new_theta[a] - top)
                        total += w
                for a in allowed:
                    p = new_pi[a] = new_pi[a] / total
                    row_change += abs(p - pi_row[a])
            change += row_change
            theta[s], pi[s] = new_theta, new_pi
        self._theta, self._pi = theta, pi
        # With a baseline one update can be small by chance (G close to b), and equal
        # returns so far (σ = 0) teach nothing: there the rule must hold for
        # BASELINE_QUIET_EPISODES episodes in a row, after some return differed.
        self._quiet = self._quiet + 1 if change < settings.threshold else 0
        if settings.weighting == "baseline":
            self.converged = self._quiet >= BASELINE_QUIET_EPISODES and self.spread > 0
        else:
            self.converged = self._quiet > 0
        self.last_update = PGUpdate(counts, pi_old, steps, self._blocked, weight)
        return {"delta_pi_sum": change, "converged": self.converged, "weight": weight}

    def _weight(self, rewards: list[float]) -> float:
        """w of Δθ = w·(N − πN)/T: 1 in the notes' update; (G − b)/σ in the baseline
        update, b the running mean of the returns before this episode's, σ their running
        spread with this episode's G already in it.

        The first episode sets b = G (w = 0: nothing to compare with yet). Taking G into
        σ first bounds |w| ≤ 1/√rate ≈ 4.5, so one surprising episode cannot throw θ far.
        """
        if self.settings.weighting != "baseline":
            self.last_weight = 1.0
            return 1.0
        g = math.fsum(rewards)
        if self._episodes_seen == 0:
            weight, self.baseline = 0.0, g
        else:
            diff = g - self.baseline
            self.spread = math.sqrt(
                self.spread * self.spread
                + BASELINE_RATE * (diff * diff - self.spread * self.spread)
            )
            weight = diff / self.spread if self.spread > 0 else 0.0
            self.baseline += BASELINE_RATE * diff
        self._episodes_seen += 1
        self.last_weight = weight
        return weight

    def table_rows(self) -> dict[str, list[list[float]]]:
        """Cheap frozen view of the tables (rows are never written after this call).

        θ rows hold -inf where blocked; :class:`~playground.training.EpisodeSnapshot`
        turns that into NaN when it builds its arrays.
        """
        return {"theta": self._theta, "pi": self._pi}

    def tables(self) -> dict[str, np.ndarray]:
        """``{"theta": θ, "pi": π}`` (copies; θ NaN and π 0 where blocked)."""
        return {"theta": self.theta, "pi": self.pi}

    def action_values(self) -> np.ndarray:
        return np.where(self._blocked, np.nan, self.pi)

    def _action_value_row(self, state: int) -> list[float]:
        return self._pi[state]  # blocked entries are never among the allowed ones read

    def policy(self) -> np.ndarray:
        """The behaviour policy π (a copy)."""
        return self.pi


# ========================================================================== TD agents
@dataclass
class TDSettings:
    """Hyperparameters of SARSA and Q-learning (defaults: the notes)."""

    eta: float = 0.1
    """Learning rate η."""
    gamma: float = 0.9
    """Discount factor γ."""
    epsilon: EpsilonSchedule = field(default_factory=HalvingEpsilon)
    """ε of each episode, a function of the episode index (notes: 0.5, halved every episode)."""
    q_init: Literal["random", "zeros"] = "random"
    """Initial Q: ``"random"`` U[0,1) on allowed entries (the notes' random·θ₀) or ``"zeros"``."""


SarsaSettings = TDSettings
QLearningSettings = TDSettings


class _TDAgent(TabularAgent):
    """ε-greedy control on a Q table; subclasses supply the target."""

    settings_type = TDSettings

    settings: TDSettings

    def _init_tables(self) -> None:
        """Q₀ (U[0, 1) or zeros on allowed entries, NaN where blocked) and the episode's ε."""
        if self.settings.q_init == "random":
            q = self.rng.random((self.n_states, self.n_actions))
        elif self.settings.q_init == "zeros":
            q = np.zeros((self.n_states, self.n_actions))
        else:
            raise ValueError(f"q_init must be 'random' or 'zeros', got {self.settings.q_init!r}")
        if self.masks is not None:
            q[self.masks == 0] = np.nan
        # Q lives in lists of floats: per-step reads and writes are far cheaper than on an array.
        self._q: list[list[float]] = q.tolist()
        # Snapshots: the row list handed out by the last table_rows() (rows never written
        # again), and the states whose live row has been written since. The next snapshot
        # copies only those rows, not the whole table (20,736 rows for CartPole at 12 bins).
        self._snapshot_rows: list[list[float]] | None = None
        self._touched: set[int] = set()
        self.epsilon = float(self.settings.epsilon(0))
        """ε of the current episode."""
        self._abs_td_sum = 0.0
        self._updates = 0
        self._pending: int | None = None
        """The action already chosen for the next state (SARSA's a′), played by :meth:`act`."""

    @property
    def q(self) -> np.ndarray:
        """A copy of Q, ``(n_states, n_actions)``, NaN where blocked."""
        return np.array(self._q, dtype=float)

    def begin_episode(self, episode: int) -> None:
        self.episode = episode
        self.epsilon = float(self.settings.epsilon(episode))
        self._abs_td_sum = 0.0
        self._updates = 0
        self._pending = None

    def _epsilon_greedy(self, state: int, mask: np.ndarray | None) -> int:
        """With probability ε a uniformly random allowed action, else the best one (random ties)."""
        allowed = self._allowed(state, mask)
        if not allowed:
            raise ValueError(f"no action is allowed in state {state}")
        if self._uniform() < self.epsilon:
            return allowed[int(self._uniform() * len(allowed))]
        row = self._q[state]
        best_action = allowed[0]
        best = row[best_action]
        ties = None
        for a in allowed[1:]:
            value = row[a]
            if value > best:
                best, best_action, ties = value, a, None
            elif value == best:
                if ties is None:
                    ties = [best_action]
                ties.append(a)
        if ties is not None:
            return ties[int(self._uniform() * len(ties))]
        return best_action

    def act(self, state: int, mask: np.ndarray | None = None) -> int:
        pending = self._pending
        if pending is not None:
            self._pending = None
            return pending
        return self._epsilon_greedy(state, mask)

    def learn(
        self,
        state: int,
        action: int,
        reward: float,
        next_state: int,
        next_mask: np.ndarray | None,
        terminated: bool,
    ) -> TDUpdate:
        """Q(s,a) ← Q(s,a) + η (y − Q(s,a)), y the algorithm's :meth:`_target`."""
        target, next_action = self._target(reward, next_state, next_mask, terminated)
        update = self._apply(state, action, target, next_action)
        self._pending = next_action
        return update

    def _target(
        self, reward: float, next_state: int, next_mask: np.ndarray | None, terminated: bool
    ) -> tuple[float, int | None]:  # pragma: no cover - abstract
        """The TD target y of a step and the action chosen for s′ (None: :meth:`act` chooses)."""
        raise NotImplementedError

    def _apply(self, state: int, action: int, target: float, next_action: int | None) -> TDUpdate:
        q = self._q
        old = q[state][action]
        new, td_error = td_update(q, state, action, target, self.settings.eta)
        if not math.isfinite(new):
            raise DivergenceError(
                "q_diverged",
                f"{self.name}: Q({state}, {action}) became {new} at episode {self.episode}; "
                "lower η or γ (Q keeps its last finite values)",
                algo=self.name,
                state=state,
                action=action,
                value=str(new),
                episode=self.episode,
            )
        q[state][action] = new
        self._touched.add(state)
        self._abs_td_sum += abs(td_error)
        self._updates += 1
        return TDUpdate(target, td_error, old, new, next_action)

    def end_episode(
        self, states: list[int], actions: list[int], rewards: list[float]
    ) -> dict[str, Any]:
        self._pending = None  # a truncated episode leaves an a′ that is never played
        mean = self._abs_td_sum / self._updates if self._updates else 0.0
        return {"mean_abs_td_error": mean, "epsilon": self.epsilon}

    def table_rows(self) -> dict[str, list[list[float]]]:
        """Cheap copy of the tables as row lists that later learning will not modify.

        Q is written in place, so its rows are copied, but only those written since the
        previous call: the others are shared with the previous call's (equally frozen) list.
        """
        previous, touched, q = self._snapshot_rows, self._touched, self._q
        if previous is None:
            rows = [row[:] for row in q]
        else:
            rows = previous[:]
            for s in touched:
                rows[s] = q[s][:]
        touched.clear()
        self._snapshot_rows = rows
        return {"q": rows}

    def tables(self) -> dict[str, np.ndarray]:
        """``{"q": Q}`` (a copy, NaN where blocked)."""
        return {"q": self.q}

    def action_values(self) -> np.ndarray:
        return self.q

    def _action_value_row(self, state: int) -> list[float]:
        return self._q[state]

    def policy(self) -> np.ndarray:
        """The current ε-greedy behaviour policy as ``(n_states, n_actions)`` probabilities."""
        greedy = self.greedy_policy()
        allowed = (
            np.ones_like(greedy, dtype=bool) if self.masks is None else self.masks.astype(bool)
        )
        counts = allowed.sum(axis=1, keepdims=True)
        uniform = np.divide(allowed, counts, out=np.zeros_like(greedy), where=counts > 0)
        return (1 - self.epsilon) * greedy + self.epsilon * uniform


class SarsaAgent(_TDAgent):
    """SARSA: on-policy TD control, Q(s,a) ← Q(s,a) + η (r + γ Q(s′,a′) − Q(s,a)).

    a′ is chosen ε-greedily in :meth:`learn` and is then the action :meth:`act`
    returns for s′, as in the notes' loop.
    """

    name = "sarsa"

    def _target(
        self, reward: float, next_state: int, next_mask: np.ndarray | None, terminated: bool
    ) -> tuple[float, int | None]:
        if terminated:
            next_action, q_next = None, 0.0
        else:
            next_action = self._epsilon_greedy(next_state, next_mask)
            q_next = self._q[next_state][next_action]
        return sarsa_target(reward, q_next, self.settings.gamma, terminated), next_action


class QLearningAgent(_TDAgent):
    """Q-learning: off-policy TD control, Q(s,a) ← Q(s,a) + η (r + γ maxₐ Q(s′,a) − Q(s,a))."""

    name = "q_learning"

    def _target(
        self, reward: float, next_state: int, next_mask: np.ndarray | None, terminated: bool
    ) -> tuple[float, int | None]:
        allowed = None if terminated else self._allowed(next_state, next_mask)
        target = q_learning_target(
            reward, self._q[next_state], allowed, self.settings.gamma, terminated
        )
        return target, None


_INF = math.inf


def _softmax_row(theta_row: list[float], beta: float) -> list[float]:
    """:func:`softmax_policy` of one row whose blocked entries are -inf (β > 0)."""
    z = theta_row if beta == 1.0 else [beta * t for t in theta_row]
    top = max(z)
    if top == -_INF:  # no allowed action (the goal)
        return [0.0] * len(z)
    if top == _INF:  # βθ overflowed: the greedy limit, ties shared
        hits = [1.0 if v == _INF else 0.0 for v in z]
        count = sum(hits)
        return [h / count for h in hits]
    weights = list(map(math.exp, map(sub, z, repeat(top))))
    return list(map(truediv, weights, repeat(sum(weights))))


def _with_overrides(settings: Any, overrides: dict[str, Any]) -> Any:
    if not overrides:
        return settings
    import dataclasses

    return dataclasses.replace(settings, **overrides)
