"""A classroom at once: 10 students open the app together, then train, on one server.

It starts the app (``streamlit run app.py``, headless, free port on 127.0.0.1) and then:

1. **Warm-up.** Visits every page once in a fresh browser context (a deployed app has
   long had its first visit, which imports torch and every page), and records what the
   browser fetched (the page and the front end's 107-126 files) and the message asking
   the server to run the page (``BackMsg.rerun_script``).
2. **The server's share of a load** (``server_load_s``). Ten clients that draw nothing
   open their pages at once: each fetches the files its browser fetched, six at a time,
   with the browser's ``Accept-Encoding``, then sends that message with its own link's
   query over the websocket and waits for the script to finish (every element
   received). Then again as returning visitors (``server_load_cached_s``), whose
   browsers keep the front end's files (``Cache-Control: immutable``).
3. **Each student's load** (``load_s``). In a classroom each browser runs on its
   student's own machine; what the students share is the server. So for each session in
   turn: its link opened in a real browser (a fresh Chromium context) while the other
   ``--class-size`` - 1 students open theirs at the same moment as replayed first visits
   (step 2's clients, the other sessions' links in turn). ``load_s`` runs from
   ``goto`` until the script run finished and the Train button is shown. The browser
   still shares this machine's 2 cores with the server: the figure errs on the slow side.
4. **Ten browser sessions** in one Debian Chromium (Playwright's async API, all at once),
   each in its own context: opens a share link, waits for the page to load
   (``load_all_here_s``: ten Chromiums drawing on the server's own 2 cores), waits until
   every session has loaded, clicks Train, waits until the status says the run finished
   (``finish_s``), and reads the curves from the charts in the DOM (``CHARTS_JS``: live
   ECharts charts and plotly charts, binary arrays decoded).
5. **Reference** (``bare_all_here_s``, after the app's server has stopped): ten Chromium
   contexts at once loading a Streamlit app that shows a title and a button. It is the
   floor of step 4's figure on this machine for any Streamlit app (about 1.4 s of
   Chromium CPU per load, times ten, on 2 cores); step 4 is reported as a ratio to it.

The sessions: SARSA / Q-learning ×3, policy gradient ×2, tabular CartPole, REINFORCE and
DQN ×3 (seeds 1, 2, 3). Two of the SARSA / Q-learning sessions use the same link (same
page, seed and settings): their curves must be identical. No cross-talk is checked by
each session's curve having its own length, and by the other sessions of the same page
(different seeds) giving curves different from the pair's and from each other.

A thread samples the server's resident memory (``VmRSS`` of its process tree, from
``/proc``) every 0.2 s; the peak is printed.

    .venv/bin/python benchmarks/load.py [--class-size 30] [--mbit 10]
                                        [--script streamlit_app.py] [--no-reference]
                                        [--timeout 300] [--train [--no-loads]] [--trace]

``--mbit 10`` gives each measured student a 10 Mbit/s link (Chromium's network emulation;
the replayed students stay on loopback). ``--script streamlit_app.py`` serves the router
directly, i.e. with Streamlit's own file serving instead of app.py's compressed in-memory
copies, for comparison.

``--trace`` prints where each ``load_s`` went (:class:`LoadTrace`): the page's first
byte and ``DOMContentLoaded`` (navigation timing), when the browser sent its script run
request, received the first element and the run's end (the websocket's frames as Chromium
saw them), the last file it fetched, when the replayed visits ended, and the CPU seconds of
the server, of this process (the replayed students, Playwright's client) and of the
browser (Chromium, Playwright's driver) meanwhile. Listening to the frames costs the
driver a little; without ``--trace`` nothing listens and the loads are timed as before.

``--train`` is a class of ``--class-size`` (30 by default then; :func:`class_sessions`:
the identical pair, then SARSA / Q-learning, DQN, the policy page, CartPole Q, REINFORCE
and the Lab with a 10-job experiment in turn, each with its own seed). After the warm-up
every student opens their page over the websocket (:class:`benchmarks.ws_client.WsSession`:
no browser; thirty Chromiums would load the server's two cores with their own drawing)
and, once all have loaded, all press Train (the Lab: Run) at the same moment; each run
is followed to its end, counting redraws (progress bars received) and the longest wait
for one, also split into the wait for the first redraw after the press (the Train click's
whole-page run and the first chunk, thirty at once) and the longest wait between two.
Then each student's ``load_s`` as in step 3 (``--no-loads`` skips it). The class trains
first because timing the loads replays ``n × (n - 1)`` visits and Streamlit keeps
a closed session for 120 s. Targets: all finish, the pair identical, no cross-talk, peak
RSS ≤ 1,000 MB, p95 ``load_s`` ≤ 3 s, every session's redraws keep coming. Last line:
``class=<n> finished=<k> peak_rss_mb=<n> p95_load_s=<s> slowest_redraws_per_s=<r>``.

Targets: all 10 finish, the pair is identical, no cross-talk, peak RSS ≤ 1,500 MB,
median load (``load_s``) ≤ 3 s. Other processes on the machine skew the times; the load
average is printed with them. The last line reads
``sessions=10 finished=<k> identical_pair=<yes|no> peak_rss_mb=<n> median_load_s=<s>
median_server_load_s=<s> median_server_load_cached_s=<s> median_load_all_here_s=<s>
bare_all_here_s=<s>``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ws_client import WsSession  # noqa: E402
from tests.browser.charts import READ_CHARTS_JS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from webui.i18n import TEXT  # noqa: E402

EN = TEXT["en"]
RSS_PERIOD_S = 0.2

_DQN = "/cartpole-dqn?env=CartPole-v0&hidden=32,32&batch=32&starts=64&max_steps=1000&eval_every=500"
PAIR = "/maze-td?algo=q_learning&layout=maze_5x5&episodes=300&seed=7&schedule=linear"
SESSIONS: tuple[tuple[str, str, int, str], ...] = (
    # (name, share link, expected points on the learning curve, that chart's title)
    ("maze_td pair A", PAIR, 300, EN["maze_td.steps_title"]),
    ("maze_td pair B", PAIR, 300, EN["maze_td.steps_title"]),
    ("maze_td other seed", PAIR.replace("seed=7", "seed=8"), 300, EN["maze_td.steps_title"]),
    (
        "maze_policy 3x3",
        "/maze-policy?episodes=500&seed=1&eta=0.1",
        0,
        EN["maze_policy.length_title"],
    ),
    (
        "maze_policy 5x5",
        "/maze-policy?layout=maze_5x5&episodes=300&seed=2&eta=0.5",
        0,
        EN["maze_policy.length_title"],
    ),
    (
        "cartpole_q",
        "/cartpole-q?env=CartPole-v0&episodes=150&seed=2&eval_every=50",
        150,
        EN["cartpole_q.chart_title"],
    ),
    (
        "cartpole_reinforce",
        "/cartpole-reinforce?env=CartPole-v0&hidden=32&episodes=40&seed=4",
        40,
        EN["cartpole_reinforce.chart_title"],
    ),
    ("cartpole_dqn seed 1", f"{_DQN}&seed=1", 0, EN["cartpole_dqn.chart_title"]),
    ("cartpole_dqn seed 2", f"{_DQN}&seed=2", 0, EN["cartpole_dqn.chart_title"]),
    ("cartpole_dqn seed 3", f"{_DQN}&seed=3", 0, EN["cartpole_dqn.chart_title"]),
)
"""0 expected points: the count is not known in advance (runs stop at convergence or
at an env-step budget); only "more than one" is checked."""

# Every chart on the page, in page order: its title and its series' names and y values,
# read by the browser tests' reader (live charts are ECharts, their option taken from the
# element's React props; see tests/browser/charts.py). A plotly chart's y values are read
# from its data here instead: plotly.py >= 6 ships numpy arrays as ``{dtype, bdata}``
# (base64 of the raw little-endian array), decoded below into plain numbers.
CHARTS_JS = f"""() => {{
  const TYPED = {{f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array,
                 i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array}};
  const numbers = (y) => {{
    if (!y || typeof y === 'string') return null;
    if (y.bdata !== undefined) {{
      const Typed = TYPED[y.dtype];
      if (!Typed) return null;
      const bytes = Uint8Array.from(atob(y.bdata), (c) => c.charCodeAt(0));
      return Array.from(new Typed(bytes.buffer));
    }}
    if (y.length === undefined) return null;
    const values = Array.from(y);  // category labels are no curve
    return values.every((v) => v === null || typeof v === 'number') ? values : null;
  }};
  const plotly = Array.from(document.querySelectorAll('.js-plotly-plot'),
    (gd) => (gd.data || []).map((t) => ({{name: t.name || '', y: numbers(t.y)}})));
  let k = 0;
  return ({READ_CHARTS_JS})().map((chart) => ({{
    title: chart.title,
    kind: chart.kind,
    data: chart.kind === 'plotly' ? plotly[k++]
                                  : chart.data.map((t) => ({{name: t.name || '', y: t.y}})),
  }}));
}}"""


# -- server memory --------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from ``/proc/<pid>/task/*/children``)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return found


def _cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (``VmRSS`` from /proc).

    A child still running its parent's command line is a fork that has not yet run its
    new program (the server starting a pool worker: fork or vfork, then exec): its
    ``VmRSS`` is the parent's own memory (a vfork child shares it, a fork child's pages
    are the parent's until written), so it is not counted. Summing it made the server's
    peak read about 1,000 MB in some runs of ``--train``, twice the server's 490 MB at
    that instant, against about 735 MB otherwise (``benchmarks/README.md``).
    """
    total_kb, todo, seen = 0, [(pid, None)], set()
    while todo:
        p, parent_cmdline = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        cmdline = _cmdline(p)
        if cmdline is None:
            continue
        if cmdline != parent_cmdline:
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
            except OSError:
                continue
        todo += [(c, cmdline) for c in _children(p)]
    return total_kb / 1024


