"""K seeds of one DQN configuration trained together, as one batched network.

Each seed is the DQN of :class:`~playground.agents.dqn.DQNTrainer`, step for step: its
own network initialised from its seed, its own target network, replay memory, random
stream (ε tests, random actions, replay sampling), CartPole, ε schedule, greedy
evaluations and solved check, with the same hyperparameters and the same update (TD
targets of :func:`~playground.agents.dqn.dqn_targets`, Huber or square loss, gradient
clipping by each seed's own global norm, Adam, hard or soft target updates).

What is shared is the arithmetic's vehicle, not the numbers:

- the K networks are stacked: a layer's weights are one ``(K, out, in)`` tensor and a
  forward pass is one ``torch.baddbmm`` per layer; the loss is the sum of the K seeds'
  mean losses, whose gradient with respect to seed k's weights is seed k's own gradient;
  Adam's state is stacked too, and its fused step runs on each seed's slices;
- acting and greedy evaluation run the same stacked weights in NumPy (``np.matmul`` over
  the seed axis), and the K CartPoles are one :class:`~playground.cartpole.vector.CartPoleBatch`;
- all seeds step in lockstep (one env step each per tick), so their step counters, and
  hence their learning and evaluation times, coincide.

A seed that is done (solved with ``stop_when_solved``, its episode budget spent, or
diverged) leaves the batch: the stacked tensors, optimiser state and env rows are cut to
the seeds still running, so a finished seed costs nothing more.

Same numbers as the single trainer: per slice, ``baddbmm`` and ``np.matmul`` call the same
kernels as ``F.linear`` and the single trainer's NumPy forward, and every other step is
element-wise or per seed; ``tests/test_dqn_batched.py`` checks that a seed's records are
bit for bit those of :class:`~playground.agents.dqn.DQNTrainer` on the same seed, alone or
in a batch, and whatever the other seeds are. Two steps are done per seed for that: the
gradient clip's norm and the fused Adam step (on a stacked tensor both round elsewhere
now and then, and a long run amplifies one bit: replicate 0 of a Lab batch of five, which
parted from its run alone at gradient step 6, now matches it through its solve at env
step 20,000, with and without the clip). Replicate 5 of that experiment, once thought to
part, solves in its batch at episode 1,345 after 80,802 env steps, as alone. A
batch's results depend only on its seeds, so an experiment's numbers are the same on every
executor.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch.optim.adam import adam

from playground.agents.deep_common import MLP, use_one_thread
from playground.agents.dqn import Q_DIVERGENCE_LIMIT, DQNConfig, epsilon_at
from playground.cartpole.env import cartpole_version
from playground.cartpole.vector import CartPoleBatch

__all__ = ["BatchedDQN", "SeedRun"]

OBS_DIM, N_ACTIONS = 4, 2


@dataclass
class SeedRun:
    """What one seed of the batch produced (the Lab's job records)."""

    seed: int
    returns: list[float] = field(default_factory=list)
    """Environment return of each finished training episode."""
    lengths: list[int] = field(default_factory=list)
    evals: list[tuple[int, float]] = field(default_factory=list)
    """(episodes done, mean greedy return) of each evaluation."""
    solved_episode: int | None = None
    """Episodes done when a greedy evaluation first reached the threshold."""
    error: str | None = None
    """Why the seed stopped early (divergence), or None: the single trainer's
    ``TrainingDiverged`` as ``"TrainingDiverged: <message>"``."""
    error_code: str | None = None
    """That error's code (``"dqn_loss"``, ``"dqn_q_too_large"``)."""
    error_params: dict = field(default_factory=dict)
    """Its parameters, as the single trainer gives them."""
    seconds: float = 0.0
    """Wall time from the batch's start until this seed was done."""
    done: bool = False


class _StackedReplay:
    """One replay memory per seed (a :class:`~playground.agents.replay.ReplayMemory` each,
    same ring buffer, same sampling) held as stacked arrays, so a tick's K pushes and a
    gradient step's K mini-batches are one indexing operation each. The seeds push in
    lockstep, so their memories always hold the same number of transitions."""

    def __init__(self, k: int, capacity: int) -> None:
        self.capacity = capacity
        self.observations = np.zeros((k, capacity, OBS_DIM), dtype=np.float32)
        self.actions = np.zeros((k, capacity), dtype=np.int64)
        self.rewards = np.zeros((k, capacity), dtype=np.float32)
        self.next_observations = np.zeros((k, capacity, OBS_DIM), dtype=np.float32)
        self.terminated = np.zeros((k, capacity), dtype=np.bool_)
        self.size = 0
        self._next = 0

    def push(self, seeds, obs, actions, rewards, next_obs, terminated) -> None:  # noqa: ANN001
        """Seed ``seeds[j]`` stores (obs[j], actions[j], rewards[j], next_obs[j], terminated[j])."""
        i = self._next
        self.observations[seeds, i] = obs
        self.actions[seeds, i] = actions
        self.rewards[seeds, i] = rewards
        self.next_observations[seeds, i] = next_obs
        self.terminated[seeds, i] = terminated
        self._next = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, seeds: list[int], batch_size: int, rngs: list[np.random.Generator]):  # noqa: ANN201
        """Each seed's mini-batch, drawn as ``ReplayMemory.sample`` draws it from its own
        generator: (obs, actions, rewards, next obs, terminated), each ``(len(seeds), B, …)``."""
        idx = np.stack([rngs[k].choice(self.size, size=batch_size, replace=False) for k in seeds])
        rows = np.asarray(seeds)[:, None]
        return (
            self.observations[rows, idx],
            self.actions[rows, idx],
            self.rewards[rows, idx],
            self.next_observations[rows, idx],
            self.terminated[rows, idx],
        )


