"""The Trainer: snapshots, determinism, stop-and-resume, step mode."""

import dataclasses

import gymnasium as gym
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import playground  # noqa: F401
from playground import training
from playground.agents import PolicyGradientAgent, QLearningAgent, SarsaAgent
from playground.envs import MazeEnv
from playground.training import Trainer

AGENTS = [PolicyGradientAgent, SarsaAgent, QLearningAgent]


def _fingerprint(snapshots):
    return [
        (
            s.episode,
            s.length,
            s.episode_return,
            s.states.tolist(),
            s.actions.tolist(),
            {k: v.tobytes() for k, v in s.tables.items()},
            s.metrics.get("delta_pi_sum", s.metrics.get("mean_abs_td_error")),
        )
        for s in snapshots
    ]


def _trainer(cls, seed=0, env_id="playground/Maze-v0", **kwargs):
    env = gym.make(env_id, **kwargs)
    return Trainer(env, cls.for_env(env, seed=seed), seed=seed)


@pytest.mark.parametrize("cls", AGENTS)
def test_same_seed_same_results_bit_for_bit(cls):
    a = _fingerprint(_trainer(cls, seed=4).run_episodes(40))
    b = _fingerprint(_trainer(cls, seed=4).run_episodes(40))
    assert a == b
    assert a != _fingerprint(_trainer(cls, seed=5).run_episodes(40))


@settings(max_examples=15, deadline=None)
@given(cls=st.sampled_from(AGENTS), splits=st.lists(st.integers(1, 12), min_size=1, max_size=4))
def test_stop_and_resume_equals_uninterrupted(cls, splits):
    total = sum(splits) + 5
    straight = _fingerprint(_trainer(cls, seed=1).run_episodes(total))
    trainer = _trainer(cls, seed=1)
    resumed = []
    for n in splits:
        generator = trainer.run_episodes(None)  # stop early: abandon a generator mid-way
        for snapshot in generator:
            resumed.append(snapshot)
            if len(resumed) % n == 0:
                break
        if len(resumed) >= total:
            break
    resumed += trainer.run_episodes(total - len(resumed))
    assert _fingerprint(resumed) == straight


@settings(max_examples=10, deadline=None)
@given(cls=st.sampled_from(AGENTS), steps=st.lists(st.integers(1, 30), min_size=1, max_size=4))
def test_step_mode_mixes_with_episode_mode(cls, steps):
    straight = _fingerprint(
        _trainer(
            cls, seed=2, env_id="playground/Maze-v0", layout="maze_5x5", max_episode_steps=60
        ).run_episodes(12)
    )
    trainer = _trainer(
        cls, seed=2, env_id="playground/Maze-v0", layout="maze_5x5", max_episode_steps=60
    )
    mixed = []
    for n in steps:
        mixed += [s.episode_end for s in trainer.run_steps(n) if s.episode_end is not None]
        if len(mixed) < 12:
            mixed += trainer.run_episodes(1)
    mixed += trainer.run_episodes(max(0, 12 - len(mixed)))
    assert _fingerprint(mixed[:12]) == straight


@pytest.mark.parametrize(
    ("env_id", "kwargs"),
    [
        ("Taxi-v4", {"max_episode_steps": 50}),  # a mask per step in info, none up front
        ("FrozenLake-v1", {"is_slippery": True}),  # no masks at all
        ("playground/Maze-v0", {"layout": "maze_5x5", "max_episode_steps": 60}),  # static masks
    ],
)
def test_policy_gradient_plays_whole_episodes_as_it_plays_steps(env_id, kwargs):
    """Episode mode lets policy gradient play a whole episode itself (play_episode); step
    mode asks act() step by step. Both draw the same numbers: same episodes, same tables."""
    by_episode = _trainer(PolicyGradientAgent, 3, env_id, **kwargs).run_episodes(15)
    trainer = _trainer(PolicyGradientAgent, 3, env_id, **kwargs)
    by_step = []
    while len(by_step) < 15:
        by_step += [s.episode_end for s in trainer.run_steps(1) if s.episode_end is not None]
    assert _fingerprint(by_step) == _fingerprint(by_episode)


