"""The frame player: frames shown while playing, the speed reached, and what it costs the server.

In Debian's Chromium (Playwright), the basics page with CartPole (seed 1897: the random
agent's 100 steps give 101 frames at 25 fps) plays the episode once at each speed (¼×, ½×,
1×, 2×). At every paint the page notes the frame index on screen and the time
(``performance.now()``); per speed it prints the frames shown out of the total, whether
they came in order, and the frames per second reached against the target (25 × speed).

Then, in this process, the server's side of a player: drawing and encoding the frames of a
500-step CartPole episode (``CartPoleRenderer`` + PNG) and of the 8×8 maze's random walk,
and the bytes sent to the browser (data URIs).

    .venv/bin/python benchmarks/playback.py [--burn N]

``--burn N`` keeps N extra processes spinning on the CPU meanwhile, to see the player
under load. The last line reads
``shown_1x=<k>/<n> fps_1x=<r> shown_2x=<k>/<n> fps_2x=<r> encode_cartpole_500_s=<s> payload_cartpole_500_kb=<kb>``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import conftest as harness  # noqa: E402
from tests.browser import player as pb  # noqa: E402

KEY = "basics.replay"
URL = "/basics?env=cartpole&seed=1897&steps=100"
FPS = 25
SPEEDS = {"¼×": 0.25, "½×": 0.5, "1×": 1.0, "2×": 2.0}

RECORD_TIMES_JS = (
    """(key) => {
  const root = ("""
    + pb.PLAYER_JS
    + """)(key);
  const seen = [];
  window.__pgTimed = seen;
  const sample = (now) => {
    const i = Number(root.dataset.frame);
    if (!seen.length || seen[seen.length - 1][0] !== i) seen.push([i, now]);
    if (root.dataset.playing === 'true' || seen.length < 2) requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
}"""
)


def _spin() -> None:
    while True:
        pass


def browser_figures() -> dict[str, tuple[int, int, bool, float]]:
    """Per speed label: (frames shown, frames in all, in order, frames per second)."""
    from playwright.sync_api import sync_playwright

    out = {}
    proc, base, _ = harness.start_server()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(base + URL)
            harness.wait_idle(page)
            page.get_by_role("button", name="Random agent: 100 steps").click()
            harness.wait_idle(page)
            player = pb.player(page, KEY)
            player.wait_for()
            slider = player.locator("input[type='range']")
            n = int(slider.get_attribute("max")) + 1
            for label in SPEEDS:
                player.get_by_role("button", name=label, exact=True).click()
                slider.press("Home")
                page.evaluate(RECORD_TIMES_JS, pb.locator_key(KEY))
                player.get_by_role("button", name="Play").click()
                page.wait_for_function(
                    f"(key) => ({pb.PLAYER_JS})(key).dataset.playing === 'false'",
                    arg=pb.locator_key(KEY),
                    timeout=300_000,
                )
                page.evaluate(
                    "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                seen = page.evaluate("() => window.__pgTimed")
                frames = [i for i, _ in seen]
                # From the first frame after 0 to the last: the click's own latency
                # does not count.
                moving = [t for i, t in seen if i > 0]
                span = (moving[-1] - moving[0]) / 1000 if len(moving) > 1 else 0.0
                fps = (len(moving) - 1) / span if span else float("nan")
                in_order = all(a < b for a, b in zip(frames, frames[1:], strict=False))
                out[label] = (len(set(frames)), n, in_order, fps)
            browser.close()
    finally:
        harness.stop_server(proc)
    return out


def server_figures() -> dict[str, float]:
    import numpy as np

    from playground.cartpole import CartPoleRenderer
    from playground.envs import get_layout
    from playground.sessions.maze_policy import policy_tables, random_walk, walk_frame
    from webui.playback import encode_frames

    rng = np.random.default_rng(0)
    observations = rng.normal(0, 0.05, size=(501, 4))
    renderer = CartPoleRenderer("CartPole-v1")
    start = time.perf_counter()
    uris, _, _ = encode_frames(lambda i: renderer.frame(observations[i]), len(observations))
    cartpole_s = time.perf_counter() - start
    cartpole_kb = sum(len(u) for u in uris) / 1000

    layout = get_layout("maze_8x8")
    pi = policy_tables(layout).naive
    walk = random_walk(layout, pi, seed=0)
    start = time.perf_counter()
    uris, _, _ = encode_frames(
        lambda i: walk_frame(layout, walk, i, pi, size=420), len(walk.states)
    )
    maze_s = time.perf_counter() - start
    return {
        "encode_cartpole_500_s": cartpole_s,
        "payload_cartpole_500_kb": cartpole_kb,
        "maze_walk_frames": len(walk.states),
        "encode_maze_walk_s": maze_s,
        "payload_maze_walk_kb": sum(len(u) for u in uris) / 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--burn", type=int, default=0, help="extra busy processes meanwhile")
    args = parser.parse_args()
    burners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(args.burn)]
    for b in burners:
        b.start()
    try:
        print(f"load average before: {os.getloadavg()[0]:.2f}, burners: {args.burn}")
        shown = browser_figures()
        for label, (k, n, in_order, fps) in shown.items():
            target = FPS * SPEEDS[label]
            print(
                f"{label}: {k}/{n} frames shown, in order: {in_order}, {fps:.1f} fps (target {target:g})"
            )
        server = server_figures()
        for name, value in server.items():
            print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
    finally:
        for b in burners:
            b.terminate()
    print(
        f"shown_1x={shown['1×'][0]}/{shown['1×'][1]} fps_1x={shown['1×'][3]:.1f} "
        f"shown_2x={shown['2×'][0]}/{shown['2×'][1]} fps_2x={shown['2×'][3]:.1f} "
        f"encode_cartpole_500_s={server['encode_cartpole_500_s']:.2f} "
        f"payload_cartpole_500_kb={server['payload_cartpole_500_kb']:.0f}"
    )


if __name__ == "__main__":
    main()
