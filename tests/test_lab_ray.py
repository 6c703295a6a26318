"""The Lab on a real Ray cluster: a local head, a sweep through RAY_ADDRESS, the local numbers.

Ray binds to the machine's network interface, and test traffic must stay on loopback, so
the head and its client both run inside a new network namespace that has only ``lo``
(``unshare -n``, which needs root). The head runs with ``--block`` and is stopped by its
own process id (``ray stop`` would stop every Ray process on the machine), with a temp
directory of its own. Skipped, with the reason, where root, ``unshare``, ``ip`` or Ray is
missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from playground import lab
from playground.lab.executors import SerialExecutor

ROOT = Path(__file__).resolve().parent.parent
PORT = 6390  # a fresh network namespace has no listener on any port
HEAD_TIMEOUT_S = 120


def sweep() -> lab.Experiment:
    """Fast-path and general-path jobs over two values of η."""
    return lab.Experiment(
        lab.EnvSpec.of("FrozenLake-v1", is_slippery=False),
        (
            lab.algorithm("q_learning", schedule="constant", epsilon=0.2),
            lab.algorithm("policy_gradient"),
        ),
        seeds=3,
        episodes=25,
        seed=42,
        sweep=lab.Sweep.of(eta=[0.1, 0.5]),
    )


CLIENT = """
import json, sys
sys.path.insert(0, {root!r})
from playground import lab
from playground.lab.executors import make_executor
from tests.test_lab_ray import sweep

executor = make_executor()
results = lab.run(sweep(), executor)
handle = executor.submit(sweep().jobs())
kept = []
for result in handle:
    kept.append([result.job.arm, result.job.replicate, result.returns.tolist()])
    handle.cancel()
print(json.dumps({{
    "where": results.executor,
    "notice": executor.notice,
    "results": [[r.job.arm, r.job.replicate, r.returns.tolist(), r.lengths.tolist(), r.error]
                for r in results.results],
    "cancelled": {{"kept": kept, "finished": handle.finished, "total": handle.total}},
}}))
"""


def ray_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "unshare -n needs root"
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    if importlib.util.find_spec("ray") is None:
        return "ray is not installed (pip install -r requirements-ray.txt)"
    if not (Path(sys.executable).parent / "ray").exists():
        return "the ray command is not next to this Python"
    return None


def run_in_namespace(client: Path, temp_dir: Path) -> dict:
    """Start a head in a new loopback-only namespace, run ``client`` against it, stop it."""
    ray = Path(sys.executable).parent / "ray"
    log = temp_dir / "head.log"
    script = textwrap.dedent(
        f"""
        set -u
        ip link set lo up
        export RAY_AUTH_MODE=disabled
        "{ray}" start --head --block --port={PORT} --node-ip-address=127.0.0.1 \\
            --include-dashboard=false --num-cpus=2 --disable-usage-stats \\
            --temp-dir="{temp_dir}/ray" > "{log}" 2>&1 &
        head=$!
        i=0
        until grep -q "Ray runtime started" "{log}"; do
            i=$((i + 1))
            if [ $i -gt {HEAD_TIMEOUT_S * 10} ] || ! kill -0 $head 2>/dev/null; then
                echo "the Ray head did not start" >&2; cat "{log}" >&2; kill $head; exit 3
            fi
            sleep 0.1
        done
        RAY_ADDRESS=127.0.0.1:{PORT} "{sys.executable}" "{client}"
        status=$?
        kill $head
        wait $head
        exit $status
        """
    )
    out = subprocess.run(
        ["unshare", "-n", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr[-4000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def ray_output() -> dict:
    reason = ray_unavailable()
    if reason:
        pytest.skip(f"Ray test skipped: {reason}")
    # A short path (not pytest's, which grows with each xdist worker's name): Ray's socket
    # paths under the temp dir must stay within 107 bytes.
    with tempfile.TemporaryDirectory(prefix="ray-", dir="/tmp", ignore_cleanup_errors=True) as temp:
        temp_dir = Path(temp)
        client = temp_dir / "client.py"
        client.write_text(CLIENT.format(root=str(ROOT)), encoding="utf-8")
        return run_in_namespace(client, temp_dir)


def test_a_sweep_on_a_ray_cluster_gives_the_local_numbers(ray_output: dict) -> None:
    assert ray_output["notice"] is None
    assert ray_output["where"] == f"Ray cluster at 127.0.0.1:{PORT} (2 CPUs)"
    local = lab.run(sweep(), SerialExecutor()).results
    expected = [
        [r.job.arm, r.job.replicate, r.returns.tolist(), r.lengths.tolist(), r.error] for r in local
    ]
    assert ray_output["results"] == expected
    assert len(expected) == 12 and all(row[4] is None for row in expected)


def test_cancel_on_ray_keeps_what_finished(ray_output: dict) -> None:
    cancelled = ray_output["cancelled"]
    assert 0 < len(cancelled["kept"]) == cancelled["finished"] < cancelled["total"] == 12
    by_job = {(r[0], r[1]): r[2] for r in ray_output["results"]}
    assert all(by_job[(arm, replicate)] == returns for arm, replicate, returns in cancelled["kept"])
