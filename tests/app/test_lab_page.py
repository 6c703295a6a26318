"""The Lab page: build a comparison, run it to the end, stop midway and resume, change the
language, open the share link cold, the CSV, presets, sweeps, and bad input."""

from __future__ import annotations

import base64
import io
import json
import time
import zlib

import pandas as pd
import pytest

from playground import lab
from playground.lab import run_job
from tests.app.helpers import assert_no_exception, click, open_page, plotly_specs, texts
from webui import lab as ui
from webui.i18n import TEXT

EN, ZH = TEXT["en"], TEXT["zh"]
PAGE = "app_pages/lab.py"
MAX_POLLS = 600  # 0.2 s apart: two minutes for a loaded machine


def widget(at, name: str):
    """The widget showing setting ``name`` (its key is ``_w.lab.<name>``)."""
    key = f"_w.lab.{name}"
    for kind in ("selectbox", "number_input", "slider", "select_slider", "text_input",
                 "toggle", "segmented_control"):  # fmt: skip
        for element in at.get(kind):
            if getattr(element, "key", None) == key:
                return element
    raise AssertionError(f"no widget for {name!r}")


def set_value(at, name: str, value) -> None:
    widget(at, name).set_value(value).run()
    assert_no_exception(at)


def run_of(at) -> ui.LabRun:
    return at.session_state[ui.RUN_KEY]


def wait(at, until=lambda run: run.status != "running") -> ui.LabRun:
    """Rerun the page (as the browser's timer does) until ``until(run)``."""
    for _ in range(MAX_POLLS):
        at.run()
        assert_no_exception(at)
        if until(run_of(at)):
            if run_of(at).status != "running":
                # The last jobs may have come in after this run drew the page: draw the
                # settled state once more (it no longer changes), so the page shows all of it.
                at.run()
                assert_no_exception(at)
            return run_of(at)
        time.sleep(0.2)
    raise AssertionError(f"still {run_of(at).status} with {run_of(at).finished} runs finished")


def csv_frame(run: ui.LabRun) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(ui.csv_text(run)))


def build_taxi(at) -> None:
    """Taxi (the general path: each run takes a while), SARSA against Q-learning."""
    set_value(at, "env", "Taxi-v4")
    set_value(at, "a0", "sarsa")
    set_value(at, "a1", "q_learning")
    set_value(at, "a1.q_learning.epsilon", 0.1)
    set_value(at, "seeds", 4)
    set_value(at, "episodes", 150)


def test_a_comparison_built_by_hand_runs_to_the_end_with_figure_table_and_csv() -> None:
    at = open_page(PAGE)
    assert EN["lab.nothing_yet"] in texts(at)
    set_value(at, "env", "FrozenLake-v1")
    set_value(at, "fl_slippery", False)
    set_value(at, "n_algorithms", 3)
    set_value(at, "a2", "policy_gradient")
    set_value(at, "seeds", 5)
    set_value(at, "episodes", 60)
    assert "15 runs: 3 × 5 seeds." in texts(at)
    click(at, EN["lab.run"])
    run = wait(at)
    assert run.status == "finished" and run.finished == run.total == 15
    assert all(r.ok for r in run.results)
    (figure,) = plotly_specs(at)
    means = [trace["name"] for trace in figure["data"] if trace.get("fill") != "toself"]
    assert means == ["SARSA (n=5)", "Q-learning (n=5)", "Policy gradient (n=5)"]
    assert sum(trace.get("fill") == "toself" for trace in figure["data"]) == 3  # the CI bands
    # The y range leaves out the first tenth of the episodes; the caption says so.
    assert figure["layout"]["yaxis"]["range"] is not None
    assert EN["lab.curves_range"] in texts(at)
    table = at.dataframe[0].value
    assert table[EN["lab.col_algorithm"]].tolist() == ["SARSA", "Q-learning", "Policy gradient"]
    assert table[EN["lab.col_seeds"]].tolist() == [5, 5, 5]
    duels = at.dataframe[1].value
    assert duels.shape == (3, 3)
    frame = csv_frame(run)
    assert list(frame.columns) == list(lab.results.TIDY_COLUMNS)
    assert len(frame) == 15 * 60 and set(frame["replicate"]) == set(range(5))
    assert frame.groupby("arm")["seed"].nunique().tolist() == [5, 5, 5]
    env = run.experiment.env
    assert dict(env.kwargs) == {"map_name": "4x4", "is_slippery": False}
    (download,) = at.get("download_button")  # made on click; the click reruns nothing
    assert download.proto.deferred_file_id and download.proto.ignore_rerun


