"""Dynamic programming on a known model: policy evaluation, policy iteration, value iteration.

Works on any environment that exposes Gymnasium's toy-text convention
``env.unwrapped.P[s][a] = [(p, s', r, terminated), ...]`` (FrozenLake, CliffWalking, the
playground's maze and grid worlds). The model is read once into padded NumPy arrays
(:class:`TabularModel`): every sweep is then a handful of array operations over all
states and actions at once, never a Python loop over states.

Conventions (Sutton & Barto, chapter 4):

- A transition flagged ``terminated`` ends the episode: nothing is added after its
  reward, whatever ``s'`` is. A state that is only ever entered that way is
  *terminal*; its value is 0 and it gets no action.
- Sweeps are synchronous: every state is backed up from the previous sweep's values.
- A sweep's change is ``Δ = max_s |V_new(s) − V_old(s)|``; iteration stops after the
  first sweep with ``Δ < θ``.

Example::

    >>> import gymnasium as gym
    >>> from playground import dp
    >>> result = dp.value_iteration(gym.make("FrozenLake-v1"), gamma=0.99, theta=1e-10)
    >>> round(float(result.V[0]), 3)
    0.542
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

__all__ = [
    "MAX_SWEEPS",
    "ActionBackup",
    "OptimalityGap",
    "Backup",
    "DPError",
    "DPResult",
    "Sweep",
    "TabularModel",
    "bellman_backup",
    "evaluate_policy_exact",
    "exact_values",
    "greedy_from_q",
    "greedy_policy",
    "optimality_gap",
    "path_length",
    "policy_evaluation",
    "policy_actions",
    "policy_iteration",
    "q_from_v",
    "shortest_path_length",
    "sweeps",
    "tabular_model",
    "uniform_policy",
    "value_iteration",
]

MAX_SWEEPS = 100_000
"""Cap on sweeps per run: a run that has not reached ``Δ < θ`` by then stops with
``converged=False`` (an improper policy under γ = 1 never does)."""

TIE_TOLERANCE = 1e-6
"""Action values this close (relative to ``max(1, |Q|)``) count as tied for the greedy policy."""

Method = Literal["evaluation", "policy_iteration", "value_iteration"]


class DPError(ValueError):
    """Input dynamic programming cannot work with: no ``P``, γ or θ out of range, a bad policy."""


@dataclass(frozen=True)
class TabularModel:
    """The whole MDP as arrays, read once from ``P``.

    Outcome ``k`` of action ``a`` in state ``s`` goes to ``next_state[s, a, k]`` with
    probability ``prob[s, a, k]``, reward ``reward[s, a, k]`` and ends the episode when
    ``done[s, a, k]``. Pairs with fewer outcomes than ``K`` are padded with probability 0.
    """

    next_state: np.ndarray  # int64 (S, A, K)
    prob: np.ndarray  # float (S, A, K)
    reward: np.ndarray  # float (S, A, K)
    done: np.ndarray  # bool (S, A, K)
    terminal: np.ndarray  # bool (S,): entered only by transitions that end the episode
    start: np.ndarray  # float (S,): the start-state distribution
    expected_reward: np.ndarray = field(init=False)  # R[s, a] = Σ_k p r, 0 in terminal rows
    continue_prob: np.ndarray = field(init=False)  # p·(1 − done), 0 in terminal rows
    # The hot path: action-major R[a, s] and the nonzero continuation probabilities as
    # (row a·S + s, column s', p) triples, so a sweep is one gather, one product and one
    # bincount over the model's few outcomes, then a max over the leading axis.
    _reward_as: np.ndarray = field(init=False, repr=False)
    _rows: np.ndarray = field(init=False, repr=False)
    _cols: np.ndarray = field(init=False, repr=False)
    _probs: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        cont = self.prob * ~self.done
        cont[self.terminal] = 0.0
        r = (self.prob * self.reward).sum(axis=2)
        r[self.terminal] = 0.0
        object.__setattr__(self, "continue_prob", cont)
        object.__setattr__(self, "expected_reward", r)
        object.__setattr__(self, "_reward_as", np.ascontiguousarray(r.T))
        n_s, n_a = r.shape
        rows = np.broadcast_to(
            (np.arange(n_a)[None, :] * n_s + np.arange(n_s)[:, None])[:, :, None], cont.shape
        )
        keep = cont > 0
        object.__setattr__(self, "_rows", rows[keep])
        object.__setattr__(self, "_cols", self.next_state[keep])
        object.__setattr__(self, "_probs", cont[keep])

    @property
    def n_states(self) -> int:
        return self.prob.shape[0]

    @property
    def n_actions(self) -> int:
        return self.prob.shape[1]

    def q_values(self, v: np.ndarray, gamma: float) -> np.ndarray:
        """``Q[s, a] = Σ_k p_k (r_k + γ (1 − done_k) V(s'_k))`` for every pair at once."""
        return self._q_by_action(v, gamma).T

    def _q_by_action(self, v: np.ndarray, gamma: float) -> np.ndarray:
        """Q as an ``(A, S)`` array (the layout the sweeps reduce over fastest)."""
        future = np.bincount(
            self._rows, weights=self._probs * v[self._cols], minlength=self._reward_as.size
        )
        return self._reward_as + gamma * future.reshape(self._reward_as.shape)

    def dense_transitions(self) -> np.ndarray:
        """``T[s, a, s']``: probability of continuing from ``s`` with ``a`` into ``s'``."""
        n_s, n_a = self.n_states, self.n_actions
        pair = np.arange(n_s * n_a).reshape(n_s, n_a, 1)
        flat = np.bincount(
            (pair * n_s + self.next_state).ravel(),
            weights=self.continue_prob.ravel(),
            minlength=n_s * n_a * n_s,
        )
        dense = flat.reshape(n_s, n_a, n_s)
        return dense


def _start_distribution(env: Any, n_states: int) -> np.ndarray:
    start = np.zeros(n_states)
    distrib = getattr(env, "initial_state_distrib", None)
    if distrib is not None:
        start[:] = np.asarray(distrib, dtype=float)
    else:
        start[0] = 1.0
    return start


def tabular_model(env: Any) -> TabularModel:
    """Read ``env.unwrapped.P`` (or ``env.P``) into a :class:`TabularModel`; a model passes through.

    The start distribution is ``env.unwrapped.initial_state_distrib`` when the env has one
    (the toy-text envs, the maze and the grid worlds do), else state 0.

    Raises:
        DPError: the env has no ``P`` in the toy-text form, or its probabilities do not
            add up to 1.
    """
    if isinstance(env, TabularModel):
        return env
    inner = getattr(env, "unwrapped", env)
    table = getattr(inner, "P", None)
    if not isinstance(table, Mapping) or not table:
        raise DPError(
            f"{type(inner).__name__} has no transition model: dynamic programming needs "
            "env.unwrapped.P[s][a] = [(p, s', r, terminated), ...] (FrozenLake, CliffWalking, "
            "the maze and the grid worlds have it)"
        )
    n_states = len(table)
    if sorted(table) != list(range(n_states)):
        raise DPError(f"P must have the states 0..{n_states - 1} as keys")
    n_actions = len(table[0])
    k_max = max(len(outcomes) for row in table.values() for outcomes in row.values())
    shape = (n_states, n_actions, k_max)
    next_state = np.zeros(shape, dtype=np.int64)
    prob, reward = np.zeros(shape), np.zeros(shape)
    done = np.zeros(shape, dtype=bool)
    entered_continuing = np.zeros(n_states, dtype=bool)
    entered = np.zeros(n_states, dtype=bool)
    for s in range(n_states):
        row = table[s]
        if len(row) != n_actions or sorted(row) != list(range(n_actions)):
            raise DPError(f"P[{s}] must have the actions 0..{n_actions - 1}, like P[0]")
        for a in range(n_actions):
            for k, (p, s2, r, d) in enumerate(row[a]):
                next_state[s, a, k], prob[s, a, k] = int(s2), float(p)
                reward[s, a, k], done[s, a, k] = float(r), bool(d)
                if p > 0:
                    entered[int(s2)] = True
                    entered_continuing[int(s2)] |= not d
    totals = prob.sum(axis=2)
    wrong = np.argwhere(np.abs(totals - 1.0) > 1e-9)
    if len(wrong):
        s, a = (int(i) for i in wrong[0])
        raise DPError(f"the probabilities of P[{s}][{a}] add up to {totals[s, a]:g}, not 1")
    terminal = entered & ~entered_continuing
    return TabularModel(
        next_state, prob, reward, done, terminal, _start_distribution(inner, n_states)
    )


def _check_gamma_theta(gamma: float, theta: float | None = None) -> None:
    if not 0.0 <= gamma <= 1.0:
        raise DPError(f"the discount γ must be in [0, 1], got {gamma!r}")
    if theta is not None and not theta > 0.0:
        raise DPError(f"the stop threshold θ must be > 0, got {theta!r}")


def _check_policy(model: TabularModel, policy: Any) -> np.ndarray:
    pi = np.asarray(policy, dtype=float)
    if pi.shape != (model.n_states, model.n_actions):
        raise DPError(
            f"a policy is an array of shape (n_states, n_actions) = "
            f"({model.n_states}, {model.n_actions}), got {pi.shape}"
        )
    sums = pi.sum(axis=1)
    if (pi < 0).any() or not np.allclose(sums[~model.terminal], 1.0, atol=1e-6):
        raise DPError("each row of a policy must hold probabilities ≥ 0 that add up to 1")
    return pi


def uniform_policy(env: Any) -> np.ndarray:
    """The equiprobable random policy, ``π(a|s) = 1 / |A|`` (Sutton & Barto's Example 4.1)."""
    model = tabular_model(env)
    return np.full((model.n_states, model.n_actions), 1.0 / model.n_actions)


def q_from_v(env: Any, v: np.ndarray, gamma: float) -> np.ndarray:
    """One-step lookahead ``Q(s, a) = Σ_{s', r} p(s', r | s, a) [r + γ V(s')]``, 0 at terminal states."""
    _check_gamma_theta(gamma)
    return tabular_model(env).q_values(np.asarray(v, dtype=float), gamma)


def greedy_policy(q: np.ndarray, terminal: np.ndarray | None = None) -> np.ndarray:
    """``π(a|s)`` spread evenly over the actions that maximise ``Q(s, ·)`` (ties shared).

    Ties are values within :data:`TIE_TOLERANCE` relative to ``max(1, |Q|)``, so that
    Sutton & Barto's figure 4.1 shows two arrows where two moves are equally good.
    Terminal states get an all-zero row.
    """
    q = np.asarray(q, dtype=float)
    best = q.max(axis=1, keepdims=True)
    tol = TIE_TOLERANCE * np.maximum(1.0, np.abs(best))
    ties = (q >= best - tol).astype(float)
    pi = ties / ties.sum(axis=1, keepdims=True)
    if terminal is not None:
        pi[np.asarray(terminal, dtype=bool)] = 0.0
    return pi


def _deterministic(q: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """argmax of each row, keeping the previous action when it is among the tied best
    (so policy iteration stops instead of flipping between equally good policies)."""
    best = q.max(axis=1)
    tol = TIE_TOLERANCE * np.maximum(1.0, np.abs(best))
    choice = q.argmax(axis=1)
    if previous is not None:
        keep = q[np.arange(len(q)), previous] >= best - tol
        choice = np.where(keep, previous, choice)
    return choice


@dataclass(frozen=True)
class Sweep:
    """The state after one sweep (what the DP page shows, sweep by sweep).

    ``policy`` is the policy being evaluated (evaluation; policy iteration, where after
    an improvement step it is the improved policy); None for value iteration, whose
    policy is greedy in ``V`` (:func:`greedy_policy` of :func:`q_from_v`). The arrays
    are not copied: keep them, do not modify them. ``improved`` counts the states whose action
    the policy-improvement step right after this sweep changed (policy iteration only;
    None when no improvement step ran). ``done`` is True on the last sweep of a run.
    """

    index: int
    V: np.ndarray
    delta: float
    policy: np.ndarray | None
    improved: int | None = None
    done: bool = False


def sweeps(
    env: Any,
    method: Method,
    gamma: float,
    theta: float,
    policy: np.ndarray | None = None,
    max_sweeps: int = MAX_SWEEPS,
) -> Iterator[Sweep]:
    """Run ``method`` one sweep at a time, yielding a :class:`Sweep` after each.

    - ``"evaluation"``: ``V(s) ← Σ_a π(a|s) Σ p [r + γ V(s')]`` for ``policy``
      (default: equiprobable); stops at ``Δ < θ``.
    - ``"value_iteration"``: ``V(s) ← max_a Σ p [r + γ V(s')]``; stops at ``Δ < θ``.
    - ``"policy_iteration"``: evaluation sweeps of the current deterministic policy
      (starting from ``policy``, default the equiprobable one) until ``Δ < θ``, then one
      improvement ``π(s) ← argmax_a Q(s, a)``; stops when an improvement changes nothing.

    V starts at 0. The generator stops after ``max_sweeps`` sweeps even if not converged.
    """
    model = tabular_model(env)
    _check_gamma_theta(gamma, theta)
    if method not in ("evaluation", "policy_iteration", "value_iteration"):
        raise DPError(
            f"method must be 'evaluation', 'policy_iteration' or 'value_iteration', got {method!r}"
        )
    pi = uniform_policy(model) if policy is None else _check_policy(model, policy)
    pi_as = np.ascontiguousarray(pi.T)
    v = np.zeros(model.n_states)
    actions: np.ndarray | None = None  # policy iteration's deterministic policy, once improved
    rows = np.arange(model.n_states)
    optimal = method == "value_iteration"
    for index in range(1, max_sweeps + 1):
        q = model._q_by_action(v, gamma)
        # Terminal rows of R and T are 0, so terminal states keep V = 0 without a mask.
        v_new = q.max(axis=0) if optimal else (pi_as * q).sum(axis=0)
        delta = float(np.abs(v_new - v).max()) if model.n_states else 0.0
        v = v_new
        converged = delta < theta
        last = converged or index == max_sweeps
        if method != "policy_iteration" or not converged:
            yield Sweep(index, v, delta, None if optimal else pi, done=last)
            if converged:
                return
            continue
        # Policy iteration, evaluation converged: improve.
        new_actions = _deterministic(model.q_values(v, gamma), actions)
        if actions is None:  # the start policy counts as changed unless it already was this one
            changed = int((np.abs(pi[rows, new_actions] - 1.0) > 1e-12)[~model.terminal].sum())
        else:
            changed = int((new_actions != actions)[~model.terminal].sum())
        actions = new_actions
        pi = np.zeros_like(pi)
        pi[rows, actions] = 1.0
        pi[model.terminal] = 0.0
        pi_as = np.ascontiguousarray(pi.T)
        stable = changed == 0
        yield Sweep(index, v, delta, pi, improved=changed, done=stable or index == max_sweeps)
        if stable:
            return


@dataclass(frozen=True)
class DPResult:
    """What a DP run found.

    ``V`` (S,) and ``Q`` (S, A) as NumPy arrays; ``policy`` (S, A) holds probabilities:
    the evaluated policy for evaluation, the final deterministic policy for policy
    iteration, the greedy policy (ties shared) for value iteration. ``deltas`` is Δ of
    every sweep (the page's log chart); ``improvements`` the states changed by each
    improvement step of policy iteration (empty otherwise).
    """

    V: np.ndarray
    Q: np.ndarray
    policy: np.ndarray
    deltas: np.ndarray
    improvements: tuple[int, ...]
    converged: bool

    @property
    def n_sweeps(self) -> int:
        return len(self.deltas)


def _run(
    env: Any, method: Method, gamma: float, theta: float, policy: Any, max_sweeps: int
) -> DPResult:
    model = tabular_model(env)
    deltas: list[float] = []
    improvements: list[int] = []
    last: Sweep | None = None
    for last in sweeps(model, method, gamma, theta, policy, max_sweeps):
        deltas.append(last.delta)
        if last.improved is not None:
            improvements.append(last.improved)
    assert last is not None
    if method == "policy_iteration":
        converged = bool(improvements) and improvements[-1] == 0
    else:
        converged = last.delta < theta
    q = np.ascontiguousarray(model.q_values(last.V, gamma))
    policy_found = greedy_policy(q, model.terminal) if last.policy is None else last.policy
    return DPResult(last.V, q, policy_found, np.asarray(deltas), tuple(improvements), converged)


def policy_evaluation(
    env: Any,
    policy: np.ndarray | None = None,
    gamma: float = 1.0,
    theta: float = 1e-10,
    max_sweeps: int = MAX_SWEEPS,
) -> DPResult:
    """Iterative policy evaluation: ``V_{k+1}(s) = Σ_a π(a|s) Σ_{s',r} p(s',r|s,a) [r + γ V_k(s')]``.

    ``policy`` is an ``(n_states, n_actions)`` array of probabilities (default: the
    equiprobable random policy). Raises :class:`DPError` for a bad policy, γ or θ.
    """
    return _run(env, "evaluation", gamma, theta, policy, max_sweeps)


def policy_iteration(
    env: Any, gamma: float = 0.9, theta: float = 1e-10, max_sweeps: int = MAX_SWEEPS
) -> DPResult:
    """Policy iteration: evaluate π to ``Δ < θ``, then ``π(s) ← argmax_a Q(s, a)``; until stable.

    Starts from the equiprobable policy, so under γ = 1 every evaluated policy ends its
    episodes whenever some policy does (each improvement keeps a proper policy proper).
    """
    return _run(env, "policy_iteration", gamma, theta, None, max_sweeps)


def value_iteration(
    env: Any, gamma: float = 0.9, theta: float = 1e-10, max_sweeps: int = MAX_SWEEPS
) -> DPResult:
    """Value iteration: ``V_{k+1}(s) = max_a Σ_{s',r} p(s',r|s,a) [r + γ V_k(s')]`` until ``Δ < θ``.

    The returned policy is greedy in the final V, ties shared (an optimal policy once V
    has converged).
    """
    return _run(env, "value_iteration", gamma, theta, None, max_sweeps)


def exact_values(env: Any, policy: np.ndarray, gamma: float) -> np.ndarray:
    """V^π solved exactly from the linear system ``(I − γ P_π) V = R_π`` (no iteration).

    Raises:
        DPError: for a bad policy or γ, or when the system has no unique solution (under
            γ = 1, a policy that can go on forever without ending its episode).
    """
    model = tabular_model(env)
    _check_gamma_theta(gamma)
    pi = _check_policy(model, policy)
    p_pi = np.einsum("sa,sat->st", pi, model.dense_transitions())
    r_pi = (pi * model.expected_reward).sum(axis=1)
    a = np.eye(model.n_states) - gamma * p_pi
    try:
        v = np.linalg.solve(a, r_pi)
    except np.linalg.LinAlgError:
        v = None
    if v is None or not np.all(np.isfinite(v)) or np.linalg.cond(a) > 1e12:
        raise DPError(
            "this policy has no finite value under γ = 1: from some state it can go on "
            "forever without ending the episode; use γ < 1"
        )
    return v


def evaluate_policy_exact(env: Any, policy: np.ndarray, gamma: float) -> float:
    """The policy's exact expected return from the start: ``Σ_s d₀(s) V^π(s)``.

    ``d₀`` is the env's start distribution (``initial_state_distrib``). Exact even on
    slippery grids; with reward 1 at the goal and γ = 1 it is the success probability.
    Raises :class:`DPError` as :func:`exact_values` does.
    """
    model = tabular_model(env)
    return float(model.start @ exact_values(model, policy, gamma))


@dataclass(frozen=True)
class ActionBackup:
    """One action's share of a Bellman backup: ``q = Σ_k p_k (r_k + γ (1 − done_k) V(s'_k))``.

    ``outcomes`` lists ``(p, s', r, done, V(s'))`` for every outcome with ``p > 0``.
    """

    action: int
    outcomes: tuple[tuple[float, int, float, bool, float], ...]
    q: float
    weight: float  # π(a|s) for an expectation backup; 1 for the maximising action(s) else 0


@dataclass(frozen=True)
class Backup:
    """The Bellman backup of one state with its numbers, for the page to write out.

    ``kind`` is ``"expectation"`` (``V(s) = Σ_a π(a|s) q(s, a)``) or ``"optimality"``
    (``V(s) = max_a q(s, a)``); ``value`` the result, ``terminal`` True for a terminal
    state (value 0, no actions).
    """

    state: int
    kind: Literal["expectation", "optimality"]
    actions: tuple[ActionBackup, ...]
    value: float
    gamma: float
    terminal: bool


def bellman_backup(
    env: Any, v: np.ndarray, state: int, gamma: float, policy: np.ndarray | None = None
) -> Backup:
    """Back up ``state`` once from ``v``: the optimality backup, or the expectation backup
    under ``policy`` when one is given. The terms are those of :meth:`TabularModel.q_values`."""
    model = tabular_model(env)
    _check_gamma_theta(gamma)
    v = np.asarray(v, dtype=float)
    if v.shape != (model.n_states,):
        raise DPError(f"V must have shape ({model.n_states},), got {v.shape}")
    if not 0 <= int(state) < model.n_states:
        raise DPError(f"state must be in 0..{model.n_states - 1}, got {state!r}")
    s = int(state)
    kind: Literal["expectation", "optimality"] = "optimality" if policy is None else "expectation"
    if model.terminal[s]:
        return Backup(s, kind, (), 0.0, gamma, True)
    q = model.q_values(v, gamma)[s]
    if policy is None:
        weights = greedy_policy(q[None, :])[0]
        value = float(q.max())
    else:
        weights = _check_policy(model, policy)[s]
        value = float(weights @ q)
    actions = []
    for a in range(model.n_actions):
        keep = model.prob[s, a] > 0
        outcomes = tuple(
            (float(p), int(s2), float(r), bool(d), float(v[s2]))
            for p, s2, r, d in zip(
                model.prob[s, a][keep],
                model.next_state[s, a][keep],
                model.reward[s, a][keep],
                model.done[s, a][keep],
                strict=True,
            )
        )
        actions.append(ActionBackup(a, outcomes, float(q[a]), float(weights[a])))
    return Backup(s, kind, tuple(actions), value, gamma, False)


def policy_actions(policy: np.ndarray) -> list[tuple[int, ...]]:
    """The actions with the highest probability in each row (all of them when tied)."""
    pi = np.asarray(policy, dtype=float)
    best = pi.max(axis=1, keepdims=True)
    return [
        tuple(int(a) for a in np.flatnonzero((row >= b - 1e-12) & (row > 0)))
        for row, b in zip(pi, best, strict=True)
    ]


# -- how far a learner is from the optimum ----------------------------------------------


def greedy_from_q(q_table: np.ndarray) -> np.ndarray:
    """A learner's greedy policy as one-hot rows: ``argmax_a Q(s, a)``, the first of ties.

    NaN entries (moves a wall blocks, in the playground's tabular agents) are never chosen;
    an all-NaN row gets action 0.
    """
    q = np.asarray(q_table, dtype=float)
    actions = np.argmax(np.where(np.isnan(q), -np.inf, q), axis=1)
    return np.eye(q.shape[1])[actions]


def _start_state(model: TabularModel) -> int | None:
    nonzero = np.flatnonzero(model.start > 0)
    return int(nonzero[0]) if len(nonzero) == 1 else None


def _reachable(model: TabularModel, start: int) -> np.ndarray:
    """(S,) True for the states some sequence of outcomes leads to from ``start``."""
    live = (model.prob > 0) & ~model.done
    seen = np.zeros(model.n_states, dtype=bool)
    seen[start] = True
    frontier = [start]
    while frontier:
        reached = np.unique(model.next_state[frontier][live[frontier]])
        frontier = [int(s) for s in reached if not seen[s]]
        seen[frontier] = True
    return seen


def _goal_flags(model: TabularModel, start: int) -> np.ndarray:
    """(S, A, K) True on the outcomes that end the episode with the highest reward any
    ending outcome reachable from ``start`` has."""
    ends = model.done & (model.prob > 0) & _reachable(model, start)[:, None, None]
    if not ends.any():
        return ends
    best = model.reward[ends].max()
    return ends & (model.reward >= best - 1e-12)


def path_length(env: Any, policy: np.ndarray, max_steps: int | None = None) -> int | None:
    """Steps the policy takes from the start to a goal when nothing is random, else None.

    Follows the most probable action of each row. None when the start or a move on the
    way is random (slippery ice), when the episode ends elsewhere (a hole), or when the
    policy walks in a loop. A goal is an outcome that ends the episode with the highest
    reward any ending outcome has (the maze's goal, FrozenLake's goal rather than its holes).
    """
    model = tabular_model(env)
    pi = _check_policy(model, policy)
    s = _start_state(model)
    if s is None:
        return None
    goal = _goal_flags(model, s)
    limit = model.n_states if max_steps is None else max_steps
    for steps in range(1, limit + 1):
        a = int(np.argmax(pi[s]))
        live = np.flatnonzero(model.prob[s, a] > 0)
        if len(live) != 1:
            return None
        k = live[0]
        if goal[s, a, k]:
            return steps
        if model.done[s, a, k]:
            return None
        s = int(model.next_state[s, a, k])
    return None


def shortest_path_length(env: Any) -> int | None:
    """Fewest steps from the start to a goal (see :func:`path_length`), by breadth-first
    search over the outcomes of every action; None when no goal can be reached."""
    model = tabular_model(env)
    start = _start_state(model)
    if start is None:
        return None
    goal = _goal_flags(model, start)
    live = model.prob > 0
    seen, frontier = {start}, [start]
    for steps in range(1, model.n_states + 1):
        if goal[frontier].any():
            return steps
        step_to = model.next_state[frontier][live[frontier] & ~model.done[frontier]]
        frontier = [s for s in dict.fromkeys(step_to.tolist()) if s not in seen]
        seen.update(frontier)
        if not frontier:
            return None
    return None


@dataclass(frozen=True)
class OptimalityGap:
    """A policy against the optimum from the start state.

    ``value`` is the policy's exact expected return (None under γ = 1 when it can go on
    forever), ``optimal`` that of an optimal policy (V* from value iteration). ``path`` and
    ``shortest`` are step counts to the goal (None where :func:`path_length` gives none,
    e.g. on slippery ice).
    """

    value: float | None
    optimal: float
    path: int | None
    shortest: int | None


def optimality_gap(
    env: Any, policy: np.ndarray, gamma: float, optimal: float | None = None
) -> OptimalityGap:
    """How far ``policy`` (e.g. ``greedy_from_q(agent.q)``) is from optimal on ``env``.

    ``optimal`` is V* at the start if already known (a learning curve calls this every
    episode: compute it once with :func:`value_iteration`).
    """
    model = tabular_model(env)
    if optimal is None:
        optimal = float(model.start @ value_iteration(model, gamma, 1e-10).V)
    try:
        value: float | None = evaluate_policy_exact(model, policy, gamma)
    except DPError:
        if not 0.0 <= gamma <= 1.0:
            raise
        value = None
    return OptimalityGap(value, optimal, path_length(model, policy), shortest_path_length(model))
