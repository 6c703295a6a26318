"""REINFORCE (Monte-Carlo policy gradient) on CartPole, in torch: the notes' last chapter.

A policy network maps a state to action probabilities π(·|s) (softmax output).
After each episode the discounted returns G_t are computed
(:func:`playground.concepts.discounted_returns`), optionally centred by a
running-mean baseline and normalised (:func:`advantages`), and one Adam step
minimises :func:`reinforce_loss`

    L = −Σ_t log π(a_t|s_t) · (G_t − b) − c · Σ_t H(π(·|s_t)).

Acting uses a numpy copy-free view of the weights (torch's per-call overhead
dominates single-state forward passes); the loss is computed afterwards in one
batched torch forward pass over the whole episode with the same weights, which
gives the same gradient as building the graph step by step.

This module imports torch. Import it lazily::

    from playground.agents.reinforce import ReinforceTrainer, fast_preset

    trainer = ReinforceTrainer(fast_preset())
    for record in trainer.run(max_episodes=300):
        ...
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NoReturn

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import ArrayLike, NDArray

from playground.agents.deep_common import (
    DeepConfig,
    DeepTrainer,
    EpisodeRecord,
    EvalRecord,
)
from playground.concepts import discounted_returns, normalise

__all__ = [
    "ReinforceConfig",
    "ReinforceEpisodeRecord",
    "ReinforceTrainer",
    "advantages",
    "fast_preset",
    "notes_preset",
    "reinforce_loss",
]

MAX_HIDDEN_WIDTH = 512
"""Widest hidden layer a config may ask for."""


@dataclass(frozen=True)
class ReinforceConfig(DeepConfig):
    """Settings of one REINFORCE run (one hidden layer, as in the notes: 4-128-2)."""

    env_id: str = "CartPole-v1"
    """Gymnasium id: ``"CartPole-v1"`` (500 steps, solved at 475) or ``"CartPole-v0"`` (200, 195)."""
    hidden_size: int = 128
    """Width of the hidden layer."""
    learning_rate: float = 1e-2
    """Adam step size."""
    gamma: float = 0.99
    """Discount factor γ of the returns G_t."""
    normalise_returns: bool = True
    """Standardise each episode's (G_t − b) to mean 0, std 1 before the update."""
    baseline: bool = False
    """Subtract b, a running mean of past episodes' returns, from G_t. With normalisation
    on, subtracting a constant changes nothing (normalising re-centres), so the
    baseline matters when normalisation is off."""
    baseline_rate: float = 0.05
    """Running-mean rate: b ← b + rate · (mean_t G_t − b) after each episode (b starts at
    the first episode's mean_t G_t; the first episode itself uses b = 0)."""
    entropy_coef: float = 0.0
    """Entropy bonus c: the loss subtracts c · Σ_t H(π(·|s_t)) to keep exploring."""
    eval_every: int = 10
    """Episodes between greedy evaluations (0 disables them)."""
    eval_episodes: int = 20
    """Episodes per greedy evaluation."""
    eval_seed: int = 10_000
    """Evaluation episode i resets with seed ``eval_seed + i``."""
    seed: int = 0
    """Seeds the env, action sampling and network initialisation."""

    def _own_checks(self) -> list[tuple[bool, str]]:
        return [
            (1 <= self.hidden_size <= MAX_HIDDEN_WIDTH, f"hidden_size in [1, {MAX_HIDDEN_WIDTH}]"),
            (0 < self.learning_rate < math.inf, "learning_rate must be > 0"),
            (0.0 <= self.gamma <= 1.0, "gamma in [0, 1]"),
            (0.0 < self.baseline_rate <= 1.0, "baseline_rate in (0, 1]"),
            (0.0 <= self.entropy_coef < math.inf, "entropy_coef >= 0"),
        ]


def notes_preset(seed: int = 0) -> ReinforceConfig:
    """The notes' settings: 4-128-2, Adam 1e-4, γ 0.9, normalised returns, no baseline."""
    return ReinforceConfig(hidden_size=128, learning_rate=1e-4, gamma=0.9, seed=seed)


