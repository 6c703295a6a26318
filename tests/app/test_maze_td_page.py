"""The SARSA / Q-learning page through AppTest: training, steps, comparison, links, errors."""

from __future__ import annotations

import math
import re
from itertools import islice
from urllib.parse import parse_qsl

import numpy as np
import pytest

from playground.sessions.maze_td import TDConfig, TDSession
from tests.app.helpers import (
    button,
    cell_texts,
    chart,
    click,
    echarts_options,
    lines,
    open_page,
    outlined,
    pending_charts,
    picture_captions,
    players,
    reference_lines,
    table,
    texts,
    train,
    values,
)
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/maze_td.py"


def charts(at) -> dict[str, dict]:
    """The ECharts options drawn, by their title."""
    return echarts_options(at)


def q_spec(at, algo: str = "Q-learning", lang: dict = EN) -> dict:
    return chart(at, lang["maze_td.q_title"].format(algo=algo))


def series(option: dict) -> dict[str, list[float]]:
    """Each line's values by its name."""
    return {one["name"]: values(one) for one in lines(option)}


def step_latex(at) -> str:
    """The filled-in update of the last step (the rules at the page's foot have no numbers)."""
    return next(el.value for el in at.get("latex") if "aligned" in el.value)


def session(at) -> TDSession:
    return at.session_state["live.td"].source


def test_train_draws_q_table_and_curves() -> None:
    at = open_page(PAGE)
    before = table(q_spec(at))
    assert len(before) == 9 and len(before[0]) == 4
    assert cell_texts(q_spec(at))[0] == [
        "–",
        f"{before[0][1]:.2f}",
        f"{before[0][2]:.2f}",
        "–",
    ]
    assert EN["maze_td.no_episodes"] in texts(at)

    train(at, "td")
    live = at.session_state["live.td"]
    assert live.status == "finished" and live.done == 200
    after = table(q_spec(at))
    assert after != before
    shown = charts(at)
    steps = series(shown[EN["maze_td.steps_title"]])
    assert len(steps["Q-learning"]) == 200
    assert steps["Q-learning"][-1] == 6  # the shortest path of the seed maze
    assert reference_lines(shown[EN["maze_td.steps_title"]], "y") == [6]
    eps = series(shown[EN["maze_td.eps_title"]])["Q-learning"]
    assert eps[:3] == [0.5, 0.25, 0.125]  # halved every episode, as in the notes
    td = series(shown[EN["maze_td.td_title"]])["Q-learning"]
    assert len(td) == 200 and td[0] > 0
    assert "200 / 200" in at.get("progress")[0].proto.text


LINE_CHARTS = {  # key (dots as dashes): the title's text key, the chart's height in px
    "td-steps": ("steps_title", 360),
    "td-returns": ("return_title", 320),
    "td-gap_value": ("gap_value_title", 320),
    "td-gap_path": ("gap_path_title", 320),
    "td-td_error": ("td_title", 320),
    "td-epsilon": ("eps_title", 320),
}


@pytest.mark.parametrize("lang", [EN, ZH])
def test_line_charts_wait_for_the_first_episode_in_boxes_of_their_size(lang) -> None:
    """Before the first episode each line chart is a box of its height with its title (a
    first visit builds no empty chart); the first finished episode draws them."""
    at = open_page(PAGE, lang="zh" if lang is ZH else "en")
    assert pending_charts(at) == {key: height for key, (_, height) in LINE_CHARTS.items()}
    q_title = lang["maze_td.q_title"].format(algo=lang["maze_td.algo_q_learning"])
    assert list(charts(at)) == [q_title]  # the Q table: drawn from the start
    captions = [str(el.value) for el in at.get("caption")]
    for title, _ in LINE_CHARTS.values():
        assert lang["common.chart_pending"].format(title=lang[f"maze_td.{title}"]) in captions
    click(at, lang["maze_td.step"])  # one step: no episode has ended yet
    assert not session(at).lanes[0].lengths and len(pending_charts(at)) == 6
    for _ in range(30):  # ten steps at a time until the first episode ends
        click(at, lang["maze_td.step10"])
        if session(at).lanes[0].lengths:
            break
    assert session(at).lanes[0].lengths
    assert pending_charts(at) == {}
    assert {lang[f"maze_td.{title}"] for title, _ in LINE_CHARTS.values()} <= set(charts(at))