def test_stop_keeps_the_finished_runs_and_resume_runs_only_the_rest() -> None:
    at = open_page(PAGE)
    build_taxi(at)
    click(at, EN["lab.run"])
    run = wait(at, until=lambda run: run.finished >= 1)
    click(at, EN["lab.stop"])
    run = run_of(at)
    kept = list(run.results)
    assert run.status == "stopped" and 1 <= len(kept) < run.total == 8
    assert EN["lab.status_stopped"].split(":")[0] in texts(at)
    # What was kept is what a run alone gives (the same seeds, the same numbers).
    assert kept[0].same_numbers(run_job(kept[0].job))
    # Resume: only the jobs without a result run; together, every job exactly once.
    click(at, EN["lab.resume"])
    run = wait(at)
    assert run.status == "finished" and run.finished == 8
    assert sorted((r.job.arm, r.job.replicate) for r in run.results) == [
        (arm, i) for arm in (0, 1) for i in range(4)
    ]
    assert run.results[: len(kept)] == kept
    assert EN["lab.run"] == next(b for b in at.button if b.key == "_lab.run").label  # again


def test_the_share_link_opened_cold_reproduces_the_experiment_and_its_numbers() -> None:
    at = open_page(PAGE)
    click(at, EN["lab.preset_fig64"])
    set_value(at, "seeds", 4)
    set_value(at, "episodes", 50)
    click(at, EN["lab.run"])
    first = wait(at)
    set_value(at, "smooth", 5)
    code = at.query_params[ui.SHARE_PARAM][0] if isinstance(
        at.query_params[ui.SHARE_PARAM], list) else at.query_params[ui.SHARE_PARAM]  # fmt: skip
    cold = open_page(PAGE, query={ui.SHARE_PARAM: code, ui.RUN_PARAM: "1"}, lang="zh")
    second = wait(cold)
    assert second.experiment == first.experiment
    assert widget(cold, "a0.sarsa.eta").value == 0.5 and widget(cold, "seeds").value == 4
    assert widget(cold, "smooth").value == 5
    assert ui.csv_text(second) == ui.csv_text(first)
    assert ZH["lab.table_title"] in texts(cold)


def test_a_custom_grid_from_the_editor_runs_and_its_share_link_reopens_it() -> None:
    from playground.envs.gridworld import EXAMPLE_4_1

    at = open_page(PAGE)
    at.session_state[ui.EDITOR_GRID] = EXAMPLE_4_1.encode()  # drawn on the grid editor page
    set_value(at, "env", "custom_grid")
    assert widget(at, "grid").value == lab.spec.DEFAULT_GRID
    click(at, EN["lab.grid_from_editor"])
    assert widget(at, "grid").value == EXAMPLE_4_1.encode()
    set_value(at, "a1", "policy_gradient")
    set_value(at, "seeds", 3)
    set_value(at, "episodes", 30)
    click(at, EN["lab.run"])
    first = wait(at)
    assert first.status == "finished" and all(r.ok for r in first.results)
    assert dict(first.experiment.env.kwargs) == {"grid": EXAMPLE_4_1.encode()}
    code = at.query_params[ui.SHARE_PARAM]
    code = code[0] if isinstance(code, list) else code
    cold = open_page(PAGE, query={ui.SHARE_PARAM: code, ui.RUN_PARAM: "1"})
    second = wait(cold)
    assert widget(cold, "env").value == "custom_grid"
    assert widget(cold, "grid").value == EXAMPLE_4_1.encode()
    assert second.experiment == first.experiment
    assert ui.csv_text(second) == ui.csv_text(first)