class RssSampler(threading.Thread):
    """Samples :func:`tree_rss_mb` every :data:`RSS_PERIOD_S` until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_mb = 0.0
        self.last_mb = 0.0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            self.last_mb = tree_rss_mb(self.pid)
            self.peak_mb = max(self.peak_mb, self.last_mb)
            self._halt.wait(RSS_PERIOD_S)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


# -- one session ----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    link: str
    expected: int
    curve_title: str
    load_s: float | None = None  # as its student sees it, the class loading at once
    load_all_here_s: float | None = None  # with ten Chromiums on this machine at once
    server_load_s: float | None = None
    server_files_s: float | None = None  # the part of server_load_s spent on the files
    server_load_cached_s: float | None = None
    files_mb: float | None = None  # what a first visit downloads (the page and front end)
    finish_s: float | None = None
    charts: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None
    button: str = EN["common.train"]  # what the student presses
    redraws_per_s: float | None = None  # while training with the class (--train)
    longest_gap_s: float | None = None  # the longest wait for a redraw then
    first_redraw_s: float | None = None  # from the press to the first redraw
    later_gap_s: float | None = None  # the longest wait for a redraw after the first
    ws_open_s: float | None = None  # its script run over the websocket, the class opening at once
    trace: LoadTrace | None = None  # where its load_s went (--trace)

    @property
    def curves(self) -> list[list]:
        """The y values of every series of every chart, in page order (numbers only)."""
        return [t["y"] for chart in self.charts for t in chart["data"] if t["y"]]

    @property
    def first_curve(self) -> list | None:
        """The learning curve: the first series of the chart titled ``curve_title`` (a page
        shows other charts before it, e.g. the policy page's β sweep)."""
        for chart in self.charts:
            if chart["title"] == self.curve_title or not self.curve_title:
                return next((t["y"] for t in chart["data"] if t["y"]), None)
        return None

    def same_curves(self, other: Result) -> bool:
        """Whether both sessions read curves and the numbers are the same (NaN equal to
        NaN: compared as JSON)."""
        return bool(self.curves) and json.dumps(self.curves) == json.dumps(other.curves)

    @property
    def finished(self) -> bool:
        return self.finish_s is not None and self.failure is None


async def wait_idle(page, timeout_ms: float) -> None:
    """The app finished its script run (Streamlit's own test convention)."""
    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    await page.wait_for_timeout(150)
    await page.wait_for_selector(
        "[data-test-script-state='notRunning']", state="attached", timeout=timeout_ms
    )


async def read_charts(page, timeout_ms: float) -> list[dict]:
    """Every chart's series (see ``CHARTS_JS``), once they are all drawn and hold still.

    Streamlit draws a plotly chart only once it is scrolled into view, so each chart is
    scrolled to. After "Finished." the whole page reruns once more, and a chart being
    replaced (or whose code is still loading) cannot be read: the charts are read until
    every chart element gave its series, some series holds numbers, and two reads half a
    second apart agree.
    """
    boxes = page.locator("[data-testid='stPlotlyChart'], [data-testid='stEChartsChart']")
    for i in range(await boxes.count()):
        await boxes.nth(i).scroll_into_view_if_needed()
    elements = page.locator(".js-plotly-plot, [data-testid='stEChartsChart']")
    deadline = time.perf_counter() + min(timeout_ms / 1000, 60.0)
    last: str | None = None
    while True:
        charts = await page.evaluate(CHARTS_JS)
        drawn = len(charts) == await elements.count() and any(
            t["y"] for chart in charts for t in chart["data"]
        )
        now = json.dumps(charts)  # NaN equals NaN here
        if (drawn and now == last) or time.perf_counter() > deadline:
            return charts
        last = now if drawn else None
        await page.wait_for_timeout(500)


def _on_console(msg, errors: list[str]) -> None:
    """Console errors, filtered as the browser tests' harness does."""
    if msg.type != "error":
        return
    # No internet here: resources from other hosts (a CDN font) fail; that is the sandbox.
    if "ERR_NAME_NOT_RESOLVED" in msg.text or "ERR_INTERNET_DISCONNECTED" in msg.text:
        return
    if msg.text.startswith("Failed to load resource: the server responded"):
        return  # judged by _on_response, which sees the URL
    errors.append(msg.text)


def _on_response(response, errors: list[str]) -> None:
    if response.status < 400:
        return
    # A page URL opened directly (/maze-td?...) makes Streamlit's frontend probe
    # /maze-td/_stcore/... for a base path before it falls back to /_stcore/.
    path = response.url.split("?", 1)[0].split("//", 1)[-1].split("/", 1)[-1]
    if "/_stcore/" in "/" + path and not path.startswith("_stcore/"):
        return
    errors.append(f"HTTP {response.status} {response.url}")


@dataclass
class PageLoad:
    """What a browser did to open one page, recorded in the warm-up: the URLs it fetched
    from the app (the page, the front end's code, styles and fonts) and the message that
    asked the server to run the page's script (``BackMsg.rerun_script``)."""

    urls: list[str]
    rerun: bytes


async def warm_up(
    browser, base: str, timeout_s: float, links: list[str] | None = None
) -> tuple[float, dict[str, PageLoad]]:
    """Open every page once, one after the other; return the seconds it took and what the
    browser fetched and sent for each page (for :func:`server_load`).

    The first visit of a page imports its modules (torch for the deep pages) into the
    server; a deployed app has had that visit long before a class opens the link.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg

    loads: dict[str, PageLoad] = {}
    t0 = time.perf_counter()
    links = links or [session[1] for session in SESSIONS]
    for link in dict.fromkeys(link.split("?")[0] for link in links):
        # A fresh context for each page: nothing cached, as for a student's first visit.
        context = await browser.new_context(viewport={"width": 1400, "height": 900})
        page = await context.new_page()
        sent: list[bytes] = []

        def on_frame(payload: bytes | str, sent: list[bytes] = sent) -> None:
            if isinstance(payload, bytes):
                sent.append(payload)

        page.on("websocket", lambda ws, on_frame=on_frame: ws.on("framesent", on_frame))
        try:
            await page.goto(base + link, timeout=timeout_s * 1000)
            await wait_idle(page, timeout_s * 1000)
            urls = [base + link] + await page.evaluate(
                "() => performance.getEntriesByType('resource')"
                ".filter((r) => r.responseStatus < 400).map((r) => r.name)"
            )
        finally:
            await context.close()
        reruns = [m for m in sent if BackMsg.FromString(m).WhichOneof("type") == "rerun_script"]
        # Static files only: media and uploads belong to the session that made them. (The
        # front end's probes for a base path, /maze-td/_stcore/..., are 404s and left out.)
        static = [
            u
            for u in urls
            if u.startswith(base) and "/media/" not in u and "/_stcore/stream" not in u
        ]
        loads[link] = PageLoad(static, reruns[0])
    return time.perf_counter() - t0, loads


# -- the server's share of a load -----------------------------------------------------------------

FETCHES_PER_CLIENT = 6
"""Parallel HTTP requests per client, as a browser makes to one host."""

ACCEPT_ENCODING = "gzip, deflate, br, zstd"
"""What Chromium sends: the server may answer compressed (the body is read, not decoded)."""


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, url: str) -> int:
    """One keep-alive HTTP/1.1 GET on an open connection, its body read to the end; the
    body's size in bytes as sent (compressed if the server compressed it)."""
    host, path = url.split("//", 1)[1].split("/", 1)
    writer.write(
        f"GET /{path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n\r\n".encode()
    )
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    if status >= 400:
        raise RuntimeError(f"HTTP {status} for {url}")
    headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
    if headers.get("transfer-encoding") == "chunked":
        size = 0
        while chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(chunk + 2)
            size += chunk
        await reader.readuntil(b"\r\n")
        return size
    return len(await reader.readexactly(int(headers.get("content-length", 0))))


async def _fetch_all(urls: list[str]) -> int:
    """GET every URL over ``FETCHES_PER_CLIENT`` keep-alive connections, as a browser
    does; the bytes received. A few lines of asyncio rather than an HTTP library: ten
    clients' worth of ``requests`` in threads took as much CPU as the server did."""
    if not urls:
        return 0
    host, port = urls[0].split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    todo = list(reversed(urls))
    received = 0

    async def connection() -> None:
        nonlocal received
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while todo:
                size = await _get(reader, writer, todo.pop())
                received += size  # not `received += await ...`: that reads it before awaiting
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(FETCHES_PER_CLIENT)))
    return received


