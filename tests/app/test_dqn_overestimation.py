"""The DQN page when Q runs away: the overestimation note with its numbers, the bound
line on the max-Q chart, and the one-click switch to a target network and Double DQN;
and the Double DQN toggle, disabled with its reason while there is no target network."""

from __future__ import annotations

import pytest

from tests.app.helpers import (
    assert_no_exception,
    chart,
    click,
    open_page,
    series,
    texts,
    train,
    values,
)
from webui.i18n import TEXT

pytest.importorskip("torch")

EN = TEXT["en"]
DQN = "app_pages/cartpole_dqn.py"
# As in test_deep_pages: CartPole-v0, a small network, 300 env steps. Learning rate 0.01
# without target network or clipping, a gradient step every env step: mean max-Q passes
# 150 (the bound 100 at γ 0.99, plus the margin) within these steps (tests/test_dqn.py).
RUNAWAY = {
    "env": "CartPole-v0",
    "hidden": "32,32",
    "batch": "32",
    "starts": "64",
    "max_steps": "300",
    "eval_every": "100",
    "seed": "3",
    "lr": "0.01",
    "target": "none",
    "double": "0",
    "clip": "0",
    "train_freq": "1",
}


def _double_toggle(at):
    return next(t for t in at.sidebar.toggle if t.label == EN["cartpole_dqn.double"])


def test_q_beyond_the_bound_is_explained_and_the_switch_starts_over() -> None:
    at = open_page(DQN, query=RUNAWAY)
    train(at, "dqn")
    history = at.session_state["live.dqn"].source.history
    peak = max(history["mean_max_q"])
    assert peak > 150
    notes = [w.value for w in at.warning if "Q has left the range" in w.value]
    assert len(notes) == 1
    note = notes[0]
    assert f"reached {peak:,.0f} at env step" in note
    assert "every return lies between 0 and 100" in note and "γ = 0.99" in note
    assert EN["cartpole_dqn.q_bound_cure"] in note
    # The bound as a dashed line on the max-Q panel.
    diag = chart(at, EN["cartpole_dqn.diag_title"])
    line = series(diag, EN["cartpole_dqn.q_bound_line"].format(high="100"))
    assert values(line) == [pytest.approx(100.0)] * 2
    # One click: a hard target network every 500 env steps, Double DQN, a fresh run.
    click(at, EN["cartpole_dqn.q_bound_switch"])
    state = at.session_state
    assert state["dqn.target"] == "hard" and state["dqn.double"] is True
    assert state["live.dqn"].status == "idle" and state["live.dqn"].source is None
    assert EN["cartpole_dqn.q_bound_switched"].format(n="500") in texts(at)
    assert not _double_toggle(at).disabled
    assert "Q has left the range" not in texts(at)
    assert_no_exception(at)


def test_no_note_while_q_stays_within_the_bound() -> None:
    at = open_page(DQN, query={**RUNAWAY, "lr": "0.001", "target": "soft", "clip": "10"})
    train(at, "dqn")
    assert max(at.session_state["live.dqn"].source.history["mean_max_q"]) < 100
    assert "Q has left the range" not in texts(at)
    assert all(b.label != EN["cartpole_dqn.q_bound_switch"] for b in at.button)


def test_double_dqn_is_disabled_without_a_target_network() -> None:
    query = {**RUNAWAY, "lr": "0.001", "double": "1", "max_steps": "100"}
    at = open_page(DQN, query=query)
    toggle = _double_toggle(at)
    assert toggle.disabled and toggle.help == EN["cartpole_dqn.double_needs_target"]
    # The agent gets the plain target it has in effect; the setting waits for a target net.
    train(at, "dqn")
    assert at.session_state["live.dqn"].source.trainer.config.double_dqn is False
    assert at.session_state["dqn.double"] is True
    target = next(s for s in at.sidebar.selectbox if s.label == EN["cartpole_dqn.target"])
    target.set_value("soft").run()
    toggle = _double_toggle(at)
    assert not toggle.disabled and toggle.value is True
    assert toggle.help == EN["cartpole_dqn.double_help"]
    assert_no_exception(at)