def test_a_random_frozen_lake_map_runs_and_its_share_link_reopens_it() -> None:
    from playground.envs.gridworld import random_frozen_lake_spec

    at = open_page(PAGE, lang="zh")
    set_value(at, "env", "FrozenLake-v1")
    assert ZH["grid.map_size"] not in [w.label for w in at.number_input]  # 4×4: no size
    assert widget(at, "fl_map").options == [
        ZH["lab.fl_map_4x4"], ZH["lab.fl_map_8x8"], ZH["lab.fl_map_random"]
    ]  # fmt: skip
    set_value(at, "fl_map", "random")
    set_value(at, "fl_size", 5)
    set_value(at, "fl_seed", 3)
    set_value(at, "fl_slippery", False)
    assert widget(at, "fl_size").label == ZH["grid.map_size"]
    assert widget(at, "fl_slippery").help == ZH["grid.slippery_help"]  # 1/3 each way
    set_value(at, "seeds", 2)
    set_value(at, "episodes", 20)
    click(at, ZH["lab.run"])
    first = wait(at)
    assert first.status == "finished" and all(r.ok for r in first.results)
    env = first.experiment.env
    assert dict(env.kwargs) == {
        "map_name": "random", "is_slippery": False, "map_size": 5, "map_seed": 3
    }  # fmt: skip
    desc = ["".join(c.decode() for c in row) for row in env.make().unwrapped.desc]
    assert desc == random_frozen_lake_spec(5, 3).row_strings()  # the tabular pages' map
    code = at.query_params[ui.SHARE_PARAM]
    code = code[0] if isinstance(code, list) else code
    cold = open_page(PAGE, query={ui.SHARE_PARAM: code, ui.RUN_PARAM: "1"})
    second = wait(cold)
    assert (widget(cold, "fl_map").value, widget(cold, "fl_size").value) == ("random", 5)
    assert widget(cold, "fl_seed").value == 3
    assert second.experiment == first.experiment
    assert ui.csv_text(second) == ui.csv_text(first)


def test_a_grid_code_that_cannot_be_used_says_why() -> None:
    at = open_page(PAGE, lang="zh")
    set_value(at, "env", "custom_grid")
    set_value(at, "grid", "g1~4x4~SF4")
    shown = " ".join(e.value for e in at.error)
    assert ZH["errors.lab_grid"].split("{")[0] in shown and "cannot" not in shown
    assert next(b for b in at.button if b.key == "_lab.run").disabled


def test_changing_the_language_keeps_the_results() -> None:
    at = open_page(PAGE)
    set_value(at, "env", "maze_3x3")
    set_value(at, "seeds", 3)
    set_value(at, "episodes", 20)
    click(at, EN["lab.run"])
    run = wait(at)
    at.segmented_control(key="_w.lang").set_value("zh").run()
    assert_no_exception(at)
    assert run_of(at) is run
    assert ZH["lab.title"] in texts(at) and ZH["lab.table_title"] in texts(at)
    (figure,) = plotly_specs(at)
    assert figure["layout"]["xaxis"]["title"]["text"] == ZH["lab.episode"]
    assert ZH["lab.curves_range"] in texts(at)
    assert [t["name"] for t in figure["data"] if t.get("fill") != "toself"] == [
        "SARSA (n=3)",
        "Q 学习 (n=3)",
    ]


def test_the_figure_6_3_preset_sweeps_alpha_and_marks_the_best() -> None:
    at = open_page(PAGE)
    click(at, EN["lab.preset_fig63"])
    assert widget(at, "values1").value == "0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1"
    set_value(at, "seeds", 3)
    click(at, EN["lab.run"])
    run = wait(at)
    assert run.finished == 2 * 10 * 3
    (figure,) = plotly_specs(at)
    lines = [t for t in figure["data"] if t["mode"] == "lines+markers"]
    stars = [t for t in figure["data"] if t["mode"] == "markers"]
    assert [t["name"] for t in lines] == ["SARSA", "Q-learning"]
    assert len(lines[0]["x"]) == 10 and "array" in lines[0]["error_y"]
    assert len(stars) == 2  # one best α per algorithm
    assert EN["lab.measure_first_long"].format(n=100) in figure["layout"]["title"]["text"]