def test_step_shows_the_update_with_its_numbers() -> None:
    at = open_page(PAGE)
    click(at, EN["maze_td.step"])
    lane = session(at).lanes[0]
    step = lane.last_step.step
    assert (step.episode, step.step, step.state) == (0, 0, 0)
    # Q(s,a) ← Q(s,a) + η (r + γ max Q(s′,·) − Q(s,a)), checked from the shown numbers.
    assert step.td_target == pytest.approx(step.reward + 0.9 * lane.last_step.q_next)
    assert step.new_q == pytest.approx(step.old_q + 0.1 * (step.td_target - step.old_q))
    latex = step_latex(at)
    assert f"{step.new_q:.3f}" in latex and r"\max_{a'}" in latex
    assert outlined(q_spec(at)) == [(step.state, step.action)]
    assert table(q_spec(at))[step.state][step.action] == pytest.approx(step.new_q)

    click(at, EN["maze_td.step10"])
    assert lane.last_step.step.step == 10 or lane.last_step.step.episode > 0
    # Train finishes the half-played episode first and then the rest: mixing loses nothing.
    train(at, "td", label=EN["common.resume"])
    assert lane.episodes_done == 200 and len(lane.lengths) == 200
    # Stepping a finished run keeps going on the trained agent.
    click(at, EN["maze_td.step"])
    assert lane.last_step is not None and at.session_state["live.td"].status == "finished"


def test_sarsa_step_shows_the_next_action() -> None:
    at = open_page(PAGE, query={"algo": "sarsa"})
    click(at, EN["maze_td.step"])
    view = session(at).lanes[0].last_step
    assert view.step.next_action is not None
    assert view.step.td_target == pytest.approx(view.step.reward + 0.9 * view.q_next)
    assert "a′ =" in texts(at)
    assert r"\max" not in step_latex(at)


def test_compare_both_runs_the_two_agents_on_the_same_seed() -> None:
    at = open_page(PAGE, query={"algo": "both", "episodes": "30", "seed": "4"})
    train(at, "td")
    lanes = session(at).lanes
    assert [lane.algo for lane in lanes] == ["sarsa", "q_learning"]
    steps = series(charts(at)[EN["maze_td.steps_title"]])
    assert set(steps) == {"SARSA", "Q-learning"}
    assert q_spec(at, "SARSA") and q_spec(at, "Q-learning")
    # Each lane is exactly the run of that algorithm alone with the same settings.
    for lane in lanes:
        alone = TDSession(TDConfig(algo=lane.algo, episodes=30, seed=4))
        list(islice(alone, 30))
        assert alone.lanes[0].lengths == lane.lengths
        np.testing.assert_array_equal(alone.lanes[0].agent.q, lane.agent.q)


def test_eta_change_applies_to_the_trained_agent_and_layout_change_resets() -> None:
    at = open_page(PAGE, query={"episodes": "50"})
    train(at, "td")
    at.select_slider(key="_w.td.eta").set_value(0.5).run()
    live = at.session_state["live.td"]
    assert live.done == 50 and live.status == "finished"
    click(at, EN["maze_td.step"])
    step = session(at).lanes[0].last_step.step
    assert step.new_q == pytest.approx(step.old_q + 0.5 * step.td_error)

    at.selectbox(key="_w.td.layout").set_value("maze_5x5").run()
    live = at.session_state["live.td"]
    assert live.status == "idle" and live.done == 0
    assert any(EN["grid.env"] in info.value for info in at.info)
    assert len(table(q_spec(at))) == 25


def test_divergence_stops_and_explains_and_keeps_what_was_learned() -> None:
    at = open_page(PAGE, query={"eta": "3", "gamma": "1", "step_reward": "-1"})
    train(at, "td")
    live = at.session_state["live.td"]
    assert live.status == "error"
    assert any("became" in e.value for e in at.error)
    assert EN["maze_td.diverged"] in [w.value for w in at.warning]
    z = table(q_spec(at))
    assert all(v is None or not math.isinf(v) for row in z for v in row)
    assert len(series(charts(at)[EN["maze_td.steps_title"]])["Q-learning"]) >= 1
    assert button(at, EN["maze_td.step"]).disabled
    click(at, EN["common.reset"])
    assert at.session_state["live.td"].status == "idle" and not at.warning


