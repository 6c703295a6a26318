"""The CartPole · Q-table page through AppTest: live training, the Q-table views, links."""

from __future__ import annotations

from urllib.parse import parse_qsl

import numpy as np

from playground.cartpole import CartPoleTabularSettings, evaluate_greedy
from tests.app.helpers import (
    axis_name,
    button,
    chart,
    click,
    open_page,
    players,
    plotly_figure,
    series,
    table,
    texts,
    train,
    values,
    xs,
)
from webui import playback
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/cartpole_q.py"
# CartPole-v0's early episodes are short: 50 episodes train in one or two chunks.
SMALL = {"env": "CartPole-v0", "episodes": "50", "eval_every": "10", "bins": "5", "seed": "3"}


def lengths_of(at) -> list[float]:
    return values(series(chart(at, EN["cartpole_q.chart_title"]), EN["cartpole_q.series_length"]))


def slider(at, label: str):
    for s in at.sidebar.slider:
        if s.label == label:
            return s
    raise AssertionError(f"no slider {label!r}")


def test_training_draws_the_charts_and_matches_the_core() -> None:
    at = open_page(PAGE, query=SMALL)
    assert EN["cartpole_q.not_trained"] in texts(at)
    train(at, "cpq")
    lengths = lengths_of(at)
    assert len(lengths) == 50
    # The page is the core plus widgets: the same settings give the same run.
    core = CartPoleTabularSettings(env_id="CartPole-v0", bins=5, episodes=50, seed=3).build()
    expected = [s.length for s in core.train()]
    assert lengths == expected
    curve = chart(at, EN["cartpole_q.chart_title"])
    greedy = series(curve, EN["cartpole_q.series_greedy"])
    assert xs(curve, greedy) == [10, 20, 30, 40, 50]
    assert values(greedy)[-1] == float(np.mean(evaluate_greedy(core.agent, core.settings)))
    solved = series(curve, EN["cartpole_q.solved_line"].format(n=195))
    assert values(solved) == [195, 195]
    # Q-table heatmaps: 5 × 5 cells over pole angle × angular velocity, bin ranges as ticks.
    greedy_map = chart(at, EN["cartpole_q.greedy_title"])
    assert np.asarray(table(greedy_map), dtype=float).shape == (5, 5)
    ticks = greedy_map["xAxis"]["data"]
    assert ticks[0] == "< −0.25" and ticks[2] == "−0.08…0.08"
    assert axis_name(greedy_map, "x") == "pole angle θ (rad)"
    # Visits, drawn once with plotly.
    assert plotly_figure(at, "pole angle θ × pole angular velocity θ̇")["data"][0]["z"]
    bars = plotly_figure(at, EN["cartpole_q.visits_bar_title"])["data"]
    assert len(bars) == 4
    assert all(sum(bar["y"]) == core.visits.sum() == sum(expected) for bar in bars)
    metrics = {m.label: m.value for m in at.metric}
    states_label = EN["cartpole_q.metric_states"].format(total="5⁴")
    assert metrics[states_label] == f"{core.states_visited:,}"
    # Playback: the frame's caption holds its bins and Q values.
    caption = players(at)[0]["captions"][0]
    assert caption.startswith("t = 0 · bins (x, ẋ, θ, θ̇) = (")
    assert "Q(s, ←) = " in caption
    assert [d.proto.label for d in at.get("download_button")] == [EN["common.download_gif"]]


def test_raising_episodes_resumes_without_forgetting() -> None:
    at = open_page(PAGE, query=SMALL)
    train(at, "cpq")
    first = lengths_of(at)
    maxq_before = table(chart(at, EN["cartpole_q.maxq_title"]))
    slider(at, EN["common.episodes"]).set_value(100).run()
    assert at.session_state["live.cpq"].status == "paused"
    train(at, "cpq", label=EN["common.resume"])
    after = lengths_of(at)
    assert len(after) == 100 and after[:50] == first
    assert table(chart(at, EN["cartpole_q.maxq_title"])) != maxq_before
    curve = chart(at, EN["cartpole_q.chart_title"])
    greedy = series(curve, EN["cartpole_q.series_greedy"])
    assert xs(curve, greedy) == [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]


def test_moving_a_slider_pauses_and_a_reset_setting_resets() -> None:
    at = open_page(PAGE, query={**SMALL, "env": "CartPole-v1", "episodes": "2000"})
    button(at, EN["common.train"]).click().run()  # one chunk, still running
    state = at.session_state["live.cpq"]
    assert state.status == "running" and state.done > 0
    done = state.done
    slider(at, EN["cartpole_q.eta"]).set_value(0.2).run()
    state = at.session_state["live.cpq"]
    assert state.status == "paused" and state.done == done
    assert state.source.run.agent.settings.eta == 0.2  # η applies to the trained table
    # A view setting does not pause or reset anything.
    at.sidebar.selectbox[-1].set_value("x").run()
    assert at.session_state["live.cpq"].done == done
    assert axis_name(chart(at, EN["cartpole_q.greedy_title"]), "y") == ("cart position x (m)")
    # The seed cannot apply to a trained table: the run resets and says so.
    at.sidebar.number_input[0].set_value(4).run()
    state = at.session_state["live.cpq"]
    assert state.status == "idle" and state.done == 0
    assert EN["common.reset_notice"].format(settings=EN["common.seed"]) in texts(at)


