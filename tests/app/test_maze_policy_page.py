"""The maze policy / policy-gradient page through AppTest."""

from __future__ import annotations

import json
import math
from urllib.parse import parse_qsl

import pytest

from tests.app.helpers import (
    axis_name,
    button,
    cell_texts,
    click,
    log_y,
    main_title,
    open_page,
    reference_lines,
    table,
    texts,
    train,
    values,
)
from tests.app.helpers import chart as chart_titled
from tests.app.helpers import lines as line_series
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/maze_policy.py"
RUN = "mp"


def chart(at, title_start: str) -> dict:
    """The ECharts option whose title starts with ``title_start``."""
    return chart_titled(at, title_start, prefix=True)


def z(option: dict) -> list[list[float | None]]:
    """The heatmap's table, None where blocked."""
    return table(option)


def cell_numbers(at) -> dict[str, float]:
    df = at.dataframe[0].value
    return dict(zip(df[EN["maze_policy.col_symbol"]], df[EN["maze_policy.col_value"]], strict=True))


def test_t_means_the_episode_length_only_and_beta_in_the_step_is_said() -> None:
    """The temperature is τ (β = 1/τ), so T is only the episode length of Δθ = …/T; where
    the update is written, the page says Δθ leaves out β and shows the exact gradient."""
    for text in (EN, ZH):
        policy = {k: v for k, v in text.items() if k.startswith("maze_policy.")}
        assert not [k for k, v in policy.items() if "1/T" in v]
        assert "β = 1/τ" in policy["maze_policy.s1_intro"]
    at = open_page(PAGE)
    assert EN["maze_policy.rule_beta"] in [m.value for m in at.markdown]
    assert any(r"= \beta\,\Delta\theta(s,a)" in f.value for f in at.latex)


def test_theta0_and_the_two_policies_on_the_seed_maze() -> None:
    at = open_page(PAGE)
    theta = z(chart(at, "θ₀"))
    naive = chart(at, EN["maze_policy.naive_title"])
    softmax = z(chart(at, "Softmax π, β = 1"))
    # S0: up and left are off the grid; S1: the wall S1|S4 blocks down; S8 is the goal.
    assert theta[0] == [None, 1.0, 1.0, None]
    assert theta[1] == [None, 1.0, None, 1.0]
    assert theta[8] == [None] * 4
    assert z(naive)[0] == [None, 0.5, 0.5, None]
    assert cell_texts(naive)[0] == ["–", "0.50", "0.50", "–"]
    assert z(naive)[1] == [None, 0.5, None, 0.5]
    # θ₀ is constant on allowed moves, so the softmax equals the naive ratio for any β.
    for row_naive, row_soft in zip(z(naive), softmax, strict=True):
        for p, q in zip(row_naive, row_soft, strict=True):
            assert (p is None and q is None) or math.isclose(p, q)
    walk_steps = at.metric[0].value
    assert int(walk_steps) >= 6
    assert at.metric[1].value == "6"  # the shortest path S0→S1→S2→S5→S4→S7→S8


def test_random_walk_depends_on_the_seed_only() -> None:
    steps = []
    for seed in ("0", "0", "5"):
        at = open_page(PAGE, query={"seed": seed})
        steps.append(at.metric[0].value)
    assert steps[0] == steps[1]
    assert steps[0] != steps[2]


def test_training_draws_live_and_charts_change_between_snapshots() -> None:
    at = open_page(PAGE, query={"episodes": "100", "seed": "1"})
    assert EN["maze_policy.train_hint"] in texts(at)
    train(at, RUN)
    assert at.session_state[f"live.{RUN}"].done == 100
    theta_100 = z(chart(at, "θ after episode 100"))
    lengths = chart(at, EN["maze_policy.length_title"])
    assert len(values(line_series(lengths)[0])) == 100
    assert reference_lines(lengths, "y")[0] == 6  # the optimum line
    change = chart(at, "Change of the policy")
    assert log_y(change)
    assert reference_lines(change, "y")[0] == pytest.approx(1e-4)

    # Raising the episode budget pauses; Resume continues the same run.
    at.slider(key="_w.mp.episodes").set_value(300).run()
    assert at.session_state[f"live.{RUN}"].status == "paused"
    train(at, RUN, label=EN["common.resume"])
    assert at.session_state[f"live.{RUN}"].done == 300
    theta_300 = z(chart(at, "θ after episode 300"))
    assert theta_300 != theta_100
    assert len(values(line_series(chart(at, EN["maze_policy.length_title"]))[0])) == 300


