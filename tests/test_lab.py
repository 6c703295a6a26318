"""The Lab's core: specs and caps, seeds, the job, the fast path, executors, results."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import gymnasium as gym
import numpy as np
import pytest

import playground  # noqa: F401  (registers the maze)
from playground import lab
from playground.agents import ConstantEpsilon, SarsaAgent
from playground.cartpole import CartPoleTabularSettings
from playground.lab.executors import LocalExecutor, SerialExecutor, make_executor, plan_batches
from playground.lab.fast import can_run_fast
from playground.lab.jobs import run_job
from playground.lab.spec import MAX_JOBS, EnvSpec, Experiment, child_seeds, replicate_seed
from playground.training import Trainer

ROOT = Path(__file__).resolve().parent.parent
CLIFF = {"eta": 0.5, "gamma": 1.0, "epsilon": 0.1, "schedule": "constant", "q_init": "zeros"}


def same(a: list[lab.JobResult], b: list[lab.JobResult]) -> bool:
    key = lambda r: (r.job.arm, r.job.replicate)  # noqa: E731
    a, b = sorted(a, key=key), sorted(b, key=key)
    return len(a) == len(b) and all(x.same_numbers(y) for x, y in zip(a, b, strict=True))


# ------------------------------------------------------------------------ specs, caps


def test_replicate_seeds_are_the_children_of_the_experiment_seed() -> None:
    children = np.random.SeedSequence(7).spawn(3)
    expected = [int(c.generate_state(1, np.uint32)[0]) for c in children]
    assert [replicate_seed(7, i) for i in range(3)] == expected
    assert len(set(expected)) == 3


def test_every_arm_gets_the_same_seeds() -> None:
    experiment = Experiment(
        EnvSpec.of("maze_3x3"),
        (lab.algorithm("sarsa"), lab.algorithm("q_learning")),
        seeds=3,
        seed=5,
    )
    jobs = experiment.jobs()
    assert [j.seed for j in jobs if j.arm == 0] == [j.seed for j in jobs if j.arm == 1]
    assert [j.seed for j in jobs if j.arm == 0] == [replicate_seed(5, i) for i in range(3)]


def test_a_sweep_crosses_algorithms_values_and_seeds() -> None:
    sweep = lab.Sweep.of(eta=[0.1, 0.5], gamma=[0.9, 1.0])
    experiment = Experiment(
        EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("sarsa"), lab.algorithm("q_learning")),
        seeds=2,
        sweep=sweep,
    )
    assert len(experiment.arms) == 8 and len(experiment.jobs()) == 16
    assert experiment.arms[1].point == (("eta", 0.1), ("gamma", 1.0))
    assert dict(experiment.arms[1].spec.settings) == {"eta": 0.1, "gamma": 1.0}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seeds": 0}, r"seeds must be in \[1, 100\], got 0"),
        ({"seeds": 101}, r"seeds must be in \[1, 100\], got 101"),
        ({"seeds": 2.5}, "seeds must be an integer"),
        ({"seed": -1}, r"seed must be in \[0, "),
        ({"episodes": 0}, r"episodes must be in \[1, 20,000\]"),
        ({"algorithms": ()}, "choose 1 to 4 algorithms"),
        ({"algorithms": (lab.algorithm("sarsa"),) * 5}, "choose 1 to 4 algorithms, got 5"),
    ],
)
def test_bad_experiments_say_what_is_wrong(kwargs: dict, message: str) -> None:
    args = {"env": EnvSpec.of("maze_3x3"), "algorithms": (lab.algorithm("sarsa"),), **kwargs}
    with pytest.raises(ValueError, match=message):
        Experiment(**args)


def test_bad_input_carries_a_code_and_the_values_a_page_translates_it_with() -> None:
    """Every check of an experiment raises a LabError (a ValueError): its str() is the
    English sentence, its code and params what webui/i18n/lab.py's errors.<code> needs."""
    from playground.lab import LabError
    from webui.i18n import TEXT

    cases = [
        (lambda: lab.Sweep.of(eta=[]), "lab_sweep_empty", {"name": "eta"}),
        (
            lambda: Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa"),), seeds=0),
            "lab_seeds_range",
            {"low": 1, "high": "100", "value": 0},
        ),
        (lambda: EnvSpec.of("Pong"), "lab_unknown_env", None),
        (lambda: lab.algorithm("sarsa", bogus=1), "lab_unknown_setting", None),
        (
            lambda: Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa", eta=-1.0),)),
            "lab_bad_setting",
            None,
        ),
    ]
    for make, code, params in cases:
        with pytest.raises(LabError) as caught:
            make()
        assert isinstance(caught.value, ValueError) and caught.value.code == code
        if params is not None:
            assert caught.value.params == params
        for lang in ("en", "zh"):
            TEXT[lang][f"errors.{code}"].format(**caught.value.params)  # every field given
    # A bad setting's reason keeps its own code, translated on its own.
    with pytest.raises(LabError) as caught:
        Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa", eta=-1.0),))
    assert caught.value.params["reason"].code == "lab_eta"


