"""Where jobs run: in this process, in a pool of local processes, or on a Ray cluster.

One small interface: ``executor.submit(jobs)`` returns a :class:`Run`, an iterator of
:class:`~playground.lab.jobs.JobResult` in the order they finish, with ``cancel()``.
Results do not depend on the executor or on the number of workers: every job carries its
own seed (:func:`~playground.lab.spec.replicate_seed`) and runs alone, whatever task it
shares with others.

* :class:`SerialExecutor` - this process, one batch after another (tests, debugging).
* :class:`LocalExecutor` - a process pool (loky's ``concurrent.futures`` pool): workers
  are fresh interpreters, so they never inherit the server's torch (they import it only
  for a DQN or REINFORCE job) and never import the caller's ``__main__`` (a script without
  a ``__main__`` guard works). The pool is reused across runs and shut down after
  :data:`IDLE_SECONDS` without work (its processes exit).
* :class:`RayExecutor` - Ray tasks on the cluster at ``address`` (``RAY_ADDRESS``), several
  seeds per task, the ``playground`` package shipped with a ``runtime_env``. ``ray`` is
  imported only here, when one is made.

:func:`make_executor` picks Ray when an address is given (or ``RAY_ADDRESS`` is set) and
answers within :data:`RAY_CONNECT_TIMEOUT` seconds, else the local pool, and says why in
``executor.notice``.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import numpy as np

from playground.lab.errors import LabWarning
from playground.lab.jobs import DQN_BATCH_SEEDS, JobResult, run_batch
from playground.lab.spec import Job

__all__ = [
    "IDLE_SECONDS",
    "MAX_BATCH",
    "RAY_CONNECT_TIMEOUT",
    "Executor",
    "LocalExecutor",
    "RayExecutor",
    "Run",
    "SerialExecutor",
    "make_executor",
    "plan_batches",
    "shared_local_executor",
]

MAX_BATCH = 25
"""Most jobs per batch: progress shows and Stop acts between batches."""
IDLE_SECONDS = 120.0
"""A local pool with no work for this long shuts down and its worker processes exit."""
RAY_CONNECT_TIMEOUT = 5.0
"""Seconds a Ray address has to answer before the lab falls back to the local pool."""


def plan_batches(jobs: Sequence[Job], workers: int, max_batch: int = MAX_BATCH) -> list[list[Job]]:
    """Split ``jobs`` into batches (one task each), keeping their order.

    DQN jobs go together by arm and replicate, :data:`~playground.lab.jobs.DQN_BATCH_SEEDS`
    replicates to a batch (replicates 0–4, 5–9, … of an arm, whatever the workers): such a
    batch trains as one batched network (:func:`~playground.lab.jobs.run_batch`). Other
    deep jobs (seconds to minutes each) go one per batch, for balance. The rest go about
    ``len / (4 · workers)`` to a batch, at most ``max_batch``: few enough tasks that their
    overhead does not count (a Ray task shorter than ~10 ms gains nothing), enough that
    every worker has work and progress shows. No job's numbers depend on its batch.
    """
    if not jobs:
        return []
    size = max(1, min(max_batch, math.ceil(len(jobs) / (4 * max(1, workers)))))
    batches: list[list[Job]] = []
    current: list[Job] = []
    dqn: dict[tuple[int, int], list[Job]] = {}
    for job in jobs:
        if job.algorithm.name == "dqn":
            group = dqn.get((job.arm, job.replicate // DQN_BATCH_SEEDS))
            if group is None:
                group = dqn[(job.arm, job.replicate // DQN_BATCH_SEEDS)] = []
                batches.append(group)
            group.append(job)
            continue
        if job.algorithm.info.deep:
            batches.append([job])
            continue
        current.append(job)
        if len(current) == size:
            batches.append(current)
            current = []
    if current:
        batches.append(current)
    return batches


def _failed(batch: Sequence[Job], code: str, reason: str, **params: Any) -> list[JobResult]:
    """Results for jobs whose task failed as a whole: ``reason`` (English) with its code
    (``lab_worker_died``: ``why``; ``lab_task_failed``: ``error``)."""
    empty_f, empty_i = np.zeros(0), np.zeros(0, dtype=np.int64)
    return [
        JobResult(job, empty_f, empty_i, reason, error_code=code, error_params=dict(params))
        for job in batch
    ]


class Run:
    """The results of one submission, as they finish; ``cancel()`` drops what has not run.

    Iterating yields :class:`JobResult` objects; :attr:`finished` counts them out of
    :attr:`total`. After :meth:`cancel` the iteration ends at once (results of batches
    already running are discarded) and :attr:`cancelled` is True.
    """

    def __init__(self, total: int, results: Iterator[list[JobResult]], on_cancel: Any) -> None:
        self.total = total
        self.finished = 0
        self.cancelled = False
        self._results = results
        self._on_cancel = on_cancel

    def __iter__(self) -> Iterator[JobResult]:
        for batch in self._results:
            if self.cancelled:
                return
            for result in batch:
                self.finished += 1
                yield result
            if self.cancelled:
                return

    def cancel(self) -> None:
        """Stop: jobs not started are dropped; the results already yielded stay valid."""
        self.cancelled = True
        self._on_cancel()

    def collect(self) -> list[JobResult]:
        """Every remaining result, ordered by job (arm, then replicate)."""
        return sorted(self, key=lambda r: (r.job.arm, r.job.replicate))


class Executor:
    """What every executor offers."""

    workers: int = 1
    notice: LabWarning | None = None
    """Why this executor was chosen instead of the one asked for (a fallback), or None."""

    def describe(self) -> str:  # pragma: no cover - overridden
        """Where jobs run, for the page: "this process", "2 local processes", "Ray at … (8 CPUs)"."""
        raise NotImplementedError

    def submit(self, jobs: Sequence[Job]) -> Run:  # pragma: no cover - overridden
        raise NotImplementedError

    def close(self) -> None:
        """Release workers (a no-op where there are none)."""


class SerialExecutor(Executor):
    """Runs the batches one after another in this process, when the :class:`Run` is iterated."""

    def describe(self) -> str:
        return "this process"

    def submit(self, jobs: Sequence[Job]) -> Run:
        batches = plan_batches(jobs, 1)
        return Run(len(jobs), (run_batch(batch) for batch in batches), lambda: None)


def _ready() -> int:
    """Run in a worker: import what jobs need (not torch) and return the worker's pid."""
    import playground.lab.fast  # noqa: F401

    return os.getpid()


