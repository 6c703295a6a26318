"""The Lab never loses runs silently: a plain script without a ``__main__`` guard runs its
experiment on the local pool, and runs that fail or never run are named (seed and why) by
a warning, ``unfinished()``, and the statistics that cannot be computed without them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from playground import lab
from playground.lab import EnvSpec, Experiment, LocalExecutor, SerialExecutor, replicate_seed
from playground.lab.executors import _failed

ROOT = Path(__file__).resolve().parents[1]
CLIFF = dict(eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0, q_init="zeros")


def test_a_script_without_a_main_guard_runs_its_experiment_on_the_local_pool(
    tmp_path: Path,
) -> None:
    """Workers must not re-run the script (it would start a pool inside every worker)."""
    script = tmp_path / "fig64.py"
    script.write_text(
        textwrap.dedent(
            """
            import warnings
            warnings.simplefilter("error")  # a LabWarning (runs lost) fails the script
            from playground import lab

            settings = dict(eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0, q_init="zeros")
            algorithms = [lab.algorithm("sarsa", **settings), lab.algorithm("q_learning", **settings)]
            results = lab.compare("CliffWalking-v1", algorithms, seeds=4, episodes=30,
                                  executor=lab.LocalExecutor(2))
            print("RAN", results.executor, [row["seeds"] for row in results.summary(last=10)])
            """
        ),
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not an installed copy
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "bootstrapping phase" not in done.stderr
    # Printed once: the workers did not run the script.
    assert done.stdout.splitlines().count("RAN 2 local processes [4, 4]") == 1


def diverging() -> Experiment:
    """Arm 0 diverges on every seed (η = 3 on cliff walking), arm 1 is Figure 6.4's SARSA."""
    return Experiment(
        EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("q_learning", eta=3.0, gamma=1.0), lab.algorithm("sarsa", **CLIFF)),
        seeds=3,
        episodes=20,
    )


def test_failed_runs_are_named_by_a_warning_and_statistics_refuse_an_arm_without_runs() -> None:
    with pytest.warns(lab.LabWarning, match=r"3 of 6 runs did not finish") as caught:
        results = lab.run(diverging(), SerialExecutor())
    message = str(caught[0].message)
    assert f"seed {replicate_seed(0, 0)} (run 1): DivergenceError" in message
    with pytest.raises(lab.LabError, match="no run of q_learning .* finished") as error:
        results.summary()
    assert "3 of 3 runs did not finish" in str(error.value)
    assert f"seed {replicate_seed(0, 2)} (run 3): DivergenceError" in str(error.value)
    with pytest.raises(lab.LabError, match="no run of q_learning"):
        results.probability_of_improvement(1, 0)
    rows = results.summary(partial=True)
    assert [(row["seeds"], row["unfinished"]) for row in rows] == [(0, 3), (3, 0)]
    assert "mean" not in rows[0] and np.isfinite(rows[1]["mean"])


def test_a_stopped_run_names_the_jobs_it_never_ran() -> None:
    experiment = diverging()
    executor = SerialExecutor()
    handle = executor.submit(experiment.jobs())
    first = next(iter(handle))
    handle.cancel()
    results = lab.LabResults(experiment, [first], cancelled=True)
    unfinished = results.unfinished()
    assert [(row["arm"], row["replicate"]) for row in unfinished] == [
        (arm, i) for arm in (0, 1) for i in range(3)
    ]
    assert unfinished[0]["error"].startswith("DivergenceError")  # it ran, and diverged
    assert all(row["error"] == "not run: the run was stopped first" for row in unfinished[1:])
    assert [row["error_code"] for row in unfinished] == ["q_diverged"] + ["lab_not_run"] * (
        len(unfinished) - 1
    )


def test_jobs_lost_with_a_broken_pool_are_failures_with_their_seed_and_reason() -> None:
    """What a dead pool gives back: every lost job reported, the statistics refuse."""
    experiment = diverging()
    lost = _failed(
        experiment.jobs(), "lab_worker_died", "a worker process died: killed", why="killed"
    )
    results = lab.LabResults(experiment, lost)
    assert len(results.unfinished()) == 6
    assert {(row["error_code"], row["error_params"]["why"]) for row in results.unfinished()} == {
        ("lab_worker_died", "killed")
    }
    with pytest.raises(lab.LabError, match="a worker process died: killed"):
        results.summary()


def test_a_worker_killed_mid_run_fails_its_jobs_with_a_reason() -> None:
    """Long general-path jobs (the policy gradient on the 8×8 maze, 20,000 episodes) are
    still running when a worker is killed: the pool breaks, and every job it held comes
    back as a failure with the reason; the next run gets a fresh pool."""
    experiment = Experiment(
        EnvSpec.of("maze_8x8"), (lab.algorithm("policy_gradient"),), seeds=2, episodes=20_000
    )
    executor = LocalExecutor(2)
    try:
        executor.warm_up()
        handle = executor.submit(experiment.jobs())
        os.kill(next(iter(executor._pool._processes)), signal.SIGKILL)
        results = lab.LabResults(experiment, list(handle))
        assert len(results.results) == 2
        assert all(r.error.startswith("a worker process died: ") for r in results.results)
        with pytest.raises(lab.LabError, match=r"seed \d+ \(run 1\): a worker process died"):
            results.summary()
        again = lab.run(
            Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa"),), seeds=2, episodes=5),
            executor,
        )
        assert all(r.ok for r in again.results)
    finally:
        executor.close()
