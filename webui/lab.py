"""The Lab page's pieces: its settings, the experiment they describe, share codes, the run.

Settings
    Every widget of the page is one entry of :func:`spec`, a flat table of
    :mod:`webui.params` settings: the environment, the mode (comparison or sweep), up to
    :data:`~playground.lab.spec.MAX_ALGORITHMS` algorithm slots (``a0`` … ``a3``) each with
    every algorithm's own settings (``a0.sarsa.eta``, … so that switching a slot's
    algorithm and back keeps its values), seeds, the sweep and the view. The ranges are
    those of each algorithm's page. :func:`experiment_of` turns the values into a checked
    :class:`~playground.lab.Experiment`; :func:`values_of` turns an experiment back into
    values (presets, share links).

Share link
    ``?x=<code>``: the experiment's :meth:`~playground.lab.Experiment.to_dict` and the view
    settings as JSON, deflated and base64url-encoded (:func:`encode` / :func:`decode`).
    A link that cannot be read gives a message and the defaults, never a traceback.

The run
    :class:`LabRun` submits the experiment's jobs to an executor and collects the results
    in a background thread (the executor's iterator blocks until a batch finishes; the
    page must not). The page polls it: progress, curves as runs finish, Stop (cancels what
    has not run, keeps what finished), Resume (runs only the jobs that have not finished).
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import re
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import webui
from playground import lab
from playground.envs.gridworld import MAX_CODE_CHARS, MAX_SIZE, MIN_SIZE, GridError
from playground.errors import CoreError
from playground.lab.executors import Executor, shared_local_executor
from playground.lab.spec import MAX_ALGORITHMS, MAX_SEEDS
from webui import i18n, params

PREFIX = "lab"
SLOTS = tuple(f"a{i}" for i in range(MAX_ALGORITHMS))
"""The algorithm slots' names."""

_TD_SCHEDULES = ("halve", "constant", "linear")
_TD_ETA = (*params.log_grid(0.001, 1.0), 2.0, 3.0)  # the SARSA and Q-learning page's grid
_DEEP_LR = params.log_grid(1e-5, 1.0, per_decade=(1, 2.5, 5))


@dataclass(frozen=True)
class Setting:
    """One setting an algorithm shows: its config field, its label and its range."""

    field: str
    label: str
    """A symbol (``η``) or an i18n key (``lab.set_…``)."""
    param: params.Param


_TD = (
    Setting("eta", "η", params.LogFloat(default=0.1, grid=_TD_ETA)),
    Setting("gamma", "γ", params.Float(default=0.9, min=0.0, max=1.0, step=0.01)),
    Setting("epsilon", "ε", params.Float(default=0.5, min=0.0, max=1.0, step=0.05)),
    Setting("schedule", "lab.set_schedule", params.Choice(default="halve", choices=_TD_SCHEDULES)),
    Setting(
        "q_init", "lab.set_q_init", params.Choice(default="random", choices=("random", "zeros"))
    ),
)
ALGORITHM_SETTINGS: dict[str, tuple[Setting, ...]] = {
    "sarsa": _TD,
    "q_learning": _TD,
    "policy_gradient": (
        Setting("eta", "η", params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0))),
        Setting("beta", "β", params.LogFloat(default=1.0, grid=params.log_grid(0.1, 10.0))),
    ),
    "cartpole_q": (
        Setting("bins", "lab.set_bins", params.Int(default=6, min=2, max=12)),
        Setting("eta", "η", params.Float(default=0.5, min=0.01, max=1.0, step=0.01)),
        Setting("gamma", "γ", params.Float(default=0.99, min=0.0, max=1.0, step=0.01)),
        Setting("epsilon", "ε", params.Float(default=0.5, min=0.0, max=1.0, step=0.01)),
        Setting(
            "epsilon_schedule",
            "lab.set_schedule",
            params.Choice(default="inverse", choices=("inverse", "linear", "constant")),
        ),
        Setting("shaping", "lab.set_shaping", params.Bool(default=True)),
    ),
    "dqn": (  # defaults: DQN's fast preset (tests/app/test_lab_page.py checks them)
        Setting("learning_rate", "lab.set_lr", params.LogFloat(default=2.5e-3, grid=_DEEP_LR)),
        Setting("batch_size", "lab.set_batch", params.Int(default=256, min=16, max=512, step=16)),
        Setting("gamma", "γ", params.Float(default=0.99, min=0.0, max=1.0, step=0.01)),
        Setting("double_dqn", "lab.set_double", params.Bool(default=True)),
        Setting(
            "target_mode",
            "lab.set_target",
            params.Choice(default="soft", choices=("none", "hard", "soft")),
        ),
        Setting("tau", "τ", params.Float(default=0.03, min=0.001, max=1.0, step=0.001)),
    ),
    "reinforce": (  # defaults: REINFORCE's fast preset
        Setting("learning_rate", "lab.set_lr", params.LogFloat(default=1e-2, grid=_DEEP_LR)),
        Setting("hidden_size", "lab.set_hidden", params.Int(default=64, min=8, max=512, step=8)),
        Setting("gamma", "γ", params.Float(default=0.99, min=0.0, max=1.0, step=0.01)),
        Setting("normalise_returns", "lab.set_normalise", params.Bool(default=True)),
        Setting("baseline", "lab.set_baseline", params.Bool(default=False)),
        Setting(
            "entropy_coef",
            "lab.set_entropy",
            params.Float(default=0.01, min=0.0, max=0.2, step=0.001),
        ),
    ),
}
"""What each algorithm shows on the Lab page: the settings (and ranges) of its own page."""

