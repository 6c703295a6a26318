"""Every page in Debian's Chromium, the way a class uses it.

A page without a live run (home, basics, concepts): it loads; the language switch turns
the title Chinese and back; every slider (sidebar and page, expanders opened) goes to its
maximum and its minimum by keyboard (End / Home on the thumb); on the basics page a random
episode is played back, scrubbed and downloaded as a GIF.

A page with a live run, from a share link with a budget far beyond what the test trains:
Train, Pause, Resume, Pause again (each time the status says paused, the first button
reads Resume, and the progress went on; once paused, the downloads outside the live view
are there without any other page run); the language switch while paused (the run
survives it); every download clicked and its file checked (a GIF opens with Pillow and has
more than one frame, a CSV parses, a weights file is a torch archive); the playback
scrubbed from its last frame to its first; Reset; then every slider to both ends.

No Streamlit exception element and no console error at any point (the harness's filter:
failed CDN fonts and Streamlit's base-path probes are not the app's). Each test prints the
seconds of its phases (shown on failure, or with ``-rP``).

Pause is pressed as soon as the run's first redraw enables it: the run is then certainly
still going, and the browser has not yet fallen behind the live redraws (on a loaded
machine it can be tens of seconds behind after a few seconds of training, see ``press``).

One app server for the whole module (the session fixture ``app_url``).
"""

from __future__ import annotations

import csv
import io
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import assert_clean, wait_idle
from webui.i18n import TEXT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.e2e]
# Without playwright the conftest marks the tests skipped; don't fail their collection.
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

EN, ZH = TEXT["en"], TEXT["zh"]
RUN_TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class PageCase:
    name: str  # i18n namespace and nav entry
    path: str  # URL path
    query: str  # the share link's settings; for a live run, a budget that outlasts the test
    downloads: int | None = None  # a live run: enabled downloads once it is paused


CASES = (
    PageCase("home", "/", ""),
    PageCase("basics", "/basics", "?env=maze&steps=20"),
    PageCase("concepts", "/concepts", ""),
    PageCase("maze_policy", "/maze-policy", "?layout=maze_8x8&episodes=20000", downloads=1),
    PageCase(
        "maze_td",
        "/maze-td",
        # ε = 0.1, not 1: a random walk's episodes on the 8×8 maze run to hundreds of moves,
        # and each language's whole-page run draws the played-back episode again.
        "?algo=both&layout=maze_8x8&episodes=5000&eta=0.01&epsilon=0.1&schedule=constant",
        downloads=1,
    ),
    PageCase("cartpole_q", "/cartpole-q", "?episodes=5000&bins=12", downloads=1),
    PageCase(
        "cartpole_dqn",
        "/cartpole-dqn",
        "?max_steps=200000&hidden=32&batch=32&starts=64&eval_every=10000",
        downloads=2,  # the playback's GIF and the weights
    ),
    PageCase("cartpole_reinforce", "/cartpole-reinforce", "?episodes=5000&hidden=32", downloads=2),
)


class Phases:
    """Seconds per phase of a test, printed (pytest shows them on failure, or with -rP)."""

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            print(f"{name}: {time.perf_counter() - start:.1f} s", flush=True)


