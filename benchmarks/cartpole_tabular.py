"""Tabular Q-learning on discretised CartPole with the notes' settings: how soon, how fast.

The notes' run: CartPole-v0, 6 bins per dimension, η 0.5, γ 0.99 (the notes' code dropped γ
and typed 0.09), ε = 0.5/(episode + 1), shaped reward; stop at 10 consecutive episodes of
≥ 195 steps (the book's single run needed 499 episodes). Then the same on CartPole-v1
(10 consecutive ≥ 475, up to 3,000 episodes).

For each seed it prints the episode (0-based) completing the streak and the wall seconds of
the whole run (building env + agent + trainer, training with the page's bookkeeping).
The last line reads ``v0_median_episodes=<n> v0_median_s=<s> v1_solved=<k>/5``.

    .venv/bin/python benchmarks/cartpole_tabular.py [--q-init zeros|random]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

# Runnable from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playground.cartpole import CartPoleTabularSettings  # noqa: E402

SEEDS = (0, 1, 2, 3, 4)
V0_MAX_EPISODES = 1_000
V1_MAX_EPISODES = 3_000
STREAK = 10


def solve(settings: CartPoleTabularSettings, max_episodes: int) -> tuple[int | None, float, int]:
    """Train until ``STREAK`` consecutive successes; return (episode, wall seconds, steps)."""
    start = time.perf_counter()
    run = settings.build()
    streak = 0
    solved = None
    steps = 0
    for snapshot in run.train(max_episodes):
        steps += snapshot.length
        streak = streak + 1 if snapshot.length >= settings.solved_length else 0
        if streak >= STREAK:
            solved = snapshot.episode
            break
    return solved, time.perf_counter() - start, steps


def table(env_id: str, max_episodes: int, q_init: str) -> list[tuple[int | None, float, int]]:
    results = []
    print(f"{env_id} (q_init={q_init}, up to {max_episodes} episodes)")
    print("  seed  solved_at_episode  wall_s  steps  us_per_step")
    for seed in SEEDS:
        settings = CartPoleTabularSettings(env_id=env_id, bins=6, seed=seed, q_init=q_init)
        solved, wall, steps = solve(settings, max_episodes)
        results.append((solved, wall, steps))
        shown = "-" if solved is None else str(solved)
        print(f"  {seed:>4}  {shown:>17}  {wall:6.2f}  {steps:>6}  {wall / steps * 1e6:11.1f}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--q-init",
        default="zeros",
        choices=("zeros", "random"),
        help="initial Q: zeros (the playground's default) or U[0,1) (the notes')",
    )
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=".*is out of date")

    v0 = table("CartPole-v0", V0_MAX_EPISODES, args.q_init)
    v1 = table("CartPole-v1", V1_MAX_EPISODES, args.q_init)

    # An unsolved seed counts as the episode cap, so the median stays honest.
    v0_episodes = statistics.median(V0_MAX_EPISODES if e is None else e for e, _, _ in v0)
    v0_seconds = statistics.median(wall for _, wall, _ in v0)
    v1_solved = sum(e is not None for e, _, _ in v1)
    print(
        f"v0_median_episodes={v0_episodes:g} v0_median_s={v0_seconds:.2f} "
        f"v1_solved={v1_solved}/{len(SEEDS)}"
    )


if __name__ == "__main__":
    main()