ENVIRONMENTS = tuple(lab.ENVIRONMENTS)
THRESHOLDS = {"CliffWalking-v1": -20.0, "Taxi-v4": 0.0, "CartPole-v1": 475.0, "CartPole-v0": 195.0}
"""Default return threshold ("solved") per environment (others: 1.0, reaching the goal)."""
MEASURES = ("first", "last", "solve")
MAX_EPISODES = 5_000
"""Most episodes per run on the page (the tabular pages' maximum)."""


def algorithms_for(env: str) -> tuple[str, ...]:
    """The algorithms that run on ``env``."""
    kind = lab.ENVIRONMENTS[env].kind
    return tuple(name for name, info in lab.ALGORITHMS.items() if info.env_kind == kind)


Row = params.Setting
TABLE: params.Table = {
    "env": Row(params.Choice(default="CliffWalking-v1", choices=ENVIRONMENTS), choice_labels="lab.env"),
    "fl_map": Row(params.Choice(default="4x4", choices=lab.spec.FROZEN_LAKE_MAPS),
                  style="segmented", choice_labels="lab.fl_map"),
    "fl_slippery": Row(params.Bool(default=True), help="grid.slippery_help"),
    "fl_size": Row(params.Int(default=8, min=MIN_SIZE, max=MAX_SIZE), label="grid.map_size",
                   help="grid.map_size_help"),
    "fl_seed": Row(params.Int(default=0, min=0, max=9_999), style="number", label="grid.map_seed",
                   help="grid.map_seed_help"),
    "grid": Row(params.Text(default=lab.spec.DEFAULT_GRID, max_len=MAX_CODE_CHARS),
                label="lab.grid_code", help="lab.grid_code_help"),
    "mode": Row(params.Choice(default="compare", choices=("compare", "sweep")), style="segmented",
                choice_labels="lab.mode"),
    "n_algorithms": Row(params.Int(default=2, min=1, max=MAX_ALGORITHMS), style="number"),
    "seeds": Row(params.Int(default=10, min=1, max=MAX_SEEDS), style="number", help="lab.seeds_help"),
    "episodes": Row(params.Int(default=200, min=1, max=MAX_EPISODES), style="number"),
    "seed": Row(params.Int(default=0, min=0, max=9_999), style="number", label="lab.experiment_seed",
                help="lab.experiment_seed_help"),
    # The swept settings' choices depend on the algorithms: drawn by the page.
    "sweep1": Row(params.Text(default="eta", max_len=40)),
    "values1": Row(params.Text(default="0.1, 0.3, 0.5, 0.7, 0.9", max_len=400),
                   label="lab.sweep_values", label_format={"n": 1}, help="lab.sweep_values_help"),
    "sweep2": Row(params.Text(default="", max_len=40)),
    "values2": Row(params.Text(default="", max_len=400), label="lab.sweep_values",
                   label_format={"n": 2}),
    "measure": Row(params.Choice(default="last", choices=MEASURES), style="segmented",
                   choice_labels="lab.measure"),
    "measure_n": Row(params.Int(default=50, min=1, max=MAX_EPISODES), style="number"),
    "threshold": Row(params.Float(default=-20.0, min=-10_000.0, max=10_000.0, step=1.0),
                     style="number", help="lab.threshold_help"),
    "smooth": Row(params.Int(default=10, min=1, max=200), help="lab.smooth_help"),
    "per_seed": Row(params.Bool(default=False)),
    "ray": Row(params.Text(default="", max_len=200), label="lab.ray_address", help="lab.ray_help"),
}  # fmt: skip
"""The page's own settings (see the module docstring); the algorithms' are
:data:`ALGORITHM_SETTINGS`, per slot."""


