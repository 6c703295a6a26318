"""The chunked live-training driver every training page uses: Train / Pause / Reset.

How it works: the training source is any iterable of snapshots (the core's resumable
training generator). While running, a Streamlit fragment pulls snapshots for one *chunk*
of time, stores them, redraws the page's view, and reruns itself with
``st.rerun(scope="fragment")``. Only the fragment is rerun, so a redraw costs the chunk
plus the view, not the whole page. The chunk is sized so that a redraw lands every
:data:`REDRAW_PERIOD_S`: the driver measures what the rest of a cycle costs (drawing the
view, Streamlit's rerun) and trains for the remainder, between :data:`MIN_CHUNK_S` and
``budget_s`` (the first chunk after Train is :data:`MIN_CHUNK_S`, so the first picture
comes at once). When the run ends (``total`` reached, the source is exhausted, or it
raised), the fragment draws the final state and then the whole page reruns once, so
everything outside the fragment shows the final state too.
The source object lives in ``st.session_state``, so leaving the page and coming back
keeps everything that was learned. A widget ``on_change`` of :func:`pauser` pauses the
run: the widget's rerun preempts the fragment's, and a chunk is never cut in the middle
of storing a snapshot.

Minimal page (``app_pages/example.py``)::

    import streamlit as st

    import webui
    from webui.charts import common, live_chart
    from webui import live, params

    SPEC = {
        "seed": params.Int(default=0, min=0, max=9_999),
        "episodes": params.Int(default=200, min=10, max=2_000, step=10),
        "eta": params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0)),
    }
    p = params.bind(SPEC, prefix="ex", on_change=live.pauser("ex"))
    p.show_notices()
    with st.sidebar:
        p.widget("seed", webui.t("common.seed"))
        p.widget("episodes", webui.t("common.episodes"))
        p.widget("eta", "η")
        p.share_link()

    def start():                           # called on the first Train click after a reset
        cfg = p.values
        return my_core.train(seed=cfg["seed"], eta=cfg["eta"])   # a generator of snapshots

    run = live.LiveRun(
        "ex",                              # page-namespaced state key
        start,
        total=p["episodes"],               # progress bar + automatic stop
        config=p.values,                   # a change of these resets the run (with a notice)
        labels={"seed": webui.t("common.seed"), "eta": "η"},
        record=lambda snap: {"episode": snap.episode, "length": snap.length},
    )

    def view(run: live.LiveRun) -> None:   # redrawn after every chunk
        lengths = [r["length"] for r in run.records]
        chart = common.line_chart({"length": lengths}, x_title="episode", y_title="steps")
        live_chart(chart, "ex.lengths")   # drawn in place under its key

    run.show(view)                         # controls + progress + view, driven live

Speed: add ``"speed": live.SPEED`` to the page's spec and pass ``settings=p``; the controls
then hold a speed select (stored in the URL like every setting). "Full speed" trains for a
chunk of time per redraw (above); "Fast" at most :data:`FAST_SNAPSHOTS` snapshots per
redraw; "Slow" one snapshot (one episode) every :data:`SLOW_PERIOD_S`; "Watch" one every
:data:`WATCH_PERIOD_S`, for a view that animates the episode (:attr:`LiveRun.watching`).
The two slow speeds are paced by the fragment's ``run_every`` timer instead of chained
reruns: a browser shows every redraw then (chained redraws that come faster than it
draws are merged, and a student would see the count jump).
With ``settings=p`` a share link's ``train=N`` (see :mod:`webui.params`) trains the run on
open, at full speed whatever the link's speed, up to progress ``N`` and pauses there;
:func:`progress_of` gives the ``N`` to offer.

Rules for pages: pass every setting the run depends on in ``config``; settings listed in
``reset_on`` (default: all of them) restart the run when changed, the others are handed
to the source's ``apply_settings(config)`` (see :class:`Adjustable`) so a paused run
continues with them; a source without it restarts. Keep ``view`` free of
widgets that change settings (they belong outside, where a change pauses the run).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit.runtime.scriptrunner import get_script_run_ctx

import webui
from webui import params, present, send_backlog
from webui.errors import describe

log = logging.getLogger("playground.app")

CHUNK_BUDGET_S = 0.12
"""Longest chunk of training between two redraws (seconds); the default ``budget_s``."""

REDRAW_PERIOD_S = 0.15
"""Aimed time between two live redraws (6–7 per second): a chunk gets what the view and
Streamlit's rerun leave of it."""

