"""The Lab's speed and memory: Sutton & Barto's Figure 6.4, DQN over seeds, Ray over local.

* ``cliff_fig64_s``: SARSA and Q-learning (ε = 0.1, α = 0.5, γ = 1, Q₀ = 0), 50 seeds × 500
  episodes each on ``CliffWalking-v1``, from Run to the figure's data (per algorithm the
  10-episode smoothed mean return and its 95 % bootstrap band), on the shared local pool.
  Median of ``--repeats`` runs with the pool warm; ``cliff_fig64_cold_s`` is the first run,
  pool start included. Target ≤ 5 s (stretch ≤ 2 s). ``cliff_fig64_cpu_s``: the CPU
  seconds of the same work run serially in this process (little moved by other load).
* ``dqn10_over_dqn1``: DQN's fast preset on CartPole-v1 until a greedy evaluation reaches
  475 (``stop_when_solved``), 10 seeds ÷ 1 seed, wall time on the same pool (the Lab trains
  DQN seeds five to a batched network, :mod:`playground.agents.dqn_batched`). Target ≤ 3.
  ``--dqn-cpu`` gives ``dqn10_over_dqn1_cpu``, the same from CPU seconds (see :func:`cpu_dqn`).
  ``--dqn-eval-every N``: both runs check the greedy 475 every N env steps (default 1,000,
  the preset's).
* ``ray_over_local``: a 100-job sweep (SARSA and Q-learning × 5 values of α × 10 seeds,
  100 episodes, cliff walking) through a local Ray head ÷ the local pool, medians of
  ``--repeats`` warm runs; ``identical=yes`` when every number matches. Runs (as root)
  inside a loopback-only network namespace: this script re-runs itself there with
  ``--ray-part`` next to a ``ray start --head --block`` it stops by process id.
* ``peak_rss_mb``: this process's peak RSS with the 100-job experiment finished and its
  table, summary and curves computed; ``worker_rss_mb``: the largest pool worker's peak;
  ``worker_idle_exit_s``: pool workers exit after this long without work.

Usage::

    .venv/bin/python benchmarks/lab.py            # everything
    .venv/bin/python benchmarks/lab.py --no-dqn   # skip the DQN ratio (minutes on 2 cores)
    .venv/bin/python benchmarks/lab.py --dqn-only # only the DQN ratio

Last line: ``cliff_fig64_s=<s> cliff_fig64_cold_s=<s> cliff_fig64_cpu_s=<s> dqn10_over_dqn1=<r or na>
ray_over_local=<r or na> identical=<yes|no|na> peak_rss_mb=<n> worker_rss_mb=<n>
worker_idle_exit_s=<s>``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground import lab  # noqa: E402
from playground.lab import stats  # noqa: E402
from playground.lab.executors import IDLE_SECONDS, shared_local_executor  # noqa: E402

CLIFF = {"eta": 0.5, "gamma": 1.0, "epsilon": 0.1, "schedule": "constant", "q_init": "zeros"}
RAY_PORT = 6391
DQN_EVAL_EVERY = 1_000
"""Env steps between the greedy checks of the ``dqn10_over_dqn1`` runs."""


def fig64() -> lab.Experiment:
    algorithms = (lab.algorithm("sarsa", **CLIFF), lab.algorithm("q_learning", **CLIFF))
    return lab.Experiment(lab.EnvSpec.of("CliffWalking-v1"), algorithms, seeds=50, episodes=500)


def sweep100() -> lab.Experiment:
    algorithms = (lab.algorithm("sarsa", **CLIFF), lab.algorithm("q_learning", **CLIFF))
    return lab.Experiment(
        lab.EnvSpec.of("CliffWalking-v1"),
        algorithms,
        seeds=10,
        episodes=100,
        sweep=lab.Sweep.of(eta=[0.1, 0.3, 0.5, 0.7, 0.9]),
    )


def figure_data(results: lab.LabResults) -> list:
    return [stats.mean_curve(stats.smooth(results.curves(a.index), 10)) for a in results.arms]


def time_fig64(repeats: int) -> tuple[float, float]:
    executor = shared_local_executor()
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        results = lab.run(fig64(), executor)
        figure_data(results)
        times.append(time.perf_counter() - start)
        assert len(results.results) == 100 and not results.errors()
    last = results.summary(last=100)
    print(
        "fig 6.4, mean return of the last 100 episodes: "
        + ", ".join(f"{row['label'].split(' ')[0]} {row['mean']:.1f}" for row in last)
    )
    print(f"cliff_fig64 runs (s): {[round(t, 2) for t in times]}")
    return statistics.median(times[1:]), times[0]


def cpu_fig64() -> float:
    """CPU seconds of the same work in this process, one job after another: what the
    machine's load does not change much (wall times on a shared machine do)."""
    start = time.process_time()
    figure_data(lab.run(fig64(), lab.SerialExecutor()))
    return time.process_time() - start


