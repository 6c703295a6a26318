"""Bounded memory: one session trains 50 times in a row; the server's RSS after runs 1, 10, 50.

It starts the app (``streamlit run``, headless, free port on 127.0.0.1) and drives ONE
browser session (Debian Chromium, Playwright). A *run* is, on each page in turn: switch to
it through the sidebar (same session, so everything earlier stays in session state),
press Reset, press Train, wait until the status says the run finished. After runs 1, 10
and 50 (and every 10th) it prints the resident memory of the server's process tree
(``VmRSS`` from ``/proc``, after a short settle).

Pages: SARSA / Q-learning (200 episodes on the 5×5 maze, set by the landing link) and
tabular CartPole (its episodes slider moved to the minimum, 50); ``--dqn`` adds the DQN page
with a 200-step budget. Histories,
frames and replay memories are capped per run and replaced on Reset, so the figure
should level off after the first runs (allocator slack and Python's caches aside).

    .venv/bin/python benchmarks/memory.py [--runs 50] [--dqn]

The last line reads ``rss_mb_run1=<n> rss_mb_run10=<n> rss_mb_run50=<n>``.

``--pages`` measures what a host must hold instead: one session on every page at once
(the home page and each page of the app, opened one after the other and kept open), then
a DQN run and a REINFORCE run at the pages' default settings (Train pressed on those two
sessions, one after the other, each to its end). The sessions are websocket clients that
draw nothing (``benchmarks/ws_client.py``): the server holds the same per-session state
as for a browser. RSS of the server's process tree after the pages opened and after each
run (settled), and the peaks while the pages opened and during each run (sampled every
0.2 s). The last line reads ``rss_mb_pages_open=<n> rss_mb_after_dqn=<n>
rss_mb_after_reinforce=<n> peak_rss_mb=<n>``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import RssSampler, tree_rss_mb  # noqa: E402
from benchmarks.ws_client import WsSession  # noqa: E402
from tests.browser import conftest as harness  # noqa: E402
from webui.i18n import TEXT  # noqa: E402

EN = TEXT["en"]
TIMEOUT_MS = 300_000
SETTLE_S = 1.0

LANDING = "/maze-td?algo=q_learning&layout=maze_5x5&episodes=200&seed=1&schedule=linear"
"""The session's first page: its link sets its settings (a link is read on landing only)."""


def slider_to_min(page, label: str) -> None:
    """Move the slider labelled ``label`` to its minimum (Home on its thumb)."""
    # Streamlit's slider keeps a visually hidden range input as its keyboard-focusable thumb.
    thumb = page.locator("[data-testid='stSlider']", has_text=label).first.locator(
        "input[type='range']"
    )
    thumb.focus()
    thumb.press("Home")
    harness.wait_idle(page, TIMEOUT_MS / 1000)
    assert thumb.input_value() == thumb.get_attribute("min"), f"{label} did not reach its minimum"


def set_number(page, label: str, value: int) -> None:
    """Type ``value`` into the number input labelled ``label``."""
    box = page.locator("[data-testid='stNumberInput']", has_text=label).first
    box.locator("input").fill(str(value))
    box.locator("input").press("Enter")
    harness.wait_idle(page, TIMEOUT_MS / 1000)


# (title in the sidebar, how to give the page a small budget on its first visit)
PAGES = {
    "maze_td": (EN["common.page_maze_td"], None),
    "cartpole_q": (
        EN["common.page_cartpole_q"],
        lambda pg: slider_to_min(pg, EN["common.episodes"]),
    ),
    "cartpole_dqn": (
        EN["common.page_cartpole_dqn"],
        lambda pg: set_number(pg, EN["cartpole_dqn.max_steps"], 200),
    ),
}
REPORT_AT = (1, 10, 50)


def train_once(page) -> float:
    """Reset (when there is anything to reset), Train, wait for the finished run; seconds."""
    reset = page.get_by_role("button", name=EN["common.reset"], exact=True)
    if reset.count() and reset.is_enabled():
        reset.click()
        harness.wait_idle(page, TIMEOUT_MS / 1000)
    t0 = time.perf_counter()
    page.get_by_role("button", name=EN["common.train"], exact=True).click()
    page.get_by_text(EN["common.status_finished"], exact=True).wait_for(timeout=TIMEOUT_MS)
    harness.wait_idle(page, TIMEOUT_MS / 1000)
    return time.perf_counter() - t0


def open_in_sidebar(page, title: str) -> None:
    """Switch page inside the session (a new URL load would start a new session)."""
    page.locator("[data-testid='stSidebarNav'] a", has_text=title).first.click()
    page.get_by_role("button", name=EN["common.train"], exact=True).wait_for(timeout=TIMEOUT_MS)
    harness.wait_idle(page, TIMEOUT_MS / 1000)


