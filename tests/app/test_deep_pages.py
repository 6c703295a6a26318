"""The DQN and REINFORCE pages through AppTest: live training matches the core, presets,
settings applied to a trained agent, weights download/upload (good and bad files),
divergence, language and links. Budgets are tiny: a few hundred env steps."""

from __future__ import annotations

import io
import pickle
import zipfile

import numpy as np
import pytest
import torch

from playground.agents.deep_common import EvalRecord
from playground.agents.dqn import DQNConfig, DQNTrainer
from playground.agents.reinforce import ReinforceConfig, ReinforceTrainer
from playground.sessions.deep import ENTROPY_COLLAPSE_NATS
from tests.app.helpers import (
    button,
    chart,
    click,
    lines,
    open_page,
    players,
    plotly_figure,
    series,
    texts,
    train,
    values,
    xs,
)
from tests.weights_bomb import bomb
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
DQN = "app_pages/cartpole_dqn.py"
RF = "app_pages/cartpole_reinforce.py"
# v0 episodes are short early on; 300 steps with learning from step 64 train in a few chunks.
DQN_SMALL = {
    "env": "CartPole-v0",
    "hidden": "32,32",
    "batch": "32",
    "starts": "64",
    "max_steps": "300",
    "eval_every": "100",
    "seed": "3",
}
RF_SMALL = {"env": "CartPole-v0", "hidden": "32", "episodes": "20", "eval_every": "10", "seed": "2"}


def core_run(trainer, budget: int) -> tuple[list[float], list[EvalRecord]]:
    returns, evals = [], []
    for record in trainer.run(budget):
        (evals if isinstance(record, EvalRecord) else returns).append(record)
    return [r.episode_return for r in returns], evals


def dqn_core_config(**overrides) -> DQNConfig:
    from playground.agents.dqn import fast_preset

    base = fast_preset(3).to_dict() | {
        "env_id": "CartPole-v0",
        "hidden_sizes": (32, 32),
        "batch_size": 32,
        "learning_starts": 64,
        "eval_every": 100,
    }
    return DQNConfig(**(base | overrides))


def test_dqn_trains_live_and_matches_the_core() -> None:
    at = open_page(DQN, query=DQN_SMALL)
    assert EN["deep.not_trained"] in texts(at)
    button(at, EN["common.train"]).click().run()
    first = values(series(chart(at, EN["cartpole_dqn.chart_title"]), EN["deep.series_return"]))
    assert first  # drawn after the first chunk
    while at.session_state["live.dqn"].status == "running":
        at.run()
    returns_chart = chart(at, EN["cartpole_dqn.chart_title"])
    returns = values(series(returns_chart, EN["deep.series_return"]))
    expected, evals = core_run(DQNTrainer(dqn_core_config()), 300)
    assert returns == expected  # the page is the core plus widgets
    greedy = series(returns_chart, EN["deep.series_eval"])
    assert xs(returns_chart, greedy) == [100, 200, 300]
    assert values(greedy) == [e.mean_return for e in evals]
    solved = series(returns_chart, EN["deep.solved_line"].format(n=195))
    assert values(solved) == [195, 195]
    diag = chart(at, EN["cartpole_dqn.diag_title"])
    names = [d["name"] for d in lines(diag)]
    assert names == [
        EN["cartpole_dqn.panel_loss"],
        EN["cartpole_dqn.panel_maxq"],
        EN["cartpole_dqn.panel_eps"],
        EN["cartpole_dqn.panel_fill"],
    ]
    fill = values(lines(diag)[3])
    assert fill == sorted(fill) and 0 < fill[-1] <= 100
    assert "300 / 300 env steps" in [p.proto.text for p in at.get("progress")][0]
    # Playback: frame captions carry both Q-values; the scores chart has one line per action.
    caption = players(at)[0]["captions"][0]
    assert caption.startswith("t = 0 · Q(s, ←) = ")
    scores = plotly_figure(at, EN["cartpole_dqn.scores_title"])["data"]
    assert [s["name"] for s in scores] == [
        EN["deep.action_left"],
        EN["deep.action_right"],
    ]
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == [EN["common.download_gif"], EN["deep.download_weights"]]