def dqn_experiment(seeds: int, eval_every: int) -> lab.Experiment:
    """The DQN fast preset on CartPole-v1 until its first greedy 475, ``seeds`` seeds, the
    greedy check every ``eval_every`` env steps (the same for the 1-seed and 10-seed runs)."""
    return lab.Experiment(
        lab.EnvSpec.of("CartPole-v1"),
        (lab.algorithm("dqn", eval_every=eval_every),),
        seeds=seeds,
        episodes=2_000,
        stop_when_solved=True,
    )


def time_dqn(eval_every: int) -> float:
    executor = shared_local_executor()
    walls = {}
    for seeds in (1, 10):
        start = time.perf_counter()
        results = lab.run(dqn_experiment(seeds, eval_every), executor)
        walls[seeds] = time.perf_counter() - start
        solved = sum(r.solved_episode is not None for r in results.results)
        print(f"dqn {seeds} seed(s): {walls[seeds]:.1f} s, solved {solved}/{seeds}")
    return walls[10] / walls[1]


def cpu_dqn(eval_every: int) -> float:
    """``dqn10_over_dqn1`` from CPU seconds, which another user's load changes little: each
    task of the 10-seed run (the batches :func:`plan_batches` makes) and the 1-seed run, one
    after another in this process; the 10-seed run on two idle cores takes as long as its
    longest task, if each worker gets one (two batches of five here)."""
    from playground.lab.executors import plan_batches
    from playground.lab.jobs import run_batch

    cpu = {}
    for seeds in (1, 10):
        tasks = []
        for batch in plan_batches(dqn_experiment(seeds, eval_every).jobs(), 2):
            start = time.process_time()
            run_batch(batch)
            tasks.append(time.process_time() - start)
        cpu[seeds] = tasks
        print(f"dqn {seeds} seed(s), CPU seconds per task: {[round(t, 1) for t in tasks]}")
    return max(cpu[10]) / cpu[1][0]


def memory() -> tuple[float, float]:
    executor = shared_local_executor()
    results = lab.run(sweep100(), executor)
    results.frame()
    results.summary(last=10)
    results.sweep_points("last", 10)
    figure_data(results)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = 0.0
    pool = executor._pool  # measuring only: the pool's worker processes
    for pid in list(getattr(pool, "_processes", {}) or {}):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                worker = max(worker, int(line.split()[1]) / 1024)
    return peak, worker


# --------------------------------------------------------------------------------- Ray


def ray_part(repeats: int) -> None:
    """Inside the namespace, with RAY_ADDRESS set: local pool vs Ray on the 100-job sweep."""
    from playground.lab.executors import make_executor

    def rows(results: lab.LabResults) -> list:
        return [
            [r.job.arm, r.job.replicate, r.returns.tolist(), r.lengths.tolist(), r.error]
            for r in results.results
        ]

    timings: dict[str, list[float]] = {"local": [], "ray": []}
    outputs = {}
    ray_executor = make_executor()
    if ray_executor.notice:
        raise SystemExit(ray_executor.notice)
    for name, executor in (("local", shared_local_executor()), ("ray", ray_executor)):
        for _ in range(repeats + 1):  # the first run warms the workers up
            start = time.perf_counter()
            results = lab.run(sweep100(), executor)
            timings[name].append(time.perf_counter() - start)
        outputs[name] = rows(results)
    print(
        json.dumps(
            {
                "local": statistics.median(timings["local"][1:]),
                "ray": statistics.median(timings["ray"][1:]),
                "local_cold": timings["local"][0],
                "ray_cold": timings["ray"][0],
                "where": ray_executor.describe(),
                "identical": outputs["local"] == outputs["ray"],
            }
        )
    )


