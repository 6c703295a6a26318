"""Presenter view on a 1280×720 projector, keys, and buttons at 100 % / 150 % / 200 % zoom.

Every page in presenter view (``?present=1``), in English and 中文: no horizontal scroll,
nothing beyond the right edge, body text ≥ 20 px, chart text ≥ 16 px (the ECharts options'
own font sizes), and on a training page the main chart (the first chart after the Train
button) wholly in view after Train, without scrolling. Train is started with the Space
key and paused with it again (Streamlit's button shortcuts). At 100 %, 150 % and 200 %
browser zoom (a 1280 px window is then 1280, 853 or 640 CSS px wide) every button keeps
its whole label.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.charts import read_charts
from tests.browser.conftest import assert_clean, wait_idle
from webui import nav
from webui.charts.options import PRESENT_MIN_FONT
from webui.present import ROOT_FONT_PX

PROJECTOR = {"width": 1280, "height": 720}
TRAINING_PAGES = ("maze-policy", "maze-td", "cartpole-q", "cartpole-dqn", "cartpole-reinforce")
PAGES = ("", *(e.url_path for e in nav.ENTRIES))

LAYOUT_JS = """() => {
  const vw = window.innerWidth, vh = window.innerHeight;
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  // Elements whose right edge passes the window (inside a scroll box they may: its own
  // scrolling, e.g. a wide table, is not the page's).
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return p.getBoundingClientRect().right <= vw + 1;
    }
    return false;
  };
  const main = document.querySelector("[data-testid='stMain']");
  const cut = [...main.querySelectorAll('*')]
    .filter((el) => shown(el) && el.getBoundingClientRect().right > vw + 1 && !clipped(el))
    .map((el) => (el.getAttribute('data-testid') || el.tagName) + ': ' + (el.innerText || '').slice(0, 40));
  const small = [...main.querySelectorAll("[data-testid='stMarkdownContainer'] :is(p, li)")]
    .filter((el) => shown(el) && !el.closest('button, [data-testid=stMetricLabel], .pg-keys'))
    .filter((el) => parseFloat(getComputedStyle(el).fontSize) < MIN_PX)
    .map((el) => getComputedStyle(el).fontSize + ' ' + el.innerText.slice(0, 40));
  const train = [...main.querySelectorAll('button')]
    .find((b) => b.innerText.split('\\n').some((l) => ['Train', 'Resume', '训练', '继续'].includes(l.trim())));
  const charts = [...main.querySelectorAll("[data-testid='stEChartsChart'], .js-plotly-plot")];
  const after = train
    ? charts.filter((c) => train.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)
    : [];
  const box = after.length ? after[0].getBoundingClientRect() : null;
  return {
    scrollWidth: document.documentElement.scrollWidth,
    scrollY: window.scrollY,
    cut: cut.slice(0, 5),
    small: small.slice(0, 5),
    main: box && {top: box.top, bottom: box.bottom, left: box.left, right: box.right,
                  height: box.height},
    vw, vh,
  };
}""".replace("MIN_PX", str(ROOT_FONT_PX))


TRAINING_DRAWN_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  return !!main.querySelector("[data-testid='stEChartsChart'], .js-plotly-plot")
    && !main.querySelector("[class*='st-key-pending-'], [data-testid='stSkeleton']");
}"""
"""True once training has drawn its charts: a chart is shown, no box stands in for one
that waits for the first episode, and no element is still loading its code."""


def chart_fonts(option: dict) -> list[tuple[str, float]]:
    """The sizes of the text an ECharts option draws: axis labels and names, legends,
    a table's numbers (``series[].label``), the title and the base text style."""
    found: list[tuple[str, float]] = []

    def each(part):
        return part if isinstance(part, list) else [part] if isinstance(part, dict) else []

    for axis_key in ("xAxis", "yAxis"):
        for axis in each(option.get(axis_key)):
            if axis.get("show", True) is False:
                continue
            label = axis.get("axisLabel") or {}
            if label.get("show", True):
                found.append((f"{axis_key}.axisLabel", label.get("fontSize", 12)))
            if axis.get("name"):
                found.append(
                    (f"{axis_key}.name", (axis.get("nameTextStyle") or {}).get("fontSize", 12))
                )
    for legend in each(option.get("legend")):
        found.append(("legend", (legend.get("textStyle") or {}).get("fontSize", 12)))
    for series in each(option.get("series")):
        label = series.get("label") or {}
        if label.get("show"):
            found.append((f"series {series.get('name')!r} label", label.get("fontSize", 12)))
    found.append(("textStyle", (option.get("textStyle") or {}).get("fontSize", 12)))
    return found