def test_two_swept_settings_give_a_heatmap_with_values_in_the_cells() -> None:
    at = open_page(PAGE)
    set_value(at, "env", "maze_3x3")
    set_value(at, "n_algorithms", 1)
    set_value(at, "mode", "sweep")
    set_value(at, "values1", "0.1, 0.5")
    set_value(at, "sweep2", "gamma")
    set_value(at, "values2", "0.5:0.9:3")
    set_value(at, "seeds", 2)
    set_value(at, "episodes", 20)
    click(at, EN["lab.run"])
    wait(at)
    (figure,) = plotly_specs(at)
    (heatmap,) = [t for t in figure["data"] if t["type"] == "heatmap"]
    assert heatmap["x"] == ["0.5", "0.7", "0.9"] and heatmap["y"] == ["0.1", "0.5"]
    assert heatmap["texttemplate"] == "%{z:.3g}"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"mode": "sweep", "values1": " "}, "the sweep over eta has no values"),
        ({"mode": "sweep", "values1": "0.1, 7"}, "`7` is not a valid value of eta"),
        (
            {"mode": "sweep", "n_algorithms": 4, "seeds": 100, "values1": "0.01:1:25"},
            "would run 10,000 jobs",
        ),
    ],
)
def test_bad_input_says_why_and_run_is_disabled(settings: dict, message: str) -> None:
    at = open_page(PAGE)
    for name, value in settings.items():
        set_value(at, name, value)
    assert message in " ".join(e.value for e in at.error)
    assert next(b for b in at.button if b.key == "_lab.run").disabled