def test_the_cell_numbers_satisfy_the_update_rule() -> None:
    at = open_page(PAGE, query={"episodes": "100", "seed": "2", "eta": "0.5"})
    train(at, RUN)
    for state, action in ((0, "right"), (4, "down")):
        at.selectbox(key="_w.mp.cell_s_select").set_value(state).run()
        at.selectbox(key="_w.mp.cell_a").set_value(action).run()
        cells = cell_numbers(at)
        n_sa, n_s, pi, steps = cells["N(s,a)"], cells["N(s)"], cells["π(s,a)"], cells["T"]
        delta, eta = cells["Δθ(s,a)"], cells["η"]
        before = cells[EN["maze_policy.q_before_name"]]
        after = cells[EN["maze_policy.q_after_name"]]
        assert eta == 0.5
        assert steps == at.session_state[f"live.{RUN}"].latest.length
        assert 0 <= n_sa <= n_s <= steps
        assert delta == pytest.approx((n_sa - pi * n_s) / steps, rel=1e-12, abs=1e-15)
        assert after == pytest.approx(before + eta * delta, rel=1e-12, abs=1e-15)
        # θ after is the live heatmap's value for that cell.
        a = ("up", "right", "down", "left").index(action)
        assert z(chart(at, "θ after episode 100"))[state][a] == pytest.approx(after)
    # A blocked move has no numbers, only an explanation.
    at.selectbox(key="_w.mp.cell_a").set_value("up").run()
    at.selectbox(key="_w.mp.cell_s_select").set_value(0).run()
    assert "blocked" in texts(at)


def test_convergence_stops_training_with_a_message() -> None:
    at = open_page(PAGE, query={"eta": "1", "threshold": "0.01", "episodes": "2000"})
    train(at, RUN)
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "finished"
    k = state.done
    assert k < 2000
    assert state.latest.converged and state.latest.metrics["delta_pi_sum"] < 0.01
    # η = 1 learns the maze before Σ|Δπ| < 0.01: green, with the greedy path's 6 moves.
    assert len(at.success) == 1 and not at.warning
    assert f"Converged at episode {k:,} and learnt the maze" in at.success[0].value
    assert (
        EN["maze_policy.greedy_moves"].format(n=6) + " (the shortest path)" in at.success[0].value
    )
    # A finished, converged run offers no Resume.
    assert button(at, EN["common.train"]).disabled


def test_default_run_converges_green_on_the_shortest_path() -> None:
    at = open_page(PAGE)
    train(at, RUN, max_runs=2_000)
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "finished" and state.latest.converged
    text = at.success[0].value
    assert f"Converged at episode {state.done:,} " in text
    assert "the greedy path takes 6 moves (the shortest path)" in text
    assert not at.warning


def test_tiny_eta_stops_after_one_episode_without_green() -> None:
    # η = 0.001: θ moves by at most 0.001·|Δθ|, so π barely changes and Σ|Δπ| < 1e-4 right
    # after the first episode, which wandered far longer than the 6-move shortest path.
    at = open_page(PAGE, query={"eta": "0.001"})
    train(at, RUN)
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "finished" and state.done == 1
    assert not at.success
    warning = "\n".join(w.value for w in at.warning)
    length = state.latest.length
    assert length > 6
    assert "fell below ε = 0.0001 after episode 1, but the maze was not learnt" in warning
    assert f"the last 1 episodes took {length:.1f} moves on average (shortest path: 6)" in warning
    assert "each update is tiny (η = 0.001" in warning


def test_large_threshold_stops_at_once_without_green() -> None:
    at = open_page(PAGE, query={"threshold": "0.01"})
    train(at, RUN)
    assert at.session_state[f"live.{RUN}"].done == 1
    assert not at.success
    assert "the maze was not learnt" in "\n".join(w.value for w in at.warning)


def test_budget_out_says_it_did_not_converge() -> None:
    at = open_page(PAGE, query={"threshold": "1e-06", "episodes": "100"})
    train(at, RUN)
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "finished" and state.done == 100
    assert not state.latest.converged
    assert not at.success
    notes = "\n".join(n.value for n in [*at.warning, *at.info])
    assert "Did not converge in 100 episodes" in notes
    assert "is still above ε = 1e-06" in notes


def test_change_chart_always_shows_the_threshold_line() -> None:
    # After 100 episodes Σ|Δπ| is around 10⁻² to 10⁻³; the axis must still reach 10⁻⁶.
    at = open_page(PAGE, query={"threshold": "1e-06", "episodes": "100"})
    train(at, RUN)
    raw = next(
        json.loads(el.proto.spec)
        for el in at.get("echarts_chart")
        if json.loads(el.proto.spec)["title"]["text"] == EN["maze_policy.change_title"]
    )
    changes = [r.delta_pi_sum for r in at.session_state[f"live.{RUN}"].records]
    assert min(changes) > 1e-5  # the data alone would not reach the line
    assert raw["yAxis"]["min"] <= -6 <= raw["yAxis"]["max"]


