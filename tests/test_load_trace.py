"""``benchmarks/load.py --trace``: CPU seconds split between the server's process tree, the
harness (this process) and the browser (this process's other descendants), from /proc."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")

# Burns about 0.3 s of CPU, then says so and sleeps: its CPU stays readable in /proc.
BURN = (
    "import time\n"
    "t = time.process_time()\n"
    "while time.process_time() - t < 0.3: pass\n"
    "print('done', flush=True)\n"
    "time.sleep(30)\n"
)


@pytest.fixture
def burner():
    proc = subprocess.Popen([sys.executable, "-c", BURN], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "done"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_child_counts_as_the_server_when_it_is_the_server(burner) -> None:
    from benchmarks.load import cpu_split, process_cpu_s

    burned = process_cpu_s(burner.pid)
    assert burned >= 0.25
    as_server = cpu_split(burner.pid)
    assert as_server["server"] >= burned
    assert as_server["browser"] < burned  # not counted twice


def test_any_other_child_counts_as_the_browser(burner) -> None:
    from benchmarks.load import cpu_split, process_cpu_s

    burned = process_cpu_s(burner.pid)
    other = cpu_split(server_pid=2**22 + 1)  # no such process: no server tree
    assert other["server"] == 0.0
    assert other["browser"] >= burned


def test_the_harness_is_this_process() -> None:
    from benchmarks.load import cpu_split

    before = cpu_split(2**22 + 1)["harness"]
    t = time.process_time()
    while time.process_time() - t < 0.2:
        pass
    assert cpu_split(2**22 + 1)["harness"] - before >= 0.15


def test_a_gone_process_has_no_cpu() -> None:
    from benchmarks.load import process_cpu_s

    assert process_cpu_s(2**22 + 1) == 0.0
