"""REINFORCE: advantages and loss by hand, smoke runs of every option, determinism,
resumability, NaN guard, playback, weights round trip and bad uploads."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from playground.agents.deep_common import EvalRecord, TrainingDiverged, WeightsError  # noqa: E402
from playground.agents.reinforce import (  # noqa: E402
    ReinforceConfig,
    ReinforceEpisodeRecord,
    ReinforceTrainer,
    advantages,
    fast_preset,
    notes_preset,
    reinforce_loss,
    softmax_np,
)


def small(config: ReinforceConfig, **changes) -> ReinforceConfig:
    base = dict(hidden_size=16, eval_every=5, eval_episodes=2)
    base.update(changes)
    return dataclasses.replace(config, **base)


def strip_times(records):
    out = []
    for r in records:
        extra = {"eval_seconds": 0.0} if isinstance(r, EvalRecord) else {}
        out.append(dataclasses.replace(r, train_seconds=0.0, **extra))
    return out


def test_advantages_by_hand():
    g = [3.0, 2.0, 1.0]
    np.testing.assert_allclose(advantages(g, None, False), [3.0, 2.0, 1.0])
    np.testing.assert_allclose(advantages(g, 1.5, False), [1.5, 0.5, -0.5])
    s = math.sqrt(2 / 3)
    np.testing.assert_allclose(advantages(g, None, True), [1 / s, 0.0, -1 / s], rtol=1e-6)
    # normalising re-centres, so a constant baseline then changes nothing
    np.testing.assert_allclose(advantages(g, 10.0, True), advantages(g, None, True))


def test_reinforce_loss_by_hand():
    log_p = torch.log(torch.tensor([0.5, 0.25]))
    weights = torch.tensor([1.0, -2.0])
    entropies = torch.tensor([0.6, 0.4])
    # −(ln .5 · 1 + ln .25 · (−2)) = −(−0.6931 + 2.7726) = −2.0794
    expected = -(math.log(0.5) * 1.0 + math.log(0.25) * -2.0)
    assert reinforce_loss(log_p, weights, entropies, 0.0).item() == pytest.approx(
        expected, rel=1e-6
    )
    # entropy bonus subtracts c · Σ H = 0.1 · 1.0
    assert reinforce_loss(log_p, weights, entropies, 0.1).item() == pytest.approx(
        expected - 0.1, rel=1e-6
    )


def test_loss_gradient_is_policy_gradient():
    # One state, logits z, action 1 taken, weight A: ∂L/∂z = −A (onehot(1) − π).
    z = torch.tensor([[0.3, -0.2]], requires_grad=True)
    log_pi = torch.log_softmax(z, dim=1)
    loss = reinforce_loss(log_pi[:, 1], torch.tensor([2.0]), torch.zeros(1), 0.0)
    loss.backward()
    pi = softmax_np(np.array([0.3, -0.2]))
    np.testing.assert_allclose(z.grad.numpy()[0], -2.0 * (np.array([0.0, 1.0]) - pi), rtol=1e-5)


def test_config_validation_and_presets():
    with pytest.raises(ValueError, match="hidden_size"):
        ReinforceConfig(hidden_size=0)
    with pytest.raises(ValueError, match="gamma"):
        ReinforceConfig(gamma=1.5)
    assert notes_preset().hidden_size == 128 and notes_preset().normalise_returns
    assert ReinforceConfig().to_dict()["env_id"] == "CartPole-v1"


@pytest.mark.parametrize(
    "changes",
    [
        dict(),
        dict(baseline=True, normalise_returns=False),
        dict(baseline=True, normalise_returns=True, entropy_coef=0.01),
        dict(normalise_returns=False, entropy_coef=0.05, env_id="CartPole-v0"),
    ],
    ids=["plain", "baseline", "baseline-norm-entropy", "raw-entropy-v0"],
)
def test_smoke_run_every_option(changes):
    trainer = ReinforceTrainer(small(fast_preset(seed=2), **changes))
    initial = trainer.policy_net.net[0].weight.clone()
    records = list(trainer.run(max_episodes=10))
    episodes = [r for r in records if isinstance(r, ReinforceEpisodeRecord)]
    evals = [r for r in records if isinstance(r, EvalRecord)]
    assert [e.episode for e in episodes] == list(range(1, 11))
    assert [e.episode for e in evals] == [5, 10]
    assert trainer.total_steps == sum(e.length for e in episodes) == episodes[-1].total_steps
    assert all(e.episode_return == e.length for e in episodes)
    assert all(math.isfinite(e.loss) and 0.0 < e.entropy <= math.log(2) + 1e-6 for e in episodes)
    if trainer.config.baseline:
        assert episodes[0].baseline == 0.0 and episodes[1].baseline > 0.0
    else:
        assert all(e.baseline == 0.0 for e in episodes)
    assert not torch.equal(initial, trainer.policy_net.net[0].weight)


def test_same_seed_identical_records():
    cfg = small(fast_preset(seed=4))
    a = strip_times(ReinforceTrainer(cfg).run(12))
    b = strip_times(ReinforceTrainer(cfg).run(12))
    assert a == b
    c = strip_times(ReinforceTrainer(dataclasses.replace(cfg, seed=5)).run(12))
    assert a != c


def test_resuming_in_chunks_matches_one_run():
    cfg = small(fast_preset(seed=6))
    whole = strip_times(ReinforceTrainer(cfg).run(12))
    trainer = ReinforceTrainer(cfg)
    pieces = []
    while trainer.episodes < 12 or trainer._eval_due:
        gen = trainer.run(12)
        pieces.append(next(gen))  # abandon each generator after one record
        gen.close()
    assert strip_times(pieces) == whole
    chunked = ReinforceTrainer(cfg)
    records = [*chunked.run(5), *chunked.run(7), *chunked.run(12)]
    assert strip_times(records) == whole


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_nan_guard_restores_last_good_network():
    trainer = ReinforceTrainer(small(fast_preset(seed=0), learning_rate=1e38, eval_every=0))
    with pytest.raises(TrainingDiverged, match="NaN or infinite|loss became"):
        list(trainer.run(max_episodes=50))
    assert trainer.policy_net.all_finite()
    assert trainer.diverged_message
    with pytest.raises(TrainingDiverged):
        next(trainer.run())


def test_playback_shows_action_probabilities():
    trainer = ReinforceTrainer(small(fast_preset(seed=1)))
    pb = trainer.play_greedy(seed=3, max_frames=3)
    assert pb.score_kind == "pi"
    np.testing.assert_allclose(pb.action_scores.sum(axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(pb.actions, pb.action_scores[:-1].argmax(axis=1))
    assert len(pb.frames) == min(3, pb.length + 1) and pb.frame_steps == list(range(len(pb.frames)))


def test_weights_round_trip_and_bad_upload():
    a = ReinforceTrainer(small(fast_preset(seed=0)))
    list(a.run(3))
    b = ReinforceTrainer(small(fast_preset(seed=1)))
    b.load_weights(a.weights_bytes())
    obs = np.random.default_rng(0).normal(size=(4, 4)).astype(np.float32)
    np.testing.assert_array_equal(a.action_probabilities(obs), b.action_probabilities(obs))
    wrong = ReinforceTrainer(small(fast_preset(seed=0), hidden_size=8)).weights_bytes()
    with pytest.raises(WeightsError, match="shape"):
        b.load_weights(wrong)
    with pytest.raises(WeightsError, match="empty"):
        b.load_weights(b"")


def test_a_deflate_bomb_is_refused_by_reinforce_too():
    """The same loader as DQN's: 256 MiB of deflated zeros in a 0.27 MB file is refused
    from the archive's declared sizes (the DQN tests measure that nothing is inflated)."""
    from tests.weights_bomb import bomb

    trainer = ReinforceTrainer(small(fast_preset(seed=0)))
    before = trainer.weights_bytes()
    with pytest.raises(WeightsError) as refused:
        trainer.load_weights(bomb(256))
    assert refused.value.reason == "unpacks_too_big"
    assert trainer.weights_bytes() == before