def test_ten_thousand_jobs_are_refused_with_the_cap() -> None:
    sweep = lab.Sweep.of(
        eta=[0.01 * i for i in range(1, 51)], gamma=[0.5 + 0.01 * i for i in range(50)]
    )
    with pytest.raises(ValueError) as caught:
        Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa"),) * 2, seeds=2, sweep=sweep)
    text = str(caught.value)
    assert (
        "10,000 jobs" in text
        and f"{MAX_JOBS:,}" in text
        and "2 algorithms × 2500 settings × 2 seeds" in text
    )


def test_sweeps_need_values() -> None:
    with pytest.raises(ValueError, match="the sweep over 'eta' has no values"):
        lab.Sweep.of(eta=[])
    with pytest.raises(ValueError, match="has no values"):
        lab.Sweep.range("eta", 0.1, 1.0, 0)
    with pytest.raises(ValueError, match="one or two settings"):
        lab.Sweep.of(eta=[1], gamma=[1], epsilon=[1])
    with pytest.raises(ValueError, match="repeats a value"):
        lab.Sweep.of(eta=[0.1, 0.1])
    assert lab.Sweep.range("eta", 0.1, 1.0, 10).params[0][1][:3] == (0.1, 0.2, 0.3)


@pytest.mark.parametrize(
    ("env", "algorithm", "message"),
    [
        ("maze_3x3", lab.algorithm("sarsa", eta=-0.1), "eta must be positive"),
        ("maze_3x3", lab.algorithm("q_learning", gamma=1.5), r"gamma must be in \[0, 1\]"),
        ("maze_3x3", lab.algorithm("q_learning", epsilon=2.0), r"ε must be in \[0, 1\]"),
        ("maze_3x3", lab.algorithm("sarsa", schedule="cosine"), "schedule must be one of"),
        ("maze_3x3", lab.algorithm("sarsa", q_init="ones"), "q_init must be"),
        ("maze_3x3", lab.algorithm("policy_gradient", beta=0.0), "beta must be positive"),
        (
            "CartPole-v1",
            lab.algorithm("cartpole_q", bins=13),
            "28,561 discretised states is too many",
        ),
        ("CartPole-v1", lab.algorithm("cartpole_q", eta=0.0), r"eta must be in \(0, 1\]"),
        (
            "CliffWalking-v1",
            lab.algorithm("cartpole_q"),
            "cartpole_q does not run on CliffWalking-v1",
        ),
        ("CartPole-v1", lab.algorithm("sarsa"), "sarsa does not run on CartPole-v1"),
    ],
)
def test_bad_settings_fail_with_the_configs_own_checks(env: str, algorithm, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Experiment(EnvSpec.of(env), (algorithm,), seeds=1)


def test_a_custom_grid_runs_the_tabular_algorithms_on_the_editors_grid() -> None:
    """A grid from the grid editor (its share code) is an environment of the Lab: each job
    is the Trainer's run on ``playground/GridWorld-v0`` with that grid, and the experiment
    survives the share link's JSON."""
    from playground.envs.gridworld import CLIFF_WALKING, GridSpec, frozen_lake_spec

    assert frozen_lake_spec("4x4", slippery=False).encode() == lab.spec.DEFAULT_GRID
    code = CLIFF_WALKING.encode()
    env = EnvSpec.of("custom_grid", grid="  " + code[:10] + "\n" + code[10:])  # as pasted
    assert dict(env.kwargs) == {"grid": code} and env.label() == "custom grid 4×12"
    experiment = Experiment(
        env,
        (lab.algorithm("sarsa", **CLIFF), lab.algorithm("q_learning", **CLIFF),
         lab.algorithm("policy_gradient")),
        seeds=2, episodes=20, seed=3,
    )  # fmt: skip
    results = lab.run(experiment, SerialExecutor())
    assert len(results.results) == 6 and not results.errors()
    job = results.results[0].job
    agent_seed, env_seed = child_seeds(job.seed)
    grid_env = gym.make("playground/GridWorld-v0", spec=GridSpec.decode(code))
    agent = SarsaAgent.for_env(grid_env, job.algorithm.config(env, 20), seed=agent_seed)
    expected = [s.episode_return for s in Trainer(grid_env, agent, seed=env_seed).run_episodes(20)]
    assert results.results[0].returns.tolist() == expected
    assert min(expected) <= -100  # the cliff's cells are there
    again = Experiment.from_dict(json.loads(json.dumps(experiment.to_dict())))
    assert again == experiment and same(lab.run(again, SerialExecutor()).results, results.results)


def test_a_random_frozen_lake_map_is_gymnasiums_and_survives_the_share_link() -> None:
    """FrozenLake's third map: Gymnasium's ``generate_random_map(size, seed=…)``, the map the
    tabular pages draw for the same size and seed; its size and seed travel in the link."""
    from gymnasium.envs.toy_text.frozen_lake import generate_random_map

    from playground.envs.gridworld import random_frozen_lake_spec

    env = EnvSpec.of("FrozenLake-v1", map_name="random", map_size=6, map_seed=3)
    assert dict(env.kwargs) == {
        "map_name": "random", "is_slippery": True, "map_size": 6, "map_seed": 3
    }  # fmt: skip
    desc = ["".join(c.decode() for c in row) for row in env.make().unwrapped.desc]
    assert desc == generate_random_map(size=6, seed=3)
    assert env.label() == "FrozenLake-v1 (random 6×6 map, seed 3)"
    assert desc == random_frozen_lake_spec(6, 3).row_strings()  # as the pages draw it
    assert env.make().unwrapped.P[0][0] == gym.make("FrozenLake-v1", desc=desc).unwrapped.P[0][0]
    assert EnvSpec.of("FrozenLake-v1", map_name="random") == EnvSpec.of(
        "FrozenLake-v1", map_name="random", map_size=8, map_seed=0
    )
    # Another seed, another map; the fixed maps take no size or seed.
    other = EnvSpec.of("FrozenLake-v1", map_name="random", map_size=6, map_seed=4).make()
    assert other.unwrapped.desc.tolist() != env.make().unwrapped.desc.tolist()
    assert dict(EnvSpec.of("FrozenLake-v1").kwargs) == {"map_name": "4x4", "is_slippery": True}
    experiment = Experiment(env, (lab.algorithm("q_learning"),), seeds=2, episodes=10, seed=5)
    again = Experiment.from_dict(json.loads(json.dumps(experiment.to_dict())))
    assert again == experiment
    results = lab.run(experiment, SerialExecutor())
    assert not results.errors()
    assert same(lab.run(again, SerialExecutor()).results, results.results)


@pytest.mark.parametrize(
    ("kwargs", "code", "match"),
    [
        ({"map_name": "random", "map_size": 13}, "lab_random_map", r"map_size .* \[2, 12\]"),
        ({"map_name": "random", "map_size": 1}, "lab_random_map", "map_size"),
        ({"map_name": "random", "map_size": 4.5}, "lab_random_map", "got 4.5"),
        ({"map_name": "random", "map_seed": -1}, "lab_random_map", "map_seed"),
        ({"map_name": "random", "map_seed": "7"}, "lab_random_map", "map_seed"),
        ({"map_size": 6}, "lab_env_setting", "no setting 'map_size'"),
        ({"map_name": "16x16"}, "lab_frozenlake_map", "'4x4', '8x8' or 'random'"),
    ],
)
def test_a_random_map_out_of_range_says_why(kwargs: dict, code: str, match: str) -> None:
    with pytest.raises(lab.LabError, match=match) as caught:
        EnvSpec.of("FrozenLake-v1", **kwargs)
    assert caught.value.code == code


def test_a_custom_grid_that_cannot_be_used_says_why() -> None:
    from playground.envs.gridworld import GridError

    with pytest.raises(lab.LabError) as caught:
        EnvSpec.of("custom_grid", grid="g1~4x4~SF4")
    assert caught.value.code == "lab_grid" and isinstance(caught.value.params["reason"], GridError)
    with pytest.raises(lab.LabError, match="cannot be used"):
        EnvSpec.of("custom_grid", grid="g1~2x2~F4~~0.0_1.0_0.0_-100.0~d")  # no start, no goal
    with pytest.raises(ValueError, match="dqn does not run on custom_grid"):
        Experiment(EnvSpec.of("custom_grid"), (lab.algorithm("dqn"),))


def test_the_pages_extremes_are_accepted() -> None:
    # η up to 3 (the maze TD page: divergence is a lesson), 12 bins (the CartPole Q page).
    Experiment(EnvSpec.of("maze_3x3"), (lab.algorithm("q_learning", eta=3.0),), seeds=1)
    Experiment(EnvSpec.of("CartPole-v1"), (lab.algorithm("cartpole_q", bins=12),), seeds=1)


def test_unknown_names_are_listed() -> None:
    with pytest.raises(ValueError, match="unknown environment 'Pong'"):
        EnvSpec.of("Pong")
    with pytest.raises(ValueError, match="takes no setting 'map_name'"):
        EnvSpec.of("CliffWalking-v1", map_name="4x4")
    with pytest.raises(ValueError, match="unknown algorithm 'ppo'"):
        lab.algorithm("ppo")
    with pytest.raises(ValueError, match="sarsa has no setting 'beta'"):
        lab.algorithm("sarsa", beta=1.0)
    with pytest.raises(ValueError, match="no setting 'beta' to sweep"):
        Experiment(
            EnvSpec.of("maze_3x3"), (lab.algorithm("sarsa"),), sweep=lab.Sweep.of(beta=[1.0])
        )


# --------------------------------------------------------------------------------- jobs


def test_a_tabular_job_is_the_trainer_run_with_the_derived_seeds() -> None:
    experiment = Experiment(
        EnvSpec.of("maze_5x5"),
        (lab.algorithm("sarsa", eta=0.2, schedule="constant"),),
        seeds=2,
        episodes=15,
        seed=3,
    )
    job = experiment.jobs()[1]
    result = run_job(job)
    agent_seed, env_seed = child_seeds(job.seed)
    env = gym.make("playground/Maze-v0", layout="maze_5x5")
    agent = SarsaAgent.for_env(env, seed=agent_seed, eta=0.2, epsilon=ConstantEpsilon(0.5))
    snapshots = list(Trainer(env, agent, seed=env_seed).run_episodes(15))
    assert result.ok and job.seed == replicate_seed(3, 1)
    assert result.lengths.tolist() == [s.length for s in snapshots]
    assert result.returns.tolist() == [s.episode_return for s in snapshots]


def test_a_cartpole_q_job_is_the_pages_run() -> None:
    experiment = Experiment(
        EnvSpec.of("CartPole-v0"), (lab.algorithm("cartpole_q", bins=4),), seeds=1, episodes=12
    )
    job = experiment.jobs()[0]
    result = run_job(job)
    run = CartPoleTabularSettings(env_id="CartPole-v0", bins=4, seed=job.seed).build()
    lengths = [s.length for s in run.train(12)]
    assert result.lengths.tolist() == lengths
    assert result.returns.tolist() == [float(n) for n in lengths]  # CartPole's own return


FAST_CASES = [
    ("CliffWalking-v1", {}, "sarsa", CLIFF, 30),
    ("CliffWalking-v1", {}, "q_learning", CLIFF, 30),
    ("CliffWalking-v1", {}, "q_learning", {"eta": 0.3, "q_init": "random"}, 20),
    # FrozenLake stops episodes at 100 steps: SARSA still picks a′ on a truncated step
    (
        "FrozenLake-v1",
        {"is_slippery": False},
        "sarsa",
        {"epsilon": 0.9, "schedule": "constant"},
        40,
    ),
    ("FrozenLake-v1", {"is_slippery": False}, "q_learning", {}, 40),
    (
        "FrozenLake-v1",
        {"map_name": "8x8", "is_slippery": False},
        "sarsa",
        {"epsilon": 0.3, "schedule": "linear"},
        30,
    ),
    # diverges: the job stops with the agent's own message
    ("CliffWalking-v1", {}, "sarsa", {"eta": 3.0, "gamma": 1.0, "schedule": "constant"}, 20),
    (
        "FrozenLake-v1",
        {"map_name": "random", "map_size": 5, "map_seed": 3, "is_slippery": False},
        "q_learning",
        {"epsilon": 0.3, "schedule": "constant"},
        30,
    ),
]


@pytest.mark.parametrize(("env", "env_kwargs", "name", "settings", "episodes"), FAST_CASES)
def test_the_fast_path_gives_the_general_paths_numbers_bit_for_bit(
    env: str, env_kwargs: dict, name: str, settings: dict, episodes: int
) -> None:
    experiment = Experiment(
        EnvSpec.of(env, **env_kwargs),
        (lab.algorithm(name, **settings),),
        seeds=3,
        episodes=episodes,
        seed=11,
    )
    for job in experiment.jobs():
        assert can_run_fast(job)
        fast, general = run_job(job), run_job(job, fast=False)
        assert fast.same_numbers(general), (job.replicate, fast.error, general.error)
        assert len(fast.returns) > 0 or fast.error


def test_the_fast_path_is_not_used_where_it_would_differ() -> None:
    for env in (EnvSpec.of("FrozenLake-v1"), EnvSpec.of("Taxi-v4"), EnvSpec.of("maze_3x3")):
        job = Experiment(env, (lab.algorithm("q_learning"),), seeds=1).jobs()[0]
        assert not can_run_fast(job)


def test_a_diverging_job_is_reported_with_its_seed_and_the_others_complete() -> None:
    experiment = Experiment(
        EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("q_learning", eta=3.0, gamma=1.0), lab.algorithm("q_learning", **CLIFF)),
        seeds=3,
        episodes=20,
    )
    with pytest.warns(lab.LabWarning, match="3 of 6 runs did not finish"):
        results = lab.run(experiment, SerialExecutor())
    errors = results.errors()
    assert [e["arm"] for e in errors] == [0, 0, 0]
    assert [e["seed"] for e in errors] == [replicate_seed(0, i) for i in range(3)]
    assert all(e["error"].startswith("DivergenceError: q_learning: Q(") for e in errors)
    assert all("lower η or γ" in e["error"] for e in errors)
    # The agent's code and values come along, for a page to say it in its language; the
    # fast path gives the general path's.
    assert [e["error_code"] for e in errors] == ["q_diverged"] * 3
    general = run_job(results.results[0].job, fast=False)
    assert errors[0]["error_params"] == general.error_params
    assert set(general.error_params) == {"algo", "state", "action", "value", "episode"}
    assert results.curves(1).shape == (3, 20) and results.curves(0).shape == (0, 20)
    assert [s["seeds"] for s in results.summary(partial=True)] == [0, 3]


