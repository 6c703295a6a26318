"""Deep Q-Network (DQN) on CartPole, in torch: the notes' last-but-one chapter.

A network Q(s, ·; θ) replaces the Q-table. Transitions go into a replay memory;
each gradient step samples a mini-batch from it and regresses Q(s_t, a_t)
towards the TD target of :func:`dqn_targets` with the Huber (or square) loss of
:func:`td_loss`. Options beyond the notes: a target network (hard copy every N
steps, or soft/Polyak averaging), Double DQN, gradient clipping.

Compared with the notes' code this fixes: the failure reward is a single −1
(``reward_shaping="notes"``), terminal masks are bool, actions are int64 for
``gather``, the update is actually called every step, and a time-limit
truncation bootstraps from s' while a real termination does not.

This module imports torch. Import it lazily::

    from playground.agents.dqn import DQNTrainer, fast_preset

    trainer = DQNTrainer(fast_preset())
    for record in trainer.run(max_steps=20_000):
        if isinstance(record, EvalRecord) and record.solved:
            break
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, NoReturn

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import NDArray

from playground.agents.deep_common import (
    DeepConfig,
    DeepTrainer,
    EpisodeRecord,
    EvalRecord,
)
from playground.agents.replay import MAX_REPLAY_CAPACITY, ReplayMemory
from playground.cartpole.env import shaped_reward

__all__ = [
    "DQNConfig",
    "DQNEpisodeRecord",
    "DQNTrainer",
    "PRESET_VALUES",
    "Q_DIVERGENCE_LIMIT",
    "dqn_targets",
    "epsilon_at",
    "fast_preset",
    "notes_preset",
    "stored_reward",
    "stored_reward_range",
    "td_loss",
]

Q_DIVERGENCE_LIMIT = 1e6
"""|Q| beyond which training counts as diverged, even while every number is finite.