def title(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def settle(page) -> None:
    """The script run is over and the frontend had a moment to draw what it sent."""
    wait_idle(page)
    page.wait_for_timeout(300)


NO_SKELETON = "() => !document.querySelector(\"[data-testid='stSkeleton']\")"
"""True once every element is drawn: a fresh browser context loads the code of each kind
of widget (sliders, …) on first use, and shows a skeleton in its place meanwhile."""


def load(page, url: str) -> None:
    """Open ``url``, wait for its first script run to end and everything to be drawn.

    Before that run starts the app already reads "notRunning"; once the title is drawn,
    the run has started. Widgets can be drawn 2 s after the run ended (``NO_SKELETON``).
    """
    page.goto(url)
    page.locator("h1").first.wait_for(timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    page.wait_for_function(NO_SKELETON, timeout=RUN_TIMEOUT_MS)


def open_expanders(page) -> None:
    """Open every closed expander, so the sliders inside are reachable."""
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()
    if page.locator("[data-testid='stExpander'] details:not([open])").count():
        page.wait_for_timeout(200)


THUMB = "[data-testid='stSlider'] input[type='range']"
"""A slider's thumb: Streamlit's (react-aria) slider keeps a visually hidden range input."""

READ_THUMBS = """(sel) => Array.from(document.querySelectorAll(sel), (el) => ({
    label: el.getAttribute('aria-label'), disabled: el.disabled,
    value: el.value, min: el.getAttribute('min'), max: el.getAttribute('max')}))"""


def thumbs_not_at(page, bound: str) -> list[int]:
    """Indexes of the enabled slider thumbs whose value is not at their ``bound`` (min/max);
    one round trip for all of them."""
    return [
        i
        for i, t in enumerate(page.evaluate(READ_THUMBS, THUMB))
        if not t["disabled"] and t["value"] != t[bound]
    ]


def move_every_slider(page) -> int:
    """Every slider to its maximum, then every slider to its minimum (End / Home on its
    focused thumb).

    All thumbs get their key press one after the other and the app's reruns are awaited
    once per end: Streamlit replaces a running script run by the next widget change, so
    the app ends up drawn with every slider at that end at once (a harsher case than one
    at a time, and 2 waits per page instead of 2 per slider). A press swallowed by a
    redraw is sent again (up to 3 rounds); then every thumb must be at its end.

    Returns how many sliders there are.
    """
    open_expanders(page)
    n = page.locator(THUMB).count()
    for key, bound in (("End", "max"), ("Home", "min")):
        todo = thumbs_not_at(page, bound)
        for _ in range(3):
            if not todo:
                break
            for i in todo:
                thumb = page.locator(THUMB).nth(i)
                if thumb.count() and not thumb.is_disabled():
                    thumb.press(key)  # focuses the thumb first
            settle(page)
            todo = thumbs_not_at(page, bound)
        labels = [page.locator(THUMB).nth(i).get_attribute("aria-label") for i in todo]
        assert not todo, f"sliders {labels} did not reach their {key} end"
        assert_clean(page, page.console_errors)
    return n


def switch_language(page, *, keep: list[str] = ()) -> None:
    """中文, then English again: the title changes both ways, and every text of ``keep``
    (English) is shown again afterwards."""
    english = title(page)
    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    expect(page.locator("h1").first).not_to_have_text(english, timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    chinese = title(page)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), chinese
    assert "lang=zh" in page.url
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text(english, timeout=RUN_TIMEOUT_MS)
    wait_idle(page)
    for text in keep:
        expect(page.get_by_text(text, exact=True).first).to_be_visible()


def button(page, key: str):
    return page.get_by_role("button", name=EN[key], exact=True)


def wait_status(page, key: str, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    page.get_by_text(EN[key], exact=True).wait_for(timeout=timeout_ms)


def progress(page) -> tuple[str, int]:
    """The live run's progress text and the count it starts with (``1,234 / 5,000 …``)."""
    text = page.locator("[data-testid='stProgress']").first.inner_text().strip()
    match = re.match(r"([\d,]+)\s*/", text)
    assert match, text
    return text, int(match.group(1).replace(",", ""))


def press(page, key: str) -> None:
    """Press a live run's button while the run redraws.

    The click is dispatched to the button itself, once it is enabled. Playwright's
    ``click`` first waits for the button to be stable and hit-testable over several
    animation frames, and while a run redraws its charts several times a second a loaded
    2-core machine's renderer can take tens of seconds to answer those checks (measured:
    14-46 s, with the server seeing the click only then and handling it 0.2-0.4 s later).
    """
    target = button(page, key)
    expect(target).to_be_enabled(timeout=RUN_TIMEOUT_MS)
    target.dispatch_event("click")


def pause(page) -> int:
    """Pause the running run; the page then says so. Returns the progress count."""
    press(page, "common.pause")
    wait_status(page, "common.status_paused")
    wait_idle(page, RUN_TIMEOUT_MS / 1000)
    expect(button(page, "common.resume")).to_be_enabled()
    expect(button(page, "common.pause")).to_be_disabled()
    text, done = progress(page)
    assert done > 0, text
    return done


def train_pause_resume(page) -> int:
    """Train, Pause, Resume, Pause: the run is left paused, further on than at the first
    pause. Returns the progress count."""
    button(page, "common.train").click()
    first = pause(page)
    assert_clean(page, page.console_errors)
    button(page, "common.resume").click()
    wait_status(page, "common.status_running")
    second = pause(page)
    assert second > first, (first, second)  # resumed where it stopped, and went on
    # The live view is drawn: a chart (its code may still be loading) or a picture.
    page.wait_for_function(NO_SKELETON, timeout=RUN_TIMEOUT_MS)
    shown = ", ".join(
        ("[data-testid='stEChartsChart']", "[data-testid='stPlotlyChart']", "figure.pg-picture img")
    )
    expect(page.locator(shown).first).to_be_attached()
    assert_clean(page, page.console_errors)
    return second


FRAME_SLIDER = f".pg-player-slider[aria-label='{EN['common.frame']}']"
"""The frame player's slider (webui/player.js): it moves in the browser, no script runs."""

PLAYBACK_SLIDERS = (FRAME_SLIDER, f"{THUMB}[aria-label='{EN['maze_td.playback_episode']}']")
"""The playback sliders: the frame player's and the stored-episode selector (a Streamlit
slider, whose change reruns the page); other sliders in the page body are settings, and
moving those would pause or reset the run."""


def scrub_playback(page) -> int:
    """Scrub the playback sliders: last frame, then first. Returns how many there are."""
    scrubbed = 0
    for selector in PLAYBACK_SLIDERS:
        thumbs = page.locator(f"[data-testid='stMain'] {selector}")
        for i in range(thumbs.count()):
            for key, bound in (("End", "max"), ("Home", "min")):
                thumb = thumbs.nth(i)
                if not thumb.count() or thumb.is_disabled():
                    break
                thumb.press(key)
                expect(thumb).to_have_value(thumb.get_attribute(bound) or "")
                if selector != FRAME_SLIDER:  # the selector's change reruns the page
                    settle(page)
                if thumb.count():
                    assert thumb.input_value() == thumb.get_attribute(bound)
            scrubbed += 1
    assert_clean(page, page.console_errors)
    return scrubbed


def check_download(path: Path, name: str) -> None:
    data = path.read_bytes()
    assert data, f"{name} is empty"
    if name.endswith(".gif"):
        with Image.open(io.BytesIO(data)) as gif:
            assert gif.format == "GIF"
            assert getattr(gif, "n_frames", 1) > 1, f"{name} has one frame"
    elif name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows)
    elif name.endswith((".pt", ".pth", ".bin")):
        assert data[:2] == b"PK", f"{name} is not a torch zip archive"


ENABLED_DOWNLOAD = "[data-testid='stDownloadButton'] button:not([disabled])"


def click_downloads(page, tmp_path: Path, expect_n: int = 0) -> list[str]:
    """Click every enabled download button; check each file. Returns the file names.

    ``expect_n``: how many enabled download buttons the page must show.
    """
    if expect_n:
        expect(page.locator(ENABLED_DOWNLOAD)).to_have_count(expect_n, timeout=30_000)
    names = []
    buttons = page.locator("[data-testid='stDownloadButton'] button")
    for i in range(buttons.count()):
        target = buttons.nth(i)
        if not target.is_enabled():
            continue
        target.scroll_into_view_if_needed()
        with page.expect_download(timeout=RUN_TIMEOUT_MS) as info:
            target.click()
        download = info.value
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        check_download(path, download.suggested_filename)
        names.append(download.suggested_filename)
    assert_clean(page, page.console_errors)
    return names


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_page(case: PageCase, page, app_url, tmp_path) -> None:
    page.set_default_timeout(60_000)  # other processes share the 2 cores
    phase = Phases()
    if case.downloads is None:
        with phase("load"):
            load(page, app_url + case.path + case.query)
            assert title(page) == EN[f"{case.name}.title"]
            assert_clean(page, page.console_errors)
        with phase("language"):
            switch_language(page)
            assert_clean(page, page.console_errors)
        with phase("sliders"):
            moved = move_every_slider(page)
            assert moved >= 1 or case.name == "home"
        if case.name == "basics":
            with phase("playback"):
                run = page.get_by_role("button", name=EN["basics.run_random"].format(n=1))
                run.click()  # the steps slider is at its minimum (1) now
                settle(page)
                run.click()
                settle(page)
                assert scrub_playback(page) >= 1
                assert any(n.endswith(".gif") for n in click_downloads(page, tmp_path))
        assert_clean(page, page.console_errors)
        return

    # A page with a live run, on a share link with a large budget: Train / Pause / Resume /
    # language / downloads / playback / Reset, then the sliders.
    with phase("load"):
        load(page, app_url + case.path + case.query)
        assert title(page) == EN[f"{case.name}.title"]
        assert progress(page)[1] == 0
        if case.name == "maze_td":  # no episode to play back yet
            assert page.get_by_text(EN["maze_td.playback_none"], exact=True).count() == 1
        assert_clean(page, page.console_errors)
    with phase("train pause resume pause"):
        done = train_pause_resume(page)
        # Pausing alone redraws the whole page: what lives outside the live fragment
        # (playback, downloads) shows the paused run, before any other whole-page run.
        expect(page.locator(ENABLED_DOWNLOAD)).to_have_count(case.downloads, timeout=30_000)
    with phase("language while paused"):
        # The run survives the language's whole-page runs, paused where it was.
        paused_text, _ = progress(page)
        switch_language(page, keep=[EN["common.status_paused"], paused_text])
        assert_clean(page, page.console_errors)
    with phase("downloads"):
        downloads = click_downloads(page, tmp_path, expect_n=case.downloads)
        assert any(n.endswith(".gif") for n in downloads), downloads
        if case.name in ("cartpole_dqn", "cartpole_reinforce"):
            assert any(n.endswith(".pt") for n in downloads), downloads
    with phase("playback"):
        assert scrub_playback(page) >= 1
        assert progress(page)[1] == done  # scrubbing neither resumed nor reset the run
    with phase("reset"):
        button(page, "common.reset").click()
        wait_status(page, "common.status_idle")
        wait_idle(page)
        expect(button(page, "common.train")).to_be_enabled()
        assert progress(page)[1] == 0
        assert_clean(page, page.console_errors)
    with phase("sliders"):
        # Nothing is learned after Reset: a setting at either end never trains anything.
        assert move_every_slider(page) >= 1
