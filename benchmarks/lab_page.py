"""The Lab page's server memory: a 100-job experiment finished and shown in a browser.

Starts the app (``streamlit run app.py``) on a free port, opens the Lab page in Debian's
Chromium, applies the Figure 6.4 preset (SARSA and Q-learning, 50 seeds each: 100 jobs of
500 episodes on cliff walking), presses Run and waits until the page shows the finished
run: the comparison figure with its bands, the table and the CSV button. Then it reads
the server's peak RSS (``VmHWM``) and that of its pool workers, and (with
``--idle-exit``) waits for the workers to exit once idle.

Usage::

    .venv/bin/python benchmarks/lab_page.py              # memory after the run
    .venv/bin/python benchmarks/lab_page.py --idle-exit  # also wait for the workers to exit

Last line: ``server_peak_rss_mb=<n> server_rss_mb=<n> worker_peak_rss_mb=<n> workers=<n>
run_to_shown_s=<s> worker_idle_exit_s=<bound> workers_after_idle=<n|na>``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playground.lab.executors import IDLE_SECONDS  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    start_server,
    stop_server,
    wait_idle,
)
from webui.i18n import TEXT  # noqa: E402

EN = TEXT["en"]


def status_kb(pid: int, field: str) -> int:
    """A ``/proc/<pid>/status`` field in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def server_pid(proc) -> int:
    """The streamlit process (``start_server`` runs it directly)."""
    return proc.pid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--idle-exit", action="store_true", help="wait for workers to exit")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    proc, base, log = start_server()
    pid = server_pid(proc)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.goto(f"{base}/lab")
            wait_idle(page)
            page.get_by_role("button", name=EN["lab.preset_fig64"]).click()
            wait_idle(page)
            page.get_by_text("100 runs: 2 × 50 seeds.").wait_for()
            start = time.perf_counter()
            page.get_by_role("button", name=EN["lab.run"], exact=True).click()
            finished = EN["lab.status_finished"].split("{")[0]
            page.get_by_text(finished, exact=False).wait_for(timeout=600_000)
            wait_idle(page, timeout_s=600)
            page.get_by_role("button", name=EN["lab.download_csv"]).wait_for()
            page.locator(".js-plotly-plot").first.wait_for()
            shown = time.perf_counter() - start
            workers = [p for p in descendants(pid) if status_kb(p, "VmRSS")]
            worker_peak = max((status_kb(p, "VmHWM") for p in workers), default=0)
            server_peak, server_now = status_kb(pid, "VmHWM"), status_kb(pid, "VmRSS")
            browser.close()
        after_idle = "na"
        if args.idle_exit:
            deadline = time.perf_counter() + IDLE_SECONDS + 30
            while time.perf_counter() < deadline and descendants(pid):
                time.sleep(1)
            after_idle = str(len(descendants(pid)))
    finally:
        stop_server(proc)
    print(
        f"server_peak_rss_mb={server_peak / 1024:.0f} server_rss_mb={server_now / 1024:.0f} "
        f"worker_peak_rss_mb={worker_peak / 1024:.0f} workers={len(workers)} "
        f"run_to_shown_s={shown:.1f} worker_idle_exit_s={IDLE_SECONDS:g} "
        f"workers_after_idle={after_idle}"
    )


if __name__ == "__main__":
    main()