def test_episode_snapshot_contents():
    trainer = _trainer(QLearningAgent, seed=0)
    first, second = trainer.run_episodes(2)
    assert first.episode == 0 and second.episode == 1
    assert first.states[0] == 0 and first.states[-1] == 8 and first.terminated
    assert len(first.states) == first.length + 1 == len(first.actions) + 1 == len(first.rewards) + 1
    assert first.episode_return == 1.0 and first.rewards[-1] == 1.0
    assert first.metrics["epsilon"] == 0.5 and second.metrics["epsilon"] == 0.25
    assert first.metrics["mean_abs_td_error"] > 0 and not first.converged
    q = first.tables["q"]
    assert q.shape == (9, 4) and np.isnan(q[8]).all() and np.isnan(q[0, 0])
    assert not np.array_equal(q, second.tables["q"], equal_nan=True)  # a copy, not a view
    assert second.total_steps == first.length + second.length

    pg = next(_trainer(PolicyGradientAgent, seed=0).run_episodes(1))
    assert set(pg.tables) == {"theta", "pi"} and "delta_pi_sum" in pg.metrics
    update = pg.pg_update
    assert update.steps == pg.length == update.n_sa.sum()
    np.testing.assert_array_equal(update.n_s, np.bincount(pg.states[:-1], minlength=9))
    np.testing.assert_array_equal(update.pi[0], [0, 0.5, 0.5, 0])
    assert np.isnan(update.delta_theta[0, 0]) and np.isnan(pg.tables["theta"][0, 0])


def test_step_snapshots_show_the_sarsa_update():
    env = MazeEnv()
    agent = SarsaAgent.for_env(env, seed=3)
    trainer = Trainer(env, agent, seed=3)
    steps = list(trainer.run_steps(400))
    for step, following in zip(steps, steps[1:], strict=False):
        if not step.terminated:
            # a′ is what SARSA plays next, and the target used Q(s′, a′): r + γ·Q(s′, a′)
            assert (following.state, following.action) == (step.next_state, step.next_action)
            assert step.td_target == step.reward + agent.settings.gamma * following.old_q
        assert step.td_error == step.td_target - step.old_q
        assert step.new_q == pytest.approx(step.old_q + agent.settings.eta * step.td_error)
    ends = [s for s in steps if s.episode_end is not None]
    assert all(s.terminated for s in ends) and ends[0].episode_end.length == ends[0].step + 1


def test_terminal_step_target_is_the_reward_alone():
    env = MazeEnv()
    trainer = Trainer(env, QLearningAgent.for_env(env, seed=0), seed=0)
    final = next(s for s in trainer.run_steps(2000) if s.terminated)
    assert final.td_target == final.reward == 1.0


def test_long_episodes_are_stored_cut(monkeypatch):
    monkeypatch.setattr(training, "TRAJECTORY_CAP", 5)
    env = MazeEnv("maze_8x8")
    snapshot = next(Trainer(env, PolicyGradientAgent.for_env(env, seed=0), seed=0).run_episodes(1))
    assert snapshot.length > 5 and snapshot.trajectory_cut
    assert len(snapshot.actions) == 5 and len(snapshot.states) == 6
    assert snapshot.pg_update.steps == snapshot.length  # learnt from the whole episode


def test_truncation_by_time_limit():
    trainer = _trainer(PolicyGradientAgent, seed=0, layout="maze_8x8", max_episode_steps=7)
    snapshot = next(trainer.run_episodes(1))
    assert snapshot.truncated and not snapshot.terminated and snapshot.length == 7