def fast_preset(seed: int = 0) -> ReinforceConfig:
    """Tuned to solve CartPole-v1 in few episodes (the benchmark's settings): a narrower
    network than the notes' and a 100x larger learning rate, with a small entropy bonus
    so the policy does not collapse onto one action before it has learnt to balance."""
    return ReinforceConfig(
        hidden_size=64,
        learning_rate=1e-2,
        gamma=0.99,
        normalise_returns=True,
        baseline=False,
        entropy_coef=0.01,
        seed=seed,
    )


# --------------------------------------------------------------------------- update rule


def advantages(
    returns: ArrayLike, baseline: float | None, normalise_returns: bool
) -> NDArray[np.float64]:
    r"""The weights of :math:`\log\pi(a_t|s_t)` in the loss.

    .. math:: A_t = G_t - b, \qquad
              \hat A_t = \frac{A_t - \operatorname{mean}(A)}{\operatorname{std}(A) + 10^{-8}}
              \ \text{(if normalising)}

    Args:
        returns: G_t of one episode.
        baseline: b, or ``None`` for no baseline (b = 0).
        normalise_returns: standardise with :func:`playground.concepts.normalise`.
    """
    a = np.asarray(returns, dtype=np.float64)
    if baseline is not None:
        a = a - baseline
    return normalise(a) if normalise_returns else a


def reinforce_loss(
    log_probs_taken: torch.Tensor,
    weights: torch.Tensor,
    entropies: torch.Tensor,
    entropy_coef: float,
) -> torch.Tensor:
    r"""REINFORCE loss of one episode (its gradient is minus the policy gradient estimate).

    .. math:: L(\theta) = -\sum_t \log\pi_\theta(a_t|s_t)\,A_t \;-\; c \sum_t H(\pi_\theta(\cdot|s_t))

    Args:
        log_probs_taken: ``(T,)`` log π(a_t|s_t), with gradient.
        weights: ``(T,)`` A_t from :func:`advantages` (no gradient).
        entropies: ``(T,)`` H(π(·|s_t)) = −Σ_a π log π, with gradient.
        entropy_coef: c ≥ 0.
    """
    loss = -(log_probs_taken * weights).sum()
    if entropy_coef:
        loss = loss - entropy_coef * entropies.sum()
    return loss


def softmax_np(logits: NDArray[np.float32]) -> NDArray[np.float32]:
    """Row-wise softmax in numpy (shifted by the max so large logits do not overflow)."""
    z = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------------- training


@dataclass(frozen=True)
class ReinforceEpisodeRecord(EpisodeRecord):
    """What one finished training episode (and its update) reports."""

    loss: float
    """The episode's REINFORCE loss (before the update)."""
    entropy: float
    """Mean policy entropy H(π(·|s_t)) over the episode's states, in nats (ln 2 ≈ 0.693 = uniform)."""
    baseline: float
    """b used for this episode (0 when the baseline is off)."""
    train_seconds: float
    """Training wall time so far, evaluation excluded."""


