"""What the two deep-RL benchmarks share: a seed's result, the preset with the evaluation
the benchmarks use, ``--set`` overrides, medians that count unsolved seeds as infinitely
slow."""

from __future__ import annotations

import argparse
import ast
import dataclasses
import statistics
from collections.abc import Callable
from typing import Any

EVAL_EPISODES = 20
EVAL_SEED = 10_000
INF = float("inf")


@dataclasses.dataclass
class SeedResult:
    seed: int
    solved: bool
    steps: int
    episodes: int
    train_s: float
    eval_s: float

    def line(self, prefix: str = "") -> str:
        return (
            f"{prefix}seed={self.seed} solved={self.solved} steps={self.steps} "
            f"episodes={self.episodes} train_s={self.train_s:.2f} eval_s={self.eval_s:.2f}"
        )


def of_trainer(seed: int, solved: bool, trainer: Any) -> SeedResult:
    """A seed's result read from one of our trainers."""
    return SeedResult(
        seed,
        solved,
        trainer.total_steps,
        trainer.episodes,
        trainer.train_seconds,
        trainer.eval_clock.seconds,
    )


def preset(fast_preset: Callable[[int], Any], seed: int, eval_every: int, overrides: dict) -> Any:
    """``fast_preset(seed)`` evaluated as the benchmarks evaluate, with ``overrides``."""
    return dataclasses.replace(
        fast_preset(seed),
        eval_every=eval_every,
        eval_episodes=EVAL_EPISODES,
        eval_seed=EVAL_SEED,
        **overrides,
    )


def parse_overrides(items: list[str]) -> dict:
    """``["learning_rate=1e-3", "loss=mse"]`` → ``{"learning_rate": 0.001, "loss": "mse"}``."""
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        try:
            out[key] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            out[key] = value
    return out


def median_or_inf(values: list[float]) -> float:
    return statistics.median(values) if values else INF


def summarise(results: list[SeedResult], unit: str = "steps") -> tuple[int, float, float]:
    """Seeds solved, the median of ``unit`` (steps or episodes) and of train seconds."""
    k = sum(r.solved for r in results)
    counts = [getattr(r, unit) if r.solved else INF for r in results]
    secs = [r.train_s if r.solved else INF for r in results]
    return k, median_or_inf(counts), median_or_inf(secs)


def fmt(x: float, digits: int = 2) -> str:
    return "inf" if x == INF else f"{x:.{digits}f}"


@dataclasses.dataclass(frozen=True)
class Setup:
    seeds: int
    budget: int
    overrides: dict
    args: argparse.Namespace


def setup(
    parser: argparse.ArgumentParser,
    *,
    unit: str,
    budget: int,
    quick: int,
    quick_note: str = "",
) -> Setup:
    """Parse the command line every deep benchmark shares (seeds, budget in ``unit``,
    ``--quick``, ``--set``) and train on one torch thread."""
    from playground.agents.deep_common import use_one_thread

    parser.add_argument("--seeds", type=int, default=5, help="number of seeds (0, 1, …)")
    parser.add_argument("--budget", type=int, default=budget, help=f"{unit} per seed")
    parser.add_argument("--quick", action="store_true", help=f"1 seed, {quick} {unit}{quick_note}")
    parser.add_argument("--set", nargs="*", default=[], help="override preset fields: key=value")
    args = parser.parse_args()
    use_one_thread()
    return Setup(
        1 if args.quick else args.seeds,
        quick if args.quick else args.budget,
        parse_overrides(args.set),
        args,
    )


def header(
    name: str, unit: str, s: Setup, eval_every: int, fast_preset: Callable[[int], Any]
) -> None:
    """What runs: the algorithm, the preset with its overrides, budget and evaluation."""
    import torch

    print(
        f"{name} on CartPole-v1, fast preset {s.overrides or ''}, budget {s.budget} {unit}, "
        f"greedy {EVAL_EPISODES}-episode eval every {eval_every} {unit}, "
        f"torch threads {torch.get_num_threads()}"
    )
    print(f"config: {preset(fast_preset, 0, eval_every, s.overrides)}")  # as seed 0 runs
