"""The Lab: many seeds, honest comparisons and sweeps, on this machine or on a Ray cluster.

A comparison in a few lines (the tidy table comes back as a pandas DataFrame)::

    from playground import lab

    results = lab.compare(
        "CliffWalking-v1",
        [lab.algorithm("sarsa", eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0),
         lab.algorithm("q_learning", eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0)],
        seeds=50, episodes=500,
    )
    results.frame()          # algorithm, label, arm, settings, replicate, seed, episode, return, length
    results.summary(last=100)

Pieces: :mod:`~playground.lab.spec` (what an experiment is, caps, seeds),
:mod:`~playground.lab.jobs` (the pure job), :mod:`~playground.lab.fast` (SARSA and
Q-learning on deterministic toy text, same numbers, much faster), :mod:`~playground.lab.executors` (serial, local pool, Ray),
:mod:`~playground.lab.stats` (bootstrap intervals, IQM, P(A > B)),
:mod:`~playground.lab.results` (tables and CSV). Nothing here imports streamlit, torch
(only inside a DQN/REINFORCE job) or ray (only when a Ray executor is made).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from playground.lab.errors import LabError, LabWarning
from playground.lab.executors import (
    Executor,
    LocalExecutor,
    RayExecutor,
    SerialExecutor,
    make_executor,
)
from playground.lab.jobs import JobResult, run_batch, run_job
from playground.lab.results import LabResults, describe_unfinished
from playground.lab.spec import (
    ALGORITHMS,
    ENVIRONMENTS,
    MAX_JOBS,
    MAX_SEEDS,
    AlgorithmSpec,
    EnvSpec,
    Experiment,
    Job,
    Sweep,
    replicate_seed,
)

__all__ = [
    "ALGORITHMS",
    "ENVIRONMENTS",
    "MAX_JOBS",
    "MAX_SEEDS",
    "AlgorithmSpec",
    "EnvSpec",
    "Executor",
    "Experiment",
    "Job",
    "JobResult",
    "LabError",
    "LabResults",
    "LabWarning",
    "LocalExecutor",
    "RayExecutor",
    "SerialExecutor",
    "Sweep",
    "algorithm",
    "compare",
    "make_executor",
    "replicate_seed",
    "run",
    "run_batch",
    "run_job",
    "sweep",
]


def algorithm(name: str, label: str = "", **settings: Any) -> AlgorithmSpec:
    """An algorithm with settings: ``algorithm("sarsa", eta=0.5)`` (see :data:`ALGORITHMS`)."""
    return AlgorithmSpec.of(name, label, **settings)


def _env(env: str | EnvSpec, env_kwargs: Mapping[str, Any] | None) -> EnvSpec:
    return env if isinstance(env, EnvSpec) else EnvSpec.of(env, **(env_kwargs or {}))


def _algorithms(
    algorithms: Iterable[AlgorithmSpec | str] | AlgorithmSpec | str,
) -> tuple[AlgorithmSpec, ...]:
    if isinstance(algorithms, (str, AlgorithmSpec)):
        algorithms = [algorithms]
    return tuple(a if isinstance(a, AlgorithmSpec) else AlgorithmSpec.of(a) for a in algorithms)


def run(
    experiment: Experiment,
    executor: Executor | None = None,
    on_result: Callable[[JobResult, int, int], None] | None = None,
) -> LabResults:
    """Run every job of ``experiment`` and gather the results.

    Runs that fail (or never run: a stopped run, a worker that died) never pass silently:
    a :class:`LabWarning` names them (seed and why), ``results.unfinished()`` lists them,
    and a statistic of an arm with no finished run raises :class:`LabError`.

    Args:
        executor: where to run (default :func:`make_executor`: Ray if ``RAY_ADDRESS`` is
            set and answers, else the shared local process pool).
        on_result: called as ``on_result(result, finished, total)`` as each job finishes.
    """
    executor = executor or make_executor()
    handle = executor.submit(experiment.jobs())
    results = []
    for result in handle:
        results.append(result)
        if on_result is not None:
            on_result(result, handle.finished, handle.total)
    gathered = LabResults(experiment, results, executor.describe(), handle.cancelled)
    unfinished = gathered.unfinished()
    if unfinished:
        reasons = describe_unfinished(unfinished)
        warnings.warn(
            LabWarning(
                "lab_unfinished_runs",
                f"{len(unfinished)} of {handle.total} runs did not finish "
                f"(results.unfinished() lists them): {reasons}",
                n=len(unfinished),
                total=handle.total,
                reasons=reasons,
            ),
            stacklevel=2,
        )
    return gathered


def compare(
    env: str | EnvSpec,
    algorithms: Sequence[AlgorithmSpec | str] | AlgorithmSpec | str,
    seeds: int = 10,
    episodes: int = 500,
    seed: int = 0,
    executor: Executor | None = None,
    env_kwargs: Mapping[str, Any] | None = None,
    *,
    sweep: Sweep | None = None,
) -> LabResults:
    """1–4 algorithms on ``env``, ``seeds`` seeds each, at every point of ``sweep`` if given
    (:func:`sweep` builds it); see :class:`Experiment`."""
    experiment = Experiment(
        _env(env, env_kwargs), _algorithms(algorithms), seeds, episodes, seed, sweep
    )
    return run(experiment, executor)


def sweep(
    env: str | EnvSpec,
    algorithms: Sequence[AlgorithmSpec | str] | AlgorithmSpec | str,
    values: Mapping[str, Sequence[Any]],
    **options: Any,
) -> LabResults:
    """Each algorithm at every combination of ``values`` (one or two settings), ``seeds``
    seeds each: ``sweep("CliffWalking-v1", ["sarsa", "q_learning"], {"eta": [0.1, 0.5, 1.0]})``.
    ``options`` are :func:`compare`'s (``seeds``, ``episodes``, ``seed``, ``executor``,
    ``env_kwargs``) and keep its defaults."""
    return compare(env, algorithms, sweep=Sweep.of(**values), **options)