def open_present(browser, app_url: str, path: str, show: str = ""):
    """``path`` opened in presenter view, in English, on the projector's window."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    query = "?present=1" + (f"&show={show}" if show else "")
    page.goto(f"{app_url}/{path}{query}")
    wait_idle(page)
    wait_presenter_style(page)
    page.console_errors = errors
    return context, page


def wait_presenter_style(page) -> None:
    """The presenter style (st.html in the sidebar) can be attached a moment after the
    script run ended: measure once it applies."""
    page.wait_for_function(
        f"getComputedStyle(document.documentElement).fontSize === '{ROOT_FONT_PX}px'"
    )


def switch_to_chinese(page) -> None:
    """中文 as a teacher picks it in presenter view: unfold the sidebar, click 中文 in its
    language switch, fold the sidebar again. The page reruns in Chinese and keeps its run."""
    english = page.locator("h1").first.inner_text()
    page.locator("[data-testid='stExpandSidebarButton']").click()
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("中文", exact=True).click()
    page.wait_for_function(
        "(english) => { const h = document.querySelector('h1');"
        " return h && h.innerText !== english && /[\\u4e00-\\u9fff]/.test(h.innerText); }",
        arg=english,
    )
    wait_idle(page)
    sidebar.locator("[data-testid='stSidebarCollapseButton'] button").click()
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='stSidebar']\")"
        ".getAttribute('data-collapsed') === 'true'"
    )
    wait_idle(page)
    wait_presenter_style(page)
    assert "lang=zh" in page.url and "present=1" in page.url, page.url


def press_until(page, key: str, shows: str, tries: int = 10) -> None:
    """Press ``key`` until the page shows ``shows``: a button's key is bound a moment
    after the page is drawn, and a press before that does nothing (so pressing again is
    safe)."""
    for _ in range(tries):
        page.keyboard.press(key)
        try:
            page.get_by_text(re.compile(shows)).first.wait_for(timeout=3_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"{key} never showed {shows!r}")


def check_layout(page, where: str, *, training: bool) -> None:
    layout = page.evaluate(LAYOUT_JS)
    assert layout["scrollWidth"] <= PROJECTOR["width"], (where, layout)
    assert not layout["cut"], (where, layout["cut"])
    assert not layout["small"], (where, layout["small"])
    if training:
        box = layout["main"]
        assert box is not None, (where, "no chart after the Train button")
        assert layout["scrollY"] == 0, (where, "the page scrolled")
        assert box["height"] > 150, (where, box)  # a chart, not a title strip
        assert box["top"] >= 0 and box["bottom"] <= PROJECTOR["height"], (where, box)
        assert box["left"] >= 0 and box["right"] <= PROJECTOR["width"], (where, box)
    for chart in read_charts(page):
        option = chart.get("option")
        if option is None:
            continue
        small = [(part, size) for part, size in chart_fonts(option) if size < PRESENT_MIN_FONT]
        assert not small, (where, chart["title"], small)


@pytest.mark.parametrize("path", PAGES)
def test_presenter_view_on_a_projector(browser, app_url, path) -> None:
    """The page opened in presenter view in English (a training page trained with Space
    and paused with it), checked; then switched to 中文 in place and checked again."""
    context, page = open_present(browser, app_url, path)
    try:
        assert "present=1" in page.url
        # The sidebar starts folded: its settings are out of the way.
        sidebar = page.locator("[data-testid='stSidebar']")
        assert sidebar.get_attribute("data-collapsed") == "true"
        training = path in TRAINING_PAGES
        if training:
            # Train (a short run may be done before the first redraw).
            press_until(page, "Space", "Training…|Finished.")
            page.wait_for_function(TRAINING_DRAWN_JS, polling=100, timeout=60_000)
            page.keyboard.press("Space")  # and Pause, by the same key
            page.get_by_text(re.compile("Paused.|Finished.")).first.wait_for(timeout=30_000)
            wait_idle(page)
        check_layout(page, f"{path or 'home'} [en]", training=training)
        switch_to_chinese(page)
        if training:  # the trained run is kept: its charts, now in Chinese
            page.get_by_text(re.compile("已暂停|训练完成")).first.wait_for(timeout=30_000)
            page.wait_for_function(TRAINING_DRAWN_JS, polling=100, timeout=60_000)
        check_layout(page, f"{path or 'home'} [zh]", training=training)
        assert_clean(page, page.console_errors)
    finally:
        context.close()


def test_pinned_settings_and_a_bad_key(browser, app_url) -> None:
    """``show`` pins the page's settings next to the controls (the sidebar holds them no
    more); a key that is not one of them gets a short notice, not a traceback; the
    address bar keeps ``present`` and ``show``."""
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/cartpole-q?present=1&show=eta,epsilon,nope")
        wait_idle(page)
        main = page.locator("[data-testid='stMain']")
        assert main.locator(".st-key-_w-cpq-eta").count() == 1
        assert page.locator("[data-testid='stSidebar'] .st-key-_w-cpq-eta").count() == 0
        warning = main.locator("[data-testid='stAlert']", has_text="nope")
        assert warning.count() == 1 and "eta" in warning.inner_text()
        assert page.locator("[data-testid='stException']").count() == 0
        assert "present=1" in page.url and "show=eta%2Cepsilon%2Cnope" in page.url
    finally:
        context.close()


ZOOMED = {"100%": 1280, "150%": 853, "200%": 640}
"""A 1280 × 720 window's width in CSS px at 100 %, 150 % and 200 % zoom."""