# ---------------------------------------------------------------------------- executors


def mixed_sweep(seeds: int = 3) -> Experiment:
    """Fast-path and general-path jobs, a sweep, several batches."""
    return Experiment(
        EnvSpec.of("FrozenLake-v1", is_slippery=False),
        (
            lab.algorithm("q_learning", schedule="constant", epsilon=0.2),
            lab.algorithm("policy_gradient"),
        ),
        seeds=seeds,
        episodes=25,
        seed=42,
        sweep=lab.Sweep.of(eta=[0.1, 0.5]),
    )


@pytest.fixture(scope="module")
def serial_results() -> list[lab.JobResult]:
    return lab.run(mixed_sweep(), SerialExecutor()).results


@pytest.mark.parametrize("workers", [1, 2])
def test_the_local_pool_gives_the_serial_numbers(workers: int, serial_results) -> None:
    executor = LocalExecutor(workers)
    try:
        pooled = lab.run(mixed_sweep(), executor)
    finally:
        executor.close()
    assert pooled.executor == f"{workers} local process{'es' if workers > 1 else ''}"
    assert same(pooled.results, serial_results)


def test_job_order_and_batching_change_nothing(serial_results) -> None:
    jobs = mixed_sweep().jobs()[::-1]
    one_by_one = [run_job(j) for j in jobs]
    assert same(one_by_one, serial_results)
    assert sum(len(b) for b in plan_batches(jobs, 3)) == len(jobs)