async def _every_page(
    base: str, pid: int, timeout_s: float, sampler: RssSampler
) -> dict[str, float]:
    """One session per page, then a DQN and a REINFORCE run: RSS figures (``--pages``)."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg

    from webui.nav import ENTRIES, HOME

    figures: dict[str, float] = {}
    sessions: dict[str, WsSession] = {}
    try:
        for entry in (HOME, *ENTRIES):
            first = BackMsg()
            first.rerun_script.page_name = "" if entry is HOME else entry.url_path
            link = "/" if entry is HOME else f"/{entry.url_path}"
            session = WsSession(base, link, first.SerializeToString())
            sessions[entry.name] = session
            seconds = await session.open(timeout_s)
            print(f"{entry.name:<20} opened in {seconds:.1f} s", flush=True)
        await asyncio.sleep(SETTLE_S)
        figures["pages_open"] = tree_rss_mb(pid)
        figures["peak_open"] = sampler.peak_mb
        print(f"{len(sessions)} sessions open: RSS {figures['pages_open']:.0f} MB", flush=True)
        for name, key in (("cartpole_dqn", "after_dqn"), ("cartpole_reinforce", "after_reinforce")):
            session = sessions[name]
            t0 = time.perf_counter()
            sampler.peak_mb = 0.0  # this run's own peak
            await session.press(EN["common.train"])
            ended = (EN["common.status_finished"], EN["common.status_error"])
            if not await session.wait_for(
                lambda s, ended=ended: any(t in s.texts() for t in ended), timeout_s
            ):
                raise RuntimeError(f"{name}: not finished after {timeout_s:.0f} s")
            if EN["common.status_error"] in session.texts():
                raise RuntimeError(f"{name}: the run stopped with an error")
            await asyncio.sleep(SETTLE_S + 1.0)  # the page's last whole run, then settle
            figures[key] = tree_rss_mb(pid)
            figures[f"peak_{key.removeprefix('after_')}"] = sampler.peak_mb
            print(
                f"{name} run (default settings) took {time.perf_counter() - t0:.1f} s: "
                f"RSS {figures[key]:.0f} MB, peak during the run {sampler.peak_mb:.0f} MB",
                flush=True,
            )
    finally:
        await asyncio.gather(*(s.close() for s in sessions.values()), return_exceptions=True)
    return figures


def every_page(timeout_s: float) -> None:
    """``--pages``: see the module's docstring."""
    import asyncio

    proc, base, _ = harness.start_server()
    sampler = RssSampler(proc.pid)
    sampler.start()
    try:
        print(f"server RSS at start: {tree_rss_mb(proc.pid):.0f} MB", flush=True)
        figures = asyncio.run(_every_page(base, proc.pid, timeout_s, sampler))
    finally:
        sampler.stop()
        harness.stop_server(proc)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        " ".join(f"rss_mb_{k}={v:.0f}" for k, v in figures.items() if not k.startswith("peak"))
        + f" peak_rss_mb={max(v for k, v in figures.items() if k.startswith('peak')):.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--dqn", action="store_true", help="also train the DQN page each run")
    parser.add_argument(
        "--pages",
        action="store_true",
        help="one session per page open, then a DQN and a REINFORCE run (default settings)",
    )
    args = parser.parse_args()
    if args.pages:
        every_page(TIMEOUT_MS / 1000 * 2)
        return
    names = ["maze_td", "cartpole_q"] + (["cartpole_dqn"] if args.dqn else [])

    from playwright.sync_api import sync_playwright

    proc, base, _ = harness.start_server()
    rss: dict[int, float] = {}
    try:
        print(f"server RSS at start: {tree_rss_mb(proc.pid):.0f} MB")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS
            )
            page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
            page.goto(base + LANDING)
            harness.wait_idle(page, TIMEOUT_MS / 1000)
            for name in names[1:]:  # small budgets, set once; session state keeps them
                title, shrink = PAGES[name]
                open_in_sidebar(page, title)
                shrink(page)
            times: list[float] = []
            for run in range(1, args.runs + 1):
                seconds = 0.0
                for name in names:
                    open_in_sidebar(page, PAGES[name][0])
                    seconds += train_once(page)
                times.append(seconds)
                if run in REPORT_AT or run % 10 == 0:
                    time.sleep(SETTLE_S)
                    rss[run] = tree_rss_mb(proc.pid)
                    print(
                        f"run {run:>3}: RSS {rss[run]:.0f} MB  "
                        f"(this run's training {seconds:.1f} s, load {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
            browser.close()
    finally:
        harness.stop_server(proc)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(" ".join(f"rss_mb_run{n}={rss.get(n, float('nan')):.0f}" for n in REPORT_AT))


if __name__ == "__main__":
    main()
