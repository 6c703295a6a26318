"""The policy gradient's update on grids whose episodes can end without the goal.

The notes' Δθ = (N − πN)/T ignores reward; on FrozenLake, CliffWalking and custom grids
the agent weights it by (G − b)/σ (``weighting="baseline"``). These tests pin that
update by hand, check the notes' form is kept on the maze, that it learns FrozenLake and
the cliff at the page's defaults, and that the Lab builds the same agent.
"""

from __future__ import annotations

import math

import gymnasium as gym
import numpy as np
import pytest

from playground import lab
from playground.agents.tabular import (
    BASELINE_RATE,
    PolicyGradientAgent,
    PolicyGradientSettings,
)
from playground.envs.gridworld import CLIFF_WALKING, GridSpec
from playground.lab import run_job
from playground.lab.spec import EnvSpec, Experiment, child_seeds
from playground.sessions import envs
from playground.sessions.maze_policy import PolicyGradientRun
from playground.training import Trainer


def test_one_hole_episode_then_one_goal_episode_by_hand() -> None:
    # A 2×2 grid "S F / H G" (cells 0 1 / 2 3), 4 moves everywhere, θ₀ = 1 so π = 1/4.
    agent = PolicyGradientAgent(4, 4, PolicyGradientSettings(eta=0.1, weighting="baseline"))
    # Episode 1: down into the hole, G = 0. No baseline yet: w = 0, θ stays θ₀, b = 0.
    metrics = agent.end_episode([0, 2], [2], [0.0])
    assert metrics["weight"] == 0.0 and agent.baseline == 0.0
    np.testing.assert_array_equal(agent.theta, np.ones((4, 4)))
    assert not metrics["converged"]  # σ = 0: nothing learned yet, so no convergence
    # Episode 2: right then down to the goal, G = 1, T = 2.
    # σ² = 0 + 0.05·(1 − 0)² → σ = √0.05; w = (1 − 0)/σ = 1/√0.05 ≈ 4.4721.
    metrics = agent.end_episode([0, 1, 3], [1, 2], [0.0, 1.0])
    w = 1 / math.sqrt(0.05)
    assert metrics["weight"] == pytest.approx(w)
    # Δθ(0, right) = w·(1 − 1/4)/2 = 1.67705; Δθ(0, other) = w·(0 − 1/4)/2 = −0.559017.
    assert agent.theta[0, 1] == pytest.approx(1 + 0.1 * 1.6770510)
    assert agent.theta[0, 0] == pytest.approx(1 - 0.1 * 0.5590170)
    assert agent.theta[1, 2] == pytest.approx(1 + 0.1 * 1.6770510)
    np.testing.assert_array_equal(agent.theta[2:], np.ones((2, 4)))  # unvisited rows
    assert agent.baseline == pytest.approx(BASELINE_RATE * 1.0)
    assert agent.last_update is not None
    assert agent.last_update.delta_theta[0, 1] == pytest.approx(1.6770510)


def test_the_notes_update_ignores_reward() -> None:
    a = PolicyGradientAgent(4, 4, PolicyGradientSettings(weighting="notes"))
    b = PolicyGradientAgent(4, 4, PolicyGradientSettings(weighting="notes"))
    a.end_episode([0, 2], [2], [0.0])
    b.end_episode([0, 2], [2], [-100.0])
    np.testing.assert_array_equal(a.theta, b.theta)
    assert a.theta[0, 2] == 1 + 0.1 * (1 - 0.25) / 1


def test_auto_is_the_notes_update_on_the_maze_and_the_baseline_elsewhere() -> None:
    maze = gym.make("playground/Maze-v0", layout="maze_5x5")
    assert PolicyGradientAgent.for_env(maze).settings.weighting == "notes"
    custom = envs.problem("custom", False, GridSpec.from_rows(["SF", "HG"]).encode())
    for prob in (envs.problem("frozen_lake_4x4"), envs.problem("cliff_walking"), custom):
        env = prob.make()
        assert PolicyGradientAgent.for_env(env).settings.weighting == "baseline"
    assert PolicyGradientRun("seed_3x3").agent.settings.weighting == "notes"
    run = PolicyGradientRun(envs.problem("cliff_walking"))
    assert run.agent.settings.weighting == "baseline"


def test_a_bad_weighting_is_refused() -> None:
    with pytest.raises(ValueError, match="weighting"):
        PolicyGradientAgent(2, 2, PolicyGradientSettings(weighting="nope"))  # type: ignore[arg-type]


@pytest.mark.parametrize("key", ["frozen_lake_4x4", "cliff_walking"])
def test_the_page_run_learns_a_path_to_the_goal_at_default_settings(key: str) -> None:
    # The page's defaults: η = 0.1, β = 1, threshold 1e-4, 10 000 episodes, seed 0.
    run = PolicyGradientRun(envs.problem(key), seed=0)
    for snapshot in run:
        if snapshot.episode + 1 >= 10_000:
            break
    length = run.greedy_length()
    assert length is not None  # the greedy path reaches the goal
    # Measured: FrozenLake 6 (shortest 6, converged at episode 3375); the cliff 17
    # (shortest 13: the softmax's exploration makes the path away from the edge pay).
    assert length <= run.optimum.shortest + 4


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("CliffWalking-v1", {}), ("FrozenLake-v1", {"is_slippery": False})],
)
def test_the_lab_runs_the_baseline_update_on_grids(name: str, kwargs: dict) -> None:
    experiment = Experiment(
        EnvSpec.of(name, **kwargs), (lab.algorithm("policy_gradient"),), seeds=1, episodes=30
    )
    job = experiment.jobs()[0]
    result = run_job(job)
    agent_seed, env_seed = child_seeds(job.seed)
    env = job.env.make()
    agent = PolicyGradientAgent.for_env(
        env, PolicyGradientSettings(weighting="baseline"), seed=agent_seed
    )
    snapshots = list(Trainer(env, agent, seed=env_seed).run_episodes(30))
    assert result.ok
    assert result.returns.tolist() == [s.episode_return for s in snapshots]
    assert result.lengths.tolist() == [s.length for s in snapshots]


def test_the_lab_and_the_page_agree_on_a_custom_grid() -> None:
    # The cliff drawn as a custom grid: the Lab's job and the page's env and agent, with the
    # job's seeds, play the same episodes (same env, same update).
    code = CLIFF_WALKING.encode()
    experiment = Experiment(
        EnvSpec.of("custom_grid", grid=code),
        (lab.algorithm("policy_gradient"),),
        seeds=1,
        episodes=40,
        seed=5,
    )
    job = experiment.jobs()[0]
    result = run_job(job)
    agent_seed, env_seed = child_seeds(job.seed)
    page_env = envs.problem("custom", False, code).make()  # what the page trains on
    agent = PolicyGradientAgent.for_env(page_env, seed=agent_seed)
    snapshots = list(Trainer(page_env, agent, seed=env_seed).run_episodes(40))
    assert result.ok and agent.settings.weighting == "baseline"
    assert result.returns.tolist() == [s.episode_return for s in snapshots]
    # The page's run itself uses this agent: with one seed for both, its first episode
    # matches an agent and Trainer built that way.
    run = PolicyGradientRun(envs.problem("custom", False, code), seed=agent_seed)
    first = next(iter(run))
    twin = PolicyGradientAgent.for_env(page_env, seed=agent_seed)
    again = next(iter(Trainer(page_env, twin, seed=agent_seed).run_episodes(1)))
    assert first.episode_return == again.episode_return and first.length == again.length
