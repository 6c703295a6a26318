"""Every page in Debian's Chromium, the way a class uses it.

On each page: it loads; the language switch turns the title Chinese and back; every slider
(sidebar and page, expanders opened) goes to its maximum and its minimum by keyboard
(End / Home on the thumb); then, from a fresh share link with a large budget: Train,
Pause, Resume, Pause again, the playback scrubbed from its last frame to its first, every
download clicked and its file checked (a GIF opens with Pillow and has more than one frame,
a CSV parses, a weights file is not empty), and Reset. No Streamlit exception element and
no console error at any point (the harness's filter: failed CDN fonts and Streamlit's
base-path probes are not the app's).

One app server for the whole module (the session fixture ``app_url``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from playground.i18n import TEXT
from tests.browser.conftest import assert_clean, wait_idle

# Opt-in (`./dev test -m e2e`): on a loaded 2-core machine it takes ~14 min and four pages
# still fail on Pause timing; every page keeps its own browser test in the default run.
pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.e2e]
# Without playwright the conftest marks the tests skipped; don't fail their collection.
PlaywrightTimeoutError = pytest.importorskip("playwright.sync_api").TimeoutError

EN, ZH = TEXT["en"], TEXT["zh"]
RUN_TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class PageCase:
    name: str  # i18n namespace and nav entry
    path: str  # URL path
    small: str  # query for the load / language / slider part
    big: str | None  # query for Train / Pause / Resume / Reset (a budget that outlasts them)


CASES = (
    PageCase("home", "/", "", None),
    PageCase("basics", "/basics", "?env=maze&steps=20", None),
    PageCase("concepts", "/concepts", "", None),
    PageCase("maze_policy", "/maze-policy", "?episodes=100", "?layout=maze_8x8&episodes=20000"),
    PageCase(
        "maze_td",
        "/maze-td",
        "?episodes=10",
        "?algo=both&layout=maze_8x8&episodes=5000&eta=0.01&epsilon=1.0&schedule=constant",
    ),
    PageCase("cartpole_q", "/cartpole-q", "?episodes=50", "?episodes=5000&bins=12"),
    PageCase(
        "cartpole_dqn",
        "/cartpole-dqn",
        "?max_steps=100",
        "?max_steps=200000&hidden=32&batch=32&starts=64&eval_every=10000",
    ),
    PageCase(
        "cartpole_reinforce", "/cartpole-reinforce", "?episodes=10", "?episodes=5000&hidden=32"
    ),
)


DOWNLOADS = {
    "maze_td": 1,
    "maze_policy": 1,
    "cartpole_q": 1,
    "cartpole_dqn": 2,
    "cartpole_reinforce": 2,
}
"""Enabled download buttons each page shows once its run is paused (or finished):
GIFs of the playback, and the weights on the deep pages."""

MUST_PAUSE = ("maze_td", "cartpole_q")
"""Pages whose big budget certainly outlasts Train, Pause, Resume, Pause: the test fails
if the run is not paused there."""


def title(page) -> str:
    return page.locator("h1").first.inner_text().strip()


def open_expanders(page) -> None:
    """Open every closed expander, so the sliders inside are reachable."""
    closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(100)


THUMB = "[data-testid='stSlider'] input[type='range']"
"""A slider's thumb: Streamlit's (react-aria) slider keeps a visually hidden range input."""


def settle(page) -> None:
    """The script run is over and the frontend had a moment to draw what it sent."""
    wait_idle(page)
    page.wait_for_timeout(400)


def _thumbs_not_at(page, bound: str) -> list[int]:
    """Indexes of the enabled slider thumbs whose value is not at their ``bound`` (min/max)."""
    thumbs = page.locator(THUMB)
    return [
        i
        for i in range(thumbs.count())
        if not thumbs.nth(i).is_disabled()
        and thumbs.nth(i).input_value() != thumbs.nth(i).get_attribute(bound)
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
        todo = list(range(n))
        for _ in range(3):
            for i in todo:
                thumb = page.locator(THUMB).nth(i)
                if thumb.count() and not thumb.is_disabled():
                    thumb.focus()
                    thumb.press(key)
            settle(page)
            todo = _thumbs_not_at(page, bound)
            if not todo:
                break
        labels = [page.locator(THUMB).nth(i).get_attribute("aria-label") for i in todo]
        assert not todo, f"sliders {labels} did not reach their {key} end"
        assert_clean(page, page.console_errors)
    return n


def switch_language(page) -> None:
    """中文, then English again: the title changes both ways."""
    english = title(page)
    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    wait_idle(page)
    page.wait_for_timeout(400)
    chinese = title(page)
    assert chinese != english
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), chinese
    assert "lang=zh" in page.url
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    wait_idle(page)
    assert title(page) == english


def button(page, key: str):
    return page.get_by_role("button", name=EN[key], exact=True)


def wait_status(page, key: str, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    page.get_by_text(EN[key], exact=True).wait_for(timeout=timeout_ms)


def status_shown(page, key: str) -> bool:
    return page.get_by_text(EN[key], exact=True).count() > 0


def pause_when_running(page, must_pause: bool) -> None:
    """Let it train a moment, then Pause and wait for the paused status.

    With ``must_pause`` false, a run that finished before Pause could be pressed is
    accepted (Pause is disabled then). While training, the fragment redraws several times
    a second and a loaded machine answers slowly, so the click gets a long timeout and
    is sent once more if the status has not changed.
    """
    page.wait_for_timeout(1_000)
    for _ in range(8):
        pause = button(page, "common.pause")
        if not pause.is_enabled():
            # Paused by an earlier press whose status was slow to show, or finished: the
            # status caption says which once the page's rerun is drawn.
            page.get_by_text(EN["common.status_paused"], exact=True).or_(
                page.get_by_text(EN["common.status_finished"], exact=True)
            ).first.wait_for(timeout=RUN_TIMEOUT_MS)
            if status_shown(page, "common.status_paused"):
                break
            assert not must_pause, "Pause was disabled: the run ended before it was pressed"
            break
        try:
            pause.click(timeout=15_000)
            wait_status(page, "common.status_paused", timeout_ms=8_000)
            break
        except PlaywrightTimeoutError:
            # A click that lands while the fragment redraws can be dropped: press again.
            continue
    if must_pause:
        assert status_shown(page, "common.status_paused")
    # The status changes in the fragment first; the whole page reruns right after it.
    wait_idle(page, RUN_TIMEOUT_MS / 1000)


def train_pause_resume(page, must_pause: bool) -> None:
    """Train, Pause, Resume, Pause: the run is left paused (or, with ``must_pause``
    false, possibly finished)."""
    button(page, "common.train").click()
    wait_status(page, "common.status_running")
    pause_when_running(page, must_pause)
    assert_clean(page, page.console_errors)
    if status_shown(page, "common.status_paused"):
        progress = page.locator("[data-testid='stProgress']").first.inner_text()
        button(page, "common.resume").click()
        wait_status(page, "common.status_running")
        pause_when_running(page, must_pause)
        if status_shown(page, "common.status_paused"):
            # Resumed where it stopped: the progress went on from the first pause.
            assert page.locator("[data-testid='stProgress']").first.inner_text() != progress
    assert_clean(page, page.console_errors)
    assert page.locator(".js-plotly-plot").count() + page.locator("figure.pg-picture img").count()


PLAYBACK_SLIDERS = (EN["common.frame"], EN["maze_td.playback_episode"])
"""Labels of the playback sliders (frame, stored episode); other sliders in the page body
are settings, and moving those would pause or reset the run."""


def scrub_playback(page) -> int:
    """Scrub the playback sliders: last frame, then first. Returns how many there are."""
    scrubbed = 0
    for label in PLAYBACK_SLIDERS:
        thumbs = page.locator(f"[data-testid='stMain'] {THUMB}[aria-label='{label}']")
        for i in range(thumbs.count()):
            for key, bound in (("End", "max"), ("Home", "min")):
                thumb = thumbs.nth(i)
                if not thumb.count() or thumb.is_disabled():
                    break
                thumb.focus()
                thumb.press(key)
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


def click_downloads(page, tmp_path: Path, expect: int = 0) -> list[str]:
    """Click every enabled download button; check each file. Returns the file names.

    ``expect``: how many enabled download buttons the page must show; they are awaited
    (after a pause the whole page reruns once more, and the playback and weights
    sections are drawn only then).
    """
    if expect:
        page.locator(ENABLED_DOWNLOAD).nth(expect - 1).wait_for(timeout=RUN_TIMEOUT_MS)
        wait_idle(page)
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
    # Load, language, sliders: on a share link with a small budget.
    page.goto(app_url + case.path + case.small)
    settle(page)
    assert title(page) == EN[f"{case.name}.title"]
    assert_clean(page, page.console_errors)
    switch_language(page)
    assert_clean(page, page.console_errors)
    moved = move_every_slider(page)
    if case.name not in ("home",):
        assert moved >= 1

    if case.name == "basics":
        run = page.get_by_role("button", name=EN["basics.run_random"].format(n=1))
        run.click()  # the steps slider is at its minimum (1) now
        settle(page)
        run.click()
        settle(page)
        assert scrub_playback(page) >= 1
        assert any(n.endswith(".gif") for n in click_downloads(page, tmp_path))
    if case.big is None:
        assert_clean(page, page.console_errors)
        return

    # Train / Pause / Resume / playback / downloads / Reset: a fresh link, a large budget.
    page.goto(app_url + case.path + case.big)
    settle(page)
    train_pause_resume(page, must_pause=case.name in MUST_PAUSE)
    downloads = click_downloads(page, tmp_path, expect=DOWNLOADS.get(case.name, 0))
    scrub_playback(page)
    if case.name in ("maze_td", "maze_policy", "cartpole_q"):
        assert any(n.endswith(".gif") for n in downloads), downloads
    if case.name in ("cartpole_dqn", "cartpole_reinforce"):
        assert any(n.endswith(".pt") for n in downloads), downloads
    button(page, "common.reset").click()
    wait_status(page, "common.status_idle")
    wait_idle(page)
    assert button(page, "common.train").is_enabled()
    assert_clean(page, page.console_errors)
