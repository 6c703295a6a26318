"""Drawing helpers of the policy-gradient page (app_pages/maze_policy.py): θ and π
heatmaps, the random walk, the training curves, the Step button's episode with its update
and one cell's numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.envs import MazeLayout
from playground.sessions import envs
from playground.sessions.maze_policy import (
    SWEEP_BETAS,
    CellUpdate,
    PolicyGradientRun,
    PolicyTables,
    episode_animation,
    most_beta_sensitive_state,
    random_walk,
    softmax_sweep,
    walk_frame,
    walk_frame_keys,
)
from webui import live, media, params, playback
from webui.charts import common, live_chart
from webui.charts import maze as maze_charts

ARROWS = ("↑", "→", "↓", "←")
ACTIONS = ("up", "right", "down", "left")
MAZE_PX = 420
CHART_POINTS = 300
"""Most points per live chart; longer histories are averaged in buckets."""
_WALK = "_mp.walk"


@dataclass(frozen=True)
class EpisodeRecord:
    """What the live run keeps of each training episode for the curves."""

    length: int
    delta_pi_sum: float
    greedy_path: float = float("nan")
    """Steps of the greedy path (argmaxₐ θ) after the episode; NaN: it does not arrive."""
    greedy_value: float = float("nan")
    """Exact value at the start of the greedy policy after the episode (beside V*)."""

    @classmethod
    def of(cls, snap: Any, source: Any = None) -> EpisodeRecord:
        if source is None:
            return cls(snap.length, snap.metrics["delta_pi_sum"])
        delta = snap.metrics["delta_pi_sum"]
        return cls(snap.length, delta, source.greedy_path, source.greedy_value)


@dataclass(frozen=True)
class HeldWalk:
    """The random walk shown, and what it was drawn from (layout, policy, β, seed)."""

    key: tuple[Any, ...]
    walk: Any


def t(key: str, **fmt: Any) -> str:
    return webui.t(f"maze_policy.{key}", **fmt)


def state_labels(n: int) -> list[str]:
    return [f"S{s}" for s in range(n)]


def action_labels() -> list[str]:
    return [f"{a} {ARROWS[a]}" for a in range(4)]


def heat_height(n_states: int) -> int:
    return 70 + (34 if n_states <= 25 else 22) * n_states


def _policy_table(values: np.ndarray, title: str, **style: Any) -> Any:
    """A states × actions table of the policy (θ, π) as a heatmap, a row per state."""
    n_states = values.shape[0]
    return common.heatmap(
        values,
        x_labels=action_labels(),
        y_labels=state_labels(n_states),
        x_title=t("axis_action"),
        y_title=t("axis_state"),
        title=title,
        height=heat_height(n_states),
        **style,
    )


def theta_heatmap(theta: np.ndarray, title: str) -> Any:
    return _policy_table(theta, title, colorscale="Oranges", colorbar_title="θ")


def pi_heatmap(pi: np.ndarray, title: str, theta_mask: np.ndarray) -> Any:
    """π as a heatmap; blocked moves (NaN in ``theta_mask``) show as "–" like θ's NaN."""
    shown = np.where(np.isnan(theta_mask), np.nan, pi)
    return _policy_table(shown, title, zmin=0.0, zmax=1.0, colorbar_title="π")


def step_view(source: PolicyGradientRun, snap: Any) -> None:
    """The episode the Step button played and the update it caused, with the numbers."""
    update = source.episode_update(snap)
    path = " → ".join(f"S{s}" for s in update.states)
    st.subheader(t("step_title", k=update.episode + 1))
    st.markdown(
        t(
            "step_path",
            t=update.steps,
            path=path + (" …" if update.steps >= len(update.states) else ""),
        )
    )
    st.markdown(
        t("step_change", change=f"{update.delta_pi_sum:.4g}", threshold=f"{update.threshold:g}")
    )
    st.caption(t("step_cells", eta=f"{source.last_eta:g}"))
    cells = update.cells
    st.dataframe(
        {
            t("col_cell"): [f"S{c.state} {ARROWS[c.action]}" for c in cells],
            "N(s,a)": [c.n_sa for c in cells],
            "N(s)": [c.n_s for c in cells],
            "π(s,a)": [c.pi for c in cells],
            "Δθ(s,a)": [c.delta_theta for c in cells],
            t("q_before_name"): [c.theta_before for c in cells],
            t("q_after_name"): [c.theta_after for c in cells],
        },
        hide_index=True,
        column_config={
            k: st.column_config.NumberColumn(format="%.5g") for k in ("π(s,a)", "Δθ(s,a)")
        },
        key="mp.step_table",
    )


