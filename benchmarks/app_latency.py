"""How live the app feels: Train click to a drawn run, and redraws per second while training.

It starts the app (``streamlit run``, headless, on a free port), drives it in Debian's
Chromium with Playwright, and times what a student sees:

* ``train_to_drawn_s``: seconds from the click on Train to the finished 200-episode
  Q-learning run drawn on screen (maze SARSA/Q-learning page). "Drawn" is read from the
  DOM: the status says finished, the progress text reads ``200 / 200`` and a chart's
  line reaches episode 200 (an ECharts element's option, read from its React props, or a
  plotly div's ``.data``). Each try opens the page afresh.
* ``redraws_per_s``: the redraws seen in the browser (changes of the progress text, which
  each live redraw updates together with the charts, polled every animation frame) per
  second in the steady middle of a long run: SARSA and Q-learning side by side for
  5,000 episodes (the page's most) on the 8×8 maze, counted between 25 % and 75 % of the
  time from the click to the finished run drawn. The first redraws are quick (short
  curves) and the last one draws the whole page; the middle is what a student watches.

On a fast machine the maze's long run lasts a second or two, and its middle holds only a
few redraws; ``--long cartpole-q`` measures the redraws in a 3,000-episode run of the
CartPole Q page instead (many seconds where the maze takes one or two), through the same
live driver.

Timestamps are taken in the page (``performance.now()``): the click is stamped by a
capture-phase listener, the draw by a ``requestAnimationFrame`` poller, so Playwright's
own round trips do not count. Medians over ``--tries`` (default 5). Other processes on
the machine skew the numbers; the load average is printed with them.

    .venv/bin/python benchmarks/app_latency.py [--tries 5] [--demo | --long cartpole-q]

``--demo`` measures ``tests/app/live_demo.py`` (a fake trainer) instead of the maze page.
The last line reads ``train_to_drawn_s=<median> redraws_per_s=<median>``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.charts import ECHARTS_SPEC_JS  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server, stop_server  # noqa: E402
from webui.i18n import TEXT  # noqa: E402

EN = TEXT["en"]
SHORT_EPISODES = 200
LONG_EPISODES = 5_000
MIDDLE = (0.25, 0.75)
"""The part of the long run whose redraws are counted (fractions of its duration)."""
TIMEOUT_S = 120


@dataclass(frozen=True)
class Target:
    """Which app to start, which URL runs Q-learning for ``episodes``, and the run's button."""

    script: str
    short: str  # URL path and query of the short run
    long: str  # URL path and query of the long run


MAZE_TD = Target(
    "app.py",
    f"/maze-td?algo=q_learning&episodes={SHORT_EPISODES}",
    f"/maze-td?algo=both&layout=maze_8x8&episodes={LONG_EPISODES}",
)
# The fake trainer: about Q-learning's speed on the seed maze for the short run, and a
# slower one (2 ms per episode, a 10 s run) for a steady redraw rate.
DEMO = Target(
    "tests/app/live_demo.py",
    f"/?episodes={SHORT_EPISODES}&delay_ms=0.2",
    f"/?episodes={LONG_EPISODES}&delay_ms=2",
)

# Installed in every page before its scripts run. It stamps clicks on buttons; on every
# animation frame after a DOM change it reads the progress text, which every live redraw
# changes (with the charts, in the same commit): a change after the click is one redraw.
# The first frame where the watched run is finished and drawn is stamped: the status says
# finished, the progress reads "n / n" and a chart's line reaches x = n (a long line is
# decimated, its last point kept; live charts are ECharts updated in place, their option
# read from the element's React props; plotly charts from the div's data).
PROBE = """
(() => {
  const probe = {clicks: [], redraws: [], drawnAt: null, n: 0, last: "", dirty: true};
  window.__probe = probe;
  probe.watch = (n, finished, progress) => {
    Object.assign(probe, {clicks: [], redraws: [], drawnAt: null, n, finished, progress});
  };
  document.addEventListener("click", (e) => {
    if (e.target.closest("button")) probe.clicks.push(performance.now());
  }, true);
  new MutationObserver(() => { probe.dirty = true; }).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true});
  const option = ECHARTS_SPEC;  // tests/browser/charts.py
  // The largest x any line reaches: its last point's (a series longer than 1,500 points
  // keeps them in dataset.source, read by datasetIndex; a short one in data).
  const echartsLastX = (spec) => {
    try {
      const option = JSON.parse(spec);
      const sets = [].concat(option.dataset || []);
      return Math.max(0, ...(option.series || []).map((s) => {
        const rows = s.datasetIndex !== undefined ? sets[s.datasetIndex].source : s.data;
        const last = (rows || []).at(-1);
        return Array.isArray(last) && typeof last[0] === "number" ? last[0] : 0;
      }));
    } catch (e) { return 0; }
  };
  // Plotly >= 6 ships numeric arrays as {dtype: "f8", bdata: base64}: count those too.
  const length = (y) => {
    if (!y) return 0;
    if (y.length !== undefined) return y.length;
    if (y.bdata === undefined) return 0;
    const pad = y.bdata.endsWith("==") ? 2 : y.bdata.endsWith("=") ? 1 : 0;
    return (y.bdata.length * 3 / 4 - pad) / parseInt(y.dtype.slice(1), 10);
  };
  const plotlyPoints = (gd) => Math.max(0, ...(gd.data || []).map((trace) => length(trace.y)));
  const tick = () => {
    if (probe.dirty) {
      probe.dirty = false;
      const now = performance.now();
      // A live redraw updates the progress text and the charts in one React commit; the
      // text is cheap to read every frame, the charts' data only to confirm the end.
      const progress = document.querySelector("[data-testid='stProgress']");
      const key = progress ? progress.innerText : "";
      if (key !== probe.last) {
        probe.last = key;
        if (probe.clicks.length) probe.redraws.push(now);
      }
      if (probe.n && probe.clicks.length && probe.drawnAt === null) {
        const text = document.body.innerText;
        if (text.includes(probe.finished) && text.includes(probe.progress)) {
          const charts = document.querySelectorAll("[data-testid='stEChartsChart']");
          const plots = document.querySelectorAll(".js-plotly-plot");
          if (Array.from(charts).some((el) => echartsLastX(option(el)) >= probe.n)
              || Array.from(plots).some((gd) => plotlyPoints(gd) >= probe.n)) {
            probe.drawnAt = now;
          }
        }
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();
""".replace("ECHARTS_SPEC", ECHARTS_SPEC_JS)


