"""DQN: TD targets by hand, ε schedule, smoke runs of every branch, determinism,
resumability, NaN guard, weights round trip and every bad-upload case."""

from __future__ import annotations

import dataclasses
import io
import math
import subprocess
import sys
import zipfile

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from playground.agents.deep_common import (  # noqa: E402
    MAX_PLAYBACK_FRAMES,
    MAX_WEIGHTS_BYTES,
    WEIGHTS_RECORD_ALLOWANCE,
    EvalRecord,
    TrainingDiverged,
    WeightsError,
)
from playground.agents.dqn import (  # noqa: E402
    Q_DIVERGENCE_LIMIT,
    DQNConfig,
    DQNEpisodeRecord,
    DQNTrainer,
    dqn_targets,
    epsilon_at,
    fast_preset,
    notes_preset,
    stored_reward,
    stored_reward_range,
    td_loss,
)
from playground.concepts import huber_loss, square_loss  # noqa: E402
from playground.sessions.deep import q_beyond_bound  # noqa: E402


def small(config: DQNConfig, **changes) -> DQNConfig:
    """A config cheap enough for a smoke run of a few hundred steps."""
    base = dict(
        hidden_sizes=(16, 16),
        batch_size=16,
        learning_starts=50,
        replay_capacity=500,
        eval_every=100,
        eval_episodes=2,
        epsilon_decay_steps=200,
    )
    base.update(changes)
    return dataclasses.replace(config, **base)


# --------------------------------------------------------------------------- targets


REWARDS = torch.tensor([1.0, 1.0, -1.0, 0.5])
TERMINATED = torch.tensor([False, True, False, True])
NEXT_Q_ONLINE = torch.tensor([[1.0, 3.0], [5.0, 2.0], [4.0, 0.0], [0.0, 7.0]])
NEXT_Q_TARGET = torch.tensor([[2.0, 1.0], [9.0, 9.0], [0.5, 6.0], [3.0, 3.0]])


def test_dqn_targets_plain_by_hand():
    y = dqn_targets(REWARDS, None, NEXT_Q_TARGET, TERMINATED, gamma=0.5, double=False)
    # row 0: 1 + .5·max(2, 1) = 2; row 1 terminal: 1; row 2: −1 + .5·6 = 2; row 3 terminal: .5
    torch.testing.assert_close(y, torch.tensor([2.0, 1.0, 2.0, 0.5]))


def test_dqn_targets_double_by_hand():
    y = dqn_targets(REWARDS, NEXT_Q_ONLINE, NEXT_Q_TARGET, TERMINATED, gamma=0.5, double=True)
    # online argmax: row 0 → 1 (Q⁻ = 1), row 2 → 0 (Q⁻ = 0.5): 1 + .5 = 1.5, −1 + .25 = −0.75
    torch.testing.assert_close(y, torch.tensor([1.5, 1.0, -0.75, 0.5]))


def test_dqn_targets_without_target_network_use_online_values():
    y = dqn_targets(REWARDS, NEXT_Q_ONLINE, NEXT_Q_ONLINE, TERMINATED, gamma=1.0, double=False)
    torch.testing.assert_close(y, torch.tensor([4.0, 1.0, 3.0, 0.5]))
    with pytest.raises(ValueError):
        dqn_targets(REWARDS, None, NEXT_Q_TARGET, TERMINATED, 0.9, double=True)


def test_td_loss_matches_concepts():
    deltas = np.array([-3.0, -0.5, 0.0, 0.25, 2.0], dtype=np.float32)
    q = torch.from_numpy(deltas)
    zeros = torch.zeros_like(q)
    assert td_loss(q, zeros, "huber").item() == pytest.approx(huber_loss(deltas).mean())
    assert td_loss(q, zeros, "mse").item() == pytest.approx(square_loss(deltas).mean())


