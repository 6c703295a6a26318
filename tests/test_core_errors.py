"""Core errors carry a code and parameters; the app's text for each code, in English, is the
exception's own message, and every code the core raises has text in both languages."""

from __future__ import annotations

import itertools

import pytest

from playground.agents import QLearningAgent
from playground.errors import CoreError
from playground.sessions.maze_td import TDConfig, TDSession
from playground.training import DivergenceError
from webui.i18n import TEXT


def diverge_td() -> DivergenceError:
    session = TDSession(
        TDConfig(eta=3.0, gamma=1.0, step_reward=-1.0, epsilon=1.0, schedule="constant")
    )
    with pytest.raises(DivergenceError) as caught:
        list(itertools.islice(session, 2_000))
    return caught.value


def test_td_divergence_has_a_code_and_the_numbers_of_its_message():
    exc = diverge_td()
    assert isinstance(exc, CoreError) and exc.code == "q_diverged"
    p = exc.params
    assert p["algo"] == "q_learning" and p["value"] in ("inf", "-inf")
    assert str(exc) == (
        f"q_learning: Q({p['state']}, {p['action']}) became {p['value']} at episode "
        f"{p['episode']}; lower η or γ (Q keeps its last finite values)"
    )
    assert str(exc) == TEXT["en"]["errors.q_diverged"].format(**p)


def test_td_update_by_hand_overflows_with_state_action_and_episode():
    """One update by hand: Q(0, 1) = 1e308, target 2e308 = inf; Q += η (target − Q) = inf."""
    import gymnasium as gym

    agent = QLearningAgent.for_env(gym.make("playground/Maze-v0"), seed=0)
    agent._q[0][1] = 1e308
    with pytest.raises(DivergenceError) as caught:
        agent._apply(0, 1, float("inf"), None)
    assert caught.value.params == {
        "algo": "q_learning",
        "state": 0,
        "action": 1,
        "value": "inf",
        "episode": 0,
    }
    assert agent._q[0][1] == 1e308  # the last finite value is kept
    zh = TEXT["zh"]["errors.q_diverged"].format(**caught.value.params)
    assert zh == "q_learning：Q(0, 1) 在第 0 回合变为 inf；请调低 η 或 γ（Q 保留最后的有限值）"


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_deep_divergence_text_matches_the_exception_and_repeats_its_code():
    pytest.importorskip("torch")
    from playground.agents.deep_common import TrainingDiverged
    from playground.agents.reinforce import ReinforceTrainer, fast_preset

    cfg = fast_preset(seed=0)
    cfg = type(cfg)(**{**cfg.__dict__, "learning_rate": 1e38, "eval_every": 0, "hidden_size": 8})
    trainer = ReinforceTrainer(cfg)
    with pytest.raises(TrainingDiverged) as caught:
        list(trainer.run(max_episodes=50))
    first = caught.value
    assert first.code in ("reinforce_loss", "reinforce_weights")
    assert str(first) == TEXT["en"][f"errors.{first.code}"].format(**first.params)
    with pytest.raises(TrainingDiverged) as again:
        next(trainer.run())
    assert (again.value.code, again.value.params, str(again.value)) == (
        first.code,
        first.params,
        str(first),
    )


def lab_codes() -> set[str]:
    """The codes playground/lab gives its errors (LabError, LabWarning, a job's
    ``error_code``), read from its source; ``f"lab_{name}_range"`` is the seeds, episodes
    and seed ranges."""
    import re
    from pathlib import Path

    import playground.lab

    found: set[str] = set()
    for path in Path(playground.lab.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'"(lab_[a-z_]+)"', text))  # every code is a literal…
        if 'f"lab_{name}_range"' in text:  # …but these three
            found |= {f"lab_{name}_range" for name in ("seeds", "episodes", "seed")}
    assert {"lab_too_many_jobs", "lab_ray_no_answer", "lab_not_run", "lab_worker_died"} <= found
    return found


def test_every_error_code_has_text_in_both_languages():
    codes = {"q_diverged", "diverged_earlier", "dqn_loss", "dqn_q_too_large"}
    codes |= {"reinforce_loss", "reinforce_weights"}
    codes |= lab_codes()
    for lang in ("en", "zh"):
        texts = {k for k in TEXT[lang] if k.startswith("errors.")}
        assert {f"errors.{c}" for c in codes} == {k for k in texts if "errors.param." not in k}
    # How a parameter is shown (errors.param.<name>_<value>): the same keys in both languages.
    params = {k for k in TEXT["en"] if k.startswith("errors.param.")}
    assert {"errors.param.algo_q_learning", "errors.param.value_inf"} <= params
    assert params == {k for k in TEXT["zh"] if k.startswith("errors.param.")}
