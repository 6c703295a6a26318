"""Many sessions training at once: at most ``live.TRAINING_SLOTS`` chunks run together.

Sessions are threads of the server's process; the rest wait for a slot without holding
the GIL, so the event loop that sends every session's redraws is not starved
(``benchmarks/load.py --train``). Each run here is a ``LiveRun`` driven by a plain thread
as a session's fragment would, without Streamlit (its state set directly).
"""

from __future__ import annotations

import threading
import time

from webui import live


def _runs(n: int, step_s: float) -> tuple[list[live.LiveRun], list[int]]:
    """``n`` running LiveRuns whose sources count how many of them step at once; returns
    the runs and a one-item list holding the most seen."""
    lock = threading.Lock()
    active = [0]
    most = [0]

    def source():
        while True:
            with lock:
                active[0] += 1
                most[0] = max(most[0], active[0])
            time.sleep(step_s)  # a step of training (sleeping, the GIL is free)
            with lock:
                active[0] -= 1
            yield 1

    runs = []
    for k in range(n):
        run = live.LiveRun.__new__(live.LiveRun)
        run.key, run.total, run.budget_s = f"t{k}", 10**9, 0.03
        run._start, run._record, run._count, run._settings = source, None, None, None
        run._state = live._RunState(status="running", chunk_ended_at=0.0)
        runs.append(run)
    return runs, most


def test_at_most_the_slots_run_chunks_at_once_and_every_run_gets_its_chunks() -> None:
    runs, most = _runs(8, 0.005)
    chunks = {run.key: 0 for run in runs}

    def drive(run: live.LiveRun) -> None:
        for _ in range(5):  # five redraws' worth of training
            chunks[run.key] += run.advance() >= 1

    threads = [threading.Thread(target=drive, args=(run,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    assert chunks == {run.key: 5 for run in runs}
    # Without the slots all 8 sources would step at once (each step sleeps).
    assert most[0] == live.TRAINING_SLOTS
    # Every run stepped: each chunk pulled at least one snapshot.
    assert all(run._state.pulled >= 5 for run in runs)
