"""Plumbing shared by the torch agents (DQN, REINFORCE) on CartPole.

This module imports torch; import it (and :mod:`playground.agents.dqn`,
:mod:`playground.agents.reinforce`) lazily, only where deep RL is used.

What lives here, so that each algorithm file reads top to bottom:

- :class:`MLP`, a fully connected ReLU network initialised from a seeded
  ``torch.Generator`` (never the global torch RNG, so two trainers running at
  the same time in one process cannot disturb each other's initialisation);
- :class:`NumpyForward`, a numpy view of an :class:`MLP`'s parameters for the
  single-observation forward passes of acting and evaluating (torch's per-call
  overhead is several times the cost of the arithmetic at this size);
- CartPole construction with the time limit applied by hand, greedy
  evaluation on fixed seeds, greedy playback with frames;
- weights to and from bytes, validated, loaded with ``weights_only=True``.

Threads: :func:`use_one_thread` calls ``torch.set_num_threads(1)``. That
setting is process-wide; it is what lets several users of one server share the
CPU fairly, and it also makes results independent of the machine's core count.
"""

from __future__ import annotations

import io
import math
import pickle
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar, NoReturn, TypeVar

import numpy as np
import torch
import torch.nn.functional as F
from numpy.typing import NDArray
from torch import nn

from playground.cartpole.env import CARTPOLE_VERSIONS, cartpole_version, make_cartpole
from playground.errors import CoreError

__all__ = [
    "MAX_PLAYBACK_FRAMES",
    "MAX_WEIGHTS_BYTES",
    "CartPole",
    "DeepConfig",
    "DeepTrainer",
    "EpisodeRecord",
    "EvalRecord",
    "GreedyEvaluator",
    "MLP",
    "NumpyForward",
    "Playback",
    "TrainingDiverged",
    "WEIGHTS_RECORD_ALLOWANCE",
    "WeightsError",
    "play_greedy_episode",
    "state_dict_from_bytes",
    "state_dict_to_bytes",
    "use_one_thread",
]

MAX_WEIGHTS_BYTES = 5 * 1024 * 1024
"""Largest weights file accepted (5 MiB; a 4-256-256-2 network is about 270 kB)."""

MAX_PLAYBACK_FRAMES = 500
"""Most frames a playback keeps (each CartPole frame is 600×400×3 bytes ≈ 0.7 MB)."""


class TrainingDiverged(CoreError, RuntimeError):
    """A loss became NaN or infinite; the trainer has restored its last good network.

    ``code`` names what diverged (``"dqn_loss"``, ``"dqn_q_too_large"``,
    ``"reinforce_loss"``, ``"reinforce_weights"``); ``params`` hold the value and where in
    training it happened. A trainer that diverged earlier raises it again with its code.
    """


WEIGHTS_RECORD_ALLOWANCE = 64 * 1024
"""Bytes a weights archive may unpack to beyond its tensors' data: the pickled index
(``data.pkl``, a few hundred bytes per tensor) and torch's small bookkeeping records."""

WEIGHTS_EXTRA_RECORDS = 16
"""Records a weights archive may hold beyond one per tensor (``torch.save`` writes six)."""