def _torch_loaded() -> bool:
    return "torch" in sys.modules


def _pid() -> int:
    return os.getpid()


def test_pool_workers_do_not_import_torch_for_tabular_jobs() -> None:
    executor = LocalExecutor(1)
    try:
        lab.run(mixed_sweep(1), executor)
        pool = executor._get_pool()
        assert pool.submit(_torch_loaded).result() is False
        executor._release()
    finally:
        executor.close()


def test_an_idle_pool_shuts_down_and_its_worker_exits() -> None:
    executor = LocalExecutor(1, idle_seconds=0.2)
    pool = executor._get_pool()
    pid = pool.submit(_pid).result()
    executor._release()
    for _ in range(200):  # the idle timer fires after 0.2 s; allow a loaded machine 20 s
        if not executor.running:
            break
        time.sleep(0.1)
    assert not executor.running
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert same(
        lab.run(mixed_sweep(1), executor).results, lab.run(mixed_sweep(1), SerialExecutor()).results
    )
    executor.close()


@pytest.mark.parametrize("make", [SerialExecutor, lambda: LocalExecutor(1)])
def test_cancel_keeps_what_finished_and_drops_the_rest(make) -> None:
    executor = make()
    experiment = Experiment(
        EnvSpec.of("maze_3x3"), (lab.algorithm("q_learning"),), seeds=40, episodes=30
    )
    try:
        handle = executor.submit(experiment.jobs())
        kept = []
        for result in handle:
            kept.append(result)
            handle.cancel()
        assert handle.cancelled and 0 < len(kept) == handle.finished < handle.total == 40
        reference = {r.job.replicate: r for r in lab.run(experiment, SerialExecutor()).results}
        assert all(r.same_numbers(reference[r.job.replicate]) for r in kept)
        # the executor still works after a cancelled run
        again = executor.submit(experiment.jobs()[:2])
        assert len(list(again)) == 2
    finally:
        executor.close()