def wait_idle(page) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=TIMEOUT_S * 1000)
    page.wait_for_timeout(200)
    page.wait_for_selector(
        "[data-test-script-state='notRunning']", state="attached", timeout=TIMEOUT_S * 1000
    )


CARTPOLE_EPISODES = 3_000
CARTPOLE_Q = Target("app.py", MAZE_TD.short, f"/cartpole-q?episodes={CARTPOLE_EPISODES}&seed=1")
"""The long run on the CartPole Q page: a longer steady middle than the maze's."""
LONG_RUNS = {"maze-td": (MAZE_TD, LONG_EPISODES), "cartpole-q": (CARTPOLE_Q, CARTPOLE_EPISODES)}
"""``--long``: the target whose long run is counted, and that run's episodes."""


def one_run(page, url: str, episodes: int) -> tuple[float, int]:
    """Open ``url`` afresh, click Train, wait for the finished run drawn.

    Returns (seconds from the click to the finished run drawn, redraws per second in
    the :data:`MIDDLE` of that time).
    """
    page.goto(url)
    wait_idle(page)
    exceptions = page.locator("[data-testid='stException']")
    if exceptions.count():
        raise RuntimeError(exceptions.first.inner_text())
    progress = EN["common.progress"].format(done=episodes, total=episodes)
    page.evaluate(
        "([n, f, p]) => window.__probe.watch(n, f, p)",
        [episodes, EN["common.status_finished"], progress],
    )
    page.get_by_role("button", name=EN["common.train"], exact=True).first.click()
    page.wait_for_function("() => window.__probe.drawnAt !== null", timeout=TIMEOUT_S * 1000)
    probe = page.evaluate(
        "() => ({clicks: __probe.clicks, redraws: __probe.redraws, drawnAt: __probe.drawnAt})"
    )
    clicked = probe["clicks"][0]
    duration = probe["drawnAt"] - clicked
    start, end = (clicked + f * duration for f in MIDDLE)
    middle = [t for t in probe["redraws"] if start <= t <= end]
    return duration / 1000, len(middle) / ((end - start) / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--demo", action="store_true", help="measure tests/app/live_demo.py")
    parser.add_argument("--long", choices=LONG_RUNS, default="maze-td", help="long run's page")
    args = parser.parse_args()
    target, long_episodes = (DEMO, LONG_EPISODES) if args.demo else LONG_RUNS[args.long]

    from playwright.sync_api import sync_playwright

    proc, base, log = start_server(target.script)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.add_init_script(PROBE)
            page = context.new_page()
            one_run(page, base + target.short, SHORT_EPISODES)  # warm-up
            latencies, rates = [], []
            for i in range(args.tries):
                latency, _ = one_run(page, base + target.short, SHORT_EPISODES)
                duration, rate = one_run(page, base + target.long, long_episodes)
                latencies.append(latency)
                rates.append(rate)
                print(
                    f"try {i + 1}: train_to_drawn_s={latency:.3f}  long run {duration:.2f} s,"
                    f" {rate:.1f} redraws/s in its middle  (load {os.getloadavg()[0]:.2f})",
                    flush=True,
                )
            browser.close()
    finally:
        stop_server(proc)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"train_to_drawn_s={statistics.median(latencies):.3f} redraws_per_s={statistics.median(rates):.1f}"
    )


if __name__ == "__main__":
    main()
