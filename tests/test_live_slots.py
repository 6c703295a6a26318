"""Many sessions training at once: at most ``live.TRAINING_SLOTS`` chunks run together.

Sessions are threads of the server's process; the rest wait for a slot without holding
the GIL, so the event loop that sends every session's redraws is not starved
(``benchmarks/load.py --train``). Each run here is a ``LiveRun`` driven by a plain thread
as a session's fragment would, without Streamlit (its state set directly).
"""

from __future__ import annotations

import threading
import time

import pytest

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


def _wait_until(condition, limit_s: float = 60.0) -> None:
    """Wait for other threads to reach a point (fails only if they never do)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "the other threads never got there"
        time.sleep(0.001)


def test_waiters_get_the_slot_in_the_order_they_asked() -> None:
    slots = live.TurnSlots(2)
    slots.acquire()
    slots.acquire()  # both slots held: everyone below queues
    order: list[int] = []

    def waiter(k: int) -> None:
        with slots:
            order.append(k)

    threads = []
    for k in range(5):
        threads.append(threading.Thread(target=waiter, args=(k,)))
        threads[-1].start()
        _wait_until(lambda k=k: slots.waiting == k + 1)  # queued in this order
    slots.release()  # one slot for the queue: the waiters pass it on, one by one
    for thread in threads:
        thread.join(60)
    assert order == [0, 1, 2, 3, 4]
    slots.release()
    with pytest.raises(ValueError):
        slots.release()  # both slots are free again: one release too many


def test_a_holder_coming_back_queues_behind_those_already_waiting() -> None:
    """What a semaphore got wrong: the session that just trained took the slot again
    before the session that had been waiting for it."""
    slots = live.TurnSlots(1)
    slots.acquire()
    order: list[str] = []

    def waiter() -> None:
        with slots:
            order.append("waiting session")

    thread = threading.Thread(target=waiter)
    thread.start()
    _wait_until(lambda: slots.waiting == 1)
    slots.release()
    slots.acquire()  # straight back, as a session's next chunk after its redraw
    order.append("returning session")
    slots.release()
    thread.join(60)
    assert order == ["waiting session", "returning session"]


def test_sessions_train_in_turns(monkeypatch) -> None:
    """Four runs wanting one slot train in rounds: each run's chunk once per round, in
    the same order every round, until every run has had its five chunks."""
    slots = live.TurnSlots(1)
    monkeypatch.setattr(live, "_training_slots", slots)
    runs, _ = _runs(4, 0.0)
    active = [len(runs)]
    turns: list[str] = []

    def drive(run: live.LiveRun) -> None:
        for _ in range(5):
            run.advance(budget_s=0.0)  # one snapshot a chunk
        with lock:
            active[0] -= 1

    lock = threading.Lock()
    for run in runs:
        source = run._start

        def start(run=run, source=source):
            for snap in source():
                turns.append(run.key)
                # Hold the slot until every other unfinished run is queued for it, so the
                # order depends on the slots alone, not on how the threads were scheduled.
                _wait_until(lambda: slots.waiting >= active[0] - 1)
                yield snap

        run._start = start
    slots.acquire()  # every run queues before the first chunk
    threads = [threading.Thread(target=drive, args=(run,)) for run in runs]
    for k, thread in enumerate(threads):
        thread.start()
        _wait_until(lambda k=k: slots.waiting == k + 1)
    slots.release()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    first_round = turns[:4]
    assert sorted(first_round) == sorted(run.key for run in runs)
    assert turns == first_round * 5


class _Interrupted(Exception):
    pass


@pytest.mark.parametrize("mode", ["before hand-over", "after hand-over"])
def test_a_waiter_interrupted_in_the_queue_leaves_no_slot_behind(mode: str) -> None:
    """A waiter stopped while queued (its turn's wait raises) leaves the queue, and one
    stopped right as the slot came to it passes the slot on: no slot is lost."""

    class _Turn:
        """A turn whose wait is interrupted: before the hand-over, or after it."""

        def __init__(self) -> None:
            self.lock, self.calls = threading.Lock(), 0

        def acquire(self) -> bool:
            self.calls += 1
            if self.calls == 1:
                return self.lock.acquire()  # taken when queued
            if mode == "after hand-over":
                self.lock.acquire()
            raise _Interrupted

        def release(self) -> None:
            self.lock.release()

    class Slots(live.TurnSlots):
        _new_turn = _Turn

    slots = Slots(1)
    slots.acquire()
    if mode == "before hand-over":
        with pytest.raises(_Interrupted):
            slots.acquire()
        assert slots.waiting == 0
        slots.release()
    else:
        failed: list[BaseException] = []

        def waiter() -> None:
            try:
                slots.acquire()
            except _Interrupted as exc:
                failed.append(exc)

        thread = threading.Thread(target=waiter)
        thread.start()
        _wait_until(lambda: slots.waiting == 1)
        slots.release()  # handed to the waiter, who is interrupted and passes it on
        thread.join(60)
        assert failed and slots.waiting == 0
    # The slot is free again: a new holder gets it (on a thread: a lost slot would hang).
    taker = threading.Thread(target=lambda: (slots.acquire(), slots.release()))
    taker.start()
    taker.join(60)
    assert not taker.is_alive()
    with pytest.raises(ValueError):
        slots.release()