def test_epsilon_schedules():
    cfg = DQNConfig(epsilon_start=1.0, epsilon_end=0.1, epsilon_decay_steps=100)
    assert epsilon_at(cfg, 0, 0) == 1.0
    assert epsilon_at(cfg, 50, 3) == pytest.approx(0.55)
    assert epsilon_at(cfg, 100, 3) == pytest.approx(0.1)
    assert epsilon_at(cfg, 10_000, 3) == pytest.approx(0.1)
    notes = notes_preset()
    assert epsilon_at(notes, 123, 0) == 0.5
    assert epsilon_at(notes, 123, 4) == pytest.approx(0.1)


def test_notes_reward_shaping():
    assert stored_reward(1.0, False, False, "none") == 1.0
    assert stored_reward(1.0, True, False, "notes") == -1.0
    assert stored_reward(1.0, False, True, "notes") == 1.0
    assert stored_reward(1.0, False, False, "notes") == 0.0


def test_stored_reward_range_covers_every_shaped_reward():
    assert stored_reward_range("none") == (1.0, 1.0)
    assert stored_reward_range("notes") == (-1.0, 1.0)
    for shaping in ("none", "notes"):
        low, high = stored_reward_range(shaping)
        for terminated, truncated in ((False, False), (True, False), (False, True)):
            assert low <= stored_reward(1.0, terminated, truncated, shaping) <= high


def test_overestimation_without_a_target_network_is_flagged():
    """Learning rate 0.01, no target network, no clipping: within 300 env steps the episode
    mean of max Q passes 150 (CartPole's returns at γ 0.99 stay within [0, 100], plus the
    margin), while every value is still far below Q_DIVERGENCE_LIMIT."""
    cfg = DQNConfig(
        env_id="CartPole-v0",
        hidden_sizes=(32, 32),
        learning_rate=0.01,
        batch_size=32,
        learning_starts=64,
        target_mode="none",
        max_grad_norm=None,
        eval_every=0,
        seed=3,
    )
    trainer = DQNTrainer(cfg)
    records = [r for r in trainer.run(max_steps=300) if isinstance(r, DQNEpisodeRecord)]
    assert trainer.diverged_message is None
    curve = [r.mean_max_q for r in records]
    flag = q_beyond_bound(
        curve,
        [r.total_steps for r in records],
        reward_range=stored_reward_range(cfg.reward_shaping),
        gamma=cfg.gamma,
    )
    assert flag is not None and flag.value == max(curve) > 150
    assert flag.high == pytest.approx(100.0)


def test_config_validation():
    with pytest.raises(ValueError, match="learning_starts"):
        DQNConfig(batch_size=64, learning_starts=10)
    with pytest.raises(ValueError, match="env_id"):
        DQNConfig(env_id="MountainCar-v0")
    with pytest.raises(ValueError, match="hidden"):
        DQNConfig(hidden_sizes=(0,))
    assert notes_preset().target_mode == "none" and notes_preset().loss == "huber"
    assert notes_preset().hidden_sizes == (128, 128)
    assert fast_preset().target_mode != "none"
    assert DQNConfig().to_dict()["hidden_sizes"] == [128, 128]


# --------------------------------------------------------------------------- training


@pytest.mark.parametrize(
    "changes",
    [
        dict(target_mode="none"),
        dict(target_mode="hard", target_update_interval=50),
        dict(target_mode="soft", double_dqn=True),
        dict(target_mode="hard", target_update_interval=50, double_dqn=True, loss="mse"),
        dict(target_mode="soft", loss="mse", max_grad_norm=None, train_freq=4, gradient_steps=2),
        dict(env_id="CartPole-v0"),
    ],
    ids=["none", "hard", "soft-double", "hard-double-mse", "soft-mse-noclip", "v0"],
)
def test_smoke_run_every_branch(changes):
    trainer = DQNTrainer(small(fast_preset(seed=1), **changes))
    initial = {k: v.clone() for k, v in trainer.q_net.state_dict().items()}
    records = list(trainer.run(max_steps=300))
    episodes = [r for r in records if isinstance(r, DQNEpisodeRecord)]
    evals = [r for r in records if isinstance(r, EvalRecord)]
    assert trainer.total_steps == 300
    assert [e.total_steps for e in evals] == [100, 200, 300]
    assert all(len(e.returns) == 2 and e.mean_return >= 8 for e in evals)
    assert episodes and sum(e.length for e in episodes) <= 300
    assert [e.episode for e in episodes] == list(range(1, len(episodes) + 1))
    assert episodes[-1].replay_size == min(episodes[-1].total_steps, 500)
    learned = [e for e in episodes if e.total_steps > 60]
    assert all(math.isfinite(e.mean_loss) for e in learned)
    assert trainer.gradient_step_count > 0
    changed = any(not torch.equal(v, trainer.q_net.state_dict()[k]) for k, v in initial.items())
    assert changed
    if trainer.target_net is not None and changes.get("target_mode") == "soft":
        # Polyak-averaged target differs from both the start and the online net.
        assert not torch.equal(trainer.target_net.net[0].weight, trainer.q_net.net[0].weight)


