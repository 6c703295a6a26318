"""The batched DQN: each seed is the single trainer's run, bit for bit, whatever its batch."""

from __future__ import annotations

import dataclasses

import pytest

pytest.importorskip("torch")

from playground import lab  # noqa: E402
from playground.agents.deep_common import EvalRecord, TrainingDiverged  # noqa: E402
from playground.agents.dqn import DQNTrainer, fast_preset  # noqa: E402
from playground.agents.dqn_batched import BatchedDQN  # noqa: E402
from playground.lab.executors import LocalExecutor, SerialExecutor, plan_batches  # noqa: E402
from playground.lab.jobs import DQN_BATCH_SEEDS, run_batch, run_job  # noqa: E402

# Small and quick, but past learning_starts, with several evaluations and target updates.
# The mechanics tested here do not depend on the network's width: 4-64-64-2 costs a third
# of the preset's 4-128-128-2 per step.
QUICK = {
    "hidden_sizes": (64, 64),
    "learning_starts": 256,
    "batch_size": 64,
    "eval_every": 300,
    "eval_episodes": 3,
}
# The other branch of every option: hard target, plain DQN, square loss, the notes'
# reward, a clip that bites (norm 0.5), one gradient step per env step, two per round.
OTHER = {
    **QUICK,
    "target_mode": "hard",
    "target_update_interval": 200,
    "double_dqn": False,
    "loss": "mse",
    "reward_shaping": "notes",
    "max_grad_norm": 0.5,
    "train_freq": 1,
    "gradient_steps": 2,
    "epsilon_schedule": "inverse_episode",
    "epsilon_start": 0.5,
}


def single(config, episodes: int, stop_when_solved: bool = False):
    """The single trainer's run as the Lab records it: returns, lengths, evals, solved."""
    returns, lengths, evals, solved = [], [], [], None
    for record in DQNTrainer(config).run():
        if isinstance(record, EvalRecord):
            evals.append((record.episode, record.mean_return))
            if record.solved and solved is None:
                solved = record.episode
                if stop_when_solved:
                    break
            continue
        returns.append(float(record.episode_return))
        lengths.append(int(record.length))
        if len(returns) >= episodes:
            break
    return returns, lengths, evals, solved


def batched(configs, episodes: int, stop_when_solved: bool = False):
    return [
        (r.returns, r.lengths, r.evals, r.solved_episode)
        for r in BatchedDQN(configs, episodes, stop_when_solved).run()
    ]


@pytest.mark.parametrize("settings", [QUICK, OTHER], ids=["fast_preset", "other_options"])
def test_one_seed_batched_is_the_single_trainer_bit_for_bit(settings) -> None:
    config = dataclasses.replace(fast_preset(seed=11), **settings)
    expected = single(config, 40)
    assert len(expected[2]) >= 2  # evaluations happened, and learning (256 steps) too
    assert sum(expected[1]) > 600  # well past learning_starts
    assert batched([config], 40) == [expected]


def test_each_seed_of_a_batch_is_its_own_single_run() -> None:
    configs = [dataclasses.replace(fast_preset(seed=s), **QUICK) for s in (3, 4, 5)]
    got = batched(configs, 25)
    for config, mine in zip(configs, got, strict=True):
        assert mine == single(config, 25)
    assert got[0] != got[1]  # different seeds, different runs


def test_a_seeds_curve_does_not_depend_on_the_other_seeds() -> None:
    base = dataclasses.replace(fast_preset(seed=21), **QUICK)
    alone = batched([base], 30)[0]
    for others in ([22, 23], [99], [23, 22, 1, 2]):
        batch = [base] + [dataclasses.replace(base, seed=s) for s in others]
        assert batched(batch, 30)[0] == alone
        assert batched(batch[::-1], 30)[-1] == alone


def test_a_seed_leaving_the_batch_changes_nothing_for_the_rest() -> None:
    """A seed that is done (solved, its budget spent, diverged) leaves the stacked tensors
    and the optimiser state; the others go on exactly as before."""
    configs = [dataclasses.replace(fast_preset(seed=s), **QUICK) for s in (31, 32, 33)]
    trainer = BatchedDQN(configs, 25)
    while trainer.alive:
        if trainer.total_steps == 400:  # mid-learning (from step 256): Adam has state
            trainer._finish(1)
        trainer._tick()
    assert trainer.gradient_steps > (400 - 256) // 4 + 10  # learning went on after it left
    assert 0 < len(trainer.runs[1].returns) < 25  # it stopped early
    for k in (0, 2):
        run = trainer.runs[k]
        assert (run.returns, run.lengths, run.evals) == single(configs[k], 25)[:3]


def test_each_seeds_gradient_clip_is_clip_grad_norm_bit_for_bit() -> None:
    """Ten seeds' gradients, large enough that every clip bites: each seed's clipped
    gradient equals ``clip_grad_norm_`` on its own parameters, to the last bit. (A norm
    reduced over the stacked gradients along the seed's row missed this in about one seed
    in ten, and a long run then parted from its single run.)"""
    import torch

    trainer = BatchedDQN([fast_preset(seed=s) for s in range(10)], 1)
    generator = torch.Generator().manual_seed(7)
    for _ in range(20):
        grads = [40 * torch.randn(p.shape, generator=generator) for p in trainer.params]
        for p, g in zip(trainer.params, grads, strict=True):
            p.grad = g.clone()
        trainer._clip_gradients(10.0)
        for k in range(10):
            alone = [torch.nn.Parameter(torch.zeros(g.shape[1:])) for g in grads]
            for p, g in zip(alone, grads, strict=True):
                p.grad = g[k].clone()
            torch.nn.utils.clip_grad_norm_(alone, 10.0, foreach=True)
            for p, mine in zip(alone, trainer.params, strict=True):
                assert torch.equal(mine.grad[k], p.grad)