def test_divergence_message_is_shown_in_chinese() -> None:
    """The core raises codes, not sentences: on ?lang=zh the whole message is Chinese."""
    at = open_page(PAGE, lang="zh", query={"eta": "3", "gamma": "1", "step_reward": "-1"})
    train(at, "td", label=ZH["common.train"])
    assert at.session_state["live.td"].status == "error"
    template = ZH["common.training_error"].format(message=ZH["errors.q_diverged"])
    pattern = re.escape(template)
    for name in ("algo", "state", "action", "episode", "value"):
        pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{name}>[^；（）]+?)")
    shown = [e.value for e in at.error]
    assert len(shown) == 1
    found = re.fullmatch(pattern, shown[0])
    assert found, shown[0]
    # The algorithm is named as the page's own labels name it, the number as a symbol.
    assert found["algo"] == ZH["maze_td.algo_q_learning"] == "Q 学习"
    assert found["value"] in ("+∞", "−∞")
    assert "became" not in shown[0] and "lower" not in shown[0]


@pytest.mark.parametrize("algo", ["sarsa", "q_learning"])
def test_divergence_message_on_a_chinese_page_has_no_english_words(algo) -> None:
    """Whatever diverges, the message on ?lang=zh holds no English word: the only Latin
    letters are the notes' symbols (Q, η, γ, the state and action numbers) and SARSA."""
    query = {"algo": algo, "eta": "3", "gamma": "1", "step_reward": "-1"}
    at = open_page(PAGE, lang="zh", query=query)
    train(at, "td", label=ZH["common.train"])
    assert at.session_state["live.td"].status == "error"
    (message,) = [e.value for e in at.error]
    assert ZH["maze_td.algo_" + algo] in message
    words = re.findall(r"[A-Za-z_]{2,}", message.replace("SARSA", "").replace("NaN", ""))
    assert words == [], message


def test_language_switch_changes_labels() -> None:
    at = open_page(PAGE, lang="zh")
    assert at.title[0].value == ZH["maze_td.title"]
    assert ZH["maze_td.q_title"].format(algo=ZH["maze_td.algo_q_learning"]) in charts(at)
    assert button(at, ZH["maze_td.step"])


def test_malformed_query_params_are_fixed_with_a_notice() -> None:
    at = open_page(
        PAGE,
        query={"algo": "dqn", "eta": "abc", "episodes": "1e9", "gamma": "2", "layout": "x"},
    )
    warnings = "\n".join(w.value for w in at.warning)
    assert EN["common.params_fixed"] in warnings
    for name in ("algo", "eta", "episodes", "gamma", "layout"):
        assert f"{name} =" in warnings
    assert at.session_state["td.algo"] == "q_learning"
    assert at.session_state["td.episodes"] == 5_000
    assert at.session_state["td.gamma"] == 1.0
    assert at.query_params["episodes"] in ("5000", ["5000"])


def test_share_link_reproduces_the_run_and_playback_shows_it() -> None:
    query = {"algo": "sarsa", "seed": "7", "episodes": "40", "schedule": "constant"}
    runs = []
    for _ in range(2):
        at = open_page(PAGE, query=query)
        train(at, "td")
        runs.append(series(charts(at)[EN["maze_td.steps_title"]])["SARSA"])
    assert runs[0] == runs[1] and len(runs[0]) == 40
    assert series(charts(at)[EN["maze_td.eps_title"]])["SARSA"] == [0.5] * 40
    # Playback: the newest stored episode on the maze, with an episode selector.
    slider = at.select_slider(key="_w.td.playback_episode")
    assert slider.value == 40 and list(slider.options)[:2] == ["1", "2"]
    assert picture_captions(at)  # the maze with greedy arrows
    replay = players(at)[0]
    assert len(replay["frames"]) == len(replay["captions"]) > 1


