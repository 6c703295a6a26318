"""Playwright harness: one Streamlit server per test session, Debian's Chromium.

Fixtures: ``app_url`` (the running app), ``browser`` (Chromium), ``page`` (a fresh page
that fails the test on console errors or a Streamlit exception element). Helpers:
``wait_idle(page)``, ``assert_clean(page, errors)``, ``train_to_end(page)``,
``fresh_page(browser, link)`` (a share link opened in a new browser context) and
``page_state(page)`` (where a page stands, for a failure's message; its JavaScript
stack on the pages these fixtures make, which keep a debugger attached: ``watch``).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE_TIMEOUT_S = 60
FINISH_TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1400, "height": 900}


def pytest_collection_modifyitems(config, items):
    reason = None
    if not os.path.exists(CHROMIUM):
        reason = f"{CHROMIUM} is absent (./dev test installs it when run as root with apt-get)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed"
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(script: str = "app.py") -> tuple[subprocess.Popen, str, Path]:
    """Start ``streamlit run script`` on a free port; return (process, base URL, log path)."""
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"streamlit-test-{port}.log"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return proc, base, log
        except OSError:
            time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    proc, base, _ = start_server()
    try:
        yield base
    finally:
        stop_server(proc)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# True once the app has been idle (no script run) for ``quiet`` ms without a break, timed
# from the first check after ``window.__pgIdleSince`` was cleared.
SETTLED_JS = """(quiet) => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") {
    window.__pgIdleSince = null;
    return false;
  }
  const now = performance.now();
  if (window.__pgIdleSince == null) window.__pgIdleSince = now;
  return now - window.__pgIdleSince >= quiet;
}"""
SETTLE_MS = 300
SETTLE_TRY_MS = 4_000


def wait_idle(page, timeout_s: float = IDLE_TIMEOUT_S) -> None:
    """Wait until the app finished its script run (Streamlit's own test convention).

    A click's run starts a moment after the click, later on a busy machine, so one look at
    the state attribute can see the idle app from before the click. The app must stay idle
    for ``SETTLE_MS`` in a row. A live run that reruns without pause never settles: after
    ``SETTLE_TRY_MS`` any idle moment between its runs will do."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_s * 1000)
    page.evaluate("() => { window.__pgIdleSince = null; }")
    try:
        page.wait_for_function(SETTLED_JS, arg=SETTLE_MS, polling=50, timeout=SETTLE_TRY_MS)
        return
    except PlaywrightTimeout:
        pass
    page.wait_for_selector(
        "[data-test-script-state='notRunning']", state="attached", timeout=timeout_s * 1000
    )


def assert_clean(page, console_errors: list[str]) -> None:
    """No Streamlit exception element and no console error so far."""
    exceptions = page.locator("[data-testid='stException']")
    assert exceptions.count() == 0, exceptions.first.inner_text()
    assert not console_errors, console_errors


def watch(page) -> None:
    """Keep a DevTools debugger attached to ``page`` from now on, so that a failure can
    say where its JavaScript is (:func:`js_stack`). It must be attached before the page
    stops answering: a page whose main thread runs without end takes no new session."""
    cdp = page.context.new_cdp_session(page)
    paused: list[dict] = []
    cdp.on("Debugger.paused", lambda event: paused.append(event))
    cdp.send("Debugger.enable")
    crashed: list[bool] = []
    page.on("crash", lambda _: crashed.append(True))
    page.pg_debugger = (cdp, paused, crashed)


def js_stack(page, wait_ms: int = 5_000) -> str:
    """Where the page's JavaScript is now, for a failure's message: the renderer crashed,
    its main thread is idle (no script ran within ``wait_ms``: waiting on the server), or
    the frames of the script it is running (paused, read, resumed)."""
    if not hasattr(page, "pg_debugger"):
        return "no debugger attached"
    cdp, paused, crashed = page.pg_debugger
    if crashed:
        return "the page's renderer crashed"
    paused.clear()
    cdp.send("Debugger.pause")
    for _ in range(wait_ms // 100):
        if paused:
            break
        page.wait_for_timeout(100)  # lets the client take the paused event
    if not paused:
        # Withdraw the pause still asked for, or the next script (ours included) stops.
        cdp.send("Debugger.disable")
        cdp.send("Debugger.enable")
        return f"main thread idle: no script ran within {wait_ms} ms"
    frames = [
        f"{f['functionName'] or '(anonymous)'} {f['url'].rsplit('/', 1)[-1]}:"
        f"{f['location']['lineNumber'] + 1}:{f['location'].get('columnNumber', 0) + 1}"
        for f in paused[0]["callFrames"][:12]
    ]
    cdp.send("Debugger.resume")
    return "running script: " + " <- ".join(frames)


def page_state(page) -> str:
    """Where the app stands, for a failure's message: its script and connection state and
    the progress bars' text (a run that stopped short of "Finished." shows how far), and
    where its JavaScript is (:func:`js_stack`). Each read gives up after 5 s: a page that
    stopped answering still gets its stack read."""
    stack = js_stack(page)
    try:
        app = page.locator("[data-testid='stApp']")
        state = (
            f"script {app.get_attribute('data-test-script-state', timeout=5_000)}, "
            f"connection {app.get_attribute('data-test-connection-state', timeout=5_000)}, "
            f"progress {page.locator('[data-testid=stProgress]').all_inner_texts()}"
        )
    except Exception as exc:  # a page that does not answer: say so, keep the stack
        state = f"the page did not answer ({type(exc).__name__})"
    return f"{state}; {stack}"


def train_to_end(page, label: str = "Train", timeout_ms: int = FINISH_TIMEOUT_MS) -> None:
    """Click the live run's button ``label`` and wait until the run says "Finished."."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.get_by_role("button", name=label, exact=True).click()
    try:
        page.get_by_text("Finished.", exact=True).wait_for(timeout=timeout_ms)
    except PlaywrightTimeout as exc:
        raise AssertionError(
            f"no 'Finished.' {timeout_ms} ms after {label}: {page_state(page)}"
        ) from exc
    wait_idle(page)


@contextmanager
def fresh_page(browser, link: str) -> Iterator:
    """``link`` opened in a new browser context (a new session, as a student opening a
    share link would); on leaving, the page must show no Streamlit exception."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        fresh = context.new_page()
        watch(fresh)
        fresh.goto(link)
        wait_idle(fresh)
        yield fresh
        assert fresh.locator("[data-testid='stException']").count() == 0
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh page (1400×900); ``page.console_errors`` collects console errors."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    pg = context.new_page()
    watch(pg)
    errors: list[str] = []
    failed_external: list[str] = []

    def on_console(msg) -> None:
        if msg.type != "error":
            return
        # This machine has no internet: a resource from another host (e.g. a CDN font) fails
        # to resolve. That is the sandbox, not the app; errors from the app itself count.
        if "ERR_NAME_NOT_RESOLVED" in msg.text or "ERR_INTERNET_DISCONNECTED" in msg.text:
            failed_external.append(msg.text)
            return
        # HTTP failures are judged by the response handler below, which sees the URL.
        if msg.text.startswith("Failed to load resource: the server responded"):
            return
        errors.append(msg.text)

    def on_response(response) -> None:
        if response.status < 400:
            return
        # Opening a page URL directly (/basics?...) makes Streamlit's frontend probe
        # /basics/_stcore/... for a base path before it falls back to /_stcore/.
        path = response.url.split("?", 1)[0]
        if "/_stcore/" in path and not path.split("//", 1)[-1].split("/", 1)[-1].startswith(
            "_stcore/"
        ):
            return
        errors.append(f"HTTP {response.status} {response.url}")

    pg.on("console", on_console)
    pg.on("requestfailed", lambda req: failed_external.append(req.url))
    pg.on("response", on_response)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.console_errors = errors
    pg.failed_external = failed_external
    try:
        yield pg
    finally:
        context.close()