def test_an_address_that_does_not_answer_falls_back_to_the_local_pool(monkeypatch) -> None:
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    executor = make_executor("127.0.0.1:1", timeout=1.0)  # nothing listens on port 1
    notice = str(executor.notice)
    assert notice.startswith("the Ray cluster at 127.0.0.1:1 did not answer within 1 s")
    assert notice.endswith(f"running on {executor.describe()} instead")
    # The code and parameters a page translates it with.
    assert executor.notice.code == "lab_ray_no_answer"
    assert executor.notice.params == {
        "address": "127.0.0.1:1", "timeout": "1", "workers": executor.workers
    }  # fmt: skip
    monkeypatch.setenv("RAY_ADDRESS", "not an address")
    assert "did not answer" in str(make_executor(timeout=0.5).notice)
    monkeypatch.delenv("RAY_ADDRESS")
    assert make_executor().notice is None


# ------------------------------------------------------------------------------ results


def test_tidy_table_and_csv() -> None:
    experiment = Experiment(
        EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("sarsa", **CLIFF),),
        seeds=2,
        episodes=3,
        sweep=lab.Sweep.of(eta=[0.5, 0.9]),
    )
    results = lab.run(experiment, SerialExecutor())
    frame = results.frame()
    assert list(frame.columns) == [
        "algorithm", "label", "arm", "eta", "settings", "replicate", "seed", "episode", "return", "length",
    ]  # fmt: skip
    assert len(frame) == 2 * 2 * 3
    first = frame.iloc[0]
    assert (
        first["algorithm"],
        first["arm"],
        first["eta"],
        first["replicate"],
        first["episode"],
    ) == ("sarsa", 0, 0.5, 0, 1)
    assert json.loads(first["settings"])["eta"] == 0.5
    assert frame["return"].tolist()[:3] == results.results[0].returns.tolist()
    csv = results.to_csv()
    assert (
        csv.splitlines()[0]
        == "algorithm,label,arm,eta,settings,replicate,seed,episode,return,length"
    )
    assert len(csv.splitlines()) == 13


