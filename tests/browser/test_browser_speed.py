"""Speed and train-on-open in Debian's Chromium: the browser's timers drive these, which
AppTest cannot (it runs one chunk per ``at.run()``)."""

from __future__ import annotations

import re

from tests.browser.conftest import assert_clean, fresh_page, wait_idle
from webui.i18n import TEXT

EN = TEXT["en"]
QUERY = "/maze-policy?seed=3&episodes=100&speed={speed}"
GIF = "img[src^='data:image/gif']"


def progress(page) -> int:
    text = page.locator("[data-testid='stProgress']").first.inner_text()
    return int(re.search(r"(\d[\d,]*) / 100", text).group(1).replace(",", ""))


OBSERVE = r"""() => {
  window.__seen = [];
  const box = document.querySelector("[data-testid='stMain']");
  const read = () => {
    const bar = document.querySelector("[data-testid='stProgress']");
    const before = bar ? bar.innerText.split(" / 100")[0].trim().split(/\s/).pop() : "";
    const n = before ? Number(before.replace(/,/g, "")) : null;
    if (n !== null && window.__seen[window.__seen.length - 1] !== n) window.__seen.push(n);
  };
  read();
  new MutationObserver(read).observe(box, {subtree: true, childList: true, characterData: true});
}"""


def one_at_a_time(seen: list[int]) -> bool:
    """The progress values a page showed went up one episode per redraw: every step is
    +1, but for a +2 now and then, never most of them. On a loaded machine two redraws can
    reach the browser together (Streamlit keeps only the newest of two progress bars still
    waiting to be sent, and the browser draws two messages of one task at once), and the
    page then shows one of them; "Fast" (10 a redraw) and "Full speed" step by far more."""
    steps = [b - a for a, b in zip(seen, seen[1:], strict=False)]
    return bool(steps) and set(steps) <= {1, 2} and steps.count(1) > len(steps) / 2


def watch_progress(page, until: int) -> list[int]:
    """Every progress value the page showed (each DOM update, painted or not) until it
    reaches ``until``; :data:`OBSERVE` must have been run before Train."""
    page.wait_for_function(
        f"() => window.__seen.length && window.__seen[window.__seen.length - 1] >= {until}",
        timeout=60_000,
    )
    return page.evaluate("() => window.__seen")


def test_watch_plays_each_episode_and_pause_stops_it(page, app_url) -> None:
    page.goto(app_url + QUERY.format(speed="watch"))
    wait_idle(page)
    page.evaluate(OBSERVE)
    page.get_by_role("button", name=EN["common.train"], exact=True).click()
    page.locator(GIF).first.wait_for(timeout=30_000)  # the episode played on the maze
    seen = watch_progress(page, 3)
    assert one_at_a_time(seen), str(seen)
    page.get_by_role("button", name=EN["common.pause"], exact=True).click()
    page.get_by_text(EN["common.status_paused"]).wait_for(timeout=30_000)
    wait_idle(page)
    paused_at = progress(page)
    assert page.locator(GIF).count() == 0  # paused: the still maze with π's arrows
    page.wait_for_timeout(2_500)  # longer than a watch redraw: nothing may move
    assert progress(page) == paused_at
    assert_clean(page, page.console_errors)


def test_slow_is_one_episode_per_redraw_and_the_link_trains_on_open(page, app_url, browser) -> None:
    page.goto(app_url + QUERY.format(speed="slow"))
    wait_idle(page)
    page.evaluate(OBSERVE)
    page.get_by_role("button", name=EN["common.train"], exact=True).click()
    seen = watch_progress(page, 8)
    assert one_at_a_time(seen), str(seen)
    page.get_by_role("button", name=EN["common.pause"], exact=True).click()
    page.get_by_text(EN["common.status_paused"]).wait_for(timeout=30_000)
    wait_idle(page)
    done = progress(page)
    page.get_by_role("button", name=EN["common.share_link_button"]).click()
    link = page.locator("[data-testid='stCode']").last.inner_text().strip()
    assert f"train={done}" in link
    with fresh_page(browser, link) as fresh:
        fresh.get_by_text(EN["common.status_paused"]).wait_for(timeout=60_000)
        wait_idle(fresh)
        assert progress(fresh) == done
        assert "train=" not in fresh.url
    assert_clean(page, page.console_errors)