MIN_CHUNK_S = 0.04
"""Shortest chunk. When a redraw alone costs more than :data:`REDRAW_PERIOD_S` the aim is
out of reach and chunks go back to ``budget_s``: shorter chunks would only slow training
down and send the browser more frames than it can draw."""

_COST_SMOOTHING = 0.5
"""Weight of the newest measurement in the running estimate of a redraw's cost."""

_COST_CAP_S = 1.0
"""Longest gap taken as a redraw's cost (a page switch in between is not one)."""

MAX_RECORDS = 20_000
"""Cap on records kept per run for plotting; beyond it the oldest are dropped."""

SPEEDS = ("full", "fast", "slow", "watch")
SPEED = params.Choice(default="full", choices=SPEEDS)
"""The speed setting; add it to a page's spec as ``"speed"``."""

FAST_SNAPSHOTS = 10
"""Most snapshots pulled per redraw at "Fast"."""

SLOW_PERIOD_S = 0.5
"""Time between two redraws at "Slow"."""

WATCH_PERIOD_S = 2.0
"""Time between two redraws at "Watch": the length of the episode's animation."""

_PERIOD_S = {"slow": SLOW_PERIOD_S, "watch": WATCH_PERIOD_S}

HOLD_EVERY = 3
"""A view's secondary charts are built on every :data:`HOLD_EVERY`-th chained redraw
(:meth:`LiveRun.held`), at most two redraws behind; in between they are sent again
unchanged, which the browser does not redraw (it redraws an ECharts chart only when its
option's text changed: each line chart redrawn cost the browser ~12 ms, benchmarks/README.md)."""

_SNAPSHOTS_PER_REDRAW = {"full": None, "fast": FAST_SNAPSHOTS, "slow": 1, "watch": 1}

TRAINING_SLOTS = 2
"""Most chunks of training run at once in the server, whatever the number of sessions.
Sessions are threads of one process: with thirty sessions training at once, thirty
threads wanting the GIL left the server's event loop, which sends every redraw, waiting
behind them, and no session's redraw reached its browser until the runs were over
(``benchmarks/load.py --train``: one redraw in ~40 s each). A chunk beyond these waits
for a slot, blocked without the GIL; two, because torch's kernels release the GIL and
the machine has two cores. Waiting sessions are served in turn (:class:`TurnSlots`)."""


class TurnSlots:
    """At most ``n`` holders at once, the others served strictly in the order they asked.

    A semaphore is not fair: the thread it wakes must still win the slot, and a session
    coming back from its redraw takes it first; the loser waits again at the back of the
    queue (with thirty sessions, one waited 14.8 s for a redraw: benchmarks/README.md).
    Here a released slot is handed to the longest waiter directly, so a session that
    comes back queues behind everyone already waiting: every session trains once per
    round, a round being the waiting sessions' chunks (each at most ``budget_s`` plus one
    snapshot) shared by the ``n`` slots.
    """

    _new_turn = staticmethod(threading.Lock)
    """A waiter's turn: a lock, taken when queued, released when the slot is handed over."""

    def __init__(self, n: int) -> None:
        if n < 1:
            raise ValueError(f"TurnSlots needs at least one slot, got {n}")
        self.n = n
        self._free = n
        self._queue: deque[threading.Lock] = deque()
        self._lock = threading.Lock()

    @property
    def waiting(self) -> int:
        """Threads queued for a slot."""
        return len(self._queue)

    def acquire(self) -> None:
        """Take a slot, waiting (without the GIL) behind those who asked before."""
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return
            turn = self._new_turn()
            turn.acquire()
            self._queue.append(turn)
        try:
            turn.acquire()  # released by :meth:`release` handing this waiter the slot
        except BaseException:  # interrupted while waiting: leave no slot to a waiter gone
            with self._lock:
                handed = turn not in self._queue
                if not handed:
                    self._queue.remove(turn)
            if handed:
                self.release()
            raise

    def release(self) -> None:
        """Give the slot to the longest waiter, or free it."""
        with self._lock:
            if self._queue:
                self._queue.popleft().release()
            elif self._free < self.n:
                self._free += 1
            else:
                raise ValueError("TurnSlots released more often than acquired")

    def __enter__(self) -> TurnSlots:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


_training_slots = TurnSlots(TRAINING_SLOTS)