def test_sweep_points_mark_the_best_value() -> None:
    experiment = Experiment(
        EnvSpec.of("CliffWalking-v1"),
        (lab.algorithm("q_learning", **CLIFF),),
        seeds=3,
        episodes=40,
        sweep=lab.Sweep.of(eta=[0.02, 0.5]),
    )
    results = lab.run(experiment, SerialExecutor())
    points = results.sweep_points("first", 40)
    assert [p["eta"] for p in points] == [0.02, 0.5]
    assert (
        points[0]["algorithm"]
        == "q_learning (epsilon=0.1, gamma=1.0, q_init=zeros, schedule=constant)"
    )
    means = [results.curves(i).mean() for i in (0, 1)]
    assert [p["value"] for p in points] == pytest.approx(means)
    assert [p["best"] for p in points] == [means[0] > means[1], means[1] >= means[0]]
    assert all(p["low"] <= p["value"] <= p["high"] for p in points)


def test_compare_in_a_few_lines() -> None:
    results = lab.compare(
        "FrozenLake-v1",
        [
            lab.algorithm("sarsa", schedule="constant", epsilon=0.1),
            lab.algorithm("q_learning", schedule="constant", epsilon=0.1),
        ],
        seeds=4,
        episodes=50,
        executor=SerialExecutor(),
        env_kwargs={"is_slippery": False},
    )
    summary = results.summary(last=10, threshold=1.0)
    assert [row["seeds"] for row in summary] == [4, 4]
    p = results.probability_of_improvement(0, 1, last=10)
    assert p + results.probability_of_improvement(1, 0, last=10) == pytest.approx(1.0)