BUTTON_CUT_JS = """() => [...document.querySelectorAll("[data-testid='stMain'] button")]
  .filter((b) => b.getBoundingClientRect().width > 0 && b.innerText.trim())
  .flatMap((b) => [...b.querySelectorAll('*')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0)
    .map((el) => b.innerText.trim() + ': ' + el.scrollWidth + ' > ' + el.clientWidth))"""
"""Every visible button's parts whose text overflows them (a label cut short)."""


@pytest.mark.parametrize(
    "path", ["maze-td", "cartpole-q", "cartpole-dqn", "dp", "basics", "lesson"]
)
def test_buttons_keep_their_labels_when_zoomed(browser, app_url, path) -> None:
    """A 1280 × 720 window at 100 %, 150 % and then 200 % zoom: every button's label is
    whole (popovers' buttons too: the lesson's link to its step)."""
    first = ZOOMED["100%"]
    context = browser.new_context(viewport={"width": first, "height": 720 * first // 1280})
    page = context.new_page()
    try:
        page.goto(f"{app_url}/{path}")
        wait_idle(page)
        for zoom, width in ZOOMED.items():
            if width != page.viewport_size["width"]:
                page.set_viewport_size({"width": width, "height": 720 * width // 1280})
                # The page lays itself out again for the new width: two frames later.
                page.evaluate(
                    "() => new Promise((done) => requestAnimationFrame("
                    "() => requestAnimationFrame(done)))"
                )
                wait_idle(page)
            assert page.evaluate("window.innerWidth") == width
            cut = page.evaluate(BUTTON_CUT_JS)
            assert not cut, (zoom, cut)
            labels = [
                t.strip() for t in page.locator("[data-testid='stMain'] button").all_inner_texts()
            ]
            assert not [t for t in labels if t.endswith("…")], (zoom, labels)
    finally:
        context.close()


def test_the_lab_shows_its_figure_first_after_run(browser, app_url) -> None:
    """The Lab in presenter view: its form folded into the sidebar, a pinned setting beside
    Run, and after Run the figure wholly in view, without scrolling."""
    context, page = open_present(browser, app_url, "lab", show="episodes")
    try:
        main = page.locator("[data-testid='stMain']")
        assert main.locator(".st-key-_w-lab-episodes").count() == 1
        assert main.locator(".st-key-_w-lab-env").count() == 0
        page.get_by_role("button", name=re.compile("^Run")).first.click()
        page.get_by_text(re.compile(r"(\d+) of \1 runs finished")).wait_for(timeout=180_000)
        wait_idle(page)
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        box = page.locator(".js-plotly-plot").first.bounding_box()
        assert page.evaluate("window.scrollY") == 0
        assert box["height"] > 150 and box["y"] >= 0, box
        assert box["y"] + box["height"] <= PROJECTOR["height"], box
        assert page.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
        assert_clean(page, page.console_errors)
    finally:
        context.close()