def test_dqn_presets_set_every_widget_and_a_learning_setting_keeps_the_agent() -> None:
    at = open_page(DQN, query={**DQN_SMALL, "max_steps": "2000"})
    click(at, EN["deep.preset_notes"])
    state = at.session_state
    assert state["dqn.hidden"] == "128,128" and state["dqn.lr"] == 1e-4
    assert state["dqn.target"] == "none" and state["dqn.eps"] == "inverse_episode"
    assert state["dqn.shaping"] is True and state["dqn.starts"] == 32
    click(at, EN["deep.preset_fast"])
    assert state["dqn.hidden"] == "128,128" and state["dqn.lr"] == 2.5e-3
    assert state["dqn.target"] == "soft" and state["dqn.double"] is True
    assert state["dqn.tau"] == 0.03 and state["dqn.starts"] == 500
    assert state["dqn.max_steps"] == 2000 and state["dqn.seed"] == 3  # untouched
    button(at, EN["common.train"]).click().run()
    run = at.session_state["live.dqn"]
    assert run.status == "running" and run.done > 0
    done = run.done
    # γ applies to the trained agent: the run pauses, nothing is forgotten.
    next(s for s in at.sidebar.slider if s.label == EN["deep.gamma"]).set_value(0.95).run()
    run = at.session_state["live.dqn"]
    assert run.status == "paused" and run.done == done
    assert run.source.trainer.config.gamma == 0.95
    # The seed cannot: the run resets and says so.
    next(n for n in at.sidebar.number_input if n.label == EN["common.seed"]).set_value(4).run()
    assert at.session_state["live.dqn"].status == "idle"
    assert EN["common.reset_notice"].format(settings=EN["common.seed"]) in texts(at)


