"""Dynamic programming speed: value iteration to θ = 1e-10 on two grids.

Run: ``.venv/bin/python benchmarks/dp.py [--repeats 15] [--gamma 0.99]``

Grids: Gymnasium's ``FrozenLake-v1`` 8×8, slippery (its own ``P``), and a 12×12 custom
grid (Gymnasium's random map for size 12, seed 0, slippery, with a wall across the
middle that leaves one gap (column 8), −0.001 per step and −1 for a hole). Each is timed twice:

* ``vi``: :func:`playground.dp.value_iteration` on the model already read from ``P``
  (what the DP page repeats on every Step and Run);
* ``total``: reading ``P`` into arrays too (:func:`playground.dp.tabular_model`).

Time is the process's CPU time (``time.process_time``), so the time other processes
hold the CPU is not counted; the figure is the median of ``--repeats`` runs.
Target: ``vi`` ≤ 50 ms on each grid.

The last line reads ``frozenlake8x8_vi_ms=<ms> frozenlake8x8_total_ms=<ms>
grid12_vi_ms=<ms> grid12_total_ms=<ms> frozenlake8x8_sweeps=<n> grid12_sweeps=<n>``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import gymnasium as gym

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from playground import dp  # noqa: E402
from playground.envs.gridworld import GridSpec, GridWorldEnv, random_frozen_lake_spec  # noqa: E402


def custom_12x12() -> GridSpec:
    base = random_frozen_lake_spec(12, seed=0, slippery=True)
    # A wall on the edges between rows 5 and 6, except in column 8.
    walls = frozenset((5 * 12 + c, 6 * 12 + c) for c in range(12) if c != 8)
    return GridSpec(
        12, 12, base.cells, walls, step_reward=-0.001, hole_reward=-1.0, slippery=True
    ).validate()


def median_ms(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--gamma", type=float, default=0.99)
    args = parser.parse_args()
    envs = {
        "frozenlake8x8": gym.make("FrozenLake-v1", map_name="8x8", is_slippery=True),
        "grid12": GridWorldEnv(custom_12x12()),
    }
    figures: dict[str, float | int] = {}
    for name, env in envs.items():
        model = dp.tabular_model(env)
        result = dp.value_iteration(model, gamma=args.gamma, theta=1e-10)
        assert result.converged
        vi = median_ms(lambda m=model: dp.value_iteration(m, args.gamma, 1e-10), args.repeats)
        total = median_ms(
            lambda e=env: dp.value_iteration(dp.tabular_model(e), args.gamma, 1e-10), args.repeats
        )
        print(
            f"{name}: {model.n_states} states, {result.n_sweeps} sweeps to θ = 1e-10 "
            f"(γ = {args.gamma}), V(start) = {float(model.start @ result.V):.6f}; "
            f"value iteration {vi:.2f} ms, with reading P {total:.2f} ms (median of {args.repeats})"
        )
        figures |= {f"{name}_vi_ms": round(vi, 2), f"{name}_total_ms": round(total, 2)}
        figures[f"{name}_sweeps"] = result.n_sweeps
    order = [
        "frozenlake8x8_vi_ms",
        "frozenlake8x8_total_ms",
        "grid12_vi_ms",
        "grid12_total_ms",
        "frozenlake8x8_sweeps",
        "grid12_sweeps",
    ]
    print(" ".join(f"{key}={figures[key]}" for key in order))


if __name__ == "__main__":
    main()