class WeightsError(ValueError):
    """An uploaded weights file cannot be used; the message says why, in plain words.

    ``reason`` names the problem for a page to explain in its own language (``"empty"``,
    ``"too_big"``, ``"not_torch"``, ``"too_many_records"``, ``"unpacks_too_big"``,
    ``"not_tensors"``,
    ``"damaged"``, ``"not_state_dict"``, ``"layers"``, ``"shape"``, ``"not_float"``,
    ``"not_finite"``); ``details`` holds the values its text needs. Names in ``details``
    come from the file: show them as text, never as markup.
    """

    def __init__(self, reason: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.reason = reason
        self.details = details


def use_one_thread() -> None:
    """Run torch on one intra-op thread (process-wide; see the module docstring)."""
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


# --------------------------------------------------------------------------- networks


class MLP(nn.Module):
    """Fully connected network ``sizes[0] → … → sizes[-1]`` with ReLU between layers.

    Parameters are drawn like ``nn.Linear``'s default, U(−1/√fan_in, 1/√fan_in)
    for weights and biases, but from ``generator`` so the draw is reproducible and
    private to its owner.

    Args:
        sizes: layer widths including input and output, e.g. ``(4, 128, 128, 2)``.
        generator: seeded ``torch.Generator`` used for the initial parameters.
    """

    def __init__(self, sizes: Sequence[int], generator: torch.Generator) -> None:
        super().__init__()
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError(f"sizes must be >= 2 positive widths, got {tuple(sizes)}")
        self.sizes = tuple(int(s) for s in sizes)
        layers: list[nn.Module] = []
        for i, (n_in, n_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            if i:
                layers.append(nn.ReLU())
            layers.append(nn.Linear(n_in, n_out))
        self.net = nn.Sequential(*layers)
        with torch.no_grad():
            for layer in self.linears():
                bound = 1.0 / math.sqrt(layer.in_features)
                nn.init.uniform_(layer.weight, -bound, bound, generator=generator)
                nn.init.uniform_(layer.bias, -bound, bound, generator=generator)

    def linears(self) -> list[nn.Linear]:
        """The linear layers, input to output."""
        return [m for m in self.net if isinstance(m, nn.Linear)]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Same result as self.net(x); calling F.linear directly skips the per-module
        # hook machinery, which costs more than the arithmetic at this size.
        layers = self.linears()
        for layer in layers[:-1]:
            x = F.relu(F.linear(x, layer.weight, layer.bias))
        last = layers[-1]
        return F.linear(x, last.weight, last.bias)

    def expected_shapes(self) -> dict[str, tuple[int, ...]]:
        """``state_dict`` key → tensor shape, used to validate uploaded weights."""
        return {k: tuple(v.shape) for k, v in self.state_dict().items()}

    def all_finite(self) -> bool:
        """True when no parameter is NaN or infinite."""
        return all(bool(torch.isfinite(p).all()) for p in self.parameters())


class NumpyForward:
    """Forward pass of an :class:`MLP` in numpy, on views that share the torch memory.

    ``param.detach().numpy()`` aliases the parameter storage, and the optimiser and
    ``load_state_dict`` update parameters in place, so the views always hold the
    current weights without copying. Used for acting and evaluating, where the
    network sees one observation (or a few) at a time.
    """

    def __init__(self, model: MLP) -> None:
        self._layers = [
            (layer.weight.detach().numpy().T, layer.bias.detach().numpy())
            for layer in model.linears()
        ]

    def __call__(self, obs: NDArray[np.float32]) -> NDArray[np.float32]:
        """Outputs for ``obs`` of shape ``(obs_dim,)`` or ``(n, obs_dim)``."""
        h = obs
        last = len(self._layers) - 1
        for i, (w_t, b) in enumerate(self._layers):
            h = h @ w_t + b
            if i != last:
                h = np.maximum(h, 0.0)
        return h


# --------------------------------------------------------------------------- environment


class CartPole:
    """Gymnasium's CartPole with the time limit applied here instead of by wrappers.

    ``gymnasium.make`` wraps CartPole in a passive checker, order enforcer and
    ``TimeLimit``; stepping the unwrapped env and counting steps ourselves gives
    the same transitions and the same ``terminated`` / ``truncated`` flags as
    ``TimeLimit`` (truncated once ``max_episode_steps`` steps are done, possibly
    together with terminated) at a fraction of the per-step cost.
    """

    def __init__(self, env_id: str, render_mode: str | None = None) -> None:
        wrapped = make_cartpole(env_id, render_mode)
        self.env_id = env_id
        self.wrapped = wrapped
        self.env = wrapped.unwrapped
        self.max_episode_steps = cartpole_version(env_id).max_steps
        self.obs_dim = int(wrapped.observation_space.shape[0])
        self.n_actions = int(wrapped.action_space.n)
        self.elapsed = 0

    def reset(self, seed: int | None = None) -> NDArray[np.float32]:
        obs, _ = self.env.reset(seed=seed)
        self.elapsed = 0
        return obs

    def step(self, action: int) -> tuple[NDArray[np.float32], float, bool, bool]:
        obs, reward, terminated, _, _ = self.env.step(action)
        self.elapsed += 1
        return obs, float(reward), bool(terminated), self.elapsed >= self.max_episode_steps

    def render(self) -> NDArray[np.uint8]:
        return self.env.render()

    def close(self) -> None:
        self.wrapped.close()


class DeepConfig:
    """What the deep agents' settings dataclasses share: checked when built, shown as a dict.

    A subclass has the fields ``env_id``, ``eval_every`` and ``eval_episodes`` and lists
    the checks of its own fields in :meth:`_own_checks`.
    """

    env_id: str
    eval_every: int
    eval_episodes: int

    def __post_init__(self) -> None:
        self.validate()

    def _own_checks(self) -> list[tuple[bool, str]]:  # pragma: no cover - abstract
        """(holds, what it requires) for each of the algorithm's own settings, in field order."""
        raise NotImplementedError

    def validate(self) -> None:
        """Raise ``ValueError`` naming the first setting out of range."""
        checks = [
            (self.env_id in CARTPOLE_VERSIONS, f"env_id must be one of {list(CARTPOLE_VERSIONS)}"),
            *self._own_checks(),
            (self.eval_every >= 0, "eval_every >= 0"),
            (self.eval_episodes >= 1, "eval_episodes >= 1"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"invalid {type(self).__name__}: {message}")

    def to_dict(self) -> dict:
        """Plain dict (for query parameters / display); tuples become lists."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class EpisodeRecord:
    """What every deep trainer reports about a finished episode; each algorithm's record
    (:class:`~playground.agents.dqn.DQNEpisodeRecord`,
    :class:`~playground.agents.reinforce.ReinforceEpisodeRecord`) adds its own figures."""

    episode: int
    """Episodes finished so far (1 for the first)."""
    episode_return: float
    """The environment's return (unshaped)."""
    length: int
    """Env steps of the episode."""
    terminated: bool
    """The pole fell or the cart left the track."""
    truncated: bool
    """The time limit ended the episode."""
    total_steps: int
    """Env steps since training started."""


_Record = TypeVar("_Record", bound=EpisodeRecord)


@dataclass(frozen=True)
class EvalRecord:
    """Result of one greedy evaluation (no exploration) on fixed seeds."""

    episode: int
    """Training episodes completed when the evaluation ran."""
    total_steps: int
    """Training env steps done when the evaluation ran."""
    returns: tuple[float, ...]
    """Return of each evaluation episode, in seed order."""
    mean_return: float
    """Mean of ``returns``."""
    solved: bool
    """``mean_return`` reached the env's threshold (475 on CartPole-v1, 195 on v0)."""
    train_seconds: float
    """Training wall time so far, evaluation excluded."""
    eval_seconds: float
    """Wall time of this evaluation."""


class GreedyEvaluator:
    """Greedy episodes on fixed seeds, all environments stepped together.

    One batched numpy forward pass per time step serves every episode still
    running. Evaluation draws no random numbers besides the env resets on its own
    seeds, so it never disturbs the training run's random streams.

    Args:
        env_id: CartPole id.
        n_episodes: number of evaluation episodes (one env each).
        seed: episode ``i`` starts from ``reset(seed=seed + i)``.
    """

    def __init__(self, env_id: str, n_episodes: int, seed: int) -> None:
        if n_episodes < 1:
            raise ValueError(f"n_episodes must be >= 1, got {n_episodes}")
        self.envs = [CartPole(env_id) for _ in range(n_episodes)]
        self.seeds = [seed + i for i in range(n_episodes)]
        self.threshold = float(cartpole_version(env_id).solved_at)

    def returns(self, forward: Callable[[NDArray[np.float32]], NDArray[np.float32]]) -> NDArray:
        """Return of each episode when acting ``argmax forward(obs)``."""
        n = len(self.envs)
        obs = np.stack([env.reset(seed=s) for env, s in zip(self.envs, self.seeds, strict=True)])
        totals = np.zeros(n)
        active = list(range(n))
        while active:
            actions = forward(obs[active]).argmax(axis=1)
            still = []
            for i, a in zip(active, actions.tolist(), strict=True):
                o, r, terminated, truncated = self.envs[i].step(a)
                totals[i] += r
                obs[i] = o
                if not (terminated or truncated):
                    still.append(i)
            active = still
        return totals


# --------------------------------------------------------------------------- playback


@dataclass
class Playback:
    """One greedy episode, recorded for display.

    Indices: ``observations[t]`` is s_t for t = 0 … length (the last is the final
    state), ``action_scores[t]`` the network's view of s_t, ``actions[t]`` the
    action taken in s_t (t < length). ``frames[i]`` shows state
    ``frame_steps[i]``; frames are kept for the first ``MAX_PLAYBACK_FRAMES``
    recorded states at most, so ``action_scores[frame_steps[i]]`` belongs under
    ``frames[i]``.
    """

    env_id: str
    seed: int
    score_kind: str
    """``"q"``: ``action_scores`` are Q(s, left), Q(s, right) (DQN);
    ``"pi"``: they are π(left|s), π(right|s) (REINFORCE)."""
    observations: NDArray[np.float32]
    action_scores: NDArray[np.float32]
    actions: NDArray[np.int64]
    rewards: NDArray[np.float32]
    frames: list[NDArray[np.uint8]] = field(repr=False)
    frame_steps: list[int]
    episode_return: float
    length: int
    terminated: bool
    truncated: bool


def play_greedy_episode(
    forward: Callable[[NDArray[np.float32]], NDArray[np.float32]],
    score: Callable[[NDArray[np.float32]], NDArray[np.float32]],
    score_kind: str,
    env_id: str,
    seed: int,
    max_frames: int = 200,
    frame_stride: int = 1,
    render: bool = True,
) -> Playback:
    """Play one greedy episode (``argmax forward(s)``) and record it.

    Args:
        forward: network outputs for a batch of observations; the greedy action is the argmax.
        score: what to show per state (Q-values, or action probabilities) for a batch.
        score_kind: ``"q"`` or ``"pi"``, stored in the result.
        env_id: CartPole id.
        seed: seed of the episode's reset.
        max_frames: frames to keep, capped at ``MAX_PLAYBACK_FRAMES``.
        frame_stride: keep every ``frame_stride``-th state's frame (1 = all).
        render: False skips rendering (no frames), e.g. for tests without a display.
    """
    if frame_stride < 1:
        raise ValueError(f"frame_stride must be >= 1, got {frame_stride}")
    max_frames = max(0, min(int(max_frames), MAX_PLAYBACK_FRAMES))
    env = CartPole(env_id, render_mode="rgb_array" if render else None)
    try:
        obs = env.reset(seed=seed)
        observations = [obs]
        actions: list[int] = []
        rewards: list[float] = []
        frames: list[NDArray[np.uint8]] = []
        frame_steps: list[int] = []
        terminated = truncated = False
        t = 0
        while True:
            if render and t % frame_stride == 0 and len(frames) < max_frames:
                frames.append(np.asarray(env.render(), dtype=np.uint8))
                frame_steps.append(t)
            if terminated or truncated:
                break
            action = int(forward(obs[None, :])[0].argmax())
            obs, reward, terminated, truncated = env.step(action)
            observations.append(obs)
            actions.append(action)
            rewards.append(reward)
            t += 1
        obs_arr = np.asarray(observations, dtype=np.float32)
        return Playback(
            env_id=env_id,
            seed=seed,
            score_kind=score_kind,
            observations=obs_arr,
            action_scores=np.asarray(score(obs_arr), dtype=np.float32),
            actions=np.asarray(actions, dtype=np.int64),
            rewards=np.asarray(rewards, dtype=np.float32),
            frames=frames,
            frame_steps=frame_steps,
            episode_return=float(sum(rewards)),
            length=t,
            terminated=terminated,
            truncated=truncated,
        )
    finally:
        env.close()


# --------------------------------------------------------------------------- weights


def state_dict_to_bytes(model: nn.Module) -> bytes:
    """Serialise ``model.state_dict()`` with ``torch.save`` (loadable with ``weights_only=True``)."""
    buffer = io.BytesIO()
    torch.save({k: v.detach().clone() for k, v in model.state_dict().items()}, buffer)
    return buffer.getvalue()


def _check_archive(data: bytes, expected_shapes: Mapping[str, tuple[int, ...]]) -> None:
    """Refuse, from the zip's directory alone, a file that would unpack to more than the
    receiving network can hold.

    ``torch.load`` inflates every record it reads, and it trusts the sizes the archive
    declares: a few MB of deflated zeros can declare gigabytes, all allocated before any
    shape is checked. ``torch.save`` writes its records uncompressed, so a real weights
    file unpacks to about its own size; the budget here is the network's tensors at 8
    bytes a value (float64 is accepted and converted) plus
    :data:`WEIGHTS_RECORD_ALLOWANCE`. Nothing is inflated to find this out.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            records = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        if data.startswith(b"PK\x03\x04"):  # a zip's first record, but no readable end
            raise WeightsError(
                "damaged", "The file is damaged or truncated: its records cannot be read."
            ) from None
        raise WeightsError(
            "not_torch",
            "This is not a PyTorch weights file. A good one is a state_dict saved with "
            "torch.save(model.state_dict(), path), such as the page's own download.",
        ) from None
    elements = sum(math.prod(shape) for shape in expected_shapes.values())
    budget = 8 * elements + WEIGHTS_RECORD_ALLOWANCE
    unpacked = sum(record.file_size for record in records)
    most_records = len(expected_shapes) + WEIGHTS_EXTRA_RECORDS
    if len(records) > most_records:
        raise WeightsError(
            "too_many_records",
            f"The file holds {len(records):,} records; weights for this network take at "
            f"most {most_records}. It is not this network's weights.",
            records=len(records),
            limit=most_records,
        )
    if unpacked > budget:
        raise WeightsError(
            "unpacks_too_big",
            f"The file unpacks to {unpacked:,} bytes; weights for this network take at most "
            f"{budget:,} bytes. It is not this network's weights.",
            unpacked=unpacked,
            budget=budget,
        )


def state_dict_from_bytes(
    data: bytes, expected_shapes: Mapping[str, tuple[int, ...]]
) -> dict[str, torch.Tensor]:
    """Read and validate a ``state_dict`` file; never unpickles arbitrary objects.

    ``torch.load(..., weights_only=True)`` only rebuilds tensors and plain
    containers, so a crafted file cannot run code. Before it runs, the archive's
    declared sizes are checked against the network (:func:`_check_archive`), so a
    small file cannot unpack to gigabytes.

    Args:
        data: the file's bytes.
        expected_shapes: key → shape the receiving network needs.

    Raises:
        WeightsError: empty, oversized, not a torch file, unpacking to more than the
            network holds, holding objects other than tensors, truncated, not a mapping
            of tensors, wrong keys, wrong shapes, or non-finite values. The message is
            our own: nothing of torch's error text (which suggests ``weights_only=False``,
            advice never to follow for a file from the internet) is passed on.
    """
    if not data:
        raise WeightsError("empty", "The file is empty.")
    if len(data) > MAX_WEIGHTS_BYTES:
        raise WeightsError(
            "too_big",
            f"The file is {len(data) / 1e6:.1f} MB; weights files are limited to "
            f"{MAX_WEIGHTS_BYTES / 1e6:.1f} MB.",
            size=len(data),
            limit=MAX_WEIGHTS_BYTES,
        )
    _check_archive(data, expected_shapes)
    try:
        with warnings.catch_warnings():
            # A foreign pickle makes torch warn before refusing it; the refusal is what counts.
            warnings.simplefilter("ignore", UserWarning)
            loaded: Any = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
    except pickle.UnpicklingError:
        raise WeightsError(
            "not_tensors",
            "The file holds something other than plain tensors (a pickled class or "
            "function, or a damaged index); it is refused unread, since only a state_dict "
            "of tensors is accepted and nothing in an uploaded file is ever run.",
        ) from None
    except Exception:  # torch raises several types for corrupt input
        raise WeightsError(
            "damaged", "The file is damaged or truncated: its records cannot be read."
        ) from None
    if not isinstance(loaded, Mapping) or not all(
        isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in loaded.items()
    ):
        raise WeightsError(
            "not_state_dict", "The file does not hold a state_dict (a mapping of names to tensors)."
        )
    missing = sorted(set(expected_shapes) - set(loaded))
    unexpected = sorted(set(loaded) - set(expected_shapes))
    if missing or unexpected:
        raise WeightsError(
            "layers",
            "The file's layers do not match this network"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unexpected: {', '.join(unexpected)}" if unexpected else "")
            + ". Check the number of hidden layers.",
            missing=missing,
            unexpected=unexpected,
        )
    for key, shape in expected_shapes.items():
        got = tuple(loaded[key].shape)
        if got != tuple(shape):
            raise WeightsError(
                "shape",
                f"Layer {key} has shape {got} in the file but this network needs "
                f"{tuple(shape)}. Check the hidden layer sizes and the environment.",
                key=key,
                got=got,
                need=tuple(shape),
            )
        if not loaded[key].is_floating_point():
            raise WeightsError("not_float", f"Layer {key} is not a floating-point tensor.", key=key)
        if not bool(torch.isfinite(loaded[key]).all()):
            raise WeightsError(
                "not_finite", f"Layer {key} contains NaN or infinite values.", key=key
            )
    return {k: loaded[k].to(torch.float32) for k in expected_shapes}


class Stopwatch:
    """Accumulates the wall time between :meth:`start` and :meth:`stop` calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._t0: float | None = None

    def start(self) -> None:
        self._t0 = time.perf_counter()

    def stop(self) -> None:
        if self._t0 is not None:
            self.seconds += time.perf_counter() - self._t0
            self._t0 = None

    @property
    def elapsed(self) -> float:
        """Accumulated seconds, including the interval running now (if any)."""
        running = time.perf_counter() - self._t0 if self._t0 is not None else 0.0
        return self.seconds + running


class DeepTrainer:
    """What :class:`~playground.agents.dqn.DQNTrainer` and
    :class:`~playground.agents.reinforce.ReinforceTrainer` share: seeded generators,
    the env, counters, clocks, the resumable training loop, greedy evaluation and the
    optimiser.

    A subclass builds its network after ``super().__init__`` with :meth:`_build_network`
    (which sets ``network``, ``_params``, the parameters the optimiser updates, and
    ``_greedy``, the numpy forward whose argmax is the greedy action), then sets
    ``self.optimizer`` and ``self._snapshot``; it implements ``_take_snapshot``.

    Args:
        config: the run's settings; reads ``seed``, ``env_id``, ``eval_every``,
            ``eval_episodes``, ``eval_seed`` and ``learning_rate``.
    """

    _params: list[torch.Tensor]
    _greedy: Callable[[NDArray[np.float32]], NDArray[np.float32]]
    network: MLP
    """The network whose weights are saved, loaded and played (DQN: the online network)."""
    playback_kind: ClassVar[str]
    """What playback shows per state: ``"q"`` (Q-values) or ``"pi"`` (action probabilities)."""

    def __init__(self, config: Any) -> None:
        use_one_thread()
        self.config = config
        self.rng = np.random.default_rng(config.seed)
        self.torch_generator = torch.Generator().manual_seed(config.seed)
        self.env = CartPole(config.env_id)
        self.evaluator = (
            GreedyEvaluator(config.env_id, config.eval_episodes, config.eval_seed)
            if config.eval_every
            else None
        )
        self.total_steps = 0
        self.episodes = 0
        self.train_clock = Stopwatch()
        self.eval_clock = Stopwatch()
        self.last_eval: EvalRecord | None = None
        self.diverged_message: str | None = None
        self._divergence: tuple[str, dict[str, Any]] | None = None
        self._eval_due = False

    def _build_network(self, hidden_sizes: Sequence[int]) -> MLP:
        """The trainer's network: observation → ``hidden_sizes`` → one output per action,
        initialised from the trainer's torch generator. It becomes :attr:`network` (saved,
        loaded, played), its parameters ``_params`` and its numpy forward ``_greedy``."""
        net = MLP((self.env.obs_dim, *hidden_sizes, self.env.n_actions), self.torch_generator)
        self.network = net
        # Cached: Module.parameters() walks the module tree on every call.
        self._params = list(net.parameters())
        self._greedy = NumpyForward(net)
        return net

    def evaluate(self) -> EvalRecord:
        """Greedy evaluation (argmax of the network's outputs: Q for DQN, π for REINFORCE)
        on the fixed evaluation seeds (timed separately)."""
        cfg = self.config
        if self.evaluator is None:
            self.evaluator = GreedyEvaluator(cfg.env_id, cfg.eval_episodes, cfg.eval_seed)
        t0 = self.eval_clock.seconds
        self.eval_clock.start()
        returns = self.evaluator.returns(self._greedy)
        self.eval_clock.stop()
        mean = float(returns.mean())
        self.last_eval = EvalRecord(
            episode=self.episodes,
            total_steps=self.total_steps,
            returns=tuple(float(r) for r in returns),
            mean_return=mean,
            solved=mean >= self.evaluator.threshold,
            train_seconds=self.train_clock.elapsed,
            eval_seconds=self.eval_clock.seconds - t0,
        )
        return self.last_eval

    def _episode_record(
        self,
        record_type: type[_Record],
        episode_return: float,
        length: int,
        terminated: bool,
        truncated: bool,
        **figures: Any,
    ) -> _Record:
        """The record of the episode just finished: the counters every trainer keeps, then
        ``figures``, the algorithm's own fields of ``record_type``."""
        return record_type(
            episode=self.episodes,
            episode_return=episode_return,
            length=length,
            terminated=terminated,
            truncated=truncated,
            total_steps=self.total_steps,
            **figures,
        )

    def _stop_diverged(self, code: str, message: str, **params: Any) -> NoReturn:
        """Stop training for good (the caller has restored the last good network)."""
        self.diverged_message = message
        self._divergence = (code, params)
        self._raise_diverged()

    def _raise_diverged(self) -> NoReturn:
        code, params = self._divergence or ("diverged", {})
        raise TrainingDiverged(code, self.diverged_message or "training diverged", **params)

    @property
    def train_seconds(self) -> float:
        """Training wall time so far, evaluation excluded."""
        return self.train_clock.elapsed

    def _training_loop(
        self, limit: int | None, count: Callable[[], int], advance: Callable[[], Any]
    ) -> Iterator[Any]:
        """Call ``advance`` until ``count()`` reaches ``limit``, yielding what it returns
        (``None`` is skipped) and an evaluation each time ``count()`` hits a multiple of
        ``eval_every``; only the time spent inside counts as training time."""
        if self.diverged_message is not None:
            self._raise_diverged()
        clock = self.train_clock
        clock.start()
        try:
            while True:
                # The pending-evaluation flag lives on self, so a generator closed right
                # after a record still leaves the due evaluation to the next run().
                if self._eval_due:
                    self._eval_due = False
                    clock.stop()
                    yield self.evaluate()
                    clock.start()
                if limit is not None and count() >= limit:
                    break
                record = advance()
                # Read each time: settings applied to a paused run may change it.
                every = self.config.eval_every
                self._eval_due = bool(every) and count() % every == 0
                if record is not None:
                    clock.stop()
                    yield record
                    clock.start()
        finally:
            clock.stop()

    def _new_optimizer(self) -> torch.optim.Adam:
        # fused Adam: one kernel for all parameters instead of a loop over them.
        return torch.optim.Adam(self._params, lr=self.config.learning_rate, fused=True)

    def _take_snapshot(self) -> Any:
        raise NotImplementedError

    def play_greedy(
        self, seed: int = 0, max_frames: int = 200, frame_stride: int = 1, render: bool = True
    ) -> Playback:
        """One greedy episode (argmax of the network) with frames and, for every state, the
        values playback shows (Q(s, ·) for DQN, π(·|s) for REINFORCE)."""
        return play_greedy_episode(
            self._greedy,
            self._playback_values,
            self.playback_kind,
            self.config.env_id,
            seed,
            max_frames=max_frames,
            frame_stride=frame_stride,
            render=render,
        )

    def weights_bytes(self) -> bytes:
        """The network's ``state_dict`` as a ``torch.save`` file."""
        return state_dict_to_bytes(self.network)

    def load_weights(self, data: bytes) -> None:
        """Load validated weights; training can continue from them (the optimiser restarts).

        Raises:
            WeightsError: the file is unusable; the message says why.
        """
        self._load_state(state_dict_from_bytes(data, self.network.expected_shapes()))
        self._weights_loaded()

    def _playback_values(self, observations: NDArray[np.float32]) -> NDArray[np.float32]:
        raise NotImplementedError

    def _load_state(self, state: dict[str, torch.Tensor]) -> None:
        self.network.load_state_dict(state)

    def _weights_loaded(self) -> None:
        """After new weights: a fresh optimiser, no divergence, a new last good copy."""
        self.optimizer = self._new_optimizer()
        self.diverged_message = None
        self._divergence = None
        self._snapshot = self._take_snapshot()
