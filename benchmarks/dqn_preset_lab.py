"""``dqn10_over_dqn1_cpu`` (as ``benchmarks/lab.py --dqn-cpu`` measures it) for the DQN fast
preset with some settings changed, to try a preset in one command.

Usage::

    .venv/bin/python benchmarks/dqn_preset_lab.py eval_every=500 tau=0.02 hidden_sizes=128,128

Prints each task's CPU seconds and each seed's env steps (at the end of its last episode)
and episodes; last line ``solved=<k>/10 median_ksteps=<n> dqn10_over_dqn1_cpu=<r>``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from benchmarks.deep_seeds import parse_overrides  # noqa: E402
from playground import lab  # noqa: E402
from playground.lab.executors import plan_batches  # noqa: E402
from playground.lab.jobs import run_batch  # noqa: E402


def main(argv: list[str]) -> None:
    settings = parse_overrides(argv)
    print(f"settings: {settings}")
    cpu: dict[int, list[float]] = {}
    results = []
    for seeds in (1, 10):
        experiment = lab.Experiment(
            lab.EnvSpec.of("CartPole-v1"), (lab.algorithm("dqn", **settings),), seeds=seeds,
            episodes=2_000, stop_when_solved=True,
        )  # fmt: skip
        cpu[seeds] = []
        for batch in plan_batches(experiment.jobs(), 2):
            start = time.process_time()
            out = run_batch(batch)
            cpu[seeds].append(time.process_time() - start)
            print(f"{seeds} seed(s): task CPU {cpu[seeds][-1]:.1f} s", flush=True)
            if seeds == 10:
                results.extend(out)
    results.sort(key=lambda r: r.job.replicate)
    steps = [int(r.lengths.sum()) for r in results]
    solved = [r.solved_episode is not None for r in results]
    for r, s, ok in zip(results, steps, solved, strict=True):
        print(f"replicate {r.job.replicate}: {s} steps, {len(r.lengths)} episodes, solved={ok}")
    median = float(np.median([s if ok else np.inf for s, ok in zip(steps, solved, strict=True)]))
    print(
        f"solved={sum(solved)}/10 median_ksteps={median / 1000:.2f} "
        f"dqn10_over_dqn1_cpu={max(cpu[10]) / cpu[1][0]:.2f}"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
