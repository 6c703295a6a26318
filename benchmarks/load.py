"""A classroom at once: 10 browser sessions training on one app server.

It starts the app (``streamlit run``, headless, free port on 127.0.0.1) and then:

1. **Warm-up.** Visits every page once in a fresh browser context (a deployed app has
   long had its first visit, which imports torch and every page), and records what the
   browser fetched (the front end's ~110-125 files, 3-5 MB) and the message asking the
   server to run the page (``BackMsg.rerun_script``).
2. **The server's share of a load** (``server_load_s``). Ten clients that draw nothing
   open their pages at once: each fetches the files its browser fetched, six at a time,
   then sends that message with its own link's query over the websocket and waits for
   the script to finish (every element received). Then again as returning visitors
   (``server_load_cached_s``), whose browsers keep the front end's files (Streamlit
   serves ``/static/`` as ``Cache-Control: immutable``). In a classroom the drawing
   happens on each student's machine; here ten Chromiums would share the server's cores.
3. **Ten browser sessions** in one Debian Chromium (Playwright's async API, all at once),
   each in its own context: opens a share link, waits for the page to be drawn
   (``load_s``: with ten Chromiums on this machine's cores), waits until every session
   has loaded, clicks Train, waits until the status says the run finished
   (``finish_s``), and reads the curves from the charts in the DOM (``CHARTS_JS``: live
   ECharts charts and plotly charts, binary arrays decoded).

The sessions: SARSA / Q-learning ×3, policy gradient ×2, tabular CartPole, REINFORCE and
DQN ×3 (seeds 1, 2, 3). Two of the SARSA / Q-learning sessions use the same link (same
page, seed and settings): their curves must be identical. No cross-talk is checked by
each session's curve having its own length, and by the other sessions of the same page
(different seeds) giving curves different from the pair's and from each other.

A thread samples the server's resident memory (``VmRSS`` of its process tree, from
``/proc``) every 0.2 s; the peak is printed.

    .venv/bin/python benchmarks/load.py [--timeout 300]

Targets: all 10 finish, the pair is identical, no cross-talk, peak RSS ≤ 1,500 MB,
median load ≤ 3 s. Other processes on the machine skew the times; the load average is
printed with them. The last line reads
``sessions=10 finished=<k> identical_pair=<yes|no> peak_rss_mb=<n> median_load_s=<s>
median_server_load_s=<s> median_server_load_cached_s=<s>``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.i18n import TEXT  # noqa: E402
from tests.browser.charts import READ_CHARTS_JS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

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


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (``VmRSS`` from /proc)."""
    total_kb, todo, seen = 0, [pid], set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
                    break
        except OSError:
            continue
        todo += _children(p)
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
    load_s: float | None = None
    server_load_s: float | None = None
    server_files_s: float | None = None  # the part of server_load_s spent on the files
    server_load_cached_s: float | None = None
    finish_s: float | None = None
    charts: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failure: str | None = None

    @property
    def curves(self) -> list[list]:
        """The y values of every series of every chart, in page order (numbers only)."""
        return [t["y"] for chart in self.charts for t in chart["data"] if t["y"]]

    @property
    def first_curve(self) -> list | None:
        """The learning curve: the first series of the chart titled ``curve_title`` (a page
        shows other charts before it, e.g. the policy page's β sweep)."""
        for chart in self.charts:
            if chart["title"] == self.curve_title:
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