Status = Literal["idle", "running", "paused", "finished", "error"]


class LiveSource(Protocol):
    """What :class:`LiveRun` drives: an iterable of snapshots at Train's pace (usually one
    per episode; a core generator is one). A source may do more: take new settings
    (:class:`Adjustable`) and take single steps (:class:`Steppable`)."""

    def __iter__(self) -> Iterator[Any]: ...


@runtime_checkable
class Adjustable(LiveSource, Protocol):
    """A source that continues with new settings: a paused run takes them over (η, γ, …)
    instead of starting again."""

    def apply_settings(self, settings: Mapping[str, Any]) -> None:
        """Continue with ``settings``: the run's ``config`` as the page gave it to
        :class:`LiveRun` (keys not in ``reset_on`` changed; the others are as built)."""
        ...


@runtime_checkable
class Steppable(LiveSource, Protocol):
    """A source with step buttons: ``step(n)`` takes ``n`` smaller steps (env steps) now,
    interleaved freely with Train on the same agent, and returns their snapshots."""

    def step(self, n: int) -> list[Any]: ...


@dataclass
class _RunState:
    """Everything a run keeps across reruns and page switches (in st.session_state)."""

    status: Status = "idle"
    source: Any = None
    iterator: Iterator[Any] | None = None
    records: list[Any] = field(default_factory=list)
    latest: Any = None
    pulled: int = 0
    done: int = 0
    error: str | None = None
    notice: str | None = None
    config: dict[str, Any] | None = None
    redraws: int = 0
    started_at: float | None = None
    finished_after_s: float | None = None
    redraw_cost_s: float = 0.0
    """Running estimate of the seconds between two chunks (view + Streamlit's rerun)."""
    chunk_ended_at: float | None = None
    stop_at: int | None = None
    """Progress at which a running run pauses by itself (a share link's ``train=N``)."""
    page_timer: float | None = None
    """The fragment's ``run_every`` registered by the last whole-page run."""
    held: dict[str, tuple[int, Any]] = field(default_factory=dict)
    """What :meth:`LiveRun.held` built per key in a chained redraw, and that redraw's number."""
    page_status: Status | None = None
    """Status when the whole page was last drawn. Train, Pause and Reset are buttons in the
    fragment, so their clicks rerun the fragment only; when the status no longer matches
    this, the fragment asks for a whole-page run, so what is outside it (playback,
    downloads) shows the paused or reset run too."""


def _state_key(key: str) -> str:
    return f"live.{key}"


def pause(key: str) -> None:
    """Pause the run ``key`` if it is running (keeps everything learned)."""
    state = st.session_state.get(_state_key(key))
    if isinstance(state, _RunState) and state.status == "running":
        state.status = "paused"
        state.stop_at = None


def pauser(prefix: str) -> Callable[[], None]:
    """A widget ``on_change`` callback pausing every run whose key is ``prefix`` or
    starts with ``prefix + "."`` (e.g. ``"td"`` pauses ``"td.sarsa"`` and ``"td.q"``)."""

    def _pause_all() -> None:
        for state_key in list(st.session_state.keys()):
            if not isinstance(state_key, str) or not state_key.startswith("live."):
                continue
            key = state_key.removeprefix("live.")
            if key == prefix or key.startswith(prefix + "."):
                pause(key)

    return _pause_all


def slot() -> Any:
    """A place in a live view for what comes and goes (a notice, a verdict, a warning, the
    Watch player): an empty container when unused. Everything after it keeps its place
    whether the slot holds something or not, and Streamlit updates an element that kept
    its place in the page, but drops and re-creates one that moved: without slots a note
    that appears at a run's end or pause would re-create every chart below it."""
    return st.container()


def progress_of(key: str) -> int:
    """Progress of run ``key`` so far (0 when it never trained), e.g. for a share link."""
    state = st.session_state.get(_state_key(key))
    return state.done if isinstance(state, _RunState) else 0


def config_pauser(key: str, prefix: str, config_keys: Collection[str]) -> Callable[[], None]:
    """A widget ``on_change`` callback pausing run ``key`` only when a run setting changed.

    The run setting ``k`` is the widget ``f"{prefix}.{k}"``; it is compared with the config
    the run was started or last applied with. View settings (not in ``config_keys``) never
    pause a run, so a student can look around while it trains.
    """

    def _pause_if_changed() -> None:
        config = getattr(st.session_state.get(_state_key(key)), "config", None)
        if config and any(
            st.session_state.get(f"{prefix}.{k}") != config.get(k) for k in config_keys
        ):
            pause(key)

    return _pause_if_changed