class ReinforceTrainer(DeepTrainer):
    """A REINFORCE agent, its environment and its training state; train with :meth:`run`.

    All state lives on the object: :meth:`run` can be stopped after any record and
    called again, with the same results as an uninterrupted run. Randomness comes
    from a ``numpy.random.Generator`` (action sampling) and a ``torch.Generator``
    (initial weights) owned by the trainer, both seeded with ``config.seed``, and the
    env seeded on its first reset; same seed and settings → identical records on CPU.
    """

    playback_kind = "pi"

    config: ReinforceConfig

    def __init__(self, config: ReinforceConfig | None = None) -> None:
        super().__init__(config or ReinforceConfig())
        config = self.config
        self.policy_net = self._build_network((config.hidden_size,))
        self.optimizer = self._new_optimizer()
        self.logits = self._greedy
        self.baseline_value = 0.0
        self._snapshot = self._take_snapshot()

    # ------------------------------------------------------------------ public API

    def run(self, max_episodes: int | None = None) -> Iterator[ReinforceEpisodeRecord | EvalRecord]:
        """Train, yielding a :class:`ReinforceEpisodeRecord` after each episode's update
        and an :class:`~playground.agents.deep_common.EvalRecord` every ``eval_every`` episodes.

        Args:
            max_episodes: stop once ``episodes`` reaches this (absolute count);
                ``None`` = no limit.

        Raises:
            TrainingDiverged: the loss or the weights became NaN or infinite; the network is
                restored to the last good copy and later calls raise again.
        """
        yield from self._training_loop(max_episodes, lambda: self.episodes, self._episode)

    def action_probabilities(self, observations: NDArray[np.float32]) -> NDArray[np.float32]:
        """π(·|s) for a batch of observations ``(n, obs_dim)``."""
        return softmax_np(self.logits(np.asarray(observations, dtype=np.float32)))

    def _playback_values(self, observations: NDArray[np.float32]) -> NDArray[np.float32]:
        return self.action_probabilities(observations)

    # ------------------------------------------------------------------ internals

    def _episode(self) -> ReinforceEpisodeRecord:
        """Roll out one episode with the current policy, then take one gradient step."""
        cfg = self.config
        env, rng, logits_of = self.env, self.rng, self.logits
        obs = env.reset(seed=cfg.seed if self.episodes == 0 else None)
        observations: list[NDArray[np.float32]] = []
        actions: list[int] = []
        rewards: list[float] = []
        last_action = env.n_actions - 1
        while True:
            logits = logits_of(obs)
            cumulative = np.cumsum(softmax_np(logits))
            # Inverse-CDF sampling with the trainer's own generator.
            u = rng.random() * cumulative[-1]
            action = min(int(np.searchsorted(cumulative, u, side="right")), last_action)
            observations.append(obs)
            actions.append(action)
            obs, reward, terminated, truncated = env.step(action)
            rewards.append(reward)
            if terminated or truncated:
                break
        self.total_steps += len(rewards)
        self.episodes += 1

        returns = discounted_returns(rewards, cfg.gamma)
        baseline = self.baseline_value if cfg.baseline else None
        weights = advantages(returns, baseline, cfg.normalise_returns)

        obs_t = torch.from_numpy(np.asarray(observations, dtype=np.float32))
        log_pi = F.log_softmax(self.policy_net(obs_t), dim=1)
        log_probs_taken = log_pi.gather(1, torch.tensor(actions).unsqueeze(1)).squeeze(1)
        entropies = -(log_pi.exp() * log_pi).sum(dim=1)
        loss = reinforce_loss(
            log_probs_taken,
            torch.from_numpy(weights.astype(np.float32)),
            entropies,
            cfg.entropy_coef,
        )
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            self._diverge("reinforce_loss", f"The loss became {loss_value}", value=str(loss_value))
        self.optimizer.zero_grad()
        loss.backward()
        self.optimizer.step()
        if not self.policy_net.all_finite():
            self._diverge("reinforce_weights", "The weights became NaN or infinite")
        self._snapshot = self._take_snapshot()

        used_baseline = self.baseline_value if cfg.baseline else 0.0
        if self.episodes == 1:
            # Start the running mean at the first episode instead of dragging it up from 0.
            self.baseline_value = float(returns.mean())
        else:
            self.baseline_value += cfg.baseline_rate * (float(returns.mean()) - self.baseline_value)
        return self._episode_record(
            ReinforceEpisodeRecord,
            float(sum(rewards)),
            len(rewards),
            terminated,
            truncated,
            loss=loss_value,
            entropy=float(entropies.detach().mean()),
            baseline=used_baseline,
            train_seconds=self.train_clock.elapsed,
        )

    def _take_snapshot(self) -> dict[str, torch.Tensor]:
        return {k: v.clone() for k, v in self.policy_net.state_dict().items()}

    def _diverge(self, code: str, what: str, **params: Any) -> NoReturn:
        self.policy_net.load_state_dict(self._snapshot)
        self.optimizer = self._new_optimizer()
        self._stop_diverged(
            code,
            f"{what} at episode {self.episodes}; training stopped. The network was "
            "restored to its state before that episode's update. Try a smaller learning rate.",
            **params,
            episode=self.episodes,
        )