def test_finished_run_is_green_only_on_the_shortest_path() -> None:
    at = open_page(PAGE)
    train(at, "td")
    assert [s.value for s in at.success] == [
        EN["maze_td.verdict_optimal"].format(
            algo="Q-learning", greedy=EN["maze_td.greedy_moves"].format(n=6)
        )
    ]
    # 10 episodes at η = 0.001 leave Q near its random start: the greedy path loops.
    at = open_page(PAGE, query={"episodes": "10", "eta": "0.001"})
    train(at, "td")
    assert not at.success
    assert EN["maze_td.verdict_not_optimal"].format(
        algo="Q-learning", greedy=EN["maze_td.greedy_lost"], n=6
    ) in [w.value for w in at.warning]


def test_slow_speed_trains_one_episode_per_redraw() -> None:
    at = open_page(PAGE, query={"speed": "slow"})
    button(at, EN["common.train"]).click().run()
    assert at.session_state["live.td"].done == 1
    at.run()
    assert at.session_state["live.td"].done == 2
    at.selectbox(key="_w.td.speed").set_value("watch").run()
    state = at.session_state["live.td"]
    assert state.status == "running" and state.done == 3  # a speed change does not pause
    caption = EN["maze_td.watch_caption"].format(
        algo="Q-learning", k=3, t=session(at).lanes[0].lengths[-1]
    )
    gifs = [el.proto.body for el in at.get("html") if "data:image/gif;base64," in el.proto.body]
    assert len(gifs) == 1 and caption in gifs[0]


def test_train_on_open_link_reproduces_the_q_table() -> None:
    teacher = open_page(PAGE, query={"algo": "both", "seed": "5", "speed": "fast"})
    button(teacher, EN["common.train"]).click().run()
    click(teacher, EN["common.pause"])
    # "Fast" shows at most 10 episodes per redraw, fewer when the chunk's time runs out
    # first (a loaded machine): the link carries however many the teacher's run reached.
    done = teacher.session_state["live.td"].done
    assert 1 <= done <= 10
    link = teacher.code[1].value
    assert f"train={done}" in link
    student = open_page(PAGE, query=dict(parse_qsl(link.split("?", 1)[1])))
    runs = 0
    while student.session_state["live.td"].status == "running" and runs < 50:
        student.run()
        runs += 1
    assert student.session_state["live.td"].status == "paused"
    assert student.session_state["live.td"].done == done
    for mine, theirs in zip(session(teacher).lanes, session(student).lanes, strict=True):
        np.testing.assert_array_equal(mine.q, theirs.q)


def test_held_charts_are_two_redraws_behind_at_most_and_current_when_paused(
    monkeypatch,
) -> None:
    """At full speed the secondary charts and the Q tables are built one redraw in three
    (``LiveRun.held``): while training each is at most two redraws behind the steps chart,
    and once the run stops every chart shows where it stopped."""
    from webui import live

    monkeypatch.setattr(live, "_in_fragment_run", lambda: True)  # chained, as in a browser
    at = open_page(PAGE, query={"algo": "both", "layout": "maze_8x8", "episodes": "5000"})
    button(at, EN["common.train"]).click().run()

    def last_episodes() -> tuple[float, ...]:
        """The last episode each chart reaches: steps, then the held ones."""
        shown = charts(at)
        titles = ("steps_title", "gap_value_title", "gap_path_title", "td_title", "eps_title")
        return tuple(
            max(p[0] for s in lines(shown[EN[f"maze_td.{k}"]]) for p in s["data"]) for k in titles
        )

    seen = []
    for _ in range(6):
        seen.append(last_episodes())
        assert at.session_state["live.td"].status == "running"  # 5,000 take longer
        at.run()
    for r in range(2, len(seen)):
        assert all(x >= seen[r - 2][0] for x in seen[r][1:])  # two redraws behind at most
    assert any(x < steps for steps, *held in seen for x in held)  # and some were behind
    button(at, EN["common.pause"]).click().run()
    done = at.session_state["live.td"].done
    assert set(last_episodes()) == {done}
    for lane in session(at).lanes:
        shown = table(q_spec(at, EN[f"maze_td.algo_{lane.algo}"]))
        q = np.where(np.isnan(lane.q), np.nan, lane.q)
        assert np.array_equal(np.array(shown, dtype=float), q, equal_nan=True)