def test_fixed_bins_view_and_language() -> None:
    at = open_page(PAGE, query={**SMALL, "others": "fixed", "lang": "zh"})
    assert at.title[0].value == ZH["cartpole_q.title"]
    train(at, "cpq", label=ZH["common.train"])
    sliders = [s.label for s in at.sidebar.select_slider]
    assert sliders == [
        ZH["cartpole_q.fix"].format(name=ZH["cartpole_q.dim_x"]),
        ZH["cartpole_q.fix"].format(name=ZH["cartpole_q.dim_x_dot"]),
    ]
    greedy = chart(at, ZH["cartpole_q.greedy_title"])
    assert axis_name(greedy, "x") == "杆角度 θ (弧度)"
    z_mid = table(greedy)
    at.sidebar.select_slider[0].set_value(0).run()
    assert at.session_state["cpq.fix.x"] == 0
    assert at.session_state["live.cpq"].status == "finished"  # a view change, no reset
    assert table(chart(at, ZH["cartpole_q.greedy_title"])) != z_mid
    # Back to English: the same chart, English labels.
    at.sidebar.button_group[0].set_value("en").run()
    assert at.title[0].value == EN["cartpole_q.title"]
    assert chart(at, EN["cartpole_q.greedy_title"])


def test_malformed_link_values_are_fixed_with_a_notice() -> None:
    at = open_page(
        PAGE,
        query={
            "env": "CartPole-v9",
            "bins": "99",
            "eta": "abc",
            "bins_theta": "42",
            "clip_theta": "-3",
            "xdim": "<script>",
            "eval_every": "nan",
        },
    )
    warnings = "\n".join(w.value for w in at.warning)
    assert EN["common.params_fixed"] in warnings
    for name in ("env", "bins", "eta", "bins_theta", "clip_theta", "xdim", "eval_every"):
        assert f"{name} =" in warnings
    state = at.session_state
    assert state["cpq.env"] == "CartPole-v1" and state["cpq.bins"] == 12
    assert state["cpq.eta"] == 0.5 and state["cpq.bins_theta"] == "auto"
    assert state["cpq.clip_theta"] == 0.01 and state["cpq.eval_every"] == 50
    assert at.query_params["bins"] in ("12", ["12"])
    click(at, EN["common.train"])


def test_watch_speed_plays_the_newest_episode_one_per_redraw() -> None:
    at = open_page(PAGE, query=SMALL | {"speed": "watch"})
    button(at, EN["common.train"]).click().run()
    state = at.session_state["live.cpq"]
    assert state.status == "running" and state.done == 1
    length = state.source.run.latest.length
    caption = EN["cartpole_q.watch_caption"].format(k=1, t=length)
    gifs = [el.proto.body for el in at.get("html") if "data:image/gif;base64," in el.proto.body]
    assert len(gifs) == 1 and caption in gifs[0]
    at.run()
    assert at.session_state["live.cpq"].done == 2


def test_train_on_open_link_reproduces_the_q_table() -> None:
    teacher = open_page(PAGE, query=SMALL | {"speed": "fast"})
    button(teacher, EN["common.train"]).click().run()
    click(teacher, EN["common.pause"])
    # "Fast" shows at most 10 episodes per redraw, fewer when the chunk's time runs out
    # first (a loaded machine): the link carries however many the teacher's run reached.
    done = teacher.session_state["live.cpq"].done
    assert 1 <= done <= 10
    link = teacher.code[1].value
    assert f"train={done}" in link
    student = open_page(PAGE, query=dict(parse_qsl(link.split("?", 1)[1])))
    runs = 0
    while student.session_state["live.cpq"].status == "running" and runs < 50:
        student.run()
        runs += 1
    assert student.session_state["live.cpq"].done == done
    mine = teacher.session_state["live.cpq"].source.run
    theirs = student.session_state["live.cpq"].source.run
    np.testing.assert_array_equal(mine.q_table, theirs.q_table)
    assert mine.lengths == theirs.lengths


def test_switching_language_keeps_the_episode_frames(monkeypatch) -> None:
    """CartPole's pictures hold no words: after a language switch the player shows the same
    frames, with captions in the new language, without drawing and encoding them again
    (a 300-frame episode took seconds of the server's CPU for each switch)."""
    encoded: list[int] = []
    real = playback.encode_frames

    def counting(get, n, key=None):
        encoded.append(n)
        return real(get, n, key)

    monkeypatch.setattr(playback, "encode_frames", counting)
    at = open_page(PAGE, query=SMALL)
    train(at, "cpq")
    (english,) = players(at)
    drawn = len(encoded)
    assert drawn >= 1 and english["frames"]
    at.sidebar.button_group[0].set_value("zh").run()
    assert at.title[0].value == ZH["cartpole_q.title"]
    (chinese,) = players(at)
    assert len(encoded) == drawn  # nothing drawn again
    assert chinese["frames"] == english["frames"]
    assert chinese["captions"] != english["captions"]
    assert chinese["labels"]["play"] == ZH["common.play"]