CartPole pays at most 1 per step and ends an episode within 500 steps (v1; 200 for
v0), so no return it can produce exceeds 500; with γ < 1 no true value exceeds
1/(1 − γ) either. A Q-value of 10⁶ is 2,000 times the largest return: no estimation
error of a learning network gets there, only updates that feed on themselves (a
learning rate near 1 with the square loss and no clipping reaches 10²⁵ and more while
staying finite). The one legitimate way up is γ = 1 with a policy that never drops
the pole, whose bootstrapped value has no finite limit at all.
"""

MAX_HIDDEN_LAYERS = 4
"""Most hidden layers a config may ask for."""
MAX_HIDDEN_WIDTH = 512
"""Widest hidden layer a config may ask for (keeps weights files well under the size limit)."""


@dataclass(frozen=True)
class DQNConfig(DeepConfig):
    """Settings of one DQN run. Defaults are a sound general-purpose choice;
    see :func:`notes_preset` and :func:`fast_preset` for the page's two presets."""

    env_id: str = "CartPole-v1"
    """Gymnasium id: ``"CartPole-v1"`` (500 steps, solved at 475) or ``"CartPole-v0"`` (200, 195)."""
    hidden_sizes: tuple[int, ...] = (128, 128)
    """Widths of the hidden layers; the notes use 4-128-128-2."""
    learning_rate: float = 1e-3
    """Adam step size."""
    batch_size: int = 64
    """Transitions per gradient step."""
    replay_capacity: int = 50_000
    """Transitions the replay memory keeps before overwriting the oldest."""
    gamma: float = 0.99
    """Discount factor γ."""
    epsilon_schedule: Literal["linear", "inverse_episode"] = "linear"
    """``"linear"``: ε falls from start to end over ``epsilon_decay_steps`` env steps;
    ``"inverse_episode"``: ε = ε_start / (1 + episode), the notes' schedule."""
    epsilon_start: float = 1.0
    """ε at the first step (probability of a uniformly random action)."""
    epsilon_end: float = 0.05
    """ε after the linear decay (unused by ``"inverse_episode"``)."""
    epsilon_decay_steps: int = 10_000
    """Env steps of the linear decay from start to end."""
    learning_starts: int = 1_000
    """Env steps collected before the first gradient step (at least ``batch_size``)."""
    train_freq: int = 1
    """Env steps between two rounds of gradient steps."""
    gradient_steps: int = 1
    """Gradient steps per round."""
    target_mode: Literal["none", "hard", "soft"] = "hard"
    """``"none"``: targets use the online network itself (the notes); ``"hard"``: a target
    network copied every ``target_update_interval`` env steps; ``"soft"``: a target
    network moved towards the online one by ``tau`` after every gradient step."""
    target_update_interval: int = 500
    """Env steps between hard target updates."""
    tau: float = 0.005
    """Soft update rate: θ⁻ ← (1 − τ) θ⁻ + τ θ."""
    double_dqn: bool = False
    """Double DQN: the online network picks argmax a', the target network values it."""
    loss: Literal["huber", "mse"] = "huber"
    """TD loss: Huber with κ = 1 (the notes) or the square loss ½δ²."""
    max_grad_norm: float | None = 10.0
    """Clip the gradient's global L2 norm to this; ``None`` disables clipping."""
    reward_shaping: Literal["none", "notes"] = "none"
    """``"none"``: CartPole's +1 per step; ``"notes"``: 0 per step, −1 when the pole falls,
    +1 when the time limit is reached (the notes' shaping, fixed). Plots always show
    the environment's own return."""
    eval_every: int = 1_000
    """Env steps between greedy evaluations (0 disables them)."""
    eval_episodes: int = 20
    """Episodes per greedy evaluation."""
    eval_seed: int = 10_000
    """Evaluation episode i resets with seed ``eval_seed + i``; fixed, so evaluations compare."""
    seed: int = 0
    """Seeds the env, exploration, replay sampling and network initialisation."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "hidden_sizes", tuple(int(h) for h in self.hidden_sizes))
        super().__post_init__()

    def _own_checks(self) -> list[tuple[bool, str]]:
        return [
            (1 <= len(self.hidden_sizes) <= MAX_HIDDEN_LAYERS, "1 to 4 hidden layers"),
            (
                all(1 <= h <= MAX_HIDDEN_WIDTH for h in self.hidden_sizes),
                f"hidden widths in [1, {MAX_HIDDEN_WIDTH}]",
            ),
            (0 < self.learning_rate < math.inf, "learning_rate must be > 0"),
            (1 <= self.batch_size <= self.replay_capacity, "batch_size in [1, replay_capacity]"),
            (
                self.replay_capacity <= MAX_REPLAY_CAPACITY,
                f"replay_capacity <= {MAX_REPLAY_CAPACITY}",
            ),
            (0.0 <= self.gamma <= 1.0, "gamma in [0, 1]"),
            (self.epsilon_schedule in ("linear", "inverse_episode"), "unknown epsilon_schedule"),
            (0.0 <= self.epsilon_start <= 1.0, "epsilon_start in [0, 1]"),
            (0.0 <= self.epsilon_end <= 1.0, "epsilon_end in [0, 1]"),
            (self.epsilon_decay_steps >= 1, "epsilon_decay_steps >= 1"),
            (self.learning_starts >= self.batch_size, "learning_starts >= batch_size"),
            (self.train_freq >= 1, "train_freq >= 1"),
            (self.gradient_steps >= 1, "gradient_steps >= 1"),
            (self.target_mode in ("none", "hard", "soft"), "target_mode none/hard/soft"),
            (self.target_update_interval >= 1, "target_update_interval >= 1"),
            (0.0 < self.tau <= 1.0, "tau in (0, 1]"),
            (self.loss in ("huber", "mse"), "loss must be huber or mse"),
            (self.max_grad_norm is None or self.max_grad_norm > 0, "max_grad_norm > 0 or None"),
            (self.reward_shaping in ("none", "notes"), "reward_shaping none/notes"),
        ]


#: The page's two presets side by side: setting → (the notes' value, the fast preset's value).
#: The notes: 4-128-128-2, Adam 1e-4, batch 32, memory 10,000, γ 0.99, ε = 0.5 / (1 +
#: episode), Huber loss, no target network, one gradient step per env step as soon as the
#: memory holds a batch, and the notes' reward shaping (fixed). The fast preset is tuned
#: for few env steps *and* little wall time on CartPole-v1 (the benchmark's settings): a
#: gradient step's cost is mostly torch's fixed overhead, whatever the batch, so one step
#: every 4 env steps on a large batch with a larger learning rate, the notes' 4-128-128-2
#: network, Double DQN with a soft target (τ 0.03) and a short ε decay. The wider network
#: and the slower target (4-64-64-2 and τ 0.05 before) keep seeds together: the Lab's ten
#: seeds of experiment 0 all reach a greedy 475 within 1.7 × the first one's env steps
#: (4.1 × and one unsolved in 2,000 episodes before); see benchmarks/README.md.
PRESET_VALUES: dict[str, tuple[Any, Any]] = {
    "hidden_sizes": ((128, 128), (128, 128)),
    "learning_rate": (1e-4, 2.5e-3),
    "batch_size": (32, 256),
    "replay_capacity": (10_000, 50_000),
    "gamma": (0.99, 0.99),
    "epsilon_schedule": ("inverse_episode", "linear"),
    "epsilon_start": (0.5, 1.0),
    "epsilon_end": (0.0, 0.02),
    "epsilon_decay_steps": (10_000, 5_000),
    "learning_starts": (32, 500),
    "train_freq": (1, 4),
    "gradient_steps": (1, 1),
    "target_mode": ("none", "soft"),
    "tau": (0.005, 0.03),
    "double_dqn": (False, True),
    "loss": ("huber", "huber"),
    "max_grad_norm": (None, 10.0),
    "reward_shaping": ("notes", "none"),
}


def _preset(column: int, seed: int) -> DQNConfig:
    return DQNConfig(**{name: values[column] for name, values in PRESET_VALUES.items()}, seed=seed)


def notes_preset(seed: int = 0) -> DQNConfig:
    """The notes' settings (:data:`PRESET_VALUES`, first column)."""
    return _preset(0, seed)


