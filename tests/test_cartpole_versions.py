"""One table of CartPole versions: every learner, check and page reads the same numbers."""

from __future__ import annotations

import pytest

from playground.cartpole import (
    CARTPOLE_VERSIONS,
    CartPoleTabularSettings,
    cartpole_version,
    make_cartpole,
    make_cartpole_tabular,
    shaped_reward,
)


def test_the_table_holds_gymnasiums_two_versions_default_first():
    assert list(CARTPOLE_VERSIONS) == ["CartPole-v1", "CartPole-v0"]
    v1, v0 = CARTPOLE_VERSIONS.values()
    assert (v1.max_steps, v1.solved_at) == (500, 475)
    assert (v0.max_steps, v0.solved_at) == (200, 195)


@pytest.mark.parametrize("env_id", list(CARTPOLE_VERSIONS))
def test_the_table_agrees_with_gymnasiums_registration(env_id):
    env = make_cartpole(env_id)
    assert env.spec.max_episode_steps == cartpole_version(env_id).max_steps
    assert env.spec.reward_threshold == cartpole_version(env_id).solved_at
    env.close()


@pytest.mark.parametrize("env_id", ["CartPole-v2", "MountainCar-v0", "", None])
def test_unknown_versions_are_refused_by_every_factory(env_id):
    with pytest.raises(ValueError, match="CartPole-v1"):
        cartpole_version(env_id)
    with pytest.raises(ValueError, match="env_id"):
        make_cartpole(env_id)
    with pytest.raises(ValueError, match="env_id"):
        make_cartpole_tabular(env_id)
    with pytest.raises(ValueError, match="env_id"):
        CartPoleTabularSettings(env_id=env_id)


def test_tabular_settings_read_the_table():
    v0 = CartPoleTabularSettings(env_id="CartPole-v0")
    assert (v0.max_steps, v0.solved_length) == (200, 195)


@pytest.mark.parametrize(
    ("terminated", "truncated", "expected"),
    [(False, False, 0.0), (True, False, -1.0), (False, True, 1.0), (True, True, -1.0)],
)
def test_one_shaped_reward_for_tabular_and_dqn(terminated, truncated, expected):
    pytest.importorskip("torch")
    from playground.agents.dqn import stored_reward

    assert shaped_reward(terminated, truncated) == expected
    assert stored_reward(1.0, terminated, truncated, "notes") == expected
    assert stored_reward(1.0, terminated, truncated, "none") == 1.0


def test_deep_agents_read_the_table():
    pytest.importorskip("torch")
    from playground.agents.deep_common import CartPole, GreedyEvaluator
    from playground.agents.dqn import DQNConfig
    from playground.agents.reinforce import ReinforceConfig

    env = CartPole("CartPole-v0")
    assert env.max_episode_steps == 200
    env.close()
    assert GreedyEvaluator("CartPole-v0", 2, 0).threshold == 195.0
    assert GreedyEvaluator("CartPole-v1", 2, 0).threshold == 475.0
    for config in (DQNConfig, ReinforceConfig):
        with pytest.raises(ValueError, match="env_id"):
            config(env_id="CartPole-v2")


def test_the_deep_cartpole_truncates_at_the_tables_limit():
    pytest.importorskip("torch")
    from playground.agents.deep_common import CartPole

    env = CartPole("CartPole-v0")
    env.reset(seed=0)
    truncated = False
    steps = 0
    while not truncated:
        env.env.state = (0.0, 0.0, 0.0, 0.0)  # put back upright at rest: never falls
        _, _, terminated, truncated = env.step(0)
        steps += 1
        assert not terminated
    assert steps == 200
    env.close()
