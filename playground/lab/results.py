"""An experiment's results: the tidy table, curves per arm, summaries, sweep points, CSV.

:class:`LabResults` holds the :class:`~playground.lab.jobs.JobResult` of every finished job
(a stopped run holds fewer) and computes everything a page or a notebook shows from them.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from playground.lab import stats
from playground.lab.errors import LabError
from playground.lab.jobs import JobResult
from playground.lab.spec import Arm, Experiment

__all__ = ["LabError", "LabResults", "describe_unfinished"]


SHOWN_REASONS = 5
"""Runs named one by one in a message about unfinished runs (the rest are counted)."""


def describe_unfinished(rows: list[dict[str, Any]]) -> str:
    """``rows`` of :meth:`LabResults.unfinished` as one line: seed, label and reason of the
    first :data:`SHOWN_REASONS`, and how many more. (A page says it in its own language
    from the rows' ``error_code`` and ``error_params``.)"""
    parts = [
        f"{row['label']}, seed {row['seed']} (run {row['replicate'] + 1}): {row['error']}"
        for row in rows[:SHOWN_REASONS]
    ]
    more = len(rows) - SHOWN_REASONS
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


TIDY_COLUMNS = (
    "algorithm",
    "label",
    "arm",
    "settings",
    "replicate",
    "seed",
    "episode",
    "return",
    "length",
)
"""Columns of :meth:`LabResults.frame` (plus one column per swept setting, after ``arm``)."""


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


@dataclass
class LabResults:
    """Results of an :class:`~playground.lab.spec.Experiment`, ordered by arm then seed."""

    experiment: Experiment
    results: list[JobResult] = field(default_factory=list)
    executor: str = ""
    """Where the jobs ran (``executor.describe()``)."""
    cancelled: bool = False
    """The run was stopped before every job finished."""

    def __post_init__(self) -> None:
        self.results = sorted(self.results, key=lambda r: (r.job.arm, r.job.replicate))

    # -------------------------------------------------------------- per arm
    @property
    def arms(self) -> tuple[Arm, ...]:
        return self.experiment.arms

    def of_arm(self, arm: int) -> list[JobResult]:
        return [r for r in self.results if r.job.arm == arm]

    def curves(self, arm: int, what: str = "return") -> np.ndarray:
        """``(n_seeds, episodes)`` returns (``what="return"``) or lengths of the arm's seeds
        that ran every episode (failed or stopped seeds are left out: see :meth:`errors`)."""
        if what not in ("return", "length"):
            raise ValueError(f"what must be 'return' or 'length', got {what!r}")
        episodes = self.experiment.episodes
        rows = [
            r.returns if what == "return" else r.lengths
            for r in self.of_arm(arm)
            if r.ok and len(r.returns) == episodes
        ]
        return np.array(rows, dtype=np.float64).reshape(len(rows), episodes)

    def errors(self) -> list[dict[str, Any]]:
        """One row per job that failed: arm, label, replicate, seed, episodes done, reason
        (``error``, English) and its code and parameters (``error_code``, ``error_params``)."""
        return [
            {
                "arm": r.job.arm,
                "label": self.arms[r.job.arm].spec.display(),
                "replicate": r.job.replicate,
                "seed": r.job.seed,
                "episodes_done": len(r.returns),
                "error": r.error,
                "error_code": r.error_code,
                "error_params": r.error_params,
            }
            for r in self.results
            if not r.ok
        ]

    def unfinished(self, arm: int | None = None) -> list[dict[str, Any]]:
        """Every job (of ``arm``, or of all arms) that did not run to its end, as
        :meth:`errors` rows: the failed ones with their reason, and those with no result
        (the run was stopped before them, or their result never came back)."""
        done = {(r.job.arm, r.job.replicate) for r in self.results}
        why = "not run: the run was stopped first" if self.cancelled else "no result came back"
        code = "lab_not_run" if self.cancelled else "lab_no_result"
        missing = [
            {
                "arm": job.arm,
                "label": self.arms[job.arm].spec.display(),
                "replicate": job.replicate,
                "seed": job.seed,
                "episodes_done": 0,
                "error": why,
                "error_code": code,
                "error_params": {},
            }
            for job in self.experiment.jobs()
            if (job.arm, job.replicate) not in done
        ]
        rows = sorted(self.errors() + missing, key=lambda row: (row["arm"], row["replicate"]))
        return [row for row in rows if arm is None or row["arm"] == arm]

    def _finished_curves(self, arm: int, what: str) -> np.ndarray:
        """:meth:`curves`, or :class:`LabError` naming why no run of ``arm`` finished."""
        curves = self.curves(arm, what)
        if len(curves) == 0:
            label = self.arms[arm].spec.display()
            unfinished = self.unfinished(arm)
            reasons = describe_unfinished(unfinished) if unfinished else "no run finished"
            raise LabError(
                "lab_no_finished_run",
                f"no run of {label} finished, so it has no statistics "
                f"({len(unfinished)} of {self.experiment.seeds} runs did not finish): {reasons}",
                label=label,
                n=len(unfinished),
                seeds=self.experiment.seeds,
                reasons=reasons,
            )
        return curves

    # -------------------------------------------------------------- tables
    def frame(self) -> Any:
        """The tidy table, one row per episode of every run, as a pandas DataFrame:
        algorithm, label, arm, the swept settings, settings (JSON), replicate, seed,
        episode (1-based), return, length."""
        import pandas as pd

        swept = self.experiment.sweep.names if self.experiment.sweep else ()
        after_arm = TIDY_COLUMNS.index("arm") + 1
        names = (*TIDY_COLUMNS[:after_arm], *swept, *TIDY_COLUMNS[after_arm:])
        columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
        for r in self.results:
            n = len(r.returns)
            arm = self.arms[r.job.arm]
            point = dict(arm.point)
            constant = {
                "algorithm": r.job.algorithm.name,
                "label": arm.spec.display(),
                "arm": r.job.arm,
                **{name: point[name] for name in swept},
                "settings": json.dumps(
                    {k: _plain(v) for k, v in r.job.algorithm.settings}, sort_keys=True
                ),
                "replicate": r.job.replicate,
                "seed": r.job.seed,
            }
            for name, value in constant.items():
                columns[name].append(
                    np.full(n, value, dtype=object if isinstance(value, str) else None)
                )
            columns["episode"].append(np.arange(1, n + 1))
            columns["return"].append(r.returns)
            columns["length"].append(r.lengths)
        data = {
            name: np.concatenate(parts) if parts else np.zeros(0) for name, parts in columns.items()
        }
        return pd.DataFrame(data)

    def to_csv(self, path: str | None = None) -> str:
        """The tidy table as CSV text (also written to ``path`` if given)."""
        buffer = io.StringIO()
        self.frame().to_csv(buffer, index=False, lineterminator="\n")
        text = buffer.getvalue()
        if path is not None:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
        return text

    def summary(
        self,
        last: int = 10,
        threshold: float | None = None,
        window: int = 1,
        what: str = "return",
        partial: bool = False,
    ) -> list[dict[str, Any]]:
        """Per arm: seeds that finished, ``unfinished`` (runs that failed or never ran: see
        :meth:`unfinished`), mean and IQM of the mean over the last ``last`` episodes with
        their 95 % bootstrap intervals, and (with ``threshold``) the median episodes to
        reach it and how many seeds did.

        Raises :class:`LabError` (naming the runs and why) when an arm has no finished run,
        unless ``partial``: then that arm's row has ``seeds`` 0 and no statistics (a page
        showing a run in progress or stopped)."""
        rows = []
        unfinished = Counter(row["arm"] for row in self.unfinished())
        for arm in self.arms:
            curves = self.curves(arm.index, what)
            if not len(curves) and not partial:
                self._finished_curves(arm.index, what)  # raises, saying why
            row: dict[str, Any] = {
                "arm": arm.index,
                "label": arm.spec.display(),
                "seeds": len(curves),
                "unfinished": unfinished[arm.index],
            }
            if len(curves):
                scores = stats.measure(curves, "last", min(last, curves.shape[1]))
                mean = stats.bootstrap_interval(scores, "mean")
                middle = stats.bootstrap_interval(scores, "iqm")
                row.update(
                    mean=mean.estimate, mean_low=mean.low, mean_high=mean.high,
                    iqm=middle.estimate, iqm_low=middle.low, iqm_high=middle.high,
                )  # fmt: skip
                if threshold is not None:
                    hits = [stats.episodes_to_threshold(c, threshold, window) for c in curves]
                    reached = [h for h in hits if h is not None]
                    row["solved_seeds"] = len(reached)
                    row["median_episodes_to_threshold"] = (
                        float(np.median(reached)) if reached else None
                    )
            rows.append(row)
        return rows

    def probability_of_improvement(
        self, a: int, b: int, last: int = 10, what: str = "return"
    ) -> float:
        """P(arm ``a`` beats arm ``b``) on the mean of the last ``last`` episodes per seed
        (over the seeds that finished; :class:`LabError` if an arm has none)."""
        score = [
            stats.measure(c, "last", min(last, c.shape[1]))
            for c in (self._finished_curves(a, what), self._finished_curves(b, what))
        ]
        return stats.probability_of_improvement(*score)

    def sweep_points(
        self,
        kind: str = "last",
        n: int = 10,
        threshold: float | None = None,
        what: str = "return",
        higher_is_better: bool = True,
    ) -> list[dict[str, Any]]:
        """Per arm: the algorithm, the swept values, the measure (:func:`stats.measure`)
        averaged over seeds with its 95 % interval, ``best`` (per algorithm) marked, and
        ``unfinished``: runs of the arm that failed or never ran (:meth:`unfinished`)."""
        swept = self.experiment.sweep.names if self.experiment.sweep else ()
        rows = []
        unfinished = Counter(row["arm"] for row in self.unfinished())
        for arm in self.arms:
            curves = self.curves(arm.index, what)
            row: dict[str, Any] = {
                "arm": arm.index,
                "algorithm": arm.algorithm.without(*swept).display(),
                **dict(arm.point),
            }
            values = stats.measure(curves, kind, n, threshold) if len(curves) else np.zeros(0)
            values = values[np.isfinite(values)]
            if values.size:
                interval = stats.bootstrap_interval(values, "mean")
                row.update(
                    value=interval.estimate,
                    low=interval.low,
                    high=interval.high,
                    seeds=int(values.size),
                )
            else:
                row.update(value=float("nan"), low=float("nan"), high=float("nan"), seeds=0)
            row["unfinished"] = unfinished[arm.index]
            rows.append(row)
        for algorithm in {row["algorithm"] for row in rows}:
            mine = [
                row for row in rows if row["algorithm"] == algorithm and np.isfinite(row["value"])
            ]
            pick = max if higher_is_better else min
            best = pick(mine, key=lambda row: row["value"]) if mine else None
            for row in rows:
                if row["algorithm"] == algorithm:
                    row["best"] = row is best
        return rows