def fast_preset(seed: int = 0) -> DQNConfig:
    """Few env steps and little wall time on CartPole-v1 (:data:`PRESET_VALUES`, second column)."""
    return _preset(1, seed)


# --------------------------------------------------------------------------- update rule


def epsilon_at(config: DQNConfig, step: int, episode: int) -> float:
    r"""Exploration rate for the ``step``-th env step (0-based) of episode ``episode`` (0-based).

    Linear: :math:`\varepsilon = \varepsilon_0 + (\varepsilon_1 - \varepsilon_0)\min(1, t / T)`.
    Inverse episode (the notes): :math:`\varepsilon = \varepsilon_0 / (1 + \text{episode})`.
    """
    if config.epsilon_schedule == "inverse_episode":
        return config.epsilon_start / (1.0 + episode)
    frac = min(1.0, step / config.epsilon_decay_steps)
    return config.epsilon_start + (config.epsilon_end - config.epsilon_start) * frac


def stored_reward(reward: float, terminated: bool, truncated: bool, shaping: str) -> float:
    """The reward stored in replay: CartPole's own, or the notes' shaped reward
    (:func:`playground.cartpole.shaped_reward`: 0, −1 on a fall, +1 at the time limit)."""
    return reward if shaping == "none" else shaped_reward(terminated, truncated)


def stored_reward_range(shaping: str) -> tuple[float, float]:
    """Smallest and largest reward :func:`stored_reward` stores: CartPole pays +1 every
    step; the notes' shaping pays 0, −1 on a fall and +1 at the time limit."""
    return (1.0, 1.0) if shaping == "none" else (-1.0, 1.0)


def dqn_targets(
    rewards: torch.Tensor,
    next_q_online: torch.Tensor | None,
    next_q_target: torch.Tensor,
    terminated: torch.Tensor,
    gamma: float,
    double: bool,
) -> torch.Tensor:
    r"""TD targets of a batch.

    .. math::
        y = r + \gamma\,(1 - \text{terminated})\,
            \begin{cases}
              \max_{a'} Q^-(s', a') & \text{DQN} \\
              Q^-\!\big(s', \arg\max_{a'} Q(s', a')\big) & \text{Double DQN}
            \end{cases}

    Q is the online network, Q⁻ the target network (the online one itself when
    there is none, as in the notes). A terminal s' has value 0; a truncated one
    (time limit) keeps its bootstrapped value, since the pole was still up.

    Args:
        rewards: ``(B,)`` rewards.
        next_q_online: ``(B, A)`` Q(s', ·), needed only when ``double``.
        next_q_target: ``(B, A)`` Q⁻(s', ·).
        terminated: ``(B,)`` bool.
        gamma: discount γ.
        double: use the Double DQN target.
    """
    if double:
        if next_q_online is None:
            raise ValueError("double DQN targets need next_q_online")
        best = next_q_online.argmax(dim=1, keepdim=True)
        next_value = next_q_target.gather(1, best).squeeze(1)
    else:
        next_value = next_q_target.max(dim=1).values
    return rewards + gamma * torch.where(terminated, 0.0, next_value)