def _from_state(name: str, doc: str) -> property:
    """A read-only attribute of :class:`LiveRun` that reads the run's stored state."""
    return property(lambda run: getattr(run._state, name), doc=doc)


class LiveRun:
    """One live training run on a page. See the module docstring for a full example.

    Args:
        key: Page-namespaced name of the run (``"td"``, ``"td.sarsa"``); its state lives at
            ``st.session_state["live.<key>"]``.
        start: Builds the training source (a :class:`LiveSource`: the core's training
            generator, or an object whose ``__iter__`` yields snapshots). Called lazily, on
            the first Train after a reset.
        total: Progress is ``count(snapshot)`` out of ``total``; the run stops there.
        config: The settings the run was built from. When they differ from those of the
            stored run, keys in ``reset_on`` reset it (with a notice); other keys go to
            the source's ``apply_settings`` (:class:`Adjustable`; a source without it resets).
        reset_on: Keys that cannot apply to a trained agent (layout, seed, env).
            ``None`` means every key.
        labels: Display names of the config keys for notices (default: the key itself).
        record: Turns a snapshot into the small record kept in :attr:`records` (default:
            keep the snapshot). Keep records small: up to :data:`MAX_RECORDS` are kept.
        count: Progress reached at a snapshot (default: number of snapshots pulled).
            For an episode generator, ``lambda s: s.episode + 1``.
        budget_s: Longest chunk of training in seconds (:data:`CHUNK_BUDGET_S`); shorter
            chunks are used when drawing the view is slow (see :data:`REDRAW_PERIOD_S`).
        progress_key: i18n key of the progress bar's text (``{done}``, ``{total}``), for
            runs that count something other than episodes (env steps).
        settings: The page's bound settings. With a ``"speed"`` setting the controls show
            the speed select; a share link's ``train=N`` starts the run on open.
    """

    def __init__(
        self,
        key: str,
        start: Callable[[], LiveSource],
        total: int,
        *,
        config: Mapping[str, Any] | None = None,
        reset_on: Collection[str] | None = None,
        labels: Mapping[str, str] | None = None,
        record: Callable[[Any], Any] | None = None,
        count: Callable[[Any], int] | None = None,
        budget_s: float = CHUNK_BUDGET_S,
        progress_key: str = "common.progress",
        settings: params.Bound | None = None,
    ) -> None:
        self.key = key
        self._progress_key = progress_key
        self._start = start
        self.total = max(1, int(total))
        self._record = record
        self._count = count
        self.budget_s = budget_s
        self._labels = dict(labels or {})
        self._reset_on = None if reset_on is None else frozenset(reset_on)
        state_key = _state_key(key)
        if not isinstance(st.session_state.get(state_key), _RunState):
            st.session_state[state_key] = _RunState()
        self._state: _RunState = st.session_state[state_key]
        self._settings = settings
        if config is not None:
            self._check_config(dict(config))
        if settings is not None:
            target = params.take_train_request(settings.prefix)
            if target and self._state.status == "idle" and not self._state.records:
                self._state.stop_at = min(target, self.total)
                self.train()
        if (
            self._state.status in ("finished",)
            and self._state.done < self.total
            and self._state.iterator
        ):
            # ``total`` was raised after the run ended: there is more to do, resume-able.
            self._state.status = "paused"

    # -- read-only views for the page ---------------------------------------------------
    status = _from_state(
        "status",
        '``"idle"`` (nothing trained), ``"running"``, ``"paused"``, ``"finished"``, ``"error"``.',
    )
    records = _from_state(
        "records", "Records of the snapshots so far (oldest first, capped at :data:`MAX_RECORDS`)."
    )
    latest = _from_state("latest", "The last full snapshot, or ``None`` before the first one.")
    done = _from_state("done", "Progress so far (see ``count``).")
    source = _from_state(
        "source", "What ``start()`` returned (e.g. the trainer), or ``None`` before training."
    )
    error = _from_state("error", "Message of the exception that stopped the run, if any.")
    redraws = _from_state("redraws", "Number of live redraws so far (for benchmarks).")

    @property
    def is_running(self) -> bool:
        return self._state.status == "running"

    @property
    def finished_after_s(self) -> float | None:
        """Seconds from the Train click to the end of the run (server side; benchmarks)."""
        return self._state.finished_after_s

    @property
    def speed(self) -> str:
        """The speed setting now (``"full"`` without one); read live, as the speed select
        inside the fragment may change it between two whole-page runs."""
        if self._settings is None or "speed" not in self._settings.spec:
            return "full"
        return str(self._settings["speed"])

    @property
    def pace(self) -> str:
        """The speed training runs at: :attr:`speed`, but full speed while a share link
        trains on open (the student came for the trained state, not to watch)."""
        return "full" if self._state.stop_at is not None else self.speed

    @property
    def watching(self) -> bool:
        """Training at "Watch": the view should animate the latest episode."""
        return self.is_running and self.pace == "watch"

    def held(self, key: str, build: Callable[[], Any], turn: int = 0) -> Any:
        """``build()``, or the value it gave in the previous redraw: for a chart that may
        lag a redraw behind while a run trains in chained redraws (full speed, "Fast").

        Such a chart is built on every :data:`HOLD_EVERY`-th of those redraws, ``turn``
        saying which (charts on different turns share the work between redraws), and its
        option is sent again unchanged in between, which the browser skips. It is built
        whenever the run is not training (its last redraw, paused, stepped), at "Slow" and
        "Watch", and in a whole-page run (a language or presenter-view switch)."""
        state = self._state
        chained = self.is_running and self.pace not in _PERIOD_S and _in_fragment_run()
        kept = state.held.pop(key, None)  # kept only while chained: no memory at rest
        if (
            chained
            and kept is not None
            and (state.redraws + turn) % HOLD_EVERY
            and state.redraws - kept[0] < HOLD_EVERY
        ):
            state.held[key] = kept
            return kept[1]
        value = build()
        if chained:
            state.held[key] = (state.redraws, value)
        return value

    # -- actions --------------------------------------------------------------------------
    def train(self) -> None:
        """Start or resume training (what the Train button does)."""
        state = self._state
        if state.status in ("idle", "paused"):
            state.status = "running"
            state.started_at = time.perf_counter()
            state.chunk_ended_at = None
            state.notice = None

    def pause(self) -> None:
        """Pause, keeping everything learned."""
        pause(self.key)

    def reset(self, notice: str | None = None) -> None:
        """Forget the run (the next Train starts from scratch); keep the config."""
        config = self._state.config
        self._state = _RunState(config=config, notice=notice)
        st.session_state[_state_key(self.key)] = self._state

    def source_now(self) -> Any:
        """The training source, built now by ``start`` if there is none yet.

        For step buttons that configure the source (e.g. switch it to single steps)
        before pulling from it with :meth:`step`.
        """
        state = self._state
        if state.iterator is None:
            state.source = self._start()
            state.iterator = iter(state.source)
        return state.source

    def step(self, n: int = 1, *, beyond_total: bool = False) -> list[Any]:
        """Step buttons: ``n`` single steps of a :class:`Steppable` source, else ``n`` snapshots pulled as Train would. Returns them and
        pauses a running run.

        ``beyond_total=True`` keeps going after ``total`` is reached (stepping through
        a trained agent); the run is then ``"finished"``. Do not step a run whose status
        is ``"error"``: its source is gone and a pull would start a new one.
        """
        if self._state.status == "running":
            self._state.status = "paused"
        pulled: list[Any] = []
        source = self._guarded(self.source_now) if self._state.status != "error" else None
        if isinstance(source, Steppable):
            more = beyond_total or self._state.done < self.total
            for snap in (self._guarded(lambda: source.step(n)) if more else None) or []:
                self._store(snap)
                pulled.append(snap)
        else:
            for _ in range(n):
                snap = self._pull(force=beyond_total)
                if snap is _END:
                    break
                pulled.append(snap)
        if self._state.status == "idle" and self._state.pulled:
            self._state.status = "paused"
        return pulled

    @property
    def chunk_s(self) -> float:
        """Length of the next chunk: what :data:`REDRAW_PERIOD_S` leaves after the measured
        cost of a redraw, between :data:`MIN_CHUNK_S` and ``budget_s`` (``budget_s`` when a
        redraw alone takes the whole period)."""
        cost = self._state.redraw_cost_s
        if cost >= REDRAW_PERIOD_S:
            return self.budget_s
        return min(self.budget_s, max(MIN_CHUNK_S, REDRAW_PERIOD_S - cost))

    def advance(self, budget_s: float | None = None) -> int:
        """Run one chunk: pull snapshots for up to ``budget_s`` seconds while running.

        ``None`` means :attr:`chunk_s`. Returns the number of snapshots pulled (at least
        one while running). :meth:`show` calls this; call it yourself only if you drive
        the page without :meth:`show`.
        """
        if self._state.status != "running":
            return 0
        if budget_s is None:
            # The first chunk after Train is short, so the first picture comes at once.
            budget_s = MIN_CHUNK_S if self._state.chunk_ended_at is None else self.chunk_s
        with _training_slots:  # see TRAINING_SLOTS
            deadline = time.perf_counter() + budget_s
            most = _SNAPSHOTS_PER_REDRAW.get(self.pace)
            pulled = 0
            while self._state.status == "running":
                if self._pull() is _END:
                    break
                pulled += 1
                if time.perf_counter() >= deadline or (most is not None and pulled >= most):
                    break
        return pulled

    def _measure_redraw(self) -> None:
        """Fold the time since the previous chunk ended (the view, the rerun) into the
        running estimate of a redraw's cost."""
        state = self._state
        now = time.perf_counter()
        if state.chunk_ended_at is not None:
            cost = min(_COST_CAP_S, now - state.chunk_ended_at)
            state.redraw_cost_s += _COST_SMOOTHING * (cost - state.redraw_cost_s)

    # -- rendering ------------------------------------------------------------------------
    def controls(self) -> None:
        """Train / Pause / Reset buttons (and Step, on keys, in presenter view), progress
        bar, notices and errors."""
        state = self._state
        resumable = state.status == "paused"
        with_speed = (
            self._settings is not None
            and "speed" in self._settings.spec
            and (not present.active() or "speed" in present.pinned())
        )
        # One row that wraps: at 150–200 % zoom a button moves to the next line instead of
        # shrinking its label to "Tr…" (fixed columns did that).
        row = st.container(horizontal=True, vertical_alignment="center", gap="small")
        buttons = [
            ("train", "resume" if resumable else "train", "play_arrow", self.train,
             state.status in ("running", "finished", "error")),
            ("pause", "pause", "pause", self.pause, state.status != "running"),
            ("reset", "reset", "restart_alt", self.reset,
             state.status == "idle" and not state.records),
        ]  # fmt: skip
        if present.active():
            # One step more, also after the end (a trained agent's next episode or move).
            step = lambda: self.step(1, beyond_total=True)  # noqa: E731
            buttons.insert(2, ("step", "step", "skip_next", step, state.status == "error"))
        for name, text, icon, action, disabled in buttons:
            row.button(
                webui.t(f"present.{text}" if name == "step" else f"common.{text}"),
                key=f"_live.{self.key}.{name}",
                type="primary" if name == "train" else "secondary",
                icon=f":material/{icon}:",
                on_click=action,
                disabled=disabled,
                width="content",
                # Space is Train and Pause: whichever is enabled answers it.
                shortcut=present.shortcut("train" if name == "pause" else name),
            )
        if with_speed:
            with row, st.container(width=220):
                self._settings.widget(
                    "speed",
                    webui.t("common.speed"),
                    # Labels fixed now: Streamlit may call format_func outside this run.
                    format_func={v: webui.t(f"common.speed_{v}") for v in SPEEDS}.__getitem__,
                    help=webui.t("common.speed_help"),
                )
        with row, st.container(width="stretch"):
            present.status_line(webui.t(f"common.status_{state.status}"))
        fraction = min(1.0, state.done / self.total)
        st.progress(
            fraction,
            text=webui.t(self._progress_key, done=min(state.done, self.total), total=self.total),
        )
        with slot():  # notices, the error, the reset hint: the view below keeps its places
            if state.notice:
                st.info(state.notice, icon=":material/restart_alt:")
            if state.error:
                st.error(
                    webui.t("common.training_error", message=state.error), icon=":material/error:"
                )
            elif state.done and state.status != "running":
                hint = self._reset_hint()
                if hint:
                    st.caption(hint)

    def show(self, view: Callable[[LiveRun], None] | None = None) -> None:
        """Render controls and ``view(run)`` in a fragment that trains while running.

        Call once per page run, in the main area (fragments cannot draw in the sidebar).
        """

        # A fragment can only chain itself with st.rerun(scope="fragment") during a fragment
        # rerun. When the page is drawn by a full run while training (page switch back,
        # language change), a short run_every timer hands control back to fragment reruns.
        present.pinned_row()  # settings pinned in presenter view, above the controls
        timer_on = self.is_running
        # At "Slow" and "Watch" the browser's timer paces the redraws.
        timer = _PERIOD_S.get(self.pace, self.budget_s) if timer_on else None
        self._state.page_status = self._state.status
        self._state.page_timer = timer

        @st.fragment(run_every=timer, key=f"_live_fragment.{self.key}")
        def _live() -> None:
            was_running = self.is_running
            period = _PERIOD_S.get(self.pace)
            registered = self._state.page_timer
            if (
                was_running
                and _in_fragment_run()
                and (registered != period if period else registered in _PERIOD_S.values())
            ):
                st.rerun()  # Train, or a change of pace: a whole-page run sets the timer
            if was_running and period is None:
                self._measure_redraw()
            self.advance()
            self._state.chunk_ended_at = time.perf_counter() if self.is_running else None
            self.controls()
            if view is not None:
                with webui.guard():
                    view(self)
            if self.is_running:
                self._state.redraws += 1
                if period:
                    return  # the timer brings the next redraw
                # The redraw leaves Streamlit's queue before the next run can drop it, and
                # chained reruns do not wait for the browser: let it catch up first.
                wait_until_sent()
                wait_for_browser(_send_backlog)
                # Outside a fragment rerun this raises; the run_every timer above continues
                # (a script run without a browser, e.g. AppTest's, is one chunk).
                with contextlib.suppress(StreamlitAPIException):
                    st.rerun(scope="fragment")
            elif (
                was_running
                or timer_on
                or (_in_fragment_run() and self._state.status != self._state.page_status)
            ):
                # The run ended, paused or was reset: refresh the whole page (buttons,
                # playback and downloads outside the fragment) and drop the timer.
                st.rerun()

        _live()

    # -- internals ------------------------------------------------------------------------
    def _pull(self, force: bool = False) -> Any:
        state = self._state
        if state.done >= self.total and not force:
            self._finish()
            return _END
        if state.iterator is None and state.pulled and state.status != "error":
            self._finish()  # the source ended on its own; only Reset starts a new one
            return _END
        try:
            if state.iterator is None:
                state.source = self._start()
                state.iterator = iter(state.source)
            snap = next(state.iterator)
        except StopIteration:
            # The source ended on its own (e.g. training converged): nothing to resume,
            # even though ``done`` may be below ``total``.
            state.iterator = None
            self._finish()
            return _END
        except Exception as exc:  # the core refused (divergence, invalid layout, …)
            self._stopped_by(exc)
            return _END
        self._store(snap)
        return snap

    def _guarded(self, pull: Callable[[], Any]) -> Any:
        """``pull()``, or None when it raised (the run then shows the error)."""
        try:
            return pull()
        except Exception as exc:  # the core refused (divergence, invalid layout, …)
            self._stopped_by(exc)
            return None

    def _stopped_by(self, exc: Exception) -> None:
        log.exception("training run %s stopped", self.key)
        state = self._state
        state.status = "error"
        state.error = describe(exc)
        state.iterator = None

    def _store(self, snap: Any) -> None:
        """Keep a snapshot: the latest, its record, the progress it reached."""
        state = self._state
        state.pulled += 1
        state.latest = snap
        state.records.append(snap if self._record is None else self._record(snap))
        if len(state.records) > MAX_RECORDS:
            del state.records[: len(state.records) - MAX_RECORDS]
        state.done = state.pulled if self._count is None else int(self._count(snap))
        if state.done >= self.total:
            self._finish()
        elif state.stop_at is not None and state.done >= state.stop_at:
            state.status = "paused"  # reached the share link's point
        if state.status != "running":
            state.stop_at = None

    def _finish(self) -> None:
        state = self._state
        if state.status == "running" and state.started_at is not None:
            state.finished_after_s = time.perf_counter() - state.started_at
        state.status = "finished"

    def _label(self, key: str) -> str:
        return self._labels.get(key, key)

    def _reset_hint(self) -> str | None:
        config = self._state.config or {}
        keys = [k for k in config if self._reset_on is None or k in self._reset_on]
        if not keys:
            return None
        return webui.t("common.reset_hint", settings=", ".join(self._label(k) for k in keys))

    def _check_config(self, config: dict[str, Any]) -> None:
        state = self._state
        old = state.config
        state.config = config
        if old is None or old == config:
            return
        changed = [k for k in config.keys() | old.keys() if config.get(k) != old.get(k)]
        nothing_learned = state.iterator is None and not state.records
        if nothing_learned:
            return
        adjustable = isinstance(state.source, Adjustable)
        needs_reset = [
            k for k in changed if self._reset_on is None or k in self._reset_on or not adjustable
        ]
        if needs_reset:
            names = ", ".join(
                self._label(k)
                for k in sorted(
                    needs_reset, key=lambda k: list(config).index(k) if k in config else len(config)
                )
            )
            self.reset(notice=webui.t("common.reset_notice", settings=names))
            self._state.config = config
            return
        with webui.guard():
            state.source.apply_settings(config)