def _forward(params: Sequence[torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    """Stacked MLP: ``params`` = [W₀, b₀, W₁, b₁, …] with W ``(K, out, in)``, x ``(K, B, in)``."""
    last = len(params) // 2 - 1
    for i in range(last + 1):
        weight, bias = params[2 * i], params[2 * i + 1]
        x = torch.baddbmm(bias.unsqueeze(1), x, weight.transpose(1, 2))
        if i != last:
            x = F.relu(x)
    return x


class BatchedDQN:
    """Train the seeds ``configs`` (equal but for ``seed``) together; see the module docstring.

    Args:
        configs: one :class:`DQNConfig` per seed, identical apart from ``seed``.
        episodes: a seed stops after this many training episodes.
        stop_when_solved: a seed stops at its first solved greedy evaluation.
    """

    def __init__(
        self, configs: Sequence[DQNConfig], episodes: int, stop_when_solved: bool = False
    ) -> None:
        if not configs:
            raise ValueError("a batch needs at least one seed")
        base = dataclasses.replace(configs[0], seed=0)
        if any(dataclasses.replace(c, seed=0) != base for c in configs):
            raise ValueError("the seeds of a batch must share every setting but the seed")
        use_one_thread()
        self.config = cfg = configs[0]
        self.episodes = int(episodes)
        self.stop_when_solved = stop_when_solved
        self.runs = [SeedRun(c.seed) for c in configs]
        k = len(configs)
        sizes = (OBS_DIM, *cfg.hidden_sizes, N_ACTIONS)
        nets = [MLP(sizes, torch.Generator().manual_seed(c.seed)) for c in configs]
        self.params = [
            torch.stack([p.detach() for p in ps]).requires_grad_()
            for ps in zip(*(list(n.parameters()) for n in nets), strict=True)
        ]
        self.target = (
            [p.detach().clone() for p in self.params] if cfg.target_mode != "none" else None
        )
        self.optimizer = torch.optim.Adam(self.params, lr=cfg.learning_rate, fused=True)
        self.rngs = [np.random.default_rng(c.seed) for c in configs]
        self.memory = _StackedReplay(k, cfg.replay_capacity)
        self.env = CartPoleBatch(cfg.env_id, k)
        self.alive = list(range(k))
        """Seeds still training, in batch order; slot j of the stacked tensors is seed alive[j]."""
        self.total_steps = 0
        self.gradient_steps = 0
        self.episode_count = [0] * k
        self._obs = np.zeros((k, OBS_DIM), dtype=np.float32)
        self._started = [False] * k
        self._ret = np.zeros(k)
        self._len = np.zeros(k, dtype=np.int64)
        self._threshold = float(cartpole_version(cfg.env_id).solved_at)
        starts = CartPoleBatch(cfg.env_id, cfg.eval_episodes)
        everyone = np.arange(cfg.eval_episodes)
        starts.reset(everyone, [cfg.eval_seed + i for i in everyone.tolist()])
        self._eval_starts = starts.state.copy()  # reset(seed=eval_seed + i) of each episode
        self._numpy_views()
        self._clock = time.perf_counter()

    # ------------------------------------------------------------------ public API

    def run(self) -> list[SeedRun]:
        """Train until every seed is done; each seed's records, in batch order."""
        while self.alive:
            self._tick()
        return self.runs

    # ------------------------------------------------------------------ internals

    def _numpy_views(self) -> None:
        """NumPy views of the stacked weights (shared memory: always current)."""
        arrays = [p.detach().numpy() for p in self.params]
        self._layers = [
            (arrays[2 * i].transpose(0, 2, 1), arrays[2 * i + 1][:, None, :])
            for i in range(len(arrays) // 2)
        ]

    def _q_numpy(self, obs: np.ndarray) -> np.ndarray:
        """Q-values of ``obs`` ``(m, n, 4)``, row j by seed alive[j]'s network: ``(m, n, 2)``."""
        h = obs
        last = len(self._layers) - 1
        for i, (w_t, b) in enumerate(self._layers):
            h = np.matmul(h, w_t) + b
            if i != last:
                h = np.maximum(h, 0.0)
        return h

    def _tick(self) -> None:
        """One env step of every seed still training, and what falls due after it."""
        cfg = self.config
        alive = self.alive
        fresh = [k for k in alive if not self._started[k]]
        if fresh:
            seeds = [self.runs[k].seed if self.episode_count[k] == 0 else None for k in fresh]
            self._obs[fresh] = self.env.reset(fresh, seeds)
            for k in fresh:
                self._started[k] = True
            self._ret[fresh], self._len[fresh] = 0.0, 0
        obs = self._obs[alive]
        q = self._q_numpy(obs[:, None, :])[:, 0, :]
        actions = np.empty(len(alive), dtype=np.int64)
        for j, k in enumerate(alive):
            rng = self.rngs[k]
            if rng.random() < epsilon_at(cfg, self.total_steps, self.episode_count[k]):
                actions[j] = int(rng.integers(N_ACTIONS))
            else:
                actions[j] = int(q[j].argmax())
        next_obs, rewards, terminated, truncated = self.env.step(np.asarray(alive), actions)
        self.total_steps += 1
        if cfg.reward_shaping == "none":
            stored = rewards
        else:
            stored = np.where(terminated, -1.0, np.where(truncated, 1.0, 0.0))
        self.memory.push(alive, obs, actions, stored, next_obs, terminated)
        self._obs[alive] = next_obs
        self._ret[alive] += rewards
        self._len[alive] += 1
        ended = np.asarray(alive)[terminated | truncated].tolist()
        if self.total_steps >= cfg.learning_starts and self.total_steps % cfg.train_freq == 0:
            for _ in range(cfg.gradient_steps):
                self._gradient_step()
        if cfg.target_mode == "hard" and self.total_steps % cfg.target_update_interval == 0:
            with torch.no_grad():
                for target, param in zip(self.target, self.params, strict=True):
                    target.copy_(param)
        for k in ended:
            if self.runs[k].done:
                continue  # diverged during this tick's gradient step
            self._started[k] = False
            self.episode_count[k] += 1
            self.runs[k].returns.append(float(self._ret[k]))
            self.runs[k].lengths.append(int(self._len[k]))
            if len(self.runs[k].returns) >= self.episodes:
                self._finish(k)
        if cfg.eval_every and self.total_steps % cfg.eval_every == 0:
            self._evaluate()
        self._drop_done()

    def _gradient_step(self) -> None:
        cfg = self.config
        self._drop_done()  # a seed that diverged in an earlier gradient step of this tick
        batch = self.memory.sample(self.alive, cfg.batch_size, self.rngs)
        obs, actions, rewards, next_obs, terminated = (torch.from_numpy(a) for a in batch)
        with torch.no_grad():
            if self.target is None:
                next_q_target = next_q_online = _forward(self.params, next_obs)
            else:
                next_q_target = _forward(self.target, next_obs)
                next_q_online = _forward(self.params, next_obs) if cfg.double_dqn else None
            if cfg.double_dqn:
                best = next_q_online.argmax(dim=2, keepdim=True)
                next_value = next_q_target.gather(2, best).squeeze(2)
            else:
                next_value = next_q_target.max(dim=2).values
            targets = rewards + cfg.gamma * torch.where(terminated, 0.0, next_value)
        q_taken = _forward(self.params, obs).gather(2, actions.unsqueeze(2)).squeeze(2)
        if cfg.loss == "huber":
            losses = F.smooth_l1_loss(q_taken, targets, beta=1.0, reduction="none").mean(dim=1)
        else:
            losses = 0.5 * F.mse_loss(q_taken, targets, reduction="none").mean(dim=1)
        q_sizes = q_taken.detach().abs().amax(dim=1).tolist()
        for j, (loss, q_size) in enumerate(zip(losses.tolist(), q_sizes, strict=True)):
            if not math.isfinite(loss):
                self._diverge(
                    self.alive[j], "dqn_loss", f"The TD loss became {loss}", value=str(loss)
                )
            elif not q_size <= Q_DIVERGENCE_LIMIT:
                limit = self.env.max_episode_steps
                self._diverge(
                    self.alive[j],
                    "dqn_q_too_large",
                    f"A Q-value reached {q_size:.3g} (no CartPole return exceeds {limit})",
                    value=f"{q_size:.3g}",
                    limit=limit,
                )
        # A diverged seed still takes this step (its numbers are no longer used); the
        # others are untouched by it: every operation below is per seed.
        self.optimizer.zero_grad()
        losses.sum().backward()
        if cfg.max_grad_norm is not None:
            self._clip_gradients(cfg.max_grad_norm)
        self._adam_step()
        self.gradient_steps += 1
        if cfg.target_mode == "soft" and self.target is not None:
            with torch.no_grad():
                for target, param in zip(self.target, self.params, strict=True):
                    target.lerp_(param, cfg.tau)

    def _clip_gradients(self, max_norm: float) -> None:
        """``clip_grad_norm_`` for each seed over its own parameters, with its arithmetic:
        each parameter's norm by ``torch.linalg.vector_norm`` on that seed's slice (what
        ``clip_grad_norm_`` computes for each tensor on the CPU), then the norm of those
        norms. One reduction over the stacked ``(K, n)`` gradients along ``dim=1`` sums in
        another order: its norms differ from the single trainer's in the last bit
        now and then (about one seed in ten on random gradients), and once clipping is active
        such a bit changes the whole run."""
        grads = [p.grad for p in self.params]
        m = len(self.alive)
        norms = [torch.linalg.vector_norm(g[j]) for j in range(m) for g in grads]
        n = len(grads)
        total = torch.stack(
            [torch.linalg.vector_norm(torch.stack(norms[j * n : (j + 1) * n])) for j in range(m)]
        )
        coef = torch.clamp(max_norm / (total + 1e-6), max=1.0)
        for g in grads:
            g.mul_(coef.view(m, *([1] * (g.dim() - 1))))

    def _adam_step(self) -> None:
        """The fused Adam step of ``self.optimizer``, called on each seed's slices.

        Adam is element-wise, but the fused kernel runs a vectorised loop over each tensor
        and a scalar tail, whose arithmetic can differ in the last bit. Called on a stacked
        ``(K, …)`` tensor, a seed's elements fall in the loop or the tail by where they sit
        in the stack, not where they sit in the single trainer's own tensor (the output
        bias of seed 0 in a batch of five parted from its single run at gradient step 6).
        Called on each seed's slice, every element takes the single trainer's path. The
        state stays in ``self.optimizer`` (stacked, as :meth:`_drop_done` cuts it)."""
        group = self.optimizer.param_groups[0]
        states = []
        for p in self.params:
            state = self.optimizer.state[p]
            if not state:  # as Adam initialises it (fused: a float32 step on the device)
                state["step"] = torch.tensor(0.0, dtype=torch.float32)
                state["exp_avg"] = torch.zeros_like(p, memory_format=torch.preserve_format)
                state["exp_avg_sq"] = torch.zeros_like(p, memory_format=torch.preserve_format)
            states.append(state)
        seeds = range(len(self.alive))
        slices = [
            (p, state, j) for j in seeds for p, state in zip(self.params, states, strict=True)
        ]
        beta1, beta2 = group["betas"]
        adam(
            [p.detach()[j] for p, _, j in slices],
            [p.grad[j] for p, _, j in slices],
            [state["exp_avg"][j] for _, state, j in slices],
            [state["exp_avg_sq"][j] for _, state, j in slices],
            [],
            [state["step"].clone() for _, state, _ in slices],  # each incremented once here
            fused=True,
            amsgrad=False,
            beta1=beta1,
            beta2=beta2,
            lr=group["lr"],
            weight_decay=group["weight_decay"],
            eps=group["eps"],
            maximize=False,
        )
        for state in states:
            state["step"] += 1

    def _evaluate(self) -> None:
        """Greedy evaluation of every seed still training, on the fixed evaluation starts."""
        cfg = self.config
        self._drop_done()  # seeds whose episode budget ran out this tick
        alive = self.alive
        if not alive:
            return
        n, m = cfg.eval_episodes, len(alive)
        envs = CartPoleBatch(cfg.env_id, m * n)
        envs.state[:] = np.tile(self._eval_starts, (m, 1))
        obs = envs.state.astype(np.float32)
        totals = np.zeros(m * n)
        running = np.ones(m * n, dtype=bool)
        while running.any():
            actions = self._q_numpy(obs.reshape(m, n, OBS_DIM)).argmax(axis=2).ravel()
            # Every episode steps, ended ones too (cheaper than picking the running rows);
            # an ended one restarts from the zero state each step, so its numbers stay finite.
            obs, terminated, truncated = envs.step_all(actions)
            totals += running  # CartPole's reward: 1 per step of an episode still running
            running &= ~(terminated | truncated)
            envs.state[~running] = 0.0
        totals = totals.reshape(m, n)
        for i, k in enumerate(alive):
            mean = float(totals[i].mean())
            run = self.runs[k]
            run.evals.append((self.episode_count[k], mean))
            if mean >= self._threshold and run.solved_episode is None:
                run.solved_episode = self.episode_count[k]
                if self.stop_when_solved:
                    self._finish(k)

    def _diverge(self, k: int, code: str, what: str, **params: object) -> None:
        """Stop seed ``k`` as :class:`~playground.agents.dqn.DQNTrainer` stops: same code,
        parameters and message."""
        step, gradient_step, episode = (
            self.total_steps,
            self.gradient_steps + 1,
            self.episode_count[k],
        )
        run = self.runs[k]
        run.error = (
            f"TrainingDiverged: {what} at env step {step} (gradient step {gradient_step}); "
            f"training stopped. The network was restored to its state at the end of episode "
            f"{episode}. Try a smaller learning rate, gradient clipping or the Huber loss."
        )
        run.error_code = code
        run.error_params = {
            **params, "step": step, "gradient_step": gradient_step, "episode": episode
        }  # fmt: skip
        self._finish(k)

    def _finish(self, k: int) -> None:
        run = self.runs[k]
        if not run.done:
            run.done = True
            run.seconds = time.perf_counter() - self._clock

    def _drop_done(self) -> None:
        """Cut the stacked tensors and optimiser state to the seeds still training."""
        keep = [j for j, k in enumerate(self.alive) if not self.runs[k].done]
        if len(keep) == len(self.alive):
            return
        self.alive = [self.alive[j] for j in keep]
        if not self.alive:
            return
        index = torch.tensor(keep)
        old_params, old_state = self.params, self.optimizer.state
        self.params = [p.detach()[index].clone().requires_grad_() for p in old_params]
        if self.target is not None:
            self.target = [t[index].clone() for t in self.target]
        self.optimizer = torch.optim.Adam(self.params, lr=self.config.learning_rate, fused=True)
        for old, new in zip(old_params, self.params, strict=True):
            state = old_state.get(old)
            if state:
                self.optimizer.state[new] = {
                    "step": state["step"].clone(),
                    "exp_avg": state["exp_avg"][index].clone(),
                    "exp_avg_sq": state["exp_avg_sq"][index].clone(),
                }
        self._numpy_views()
