"""The pure job: (environment, algorithm, settings, seed, budget) → per-episode records.

:func:`run_job` and :func:`run_batch` are importable module-level functions of plain data,
so any worker (a local process, a Ray task) can run them. They use the project's own
agents and trainers (``Trainer`` with the tabular agents, ``CartPoleTabularRun``,
``DQNTrainer``, ``ReinforceTrainer``); torch is imported only inside a DQN or REINFORCE job.

A job that raises (a diverging Q table, a network whose loss became NaN, anything else)
does not stop the others: its :class:`JobResult` holds the episodes it finished and
``error``, the reason.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.errors import CoreError
from playground.lab.fast import can_run_fast, run_fast
from playground.lab.spec import Job, child_seeds

__all__ = ["DQN_BATCH_SEEDS", "JobResult", "run_batch", "run_dqn_batch", "run_job"]

DQN_BATCH_SEEDS = 5
"""DQN replicates of one arm trained together as one batched network
(:class:`~playground.agents.dqn_batched.BatchedDQN`): replicates 0–4, 5–9, … A constant of
the Lab, never the number of workers; and a seed's numbers do not depend on its batch
anyway (the batched network gives each seed the single trainer's numbers bit for bit).
Five, not ten: two batches of five keep both cores of a small machine busy, and a batch's
step costs less than twice one seed's."""


@dataclass(frozen=True, eq=False)
class JobResult:
    """What one job produced."""

    job: Job
    returns: np.ndarray
    """Undiscounted return of each finished episode, float64 (the environment's own reward:
    on CartPole +1 per step, whatever reward shaping the agent learnt from)."""
    lengths: np.ndarray
    """Steps of each finished episode, int64."""
    error: str | None = None
    """Why the job stopped early (``"DivergenceError: …"``), or None."""
    evals: tuple[tuple[int, float], ...] = ()
    """DQN / REINFORCE: (episodes done, mean greedy return) of each evaluation."""
    solved_episode: int | None = None
    """DQN / REINFORCE: episodes done when a greedy evaluation first reached the threshold."""
    seconds: float = field(default=0.0, compare=False)
    """Wall time the job took."""
    error_code: str | None = None
    """The code of ``error`` when the core gave one (``"q_diverged"``, ``"dqn_loss"``,
    ``"lab_worker_died"``, …): a page shows ``errors.<code>`` in its language."""
    error_params: dict[str, Any] = field(default_factory=dict)
    """The values ``errors.<code>``'s text needs (plain data: results cross processes)."""

    @property
    def ok(self) -> bool:
        return self.error is None

    def same_numbers(self, other: JobResult) -> bool:
        """Bit-for-bit equal records, error and evaluations (wall time aside)."""
        return (
            self.job == other.job
            and np.array_equal(self.returns, other.returns)
            and np.array_equal(self.lengths, other.lengths)
            and self.error == other.error
            and self.evals == other.evals
            and self.solved_episode == other.solved_episode
        )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _tabular(job: Job, returns: list[float], lengths: list[int]) -> None:
    from playground.agents.tabular import PolicyGradientAgent, QLearningAgent, SarsaAgent
    from playground.training import Trainer

    config = job.algorithm.config(job.env, job.episodes)
    env = job.env.make()
    agent_seed, env_seed = child_seeds(job.seed)
    cls = {"sarsa": SarsaAgent, "q_learning": QLearningAgent}.get(
        job.algorithm.name, PolicyGradientAgent
    )
    agent = cls.for_env(env, config, seed=agent_seed)
    for snapshot in Trainer(env, agent, seed=env_seed).run_episodes(job.episodes):
        returns.append(snapshot.episode_return)
        lengths.append(snapshot.length)


def _cartpole_q(job: Job, returns: list[float], lengths: list[int]) -> None:
    config = job.algorithm.config(job.env, job.episodes)
    run = dataclasses.replace(config, seed=job.seed).build()
    # The page's own run (same seed → the same episodes as the page); its trainer directly,
    # without the page's playback bookkeeping. CartPole pays +1 per step: return = length.
    for snapshot in run.trainer.run_episodes(job.episodes):
        returns.append(float(snapshot.length))
        lengths.append(snapshot.length)


def _deep(job: Job, returns: list[float], lengths: list[int], evals: list, solved: list) -> None:
    from playground.agents.deep_common import EvalRecord

    config = dataclasses.replace(job.algorithm.config(job.env, job.episodes), seed=job.seed)
    if job.algorithm.name == "dqn":
        from playground.agents.dqn import DQNTrainer

        records = DQNTrainer(config).run()
    else:
        from playground.agents.reinforce import ReinforceTrainer

        records = ReinforceTrainer(config).run(job.episodes)
    for record in records:
        if isinstance(record, EvalRecord):
            evals.append((record.episode, record.mean_return))
            if record.solved and not solved:
                solved.append(record.episode)
                if job.stop_when_solved:
                    break
            continue
        returns.append(float(record.episode_return))
        lengths.append(int(record.length))
        if len(returns) >= job.episodes and job.algorithm.name == "dqn":
            break  # DQN's run() counts steps; REINFORCE's run(episodes) ends by itself


def run_job(job: Job, fast: bool = True) -> JobResult:
    """Run one job in this process and return its records (never raises for a failing run).

    With ``fast`` (the default), SARSA and Q-learning on a deterministic toy-text env run
    through :func:`playground.lab.fast.run_fast`, which gives the same numbers bit for bit
    many times faster; ``fast=False`` always takes the general path.
    """
    start = time.perf_counter()
    returns: list[float] = []
    lengths: list[int] = []
    evals: list[tuple[int, float]] = []
    solved: list[int] = []
    error = code = None
    params: dict[str, Any] = {}
    try:
        kind = job.algorithm.name
        if fast and can_run_fast(job):
            fast_returns, fast_lengths, diverged = run_fast(job)
            returns.extend(fast_returns)
            lengths.extend(fast_lengths)
            if diverged is not None:
                error, code, params = _describe(diverged), diverged.code, diverged.params
        elif kind in ("sarsa", "q_learning", "policy_gradient"):
            _tabular(job, returns, lengths)
        elif kind == "cartpole_q":
            _cartpole_q(job, returns, lengths)
        else:
            _deep(job, returns, lengths, evals, solved)
    except Exception as caught:  # reported with the job, the other jobs go on
        error = _describe(caught)
        if isinstance(caught, CoreError):
            code, params = caught.code, dict(caught.params)
    return JobResult(
        job,
        np.array(returns, dtype=np.float64),
        np.array(lengths, dtype=np.int64),
        error,
        tuple(evals),
        solved[0] if solved else None,
        time.perf_counter() - start,
        code,
        params,
    )


def run_dqn_batch(jobs: Sequence[Job]) -> list[JobResult]:
    """DQN jobs of one arm (same settings, different seeds) trained together as one batched
    network; each job's records are those :func:`run_job` gives it alone."""
    start = time.perf_counter()
    try:
        from playground.agents.dqn_batched import BatchedDQN

        first = jobs[0]
        config = first.algorithm.config(first.env, first.episodes)
        configs = [dataclasses.replace(config, seed=job.seed) for job in jobs]
        runs = BatchedDQN(configs, first.episodes, first.stop_when_solved).run()
    except Exception as caught:  # reported with every job of the batch
        empty_f, empty_i = np.zeros(0), np.zeros(0, dtype=np.int64)
        seconds = time.perf_counter() - start
        return [
            JobResult(job, empty_f, empty_i, _describe(caught), seconds=seconds) for job in jobs
        ]
    return [
        JobResult(
            job,
            np.array(run.returns, dtype=np.float64),
            np.array(run.lengths, dtype=np.int64),
            run.error,
            tuple(run.evals),
            run.solved_episode,
            run.seconds,
            run.error_code,
            dict(run.error_params),
        )
        for job, run in zip(jobs, runs, strict=True)
    ]


def _batchable(job: Job) -> tuple:
    return (job.algorithm, job.env, job.arm, job.episodes, job.stop_when_solved)


def run_batch(jobs: Sequence[Job]) -> list[JobResult]:
    """The results of ``jobs``, in order: one task of a pool or of a Ray cluster. DQN jobs of
    one arm train together (:func:`run_dqn_batch`); every other job runs alone
    (:func:`run_job`)."""
    results: dict[int, JobResult] = {}
    groups: dict[tuple, list[int]] = {}
    for i, job in enumerate(jobs):
        if job.algorithm.name == "dqn":
            groups.setdefault(_batchable(job), []).append(i)
        else:
            results[i] = run_job(job)
    for indices in groups.values():
        for i, result in zip(indices, run_dqn_batch([jobs[i] for i in indices]), strict=True):
            results[i] = result
    return [results[i] for i in range(len(jobs))]