def test_a_link_with_seeds_out_of_range_or_a_broken_code_says_so_and_shows_the_defaults() -> None:
    fig64, view = ui.PRESETS["fig64"]
    good = ui.encode(fig64, {**view, "mode": "compare"})
    payload = {"experiment": fig64.to_dict() | {"seeds": 500}, "view": {}}
    too_many = base64.urlsafe_b64encode(zlib.compress(json.dumps(payload).encode())).decode()
    for link, reason in (
        (too_many, "seeds must be in [1, 100], got 500"),
        (good[: len(good) // 2], EN["lab.link_unreadable"]),
        ("%%%", EN["lab.link_unreadable"]),
    ):
        at = open_page(PAGE, query={ui.SHARE_PARAM: link, ui.RUN_PARAM: "1"})
        warning = " ".join(w.value for w in at.warning)
        assert reason in warning, warning
        assert widget(at, "seeds").value == 10  # the defaults
        assert ui.RUN_KEY not in at.session_state  # nothing ran


def test_a_ray_address_that_does_not_answer_falls_back_to_this_machine() -> None:
    at = open_page(PAGE)
    set_value(at, "env", "maze_3x3")
    set_value(at, "seeds", 2)
    set_value(at, "episodes", 10)
    set_value(at, "ray", "127.0.0.1:9")
    assert "127.0.0.1:9" in texts(at)
    click(at, EN["lab.run"])
    run = wait(at)
    assert run.status == "finished" and all(r.ok for r in run.results)
    assert "did not answer" in str(run.notice) and run.where.endswith("local processes")
    assert "did not answer" in " ".join(w.value for w in at.warning)


def zh(key: str, **fields) -> str:
    return ZH[key].format(**fields)


def test_bad_input_is_explained_in_chinese() -> None:
    """Every reason the core gives (LabError, LabWarning) comes with a code; a Chinese page
    shows the Chinese text, with no English sentence inside the Chinese wrapper."""
    english = ("must be", "has no values", "would run", "did not answer", "instead", "the limit")

    def shown(at) -> str:
        text = " ".join(e.value for e in [*at.error, *at.warning])
        assert not [w for w in english if w in text], text
        return text

    at = open_page(PAGE, lang="zh")  # a sweep with no values
    set_value(at, "mode", "sweep")
    set_value(at, "values1", " ")
    assert zh("lab.cannot_run", reason=zh("lab.no_values", name="eta")) in shown(at)

    at = open_page(PAGE, lang="zh")  # too many jobs
    for name, value in {
        "mode": "sweep",
        "n_algorithms": 4,
        "seeds": 100,
        "values1": "0.01:1:25",
    }.items():
        set_value(at, name, value)
    reason = zh("errors.lab_too_many_jobs", jobs="10,000", algorithms=4, points=25, seeds=100,
                limit=f"{lab.MAX_JOBS:,}")  # fmt: skip
    assert zh("lab.cannot_run", reason=reason) in shown(at)
    assert next(b for b in at.button if b.key == "_lab.run").disabled

    fig64, _ = ui.PRESETS["fig64"]  # a link with seeds out of range
    payload = {"experiment": fig64.to_dict() | {"seeds": 0}, "view": {}}
    link = base64.urlsafe_b64encode(zlib.compress(json.dumps(payload).encode())).decode()
    at = open_page(PAGE, query={ui.SHARE_PARAM: link}, lang="zh")
    reason = zh("errors.lab_seeds_range", low=1, high="100", value=0)
    assert zh("lab.link_bad", reason=reason) in shown(at)

    at = open_page(PAGE, lang="zh")  # a Ray address that does not answer
    set_value(at, "env", "maze_3x3")
    set_value(at, "seeds", 2)
    set_value(at, "episodes", 10)
    set_value(at, "ray", "127.0.0.1:9")
    click(at, ZH["lab.run"])
    run = wait(at)
    workers = run.notice.params["workers"]
    reason = zh("errors.lab_ray_no_answer", address="127.0.0.1:9", timeout="5", workers=workers)
    assert zh("lab.fallback", reason=reason) in shown(at)


def test_runs_that_diverge_are_named_in_chinese() -> None:
    at = open_page(PAGE, lang="zh")
    set_value(at, "a0", "q_learning")
    set_value(at, "a0.q_learning.eta", 3.0)
    set_value(at, "a0.q_learning.gamma", 1.0)
    set_value(at, "n_algorithms", 1)
    set_value(at, "seeds", 2)
    set_value(at, "episodes", 20)
    click(at, ZH["lab.run"])
    run = wait(at)
    assert [r.error_code for r in run.results] == ["q_diverged"] * 2
    text = " ".join(w.value for w in at.warning)
    for result in run.results:
        reason = zh("errors.q_diverged", **result.error_params)
        row = zh("lab.unfinished_row", label=ZH["lab.algo_q_learning"], seed=result.job.seed,
                 run=result.job.replicate + 1, reason=reason)  # fmt: skip
        assert row in text
    assert "lower" not in text and "seed" not in text


def test_the_deep_settings_start_from_their_fast_presets() -> None:
    """The page's DQN and REINFORCE defaults are the fast presets' (without importing
    torch on the page, so they are written out; this keeps them equal)."""
    from playground.agents import dqn, reinforce

    for name, preset in (("dqn", dqn.fast_preset()), ("reinforce", reinforce.fast_preset())):
        for setting in ui.ALGORITHM_SETTINGS[name]:
            assert setting.param.default == getattr(preset, setting.field), setting.field


def test_a_figure_is_kept_for_the_runs_it_was_built_from() -> None:
    """Jobs finish in another thread while the page draws: a figure built from a snapshot
    of fewer runs is not kept as the figure of the fuller run (the comparison once showed
    two of its three algorithms at the end of a run, under load)."""
    experiment = lab.Experiment(
        lab.EnvSpec.of("CliffWalking-v1"), (lab.algorithm("q_learning"),), seeds=2, episodes=3
    )
    first, second = (run_job(job) for job in experiment.jobs())
    run = ui.LabRun(experiment, results=[first], status="finished")
    drawn = run.lab_results()
    run.results.append(second)  # the collecting thread, between the snapshot and the memo
    assert run.memo("curves", drawn, lambda: len(drawn.results)) == 1
    now = run.lab_results()
    assert run.memo("curves", now, lambda: len(now.results)) == 2
    assert run.memo("curves", now, lambda: -1) == 2  # kept for that snapshot