def _worker_init() -> None:
    # A worker is a fresh interpreter that runs one job at a time; torch (if a deep job
    # imports it) must not spread over every core behind the pool's back.
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def _new_pool(workers: int) -> ProcessPoolExecutor:
    """A loky process pool: each worker a fresh interpreter (fork, then exec), so it never
    inherits the server's torch, and one that does not import the caller's ``__main__``.

    The standard library's spawn and forkserver workers re-run the main script (run as
    ``__mp_main__``) before their first job; a script without an ``if __name__ ==
    "__main__":`` guard then starts a pool inside every worker, which multiprocessing
    refuses, and every job fails. Jobs are importable functions
    (:func:`~playground.lab.jobs.run_batch`), so a worker never needs ``__main__``: loky's
    workers leave it alone (``init_main_module=False``).
    """
    import loky

    return loky.ProcessPoolExecutor(workers, initializer=_worker_init)


class LocalExecutor(Executor):
    """A pool of ``workers`` local processes (default: the machine's cores), reused across runs.

    Workers are fresh interpreters (:func:`_new_pool`): a worker imports only what its jobs
    need (no torch for tabular jobs). After :data:`IDLE_SECONDS` without a run in progress, the pool shuts down
    and its processes exit; the next :meth:`submit` starts a new one.
    """

    def __init__(self, workers: int | None = None, idle_seconds: float = IDLE_SECONDS) -> None:
        self.workers = int(workers or os.cpu_count() or 1)
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {workers}")
        self.idle_seconds = idle_seconds
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._active = 0
        self._timer: threading.Timer | None = None

    def describe(self) -> str:
        return f"{self.workers} local process{'es' if self.workers != 1 else ''}"

    @property
    def running(self) -> bool:
        """A pool (and so its worker processes) exists right now."""
        return self._pool is not None

    def warm_up(self) -> None:
        """Start the pool and its workers now (a page calls this when it opens, so the first
        Run does not wait for processes to start); the idle timer then runs as usual."""
        pool = self._get_pool()
        try:
            for future in [pool.submit(_ready) for _ in range(self.workers)]:
                future.result()
        finally:
            self._release()

    def _get_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._pool is None:
                self._pool = _new_pool(self.workers)
            self._active += 1
            return self._pool

    def _release(self) -> None:
        with self._lock:
            self._active -= 1
            if self._active == 0 and self._pool is not None:
                self._timer = threading.Timer(self.idle_seconds, self._shutdown_if_idle)
                self._timer.daemon = True
                self._timer.start()

    def _shutdown_if_idle(self) -> None:
        with self._lock:
            if self._active == 0 and self._pool is not None:
                self._pool.shutdown(wait=False)
                self._pool = None

    def submit(self, jobs: Sequence[Job]) -> Run:
        batches = plan_batches(jobs, self.workers)
        pool = self._get_pool()
        try:
            futures: dict[Future, list[Job]] = {pool.submit(run_batch, b): b for b in batches}
        except BrokenProcessPool:  # a worker died in an earlier run: start a new pool
            self._discard_broken(pool)
            self._release()
            pool = self._get_pool()
            futures = {pool.submit(run_batch, b): b for b in batches}
        # The pool counts as busy until every future is done or cancelled, whether or not
        # anyone iterates the Run; then the idle timer starts.
        unfinished = [len(futures)]
        counter = threading.Lock()

        def settled(_: Future) -> None:
            with counter:
                unfinished[0] -= 1
                last = unfinished[0] == 0
            if last:
                self._release()

        if futures:
            for future in futures:
                future.add_done_callback(settled)
        else:
            self._release()

        def cancel() -> None:
            for future in futures:
                future.cancel()

        def results() -> Iterator[list[JobResult]]:
            pending = set(futures)
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        if future.cancelled():
                            continue
                        try:
                            yield future.result()
                        except BrokenProcessPool as error:
                            self._discard_broken(pool)
                            why = " ".join(str(error).split())
                            yield _failed(
                                futures[future], "lab_worker_died", f"a worker process died: {why}",
                                why=why,
                            )  # fmt: skip
                        except Exception as error:  # unpicklable result, …: report, go on
                            detail = f"{type(error).__name__}: {error}"
                            yield _failed(futures[future], "lab_task_failed", detail, error=detail)
            finally:
                cancel()

        return Run(len(jobs), results(), cancel)

    def _discard_broken(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None

    def close(self) -> None:
        """Shut the pool down now (its processes exit)."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._pool is not None:
                self._pool.shutdown(wait=True, kill_workers=True)
                self._pool = None


_shared: LocalExecutor | None = None


def shared_local_executor() -> LocalExecutor:
    """The process-wide local pool (one per server: every session shares its workers)."""
    global _shared
    if _shared is None:
        _shared = LocalExecutor()
    return _shared


# ---------------------------------------------------------------------------------- Ray


def _project_package() -> str:
    return str(Path(__file__).resolve().parents[1])


def _ray_run_batch(jobs: list[Job]) -> list[JobResult]:
    return run_batch(jobs)


class RayExecutor(Executor):
    """Ray tasks on the cluster at ``address`` (a GCS address ``host:port`` or ``auto``).

    The ``playground`` package travels with every task (``runtime_env={"py_modules": …}``),
    so the cluster needs only the project's dependencies. Several seeds run per task (see
    :func:`plan_batches`; a Ray task shorter than ~10 ms gains nothing).
    """

    def __init__(self, address: str, connect: bool = True) -> None:
        import ray  # only here: importing ray takes a while

        self._ray = ray
        self.address = address
        if connect and not ray.is_initialized():
            ray.init(
                address=address,
                runtime_env={"py_modules": [_project_package()]},
                log_to_driver=False,
                logging_level="ERROR",
            )
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self._remote = ray.remote(num_cpus=1, max_retries=0)(_ray_run_batch)

    def describe(self) -> str:
        return f"Ray cluster at {self.address} ({self.workers} CPUs)"

    def submit(self, jobs: Sequence[Job]) -> Run:
        ray = self._ray
        batches = plan_batches(jobs, self.workers)
        refs = {self._remote.remote(batch): batch for batch in batches}

        def cancel() -> None:
            for ref in refs:
                with contextlib.suppress(Exception):  # already finished: nothing to cancel
                    ray.cancel(ref)

        def results() -> Iterator[list[JobResult]]:
            pending = list(refs)
            while pending:
                done, pending = ray.wait(pending, num_returns=1)
                for ref in done:
                    try:
                        yield ray.get(ref)
                    except ray.exceptions.TaskCancelledError:
                        continue
                    except Exception as error:
                        detail = f"{type(error).__name__}: {error}"
                        yield _failed(refs[ref], "lab_task_failed", detail, error=detail)

        return Run(len(jobs), results(), cancel)

    def close(self) -> None:
        """Disconnect from the cluster (the cluster itself keeps running)."""
        self._ray.shutdown()


def _answers(address: str, timeout: float) -> bool:
    """Something accepts TCP connections at ``host:port`` within ``timeout`` seconds."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return False
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except OSError:
        return False


