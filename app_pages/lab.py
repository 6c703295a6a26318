"""The Lab: an experiment over many seeds — compare 1–4 algorithms or sweep one or two
settings — run on local processes or a Ray cluster, with confidence intervals, a tidy CSV
and a share link. The pieces live in ``webui/lab.py`` (settings, share codes, the run)
and ``webui/charts/lab.py`` (the figures); the numbers in ``playground.lab``."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import webui
from webui import charts, params, present
from webui import lab as ui
from webui.charts import lab as lab_figures

t = webui.t
p = ui.bind()
link_problem, run_on_open = ui.read_link(p)
ui.warm_pool()


def choice(name: str, label: str, options: tuple[str, ...], fmt=None, **kw) -> str:
    """A Choice widget whose options depend on other settings (the value kept in range)."""
    if p[name] not in options:
        p.set(name, options[0])
    sub = params.Bound(spec={name: params.Choice(options[0], options)}, prefix=ui.PREFIX)
    return sub.widget(name, label, format_func=fmt and names(options, fmt), **kw)


def names(options, fmt):
    """Labels fixed now (Streamlit may call a format_func outside this run)."""
    return {o: fmt(o) for o in options}.__getitem__


def preset(name: str) -> None:
    experiment, view = ui.PRESETS[name]
    ui.apply(p, ui.values_of(experiment, view))


def label_of(setting: ui.Setting) -> str:
    return t(setting.label) if setting.label.startswith("lab.") else setting.label


def algo(name: str) -> str:
    return t(f"lab.algo_{name}")


st.title(t("lab.title"))
st.caption(t("lab.intro"))
if link_problem:
    st.warning(link_problem, icon=":material/link_off:")
present.unknown_notice(p.spec)  # &show= keys that are not the Lab's settings

with st.sidebar:
    st.subheader(t("lab.presets"))
    for name in ui.PRESETS:
        st.button(t(f"lab.preset_{name}"), key=f"_lab.preset.{name}", on_click=preset,
                  args=(name,), width="stretch", help=t(f"lab.preset_{name}_help"))  # fmt: skip
    st.subheader(t("lab.where"))
    ui.widgets(p, "ray")
    st.caption(t("lab.where_ray", address=webui.literal(p["ray"])) if p["ray"].strip()
               else t("lab.where_local", n=ui.shared_local_executor().workers))  # fmt: skip

# ------------------------------------------------------------------ the experiment
# In presenter view the form folds into the sidebar (its columns stacked), so Run / Stop
# and the figure lead the page; settings pinned with &show= come back beside Run.
with present.settings_area():
    top = present.columns([2, 1, 1, 1])
    with top[0]:
        ui.widgets(p, "env")
        env = p["env"]
        if env == "FrozenLake-v1":
            sub = present.columns(2)
            with sub[0]:
                ui.widgets(p, "fl_map")
            with sub[1]:
                ui.widgets(p, "fl_slippery")
            if p["fl_map"] == "random":  # Gymnasium's generate_random_map(size, seed=…)
                sub = present.columns(2)
                with sub[0]:
                    ui.widgets(p, "fl_size")
                with sub[1]:
                    ui.widgets(p, "fl_seed")
        elif env == "custom_grid":
            ui.grid_input(p)
    for column, key in zip(top[1:], ("mode", "n_algorithms", "seeds"), strict=True):
        with column:
            ui.widgets(p, key)
    mode = p["mode"]

    allowed = ui.algorithms_for(env)
    for slot, column in zip(ui.SLOTS, present.columns(p["n_algorithms"]), strict=False):
        with column, st.container(border=True):
            i = int(slot[1]) % len(allowed)  # slots start on different algorithms
            name = choice(
                slot, t("lab.algorithm", n=int(slot[1]) + 1), allowed[i:] + allowed[:i], fmt=algo
            )
            for setting in ui.ALGORITHM_SETTINGS[name]:
                key = f"{slot}.{name}.{setting.field}"
                choices = getattr(setting.param, "choices", None)
                fmt = choices and names(choices, lambda v: t(f"lab.value_{v}"))
                p.widget(key, label_of(setting), format_func=fmt,
                         style="number" if setting.field == "bins" else "auto")  # fmt: skip

    for column, key in zip(present.columns(3), ("episodes", "seed", "threshold"), strict=True):
        with column:
            ui.widgets(p, key)

    if mode == "sweep":
        options = tuple(ui.sweepable(p.values))
        cols = present.columns(4)
        with cols[0]:
            first = choice("sweep1", t("lab.sweep_setting", n=1), options or ("",))
        with cols[1]:
            ui.widgets(p, "values1")
        with cols[2]:
            choice("sweep2", t("lab.sweep_setting", n=2), ("", *(o for o in options if o != first)),
                   fmt=lambda o: o or t("lab.sweep_none"))  # fmt: skip
        with cols[3]:
            ui.widgets(p, "values2", disabled=not p["sweep2"])
        cols = present.columns(2)
        with cols[0]:
            ui.widgets(p, "measure")
        with cols[1]:
            ui.widgets(p, "measure_n", disabled=p["measure"] == "solve")


experiment = None
try:
    experiment = ui.experiment_of(p.values)
except ValueError as error:
    st.error(t("lab.cannot_run", reason=ui.message(error)), icon=":material/block:")
params.claim_url(ui.link_query(experiment, p.values))

# ------------------------------------------------------------------------- the run
run = ui.current_run()
resumable = run is not None and run.status == "stopped" and run.experiment == experiment


def start() -> None:
    if experiment is not None:
        ui.start_run(experiment, p["ray"])


def stop() -> None:
    if (current := ui.current_run()) is not None:
        current.stop()


if run_on_open and experiment is not None:
    start()
running = (run := ui.current_run()) is not None and run.status == "running"
present.pinned_row()
buttons = st.columns([1, 1, 4], vertical_alignment="center")
buttons[0].button(t("lab.resume" if resumable else "lab.run"), key="_lab.run", type="primary",
                  icon=":material/play_arrow:", on_click=start, width="stretch",
                  disabled=experiment is None or running)  # fmt: skip
buttons[1].button(t("lab.stop"), key="_lab.stop", icon=":material/stop:", on_click=stop,
                  disabled=not running, width="stretch")  # fmt: skip
if experiment is not None:
    buttons[2].caption(t("lab.jobs", jobs=len(experiment.arms) * experiment.seeds,
                         arms=len(experiment.arms), seeds=experiment.seeds))  # fmt: skip


def figures(run: ui.LabRun) -> None:
    results = run.lab_results()
    per_arm, by_algorithm = ui.arm_labels(run.experiment, algo)
    if not results.results:
        return
    chart = st.container() if present.active() else None  # the figure first there
    if run.experiment.sweep is None:
        cols = st.columns(2)
        with cols[0]:
            ui.widgets(p, "smooth")
        with cols[1]:
            ui.widgets(p, "per_seed")
        fig = run.memo(("curves", p["smooth"], p["per_seed"], webui.lang()), results, lambda: lab_figures.comparison(
            results, per_arm, smooth=p["smooth"], per_seed=p["per_seed"],
            title=t("lab.curves_title", env=run.experiment.env.label()), band=run.status != "running",
            x_title=t("lab.episode"), y_title=t("lab.return"), band_name=t("lab.band"),
        ))  # fmt: skip
        charts.plotly_chart(fig, key="lab.curves", container=chart, fit=True)
        (chart or st).caption(t("lab.curves_range"))
        return
    kind = p["measure"]
    n = min(p["measure_n"], run.experiment.episodes)
    points = run.memo(("points", kind, n, p["threshold"]), results, lambda: results.sweep_points(
        kind, n, p["threshold"], higher_is_better=kind != "solve"))  # fmt: skip
    fig = lab_figures.sweep(
        points, run.experiment.sweep.names, by_algorithm, best_name=t("lab.best"),
        title=t("lab.sweep_title", measure=t(f"lab.measure_{kind}_long", n=n)),
        y_title=t(f"lab.measure_{kind}_long", n=n),
    )  # fmt: skip
    charts.plotly_chart(fig, key="lab.sweep", container=chart, fit=True)


@st.fragment(run_every=1.0 if running else None)
def live() -> None:
    run = ui.current_run()
    if run is None:
        st.info(t("lab.nothing_yet"), icon=":material/science:")
        return
    st.progress(
        run.finished / run.total, text=t("lab.progress", done=run.finished, total=run.total)
    )
    st.caption(
        t(
            f"lab.status_{run.status}",
            where=ui.where_text(run.where, t),
            seconds=f"{run.seconds:.1f}",
        )
    )
    if run.notice:
        st.warning(t("lab.fallback", reason=ui.message(run.notice)), icon=":material/cloud_off:")
    if experiment is not None and run.experiment != experiment:
        st.caption(t("lab.other_experiment"))
    with webui.guard():
        figures(run)
    if running and run.status != "running":
        st.rerun()  # finished: the table, CSV and buttons outside this fragment follow


live()
run = ui.current_run()
if run is not None and run.status != "running" and run.results:
    per_arm, _ = ui.arm_labels(run.experiment, algo)
    with webui.guard():
        results = run.lab_results()
        table, duels = run.memo(("tables", p["smooth"], p["threshold"], webui.lang()), results,
                                lambda: ui.tables(results, per_arm, p["smooth"], p["threshold"], t))  # fmt: skip
        st.subheader(t("lab.table_title"))
        st.dataframe(table, hide_index=True)
        if duels is not None:
            st.caption(t("lab.duels_caption"))
            st.dataframe(duels)
        if unfinished := results.unfinished():
            reasons = ui.unfinished_text(unfinished, per_arm)
            st.warning(t("lab.unfinished", n=len(unfinished), reasons=reasons))
    # on_click="ignore": a rerun on click can lose the file's URL (docs/ARCHITECTURE.md, Rules)
    st.download_button(t("lab.download_csv"), data=lambda: ui.csv_text(run), file_name="lab_runs.csv",
                       mime="text/csv", icon=":material/download:", key="_lab.csv", on_click="ignore")  # fmt: skip

with st.sidebar:
    if experiment is not None:
        query = ui.link_query(experiment, p.values) | {ui.RUN_PARAM: "1"}
        base = ui.page_url()
        with st.popover(t("common.share_link_button"), icon=":material/link:", width="stretch"):
            st.caption(t("lab.share_help"))
            st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)
