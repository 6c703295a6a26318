"""``benchmarks/load.py``'s readings from /proc: with ``--trace``, CPU seconds split between
the server's process tree, the harness (this process) and the browser (this process's other
descendants); the server's memory (a process tree's ``VmRSS``, a fork not counted twice)."""

from __future__ import annotations

import os
import signal
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


ROOT = Path(__file__).resolve().parents[1]


def in_a_fresh_process(name: str) -> None:
    """Run this module's function ``name`` in a new interpreter, whose only children are
    its own: a pytest worker may also be running the browser tests' app server and
    Chromium, which the readings of a process tree would rightly count."""
    code = f"from tests.test_load_trace import {name}; {name}()"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.fixture
def burner():
    proc = subprocess.Popen([sys.executable, "-c", BURN], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "done"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_child_counts_as_the_server_when_it_is_the_server() -> None:
    in_a_fresh_process("child_counts_as_the_server")


def child_counts_as_the_server() -> None:
    from benchmarks.load import cpu_split, process_cpu_s

    proc = subprocess.Popen([sys.executable, "-c", BURN], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "done"
        burned = process_cpu_s(proc.pid)
        assert burned >= 0.25
        as_server = cpu_split(proc.pid)
        assert as_server["server"] >= burned
        assert as_server["browser"] < burned  # not counted twice
    finally:
        proc.kill()
        proc.wait()


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


def _vm_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


HOLD = (
    "import sys, time\n"
    "held = bytearray(64 * 1024 * 1024)\n"
    "for i in range(0, len(held), 4096): held[i] = 1\n"
    "print('ready', flush=True)\n"
    "time.sleep(30)\n"
)


def test_a_child_running_its_own_program_is_counted() -> None:
    from benchmarks.load import tree_rss_mb

    proc = subprocess.Popen([sys.executable, "-c", HOLD], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        assert tree_rss_mb(os.getpid()) - _vm_rss_mb(os.getpid()) >= 60
    finally:
        proc.kill()
        proc.wait()


def test_a_fork_before_its_exec_is_not_counted_twice() -> None:
    """A forked child holds the parent's pages until it writes them: its ``VmRSS`` shows
    the parent's 64 MB again (the naive sum), the tree's memory counts them once."""
    in_a_fresh_process("fork_is_counted_once")


def fork_is_counted_once() -> None:
    from benchmarks.load import tree_rss_mb

    held = bytearray(64 * 1024 * 1024)
    for i in range(0, len(held), 4096):
        held[i] = 1
    child = os.fork()
    if child == 0:  # the child: wait to be killed, never return into pytest
        try:
            time.sleep(30)
        finally:
            os._exit(0)
    try:
        deadline = time.monotonic() + 10
        while _vm_rss_mb(child) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        own = _vm_rss_mb(os.getpid())
        assert own + _vm_rss_mb(child) >= own + 60  # what summing VmRSS would say
        assert tree_rss_mb(os.getpid()) - own < 30
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    assert held[0] == 1
