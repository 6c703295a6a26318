"""The live-training driver (webui.live) through a small demo page."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import assert_no_exception, button, echarts_options, lines, train, ys
from webui.i18n import TEXT

EN = TEXT["en"]
DEMO = str(Path(__file__).with_name("live_demo.py"))


def demo(**query: str) -> AppTest:
    at = AppTest.from_file(DEMO, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert_no_exception(at)
    return at


def chart_y(at: AppTest) -> list[float]:
    """The episode lengths the demo's chart shows (its first series), [] before any."""
    options = list(echarts_options(at).values())
    return ys(lines(options[0])[0]) if options and lines(options[0])[0]["data"] else []


def test_train_runs_to_the_total_and_draws() -> None:
    at = demo(episodes="300")
    assert chart_y(at) == []
    assert EN["common.status_idle"] in [c.value for c in at.caption]
    train(at, "demo")
    state = at.session_state["live.demo"]
    assert state.status == "finished"
    assert state.done == 300
    y = chart_y(at)
    assert len(y) == 300
    assert at.get("progress")[0].value == 100


def test_chunks_resume_where_they_stopped() -> None:
    # A slow fake trainer (2 ms per episode) cannot finish 400 episodes in one chunk.
    at = demo(episodes="400", delay_ms="2")
    button(at, EN["common.train"]).click().run()
    live = at.session_state["live.demo"]
    assert live.status == "running"
    first = chart_y(at)
    assert 0 < len(first) < 400
    at.run()  # the next chunk continues where the first stopped
    second = chart_y(at)
    assert len(second) > len(first) and second[: len(first)] == first
    while at.session_state["live.demo"].status == "running":
        at.run()
    live = at.session_state["live.demo"]
    assert live.status == "finished"
    assert [r["episode"] for r in live.records] == list(range(400))


def test_changing_a_reset_setting_resets_with_a_notice() -> None:
    at = demo(episodes="50")
    train(at, "demo")
    assert at.session_state["live.demo"].done == 50
    at.sidebar.slider[0].set_value(5).run()  # seed
    assert_no_exception(at)
    live = at.session_state["live.demo"]
    assert live.status == "idle" and live.done == 0
    assert any(EN["common.seed"] in i.value for i in at.info)


def test_changing_an_applicable_setting_keeps_what_was_learned() -> None:
    at = demo(episodes="50")
    train(at, "demo")
    at.sidebar.select_slider[0].set_value(0.5).run()  # eta: apply_settings(), no reset
    live = at.session_state["live.demo"]
    assert live.done == 50 and live.status == "finished"


def test_an_error_in_the_core_stops_training_with_a_message() -> None:
    at = demo(episodes="100", fail_at="30")
    train(at, "demo")
    live = at.session_state["live.demo"]
    assert live.status == "error" and live.done == 29
    errors = [e.value for e in at.error]
    assert any("diverged at episode 30" in e for e in errors), errors
    button(at, EN["common.reset"]).click().run()
    assert at.session_state["live.demo"].status == "idle"
    assert not at.error


def test_pause_keeps_progress_and_resume_continues() -> None:
    at = demo(episodes="400", delay_ms="2")
    button(at, EN["common.train"]).click().run()
    done = at.session_state["live.demo"].done
    assert 0 < done < 400
    button(at, EN["common.pause"]).click().run()
    live = at.session_state["live.demo"]
    assert live.status == "paused" and live.done == done
    at.run()  # nothing trains while paused
    assert at.session_state["live.demo"].done == done
    assert button(at, EN["common.resume"])
    train(at, "demo", label=EN["common.resume"])
    live = at.session_state["live.demo"]
    assert live.status == "finished"
    assert [r["episode"] for r in live.records] == list(range(400))


def test_a_settings_widget_pauses_a_running_run() -> None:
    at = demo(episodes="400", delay_ms="2")
    button(at, EN["common.train"]).click().run()
    at.sidebar.select_slider[0].set_value(0.5).run()  # eta, with on_change=live.pauser
    live = at.session_state["live.demo"]
    assert live.status == "paused" and 0 < live.done < 400


def _chunk_lengths() -> None:
    import streamlit as st

    from webui import live

    run = live.LiveRun("sizes", lambda: iter(()), total=10, budget_s=0.12)
    lengths = []
    for cost in (0.0, 0.02, 0.06, 0.12, 0.15, 0.6):
        run._state.redraw_cost_s = cost
        lengths.append(run.chunk_s)
    st.session_state["lengths"] = lengths


def test_chunks_leave_room_for_the_redraw() -> None:
    # REDRAW_PERIOD_S = 0.15: a chunk gets what the redraw leaves, at least MIN_CHUNK_S
    # (0.04) and at most budget_s (0.12); a redraw slower than the period gets budget_s.
    at = AppTest.from_function(_chunk_lengths).run()
    assert_no_exception(at)
    assert at.session_state["lengths"] == pytest.approx([0.12, 0.12, 0.09, 0.04, 0.12, 0.12])


def _held_options() -> None:
    import streamlit as st

    from webui import live

    run = live.LiveRun("held", lambda: iter(range(100)), total=100)
    run.train()
    seen = []
    for redraw in range(5):
        run._state.redraws = redraw
        seen.append((run.held("a", lambda r=redraw: r), run.held("b", lambda r=redraw: r, 1)))
    run.pause()
    seen.append((run.held("a", lambda: "paused"), run.held("b", lambda: "paused", 1)))
    st.session_state["seen"] = seen
    st.session_state["kept"] = dict(run._state.held)


@pytest.mark.parametrize("chained", [True, False])
def test_held_charts_are_built_every_other_chained_redraw(monkeypatch, chained: bool) -> None:
    from webui import live

    monkeypatch.setattr(live, "_in_fragment_run", lambda: chained)
    at = AppTest.from_function(_held_options).run()
    assert_no_exception(at)
    # Chained (HOLD_EVERY = 3): turn 0 built on redraws 0 and 3, turn 1 on 2 (and on the
    # first, with nothing held yet); a whole-page run builds every chart.
    assert live.HOLD_EVERY == 3
    expected = [(0, 0), (0, 0), (0, 2), (3, 2), (3, 2)] if chained else [(r, r) for r in range(5)]
    # Paused, everything is built, and nothing is kept.
    assert at.session_state["seen"] == [*expected, ("paused", "paused")]
    assert at.session_state["kept"] == {}