# ------------------------------------------------------------------------- deep jobs


def test_dqn_and_reinforce_jobs_are_their_trainers_runs() -> None:
    pytest.importorskip("torch")
    from playground.agents.deep_common import EvalRecord
    from playground.agents.dqn import DQNTrainer
    from playground.agents.dqn import fast_preset as dqn_fast
    from playground.agents.reinforce import ReinforceTrainer
    from playground.agents.reinforce import fast_preset as reinforce_fast

    experiment = Experiment(
        EnvSpec.of("CartPole-v1"),
        (
            lab.algorithm("dqn", learning_starts=256),
            lab.algorithm("reinforce", eval_every=2, eval_episodes=2),
        ),
        seeds=1,
        episodes=4,
        seed=9,
    )
    dqn_job, reinforce_job = experiment.jobs()
    dqn, reinforce = run_job(dqn_job), run_job(reinforce_job)

    config = dataclasses.replace(dqn_fast(seed=dqn_job.seed), learning_starts=256)
    expected = []
    for record in DQNTrainer(config).run():
        if not isinstance(record, EvalRecord):
            expected.append(record)
        if len(expected) == 4:
            break
    assert dqn.ok and dqn.lengths.tolist() == [r.length for r in expected]
    assert dqn.returns.tolist() == [r.episode_return for r in expected]

    config = dataclasses.replace(
        reinforce_fast(seed=reinforce_job.seed), eval_every=2, eval_episodes=2
    )
    records = list(ReinforceTrainer(config).run(4))
    episodes = [r for r in records if not isinstance(r, EvalRecord)]
    evals = [(r.episode, r.mean_return) for r in records if isinstance(r, EvalRecord)]
    assert reinforce.ok and reinforce.lengths.tolist() == [r.length for r in episodes]
    assert reinforce.returns.tolist() == [r.episode_return for r in episodes]
    assert reinforce.evals == tuple(evals) and len(evals) == 2