async def server_load(
    base: str, link: str, recorded: PageLoad, timeout_s: float
) -> tuple[float, float, int]:
    """Seconds for the server to deliver ``link`` to one client that does no drawing, as
    ``(files, whole load, bytes of the files)``: every file the browser fetched for that
    page, then the page's script run over the websocket (the browser's own message, with
    this link's query), until the script finished and every element of the page was
    received.

    A classroom's browsers run on the students' machines; here they would share the
    server's two cores. This client is the server's side of a page load without them.
    """
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg.FromString(recorded.rerun)
    message.rerun_script.query_string = link.split("?", 1)[1] if "?" in link else ""
    stream = base.replace("http", "ws", 1) + "/_stcore/stream"
    t0 = time.perf_counter()
    received = await _fetch_all(recorded.urls)
    files_s = time.perf_counter() - t0
    async with (
        asyncio.timeout(timeout_s),
        websockets.connect(stream, subprotocols=["streamlit"], origin=base, max_size=None) as ws,
    ):
        await ws.send(message.SerializeToString())
        async for frame in ws:
            forward = ForwardMsg.FromString(frame)
            if forward.WhichOneof("type") != "script_finished":
                continue
            if forward.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return files_s, time.perf_counter() - t0, received
            if forward.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise RuntimeError("the page's script failed to compile")
    raise RuntimeError("the connection closed before the page's script finished")


