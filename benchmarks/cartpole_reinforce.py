"""How fast does REINFORCE solve CartPole-v1 with the "fast and reliable" preset?

For each seed: train with ``fast_preset(seed)``, run a greedy 20-episode
evaluation (argmax π, fixed evaluation seeds) every 10 episodes, and report the
episodes, env steps and wall seconds (evaluation excluded) at the first
evaluation whose mean return is ≥ 475. A seed still unsolved after the episode
budget counts as unsolved.

Usage::

    .venv/bin/python benchmarks/cartpole_reinforce.py           # 5 seeds
    .venv/bin/python benchmarks/cartpole_reinforce.py --quick   # 1 seed, 300 episodes
    .venv/bin/python benchmarks/cartpole_reinforce.py --set learning_rate=0.01

The last line reads ``solved=<k>/5 median_episodes=<n> median_s=<s>``; medians are
over all seeds with unsolved seeds counted as infinitely slow.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from benchmarks import deep_seeds  # noqa: E402
from playground.agents.deep_common import EvalRecord  # noqa: E402
from playground.agents.reinforce import ReinforceTrainer, fast_preset  # noqa: E402

EVAL_EVERY = 10


def run(seed: int, budget: int, overrides: dict) -> deep_seeds.SeedResult:
    trainer = ReinforceTrainer(deep_seeds.preset(fast_preset, seed, EVAL_EVERY, overrides))
    solved = False
    for record in trainer.run(max_episodes=budget):
        if isinstance(record, EvalRecord) and record.solved:
            solved = True
            break
    return deep_seeds.of_trainer(seed, solved, trainer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    s = deep_seeds.setup(parser, unit="episodes", budget=1_000, quick=300)
    seeds, budget, overrides = s.seeds, s.budget, s.overrides
    deep_seeds.header("REINFORCE", "episodes", s, EVAL_EVERY, fast_preset)
    results = []
    for seed in range(seeds):
        r = run(seed, budget, overrides)
        results.append(r)
        print(r.line(), flush=True)
    k, med_episodes, med_s = deep_seeds.summarise(results, unit="episodes")
    print(
        f"solved={k}/{seeds} median_episodes={deep_seeds.fmt(med_episodes, 0)} median_s={deep_seeds.fmt(med_s)}"
    )


if __name__ == "__main__":
    main()
