"""The verdict notes' colours (webui.verdicts), each drawn by a one-line script."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from webui.i18n import TEXT

EN = TEXT["en"]


def _deep_note(returns: list[float]) -> None:
    from playground.verdicts import deep_verdict
    from webui import verdicts

    verdicts.deep(deep_verdict(returns, 475.0), steps=12_000, episodes=80)


def run_note(returns: list[float]) -> AppTest:
    return AppTest.from_function(_deep_note, args=(returns,)).run()


def test_a_solve_lost_again_is_a_warning_not_green() -> None:
    at = run_note([100.0, 480.0, 180.0])
    assert not at.exception, at.exception
    assert not at.success
    assert at.warning[0].value == EN["deep.solved_lost"].format(
        threshold=475.0, steps=12_000, episodes=80, last="180.0"
    )


def test_a_solve_that_holds_is_green() -> None:
    at = run_note([100.0, 480.0, 500.0])
    assert not at.exception, at.exception
    assert not at.warning
    assert at.success[0].value == EN["deep.solved_at"].format(
        threshold=475.0, steps=12_000, episodes=80
    )
