"""playground.sessions.maze_policy: policy tables, random walks, the resumable policy-gradient run."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.envs import LAYOUTS
from playground.sessions.maze_policy import (
    PolicyGradientRun,
    RandomWalk,
    most_beta_sensitive_state,
    policy_tables,
    random_walk,
    softmax_sweep,
    walk_frame,
    walk_frame_keys,
)
from webui.charts import maze as maze_charts


def test_policy_tables_of_theta0_on_the_seed_maze() -> None:
    tables = policy_tables("seed_3x3", beta=3.0)
    # S1: right and left open (up: border, down: wall S1|S4); S3: only up (walls S3|S4, S3|S6).
    assert tables.naive[1].tolist() == [0.0, 0.5, 0.0, 0.5]
    assert tables.naive[3].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert tables.naive[8].tolist() == [0.0] * 4  # the goal
    np.testing.assert_allclose(tables.softmax, tables.naive)


def test_naive_policy_is_refused_for_negative_theta() -> None:
    theta = policy_tables("seed_3x3").theta.copy()
    theta[0, 1] = -0.5
    tables = policy_tables("seed_3x3", beta=1.0, theta=theta)
    assert tables.naive is None
    # exp(-0.5) / (exp(-0.5) + exp(1)) for S0 → right.
    assert tables.softmax[0, 1] == pytest.approx(math.exp(-0.5) / (math.exp(-0.5) + math.e))


def test_softmax_sweep_goes_from_uniform_to_greedy() -> None:
    probs = softmax_sweep(np.array([np.nan, 2.0, 1.0, np.nan]), np.array([1e-6, 1.0, 1e3]))
    np.testing.assert_allclose(probs[0], [0, 0.5, 0.5, 0], atol=1e-6)
    assert probs[1, 1] == pytest.approx(math.e / (math.e + 1))
    np.testing.assert_allclose(probs[2], [0, 1, 0, 0])


def test_the_beta_sweep_shows_the_state_with_the_widest_theta() -> None:
    theta = np.array([[np.nan, 1.0, 1.0, np.nan], [0.5, np.nan, 2.0, 1.0], [np.nan] * 4])
    assert most_beta_sensitive_state(theta) == 1  # spread 1.5 against 0; S2 has no moves
    assert most_beta_sensitive_state(policy_tables(LAYOUTS["seed_3x3"]).theta) is None  # θ₀


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), layout=st.sampled_from(sorted(LAYOUTS)))
def test_random_walk_moves_only_through_open_doors(seed: int, layout: str) -> None:
    maze = LAYOUTS[layout]
    walk = random_walk(maze, policy_tables(maze).naive, seed=seed, max_steps=3_000)
    assert walk.states[0] == maze.start
    for s, s2 in zip(walk.states, walk.states[1:], strict=False):
        assert s2 != s and any(maze.next_state(s, a) == s2 for a in range(4))
    if not walk.cut:
        assert walk.reached_goal == (walk.states[-1] == maze.goal)
    assert walk.reached_goal or walk.steps == 3_000
    assert maze.goal not in walk.states[:-1]  # the walk ends at the goal
    assert walk == random_walk(maze, policy_tables(maze).naive, seed=seed, max_steps=3_000)


def test_random_walk_of_a_greedy_policy_is_the_shortest_path() -> None:
    maze = LAYOUTS["seed_3x3"]
    path = maze.shortest_path()
    pi = np.zeros((9, 4))
    for s, s2 in zip(path, path[1:], strict=False):
        pi[s, next(a for a in range(4) if maze.next_state(s, a) == s2)] = 1.0
    walk = random_walk(maze, pi, seed=3)
    assert walk.states == path and walk.steps == 6 and walk.reached_goal


def test_random_walk_keeps_only_the_first_states() -> None:
    walk = random_walk("maze_8x8", policy_tables("maze_8x8").naive, seed=1, max_kept=10)
    assert len(walk.states) == 11 and walk.steps > 10 and walk.cut


def test_pg_run_resumes_bit_for_bit_and_stops_at_convergence() -> None:
    whole = PolicyGradientRun("seed_3x3", eta=1.0, threshold=1e-2, seed=0)
    snaps = list(whole)
    assert snaps[-1].converged and not any(s.converged for s in snaps[:-1])
    assert whole.converged_at == snaps[-1].episode == len(snaps) - 1
    split = PolicyGradientRun("seed_3x3", eta=1.0, threshold=1e-2, seed=0)
    first = [s for _, s in zip(range(50), split, strict=False)]
    rest = list(split)
    assert [s.length for s in first + rest] == [s.length for s in snaps]
    np.testing.assert_array_equal(rest[-1].tables["theta"], snaps[-1].tables["theta"])
    assert list(split) == []  # converged: nothing more


def test_cell_numbers_follow_the_update_rule() -> None:
    run = PolicyGradientRun("seed_3x3", eta=0.5, seed=4)
    iterator = iter(run)
    previous = None
    for _ in range(20):
        snap = next(iterator)
        before = run.theta_before
        if previous is not None:
            np.testing.assert_array_equal(before, previous)
        previous = snap.tables["theta"]
    for s, a in ((0, 1), (0, 2), (5, 3)):
        cell = run.cell(snap, s, a)
        assert cell.steps == snap.length
        assert cell.delta_theta == pytest.approx((cell.n_sa - cell.pi * cell.n_s) / cell.steps)
        assert cell.theta_after == pytest.approx(cell.theta_before + 0.5 * cell.delta_theta)


def test_changed_eta_applies_from_the_next_episode() -> None:
    run = PolicyGradientRun("seed_3x3", eta=0.1, seed=0)
    iterator = iter(run)
    next(iterator)
    run.apply_settings({"eta": 0.7, "threshold": 1e-3, "beta": 5.0})  # β is not taken over
    snap = next(iterator)
    assert run.last_eta == 0.7 and run.agent.settings.threshold == 1e-3
    cell = run.cell(snap, 0, 1)
    assert cell.theta_after == pytest.approx(cell.theta_before + 0.7 * cell.delta_theta)


def test_bucket_means_and_log_chart() -> None:
    x, y, k = maze_charts.bucket_means(np.arange(1, 10_001), max_points=1_000)
    assert k == 10 and len(x) == 1_000 and x[-1] == 10_000 and y[0] == 5.5
    option = maze_charts.log_series_chart(
        [1, 2, 3],
        [1.0, 0.0, 1e-3],
        name="Σ|Δπ|",
        x_title="episode",
        y_title="Σ|Δπ|",
        threshold=1e-4,
        threshold_label="ε",
    )
    line, _, threshold = option["series"]
    assert line["data"] == [[1, 0, 1.0], [2, None, None], [3, -3, 0.001]]  # [x, log10 y, y]
    assert threshold["markLine"]["data"] == [{"yAxis": -4, "value": 1e-4}]
    assert (option["yAxis"]["min"], option["yAxis"]["max"]) == (-4, 0)  # 1e-4 … 1 in view


def test_walk_frame_keys_name_the_agents_cell_and_the_cells_visited() -> None:
    walk = RandomWalk([0, 1, 0, 1, 2], steps=4, reached_goal=False)
    assert walk_frame_keys(walk) == [
        (0, frozenset({0})),
        (1, frozenset({0, 1})),
        (0, frozenset({0, 1})),
        (1, frozenset({0, 1})),  # frame 3 shows frame 1's picture
        (2, frozenset({0, 1, 2})),
    ]


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**16))
def test_frames_with_equal_keys_are_equal_pictures(seed: int) -> None:
    """The key says everything a walk's frame is drawn from: frames with one key are the
    same pixels (what lets the player encode and send each picture once)."""
    layout = LAYOUTS["maze_5x5"]
    pi = policy_tables(layout).naive
    walk = random_walk(layout, pi, seed=seed, max_kept=60)
    first: dict = {}
    for i, key in enumerate(walk_frame_keys(walk)):
        picture = np.asarray(walk_frame(layout, walk, i, pi, size=120))
        if key in first:
            np.testing.assert_array_equal(picture, first[key])
        else:
            first[key] = picture
    assert len(first) < len(walk.states) or walk.steps < 12
