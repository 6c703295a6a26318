"""The run verdicts: green only for a run that ends at the optimum."""

from __future__ import annotations

import pytest

from playground.sessions.maze_policy import PolicyGradientRun
from playground.verdicts import deep_verdict, path_verdict, policy_gradient_verdict


def pg(**overrides):
    args = {
        "recent_lengths": [6, 6, 7, 6],
        "shortest": 6,
        "greedy_length": 6,
        "converged_at": 99,
        "delta_pi_sum": 9e-5,
        "threshold": 1e-4,
        "eta": 0.1,
        "episodes_done": 100,
        "budget": 10_000,
    }
    return policy_gradient_verdict(**(args | overrides))


def test_policy_gradient_verdict_cases() -> None:
    learned = pg()
    assert learned.kind == "learned" and learned.mean_length == 6.25 and learned.window == 4
    # Converged by the rule, but episodes are 40 moves long: the steps were tiny.
    assert pg(recent_lengths=[40, 44]).kind == "stalled"
    # Short recent episodes but a greedy path that loops: not learnt either.
    assert pg(greedy_length=None).kind == "stalled"
    assert pg(greedy_length=8).kind == "stalled"
    # 9 = 1.5 × 6 is the edge of "near the optimum".
    assert pg(recent_lengths=[9]).kind == "learned"
    assert pg(recent_lengths=[9, 10]).kind == "stalled"
    assert pg(converged_at=None, episodes_done=10_000).kind == "budget"
    assert pg(converged_at=None, episodes_done=500).kind == "running"


def test_policy_gradient_run_verdicts_on_the_seed_maze() -> None:
    stalled = PolicyGradientRun(eta=0.001, seed=0)
    first = next(iter(stalled))
    assert first.converged
    verdict = stalled.verdict(10_000)
    assert verdict.kind == "stalled" and verdict.converged_at == 0
    assert verdict.mean_length == first.length > 6 and verdict.eta == 0.001
    budget = PolicyGradientRun(threshold=1e-6, seed=0)
    for snap in budget:
        if snap.episode + 1 == 100:
            break
    assert budget.verdict(100).kind == "budget"
    assert budget.verdict(200).kind == "running"


def test_episode_update_lists_the_largest_moves_of_theta() -> None:
    run = PolicyGradientRun(seed=3)
    snap = next(iter(run))
    update = run.episode_update(snap, top=3)
    assert update.steps == snap.length and update.states[0] == 0
    delta = snap.pg_update.delta_theta
    for cell in update.cells:
        assert cell.delta_theta == pytest.approx(delta[cell.state, cell.action])
        assert cell.theta_after == pytest.approx(1 + 0.1 * cell.delta_theta)
    sizes = [abs(c.delta_theta) for c in update.cells]
    assert sizes == sorted(sizes, reverse=True)


def test_path_and_deep_verdicts() -> None:
    assert path_verdict(6, 6).optimal
    assert not path_verdict(8, 6).optimal and not path_verdict(None, 6).optimal
    assert deep_verdict([], 475).kind == "none"
    assert deep_verdict([100, 480, 200], 475).kind == "lost"
    lost = deep_verdict([100, 480, 200], 475)
    assert lost.first_solved == 1 and lost.last_return == 200
    assert deep_verdict([100, 480, 490], 475).kind == "solved"
    assert deep_verdict([100, 200], 475).kind == "not_solved"
