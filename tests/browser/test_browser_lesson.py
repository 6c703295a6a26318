"""The Lesson in Debian's Chromium: a step link, Predict, the step's page opened with its
preset and trained, the way back to the step, and the step link in 中文."""

from __future__ import annotations

from tests.browser.conftest import assert_clean, train_to_end, wait_idle


def test_a_lesson_step_opens_its_page_and_comes_back(page, app_url) -> None:
    page.goto(f"{app_url}/lesson?step=5")
    wait_idle(page)
    assert page.get_by_role("heading", name="5 · SARSA").count() == 1
    page.get_by_text("Yes, after a long first episode", exact=True).click()
    wait_idle(page)

    page.get_by_role("button", name="with these settings").click()
    wait_idle(page)
    assert "/maze-td?" in page.url
    assert "algo=sarsa" in page.url and "epsilon=0.0" in page.url
    assert "schedule=constant" in page.url and "episodes=100" in page.url
    train_to_end(page)
    assert page.get_by_text("SARSA: the greedy path", exact=False).count() >= 1
    assert_clean(page, page.console_errors)

    page.locator("[data-testid='stSidebar']").get_by_text("Lesson · step 5: SARSA").click()
    wait_idle(page)
    assert "/lesson?step=5" in page.url
    page.get_by_role("button", name="Show the answer").click()
    wait_idle(page)
    assert page.get_by_text("Right: Yes, after a long first episode").count() == 1
    assert_clean(page, page.console_errors)


def test_a_chinese_step_link(page, app_url) -> None:
    page.goto(f"{app_url}/lesson?step=11&lang=zh")
    wait_idle(page)
    assert page.get_by_role("heading", name="11 · 动态规划：已知模型时").count() == 1
    page.get_by_role("button", name="上一步").click()
    wait_idle(page)
    assert "step=10" in page.url and "lang=zh" in page.url
    assert_clean(page, page.console_errors)