async def server_loads(
    base: str, results: list[Result], loads: dict[str, PageLoad], timeout_s: float
) -> None:
    """Every session's :func:`server_load`, all at once, twice: for a first visit
    (``Result.server_load_s``) and for a returning one (``Result.server_load_cached_s``),
    whose browser has the front end's files: Streamlit serves them (``/static/``, names
    with a content hash) as ``Cache-Control: immutable`` for a year."""

    async def one(result: Result, cached: bool) -> None:
        try:
            recorded = loads[result.link.split("?")[0]]
            if cached:
                recorded = PageLoad(
                    [u for u in recorded.urls if "/static/" not in u], recorded.rerun
                )
            files_s, load_s, received = await server_load(base, result.link, recorded, timeout_s)
        except Exception as exc:  # reported with the session; the others go on
            result.failure = f"server load: {type(exc).__name__}: {exc}"
            return
        if cached:
            result.server_load_cached_s = load_s
        else:
            result.server_files_s, result.server_load_s = files_s, load_s
            result.files_mb = received / 1e6

    for cached in (False, True):
        await asyncio.gather(*(one(r, cached) for r in results))


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process so far (``/proc/<pid>/stat``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_split(server_pid: int) -> dict[str, float]:
    """CPU seconds so far of the server's process tree, of this process (the harness: the
    replayed students and Playwright's client), and of this process's other descendants
    (the browser: Chromium's processes and Playwright's driver)."""
    server = {server_pid, *_descendants(server_pid)}
    split = {"server": 0.0, "harness": process_cpu_s(os.getpid()), "browser": 0.0}
    for p in _descendants(os.getpid()):
        split["server" if p in server else "browser"] += process_cpu_s(p)
    return split


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children, their children, ...)."""
    found, todo = [], _children(pid)
    while todo:
        p = todo.pop()
        found.append(p)
        todo += _children(p)
    return found


@dataclass
class LoadTrace:
    """Where one measured load's seconds went (``--trace``), in seconds from ``goto``: the
    page's navigation timing, the websocket messages of its script run as Chromium
    received them, the last file fetched, and the CPU seconds each party used meanwhile."""

    response_s: float = float("nan")  # the page's first byte
    dom_ready_s: float = float("nan")  # DOMContentLoaded ended (the front end's code ran)
    rerun_sent_s: float = float("nan")  # the browser asked the server to run the page
    first_delta_s: float = float("nan")  # the first element arrived
    finished_s: float = float("nan")  # the script run finished (its last message)
    last_file_s: float = float("nan")  # the last file fetched (element chunks, fonts)
    replays_s: float = float("nan")  # the replayed students' visits ended (the slowest)
    files: int = 0
    messages: int = 0
    message_kb: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        cpu = " ".join(f"{k}={v:.2f}" for k, v in self.cpu.items())
        return (
            f"response={self.response_s:.2f} dom_ready={self.dom_ready_s:.2f} "
            f"rerun_sent={self.rerun_sent_s:.2f} first_delta={self.first_delta_s:.2f} "
            f"finished={self.finished_s:.2f} last_file={self.last_file_s:.2f} "
            f"replays_done={self.replays_s:.2f} files={self.files} messages={self.messages} "
            f"({self.message_kb:.0f} kB) cpu_s: {cpu}"
        )


class Tracer:
    """Collects a :class:`LoadTrace` for one measured page: attach before ``goto``, call
    :meth:`finish` once the page has loaded. Listening to the websocket's frames costs
    Playwright's driver a little; without ``--trace`` nothing listens."""

    def __init__(self, page, server_pid: int) -> None:
        self.page = page
        self.server_pid = server_pid
        self.frames: list[tuple[float, bytes | str | None]] = []  # None: a message sent
        page.on("websocket", self._on_websocket)
        self.t0 = time.time()
        self.cpu0 = cpu_split(server_pid)

    def _on_websocket(self, ws) -> None:
        ws.on("framereceived", lambda payload: self.frames.append((time.time(), payload)))
        ws.on("framesent", lambda payload: self.frames.append((time.time(), None)))

    async def finish(self, replays_s: float) -> LoadTrace:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        cpu1 = cpu_split(self.server_pid)
        timing = await self.page.evaluate(
            """() => {
              const n = performance.getEntriesByType('navigation')[0];
              const r = performance.getEntriesByType('resource');
              return {origin: performance.timeOrigin, response: n.responseStart,
                      ready: n.domContentLoadedEventEnd, files: r.length,
                      last: Math.max(0, ...r.map((x) => x.responseEnd))};
            }"""
        )
        shift = timing["origin"] / 1000 - self.t0  # navigation start, from goto
        trace = LoadTrace(
            response_s=shift + timing["response"] / 1000,
            dom_ready_s=shift + timing["ready"] / 1000,
            last_file_s=shift + timing["last"] / 1000,
            replays_s=replays_s,
            files=timing["files"],
            cpu={k: cpu1[k] - self.cpu0[k] for k in cpu1},
        )
        for at, payload in self.frames:
            if payload is None:
                if math.isnan(trace.rerun_sent_s):
                    trace.rerun_sent_s = at - self.t0
                continue
            if not isinstance(payload, bytes):
                continue
            trace.messages += 1
            trace.message_kb += len(payload) / 1000
            kind = ForwardMsg.FromString(payload).WhichOneof("type")
            if kind == "delta" and math.isnan(trace.first_delta_s):
                trace.first_delta_s = at - self.t0
            elif kind == "script_finished" and math.isnan(trace.finished_s):
                trace.finished_s = at - self.t0
        return trace


async def open_page(page, url: str, timeout_s: float, button: str = EN["common.train"]) -> float:
    """Open ``url`` in ``page``; seconds until the page's script run finished and its
    Train button (``button``) is shown (what "the page has loaded" means here)."""
    t0 = time.perf_counter()
    await page.goto(url, timeout=timeout_s * 1000)
    await wait_idle(page, timeout_s * 1000)
    await page.get_by_role("button", name=button, exact=True).wait_for(timeout=timeout_s * 1000)
    return time.perf_counter() - t0