def walk_section(p: params.Bound, layout: MazeLayout, tables: PolicyTables, optimum: int) -> None:
    """A random walk on the maze under the naive or the softmax π, frame by frame."""
    st.subheader(t("walk_title"))
    p.widget(
        "walk",
        t("walk_policy"),
        format_func=lambda v: t(f"walk_{v}"),
        style="segmented",
    )
    walk_pi = tables.naive if p["walk"] == "naive" else tables.softmax
    if walk_pi is None:
        st.warning(t("naive_negative"), icon=":material/block:")
    else:
        # What the walk and its frames are drawn from (the layout by content, not by name):
        # the frames are shared by every session showing the same walk.
        walk_key = (layout, p["walk"], p["view_beta"], p["seed"], MAZE_PX, walk_pi.tobytes())
        held = st.session_state.get(_WALK)
        if not isinstance(held, HeldWalk) or held.key != walk_key:
            held = HeldWalk(walk_key, random_walk(layout, walk_pi, seed=p["seed"]))
            st.session_state[_WALK] = held
            playback.set_frame("mp.walk", 0)
        walk = held.walk
        pictures = walk_frame_keys(walk)
        words = media.cell_words()
        cols = st.columns([3, 2])
        with cols[0]:
            playback.player(
                "mp.walk",
                n_frames=len(walk.states),
                frame=lambda i: walk_frame(layout, walk, i, walk_pi, size=MAZE_PX, words=words),
                caption=lambda i: t("walk_caption", t=i, s=walk.states[i]),
                fps=6,
                gif_name=f"random_walk_{layout.name}_{p['walk']}.gif",
                width=MAZE_PX,
                source=walk_key,
                shared=True,
                frame_key=pictures.__getitem__,
            )
        with cols[1]:
            st.metric(t("walk_steps"), walk.steps, help=t("walk_steps_help"))
            st.metric(t("shortest"), optimum)
            if not walk.reached_goal:
                st.warning(t("walk_gave_up", n=walk.steps), icon=":material/hourglass:")
            if walk.cut:
                st.caption(t("walk_cut", kept=len(walk.states) - 1, total=walk.steps))
            st.markdown(t("walk_explain"))


def progress_charts(
    run: live.LiveRun, snap: Any, optimum: int | None, *, threshold: float, best: float
) -> None:
    """Steps per episode and the greedy path's steps after each episode against the
    shortest path (none on ice), the greedy policy's exact value at the start against V*
    (``best``), and Σ|Δπ| against the stop threshold; long histories are drawn as bucket
    means (at most :data:`CHART_POINTS` points)."""
    records = run.records
    first = snap.episode + 2 - len(records)  # records are capped: the oldest may be gone
    x_change, y_change, k = maze_charts.bucket_means(
        [r.delta_pi_sum for r in records], CHART_POINTS
    )
    cols = [*st.columns(2), *st.columns(2)]
    line = {"optimum": optimum, "optimum_label": t("optimum", n=optimum)} if optimum else {}
    steps = (
        ("mp.lengths", [r.length for r in records], "length_series", "length_title", line),
        ("mp.greedy", [r.greedy_path for r in records], "greedy_series", "greedy_title", line),
        (
            "mp.gap_value",
            [r.greedy_value for r in records],
            "value_series",
            "value_title",
            {"optimum": round(best, 4), "optimum_label": t("value_optimum", v=f"{best:.4g}")},
        ),
    )
    for col, (key, values, series, title, extra) in zip(cols, steps, strict=False):
        x, y, k_steps = maze_charts.bucket_means(values, CHART_POINTS)
        name = t(series) if k_steps == 1 else t("length_series_mean", k=k_steps)
        chart = common.line_chart(
            {name: y},
            x=x + first - 1,
            x_title=t("axis_episode"),
            y_title=t("axis_value" if key == "mp.gap_value" else "axis_steps"),
            title=t(title),
            show_legend=k_steps > 1,  # says when points are bucket means
            **extra,
        )
        live_chart(chart, key, container=col)
    live_chart(
        maze_charts.log_series_chart(
            x_change + first - 1,
            y_change,
            name="Σ|Δπ|" if k == 1 else t("change_series_mean", k=k),
            x_title=t("axis_episode"),
            y_title="Σ|Δπ|",
            threshold=threshold,
            threshold_label=t("threshold_line", v=f"{threshold:g}"),
            title=t("change_title"),
        ),
        "mp.changes",
        container=cols[3],
    )


