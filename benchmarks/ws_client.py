"""A Streamlit session without a browser: opens a page and presses a button over the websocket.

What a student's browser does to train, done by the server's own protocol, so that thirty
sessions can train at once on a 2-core machine without thirty Chromiums drawing on the
server's cores (``load.py --train``, ``memory.py --pages``):

- **open**: the browser's own ``BackMsg.rerun_script`` recorded in the warm-up (its
  ``context_info``), with this session's link query, then every ``ForwardMsg`` until the
  script finished. Each element's newest proto is kept by its delta path, and a whole-page
  run that finished drops the elements it did not draw (the page as the browser would
  show it); the page's script hash (``navigation``: the router's page, not the main
  script's) and the address-bar query as the server set them.
- **press**: a ``rerun_script`` with one widget state, the button's trigger (its id read
  from the button element the server sent) and, for a button inside a fragment (the live
  driver's Train), that fragment's id, as the browser sends a click. The other widgets
  keep the values the server holds (Streamlit falls back to its stored state for widgets a
  message leaves out).
- **follow**: the fragment's ``run_every`` timer (``ForwardMsg.auto_rerun``: the Lab's
  live view, the live driver after a whole-page run) is the browser's job, so the client
  sends those reruns itself; chained fragment reruns (the live driver at full speed) need
  nothing from it.

A *redraw* is a progress bar (``st.progress``) received after the press: every live
redraw draws one (a chunk of live training, the Lab's view on its one-second timer). The
rate and the longest gap between two redraws are what the student's screen would show,
since Streamlit drops an element's older update when a newer one is queued before it is
sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class WsSession:
    """One session's state as its browser would hold it, and what was measured."""

    base: str
    link: str
    rerun_template: bytes  # the browser's first BackMsg.rerun_script (from the warm-up)
    elements: dict[tuple[int, ...], Any] = field(default_factory=dict)  # (proto, fragment, run)
    full_runs: list[float] = field(default_factory=list)  # when each whole-page run finished
    running: bool = False
    page_script_hash: str = ""
    query_string: str = ""
    redraw_times: list[float] = field(default_factory=list)
    progress_texts: list[str] = field(default_factory=list)  # each redraw's, in order
    timers: dict[str, float] = field(default_factory=dict)  # fragment id -> run_every (s)
    _ws: Any = None
    _run_id: str = ""
    _fragment_run: bool = False
    _finished: asyncio.Event | None = None
    _reader: asyncio.Task | None = None
    _timer_tasks: dict[str, asyncio.Task] = field(default_factory=dict)

    # -- connection -----------------------------------------------------------------------
    async def open(self, timeout_s: float) -> float:
        """Connect and run the page as its link opens it; seconds until its script
        finished. The connection stays open (the session lives on the server as long)."""
        import websockets
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg.FromString(self.rerun_template)
        self.query_string = self.link.split("?", 1)[1] if "?" in self.link else ""
        message.rerun_script.query_string = self.query_string
        stream = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        t0 = time.perf_counter()
        self._ws = await websockets.connect(
            stream, subprotocols=["streamlit"], origin=self.base, max_size=None
        )
        self._finished = asyncio.Event()
        self._reader = asyncio.ensure_future(self._read())
        await self._ws.send(message.SerializeToString())
        await asyncio.wait_for(self._finished.wait(), timeout_s)
        return time.perf_counter() - t0

    async def close(self) -> None:
        for task in self._timer_tasks.values():
            task.cancel()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def _read(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        async for frame in self._ws:
            msg = ForwardMsg.FromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.running = True
                self._run_id = msg.metadata.run.script_run_id
                self._fragment_run = bool(msg.metadata.run.fragment_ids)
                if not self._fragment_run:
                    # A whole-page run: the browser drops the fragments' timers; the
                    # run registers the ones it keeps again.
                    self._set_timers({})
            elif kind == "navigation":
                self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "auto_rerun":
                timers = dict(self.timers)
                timers[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
                self._set_timers(timers)
            elif kind == "stop_auto_rerun":
                stopped = set(msg.stop_auto_rerun.fragment_ids)
                self._set_timers({k: v for k, v in self.timers.items() if k not in stopped})
            elif kind == "delta":
                self._on_delta(msg)
            elif kind == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # another run follows at once
                self.running = False
                if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                    if not self._fragment_run:
                        self.elements = {
                            path: kept
                            for path, kept in self.elements.items()
                            if kept[2] == self._run_id
                        }
                        self.full_runs.append(time.perf_counter())
                    self._finished.set()
                elif msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                    self._finished.set()

    def _on_delta(self, msg: Any) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        path = tuple(msg.metadata.delta_path)
        element = delta.new_element
        self.elements[path] = (element, delta.fragment_id, self._run_id)
        if element.WhichOneof("type") == "progress":
            self.progress_texts.append(element.progress.text)
            self.redraw_times.append(time.perf_counter())

    # -- the browser's timers -------------------------------------------------------------
    def _set_timers(self, timers: dict[str, float]) -> None:
        for fragment_id in list(self._timer_tasks):
            if timers.get(fragment_id) != self.timers.get(fragment_id):
                self._timer_tasks.pop(fragment_id).cancel()
        for fragment_id, interval in timers.items():
            if interval > 0 and fragment_id not in self._timer_tasks:
                self._timer_tasks[fragment_id] = asyncio.ensure_future(
                    self._tick(fragment_id, interval)
                )
        self.timers = timers

    async def _tick(self, fragment_id: str, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self._send_rerun(fragment_id=fragment_id, auto=True)

    # -- what a student does --------------------------------------------------------------
    def button(self, label: str) -> tuple[str, str] | None:
        """The id of the button labelled ``label`` on the page and the fragment it is in
        (``""``: none); None if the page shows no such button."""
        for element, fragment_id, _ in self.elements.values():
            if element.WhichOneof("type") == "button" and element.button.label == label:
                return element.button.id, fragment_id
        return None

    async def press(self, label: str) -> None:
        """Click the button labelled ``label`` (as the browser sends a click)."""
        found = self.button(label)
        if found is None:
            raise RuntimeError(f"no button {label!r} on {self.link}")
        widget_id, fragment_id = found
        await self._send_rerun(widget_id=widget_id, fragment_id=fragment_id)

    async def _send_rerun(
        self, widget_id: str | None = None, fragment_id: str = "", auto: bool = False
    ) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg.FromString(self.rerun_template)
        rerun = message.rerun_script
        rerun.query_string = self.query_string
        rerun.page_script_hash = self.page_script_hash
        rerun.page_name = ""
        rerun.fragment_id = fragment_id
        rerun.is_auto_rerun = auto
        rerun.ClearField("widget_states")
        if widget_id is not None:
            state = rerun.widget_states.widgets.add()
            state.id = widget_id
            state.trigger_value = True
        with contextlib.suppress(Exception):  # a closed connection ends the session anyway
            await self._ws.send(message.SerializeToString())

    async def settled(self, since: float, timeout_s: float) -> bool:
        """Wait until a whole-page run finished after ``since`` and no run is going on
        (what the browser shows as not running); False after ``timeout_s``."""
        return await self.wait_for(
            lambda s: not s.running and any(t > since for t in s.full_runs), timeout_s
        )

    async def wait_for(self, found, timeout_s: float, period_s: float = 0.1) -> bool:
        """Wait until ``found(self)`` is true (checked every ``period_s``); False after
        ``timeout_s``."""
        deadline = time.perf_counter() + timeout_s
        while time.perf_counter() < deadline:
            if found(self):
                return True
            await asyncio.sleep(period_s)
        return False

    # -- reading the page -----------------------------------------------------------------
    def texts(self) -> list[str]:
        """The page's markdown texts (captions, messages' bodies), in no order."""
        found = []
        for element, _, _ in self.elements.values():
            kind = element.WhichOneof("type")
            if kind == "markdown":
                found.append(element.markdown.body)
            elif kind == "alert":
                found.append(element.alert.body)
        return found

    def echarts(self) -> list[dict]:
        """The options of the page's ECharts charts (the newest of each)."""
        options = []
        for element, _, _ in self.elements.values():
            if element.WhichOneof("type") == "echarts_chart":
                options.append(json.loads(element.echarts_chart.spec))
        return options

    def plotly(self) -> list[str]:
        """The figures (JSON text) of the page's plotly charts."""
        return [
            element.plotly_chart.spec
            for element, _, _ in self.elements.values()
            if element.WhichOneof("type") == "plotly_chart"
        ]

    def exceptions(self) -> list[str]:
        return [
            element.exception.message
            for element, _, _ in self.elements.values()
            if element.WhichOneof("type") == "exception"
        ]

    def redraws_per_s(self, since: float, until: float) -> float:
        """Redraws received between ``since`` and ``until`` per second."""
        n = sum(since <= t <= until for t in self.redraw_times)
        return n / max(until - since, 1e-9)

    def longest_gap_s(self, since: float, until: float) -> float:
        """The longest wait for a redraw between ``since`` and ``until``."""
        times = [since] + [t for t in self.redraw_times if since <= t <= until] + [until]
        return max(b - a for a, b in zip(times, times[1:], strict=False))