def widgets(p: params.Bound, *keys: str, **overrides: Any) -> None:
    """The widgets of the page's settings ``keys`` (see :data:`TABLE`)."""
    params.widgets(p, TABLE, *keys, text="lab", **overrides)


def spec() -> params.Spec:
    """Every setting of the page: :data:`TABLE`'s and each slot's algorithm and settings."""
    table = params.spec_of(TABLE)
    defaults = ("sarsa", "q_learning", "sarsa", "q_learning")
    for slot, default in zip(SLOTS, defaults, strict=True):
        table[slot] = params.Choice(default=default, choices=tuple(lab.ALGORITHMS))
        for name, settings in ALGORITHM_SETTINGS.items():
            for setting in settings:
                table[f"{slot}.{name}.{setting.field}"] = setting.param
    return table


SPEC = spec()
VIEW_KEYS = ("measure", "measure_n", "threshold", "smooth", "per_seed", "mode")
"""Settings of what is shown, not of what runs (they travel in the share link too)."""


def bind() -> params.Bound:
    """The page's settings in session state (the URL holds a share code instead: see
    :func:`sync_link`)."""
    bound = params.Bound(spec=SPEC, prefix=PREFIX)
    state = st.session_state
    for name, param in SPEC.items():
        key = bound.value_key(name)
        state[key] = param.default if key not in state else param.clamp(state[key])
    return bound


# ------------------------------------------------------------------ settings ↔ experiment


def _env_spec(values: Mapping[str, Any]) -> lab.EnvSpec:
    if values["env"] == "FrozenLake-v1":
        fl = {"map_name": values["fl_map"], "is_slippery": values["fl_slippery"]}
        if values["fl_map"] == "random":
            fl |= {"map_size": values["fl_size"], "map_seed": values["fl_seed"]}
        return lab.EnvSpec.of("FrozenLake-v1", **fl)
    if values["env"] == "custom_grid":
        return lab.EnvSpec.of("custom_grid", grid=values["grid"])
    return lab.EnvSpec.of(values["env"])


EDITOR_GRID = "ge.grid"
"""Session-state key of the grid editor's grid (its share code), for "the editor's grid"."""


def grid_input(bound: params.Bound) -> None:
    """A custom grid's share code, and a button that takes the grid editor's grid of this
    session (when there is one and it differs)."""
    widgets(bound, "grid")
    editor = st.session_state.get(EDITOR_GRID)
    st.button(
        webui.t("lab.grid_from_editor"),
        key="_lab.grid_from_editor",
        icon=":material/grid_on:",
        help=webui.t("lab.grid_from_editor_help"),
        disabled=not editor or editor == bound["grid"],
        on_click=lambda: bound.set("grid", editor),
    )


def slot_algorithms(values: Mapping[str, Any]) -> list[str]:
    """The algorithm of each slot in use."""
    return [values[slot] for slot in SLOTS[: values["n_algorithms"]]]


def _algorithm(values: Mapping[str, Any], slot: str) -> lab.AlgorithmSpec:
    name = values[slot]
    settings = {s.field: values[f"{slot}.{name}.{s.field}"] for s in ALGORITHM_SETTINGS[name]}
    return lab.AlgorithmSpec.of(name, **settings)


def sweepable(values: Mapping[str, Any]) -> list[str]:
    """Settings every chosen algorithm has (what a sweep can vary)."""
    chosen = slot_algorithms(values)
    fields = [s.field for s in ALGORITHM_SETTINGS[chosen[0]]]
    return [f for f in fields if all(f in _fields(name) for name in chosen)]


def _fields(name: str) -> tuple[str, ...]:
    return tuple(s.field for s in ALGORITHM_SETTINGS[name])


def _param_of(values: Mapping[str, Any], field_name: str) -> params.Param:
    name = slot_algorithms(values)[0]
    return next(s.param for s in ALGORITHM_SETTINGS[name] if s.field == field_name)