def test_speed_slow_is_one_episode_per_redraw_and_fast_ten() -> None:
    at = open_page(PAGE, query={"speed": "slow"})
    button(at, EN["common.train"]).click().run()
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "running" and state.done == 1
    at.run()
    assert at.session_state[f"live.{RUN}"].done == 2
    at.selectbox(key="_w.mp.speed").set_value("fast").run()
    assert at.session_state[f"live.{RUN}"].status == "running"  # speed does not pause
    assert at.session_state[f"live.{RUN}"].done == 12
    at.run()
    assert at.session_state[f"live.{RUN}"].done == 22


def test_watch_speed_animates_the_current_episode() -> None:
    at = open_page(PAGE, query={"speed": "watch"})
    button(at, EN["common.train"]).click().run()
    state = at.session_state[f"live.{RUN}"]
    assert state.done == 1
    caption = EN["maze_policy.watch_caption"].format(k=1, t=state.latest.length)
    gifs = [el.proto.body for el in at.get("html") if "data:image/gif;base64," in el.proto.body]
    assert len(gifs) == 1 and caption in gifs[0]


def test_step_plays_one_episode_and_shows_its_update() -> None:
    at = open_page(PAGE)
    click(at, "mp.step")
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "paused" and state.done == 1
    snap = state.latest
    states, actions, steps = snap.state_list, snap.action_list, snap.length
    # Hand-count the update of episode 1: θ₀ gives a uniform π over each state's open moves
    # (the seed maze's walls: S1|S4, S3|S4, S3|S6, S5|S8; actions 0↑ 1→ 2↓ 3←).
    open_moves = {0: (1, 2), 1: (1, 3), 2: (2, 3), 3: (0,), 4: (1, 2), 5: (0, 3), 6: (1,)}
    open_moves[7] = (0, 1, 3)
    n_sa, n_s = {}, {}
    for s, a in zip(states[:-1], actions, strict=True):
        n_sa[s, a] = n_sa.get((s, a), 0) + 1
        n_s[s] = n_s.get(s, 0) + 1
    assert EN["maze_policy.step_title"].format(k=1) in texts(at)
    path = " → ".join(f"S{s}" for s in states[:61]) + (" …" if steps > 60 else "")
    assert EN["maze_policy.step_path"].format(t=steps, path=path) in texts(at)
    deltas = {
        (s, a): (n_sa.get((s, a), 0) - n_s[s] / len(open_moves[s])) / steps
        for s in n_s
        for a in open_moves[s]
    }
    table = at.dataframe[0].value
    assert len(table) == 4
    for _, row in table.iterrows():
        cell = row[EN["maze_policy.col_cell"]]
        s, a = int(cell[1]), "↑→↓←".index(cell[-1])
        assert row["N(s,a)"] == n_sa.get((s, a), 0) and row["N(s)"] == n_s[s]
        assert row["π(s,a)"] == pytest.approx(1 / len(open_moves[s]))
        assert row["Δθ(s,a)"] == pytest.approx(deltas[s, a])
        assert row[EN["maze_policy.q_after_name"]] == pytest.approx(1 + 0.1 * deltas[s, a])
    # The rows are the largest |Δθ| of the update.
    largest = sorted((abs(d) for d in deltas.values()), reverse=True)[:4]
    assert sorted(abs(v) for v in table["Δθ(s,a)"])[::-1] == pytest.approx(largest)
    change = snap.metrics["delta_pi_sum"]
    assert EN["maze_policy.step_change"].format(
        change=f"{change:.4g}", threshold="0.0001"
    ) in texts(at)


def test_share_link_trains_on_open_to_the_same_episode() -> None:
    teacher = open_page(PAGE, query={"seed": "7", "eta": "0.2", "speed": "fast"})
    button(teacher, EN["common.train"]).click().run()
    teacher.run()
    click(teacher, EN["common.pause"])
    mine = teacher.session_state[f"live.{RUN}"]
    # "Fast" shows at most 10 episodes per redraw, fewer when a chunk's time runs out first
    # (a loaded machine): the link carries however many the teacher's two chunks reached.
    n = mine.done
    assert mine.status == "paused" and 1 <= n <= 20
    links = [c.value for c in teacher.code]
    assert len(links) == 2 and f"train={n}" in links[1] and "train=" not in links[0]
    assert EN["common.share_link_train"].format(n=str(n)) in texts(teacher)

    query = dict(parse_qsl(links[1].split("?", 1)[1]))
    assert query["speed"] == "fast"
    student = open_page(PAGE, query=query)
    # Training on open goes at full speed, whatever speed the link names.
    student_run = student.session_state[f"live.{RUN}"]
    assert student_run.stop_at == n or student_run.done == n
    runs = 0
    while student.session_state[f"live.{RUN}"].status == "running" and runs < 100:
        student.run()
        runs += 1
    theirs = student.session_state[f"live.{RUN}"]
    assert theirs.status == "paused" and theirs.done == n
    assert theirs.latest.table_rows["theta"] == mine.latest.table_rows["theta"]
    assert "train" not in student.query_params  # the address bar keeps the settings only
    # Without train= the same link opens untrained.
    fresh = open_page(PAGE, query=dict(parse_qsl(links[0].split("?", 1)[1])))
    assert fresh.session_state[f"live.{RUN}"].status == "idle"


