"""Glue between the maze core and the policy pages: random walks, policy tables, PG runs.

No Streamlit here (pages call these and draw the results). Everything random takes a seed.

Example::

    >>> from playground.sessions.maze_policy import policy_tables, random_walk
    >>> tables = policy_tables("seed_3x3", beta=1.0)
    >>> tables.naive[0].tolist()          # S0: right and down are open, up and left are not
    [0.0, 0.5, 0.5, 0.0]
    >>> walk = random_walk("seed_3x3", tables.naive, seed=0)
    >>> walk.states[0], walk.states[-1], walk.reached_goal
    (0, 8, True)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import gymnasium as gym
import numpy as np
from PIL import Image

from playground import dp
from playground.agents import (
    PGUpdate,
    PolicyGradientAgent,
    naive_policy,
    softmax_policy,
    theta0_from_mask,
)
from playground.envs import MazeEnv, MazeLayout, draw_maze, get_layout
from playground.frames import timed_gif
from playground.sessions import envs
from playground.training import EpisodeSnapshot, Trainer, greedy_rollout
from playground.verdicts import PGVerdict, policy_gradient_verdict

__all__ = [
    "CellUpdate",
    "EpisodeUpdate",
    "PolicyGradientRun",
    "PolicyTables",
    "RandomWalk",
    "VERDICT_WINDOW",
    "WALK_FRAME_CAP",
    "WALK_STEP_CAP",
    "cell_update",
    "episode_animation",
    "policy_tables",
    "random_walk",
    "softmax_sweep",
    "walk_frame",
    "walk_frame_keys",
]

WALK_STEP_CAP = 100_000
"""A random walk stops after this many steps even if the goal is not reached yet."""

WALK_FRAME_CAP = 1_000
"""States of a walk kept for playback (its first ones); the step count covers the whole walk."""

VERDICT_WINDOW = 100
"""Last episodes whose mean length a policy-gradient verdict compares with the shortest path."""

OPTIMUM_GAMMA = 0.9
"""γ of the optimum drawn beside the policy gradient (which has no γ): on a maze with its
one reward at the goal, every γ < 1 makes the shortest paths optimal."""

EPISODE_STATES_CAP = 60
"""States of one episode listed by :class:`EpisodeUpdate` (its first ones)."""


@dataclass(frozen=True)
class PolicyTables:
    """θ and the two policies of the notes computed from it (``(n_states, 4)``, NaN = blocked in θ)."""

    theta: np.ndarray
    naive: np.ndarray | None
    """π(s,a) = θ(s,a) / Σₐ θ(s,a); None when θ has negative entries (the naive ratio is then no policy)."""
    softmax: np.ndarray
    """π(s,a) = exp(βθ(s,a)) / Σₐ exp(βθ(s,a))."""
    beta: float


def policy_tables(
    layout: MazeLayout | str, beta: float = 1.0, theta: np.ndarray | None = None
) -> PolicyTables:
    """θ (θ₀ from the layout's walls unless given) with its naive and softmax policies."""
    maze = get_layout(layout)
    if theta is None:
        theta = theta0_from_mask(maze.action_masks())
    theta = np.asarray(theta, dtype=float)
    if theta.shape != (maze.n_states, 4):
        raise ValueError(f"θ must have shape ({maze.n_states}, 4), got {theta.shape}")
    allowed = ~np.isnan(theta)
    naive = None if (np.where(allowed, theta, 0.0) < 0).any() else naive_policy(theta)
    return PolicyTables(theta, naive, softmax_policy(theta, beta), float(beta))


SWEEP_BETAS = np.logspace(-1, 1, 81)
"""The β values of a softmax sweep: 0.1 to 10, evenly spaced in log."""


def softmax_sweep(theta_row: np.ndarray, betas: np.ndarray) -> np.ndarray:
    """π(s, ·) of one θ row for each β in ``betas``: ``(len(betas), n_actions)``."""
    row = np.asarray(theta_row, dtype=float)[None, :]
    return np.stack([softmax_policy(row, float(b))[0] for b in np.asarray(betas, dtype=float)])


def most_beta_sensitive_state(theta: np.ndarray) -> int | None:
    """The state whose softmax π depends most on β: the widest spread of θ over its
    allowed moves (NaN = blocked). ``None`` when every state's θ is flat: then β changes
    no π at all."""
    allowed = ~np.isnan(theta)
    highest = np.where(allowed, theta, -np.inf).max(axis=1)
    lowest = np.where(allowed, theta, np.inf).min(axis=1)
    widths = np.where(allowed.any(axis=1), highest - lowest, -1.0)
    return int(np.argmax(widths)) if widths.max() > 0 else None


@dataclass(frozen=True)
class RandomWalk:
    """One walk from the start under a fixed policy π."""

    states: list[int]
    """Visited cells, start first; at most :data:`WALK_FRAME_CAP` + 1 of them."""
    steps: int
    """Moves made (the whole walk, also when ``states`` was cut)."""
    reached_goal: bool

    @property
    def cut(self) -> bool:
        """True when ``states`` holds only the beginning of the walk."""
        return len(self.states) < self.steps + 1


def random_walk(
    layout: MazeLayout | str,
    pi: np.ndarray,
    seed: int | None = 0,
    max_steps: int = WALK_STEP_CAP,
    max_kept: int = WALK_FRAME_CAP,
) -> RandomWalk:
    """Walk from the start, drawing each move a ~ π(s, ·), until the goal or ``max_steps``.

    The maze is deterministic, so only the action draws are random (``seed``). Blocked
    moves have π = 0 and are never drawn.
    """
    maze = get_layout(layout)
    pi = np.asarray(pi, dtype=float)
    if pi.shape != (maze.n_states, 4):
        raise ValueError(f"π must have shape ({maze.n_states}, 4), got {pi.shape}")
    # Inverse-CDF sampling on cumulative rows: one uniform per step, drawn in blocks.
    cumulative = np.cumsum(np.nan_to_num(pi, nan=0.0), axis=1).tolist()
    following = [[maze.next_state(s, a) for a in range(4)] for s in range(maze.n_states)]
    rng = np.random.default_rng(seed)
    s, goal = maze.start, maze.goal
    states = [s]
    steps = 0
    uniforms: list[float] = []
    while s != goal and steps < max_steps:
        if not uniforms:
            uniforms = rng.random(1024).tolist()[::-1]
        row = cumulative[s]
        if row[-1] <= 0:
            raise ValueError(f"π gives no allowed move in S{s}")
        u = uniforms.pop() * row[-1]
        # The first a with u < cumsum(a): zero-probability moves never satisfy it first.
        a = next((i for i, c in enumerate(row) if u < c), None)
        if a is None:  # u rounded up to the total: the last move with π > 0
            a = max(i for i in range(4) if row[i] > (row[i - 1] if i else 0.0))
        s = following[s][a]
        steps += 1
        if len(states) <= max_kept:
            states.append(s)
    return RandomWalk(states, steps, s == goal)


def walk_frame(
    layout: MazeLayout | str,
    walk: RandomWalk,
    i: int,
    pi: np.ndarray | None,
    size: int = 360,
    words: Mapping[str, str] | None = None,
) -> Image.Image:
    """Frame ``i`` of a walk: the agent at ``states[i]``, cells visited so far tinted, π as
    arrows; ``words`` as :func:`~playground.envs.draw_maze`'s."""
    maze = get_layout(layout)
    i = min(max(int(i), 0), len(walk.states) - 1)
    return draw_maze(
        maze,
        agent_cell=walk.states[i],
        size=size,
        arrows=pi,
        highlight=walk.states[: i + 1],
        words=words,
    )


def walk_frame_keys(walk: RandomWalk) -> list[tuple[int, frozenset[int]]]:
    """What frame ``i`` of :func:`walk_frame` shows, for every frame: the agent's cell and
    the cells visited so far (the arrows, maze and size are the same for a whole walk).
    Equal keys are equal pictures: a walk of hundreds of steps shows a few dozen (the
    visited cells stop changing once the agent has been everywhere it goes)."""
    keys, visited = [], frozenset()
    for s in walk.states:
        if s not in visited:
            visited = visited | {s}
        keys.append((s, visited))
    return keys


def episode_animation(
    layout: MazeLayout | str | envs.Problem,
    states: list[int],
    pi: np.ndarray | None = None,
    *,
    size: int = 360,
    seconds: float = 2.0,
    words: Mapping[str, str] | None = None,
) -> bytes:
    """The agent's moves through ``states`` (start first) as a GIF that plays in about
    ``seconds``: the cells visited so far tinted, π as arrows when given; ``words`` as
    :func:`~playground.envs.draw_maze`'s. ``layout`` may be any tabular env of the pages
    (a :class:`~playground.sessions.envs.Problem`)."""
    if isinstance(layout, envs.Problem):
        draw = layout.draw
    else:
        maze = get_layout(layout)
        draw = lambda **kw: draw_maze(maze, **kw)  # noqa: E731
    if not states:
        raise ValueError("an episode animation needs at least one state")

    def frame(i: int) -> Image.Image:
        return draw(
            agent_cell=states[i], size=size, arrows=pi, highlight=states[: i + 1], words=words
        )

    return timed_gif(frame, len(states), seconds, max_side=size)


@dataclass(frozen=True)
class CellUpdate:
    """The numbers of one policy-gradient update for one (state, action) cell."""

    state: int
    action: int
    n_sa: int
    """N(s,a): times action a was taken in s during the episode."""
    n_s: int
    """N(s): visits to s (actions taken there)."""
    pi: float
    """π(s,a) the episode was played with."""
    steps: int
    """T: steps of the episode."""
    delta_theta: float
    """Δθ(s,a) = w·(N(s,a) − π(s,a)·N(s)) / T (NaN when blocked)."""
    eta: float
    theta_before: float
    theta_after: float
    weight: float = 1.0
    """w: 1 in the notes' update, (G − b)/σ in the baseline update (grids)."""


def cell_update(
    update: PGUpdate, theta_before: np.ndarray, theta_after: np.ndarray, eta: float, s: int, a: int
) -> CellUpdate:
    """Pick the (s, a) numbers out of an update; θ tables are ``(n_states, 4)``, NaN = blocked."""
    return CellUpdate(
        state=int(s),
        action=int(a),
        n_sa=int(update.n_sa[s, a]),
        n_s=int(update.n_s[s]),
        pi=float(update.pi[s, a]),
        steps=int(update.steps),
        delta_theta=float(update.delta_theta[s, a]),
        eta=float(eta),
        theta_before=float(theta_before[s, a]),
        theta_after=float(theta_after[s, a]),
        weight=float(update.weight),
    )


@dataclass(frozen=True)
class EpisodeUpdate:
    """One episode of policy gradient and the update it caused, for a Step button."""

    episode: int
    """0-based index of the episode."""
    steps: int
    """T: moves of the episode."""
    states: list[int]
    """Visited states, start first (at most :data:`EPISODE_STATES_CAP` + 1 of them)."""
    delta_pi_sum: float
    """Σ|Δπ| of the update."""
    threshold: float
    cells: list[CellUpdate]
    """The cells whose θ moved most, largest |Δθ| first."""


class PolicyGradientRun:
    """A resumable policy-gradient run on a maze that stops at the notes' rule Σ|Δπ| < threshold.

    Iterating yields the :class:`~playground.training.EpisodeSnapshot` of each episode and
    ends after the first converged one (or never, short of that: the caller caps episodes).
    Stopping and iterating again resumes where it stopped, with identical results.

    Args:
        layout: a :class:`MazeLayout`, a name in :data:`~playground.envs.LAYOUTS`, or any
            tabular env of the pages (:class:`~playground.sessions.envs.Problem`:
            FrozenLake, CliffWalking, a custom grid). The update is the agent's
            ``weighting="auto"``: the notes' Δθ on the maze, return-weighted with a
            baseline elsewhere (the Lab builds its agent the same way).
        eta, beta, threshold: :class:`~playground.agents.PolicyGradientSettings`.
        seed: seeds the agent's action draws and the env.
        max_episode_steps: the maze's time limit (episodes longer than this are truncated;
            a :class:`~playground.sessions.envs.Problem` keeps its own 500 steps).
    """

    def __init__(
        self,
        layout: MazeLayout | str | envs.Problem = "seed_3x3",
        *,
        eta: float = 0.1,
        beta: float = 1.0,
        threshold: float = 1e-4,
        seed: int = 0,
        max_episode_steps: int = 500,
    ) -> None:
        self.problem = layout if isinstance(layout, envs.Problem) else None
        if self.problem is not None:
            self.layout = self.problem.layout
            self.env = self.problem.make()  # the pages' 500-step limit
            self._greedy_env = self.problem.make()
            model, masks = self.problem.model, self.problem.action_masks
        else:
            self.layout = get_layout(layout)
            self.env = gym.make(
                "playground/Maze-v0", layout=self.layout, max_episode_steps=max_episode_steps
            )
            self._greedy_env = gym.make("playground/Maze-v0", layout=self.layout)
            model, masks = dp.tabular_model(MazeEnv(self.layout)), self.layout.action_masks()
        self._n_states = model.n_states
        self.agent = PolicyGradientAgent.for_env(
            self.env, seed=seed, eta=eta, beta=beta, threshold=threshold
        )
        self.trainer = Trainer(self.env, self.agent, seed=seed)
        self.theta0 = self.agent.theta
        self._theta_before: list[list[float]] | np.ndarray = self.theta0
        self._previous: list[list[float]] | np.ndarray = self.theta0
        self.last_eta = float(eta)
        """η the last yielded episode's update used (η may change between episodes)."""
        self.converged_at: int | None = None
        """0-based episode after which Σ|Δπ| first fell below the threshold."""
        self.recent_lengths: deque[int] = deque(maxlen=VERDICT_WINDOW)
        """Lengths of the last :data:`VERDICT_WINDOW` episodes."""
        self.last_delta_pi_sum = float("nan")
        self._episodes_done = 0
        self._iterator: Iterator[EpisodeSnapshot] | None = None
        self.optimum = envs.optimum(model, OPTIMUM_GAMMA, masks)
        """The optimal policy (value iteration) and the shortest path, for the overlay."""
        self._meter = envs.GapMeter(model, OPTIMUM_GAMMA)
        self._greedy_key = b""
        self.greedy_path = float("nan")
        """Steps of the greedy path (argmaxₐ θ) after the last episode (NaN: no path)."""
        self.greedy_value = float("nan")
        """Exact value at the start of the greedy policy (argmaxₐ θ) after the last
        episode, under γ = :data:`OPTIMUM_GAMMA`: the gap curve's point beside V*."""

    @property
    def theta_before(self) -> np.ndarray:
        """θ before the update of the last yielded episode (NaN = blocked)."""
        table = np.array(self._theta_before, dtype=float)
        table[np.isneginf(table)] = np.nan
        return table

    def cell(self, snapshot: EpisodeSnapshot, s: int, a: int) -> CellUpdate:
        """The (s, a) numbers of ``snapshot``'s update; ``snapshot`` must be the last one yielded."""
        if snapshot.pg_update is None:
            raise ValueError("this snapshot carries no policy-gradient update")
        return cell_update(
            snapshot.pg_update,
            self.theta_before,
            snapshot.tables["theta"],
            self.last_eta,
            s,
            a,
        )

    def greedy_length(self) -> int | None:
        """Moves of the greedy path (argmax θ) to the goal; None when it never gets there."""
        path = greedy_rollout(self._greedy_env, self.agent, max_steps=self._n_states)
        return len(path.actions) if path.terminated else None

    def verdict(self, budget: int) -> PGVerdict:
        """The run judged now (see :func:`~playground.verdicts.policy_gradient_verdict`);
        ``budget`` is the number of episodes it may run."""
        return policy_gradient_verdict(
            recent_lengths=list(self.recent_lengths),
            shortest=self.optimum.shortest,
            greedy_length=self.greedy_length(),
            converged_at=self.converged_at,
            delta_pi_sum=self.last_delta_pi_sum,
            threshold=self.agent.settings.threshold,
            eta=self.agent.settings.eta,
            episodes_done=self._episodes_done,
            budget=budget,
        )

    def episode_update(self, snapshot: EpisodeSnapshot, top: int = 4) -> EpisodeUpdate:
        """``snapshot``'s episode and the ``top`` cells its update moved most;
        ``snapshot`` must be the last one yielded."""
        if snapshot.pg_update is None:
            raise ValueError("this snapshot carries no policy-gradient update")
        delta = np.abs(np.nan_to_num(snapshot.pg_update.delta_theta, nan=0.0))
        order = np.argsort(-delta, axis=None, kind="stable")[:top]
        cells = [
            self.cell(snapshot, int(i) // delta.shape[1], int(i) % delta.shape[1])
            for i in order
            if delta.flat[i] > 0
        ]
        return EpisodeUpdate(
            episode=snapshot.episode,
            steps=snapshot.length,
            states=[int(s) for s in snapshot.state_list[: EPISODE_STATES_CAP + 1]],
            delta_pi_sum=float(snapshot.metrics["delta_pi_sum"]),
            threshold=float(self.agent.settings.threshold),
            cells=cells,
        )

    def apply_settings(self, settings: Mapping[str, Any]) -> None:
        """Change η or the stop threshold (``settings["eta"]``, ``["threshold"]``, either
        may be missing) of a paused run; they apply from the next episode."""
        if "eta" in settings:
            self.agent.settings.eta = float(settings["eta"])
        if "threshold" in settings:
            self.agent.settings.threshold = float(settings["threshold"])

    def __iter__(self) -> Iterator[EpisodeSnapshot]:
        if self._iterator is None:
            self._iterator = self._episodes()
        return self._iterator

    def _episodes(self) -> Iterator[EpisodeSnapshot]:
        for snapshot in self.trainer.run_episodes():
            # Snapshot rows are frozen, so keeping the previous θ costs a reference.
            self._theta_before = self._previous
            self._previous = snapshot.table_rows["theta"]
            self.last_eta = float(self.agent.settings.eta)
            self.recent_lengths.append(snapshot.length)
            self.last_delta_pi_sum = float(snapshot.metrics["delta_pi_sum"])
            self._episodes_done = snapshot.episode + 1
            # The greedy path, walked again only when argmax θ changed (late, it rarely does).
            actions = np.argmax(np.asarray(self._previous, dtype=float), axis=1)
            if (key := actions.tobytes()) != self._greedy_key:
                gap = self._meter(np.asarray(self._previous, dtype=float))
                self._greedy_key, self.greedy_path, self.greedy_value = key, gap.path, gap.value
            if snapshot.converged and self.converged_at is None:
                self.converged_at = snapshot.episode
            yield snapshot
            if snapshot.converged:
                return