def _number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_values(text: str, param: params.Param, name: str) -> list[Any]:
    """A sweep's values from text: ``0.1, 0.3, 0.5`` or ``start:stop:count`` (evenly
    spaced, both ends included); each checked against the setting's range."""
    text = text.strip()
    if ":" in text and isinstance(param, params.Float | params.LogFloat | params.Int):
        parts = text.split(":")
        try:
            start, stop, count = float(parts[0]), float(parts[1]), int(parts[2])
        except (ValueError, IndexError):
            raise ValueError(
                webui.t("lab.bad_range", name=name, text=webui.literal(text))
            ) from None
        if not 1 <= count <= lab.spec.MAX_SWEEP_VALUES:
            raise ValueError(
                webui.t("lab.bad_count", name=name, count=count, most=lab.spec.MAX_SWEEP_VALUES)
            )
        tokens = [f"{start + (stop - start) * i / max(1, count - 1):.12g}" for i in range(count)]
    else:
        tokens = [t for t in text.replace(";", ",").split(",") if t.strip()]
    if not tokens:
        raise ValueError(webui.t("lab.no_values", name=name))
    out: list[Any] = []
    for token in tokens:
        value, changed = param.parse(token.strip())
        if isinstance(param, params.LogFloat):  # any value in range, not only the grid's
            number = _number(token)
            changed = number is None or not param.min <= number <= param.max
            value = number
        if changed:
            raise ValueError(
                webui.t("lab.bad_value", name=name, value=webui.literal(token.strip()))
            )
        out.append(value)
    return out


def experiment_of(values: Mapping[str, Any]) -> lab.Experiment:
    """The experiment the settings describe; ``ValueError`` with a message if they cannot
    run (no sweep values, too many jobs, a bad setting)."""
    algorithms = tuple(_algorithm(values, slot) for slot in SLOTS[: values["n_algorithms"]])
    sweep = None
    if values["mode"] == "sweep":
        axes = {}
        for name_key, values_key in (("sweep1", "values1"), ("sweep2", "values2")):
            name = values[name_key]
            if not name:
                continue
            if name not in sweepable(values):
                raise ValueError(webui.t("lab.not_sweepable", name=webui.literal(name)))
            axes[name] = parse_values(values[values_key], _param_of(values, name), name)
        if not axes:
            raise ValueError(webui.t("lab.no_sweep"))
        sweep = lab.Sweep.of(**axes)
    return lab.Experiment(
        _env_spec(values),
        algorithms,
        values["seeds"],
        values["episodes"],
        values["seed"],
        sweep,
    )


