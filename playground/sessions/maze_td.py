"""Glue between the SARSA / Q-learning page and the core: runs of one or both agents.

No Streamlit here. A :class:`TDSession` holds one *lane* per algorithm (one lane for
SARSA or Q-learning alone, two for the side-by-side comparison), each a maze env, an
agent and a :class:`~playground.training.Trainer` built from the same settings and seed.
Iterating the session yields a :class:`Tick` per episode (every lane plays one);
:meth:`TDSession.step` takes single environment steps (every lane takes one), so a page
can drive it with the live-training driver and mix Train and Step freely on the same agents.

Per-episode histories (steps, return, mean |TD error|, ε) and the episodes kept for
playback live on the lanes, capped by :data:`HISTORY_CAP`, :data:`KEEP_FIRST_EPISODES`
and :data:`KEEP_LAST_EPISODES`.

Example::

    >>> from itertools import islice
    >>> session = TDSession(TDConfig(algo="both"))
    >>> ticks = list(islice(session, 40))
    >>> [lane.algo for lane in session.lanes], session.episodes_done
    (['sarsa', 'q_learning'], 40)
    >>> session.lanes[1].lengths[-1]     # Q-learning walks the shortest path, 6 moves
    6
    >>> [tick] = session.step(1)
    >>> tick.kind, session.lanes[0].last_step.step.state
    ('step', 0)
"""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from playground.agents import (
    ConstantEpsilon,
    EpsilonSchedule,
    HalvingEpsilon,
    LinearEpsilon,
    QLearningAgent,
    SarsaAgent,
    TDSettings,
)
from playground.envs import MazeLayout
from playground.envs.layouts import ACTION_SYMBOLS
from playground.sessions import envs
from playground.training import EpisodeSnapshot, StepSnapshot, Trainer, greedy_rollout
from playground.verdicts import PathVerdict, ValueVerdict, path_verdict, value_verdict

__all__ = [
    "ALGORITHMS",
    "ALGO_COLOURS",
    "HISTORY_CAP",
    "KEEP_FIRST_EPISODES",
    "KEEP_LAST_EPISODES",
    "SCHEDULES",
    "Lane",
    "StepView",
    "TDConfig",
    "TDSession",
    "Tick",
    "action_labels",
    "epsilon_schedule",
    "update_latex",
]

ALGORITHMS: tuple[str, ...] = ("sarsa", "q_learning")
"""The two TD algorithms, in the order the comparison shows them."""

ALGO_COLOURS: dict[str, str] = {"sarsa": "#1f6feb", "q_learning": "#ff7f0e"}
"""One colour per algorithm, the same in every chart (blue SARSA, orange Q-learning)."""

SCHEDULES: tuple[str, ...] = ("halve", "constant", "linear")
"""ε schedules offered: halve after every episode (the notes), constant, linear decay."""

ADJUSTABLE = ("eta", "gamma", "epsilon", "schedule", "episodes")
"""The :class:`TDConfig` fields a running session takes over (the run's length: the linear
ε schedule decays over its first half)."""

HISTORY_CAP = 20_000
"""Per-episode values kept per lane for the charts; beyond it the oldest are dropped."""

KEEP_FIRST_EPISODES = 50
"""The first episodes are always kept for playback (the interesting, wandering ones)…"""

KEEP_LAST_EPISODES = 450
"""…plus the most recent ones; episodes in between are dropped."""

_AGENTS = {"sarsa": SarsaAgent, "q_learning": QLearningAgent}


