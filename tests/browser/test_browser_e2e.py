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

pytestmark = [pytest.mark.browser, pytest.mark.slow]

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
        "maze_td", "/maze-td", "?episodes=10", "?algo=both&layout=maze_8x8&episodes=5000&eta=0.01"
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


def move_every_slider(page, scope: str = "") -> int:
    """Every slider to its maximum, then its minimum (End / Home on its focused thumb).

    Returns how many sliders were moved. Each move reruns the app; the thumb's value must
    reach the end it was sent to.
    """
    open_expanders(page)
    thumbs = page.locator(f"{scope} {THUMB}".strip())
    n = thumbs.count()
    moved = 0
    for i in range(n):
        for key, bound in (("End", "max"), ("Home", "min")):
            thumb = page.locator(f"{scope} {THUMB}".strip()).nth(i)
            if not thumb.count() or thumb.is_disabled():
                break
            thumb.focus()
            thumb.press(key)
            settle(page)
            thumb = page.locator(f"{scope} {THUMB}".strip()).nth(i)
            if thumb.count():
                assert thumb.input_value() == thumb.get_attribute(bound), (
                    f"slider {i} ({thumb.get_attribute('aria-label')}) did not reach its {key} end"
                )
            assert_clean(page, page.console_errors)
        else:
            moved += 1
    return moved


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


def wait_status(page, key: str) -> None:
    page.get_by_text(EN[key], exact=True).wait_for(timeout=RUN_TIMEOUT_MS)


def pause_when_running(page) -> None:
    """Let it train a moment, then Pause; accept a run that already finished.

    While training, the controls are redrawn several times a second; a click that lands
    on a button being replaced can be lost, so Pause is pressed again (up to 5 times)
    until the status says paused.
    """
    page.wait_for_timeout(1_500)
    for _ in range(5):
        pause = button(page, "common.pause")
        if not pause.is_enabled():
            break
        try:
            # The previous press may have landed meanwhile (Pause is disabled again).
            pause.click(timeout=5_000)
            page.get_by_text(EN["common.status_paused"], exact=True).wait_for(timeout=10_000)
            break
        except Exception:  # Playwright's TimeoutError: the click was lost, press again
            continue
    status = page.get_by_text(EN["common.status_paused"], exact=True)
    if not status.count():
        wait_status(page, "common.status_finished")
    # The status changes in the fragment first; the whole page reruns right after it.
    page.wait_for_timeout(1_000)
    wait_idle(page, RUN_TIMEOUT_MS / 1000)


def train_pause_resume(page) -> None:
    button(page, "common.train").click()
    wait_status(page, "common.status_running")
    pause_when_running(page)
    assert_clean(page, page.console_errors)
    if page.get_by_text(EN["common.status_paused"], exact=True).count():
        button(page, "common.resume").click()
        wait_status(page, "common.status_running")
        pause_when_running(page)
    assert_clean(page, page.console_errors)
    assert page.locator(".js-plotly-plot").count() + page.locator("[data-testid='stImage']").count()


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


def click_downloads(page, tmp_path: Path) -> list[str]:
    """Click every enabled download button; check each file. Returns the file names."""
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
    train_pause_resume(page)
    downloads = click_downloads(page, tmp_path)
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