class _Fallback(Executor):
    """The shared local pool, with the reason it stands in for Ray."""

    def __init__(self, inner: Executor, notice: LabWarning) -> None:
        self.inner, self.notice, self.workers = inner, notice, inner.workers

    def describe(self) -> str:
        return self.inner.describe()

    def submit(self, jobs: Sequence[Job]) -> Run:
        return self.inner.submit(jobs)


def make_executor(address: str | None = None, timeout: float = RAY_CONNECT_TIMEOUT) -> Executor:
    """Ray at ``address`` (or ``$RAY_ADDRESS``) if given and answering, else the local pool.

    A fallback says why in ``executor.notice``, a :class:`~playground.lab.errors.LabWarning`
    (``str()`` is the English sentence): no answer within ``timeout`` seconds
    (``lab_ray_no_answer``), ``ray`` not installed (``lab_ray_missing``), or Ray's own error
    while connecting (``lab_ray_error``).
    """
    address = (address or os.environ.get("RAY_ADDRESS") or "").strip()
    local = shared_local_executor()
    if not address:
        return local
    where = local.describe()
    if address != "auto" and not _answers(address, timeout):  # "auto": Ray finds a local head
        code, reason = (
            "lab_ray_no_answer",
            f"the Ray cluster at {address} did not answer within {timeout:g} s",
        )
        details: dict[str, Any] = {"timeout": f"{timeout:g}"}
    else:
        try:
            return RayExecutor(address)
        except ImportError:
            code, reason = (
                "lab_ray_missing",
                "Ray is not installed (pip install -r requirements-ray.txt)",
            )
            details = {}
        except Exception as error:
            detail = f"{type(error).__name__}: {error}"
            code, reason = "lab_ray_error", f"could not connect to Ray at {address}: {detail}"
            details = {"error": detail}
    notice = LabWarning(
        code, f"{reason}; running on {where} instead", address=address, workers=local.workers,
        **details,
    )  # fmt: skip
    return _Fallback(local, notice)