async def class_loads(
    browser,
    base: str,
    results: list[Result],
    loads: dict[str, PageLoad],
    timeout_s: float,
    class_size: int,
    mbit: float | None = None,
    server_pid: int | None = None,
) -> None:
    """Each session's ``load_s``: its page opened in a fresh browser context while
    ``class_size - 1`` other students open theirs at the same moment.

    In a classroom every student's browser runs on the student's own machine, and the one
    thing they share is the server. So, once per session: one real browser (this
    session's student) and, at once, the other students as replayed first visits
    (:func:`server_load`: the files their browsers fetch and their script runs, the other
    sessions' links in turn). The one browser still shares this machine's two cores with
    the server, so the figure errs on the slow side. ``mbit``: the student's link, emulated
    by Chromium (that many Mbit/s each way, 20 ms latency); None, loopback.
    """
    for i, result in enumerate(results):
        others = [results[(i + k) % len(results)] for k in range(1, class_size)]
        context = await browser.new_context(viewport={"width": 1400, "height": 900})
        page = await context.new_page()
        if mbit:
            cdp = await context.new_cdp_session(page)
            await cdp.send("Network.enable")
            rate = mbit * 1e6 / 8  # bytes per second
            await cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": 20,
                    "downloadThroughput": rate,
                    "uploadThroughput": rate,
                },
            )
        tracer = Tracer(page, server_pid) if server_pid is not None else None
        replays_ended: list[float] = []

        async def replay(other: Result, ended: list[float] = replays_ended) -> None:
            await server_load(base, other.link, loads[other.link.split("?")[0]], timeout_s)
            ended.append(time.time())

        try:
            timed = asyncio.ensure_future(
                open_page(page, base + result.link, timeout_s, result.button)
            )
            await asyncio.gather(timed, *(replay(o) for o in others))
            result.load_s = timed.result()
            if tracer is not None:
                result.trace = await tracer.finish(
                    max(replays_ended, default=tracer.t0) - tracer.t0
                )
        except Exception as exc:  # reported with the session; the others go on
            result.failure = f"class load: {type(exc).__name__}: {str(exc).splitlines()[0]}"
        finally:
            await context.close()


async def run_session(
    browser, base: str, result: Result, timeout_s: float, loaded: asyncio.Barrier
) -> None:
    """Open the link, wait until every session has loaded (``loaded``), train, read."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    waited = False

    async def all_loaded() -> None:
        nonlocal waited
        if not waited:
            waited = True
            await loaded.wait()

    page.on("console", lambda msg: _on_console(msg, result.errors))
    page.on("response", lambda response: _on_response(response, result.errors))
    page.on("pageerror", lambda exc: result.errors.append(str(exc)))
    try:
        result.load_all_here_s = await open_page(page, base + result.link, timeout_s)
        # The class opens the link together, then presses Train: loads are timed while
        # pages load, not while nine other agents train on the same two cores.
        await all_loaded()
        t1 = time.perf_counter()
        await page.get_by_role("button", name=EN["common.train"], exact=True).click(
            timeout=timeout_s * 1000
        )
        finished = page.get_by_text(EN["common.status_finished"], exact=True)
        error = page.get_by_text(EN["common.status_error"], exact=True)
        deadline = t1 + timeout_s
        while time.perf_counter() < deadline:
            if await finished.count():
                result.finish_s = time.perf_counter() - t1
                break
            if await error.count():
                result.failure = "the run stopped with an error"
                break
            await page.wait_for_timeout(100)
        else:
            result.failure = f"not finished after {timeout_s:.0f} s"
        if result.finish_s is not None:
            await wait_idle(page, timeout_s * 1000)
            result.charts = await read_charts(page, timeout_s * 1000)
        if await page.locator("[data-testid='stException']").count():
            result.failure = "an exception is shown"
        # An error the page caught and explained (webui.guard) is a failure here too.
        shown = page.get_by_text(EN["common.error"].split("{")[0].strip())
        if await shown.count():
            result.failure = f"an error is shown: {(await shown.first.inner_text())[:200]}"
    except Exception as exc:  # a session's failure is reported, the others go on
        result.failure = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        await all_loaded()  # a session that failed to load must not hold the others
        await context.close()


async def run_all(
    base: str,
    timeout_s: float,
    class_size: int,
    mbit: float | None = None,
    server_pid: int | None = None,
) -> tuple[list[Result], float]:
    """Warm the server up, time the server's share of the loads and each student's load,
    then run every session in a browser at once."""
    from playwright.async_api import async_playwright

    results = [Result(*session) for session in SESSIONS]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm_s, loads = await warm_up(browser, base, timeout_s)
            # The server's share of the loads first, all at once, with no browser drawing.
            await server_loads(base, results, loads, timeout_s)
            await class_loads(
                browser, base, results, loads, timeout_s, class_size, mbit, server_pid
            )
            loaded = asyncio.Barrier(len(results))
            await asyncio.gather(
                *(run_session(browser, base, r, timeout_s, loaded) for r in results)
            )
        finally:
            await browser.close()
    return results, warm_s


BARE_APP = 'import streamlit as st\n\nst.title("RL Playground")\nst.button("Train")\n'
"""The reference for ten Chromiums at once: a Streamlit app with a title and a button."""


async def bare_reference(timeout_s: float, sessions: int) -> float:
    """Median seconds for ``sessions`` fresh Chromium contexts, opened at once on this
    machine, to load :data:`BARE_APP` (after one warm-up visit): what any Streamlit app
    costs ten browsers sharing these cores, however little it shows."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "bare_app.py"
        script.write_text(BARE_APP)
        proc, base, _ = start_server(str(script))
        try:
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

                async def one() -> float:
                    context = await browser.new_context(viewport={"width": 1400, "height": 900})
                    try:
                        return await open_page(await context.new_page(), base + "/", timeout_s)
                    finally:
                        await context.close()

                try:
                    await one()
                    return statistics.median(
                        await asyncio.gather(*(one() for _ in range(sessions)))
                    )
                finally:
                    await browser.close()
        finally:
            stop_server(proc)


# -- a class pressing Train together (--train) ----------------------------------------------------

CLASS_KINDS = ("maze_td", "cartpole_dqn", "maze_policy", "cartpole_q", "cartpole_reinforce", "lab")
"""The pages of a class, dealt round-robin after the identical pair (30 students: 7 on
SARSA / Q-learning, 5 on each of DQN, the policy page and CartPole Q, 4 on REINFORCE and
4 in the Lab)."""