def test_same_link_same_run() -> None:
    query = {"seed": "7", "episodes": "200", "eta": "0.2", "beta": "2"}
    thetas = []
    for _ in range(2):
        at = open_page(PAGE, query=query)
        train(at, RUN)
        thetas.append(z(chart(at, "θ after episode 200")))
    assert thetas[0] == thetas[1]


def test_training_settings_pause_view_settings_do_not() -> None:
    at = open_page(PAGE, query={"episodes": "20000"})
    button(at, EN["common.train"]).click().run()
    assert at.session_state[f"live.{RUN}"].status == "running"
    at.select_slider(key="_w.mp.view_beta").set_value(5.0).run()
    assert at.session_state[f"live.{RUN}"].status == "running"
    done = at.session_state[f"live.{RUN}"].done
    at.select_slider(key="_w.mp.eta").set_value(0.2).run()
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "paused"
    assert state.done >= done > 0  # nothing learned was lost
    assert state.source.agent.settings.eta == 0.2  # η applies to the paused run

    # Seed cannot apply to a trained agent: the run resets and says so.
    at.number_input(key="_w.mp.seed").set_value(4).run()
    state = at.session_state[f"live.{RUN}"]
    assert state.status == "idle" and state.done == 0
    assert EN["common.reset_notice"].format(settings=EN["common.seed"]) in texts(at)


def test_learned_theta_feeds_the_first_section() -> None:
    at = open_page(PAGE, query={"theta": "learned"})
    assert EN["maze_policy.no_learned_theta"] in texts(at)
    at = open_page(PAGE, query={"theta": "learned", "episodes": "300", "eta": "1"})
    train(at, RUN)
    shown = [
        z(option)
        for option in map(json.loads, (el.proto.spec for el in at.get("echarts_chart")))
        if main_title(option) == "θ after episode 300"
    ]
    assert len(shown) == 2 and shown[0] == shown[1]  # section 1 shows the live run's θ
    assert shown[0][0] != [None, 1.0, 1.0, None]  # θ(S0, ·) has moved away from θ₀
    sweep = chart(at, "What β does")
    # The chosen state's lines are not flat once θ differs within the row.
    spreads = [max(values(one)) - min(values(one)) for one in line_series(sweep)]
    assert max(spreads) > 0.1


def test_language_switch_changes_labels() -> None:
    at = open_page(PAGE, lang="zh")
    assert at.title[0].value == ZH["maze_policy.title"]
    assert chart(at, ZH["maze_policy.naive_title"])
    assert axis_name(chart(at, "θ₀"), "x") == ZH["maze_policy.axis_action"]
    assert button(at, ZH["common.train"])


def test_malformed_query_params_are_fixed_with_a_notice() -> None:
    at = open_page(
        PAGE,
        query={
            "layout": "maze_99",
            "eta": "abc",
            "threshold": "5",
            "episodes": "-3",
            "cell_a": "diagonal",
            "seed": "1e99",
        },
    )
    warnings = "\n".join(w.value for w in at.warning)
    assert EN["common.params_fixed"] in warnings
    for name in ("layout", "eta", "threshold", "episodes", "cell_a", "seed"):
        assert f"{name} =" in warnings
    assert at.session_state["mp.layout"] == "seed_3x3"
    assert at.session_state["mp.eta"] == 0.1
    assert at.session_state["mp.threshold"] == 0.01
    assert at.session_state["mp.episodes"] == 100


def test_larger_layout_draws_and_trains() -> None:
    at = open_page(PAGE, query={"layout": "maze_5x5", "episodes": "100"})
    assert len(z(chart(at, "θ₀"))) == 25
    assert at.metric[1].value == "20"
    click(at, EN["common.train"])
    train_runs = 0
    while at.session_state[f"live.{RUN}"].status == "running" and train_runs < 200:
        at.run()
        train_runs += 1
    lengths = chart(at, EN["maze_policy.length_title"])
    assert reference_lines(lengths, "y")[0] == 20