def test_notes_preset_smoke_run():
    trainer = DQNTrainer(dataclasses.replace(notes_preset(seed=0), eval_every=0))
    records = list(trainer.run(max_steps=200))
    assert all(isinstance(r, DQNEpisodeRecord) for r in records)
    # ε = 0.5 / (1 + episode) at each episode's last step (episode counted from 0).
    for r in records:
        assert r.epsilon == pytest.approx(0.5 / r.episode)
    assert trainer.gradient_step_count == 200 - 32 + 1


def record_values(records):
    return [
        dataclasses.replace(
            r, train_seconds=0.0, **({"eval_seconds": 0.0} if isinstance(r, EvalRecord) else {})
        )
        for r in records
    ]


def test_same_seed_identical_records_and_weights():
    cfg = small(fast_preset(seed=3), double_dqn=True)
    a, b = DQNTrainer(cfg), DQNTrainer(cfg)
    ra, rb = record_values(a.run(400)), record_values(b.run(400))
    assert ra == rb
    assert a.weights_bytes() == b.weights_bytes()
    c = DQNTrainer(dataclasses.replace(cfg, seed=4))
    assert record_values(c.run(400)) != ra


def test_resuming_in_chunks_matches_one_run():
    cfg = small(fast_preset(seed=5))
    whole = record_values(DQNTrainer(cfg).run(400))
    trainer = DQNTrainer(cfg)
    chunks = []
    for limit in (37, 100, 150, 151, 400):  # stops mid-episode and at an evaluation
        chunks += trainer.run(limit)
    # also abandon a generator after its first record, then resume
    trainer2 = DQNTrainer(cfg)
    pieces = []
    while trainer2.total_steps < 400 or trainer2._eval_due:
        gen = trainer2.run(400)
        pieces.append(next(gen))
        gen.close()
    assert record_values(chunks) == whole
    assert record_values(pieces) == whole


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_nan_guard_restores_last_good_network():
    cfg = small(fast_preset(seed=0), learning_rate=1e30, max_grad_norm=None, eval_every=0)
    trainer = DQNTrainer(cfg)
    seen = []
    with pytest.raises(TrainingDiverged, match="TD loss became|Q-value reached"):
        for record in trainer.run(max_steps=2_000):
            seen.append(record)
    assert trainer.diverged_message
    assert trainer.q_net.all_finite()
    snapshot = trainer._snapshot.q_net
    assert all(torch.equal(v, trainer.q_net.state_dict()[k]) for k, v in snapshot.items())
    with pytest.raises(TrainingDiverged):
        next(trainer.run(max_steps=3_000))
    # the restored network still acts and can be saved
    assert trainer.play_greedy(seed=0, render=False).length >= 1
    assert trainer.weights_bytes()