def _text_of(values: list[Any]) -> str:
    return ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def arm_labels(experiment: lab.Experiment, name_of: Any) -> tuple[list[str], dict[str, str]]:
    """Legend names: per arm (``SARSA``, ``SARSA #3``, ``SARSA (eta=0.5)`` in a sweep), and
    per algorithm of a sweep, keyed as ``LabResults.sweep_points`` names them."""
    names = [name_of(a.name) for a in experiment.algorithms]
    names = [f"{n} #{i + 1}" if names.count(n) > 1 else n for i, n in enumerate(names)]
    swept = experiment.sweep.names if experiment.sweep else ()
    per_algorithm = {
        a.without(*swept).display(): n for a, n in zip(experiment.algorithms, names, strict=True)
    }
    points = len(experiment.arms) // len(experiment.algorithms)
    per_arm = []
    for arm in experiment.arms:
        where = ", ".join(f"{k}={_text_of([v])}" for k, v in arm.point)
        per_arm.append(names[arm.index // points] + (f" ({where})" if where else ""))
    return per_arm, per_algorithm


def values_of(experiment: lab.Experiment, view: Mapping[str, Any]) -> dict[str, Any]:
    """The page's settings that show ``experiment`` (and the view settings ``view``)."""
    kwargs = dict(experiment.env.kwargs)
    out: dict[str, Any] = {
        "env": experiment.env.name,
        "n_algorithms": len(experiment.algorithms),
        "seeds": experiment.seeds,
        "episodes": experiment.episodes,
        "seed": experiment.seed,
        "mode": "sweep" if experiment.sweep else "compare",
        "sweep1": "",
        "values1": "",
        "sweep2": "",
        "values2": "",
    }
    if experiment.env.name == "FrozenLake-v1":
        out.update(fl_map=kwargs["map_name"], fl_slippery=kwargs["is_slippery"])
        if kwargs["map_name"] == "random":
            out.update(fl_size=kwargs["map_size"], fl_seed=kwargs["map_seed"])
    if experiment.env.name == "custom_grid":
        out["grid"] = kwargs["grid"]
    for slot, algorithm in zip(SLOTS, experiment.algorithms, strict=False):
        out[slot] = algorithm.name
        shown = _fields(algorithm.name)
        for name, value in algorithm.settings:
            if name in shown:
                out[f"{slot}.{algorithm.name}.{name}"] = value
    if experiment.sweep:
        for i, (name, swept) in enumerate(experiment.sweep.params, start=1):
            out[f"sweep{i}"], out[f"values{i}"] = name, _text_of(list(swept))
    out.update({k: v for k, v in view.items() if k in VIEW_KEYS and k != "mode"})
    return out


def apply(bound: params.Bound, values: Mapping[str, Any]) -> None:
    """Set the page's settings (a preset, a share link); unknown names are ignored."""
    for name, value in values.items():
        if name in bound.spec:
            bound.set(name, value)


# ------------------------------------------------------------------------- share codes

SHARE_PARAM = "x"
RUN_PARAM = "run"
LINK_READ = "lab.link_read"
"""Session key: the page has read its link (drop it to have the next run read it again)."""


def encode(experiment: lab.Experiment, view: Mapping[str, Any]) -> str:
    """A compact, URL-safe code of the experiment and the view settings."""
    payload = {"experiment": experiment.to_dict(), "view": {k: view[k] for k in VIEW_KEYS}}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


MAX_CODE = 8_000
"""Longest share code read (a real one is a few hundred characters)."""


def decode(code: str) -> tuple[lab.Experiment, dict[str, Any]]:
    """The experiment and view settings of a share code; ``ValueError`` saying what is
    wrong with a code that cannot be read or describes an experiment that cannot run."""
    if len(code) > MAX_CODE:
        raise ValueError(webui.t("lab.link_too_long"))
    try:
        raw = zlib.decompressobj().decompress(
            base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)), 64_000
        )
        payload = json.loads(raw)
        data, view = payload["experiment"], payload.get("view", {})
        if not isinstance(view, dict):
            raise TypeError("view")
    except (ValueError, TypeError, KeyError, zlib.error):
        raise ValueError(webui.t("lab.link_unreadable")) from None
    experiment = lab.Experiment.from_dict(data)  # ValueError naming a bad value
    return experiment, {k: v for k, v in view.items() if k in VIEW_KEYS}


def message(error: BaseException) -> str:
    """``error`` in the page's language: a core error (the Lab's ``LabError`` and
    ``LabWarning`` among them) by its code, and a core error among its parameters (a bad
    setting's reason) translated too; any other error by its message."""
    if isinstance(error, CoreError) and f"errors.{error.code}" in i18n.TEXT["en"]:
        fields = {
            k: message(v) if isinstance(v, BaseException) else v for k, v in error.params.items()
        }
        return webui.t(f"errors.{error.code}", **fields)
    if isinstance(error, GridError):  # the grid editor's reasons, by code
        try:
            return webui.t(f"grid.error_{error.code}", **error.details)
        except (KeyError, IndexError, ValueError):
            return webui.t("grid.error_cells")
    return webui.errors.describe(error)


def unfinished_text(rows: list[dict[str, Any]], labels: list[str]) -> str:
    """``LabResults.unfinished()`` rows as one line in the page's language (the core's
    ``describe_unfinished`` says it in English): each run's algorithm (``labels`` per arm),
    seed and reason, by the reason's code; the first few, and how many more."""
    shown = lab.results.SHOWN_REASONS
    parts = []
    for row in rows[:shown]:
        key = f"errors.{row.get('error_code')}"
        reason = webui.t(key, **row["error_params"]) if key in i18n.TEXT["en"] else row["error"]
        parts.append(
            webui.t("lab.unfinished_row", label=labels[row["arm"]], seed=row["seed"],
                    run=row["replicate"] + 1, reason=reason)
        )  # fmt: skip
    more = len(rows) - shown
    tail = webui.t("lab.unfinished_more", n=more) if more > 0 else ""
    return webui.t("lab.unfinished_sep").join(parts) + tail