def test_each_seeds_adam_step_is_the_single_trainers_bit_for_bit() -> None:
    """Five seeds' Adam steps on random gradients: each seed's weights and moments equal a
    fused ``torch.optim.Adam`` on that seed's own tensors (the single trainer's), to the
    last bit. (One fused step on the stacked tensors missed this for about one element
    in three: the kernel's vector loop and scalar tail split a stacked tensor elsewhere;
    seed 0 of a Lab batch then parted from its single run at gradient step 6.)"""
    import torch

    trainer = BatchedDQN([fast_preset(seed=s) for s in range(5)], 1)
    alone = [[p.detach()[k].clone().requires_grad_() for p in trainer.params] for k in range(5)]
    adams = [torch.optim.Adam(ps, lr=trainer.config.learning_rate, fused=True) for ps in alone]
    generator = torch.Generator().manual_seed(3)
    for _ in range(10):
        grads = [torch.randn(p.shape, generator=generator) for p in trainer.params]
        for p, g in zip(trainer.params, grads, strict=True):
            p.grad = g.clone()
        trainer._adam_step()
        for k in range(5):
            for p, g in zip(alone[k], grads, strict=True):
                p.grad = g[k].clone()
            adams[k].step()
    for k in range(5):
        for mine, p in zip(trainer.params, alone[k], strict=True):
            assert torch.equal(mine.detach()[k], p.detach())
            for moment in ("exp_avg", "exp_avg_sq"):
                assert torch.equal(
                    trainer.optimizer.state[mine][moment][k], adams[k].state[p][moment]
                )


def test_solved_seeds_stop_at_their_first_solved_evaluation() -> None:
    # A small network with a faster target solves CartPole-v0 in a few thousand steps:
    # seed 6 at its 3rd evaluation (1,352 steps), seed 3 at its 4th (1,965), so the batch's
    # first seed leaves it while the other goes on. (Seed 0 takes 8,473 steps.)
    config = dataclasses.replace(
        fast_preset(seed=6),
        env_id="CartPole-v0",
        eval_every=500,
        eval_episodes=5,
        hidden_sizes=(64, 64),
        tau=0.05,
    )
    configs = [config, dataclasses.replace(config, seed=3)]
    got = batched(configs, 400, stop_when_solved=True)
    for c, mine in zip(configs, got, strict=True):
        assert mine == single(c, 400, stop_when_solved=True)
        assert mine[3] is not None and mine[2][-1] == (mine[3], mine[2][-1][1])
        assert mine[2][-1][1] >= 195


def test_divergence_is_reported_like_the_single_trainer() -> None:
    config = dataclasses.replace(
        fast_preset(seed=5), **QUICK, learning_rate=50.0, loss="mse", max_grad_norm=None
    )
    with pytest.raises(TrainingDiverged) as caught:
        single(config, 200)
    [run] = BatchedDQN([config], 200).run()
    assert run.error == f"TrainingDiverged: {caught.value}"
    assert (run.error_code, run.error_params) == (caught.value.code, caught.value.params)
    assert run.done and len(run.returns) < 200


def test_a_batch_needs_one_configuration() -> None:
    a = fast_preset(seed=1)
    with pytest.raises(ValueError, match="every setting but the seed"):
        BatchedDQN([a, dataclasses.replace(a, seed=2, learning_rate=1e-3)], 5)
    with pytest.raises(ValueError, match="at least one"):
        BatchedDQN([], 5)


# ---------------------------------------------------------------------------- in the Lab


def dqn_experiment(seeds: int = 7) -> lab.Experiment:
    return lab.Experiment(
        lab.EnvSpec.of("CartPole-v1"),
        (lab.algorithm("dqn", **QUICK), lab.algorithm("dqn", **QUICK, learning_rate=1e-3)),
        seeds=seeds,
        episodes=12,
        seed=4,
    )


def test_dqn_batches_are_fixed_by_the_experiment_not_the_workers() -> None:
    jobs = dqn_experiment().jobs()
    for workers in (1, 2, 16):
        batches = plan_batches(jobs, workers)
        assert [[(j.arm, j.replicate) for j in b] for b in batches] == [
            [(arm, r) for r in range(lo, min(lo + DQN_BATCH_SEEDS, 7))]
            for arm in (0, 1)
            for lo in range(0, 7, DQN_BATCH_SEEDS)
        ]


def test_dqn_jobs_give_the_same_numbers_on_every_executor_and_alone() -> None:
    experiment = dqn_experiment()
    serial = lab.run(experiment, SerialExecutor()).results
    for workers in (1, 2):
        executor = LocalExecutor(workers, idle_seconds=5)
        try:
            pooled = lab.run(experiment, executor).results
        finally:
            executor.close()
        assert len(pooled) == len(serial) == 14
        assert all(a.same_numbers(b) for a, b in zip(serial, pooled, strict=True))
    jobs = experiment.jobs()
    for job, result in zip(jobs[:3], serial[:3], strict=True):
        assert run_job(job).same_numbers(result)  # the single trainer, one job alone
    assert [r.same_numbers(s) for r, s in zip(run_batch(jobs[5:9]), serial[5:9], strict=True)] == [
        True
    ] * 4  # a batch across arms splits by arm