def test_finite_but_runaway_q_values_count_as_divergence():
    """lr 1 (the page's maximum), square loss, no clipping, γ = 1, no target network: the
    loss stays finite (it climbs past 1e25), so only the |Q| bound can stop the run. The
    bound sits at 2,000 times CartPole-v1's largest return (500), and Q overshoots it
    within about a hundred env steps."""
    cfg = small(
        fast_preset(seed=0),
        learning_rate=1.0,
        loss="mse",
        max_grad_norm=None,
        gamma=1.0,
        target_mode="none",
        double_dqn=False,
        learning_starts=16,
        train_freq=1,
        gradient_steps=1,
        eval_every=0,
    )
    trainer = DQNTrainer(cfg)
    with pytest.raises(
        TrainingDiverged, match=r"A Q-value reached .* \(no CartPole return exceeds 500\)"
    ):
        for _ in trainer.run(max_steps=2_000):
            pass
    assert trainer.total_steps < 2_000
    assert "smaller learning rate" in trainer.diverged_message
    # the restored network's values are back within the bound
    obs = torch.zeros((1, 4))
    assert float(trainer.q_net(obs).detach().abs().max()) <= Q_DIVERGENCE_LIMIT
    with pytest.raises(TrainingDiverged):
        next(trainer.run(max_steps=3_000))


def test_q_bound_leaves_ordinary_learning_alone():
    """The fast preset's first few thousand steps (values of a few tens) never trip it."""
    trainer = DQNTrainer(small(fast_preset(seed=1), eval_every=0))
    for _ in trainer.run(max_steps=1_500):
        pass
    assert trainer.diverged_message is None and trainer.total_steps == 1_500


