"""The tabular CartPole run: the page's settings, the training session, greedy evaluation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import gymnasium as gym
import numpy as np

from playground.agents import (
    ConstantEpsilon,
    EpsilonSchedule,
    InverseEpisodeEpsilon,
    LinearEpsilon,
    QLearningAgent,
    TDSettings,
)
from playground.cartpole.discretiser import DEFAULT_HIGH, DEFAULT_LOW, Discretiser
from playground.cartpole.env import cartpole_version
from playground.cartpole.qtable import QSlice, greedy_actions, q_slice, visit_counts
from playground.cartpole.replay import EpisodeReplay, replay_episode
from playground.cartpole.wrappers import DiscretisedObservation, make_cartpole_tabular
from playground.settings import carry_over
from playground.training import EpisodeSnapshot, Trainer

#: Seeds of the fixed start states used by :func:`evaluate_greedy` unless others are given.
DEFAULT_EVAL_SEEDS: tuple[int, ...] = (10_000, 10_001, 10_002, 10_003, 10_004)
#: Episodes remembered by :class:`CartPoleTabularRun` for the length chart (a cap for the page).
LENGTH_HISTORY_CAP = 100_000
#: Settings :meth:`CartPoleTabularRun.continue_with` takes from new ones: they steer
#: learning from now on. The others (bins, env, shaping, Q init, seed) define the table.
CARRIED_OVER = (
    "eta",
    "gamma",
    "epsilon_schedule",
    "epsilon",
    "epsilon_end",
    "epsilon_decay_episodes",
    "episodes",
)


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
        cartpole_version(self.env_id)
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
        return cartpole_version(self.env_id).max_steps

    @property
    def solved_length(self) -> int:
        """Episode length that counts as a success (195 or 475)."""
        return cartpole_version(self.env_id).solved_at

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
        self.settings = carry_over(self.settings, new, CARRIED_OVER)
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