def _lab_link(seed: int) -> str:
    """A small Lab experiment's share link: SARSA and Q-learning on cliff walking, 5 seeds
    of 100 episodes each (10 jobs on the server's process pool)."""
    from playground import lab
    from webui import lab as ui

    settings = dict(eta=0.5, epsilon=0.1, schedule="constant", gamma=1.0, q_init="zeros")
    experiment = lab.Experiment(
        lab.EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("sarsa", **settings), lab.algorithm("q_learning", **settings)),
        seeds=5,
        episodes=100,
        seed=seed,
    )
    view = {k: ui.SPEC[k].default for k in ui.VIEW_KEYS}
    return f"/lab?{ui.SHARE_PARAM}={ui.encode(experiment, view)}"


def class_sessions(n: int) -> list[Result]:
    """``n`` students (at least 2): the identical pair, then the pages of
    :data:`CLASS_KINDS` in turn, each student with a seed of their own."""
    sessions = [Result(*SESSIONS[0]), Result(*SESSIONS[1])]
    for k in range(n - 2):
        kind, seed = CLASS_KINDS[k % len(CLASS_KINDS)], k // len(CLASS_KINDS) + 1
        name = f"{kind} seed {seed}"
        if kind == "maze_td":
            algo = "sarsa" if seed % 2 else "q_learning"
            link = PAIR.replace("seed=7", f"seed={10 + seed}").replace("q_learning", algo)
            sessions.append(Result(name, link, 300, EN["maze_td.steps_title"]))
        elif kind == "maze_policy":
            link = f"/maze-policy?layout=maze_5x5&episodes=300&seed={seed}&eta=0.5"
            sessions.append(Result(name, link, 0, EN["maze_policy.length_title"]))
        elif kind == "cartpole_q":
            link = f"/cartpole-q?env=CartPole-v0&episodes=150&seed={seed}&eval_every=50"
            sessions.append(Result(name, link, 150, EN["cartpole_q.chart_title"]))
        elif kind == "cartpole_reinforce":
            link = f"/cartpole-reinforce?env=CartPole-v0&hidden=32&episodes=40&seed={seed}"
            sessions.append(Result(name, link, 40, EN["cartpole_reinforce.chart_title"]))
        elif kind == "cartpole_dqn":
            sessions.append(Result(name, f"{_DQN}&seed={seed}", 0, EN["cartpole_dqn.chart_title"]))
        else:  # the Lab: its curves are a plotly figure, its button is Run
            sessions.append(Result(name, _lab_link(seed), 0, "", button=EN["lab.run"]))
    return sessions


def _numbers(y: object) -> list | None:
    """A plotly trace's y values as plain numbers (plotly ships arrays as base64)."""
    import base64

    import numpy as np

    if isinstance(y, dict) and "bdata" in y:
        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"]).tolist()
    if isinstance(y, list) and all(v is None or isinstance(v, int | float) for v in y):
        return y
    return None


def ws_charts(session: WsSession) -> list[dict]:
    """The page's charts as :data:`CHARTS_JS` gives them: title, kind, series' y values."""
    from tests import chart_options as co

    charts = [
        {
            "title": co.main_title(option),
            "kind": "echarts",
            "data": [{"name": t.get("name", ""), "y": co.ys(t)} for t in co.lines(option)],
        }
        for option in session.echarts()
    ]
    for spec in session.plotly():
        figure = json.loads(spec)
        title = figure.get("layout", {}).get("title", {})
        charts.append(
            {
                "title": title.get("text", "") if isinstance(title, dict) else str(title),
                "kind": "plotly",
                "data": [
                    {"name": t.get("name", ""), "y": _numbers(t.get("y"))}
                    for t in figure.get("data", [])
                ],
            }
        )
    return charts


def _run_ended(session: WsSession, result: Result) -> str | None:
    """The run's end as the page shows it: "finished", "error", or None (still running)."""
    texts = session.texts()
    if result.button == EN["lab.run"]:
        done = EN["lab.status_finished"].split("{")[0]
        return "finished" if any(t.startswith(done) for t in texts) else None
    if EN["common.status_error"] in texts:
        return "error"
    return "finished" if EN["common.status_finished"] in texts else None


async def train_together(
    base: str, results: list[Result], loads: dict[str, PageLoad], timeout_s: float
) -> float:
    """Every session opens its page over the websocket (:class:`WsSession`: no browser),
    and once all have loaded, all press Train (the Lab: Run) at the same moment; each
    follows its run to the end, counting redraws. The sessions stay open until every run
    ended, so the server holds the whole class at once. Returns the seconds from the
    press to the last run's end."""
    sessions = [WsSession(base, r.link, loads[r.link.split("?")[0]].rerun) for r in results]
    loaded = asyncio.Barrier(len(results))
    pressed_at: list[float] = []

    async def one(result: Result, session: WsSession) -> None:
        try:
            result.ws_open_s = await session.open(timeout_s)
            if session.button(result.button) is None:
                raise RuntimeError(f"no {result.button} button")
        except Exception as exc:
            result.failure = f"ws open: {type(exc).__name__}: {exc}"
        await loaded.wait()
        if result.failure:
            return
        t0 = time.perf_counter()
        pressed_at.append(t0)
        await session.press(result.button)
        ended = await session.wait_for(lambda s: _run_ended(s, result) is not None, timeout_s)
        t1 = time.perf_counter()
        if not ended:
            result.failure = f"not finished after {timeout_s:.0f} s"
        elif _run_ended(session, result) == "error":
            result.failure = "the run stopped with an error"
        else:
            result.finish_s = t1 - t0
        # The whole page reruns once after the run (the status was polled every 0.1 s):
        # the charts are read once that run finished and nothing runs.
        if ended and not await session.settled(max(t0, t1 - 0.15), min(timeout_s, 60)):
            result.failure = "the page's last run did not finish"
        # Redraws up to the final page run's progress bar, which comes after the status
        # that ended the run: a run shorter than one redraw is drawn once, at its end.
        t_end = max([t1] + [t for t in session.redraw_times if t > t1])
        result.redraws_per_s = session.redraws_per_s(t0, t_end)
        result.longest_gap_s = session.longest_gap_s(t0, t_end)
        drawn = [t for t in session.redraw_times if t0 <= t <= t_end]
        if drawn:
            result.first_redraw_s = drawn[0] - t0
            result.later_gap_s = session.longest_gap_s(drawn[0], t_end)
        result.charts = ws_charts(session)
        if session.exceptions():
            result.failure = f"an exception is shown: {session.exceptions()[0][:200]}"
        shown = [t for t in session.texts() if t.startswith(EN["common.error"].split("{")[0])]
        if shown:
            result.failure = f"an error is shown: {shown[0][:200]}"

    try:
        await asyncio.gather(*(one(r, s) for r, s in zip(results, sessions, strict=True)))
    finally:
        await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    ends = [r.finish_s + min(pressed_at) for r in results if r.finish_s is not None]
    return (max(ends) - min(pressed_at)) if ends and pressed_at else float("nan")