def read_link(bound: params.Bound) -> tuple[str | None, bool]:
    """On the session's first run of the page: apply the link's ``x`` code. Returns a
    message for a link that cannot be used (the defaults stay) and whether the link asks
    to run on open."""
    state = st.session_state
    if LINK_READ in state:
        return None, False
    state[LINK_READ] = True
    code = st.query_params.get(SHARE_PARAM)
    if not code:
        return None, False
    try:
        experiment, view = decode(code)
    except ValueError as error:
        return webui.t("lab.link_bad", reason=message(error)), False
    apply(bound, values_of(experiment, view))
    if "mode" in view and view["mode"] in ("compare", "sweep"):
        bound.set("mode", view["mode"] if experiment.sweep else "compare")
    return None, st.query_params.get(RUN_PARAM) == "1"


def link_query(experiment: lab.Experiment | None, view: Mapping[str, Any]) -> dict[str, str]:
    """The address bar's query: language and the share code of what the page shows."""
    query = {"lang": webui.lang()} if webui.lang() != "en" else {}
    if experiment is not None:
        query[SHARE_PARAM] = encode(experiment, view)
    return query


# ------------------------------------------------------------------------------ presets


def _cliff(name: str) -> lab.AlgorithmSpec:
    return lab.algorithm(name, eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0, q_init="zeros")


PRESETS: dict[str, tuple[lab.Experiment, dict[str, Any]]] = {
    "fig64": (
        lab.Experiment(
            lab.EnvSpec.of("CliffWalking-v1"), (_cliff("sarsa"), _cliff("q_learning")), 50, 500
        ),
        {"smooth": 10, "per_seed": False, "threshold": -20.0, "measure": "last", "measure_n": 100},
    ),
    "fig63": (
        lab.Experiment(
            lab.EnvSpec.of("CliffWalking-v1"),
            (_cliff("sarsa").without("eta"), _cliff("q_learning").without("eta")),
            10,
            100,
            sweep=lab.Sweep.range("eta", 0.1, 1.0, 10),
        ),
        {"smooth": 10, "per_seed": False, "threshold": -20.0, "measure": "first", "measure_n": 100},
    ),
}
"""Sutton & Barto's Figure 6.4 (online return of SARSA and Q-learning on cliff walking,
ε 0.1, α 0.5) and Figure 6.3 (return over the first 100 episodes against α)."""


# ------------------------------------------------------------------------------ the run


@dataclass
class LabRun:
    """One experiment's run on the page: results collected as they finish."""

    experiment: lab.Experiment
    where: str = ""
    """Where the jobs run (``executor.describe()``)."""
    notice: lab.LabWarning | None = None
    """Why the executor asked for is not the one used (a Ray address that did not answer)."""
    results: list[lab.JobResult] = field(default_factory=list)
    status: str = "running"
    """``"running"``, ``"stopped"`` or ``"finished"``."""
    seconds: float = 0.0
    _handle: Any = None
    _started: float = 0.0
    _memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.experiment.arms) * self.experiment.seeds

    @property
    def finished(self) -> int:
        return len(self.results)

    def start(self, executor: Executor) -> None:
        """Submit the jobs that have no result yet and collect them in a thread."""
        done = {(r.job.arm, r.job.replicate) for r in self.results}
        jobs = [j for j in self.experiment.jobs() if (j.arm, j.replicate) not in done]
        self.where, self.notice = executor.describe(), executor.notice
        self.status, self._started = "running", time.perf_counter()
        handle = executor.submit(jobs)
        self._handle = handle

        def collect() -> None:
            for result in handle:
                self.results.append(result)
            if self._handle is handle and not handle.cancelled:
                self.seconds += time.perf_counter() - self._started
                self.status = "finished"

        threading.Thread(target=collect, daemon=True, name="lab-collect").start()

    def stop(self) -> None:
        """Cancel the jobs that have not finished; keep the results that have."""
        if self.status == "running" and self._handle is not None:
            self._handle.cancel()
            self.seconds += time.perf_counter() - self._started
            self.status = "stopped"

    def memo(self, key: Any, results: lab.LabResults, compute: Any) -> Any:
        """``compute()``, built from the snapshot ``results``, once per ``key`` and snapshot:
        a figure or table is recomputed (bootstraps take a while) only when a run has
        finished since. Keyed by the snapshot's runs, not by the count now: jobs keep
        finishing in another thread while the page draws, and a figure of fewer runs must
        not be kept as the figure of all of them."""
        full = (key, len(results.results), results.cancelled, self.status)
        if full not in self._memo:
            if len(self._memo) > 16:
                self._memo.clear()
            self._memo[full] = compute()
        return self._memo[full]

    def lab_results(self) -> lab.LabResults:
        return lab.LabResults(
            self.experiment, list(self.results), self.where, self.status == "stopped"
        )