def td_loss(q_taken: torch.Tensor, targets: torch.Tensor, kind: str) -> torch.Tensor:
    r"""Mean TD loss over the batch, δ = Q(s, a) − y.

    Huber (κ = 1): :math:`\tfrac12\delta^2` if :math:`|\delta| \le 1`, else :math:`|\delta| - \tfrac12`.
    Square: :math:`\tfrac12\delta^2`. Both match :mod:`playground.concepts`.
    """
    if kind == "huber":
        return F.smooth_l1_loss(q_taken, targets, beta=1.0)
    return 0.5 * F.mse_loss(q_taken, targets)


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class DQNEpisodeRecord(EpisodeRecord):
    """What one finished training episode reports."""

    epsilon: float
    """ε at the episode's last step."""
    mean_loss: float
    """Mean TD loss of the gradient steps during the episode (NaN if none)."""
    mean_max_q: float
    """Mean of max_a Q(s_t, a) over the episode's states."""
    gradient_steps: int
    """Gradient steps taken since training started."""
    replay_size: int
    """Transitions in the replay memory."""
    replay_fill: float
    """``replay_size / replay_capacity``."""
    train_seconds: float
    """Training wall time so far, evaluation excluded."""


@dataclass
class _EpisodeStats:
    ret: float = 0.0
    length: int = 0
    loss_sum: float = 0.0
    loss_count: int = 0
    max_q_sum: float = 0.0


@dataclass
class _Snapshot:
    q_net: dict[str, torch.Tensor] = field(default_factory=dict)
    target_net: dict[str, torch.Tensor] | None = None


