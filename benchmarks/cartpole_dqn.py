"""How fast does DQN solve CartPole-v1? Our "fast and reliable" preset versus SB3.

For each seed: train with ``fast_preset(seed)``, run a greedy 20-episode
evaluation every 1,000 env steps, and report the env steps, episodes and wall
seconds (evaluation excluded) at the first evaluation whose mean return is
≥ 475. A seed that has not got there within the step budget counts as unsolved.

If stable-baselines3 is importable (``pip install stable-baselines3``, the
``benchmark`` extra), the same is measured for SB3's DQN with the RL Zoo's
CartPole-v1 hyperparameters, under the same criterion, the same evaluation
episodes and the same one torch thread.

Usage::

    .venv/bin/python benchmarks/cartpole_dqn.py            # 5 seeds, ours and SB3
    .venv/bin/python benchmarks/cartpole_dqn.py --quick    # 1 seed, small budget, no SB3
    .venv/bin/python benchmarks/cartpole_dqn.py --set learning_rate=1e-3 --no-sb3

The last line reads
``solved=<k>/5 median_steps=<n> median_s=<s> sb3_median_s=<s or na>``; medians
are over all seeds with unsolved seeds counted as infinitely slow (so a median
is finite only when more than half of the seeds were solved).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from benchmarks.deep_seeds import (  # noqa: E402
    EVAL_EPISODES,
    EVAL_SEED,
    SeedResult,
    fmt,
    header,
    of_trainer,
    preset,
    setup,
    summarise,
)
from playground.agents.deep_common import EvalRecord, GreedyEvaluator  # noqa: E402
from playground.agents.dqn import DQNTrainer, fast_preset  # noqa: E402

EVAL_EVERY = 1_000
SB3_ZOO = {
    "learning_rate": 2.3e-3,
    "batch_size": 64,
    "buffer_size": 100_000,
    "learning_starts": 1_000,
    "gamma": 0.99,
    "target_update_interval": 10,
    "train_freq": 256,
    "gradient_steps": 128,
    "exploration_fraction": 0.16,
    "exploration_final_eps": 0.04,
    "policy_kwargs": {"net_arch": [256, 256]},
}
SB3_ZOO_TIMESTEPS = 50_000  # the Zoo's n_timesteps; its ε schedule is a fraction of it


def run_ours(seed: int, budget: int, overrides: dict) -> SeedResult:
    trainer = DQNTrainer(preset(fast_preset, seed, EVAL_EVERY, overrides))
    last: EvalRecord | None = None
    for record in trainer.run(max_steps=budget):
        if isinstance(record, EvalRecord):
            last = record
            if record.solved:
                break
    return of_trainer(seed, last is not None and last.solved, trainer)


def run_sb3(seed: int, budget: int) -> SeedResult:
    from stable_baselines3 import DQN
    from stable_baselines3.common.callbacks import BaseCallback

    evaluator = GreedyEvaluator("CartPole-v1", EVAL_EPISODES, EVAL_SEED)

    class EvalCallback(BaseCallback):
        def __init__(self) -> None:
            super().__init__()
            self.eval_s = 0.0
            self.solved_at: tuple[int, float] | None = None
            self.t0 = time.perf_counter()

        def _on_step(self) -> bool:
            if self.num_timesteps % EVAL_EVERY:
                return True
            t = time.perf_counter()
            q_net = self.model.q_net

            def forward(obs: np.ndarray) -> np.ndarray:
                with torch.no_grad():
                    return q_net(torch.as_tensor(obs)).numpy()

            mean = float(evaluator.returns(forward).mean())
            self.eval_s += time.perf_counter() - t
            if mean >= evaluator.threshold:
                self.solved_at = (self.num_timesteps, time.perf_counter() - self.t0 - self.eval_s)
                return False
            return True

    model = DQN("MlpPolicy", "CartPole-v1", seed=seed, device="cpu", verbose=0, **SB3_ZOO)
    callback = EvalCallback()
    callback.t0 = time.perf_counter()
    model.learn(total_timesteps=max(budget, SB3_ZOO_TIMESTEPS), callback=callback)
    # learn() may run past the budget only if budget < the Zoo's schedule length.
    if callback.solved_at is not None and callback.solved_at[0] <= budget:
        steps, train_s = callback.solved_at
        return SeedResult(seed, True, steps, model._episode_num, train_s, callback.eval_s)
    elapsed = time.perf_counter() - callback.t0 - callback.eval_s
    return SeedResult(
        seed, False, model.num_timesteps, model._episode_num, elapsed, callback.eval_s
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-sb3", action="store_true", help="skip SB3 even if installed")
    s = setup(parser, unit="steps", budget=50_000, quick=20_000, quick_note=", no SB3")
    seeds, budget, overrides, args = s.seeds, s.budget, s.overrides, s.args
    header("DQN", "steps", s, EVAL_EVERY, fast_preset)
    ours = []
    for seed in range(seeds):
        r = run_ours(seed, budget, overrides)
        ours.append(r)
        print(r.line("ours "), flush=True)
    k, med_steps, med_s = summarise(ours)

    sb3_med = "na"
    try:
        import stable_baselines3  # noqa: F401

        have_sb3 = True
    except ImportError:
        have_sb3 = False
    if have_sb3 and not args.quick and not args.no_sb3:
        sb3 = []
        for seed in range(seeds):
            r = run_sb3(seed, budget)
            sb3.append(r)
            print(r.line("sb3  "), flush=True)
        k3, med_steps3, med_s3 = summarise(sb3)
        print(f"sb3: solved={k3}/{seeds} median_steps={fmt(med_steps3, 0)}")
        sb3_med = fmt(med_s3)
        if med_s3 != float("inf") and med_s != float("inf"):
            print(f"ratio sb3_median_s / median_s = {med_s3 / med_s:.1f}")
    print(
        f"solved={k}/{seeds} median_steps={fmt(med_steps, 0)} median_s={fmt(med_s)} "
        f"sb3_median_s={sb3_med}"
    )


if __name__ == "__main__":
    main()