def epsilon_schedule(kind: str, epsilon: float, episodes: int) -> EpsilonSchedule:
    """ε per episode for the page's three choices.

    Args:
        kind: ``"halve"`` (ε₀, ε₀/2, ε₀/4 … as in the notes), ``"constant"`` (ε₀ always) or
            ``"linear"`` (ε₀ falling in a straight line to 0 over the first half of
            ``episodes``, then 0: the second half shows what was learnt, greedily).
        epsilon: ε₀, the first episode's ε, in [0, 1].
        episodes: Length of the run, for ``"linear"``.
    """
    if not 0.0 <= epsilon <= 1.0:
        raise ValueError(f"ε must be in [0, 1], got {epsilon}")
    if kind == "halve":
        return HalvingEpsilon(start=epsilon, factor=0.5)
    if kind == "constant":
        return ConstantEpsilon(epsilon)
    if kind == "linear":
        return LinearEpsilon(start=epsilon, end=0.0, episodes=max(1, episodes // 2))
    raise ValueError(f"ε schedule must be one of {SCHEDULES}, got {kind!r}")


@dataclass(frozen=True)
class TDConfig:
    """Everything a SARSA / Q-learning run is built from (the page's settings)."""

    algo: Literal["sarsa", "q_learning", "both"] = "q_learning"
    """One algorithm, or ``"both"`` side by side on the same seed."""
    layout: str = "seed_3x3"
    """The environment: one of :data:`playground.sessions.envs.TABULAR_ENVS` (the notes'
    mazes, FrozenLake, CliffWalking, a custom grid)."""
    slippery: bool = False
    """FrozenLake's ice: the intended move with probability 1/3, either side 1/3 each."""
    map_size: int = 8
    """Rows and columns of a random FrozenLake map."""
    map_seed: int = 0
    """Seed of a random FrozenLake map."""
    grid: str = ""
    """A custom grid's share code (:meth:`playground.envs.GridSpec.encode`)."""
    seed: int = 0
    """Seed of the agents' random streams and of the env's first reset."""
    eta: float = 0.1
    """Learning rate η."""
    gamma: float = 0.9
    """Discount factor γ."""
    epsilon: float = 0.5
    """ε of the first episode."""
    schedule: str = "halve"
    """How ε changes from episode to episode (:data:`SCHEDULES`)."""
    episodes: int = 200
    """Episodes of the run (the linear schedule decays over the first half)."""
    q_init: Literal["random", "zeros"] = "random"
    """Initial Q: U[0, 1) on allowed moves (the notes) or zeros."""
    step_reward: float = 0.0
    """Reward of every step that does not reach the goal."""

    def problem(self) -> envs.Problem:
        """The environment these settings name (raises ``GridError`` for a bad grid code)."""
        slippery = self.slippery and self.layout in envs.SLIPPERY_ENVS
        return envs.problem(self.layout, slippery, self.grid, self.map_size, self.map_seed)

    @property
    def algorithms(self) -> tuple[str, ...]:
        """The lanes' algorithms."""
        return ALGORITHMS if self.algo == "both" else (self.algo,)

    def settings(self) -> TDSettings:
        """The agents' hyperparameters."""
        return TDSettings(
            eta=float(self.eta),
            gamma=float(self.gamma),
            epsilon=epsilon_schedule(self.schedule, float(self.epsilon), int(self.episodes)),
            q_init=self.q_init,
        )


@dataclass(frozen=True)
class StepView:
    """One step of one lane with every number of its update, for the step-by-step view."""

    algo: str
    step: StepSnapshot
    q_next: float | None
    """Q(s′, a′) (SARSA) or maxₐ Q(s′, a) (Q-learning) used in the target; None when s′ ends the episode."""
    eta: float
    gamma: float


@dataclass(frozen=True)
class Tick:
    """What one pull of the session did."""

    kind: Literal["episode", "step"]
    episodes_done: int
    """Episodes every lane has finished (the smallest count)."""


class Lane:
    """One algorithm's run: env, agent, trainer, and what the page draws from them."""

    def __init__(self, algo: str, config: TDConfig) -> None:
        if algo not in _AGENTS:
            raise ValueError(f"algorithm must be one of {ALGORITHMS}, got {algo!r}")
        self.algo = algo
        self.problem = config.problem()
        self.step_reward = float(config.step_reward) if self.problem.layout is not None else 0.0
        self.layout: MazeLayout = self.problem.layout or self.problem.spec.to_layout()
        """The maze, or a grid's shape and walls (for what only needs those)."""
        self.env = self.problem.make(self.step_reward)
        self.model = self.problem.learner_model(self.step_reward)
        self.agent = _AGENTS[algo].for_env(self.env, config.settings(), seed=int(config.seed))
        self.trainer = Trainer(self.env, self.agent, seed=int(config.seed))
        self.optimum = envs.optimum(self.model, float(config.gamma), self.problem.action_masks)
        """What an optimal policy achieves here under the run's γ (value iteration)."""
        self.gap_values: list[float] = []
        """Exact value at the start of the greedy policy after each episode."""
        self.gap_paths: list[float] = []
        """Steps of the greedy policy's path after each episode (NaN: none for sure)."""
        self._gap_cache: tuple[bytes, envs.Gap] | None = None
        self._gap_meter = envs.GapMeter(self.model, float(config.gamma))
        self.first_episode = 0
        """Episode index of ``lengths[0]`` (older entries were dropped by the cap)."""
        self.lengths: list[int] = []
        self.returns: list[float] = []
        self.td_errors: list[float] = []
        self.epsilons: list[float] = []
        self._first: dict[int, list[int]] = {}
        self._last: deque[tuple[int, list[int]]] = deque(maxlen=KEEP_LAST_EPISODES)
        self.last_step: StepView | None = None
        """The latest step when the last pull was a step, else None."""

    # ------------------------------------------------------------------ running
    @property
    def episodes_done(self) -> int:
        return self.trainer.episode

    def run_episode(self) -> EpisodeSnapshot:
        """Play one episode (or finish the one left half-played by steps) and record it."""
        snapshot = next(self.trainer.run_episodes(1))
        self._record(snapshot)
        self.last_step = None
        return snapshot

    def run_step(self) -> StepView:
        """Take one env step, learn from it, and keep its numbers."""
        step = next(self.trainer.run_steps(1))
        if step.episode_end is not None:
            self._record(step.episode_end)
        q_next = None
        if not step.terminated:
            # Read after the update, which changed only Q(s, a): a maze move always
            # changes the cell (blocked moves are never chosen), so Q(s′, ·) is as used.
            row = self.agent.q[step.next_state]
            if step.next_action is not None:
                q_next = float(row[step.next_action])
            else:
                allowed = row[self.problem.action_masks[step.next_state].astype(bool)]
                q_next = float(allowed.max()) if allowed.size else None
        settings = self.agent.settings
        view = StepView(self.algo, step, q_next, float(settings.eta), float(settings.gamma))
        self.last_step = view
        return view

    def apply(self, config: TDConfig) -> None:
        """Use ``config``'s η, γ and ε schedule from now on (what was learnt stays)."""
        new = config.settings()
        if new.gamma != self.agent.settings.gamma:  # the optimum depends on γ
            self.optimum = envs.optimum(self.model, new.gamma, self.problem.action_masks)
            self._gap_meter = envs.GapMeter(self.model, new.gamma)
            self._gap_cache = None
        self.agent.settings = dataclasses.replace(
            self.agent.settings, eta=new.eta, gamma=new.gamma, epsilon=new.epsilon
        )

    def gap(self) -> envs.Gap:
        """The greedy policy now against the optimum (computed again only when the greedy
        actions changed: late in a run they rarely do)."""
        q = self.agent.q
        key = np.argmax(np.where(np.isnan(q), -np.inf, q), axis=1).tobytes()
        if self._gap_cache is None or self._gap_cache[0] != key:
            self._gap_cache = (key, self._gap_meter(q))
        return self._gap_cache[1]

    def _record(self, snapshot: EpisodeSnapshot) -> None:
        self.lengths.append(snapshot.length)
        self.returns.append(snapshot.episode_return)
        self.td_errors.append(float(snapshot.metrics.get("mean_abs_td_error", math.nan)))
        self.epsilons.append(float(snapshot.metrics.get("epsilon", math.nan)))
        now = self.gap()
        self.gap_values.append(now.value)
        self.gap_paths.append(now.path)
        excess = len(self.lengths) - HISTORY_CAP
        if excess > 0:
            for series in (
                self.lengths,
                self.returns,
                self.td_errors,
                self.epsilons,
                self.gap_values,
                self.gap_paths,
            ):
                del series[:excess]
            self.first_episode += excess
        if snapshot.episode < KEEP_FIRST_EPISODES:
            self._first[snapshot.episode] = snapshot.state_list
        else:
            self._last.append((snapshot.episode, snapshot.state_list))

    # ------------------------------------------------------------------ reading
    @property
    def episode_numbers(self) -> np.ndarray:
        """1-based episode numbers of the history entries (x axis of the charts)."""
        return np.arange(self.first_episode + 1, self.first_episode + len(self.lengths) + 1)

    def stored_episodes(self) -> list[int]:
        """0-based indices of the episodes kept for playback, oldest first."""
        return sorted(self._first) + [episode for episode, _ in self._last]

    def trajectory(self, episode: int) -> list[int]:
        """Cells visited in a stored episode, start and final cell included.

        Raises:
            KeyError: If the episode was not kept (see :meth:`stored_episodes`).
        """
        if episode in self._first:
            return self._first[episode]
        for index, states in self._last:
            if index == episode:
                return states
        raise KeyError(f"episode {episode + 1} is not stored for playback")

    @property
    def q(self) -> np.ndarray:
        """A copy of the agent's Q, ``(n_states, 4)``, NaN where a wall blocks the move."""
        return self.agent.q

    def greedy_length(self) -> int | None:
        """Moves of the greedy path (argmaxₐ Q) from the start to the goal; None when it
        never arrives (or, on ice, when no path is certain)."""
        if self.problem.slippery:
            return None
        env = self.problem.make(self.step_reward)
        try:
            path = greedy_rollout(env, self.agent, max_steps=self.problem.model.n_states)
        finally:
            env.close()
        gap = self.gap()
        if not path.terminated or math.isnan(gap.path):
            return None  # fell into a hole, or wandered
        return len(path.actions)

    def verdict(self) -> PathVerdict | ValueVerdict:
        """The greedy path against the shortest path; on slippery ice, where no path is
        certain, the greedy policy's exact value at the start against V*."""
        if self.problem.slippery or self.optimum.shortest is None:
            return value_verdict(self.gap().value, self.optimum.value)
        return path_verdict(self.greedy_length(), self.optimum.shortest)

    def greedy_policy(self) -> np.ndarray:
        """One-hot greedy policy argmaxₐ Q(s, a) (ties shared), zero at the goal."""
        return self.agent.greedy_policy()

    @property
    def agent_cell(self) -> int | None:
        """Where the agent stands while an episode is half-played by steps, else None."""
        if self.last_step is not None:
            return self.last_step.step.next_state
        return self.trainer.current_state if self.trainer.in_episode else None

    def close(self) -> None:
        self.env.close()


class TDSession:
    """One or two lanes driven together: a live source (see :mod:`webui.live`).

    Iterating it plays episodes (every lane plays one; a lane that is behind catches up
    first, so the lanes stay on the same episode count); :meth:`step` takes env steps.
    """

    def __init__(self, config: TDConfig) -> None:
        self.config = config
        self.lanes = [Lane(algo, config) for algo in config.algorithms]

    @property
    def layout(self) -> MazeLayout:
        return self.lanes[0].layout

    @property
    def episodes_done(self) -> int:
        """Episodes finished by every lane (the smallest count)."""
        return min(lane.episodes_done for lane in self.lanes)

    def lane(self, algo: str) -> Lane:
        for lane in self.lanes:
            if lane.algo == algo:
                return lane
        raise KeyError(algo)

    def episode_tick(self) -> Tick:
        """Every lane plays up to the next episode count (one episode when in step)."""
        target = self.episodes_done + 1
        for lane in self.lanes:
            while lane.episodes_done < target:
                lane.run_episode()
            lane.last_step = None
        return Tick("episode", self.episodes_done)

    def step_tick(self) -> Tick:
        """Every lane takes one env step."""
        for lane in self.lanes:
            lane.run_step()
        return Tick("step", self.episodes_done)

    def __iter__(self) -> Iterator[Tick]:
        while True:
            yield self.episode_tick()

    def step(self, n: int) -> list[Tick]:
        """Every lane takes ``n`` env steps, one at a time: a tick per step."""
        return [self.step_tick() for _ in range(n)]

    def apply_settings(self, settings: Mapping[str, Any]) -> None:
        """Carry the :data:`ADJUSTABLE` fields of ``settings`` (``{TDConfig field: value}``)
        over to the running agents; what was learnt, and the other fields, stay."""
        changes = {name: settings[name] for name in ADJUSTABLE if name in settings}
        self.config = dataclasses.replace(self.config, **changes)
        for lane in self.lanes:
            lane.apply(self.config)

    def close(self) -> None:
        for lane in self.lanes:
            lane.close()


def _num(value: float, fmt: str = ".3f") -> str:
    """A number for a formula: a real minus sign, no ``-0.000``, ∞ when not finite."""
    if not math.isfinite(value):
        return r"\infty" if value > 0 else r"-\infty"
    text = format(value, fmt)
    if float(text) == 0.0:
        text = text.lstrip("-")
    return text.replace("-", "{-}")


def _paren(value: float, fmt: str = ".3f") -> str:
    text = _num(value, fmt)
    return f"({text})" if text.startswith("{-}") else text


def update_latex(view: StepView) -> str:
    r"""The update rule of ``view`` with its numbers filled in, as LaTeX for ``st.latex``.

    Three equations (each on two lines: symbols, then numbers): the TD target y, the TD error δ = y − Q(s, a), and
    Q(s, a) ← Q(s, a) + η δ with the result (bold). For SARSA the target is
    r + γ Q(s′, a′), for Q-learning r + γ maxₐ′ Q(s′, a′), and r alone when s′ ends
    the episode. Q values have 3 decimals; r, γ and η are written as set.

    >>> from playground.training import StepSnapshot
    >>> step = StepSnapshot(episode=0, step=0, state=0, action=1, reward=0.0, next_state=1,
    ...     next_action=2, td_target=0.45, td_error=-0.05, old_q=0.5, new_q=0.495,
    ...     terminated=False, truncated=False)
    >>> print(update_latex(StepView("sarsa", step, q_next=0.5, eta=0.1, gamma=0.9)))
    \begin{aligned}y &= r + \gamma\, Q(s', a') \\ &= 0 + 0.9 \times 0.500 = 0.450 \\ \delta &= y - Q(s, a) \\ &= 0.450 - 0.500 = {-}0.050 \\ Q(s, a) &\leftarrow Q(s, a) + \eta\,\delta \\ &= 0.500 + 0.1 \times ({-}0.050) = \mathbf{0.495}\end{aligned}
    """
    step = view.step
    r = _paren(step.reward, "g")
    if view.q_next is None or step.terminated:
        target = rf"y &= r = {r}"
    else:
        value = (
            r"Q(s', a')"
            if view.algo == "sarsa" and step.next_action is not None
            else r"\max_{a'} Q(s', a')"
        )
        target = (
            rf"y &= r + \gamma\, {value} \\ "
            rf"&= {r} + {_num(view.gamma, 'g')} \times {_paren(view.q_next)} = {_num(step.td_target)}"
        )
    error = (
        rf"\delta &= y - Q(s, a) \\ &= {_num(step.td_target)} - {_paren(step.old_q)} "
        rf"= {_num(step.td_error)}"
    )
    update = (
        rf"Q(s, a) &\leftarrow Q(s, a) + \eta\,\delta \\ &= {_num(step.old_q)} + {_num(view.eta, 'g')} "
        rf"\times {_paren(step.td_error)} = \mathbf{{{_num(step.new_q)}}}"
    )
    return r"\begin{aligned}" + rf"{target} \\ {error} \\ {update}" + r"\end{aligned}"


def action_labels(symbols: Sequence[str] = ACTION_SYMBOLS) -> list[str]:
    """Column labels of a Q table: ``"0 ↑"``, ``"1 →"``, ``"2 ↓"``, ``"3 ←"``."""
    return [f"{a} {symbol}" for a, symbol in enumerate(symbols)]
