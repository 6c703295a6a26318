"""The maze policy / policy-gradient page through AppTest."""

from __future__ import annotations

import math

import pytest

from playground.i18n import TEXT
from tests.app.helpers import button, chart_specs, click, open_page, texts, train

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/maze_policy.py"
RUN = "mp"


def chart(at, title_start: str) -> dict:
    """The chart spec (plotly or live) whose title starts with ``title_start``."""
    for spec in chart_specs(at):
        title = (spec["layout"].get("title") or {}).get("text") or ""
        if title.startswith(title_start):
            return spec
    titles = [(s["layout"].get("title") or {}).get("text") for s in chart_specs(at)]
    raise AssertionError(f"no chart titled {title_start!r}; charts: {titles}")


def z(spec: dict) -> list[list[float | None]]:
    """The heatmap's table, None where blocked (NaN decoded from binary or null in JSON)."""
    return [
        [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in row]
        for row in spec["data"][0]["z"]
    ]


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
    assert naive["data"][0]["text"][0] == ["–", "0.50", "0.50", "–"]
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
    assert len(lengths["data"][0]["y"]) == 100
    assert lengths["layout"]["shapes"][0]["y0"] == 6  # the optimum line
    change = chart(at, "Change of the policy")
    assert change["layout"]["yaxis"]["type"] == "log"
    assert change["layout"]["shapes"][0]["y0"] == pytest.approx(1e-4)

    # Raising the episode budget pauses; Resume continues the same run.
    at.slider(key="_w.mp.episodes").set_value(300).run()
    assert at.session_state[f"live.{RUN}"].status == "paused"
    train(at, RUN, label=EN["common.resume"])
    assert at.session_state[f"live.{RUN}"].done == 300
    theta_300 = z(chart(at, "θ after episode 300"))
    assert theta_300 != theta_100
    assert len(chart(at, EN["maze_policy.length_title"])["data"][0]["y"]) == 300


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
    assert EN["maze_policy.converged"].format(k=k, threshold="0.01") in texts(at)
    assert state.latest.converged and state.latest.metrics["delta_pi_sum"] < 0.01
    # A finished, converged run offers no Resume.
    assert button(at, EN["common.train"]).disabled


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
        z(spec)
        for spec in chart_specs(at)
        if (spec["layout"].get("title") or {}).get("text") == "θ after episode 300"
    ]
    assert len(shown) == 2 and shown[0] == shown[1]  # section 1 shows the live run's θ
    assert shown[0][0] != [None, 1.0, 1.0, None]  # θ(S0, ·) has moved away from θ₀
    sweep = chart(at, "What β does")
    # The chosen state's lines are not flat once θ differs within the row.
    spreads = [max(trace["y"]) - min(trace["y"]) for trace in sweep["data"]]
    assert max(spreads) > 0.1


def test_language_switch_changes_labels() -> None:
    at = open_page(PAGE, lang="zh")
    assert at.title[0].value == ZH["maze_policy.title"]
    assert chart(at, ZH["maze_policy.naive_title"])
    assert chart(at, "θ₀")["layout"]["xaxis"]["title"]["text"] == ZH["maze_policy.axis_action"]
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
    assert lengths["layout"]["shapes"][0]["y0"] == 20