@pytest.mark.parametrize("cls", AGENTS)
def test_snapshots_keep_their_tables_while_learning_goes_on(cls):
    # Snapshots share the rows learning has not touched since the previous one (TD agents
    # copy only the rows written during the episode); none may change afterwards.
    trainer = _trainer(cls, seed=6, layout="maze_5x5", max_episode_steps=80)
    kept, expected = [], []
    for n in (3, 1, 4):
        for snapshot in trainer.run_episodes(n):
            kept.append(snapshot)
            expected.append({k: v.copy() for k, v in trainer.agent.tables().items()})
        for step in trainer.run_steps(100):  # from a fresh episode: ≥ 1 ends (cap 80)
            if step.episode_end is not None:
                kept.append(step.episode_end)
                expected.append({k: v.copy() for k, v in trainer.agent.tables().items()})
    assert len(kept) >= 11
    for snapshot, tables in zip(kept, expected, strict=True):  # read only now, at the end
        assert snapshot.tables.keys() == tables.keys()
        for name, table in tables.items():
            np.testing.assert_array_equal(snapshot.tables[name], table)


def test_trainer_snapshots_are_complete_frozen_dataclasses():
    # The Trainer builds snapshots without the dataclass __init__ (for speed): they must
    # still carry every field, equal a normally built one, and stay frozen.
    snapshot = next(_trainer(QLearningAgent, seed=0).run_episodes(1))
    names = [f.name for f in dataclasses.fields(training.EpisodeSnapshot)]
    assert set(names) <= set(vars(snapshot))
    rebuilt = training.EpisodeSnapshot(**{name: getattr(snapshot, name) for name in names})
    assert dataclasses.astuple(rebuilt) == dataclasses.astuple(snapshot)
    with pytest.raises(dataclasses.FrozenInstanceError):
        snapshot.episode = 3  # type: ignore[misc]
    assert dataclasses.replace(snapshot, episode=3).episode == 3


class _SteppedMaze(MazeEnv):
    """A maze whose step() is its own: the Trainer must call it step by step."""

    def step(self, action):
        return super().step(action)


@settings(max_examples=12, deadline=None)
@given(
    layout=st.sampled_from(["seed_3x3", "maze_5x5", "maze_8x8"]),
    seed=st.integers(0, 2**16),
    overrides=st.sampled_from(
        [{}, {"beta": 2.5}, {"eta": 0.7}, {"weighting": "baseline"}, {"eta": 5.0, "beta": 2.0}]
    ),
    steps_first=st.integers(0, 9),
)
def test_bare_maze_walk_equals_stepping_the_env(layout, seed, overrides, steps_first):
    """On a bare MazeEnv policy gradient walks the maze's step table (no env.step call);
    it must give bit for bit what stepping the env gives: states, actions, rewards, θ, π,
    Σ|Δπ|, also after a half episode played in step mode. The env ends where the walk ended."""

    def run(env_type):
        env = env_type(layout, step_reward=-0.01)
        trainer = Trainer(env, PolicyGradientAgent.for_env(env, seed=seed, **overrides), seed=seed)
        firsts = [s.episode_end for s in trainer.run_steps(steps_first) if s.episode_end]
        snapshots = firsts + list(trainer.run_episodes(25 - len(firsts)))
        assert env.state == env.layout.goal and snapshots[-1].terminated
        return _fingerprint(snapshots) + [
            (s.metrics, s.pg_update.n_sa.tobytes(), s.pg_update.delta_theta.tobytes())
            for s in snapshots
        ]

    stepped = run(_SteppedMaze)
    calls = []
    original_step = MazeEnv.step
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(MazeEnv, "step", lambda env, a: calls.append(a) or original_step(env, a))
        walked = run(MazeEnv)
    assert len(calls) == steps_first  # only the step-mode steps called env.step
    assert walked == stepped


def test_step_table_is_what_step_does():
    env = MazeEnv("maze_5x5", step_reward=-0.5)
    table = env.step_table()
    for s in range(env.layout.n_states):
        for a in range(4):
            env.walked_to(s)
            s2, r, terminated, truncated, info = env.step(a)
            assert (s2, r, terminated, truncated) == (
                table.next_state[s][a],
                table.reward[s][a],
                table.terminal[s2],
                False,
            )
            np.testing.assert_array_equal(info["action_mask"], env.walked_to(s2)["action_mask"])
    assert _SteppedMaze().step_table() is None  # a step() of its own: no table to trust