async def run_class(
    base: str,
    timeout_s: float,
    class_size: int,
    mbit: float | None,
    sampler: RssSampler,
    timed_loads: bool = True,
    trace: bool = False,
) -> tuple[list[Result], float, float, float, float]:
    """The class of ``class_size``: warm-up, then everyone opens their page and presses
    Train at once over the websocket, then each student's ``load_s`` (one real browser,
    the others replayed). Returns the results, the warm-up's seconds, the training's wall
    seconds, the server's peak RSS up to the end of the training (the class) and during
    the loads.

    The class trains before the loads are timed: timing 30 students' loads replays 30 × 29
    page visits, and Streamlit keeps a closed session for ``server.disconnectedSessionTTL``
    (120 s), so the server then holds hundreds of sessions that no class would open.
    """
    from playwright.async_api import async_playwright

    results = class_sessions(class_size)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm_s, loads = await warm_up(browser, base, timeout_s, [r.link for r in results])
            print(f"warm-up done ({warm_s:.1f} s); the class trains ...", flush=True)
            train_s = await train_together(base, results, loads, timeout_s)
            class_peak = sampler.peak_mb
            print(
                f"training done (peak RSS {class_peak:.0f} MB); each student's load_s ...",
                flush=True,
            )
            sampler.peak_mb = 0.0
            if timed_loads:
                await class_loads(
                    browser,
                    base,
                    results,
                    loads,
                    timeout_s,
                    class_size,
                    mbit,
                    sampler.pid if trace else None,
                )
        finally:
            await browser.close()
    return results, warm_s, train_s, class_peak, sampler.peak_mb


def p95(values: list[float | None]) -> float:
    """The 95th percentile (nearest rank) of the known values."""
    known = sorted(v for v in values if v is not None)
    return known[max(0, math.ceil(0.95 * len(known)) - 1)] if known else float("nan")


def report_traces(results: list[Result]) -> None:
    """Each traced load's line (``--trace``), then the medians of its phases."""
    traced = [r for r in results if r.trace is not None]
    if not traced:
        return
    print("where each load_s went (seconds from goto; cpu_s: CPU seconds meanwhile):")
    for r in traced:
        print(f"  {r.name:<26} load_s={r.load_s:.2f} {r.trace.line()}")
    phases = ("response_s", "dom_ready_s", "rerun_sent_s", "first_delta_s", "finished_s")
    medians = {k: _median([getattr(r.trace, k) for r in traced]) for k in phases}
    cpu = {k: _median([r.trace.cpu.get(k) for r in traced]) for k in traced[0].trace.cpu}
    print(
        "traced loads, medians: "
        + " ".join(f"{k.removesuffix('_s')}={v:.2f}" for k, v in medians.items())
        + f" load={_median([r.load_s for r in traced]):.2f}; after the script run finished "
        f"{_median([r.load_s - r.trace.finished_s for r in traced]):.2f} s more; cpu_s "
        + " ".join(f"{k}={v:.2f}" for k, v in cpu.items())
    )


def report_class(
    results: list[Result], class_size: int, peak_mb: float, loads_peak_mb: float, train_s: float
) -> None:
    """Per-student lines, the checks and the last line of ``--train``."""
    for r in results:
        curve = r.first_curve
        print(
            f"{r.name:<26} load_s={_round(r.load_s)} finish_s={_round(r.finish_s)} "
            f"redraws_per_s={_round(r.redraws_per_s)} longest_gap_s={_round(r.longest_gap_s)} "
            f"first_redraw_s={_round(r.first_redraw_s)} later_gap_s={_round(r.later_gap_s)} "
            f"points={len(curve) if curve else 0}" + (f"  FAILED: {r.failure}" if r.failure else "")
        )
    pair = results[:2]
    same = all(r.finished for r in pair) and pair[0].same_curves(pair[1])
    print(f"identical pair: {'yes' if same else 'no: ' + first_difference(*pair)}")
    opened = [r.ws_open_s for r in results if r.ws_open_s is not None]
    print(
        f"the class opening its pages at once over the websocket (script runs only): median "
        f"{_median(opened):.2f} s, slowest {max(opened, default=float('nan')):.2f} s"
    )
    problems = cross_talk(results)
    print("cross-talk: none" if not problems else "cross-talk: " + "; ".join(problems))
    rates = [(r.redraws_per_s, r) for r in results if r.redraws_per_s is not None]
    slowest = min(rates, key=lambda x: x[0], default=(float("nan"), None))
    gaps = [r.longest_gap_s for r in results if r.longest_gap_s is not None]
    firsts = [r.first_redraw_s for r in results if r.first_redraw_s is not None]
    later = [r.later_gap_s for r in results if r.later_gap_s is not None]
    print(
        f"training: all pressed at once, the last run ended after {train_s:.1f} s; server peak "
        f"RSS with the class open and training {peak_mb:.0f} MB ("
        + (
            f"while the loads were timed, {class_size} × {class_size - 1} visits replayed: "
            if any(r.load_s is not None for r in results)
            else "after the training: "
        )
        + f"{loads_peak_mb:.0f} MB); slowest redraws: "
        f"{slowest[1].name if slowest[1] else '-'}; longest wait for a redraw "
        f"{max(gaps, default=float('nan')):.2f} s (for the first after the press: median "
        f"{_median(firsts):.2f} s, slowest {max(firsts, default=float('nan')):.2f} s; between "
        f"two redraws: {max(later, default=float('nan')):.2f} s)"
    )
    report_traces(results)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finished = sum(r.finished for r in results)
    print(
        f"class={class_size} finished={finished} peak_rss_mb={peak_mb:.0f} "
        f"p95_load_s={p95([r.load_s for r in results]):.2f} "
        f"slowest_redraws_per_s={slowest[0]:.2f}"
    )


# -- checks ---------------------------------------------------------------------------------------