class DQNTrainer(DeepTrainer):
    """A DQN agent, its environment and its training state; train with :meth:`run`.

    All state lives on the object, so :meth:`run` can be stopped after any record
    and called again to continue exactly where it stopped: a run split into chunks
    gives the same records as an uninterrupted one.

    Randomness: a ``numpy.random.Generator`` (exploration, replay sampling) and a
    ``torch.Generator`` (initial weights), both seeded with ``config.seed`` and owned
    by this trainer, plus the env seeded on its first reset. Nothing touches the
    global RNGs, so trainers running side by side do not disturb each other.
    Same seed and settings give identical records on CPU.

    Args:
        config: the run's settings (default: ``DQNConfig()``).
    """

    playback_kind = "q"

    config: DQNConfig

    def __init__(self, config: DQNConfig | None = None) -> None:
        super().__init__(config or DQNConfig())
        config = self.config
        self.q_net = self._build_network(config.hidden_sizes)
        self.target_net = copy.deepcopy(self.q_net) if config.target_mode != "none" else None
        if self.target_net is not None:
            self.target_net.requires_grad_(False)
        self._target_params = (
            list(self.target_net.parameters()) if self.target_net is not None else []
        )
        self.optimizer = self._new_optimizer()
        self.memory = ReplayMemory(config.replay_capacity, self.env.obs_dim)
        self.q_values = self._greedy
        self.gradient_step_count = 0
        self._obs: np.ndarray | None = None
        self._stats = _EpisodeStats()
        self._snapshot = self._take_snapshot()

    # ------------------------------------------------------------------ public API

    def run(self, max_steps: int | None = None) -> Iterator[DQNEpisodeRecord | EvalRecord]:
        """Train, yielding a :class:`DQNEpisodeRecord` after each episode and an
        :class:`~playground.agents.deep_common.EvalRecord` every ``eval_every`` steps.

        Args:
            max_steps: stop once ``total_steps`` reaches this (an absolute count, so
                ``run(10_000)`` after ``run(4_000)`` does 6,000 more); ``None`` = no limit.
                Stopping mid-episode is fine: the next call continues that episode.

        Raises:
            TrainingDiverged: a loss was NaN or infinite, or a Q-value in a mini-batch
                exceeded :data:`Q_DIVERGENCE_LIMIT` in size. The network is restored to the
                last good copy (taken at the end of each episode); later calls raise again.
        """
        yield from self._training_loop(max_steps, lambda: self.total_steps, self._env_step)

    def epsilon(self) -> float:
        """ε for the next env step."""
        return epsilon_at(self.config, self.total_steps, self.episodes)

    def _playback_values(self, observations: NDArray[np.float32]) -> NDArray[np.float32]:
        return self.q_values(observations)

    def _load_state(self, state: dict[str, torch.Tensor]) -> None:
        """Online and target network both get the weights; replay memory, counters and
        the ε schedule are kept."""
        self.q_net.load_state_dict(state)
        if self.target_net is not None:
            self.target_net.load_state_dict(state)

    # ------------------------------------------------------------------ internals

    def _env_step(self) -> DQNEpisodeRecord | None:
        """One env step, its replay push and any due learning; a record if the episode ended."""
        cfg = self.config
        if self._obs is None:
            # Only the first reset is seeded; later ones continue the env's own RNG.
            self._obs = self.env.reset(seed=cfg.seed if self.episodes == 0 else None)
            self._stats = _EpisodeStats()
        obs = self._obs
        stats = self._stats
        epsilon = self.epsilon()
        q = self.q_values(obs)
        stats.max_q_sum += float(q.max())
        if self.rng.random() < epsilon:
            action = int(self.rng.integers(self.env.n_actions))
        else:
            action = int(q.argmax())
        next_obs, reward, terminated, truncated = self.env.step(action)
        self.memory.push(
            obs,
            action,
            stored_reward(reward, terminated, truncated, cfg.reward_shaping),
            next_obs,
            terminated,
        )
        self.total_steps += 1
        stats.ret += reward
        stats.length += 1

        if self.total_steps >= cfg.learning_starts and self.total_steps % cfg.train_freq == 0:
            for _ in range(cfg.gradient_steps):
                self._gradient_step()
        if cfg.target_mode == "hard" and self.total_steps % cfg.target_update_interval == 0:
            self.target_net.load_state_dict(self.q_net.state_dict())

        if not (terminated or truncated):
            self._obs = next_obs
            return None
        self._obs = None
        self.episodes += 1
        if self.q_net.all_finite():
            self._snapshot = self._take_snapshot()
        return self._episode_record(
            DQNEpisodeRecord,
            stats.ret,
            stats.length,
            terminated,
            truncated,
            epsilon=epsilon,
            mean_loss=stats.loss_sum / stats.loss_count if stats.loss_count else math.nan,
            mean_max_q=stats.max_q_sum / stats.length,
            gradient_steps=self.gradient_step_count,
            replay_size=len(self.memory),
            replay_fill=self.memory.fill,
            train_seconds=self.train_clock.elapsed,
        )

    def _gradient_step(self) -> None:
        cfg = self.config
        batch = self.memory.sample(cfg.batch_size, self.rng)
        obs = torch.from_numpy(batch.observations)
        next_obs = torch.from_numpy(batch.next_observations)
        actions = torch.from_numpy(batch.actions)
        with torch.no_grad():
            if self.target_net is None:
                next_q_target = next_q_online = self.q_net(next_obs)
            else:
                next_q_target = self.target_net(next_obs)
                next_q_online = self.q_net(next_obs) if cfg.double_dqn else None
            targets = dqn_targets(
                torch.from_numpy(batch.rewards),
                next_q_online,
                next_q_target,
                torch.from_numpy(batch.terminated),
                cfg.gamma,
                cfg.double_dqn,
            )
        q_taken = self.q_net(obs).gather(1, actions.unsqueeze(1)).squeeze(1)
        loss = td_loss(q_taken, targets, cfg.loss)
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            self._diverge("dqn_loss", f"The TD loss became {loss_value}", value=str(loss_value))
        q_size = float(q_taken.detach().abs().max())
        if not q_size <= Q_DIVERGENCE_LIMIT:
            limit = self.env.max_episode_steps
            self._diverge(
                "dqn_q_too_large",
                f"A Q-value reached {q_size:.3g} (no CartPole return exceeds {limit})",
                value=f"{q_size:.3g}",
                limit=limit,
            )
        self.optimizer.zero_grad()
        loss.backward()
        if cfg.max_grad_norm is not None:
            torch.nn.utils.clip_grad_norm_(self._params, cfg.max_grad_norm, foreach=True)
        self.optimizer.step()
        self.gradient_step_count += 1
        self._stats.loss_sum += loss_value
        self._stats.loss_count += 1
        if cfg.target_mode == "soft":
            with torch.no_grad():
                for target, param in zip(self._target_params, self._params, strict=True):
                    target.lerp_(param, cfg.tau)

    def _take_snapshot(self) -> _Snapshot:
        return _Snapshot(
            q_net={k: v.clone() for k, v in self.q_net.state_dict().items()},
            target_net=(
                {k: v.clone() for k, v in self.target_net.state_dict().items()}
                if self.target_net is not None
                else None
            ),
        )

    def _diverge(self, code: str, what: str, **params: Any) -> NoReturn:
        self.q_net.load_state_dict(self._snapshot.q_net)
        if self.target_net is not None and self._snapshot.target_net is not None:
            self.target_net.load_state_dict(self._snapshot.target_net)
        self.optimizer = self._new_optimizer()
        step, gradient_step, episode = (
            self.total_steps,
            self.gradient_step_count + 1,
            self.episodes,
        )
        self._stop_diverged(
            code,
            f"{what} at env step {step} (gradient step {gradient_step}); training stopped. "
            f"The network was restored to its state at the end of episode {episode}. "
            "Try a smaller learning rate, gradient clipping or the Huber loss.",
            **params,
            step=step,
            gradient_step=gradient_step,
            episode=episode,
        )