def test_playback_records_q_values_per_frame():
    trainer = DQNTrainer(small(fast_preset(seed=0)))
    pb = trainer.play_greedy(seed=7, max_frames=5, frame_stride=2)
    assert pb.score_kind == "q"
    assert pb.length == len(pb.actions) == len(pb.rewards)
    assert pb.observations.shape == (pb.length + 1, 4)
    assert pb.action_scores.shape == (pb.length + 1, 2)
    assert pb.frame_steps == [0, 2, 4, 6, 8][: len(pb.frames)]
    assert len(pb.frames) == min(5, pb.length // 2 + 1)
    assert pb.frames[0].ndim == 3 and pb.frames[0].shape[2] == 3
    np.testing.assert_array_equal(pb.actions, pb.action_scores[:-1].argmax(axis=1))
    assert pb.episode_return == pb.length
    assert pb.terminated or pb.truncated
    big = trainer.play_greedy(seed=7, max_frames=10**6, render=False)
    assert big.frames == [] and MAX_PLAYBACK_FRAMES >= 200


# --------------------------------------------------------------------------- weights


def test_weights_round_trip():
    a = DQNTrainer(small(fast_preset(seed=0)))
    list(a.run(200))
    data = a.weights_bytes()
    loaded = torch.load(io.BytesIO(data), weights_only=True)
    assert set(loaded) == set(a.q_net.state_dict())
    b = DQNTrainer(small(fast_preset(seed=9)))
    b.load_weights(data)
    obs = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    np.testing.assert_array_equal(a.q_values(obs), b.q_values(obs))
    if b.target_net is not None:
        assert torch.equal(b.target_net.net[0].weight, a.q_net.net[0].weight)
    list(b.run(250))  # can continue training


@pytest.fixture(scope="module")
def good_bytes() -> bytes:
    return DQNTrainer(small(fast_preset(seed=0))).weights_bytes()


def bad_uploads(good: bytes):
    other = DQNTrainer(small(fast_preset(seed=0), hidden_sizes=(8, 16))).weights_bytes()
    deeper = DQNTrainer(small(fast_preset(seed=0), hidden_sizes=(16, 16, 16))).weights_bytes()
    nan_state = {k: v.clone() for k, v in torch.load(io.BytesIO(good), weights_only=True).items()}
    next(iter(nan_state.values()))[0, 0] = float("nan")
    buf = io.BytesIO()
    torch.save(nan_state, buf)
    buf_list = io.BytesIO()
    torch.save([1, 2, 3], buf_list)

    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    import pickle

    return {
        "empty": (b"", "empty"),
        "truncated": (good[: len(good) // 2], "damaged"),
        "text": (b"hello, these are not weights", "not_torch"),
        "pickle": (pickle.dumps(Evil()), "not_torch"),
        "zipped_pickle": (zipped_pickle(Evil()), "not_tensors"),
        "many_records": (many_records(good, 40), "too_many_records"),
        "wrong_shape": (other, "shape"),
        "wrong_layers": (deeper, "layers"),
        "not_mapping": (buf_list.getvalue(), "not_state_dict"),
        "nan": (buf.getvalue(), "not_finite"),
        "oversized": (b"\0" * (MAX_WEIGHTS_BYTES + 1), "too_big"),
    }


def many_records(good: bytes, extra: int) -> bytes:
    """``good`` with ``extra`` empty records added (the network has 6 tensors: at most
    6 + 16 records are accepted, and ``torch.save`` writes 6 + 6)."""
    buffer = io.BytesIO(good)
    with zipfile.ZipFile(buffer, "a") as archive:
        for i in range(extra):
            archive.writestr(f"archive/extra/{i}", b"")
    return buffer.getvalue()


def zipped_pickle(obj) -> bytes:
    """``obj`` pickled into a torch-style archive, as ``torch.save`` would lay it out."""
    import pickle

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(obj, protocol=2))
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/version", "3\n")
    return buffer.getvalue()


def test_every_bad_upload_gets_a_clear_message(good_bytes, capsys):
    trainer = DQNTrainer(small(fast_preset(seed=0)))
    before = trainer.weights_bytes()
    for name, (data, reason) in bad_uploads(good_bytes).items():
        with pytest.raises(WeightsError) as refused:
            trainer.load_weights(data)
        assert refused.value.reason == reason, name
        # Our own words: none of torch's text (terminal colour codes, its advice to
        # retry with weights_only=False) reaches the message.
        message = str(refused.value)
        assert "\x1b" not in message and "weights_only" not in message, name
        assert trainer.weights_bytes() == before, name
    assert "pwned" not in capsys.readouterr().out


# A fresh process loads the bomb through DQNTrainer.load_weights and prints the refusal's
# reason and how much its peak memory (ru_maxrss, kB) grew while doing so.
_LOAD_BOMB = """
import resource, sys
from pathlib import Path
from playground.agents.deep_common import WeightsError
from playground.agents.dqn import DQNConfig, DQNTrainer
trainer = DQNTrainer(DQNConfig(hidden_sizes=(16,), seed=0))
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    trainer.load_weights(data)
    reason = "loaded"
except WeightsError as exc:
    reason = exc.reason
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
print(reason, grown)
"""


def test_a_deflate_bomb_is_refused_before_anything_is_inflated(tmp_path, root):
    """A 1 MB file whose one tensor record inflates to 1 GiB of zeros (torch.load would
    allocate all of it before any shape check): refused from the zip's declared sizes,
    and the loading process's peak memory does not move."""
    from tests.weights_bomb import bomb

    data = bomb(1024)
    assert len(data) < 1.1e6 < MAX_WEIGHTS_BYTES  # passes the size cap
    path = tmp_path / "bomb.pt"
    path.write_bytes(data)
    out = subprocess.run(
        [sys.executable, "-c", _LOAD_BOMB, str(path)],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    reason, grown_kb = out.stdout.split()
    assert reason == "unpacks_too_big"
    assert int(grown_kb) < 32 * 1024  # inflating would add 1 GiB (twice that at peak)


def test_the_bomb_is_refused_with_the_sizes_in_the_message():
    from tests.weights_bomb import bomb

    trainer = DQNTrainer(small(fast_preset(seed=0)))
    shapes = trainer.q_net.expected_shapes()
    budget = 8 * sum(math.prod(s) for s in shapes.values()) + WEIGHTS_RECORD_ALLOWANCE
    with pytest.raises(WeightsError) as refused:
        trainer.load_weights(bomb(64))
    assert refused.value.reason == "unpacks_too_big"
    details = refused.value.details
    assert details["budget"] == budget
    assert 64 * 2**20 < details["unpacked"] < 64 * 2**20 + 1024  # the zeros and three small records


def test_a_real_file_fits_the_budget_of_its_network(good_bytes):
    """torch.save writes its records uncompressed: a real file unpacks to about its size."""
    with zipfile.ZipFile(io.BytesIO(good_bytes)) as archive:
        unpacked = sum(r.file_size for r in archive.infolist())
        assert all(r.compress_type == zipfile.ZIP_STORED for r in archive.infolist())
    assert unpacked <= len(good_bytes)
