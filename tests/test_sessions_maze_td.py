"""playground.sessions.maze_td: schedules, lanes kept in step, capped storage, the filled-in formula."""

from __future__ import annotations

from collections import deque
from itertools import islice

import numpy as np
import pytest

from playground.sessions import maze_td
from playground.sessions.maze_td import (
    StepView,
    TDConfig,
    TDSession,
    epsilon_schedule,
    update_latex,
)
from playground.training import StepSnapshot


def test_epsilon_schedules() -> None:
    assert [epsilon_schedule("halve", 0.5, 10)(k) for k in range(3)] == [0.5, 0.25, 0.125]
    assert epsilon_schedule("constant", 0.2, 10)(7) == 0.2
    linear = epsilon_schedule("linear", 0.4, 20)  # to 0 over the first 10 episodes
    assert [linear(k) for k in (0, 5, 10, 15)] == pytest.approx([0.4, 0.2, 0.0, 0.0])
    with pytest.raises(ValueError):
        epsilon_schedule("cosine", 0.5, 10)


def test_steps_then_episodes_equal_episodes_alone() -> None:
    mixed = TDSession(TDConfig(algo="both", seed=3))
    mixed.step(37)  # ends somewhere inside an episode
    while mixed.episodes_done < 15:
        next(iter(mixed))
    plain = TDSession(TDConfig(algo="both", seed=3))
    list(islice(plain, 15))
    for a, b in zip(mixed.lanes, plain.lanes, strict=True):
        assert a.episodes_done == b.episodes_done == 15
        assert a.lengths == b.lengths
        np.testing.assert_array_equal(a.q, b.q)


def test_playback_keeps_the_first_and_the_last_episodes(monkeypatch) -> None:
    monkeypatch.setattr(maze_td, "KEEP_FIRST_EPISODES", 3)
    session = TDSession(TDConfig(algo="q_learning"))
    session.lanes[0]._last = deque(maxlen=4)
    list(islice(session, 20))
    lane = session.lanes[0]
    assert lane.stored_episodes() == [0, 1, 2, 16, 17, 18, 19]
    states = lane.trajectory(19)
    assert states[0] == 0 and states[-1] == 8 and len(states) == lane.lengths[19] + 1
    with pytest.raises(KeyError):
        lane.trajectory(5)


def test_apply_changes_eta_for_the_next_updates() -> None:
    session = TDSession(TDConfig(algo="sarsa", eta=0.1))
    list(islice(session, 5))
    session.apply_settings({"eta": 0.5, "layout": "maze_5x5"})  # the layout is not taken over
    assert session.config.eta == 0.5 and session.config.layout == "seed_3x3"
    session.step(1)
    step = session.lanes[0].last_step.step
    assert step.new_q == pytest.approx(step.old_q + 0.5 * step.td_error)


def test_latex_at_the_goal_uses_r_alone() -> None:
    step = StepSnapshot(
        episode=2,
        step=5,
        state=7,
        action=1,
        reward=1.0,
        next_state=8,
        next_action=None,
        td_target=1.0,
        td_error=0.25,
        old_q=0.75,
        new_q=0.775,
        terminated=True,
        truncated=False,
    )
    text = update_latex(StepView("q_learning", step, q_next=None, eta=0.1, gamma=0.9))
    assert r"y &= r = 1 \\" in text
    assert r"= 1.000 - 0.750 \\ " not in text  # the numbers sit on their own line
    assert r"\mathbf{0.775}" in text and r"\gamma" not in text