def time_ray(repeats: int) -> dict | None:
    ray = Path(sys.executable).parent / "ray"
    if os.geteuid() != 0 or not shutil.which("unshare") or not ray.exists():
        print("ray_over_local: needs root, unshare and ray; skipped")
        return None
    with tempfile.TemporaryDirectory(prefix="lab-ray-") as temp:
        log = Path(temp) / "head.log"
        script = textwrap.dedent(
            f"""
            ip link set lo up
            export RAY_AUTH_MODE=disabled
            "{ray}" start --head --block --port={RAY_PORT} --node-ip-address=127.0.0.1 \\
                --include-dashboard=false --disable-usage-stats --temp-dir="{temp}/ray" \\
                > "{log}" 2>&1 &
            head=$!
            until grep -q "Ray runtime started" "{log}"; do
                kill -0 $head 2>/dev/null || {{ cat "{log}" >&2; exit 3; }}
                sleep 0.1
            done
            RAY_ADDRESS=127.0.0.1:{RAY_PORT} "{sys.executable}" "{__file__}" --ray-part --repeats {repeats}
            status=$?
            kill $head
            wait $head
            exit $status
            """
        )
        out = subprocess.run(
            ["unshare", "-n", "sh", "-c", script], capture_output=True, text=True, check=False
        )
    if out.returncode != 0:
        print(f"ray part failed:\n{out.stderr[-3000:]}")
        return None
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"100-job sweep: local {result['local']:.2f} s (cold {result['local_cold']:.2f}), "
        f"{result['where']} {result['ray']:.2f} s (cold {result['ray_cold']:.2f})"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-dqn", action="store_true")
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--dqn-only", action="store_true", help="only dqn10_over_dqn1")
    parser.add_argument("--dqn-cpu", action="store_true", help="only dqn10_over_dqn1_cpu")
    parser.add_argument(
        "--dqn-eval-every",
        type=int,
        default=DQN_EVAL_EVERY,
        help="env steps between the DQN runs' greedy checks (both runs)",
    )
    parser.add_argument("--ray-part", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ray_part:
        ray_part(args.repeats)
        return

    if args.dqn_cpu:
        print(f"dqn10_over_dqn1_cpu={cpu_dqn(args.dqn_eval_every):.2f}")
        return
    if args.dqn_only:
        ratio = time_dqn(args.dqn_eval_every)
        shared_local_executor().close()
        print(f"dqn10_over_dqn1={ratio:.2f}")
        return
    cpu = cpu_fig64()
    warm, cold = time_fig64(args.repeats)
    peak, worker = memory()
    ray = None if args.no_ray else time_ray(args.repeats)
    dqn = None if args.no_dqn else time_dqn(args.dqn_eval_every)
    shared_local_executor().close()
    ratio = f"{ray['ray'] / ray['local']:.2f}" if ray else "na"
    identical = ("yes" if ray["identical"] else "no") if ray else "na"
    print(
        f"cliff_fig64_s={warm:.2f} cliff_fig64_cold_s={cold:.2f} cliff_fig64_cpu_s={cpu:.2f} "
        f"dqn10_over_dqn1={'na' if dqn is None else f'{dqn:.2f}'} "
        f"ray_over_local={ratio} identical={identical} peak_rss_mb={peak:.0f} "
        f"worker_rss_mb={worker:.0f} worker_idle_exit_s={IDLE_SECONDS:g}"
    )


if __name__ == "__main__":
    main()