async def warm_up(browser, base: str, timeout_s: float) -> tuple[float, dict[str, PageLoad]]:
    """Open every page once, one after the other; return the seconds it took and what the
    browser fetched and sent for each page (for :func:`server_load`).

    The first visit of a page imports its modules (torch for the deep pages) into the
    server; a deployed app has had that visit long before a class opens the link.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg

    loads: dict[str, PageLoad] = {}
    t0 = time.perf_counter()
    for link in dict.fromkeys(session[1].split("?")[0] for session in SESSIONS):
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


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, url: str) -> None:
    """One keep-alive HTTP/1.1 GET on an open connection, its body read to the end."""
    host, path = url.split("//", 1)[1].split("/", 1)
    writer.write(f"GET /{path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    if status >= 400:
        raise RuntimeError(f"HTTP {status} for {url}")
    headers = dict(line.lower().split(": ", 1) for line in head[1:] if ": " in line)
    if headers.get("transfer-encoding") == "chunked":
        while chunk := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(chunk + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(headers.get("content-length", 0)))


async def _fetch_all(urls: list[str]) -> None:
    """GET every URL over ``FETCHES_PER_CLIENT`` keep-alive connections, as a browser
    does. A few lines of asyncio rather than an HTTP library: ten clients' worth of
    ``requests`` in threads took as much CPU as the server did."""
    if not urls:
        return
    host, port = urls[0].split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    todo = list(reversed(urls))

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            while todo:
                await _get(reader, writer, todo.pop())
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(FETCHES_PER_CLIENT)))


async def server_load(
    base: str, link: str, recorded: PageLoad, timeout_s: float
) -> tuple[float, float]:
    """Seconds for the server to deliver ``link`` to one client that does no drawing, as
    ``(files, whole load)``: every file the browser fetched for that page, then the page's
    script run over the websocket (the browser's own message, with this link's query),
    until the script finished and every element of the page was received.

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
    await _fetch_all(recorded.urls)
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
                return files_s, time.perf_counter() - t0
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
            files_s, load_s = await server_load(base, result.link, recorded, timeout_s)
        except Exception as exc:  # reported with the session; the others go on
            result.failure = f"server load: {type(exc).__name__}: {exc}"
            return
        if cached:
            result.server_load_cached_s = load_s
        else:
            result.server_files_s, result.server_load_s = files_s, load_s

    for cached in (False, True):
        await asyncio.gather(*(one(r, cached) for r in results))


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
        t0 = time.perf_counter()
        await page.goto(base + result.link, timeout=timeout_s * 1000)
        await wait_idle(page, timeout_s * 1000)
        await page.get_by_role("button", name=EN["common.train"], exact=True).wait_for(
            timeout=timeout_s * 1000
        )
        result.load_s = time.perf_counter() - t0
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


async def run_all(base: str, timeout_s: float) -> tuple[list[Result], float]:
    """Warm the server up, time the server's share of the loads, then run every session
    in a browser at once."""
    from playwright.async_api import async_playwright

    results = [Result(*session) for session in SESSIONS]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            warm_s, loads = await warm_up(browser, base, timeout_s)
            # The server's share of the loads first, all at once, with no browser drawing.
            await server_loads(base, results, loads, timeout_s)
            loaded = asyncio.Barrier(len(results))
            await asyncio.gather(
                *(run_session(browser, base, r, timeout_s, loaded) for r in results)
            )
        finally:
            await browser.close()
    return results, warm_s


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
    args = parser.parse_args()

    proc, base, log = start_server()
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        idle_mb = tree_rss_mb(proc.pid)
        t0 = time.perf_counter()
        results, warm_s = asyncio.run(run_all(base, args.timeout))
        wall = time.perf_counter() - t0 - warm_s
    finally:
        sampler.stop()
        stop_server(proc)

    print(
        f"server RSS at start: {idle_mb:.0f} MB; warm-up visit of every page: {warm_s:.1f} s; "
        f"server loads and browser sessions: {wall:.1f} s"
    )
    for r in results:
        curve = r.first_curve
        print(
            f"{r.name:<22} server_load_s={_round(r.server_load_s)} "
            f"(files {_round(r.server_files_s)}) "
            f"server_load_cached_s={_round(r.server_load_cached_s)} load_s={_round(r.load_s)} "
            f"finish_s={_round(r.finish_s)} "
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
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finished = sum(r.finished for r in results)
    print(
        f"sessions={len(results)} finished={finished} identical_pair={'yes' if same else 'no'} "
        f"peak_rss_mb={sampler.peak_mb:.0f} "
        f"median_load_s={_median([r.load_s for r in results]):.2f} "
        f"median_server_load_s={_median([r.server_load_s for r in results]):.2f} "
        f"median_server_load_cached_s={_median([r.server_load_cached_s for r in results]):.2f}"
    )


def _round(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 2)


def _median(values: list[float | None]) -> float:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else float("nan")


if __name__ == "__main__":
    main()
