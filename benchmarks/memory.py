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
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.load import tree_rss_mb  # noqa: E402
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--dqn", action="store_true", help="also train the DQN page each run")
    args = parser.parse_args()
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