def cross_talk(results: list[Result]) -> list[str]:
    """Problems showing sessions mixed up: wrong curve lengths, equal curves across seeds."""
    problems = []
    for r in results:
        curve = r.first_curve
        if not r.finished:
            continue
        if curve is None or len(curve) < 2:
            problems.append(f"{r.name}: no curve")
        elif r.expected and len(curve) != r.expected:
            problems.append(f"{r.name}: {len(curve)} points, expected {r.expected}")
    by_page: dict[str, list[Result]] = {}
    for r in results:
        if r.finished and r.first_curve:
            by_page.setdefault(r.link.split("?")[0], []).append(r)
    for group in by_page.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a.link != b.link and a.same_curves(b):
                    problems.append(f"{a.name} and {b.name} differ in settings but not in curves")
    return problems


def first_difference(a: Result, b: Result) -> str:
    """Where the curves of ``a`` and ``b`` first differ, for the report."""
    if not a.curves or not b.curves:
        return "no curves read" if not a.curves and not b.curves else "one has no curves"
    if len(a.curves) != len(b.curves):
        return f"{len(a.curves)} vs {len(b.curves)} curves"
    for k, (x, y) in enumerate(zip(a.curves, b.curves, strict=True)):
        if json.dumps(x) != json.dumps(y):
            at = next(
                (
                    i
                    for i, (u, v) in enumerate(zip(x, y, strict=False))
                    if json.dumps(u) != json.dumps(v)
                ),
                min(len(x), len(y)),
            )
            return f"curve {k} differs at point {at} ({len(x)} vs {len(y)} points)"
    return "same"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per session step")
    parser.add_argument(
        "--class-size",
        type=int,
        default=len(SESSIONS),
        help="students opening the link at once for each load_s (default: one per session)",
    )
    parser.add_argument(
        "--mbit",
        type=float,
        default=None,
        help="each load_s over an emulated link of this many Mbit/s (20 ms latency)",
    )
    parser.add_argument(
        "--script",
        default="app.py",
        help="what to serve: app.py (front end from memory, compressed) or streamlit_app.py "
        "(Streamlit's own file serving), to compare",
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="skip the one-button app's ten-browser load"
    )
    parser.add_argument(
        "--train",
        action="store_true",
        help="a class of --class-size (30 by default here) opens its pages and presses Train at "
        "once over the websocket; then each student's load is timed",
    )
    parser.add_argument(
        "--no-loads", action="store_true", help="with --train: skip timing each student's load"
    )
    parser.add_argument(
        "--trace",
        action="store_true",
        help="print where each student's load_s went (navigation timing, the script run's "
        "messages, CPU of server, harness and browser)",
    )
    args = parser.parse_args()
    if args.train:
        class_size = args.class_size if "--class-size" in sys.argv else 30
        proc, base, _ = start_server(args.script)
        sampler = RssSampler(proc.pid)
        sampler.start()
        try:
            print(f"server RSS at start: {tree_rss_mb(proc.pid):.0f} MB", flush=True)
            results, warm_s, train_s, class_peak, loads_peak = asyncio.run(
                run_class(
                    base,
                    args.timeout,
                    class_size,
                    args.mbit,
                    sampler,
                    not args.no_loads,
                    args.trace,
                )
            )
        finally:
            sampler.stop()
            stop_server(proc)
        print(f"warm-up visit of every page: {warm_s:.1f} s")
        report_class(results, class_size, class_peak, loads_peak, train_s)
        return

    proc, base, log = start_server(args.script)
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        idle_mb = tree_rss_mb(proc.pid)
        t0 = time.perf_counter()
        results, warm_s = asyncio.run(
            run_all(
                base, args.timeout, args.class_size, args.mbit, proc.pid if args.trace else None
            )
        )
        wall = time.perf_counter() - t0 - warm_s
    finally:
        sampler.stop()
        stop_server(proc)
    # After the app's server is gone: a one-button app, ten Chromiums at once.
    bare_s = (
        float("nan")
        if args.no_reference
        else asyncio.run(bare_reference(args.timeout, len(SESSIONS)))
    )

    print(
        f"server RSS at start: {idle_mb:.0f} MB; warm-up visit of every page: {warm_s:.1f} s; "
        f"server loads and browser sessions: {wall:.1f} s"
    )
    for r in results:
        curve = r.first_curve
        print(
            f"{r.name:<22} server_load_s={_round(r.server_load_s)} "
            f"(files {_round(r.server_files_s)}, {_round(r.files_mb)} MB) "
            f"server_load_cached_s={_round(r.server_load_cached_s)} load_s={_round(r.load_s)} "
            f"load_all_here_s={_round(r.load_all_here_s)} finish_s={_round(r.finish_s)} "
            f"points={len(curve) if curve else 0} console_errors={len(r.errors)}"
            + (f"  FAILED: {r.failure}" if r.failure else "")
        )
        for message in r.errors[:3]:
            print(f"    console: {message[:200]}")
    pair = [r for r in results if r.link == PAIR]
    same = all(r.finished for r in pair) and pair[0].same_curves(pair[1])
    if all(r.finished for r in pair):
        print(
            f"identical pair: {len(pair[0].curves)} and {len(pair[1].curves)} curves read, "
            f"{sum(map(len, pair[0].curves))} numbers each"
            + ("" if same else f"; {first_difference(pair[0], pair[1])}")
        )
        others = [r for r in results if r.link.startswith("/maze-td") and r.link != PAIR]
        if others and others[0].finished and others[0].same_curves(pair[0]):
            print("cross-talk: a different seed gave the pair's curves")
    problems = cross_talk(results)
    print("cross-talk: none" if not problems else "cross-talk: " + "; ".join(problems))
    report_traces(results)
    all_here = _median([r.load_all_here_s for r in results])
    print(
        f"class of {args.class_size}: median_load_s is each student's own browser while the "
        f"others load at once"
        + (f", over {args.mbit:g} Mbit/s" if args.mbit else "")
        + f"; ten Chromiums on this machine's {os.cpu_count()} cores: "
        f"{all_here:.2f} s for these pages, {bare_s:.2f} s for a one-button Streamlit app "
        f"(ratio {all_here / bare_s:.2f})"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finished = sum(r.finished for r in results)
    print(
        f"sessions={len(results)} finished={finished} identical_pair={'yes' if same else 'no'} "
        f"peak_rss_mb={sampler.peak_mb:.0f} "
        f"median_load_s={_median([r.load_s for r in results]):.2f} "
        f"median_server_load_s={_median([r.server_load_s for r in results]):.2f} "
        f"median_server_load_cached_s={_median([r.server_load_cached_s for r in results]):.2f} "
        f"median_load_all_here_s={all_here:.2f} bare_all_here_s={bare_s:.2f}"
    )


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 2)


def _median(values: list[float | None]) -> float:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else float("nan")


if __name__ == "__main__":
    main()