def cell_numbers(cell: CellUpdate, episode: int, state: int) -> None:
    """One cell's update at ``episode``, term by term: a table and the two equations."""
    st.caption(t("cell_episode", k=episode + 1))
    rows = [
        ("N(s,a)", cell.n_sa, t("q_n_sa")),
        ("N(s)", cell.n_s, t("q_n_s")),
        ("π(s,a)", cell.pi, t("q_pi")),
        ("T", cell.steps, t("q_t")),
        *([] if cell.weight == 1.0 else [("w = (G − b)/σ", cell.weight, t("q_weight"))]),
        ("Δθ(s,a)", cell.delta_theta, t("q_delta")),
        ("η", cell.eta, t("q_eta")),
        (t("q_before_name"), cell.theta_before, t("q_before")),
        (t("q_after_name"), cell.theta_after, t("q_after")),
    ]
    st.dataframe(
        {
            t("col_symbol"): [r[0] for r in rows],
            t("col_value"): [float(r[1]) for r in rows],
            t("col_meaning"): [r[2] for r in rows],
        },
        hide_index=True,
        width="stretch",
        column_config={t("col_value"): st.column_config.NumberColumn(format="%.6g")},
        key="mp.cell_table",
    )
    w = "" if cell.weight == 1.0 else rf"{cell.weight:.4f}\times"
    st.latex(
        rf"\Delta\theta = {w}\frac{{{cell.n_sa} - {cell.pi:.4f}\times{cell.n_s}}}{{{cell.steps}}}"
        rf" = {cell.delta_theta:.5f}"
    )
    st.latex(
        rf"\theta \leftarrow {cell.theta_before:.5f} + {cell.eta:g}\times({cell.delta_theta:.5f})"
        rf" = {cell.theta_after:.5f}"
    )
    if cell.n_s == 0:
        st.caption(t("cell_unvisited", s=state))


def beta_sweep(theta: np.ndarray, start: int, beta_now: float) -> None:
    """π of one state as β goes from 0.1 to 10: the state whose π depends most on β
    (the start when θ is flat everywhere), with a note on what the chart shows."""
    sensitive = most_beta_sensitive_state(theta)
    sweep_state = start if sensitive is None else sensitive
    cols = st.columns([3, 2], vertical_alignment="center")
    live_chart(
        maze_charts.softmax_temperature_chart(
            SWEEP_BETAS,
            softmax_sweep(theta[sweep_state], SWEEP_BETAS),
            action_labels=[f"{ARROWS[a]} {t('action_' + ACTIONS[a])}" for a in range(4)],
            beta_now=beta_now,
            beta_label=f"β = {beta_now:g}",
            x_title=t("axis_beta"),
            y_title=t("axis_prob", s=sweep_state),
            title=t("sweep_title", s=sweep_state),
        ),
        "mp.sweep",
        container=cols[0],
    )
    cols[1].markdown(t("sweep_flat" if sensitive is None else "sweep_explain", s=sweep_state))


def live_maze(
    prob: envs.Problem, snap: Any, *, watching: bool, optimal: np.ndarray | None = None
) -> None:
    """The maze or grid with the policy's arrows (and the ``optimal`` policy's, green, when
    given), the cells the last episode visited and the agent where it ended; at "Watch"
    speed the episode played on it."""
    pi = snap.tables["pi"]
    if watching:
        media.animation(
            episode_animation(prob, snap.state_list, pi, size=MAZE_PX, words=media.cell_words()),
            caption=t("watch_caption", k=snap.episode + 1, t=snap.length),
            width="stretch",
        )
    else:
        states = snap.state_list
        media.image(
            prob.draw(
                size=MAZE_PX,
                arrows=pi,
                overlay=optimal,
                agent_cell=states[-1] if states else None,
                highlight=states,
                words=media.cell_words(),
            ),
            caption=t("live_maze_caption", k=snap.episode + 1)
            + ("" if optimal is None else " " + webui.t("maze_td.optimal_caption")),
            width="stretch",
        )