BACKLOG_LIMIT = 300
"""Most messages waiting to be sent to a browser before a live run chains its next redraw.

Chained fragment reruns run at the server's pace, not the browser's: a redraw is dozens of
messages, and a browser slowed down (a loaded machine) fell behind until its
connection's send queue held 500, when Streamlit drops the session without a word: the
script stops, the websocket stays open, the page freezes mid-run (``benchmarks/README.md``).
A run waits above this (counted by :mod:`webui.send_backlog`), well under 500 with a
redraw's messages added."""

BACKLOG_POLL_S = 0.02
"""Pause between two looks at the send backlog while waiting for the browser."""

BACKLOG_WAIT_S = 2.0
"""Longest wait for the browser; after it the run chains anyway, so a slow reader still
gets a redraw every few seconds and catches up meanwhile (a browser that is gone is
dropped by Streamlit, which stops the script)."""


def wait_for_browser(
    backlog: Callable[[], int],
    *,
    limit: int = BACKLOG_LIMIT,
    poll_s: float = BACKLOG_POLL_S,
    wait_s: float = BACKLOG_WAIT_S,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Wait while ``backlog()`` (messages not yet sent to the browser) exceeds ``limit``,
    looking every ``poll_s`` for at most ``wait_s``. Returns the number of pauses."""
    pauses = 0
    while backlog() > limit and pauses * poll_s < wait_s:
        sleep(poll_s)  # without the GIL: the event loop sends meanwhile
        pauses += 1
    return pauses


SENT_MARK = "/* live redraw */"
"""The last element of a chained redraw (a style sheet of one comment, which Streamlit
puts in its event container: nothing drawn, no space taken); :func:`wait_until_sent`
watches for it."""


def wait_until_sent(wait_s: float = BACKLOG_WAIT_S) -> bool:
    """End this redraw with :data:`SENT_MARK` and wait, at most ``wait_s``, until Streamlit
    has handed it to the browser's connection (:func:`webui.send_backlog.watch`). Returns
    whether it was handed over in time (True without ``app.py``'s middleware, where
    nothing is drawn or waited for).

    A fragment's next run must not start before its redraw left Streamlit's queue: when a
    fragment runs again, Streamlit drops that fragment's messages still queued, as stale,
    and a chained rerun starts at once, often before the server's event loop sent the
    redraw (with a class training together, students then saw no redraw for many
    seconds: ``benchmarks/README.md``). The mark comes last, so once it is handed over,
    all of the redraw before it is too."""
    seen = send_backlog.watch(_socket_key(), SENT_MARK.encode("utf-8"))
    if seen is None:
        return True
    st.html(f"<style>{SENT_MARK}</style>")
    return seen.wait(wait_s)


def _send_backlog() -> int:
    """Messages of this session's websocket not yet written to its browser, as
    ``app.py``'s middleware counts them (:mod:`webui.send_backlog`), found by the
    ``Sec-WebSocket-Key`` of the session's websocket request. 0 when the app runs without
    that middleware (``streamlit run streamlit_app.py``) or without a browser (AppTest):
    the run then never waits."""
    return send_backlog.waiting(_socket_key())


def _socket_key() -> str | None:
    """The ``Sec-WebSocket-Key`` of this session's websocket request, by which
    :mod:`webui.send_backlog` knows its connection."""
    return st.context.headers.get(send_backlog.KEY_HEADER)


def _in_fragment_run() -> bool:
    """Whether the current script run reruns fragments only (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


_END = object()