def zipped_pickle(obj) -> bytes:
    """``obj`` pickled into an archive laid out as ``torch.save`` lays out its files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("archive/data.pkl", pickle.dumps(obj, protocol=2))
        archive.writestr("archive/byteorder", "little")
        archive.writestr("archive/version", "3\n")
    return buffer.getvalue()


def _messages(at) -> list[str]:
    return [e.value for e in at.error] + [s.value for s in at.success]


def test_weights_round_trip_and_bad_files() -> None:
    at = open_page(DQN, query={**DQN_SMALL, "max_steps": "100"})
    train(at, "dqn")
    trainer = at.session_state["live.dqn"].source.trainer
    download = next(
        d for d in at.get("download_button") if d.proto.label == EN["deep.download_weights"]
    )
    assert not download.proto.disabled
    data = trainer.weights_bytes()  # the bytes the download button serves
    reference = trainer.play_greedy(seed=0, render=False)
    # A fresh session with the same settings: upload, watch, then continue training.
    fresh = open_page(DQN, query={**DQN_SMALL, "max_steps": "100"})
    assert EN["deep.not_trained"] in [i.value for i in fresh.info]
    fresh.file_uploader[0].upload("net.pt", data).run()
    assert EN["deep.weights_loaded"].format(name="`net.pt`") in _messages(fresh)
    # Not "Nothing trained yet" beside "Loaded weights": the note says what the network holds.
    notes = [i.value for i in fresh.info]
    assert EN["deep.loaded_not_trained"] in notes
    assert EN["deep.not_trained"] not in notes
    loaded = fresh.session_state["live.dqn"].source.trainer
    for key, value in trainer.q_net.state_dict().items():
        assert torch.equal(loaded.q_net.state_dict()[key], value)
    caption = players(fresh)[0]["captions"][0]
    assert caption == players(at)[0]["captions"][0]
    scores = plotly_figure(fresh, EN["cartpole_dqn.scores_title"])["data"][0]["y"]
    assert np.allclose(scores, reference.action_scores[:, 0], atol=1e-5)
    # Bad files: a message each in our own words, the agent untouched, no traceback.
    bad = {
        "empty.pt": (b"", EN["deep.weights_why_empty"]),
        "noise.pt": (
            np.random.default_rng(0).bytes(2_000),
            EN["deep.weights_why_not_torch"],
        ),
        "pickle.pt": (
            pickle.dumps({"net.0.weight": object()}),
            EN["deep.weights_why_not_torch"],
        ),
        "class.pt": (zipped_pickle(object), EN["deep.weights_why_not_tensors"]),
        "small.pt": (
            DQNTrainer(dqn_core_config(hidden_sizes=(8, 32))).weights_bytes(),
            # the same layers, but the first is 8×4 in the file and 32×4 here
            EN["deep.weights_why_shape"].format(key="`net.0.weight`", got=(8, 4), need=(32, 4)),
        ),
        "fewer.pt": (
            DQNTrainer(dqn_core_config(hidden_sizes=(8,))).weights_bytes(),
            EN["deep.weights_missing"].format(names="`net.4.bias`, `net.4.weight`"),
        ),
        # 64 MiB of zeros deflated into 67 kB; this network (4-32-32-2: 1,282 values) takes
        # at most 8 × 1,282 + 65,536 = 75,792 bytes = 74 kB.
        "bomb.pt": (bomb(64), "unpack to 64.0 MB, while this network's weights take at most 74 kB"),
    }
    for name, (content, why) in bad.items():
        fresh.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
        errors = [e.value for e in fresh.error]
        assert len(errors) == 1 and errors[0].startswith(f"`{name}` cannot be used: "), errors
        assert why in errors[0], (name, errors[0])
        assert "\x1b" not in errors[0] and "weights_only" not in errors[0], errors[0]
        assert not fresh.exception
    for key, value in trainer.q_net.state_dict().items():
        assert torch.equal(loaded.q_net.state_dict()[key], value)


def test_divergence_is_explained_and_the_last_good_network_kept(monkeypatch) -> None:
    import playground.agents.dqn as dqn_module

    real = dqn_module.td_loss
    monkeypatch.setattr(dqn_module, "td_loss", lambda q, y, kind: real(q, y, kind) * float("nan"))
    at = open_page(DQN, query=DQN_SMALL)
    train(at, "dqn")
    run = at.session_state["live.dqn"]
    assert run.status == "error"
    assert any(EN["deep.diverged_explain"] == w.value for w in at.warning)
    assert any("restored" in e.value for e in at.error)
    assert run.source.trainer.q_net.all_finite()
    assert players(at)[0]["frames"]  # the playback still shows the restored network


def test_reinforce_trains_resumes_and_matches_the_core() -> None:
    at = open_page(RF, query=RF_SMALL)
    train(at, "rf")
    curve = chart(at, EN["cartpole_reinforce.chart_title"])
    returns = values(series(curve, EN["deep.series_return"]))
    cfg = ReinforceConfig(
        env_id="CartPole-v0", hidden_size=32, learning_rate=1e-2, entropy_coef=0.01, seed=2
    )
    trainer = ReinforceTrainer(cfg)
    expected, evals = core_run(trainer, 20)
    assert returns == expected
    greedy = series(curve, EN["deep.series_eval"])
    assert xs(curve, greedy) == [10, 20] and values(greedy) == [e.mean_return for e in evals]
    diag = chart(at, EN["cartpole_reinforce.diag_title"])
    entropy = values(series(diag, EN["cartpole_reinforce.panel_entropy"]))
    assert len(entropy) == 20 and all(0 < h <= np.log(2) + 1e-6 for h in entropy)
    caption = players(at)[0]["captions"][0]
    assert caption.startswith("t = 0 · π(←|s) = ")
    # More episodes: the paused run continues, the first 20 episodes stay.
    next(s for s in at.sidebar.slider if s.label == EN["cartpole_reinforce.episodes"]).set_value(
        30
    ).run()
    assert at.session_state["live.rf"].status == "paused"
    train(at, "rf", label=EN["common.resume"])
    more = values(series(chart(at, EN["cartpole_reinforce.chart_title"]), EN["deep.series_return"]))
    assert more[:20] == returns and len(more) == 30
    expected_more, _ = core_run(trainer, 30)
    assert more[20:] == expected_more


def test_language_and_malformed_links() -> None:
    at = open_page(RF, query={**RF_SMALL, "lr": "abc", "hidden": "9999", "lang": "zh"})
    assert at.title[0].value == ZH["cartpole_reinforce.title"]
    warning = at.warning[0].value
    assert warning.startswith(ZH["common.params_fixed"]) and "lr" in warning and "hidden" in warning
    assert at.session_state["rf.hidden"] == 512
    at = open_page(DQN, query={"hidden": "1,2,3", "target": "<b>", "max_steps": "1e9"})
    assert at.session_state["dqn.hidden"] == "128,128"  # the fast preset's
    assert at.session_state["dqn.max_steps"] == 200_000
    assert len(at.warning[0].value.splitlines()) >= 4
    at.sidebar.button_group[0].set_value("zh").run()
    assert at.title[0].value == ZH["cartpole_dqn.title"]
    assert ZH["deep.preset_fast"] in texts(at)


@pytest.mark.parametrize(
    "query", [{"starts": "16", "batch": "64"}], ids=["learning_starts_below_batch"]
)
def test_inconsistent_settings_give_a_message(query) -> None:
    at = open_page(DQN, query={**DQN_SMALL, **query})
    assert at.error and EN["deep.build_failed"] in at.error[0].value
    assert not at.button or all(b.label != EN["common.train"] for b in at.button)


def test_learning_starts_slider_below_batch_explains_itself() -> None:
    """The "learning starts" box goes down to 1 while the batch is at least 16: the page
    says why it cannot train, with both numbers, and recovers once the batch fits."""
    at = open_page(DQN, query=DQN_SMALL)
    next(x for x in at.number_input if x.key == "_w.dqn.starts").set_value(1).run()
    assert not at.exception
    message = EN["cartpole_dqn.starts_below_batch"].format(starts=1, batch=32)
    assert [e.value for e in at.error] == [f"{EN['deep.build_failed']}: {message}"]
    assert all(b.label != EN["common.train"] for b in at.button)
    next(x for x in at.number_input if x.key == "_w.dqn.starts").set_value(32).run()
    assert not at.error and any(b.label == EN["common.train"] for b in at.button)


def test_reinforce_entropy_collapse_is_explained() -> None:
    """lr 1 without normalisation: π turns deterministic within a few episodes while the
    pole still falls at once; the page says why. The fast preset's run shows no such note."""
    at = open_page(RF, query={**RF_SMALL, "lr": "1", "normalise": "0", "episodes": "20"})
    train(at, "rf")
    entropy = at.session_state["live.rf"].source.history["entropy"]
    assert sum(entropy[-5:]) / 5 < ENTROPY_COLLAPSE_NATS  # the collapse itself, first
    note = EN["cartpole_reinforce.entropy_collapsed"].format(lr="1")
    assert note in [w.value for w in at.warning]
    assert not at.exception
    at = open_page(RF, query=RF_SMALL)
    train(at, "rf")
    assert all(EN["cartpole_reinforce.entropy_collapsed"][:30] not in w.value for w in at.warning)


def test_reinforce_watch_plays_the_network_one_episode_per_redraw() -> None:
    at = open_page(RF, query=RF_SMALL | {"speed": "watch"})
    button(at, EN["common.train"]).click().run()
    state = at.session_state["live.rf"]
    assert state.status == "running"
    trainer = state.source.trainer
    assert trainer.episodes == 1  # one episode per redraw (evaluations are not episodes)
    played = trainer.play_greedy(seed=0, render=False)
    caption = EN["deep.watch_caption"].format(episodes=1, n=played.length)
    gifs = [el.proto.body for el in at.get("html") if "data:image/gif;base64," in el.proto.body]
    assert len(gifs) == 1 and caption in gifs[0]