def test_importing_the_lab_loads_neither_ray_nor_torch() -> None:
    code = (
        "import sys, json; from playground import lab; import playground.lab.executors; "
        "print(json.dumps(['ray' in sys.modules, 'torch' in sys.modules, 'streamlit' in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == [False, False, False]


def test_a_run_nobody_reads_still_lets_the_pool_idle_out() -> None:
    executor = LocalExecutor(1, idle_seconds=0.2)
    executor.submit(mixed_sweep(1).jobs()[:2])  # never iterated
    for _ in range(600):  # the jobs finish, then the 0.2 s idle timer; a loaded machine: 60 s
        if not executor.running:
            break
        time.sleep(0.1)
    assert not executor.running


def test_an_experiment_survives_a_round_trip_through_json() -> None:
    experiment = Experiment(
        EnvSpec.of("FrozenLake-v1", map_name="8x8", is_slippery=False),
        (lab.algorithm("sarsa", eta=0.3, label="mine"), lab.algorithm("q_learning")),
        seeds=7,
        episodes=40,
        seed=123,
        sweep=lab.Sweep.of(gamma=[0.9, 0.99]),
    )
    text = json.dumps(experiment.to_dict())
    again = Experiment.from_dict(json.loads(text))
    assert again == experiment and again.jobs() == experiment.jobs()
    cartpole = Experiment(
        EnvSpec.of("CartPole-v1"), (lab.algorithm("cartpole_q", bins=(3, 3, 6, 6)),), seeds=1
    )
    assert Experiment.from_dict(json.loads(json.dumps(cartpole.to_dict()))) == cartpole
    with pytest.raises(ValueError, match="not an experiment description"):
        Experiment.from_dict({"env": "maze_3x3"})
    with pytest.raises(ValueError, match=r"seeds must be in \[1, 100\]"):
        Experiment.from_dict({**experiment.to_dict(), "seeds": 1000})


def test_warm_up_starts_every_worker_before_a_run() -> None:
    executor = LocalExecutor(2, idle_seconds=60)
    try:
        executor.warm_up()
        assert executor.running and len(executor._pool._processes) == 2
    finally:
        executor.close()
    assert not executor.running