RUN_KEY = "lab.run"


def current_run() -> LabRun | None:
    run = st.session_state.get(RUN_KEY)
    return run if isinstance(run, LabRun) else None


def start_run(experiment: lab.Experiment, address: str) -> LabRun:
    """Run ``experiment`` (resume it if the stopped run on the page is the same one)."""
    run = current_run()
    if run is None or run.experiment != experiment or run.status == "finished":
        run = LabRun(experiment)
        st.session_state[RUN_KEY] = run
    waiting = st.spinner(webui.t("lab.connecting")) if address else contextlib.nullcontext()
    with waiting:
        executor = lab.make_executor(address.strip() or None)
    run.start(executor)
    return run


_warmed = threading.Event()


def warm_pool() -> None:
    """Start the local pool's workers in the background (once per server), so the first
    Run does not wait for processes to start."""
    executor = shared_local_executor()
    if executor.running or _warmed.is_set():
        return
    _warmed.set()
    threading.Thread(target=executor.warm_up, daemon=True, name="lab-warm").start()


def csv_text(run: LabRun) -> str:
    """The tidy CSV of every finished run (the download)."""
    return run.lab_results().to_csv()


def where_text(where: str, t: Any) -> str:
    """``executor.describe()`` in the page's language."""
    local = re.fullmatch(r"(\d+) local process(?:es)?", where)
    if local:
        return t("lab.where_local_short", n=local.group(1))
    ray = re.fullmatch(r"Ray cluster at (.+) \((\d+) CPUs\)", where)
    if ray:
        return t("lab.where_ray_short", address=webui.literal(ray.group(1)), n=ray.group(2))
    return where


def page_url() -> str:
    """The page's address without its query ("" outside a browser session)."""
    try:
        return (st.context.url or "").split("?", 1)[0]
    except Exception:  # st.context.url is unavailable outside a browser session
        return ""


def _interval(estimate: float, low: float, high: float) -> str:
    if not math.isfinite(low):
        return f"{estimate:.2f}"
    return f"{estimate:.2f} [{low:.2f}, {high:.2f}]"


def tables(
    results: lab.LabResults, labels: list[str], smooth: int, threshold: float, t: Any
) -> tuple[Any, Any]:
    """The comparison table (per arm: seeds, mean and IQM of the last 10 % of episodes with
    95 % CIs, episodes to reach ``threshold`` on the ``smooth``-episode mean) and, with two
    or more arms, the matrix of P(row beats column); as pandas DataFrames."""
    import pandas as pd

    episodes = results.experiment.episodes
    last = max(1, episodes // 10)
    rows = []
    for row, label in zip(
        results.summary(last=last, threshold=threshold, window=smooth, partial=True),
        labels,
        strict=True,
    ):
        finished = row["seeds"]
        rows.append(
            {
                t("lab.col_algorithm"): label,
                t("lab.col_seeds"): finished,
                t("lab.col_unfinished"): row["unfinished"],
                t("lab.col_mean", n=last): _interval(row["mean"], row["mean_low"], row["mean_high"])
                if finished
                else "—",
                t("lab.col_iqm", n=last): _interval(row["iqm"], row["iqm_low"], row["iqm_high"])
                if finished
                else "—",
                t("lab.col_to_threshold", threshold=f"{threshold:g}"): (
                    f"{row['median_episodes_to_threshold']:g} ({row['solved_seeds']}/{finished})"
                    if finished and row.get("median_episodes_to_threshold") is not None
                    else t("lab.never", n=finished)
                    if finished
                    else "—"
                ),
            }
        )
    table = pd.DataFrame(rows)
    usable = [i for i, row in enumerate(rows) if row[t("lab.col_seeds")]]
    if len(results.arms) < 2 or len(results.arms) > 8 or len(usable) < 2:
        return table, None
    matrix = {
        labels[b]: [
            f"{results.probability_of_improvement(a, b, last=last):.2f}" if a != b else "—"
            for a in usable
        ]
        for b in usable
    }
    return table, pd.DataFrame(matrix, index=[labels[a] for a in usable])
