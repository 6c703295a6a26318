"""What the CartPole Q-table page draws besides its settings: the live source (the core run
plus greedy evaluations), the Q-table and visit views, and the playback of an episode.

The greedy evaluation runs inside the training chunk (:meth:`EvaluatedRun.__iter__`),
never on a rerun: it reads the table only, so training is the same with or without it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.cartpole import (
    DEFAULT_EVAL_SEEDS,
    CartPoleTabularRun,
    CartPoleTabularSettings,
    Discretiser,
    EpisodeReplay,
    evaluate_greedy,
    state_summary,
)
from webui import live, media, params, playback
from webui.charts import cartpole as cartpole_charts
from webui.charts import live_chart, plotly_chart

KEY = "cpq"
"""The page's settings prefix and its live run's key."""
DIMS: tuple[str, ...] = ("x", "x_dot", "theta", "theta_dot")
"""URL names of CartPole's observation dimensions, in observation order."""
SYMBOLS: tuple[str, ...] = ("x", "ẋ", "θ", "θ̇")
SOLVED_RUN = 10
"""Episodes in a row at the solved length that make the run "solved"."""
EPISODE_BOUND = 10**9
"""The core's generator is asked for this many episodes; the live run stops it earlier."""


def bins_of(cfg: Mapping[str, Any]) -> int | tuple[int, ...]:
    """The slider's bin count, with the advanced panel's per-dimension overrides."""
    per_dim = tuple(
        cfg["bins"] if cfg[f"bins_{d}"] == "auto" else int(cfg[f"bins_{d}"]) for d in DIMS
    )
    return per_dim[0] if len(set(per_dim)) == 1 else per_dim


@dataclass(frozen=True)
class EpisodeTick:
    """What the live driver keeps per episode (the full snapshot is not kept)."""

    episode: int
    length: int
    epsilon: float


class EvaluatedRun:
    """The live source: the core run, plus a greedy evaluation every ``eval_every`` episodes.

    Built from the page's values (by URL key); ``settings_of`` turns them into the core's
    settings, now and when they change (:meth:`apply_settings`)."""

    def __init__(
        self,
        values: Mapping[str, Any],
        settings_of: Callable[[Mapping[str, Any]], CartPoleTabularSettings],
    ) -> None:
        self._settings_of = settings_of
        self.run = settings_of(values).build()
        self.eval_every = int(values["eval_every"])
        self.eval_episodes: list[int] = []
        self.eval_lengths: list[np.ndarray] = []

    def __iter__(self) -> Iterator[EpisodeTick]:
        for snap in self.run.train(EPISODE_BOUND):
            if (snap.episode + 1) % self.eval_every == 0:
                self.evaluate(snap.episode + 1)
            epsilon = float(snap.metrics.get("epsilon", math.nan))
            yield EpisodeTick(snap.episode, snap.length, epsilon)

    def evaluate(self, episodes_done: int) -> None:
        q = self.run.q_table
        if not np.isfinite(q).all():
            raise FloatingPointError(webui.t("cartpole_q.diverged"))
        lengths = evaluate_greedy(q, self.run.settings, DEFAULT_EVAL_SEEDS)
        self.eval_episodes.append(episodes_done)
        self.eval_lengths.append(lengths)

    @property
    def greedy_means(self) -> list[float]:
        """Mean greedy episode length at each evaluation."""
        return [float(np.mean(g)) for g in self.eval_lengths]

    def apply_settings(self, settings: Mapping[str, Any]) -> None:
        """Continue with new η, γ, ε schedule and evaluation interval (keeps the table)."""
        self.eval_every = int(settings["eval_every"])
        self.run.continue_with(self._settings_of(settings))


# -- labels -----------------------------------------------------------------------------------


def dim_name(d: int) -> str:
    return webui.t(f"cartpole_q.dim_{DIMS[d]}")


def unit(d: int) -> str:
    return webui.t(f"cartpole_q.unit_{DIMS[d]}")


def dim_title(d: int) -> str:
    return f"{dim_name(d)} ({unit(d)})"


def tick_labels(disc: Discretiser, d: int) -> list[str]:
    return cartpole_charts.bin_range_labels(disc.bin_bounds(d))


def states_total(disc: Discretiser) -> str:
    """``6⁴`` for equal bins, ``6·6·8·6`` otherwise."""
    if len(set(disc.bins)) == 1:
        return f"{disc.bins[0]}⁴"
    return "·".join(map(str, disc.bins))


def _compact(count: float) -> str:
    if count >= 10_000:
        return f"{count / 1000:.0f}k"
    if count >= 1_000:
        return f"{count / 1000:.1f}k"
    return f"{count:.0f}"


def solved_episode(run: CartPoleTabularRun) -> int | None:
    """The episode, counted from 1 as the page counts them, that completed
    :data:`SOLVED_RUN` successes in a row (None before that)."""
    solved = run.solved_at(SOLVED_RUN)
    return None if solved is None else solved + 1


def numbers(source: EvaluatedRun, epsilon: float) -> None:
    """Episodes, when it was solved, states visited, ε now, the last greedy evaluation."""
    run = source.run
    settings = run.settings
    solved = solved_episode(run)
    cols = st.columns(5)
    cols[0].metric(webui.t("cartpole_q.metric_episodes"), f"{run.episodes_done:,}")
    cols[1].metric(
        webui.t("cartpole_q.metric_solved"),
        webui.t("cartpole_q.not_yet") if solved is None else f"{solved:,}",
        help=webui.t(
            "cartpole_q.metric_solved_help", run=SOLVED_RUN, length=settings.solved_length
        ),
    )
    cols[2].metric(
        webui.t("cartpole_q.metric_states", total=states_total(run.discretiser)),
        f"{run.states_visited:,}",
        help=webui.t("cartpole_q.metric_states_help", n=f"{run.discretiser.n_states:,}"),
    )
    cols[3].metric(webui.t("cartpole_q.metric_epsilon"), f"{epsilon:.4f}")
    greedy_mean = source.greedy_means
    cols[4].metric(
        webui.t("cartpole_q.metric_greedy"),
        "–" if not greedy_mean else f"{greedy_mean[-1]:.0f}",
        help=webui.t("cartpole_q.eval_every_help"),
    )


def log_visits(visits: np.ndarray) -> tuple[np.ndarray, int]:
    """``log10`` of the visit counts (NaN where never visited) and the colour scale's top
    decade, at least 1."""
    with np.errstate(divide="ignore"):
        logs = np.where(visits > 0, np.log10(np.maximum(visits, 1)), np.nan)
    top = max(1, math.ceil(np.nanmax(logs))) if np.isfinite(logs).any() else 1
    return logs, top


def reset_labels() -> dict[str, str]:
    """Names of the settings that restart a run, for the notice that says which changed."""
    return {
        "env": webui.t("cartpole_q.env"),
        "bins": webui.t("cartpole_q.bins"),
        "shaping": webui.t("cartpole_q.shaping"),
        "q_init": webui.t("cartpole_q.q_init"),
        "seed": webui.t("common.seed"),
        **{
            f"bins_{d}": webui.t("cartpole_q.label_bins", sym=s)
            for d, s in zip(DIMS, SYMBOLS, strict=True)
        },
        **{
            f"clip_{d}": webui.t("cartpole_q.label_range", sym=s)
            for d, s in zip(DIMS, SYMBOLS, strict=True)
        },
    }


# -- the heatmaps' axes and the bins off them ---------------------------------------------------


def view_dims(p: params.Bound) -> tuple[int, int]:
    x, y = DIMS.index(p["xdim"]), DIMS.index(p["ydim"])
    if x == y:
        y = next(d for d in (3, 2, 1, 0) if d != x)
    return x, y


def fixed_bins(disc: Discretiser, dims: tuple[int, int]) -> dict[int, int]:
    """The bins chosen for the two dimensions off the heatmaps' axes (middle by default)."""
    fixed = {}
    for d in range(disc.n_dims):
        if d in dims:
            continue
        value = st.session_state.get(f"{KEY}.fix.{DIMS[d]}", disc.bins[d] // 2)
        fixed[d] = min(max(int(value), 0), disc.bins[d] - 1)
    return fixed


def fixed_bin_sliders(disc: Discretiser, dims: tuple[int, int]) -> None:
    """One slider per dimension off the axes; options are bins, labelled by their range."""
    for d, value in fixed_bins(disc, dims).items():
        key, widget_key = f"{KEY}.fix.{DIMS[d]}", f"_w.{KEY}.fix.{DIMS[d]}"
        st.session_state[key] = value
        if disc.bins[d] < 2:
            continue
        shown = [f"{b}: {label} {unit(d)}" for b, label in enumerate(tick_labels(disc, d))]
        st.session_state[widget_key] = value
        st.select_slider(
            webui.t("cartpole_q.fix", name=dim_name(d)),
            options=list(range(disc.bins[d])),
            format_func=shown.__getitem__,
            key=widget_key,
            on_change=lambda k=key, w=widget_key: st.session_state.__setitem__(
                k, st.session_state[w]
            ),
        )


def _axes(disc: Discretiser, x: int, y: int) -> cartpole_charts.BinAxes:
    return cartpole_charts.BinAxes(
        tick_labels(disc, x), tick_labels(disc, y), dim_title(x), dim_title(y)
    )


# -- views ------------------------------------------------------------------------------------


def _slice(source: EvaluatedRun, p: params.Bound) -> tuple[Discretiser, Any, dict | None]:
    """The discretiser, the table's slice over the chosen axes, and the fixed bins (None:
    averaged over the other dimensions)."""
    disc = source.run.discretiser
    dims = view_dims(p)
    fixed = fixed_bins(disc, dims) if p["others"] == "fixed" else None
    return disc, source.run.q_slice(dims=dims, fixed=fixed), fixed


def q_table_view(source: EvaluatedRun, p: params.Bound) -> None:
    disc, qs, fixed = _slice(source, p)
    dims = x, y = view_dims(p)
    st.subheader(webui.t("cartpole_q.q_title", x=dim_name(x), y=dim_name(y)))
    if p["xdim"] == p["ydim"]:
        st.caption(webui.t("cartpole_q.same_dims", x=dim_name(x), y=dim_name(y)))
    if fixed is None:
        others = " / ".join(dim_name(d) for d in range(disc.n_dims) if d not in dims)
        st.caption(webui.t("cartpole_q.q_caption_mean", others=others))
    else:
        where = ", ".join(
            f"{dim_name(d)} {tick_labels(disc, d)[b]} {unit(d)}" for d, b in fixed.items()
        )
        st.caption(webui.t("cartpole_q.q_caption_fixed", fixed=where))
    axes = _axes(disc, x, y)
    # QSlice arrays are [bin of dims[0], bin of dims[1]]; heatmaps want [y row, x column].
    greedy, max_q = qs.greedy_action.T, qs.max_q.T
    cols = st.columns(2)
    live_chart(
        cartpole_charts.greedy_action_heatmap(
            greedy,
            title=webui.t("cartpole_q.greedy_title"),
            action_labels=(
                webui.t("cartpole_q.left"),
                webui.t("cartpole_q.tie"),
                webui.t("cartpole_q.right"),
            ),
            axes=axes,
        ),
        "cpq.chart.greedy",
        container=cols[0],
    )
    finite = max_q[np.isfinite(max_q)]
    big = finite.size and np.abs(finite).max() >= 10
    live_chart(
        cartpole_charts.bin_heatmap(
            max_q,
            title=webui.t("cartpole_q.maxq_title"),
            value_format=".0f" if big else ".2f",
            axes=axes,
        ),
        "cpq.chart.maxq",
        container=cols[1],
    )


def visits_view(source: EvaluatedRun, p: params.Bound) -> None:
    """Visit counts: over the chosen pair of dimensions, and per bin of each dimension.

    Drawn outside the live fragment (after a pause or the end of a run): two more charts
    per redraw would halve the redraw rate in the browser.
    """
    run = source.run
    disc, qs, _ = _slice(source, p)
    x, y = view_dims(p)
    st.subheader(webui.t("cartpole_q.visits_title"))
    axes = _axes(disc, x, y)
    cols = st.columns(2, vertical_alignment="center")
    visits = np.asarray(qs.visits, dtype=float).T
    logs, top = log_visits(visits)
    plotly_chart(
        cartpole_charts.visits_heatmap(
            logs,
            title=f"{dim_name(x)} × {dim_name(y)}",
            text=[["" if v == 0 else _compact(v) for v in row] for row in visits.tolist()],
            top=top,
            axes=axes,
        ),
        key="cpq.chart.visits",
        container=cols[0],
    )
    cols[1].markdown(
        webui.t(
            "cartpole_q.states_line",
            k=f"{run.states_visited:,}",
            total=states_total(disc),
            n=f"{disc.n_states:,}",
        )
    )
    cols[1].caption(webui.t("cartpole_q.visits_caption", total=states_total(disc)))
    plotly_chart(
        cartpole_charts.bin_visits_chart(
            [m.tolist() for m in disc.marginal_visits(run.visits)],
            labels=[tick_labels(disc, d) for d in range(disc.n_dims)],
            titles=[f"{SYMBOLS[d]} ({unit(d)})" for d in range(disc.n_dims)],
            y_title=webui.t("cartpole_q.visits_bar_y"),
            title=webui.t("cartpole_q.visits_bar_title"),
        ),
        key="cpq.chart.marginals",
    )


def watch_latest(run: CartPoleTabularRun) -> None:
    """The newest episode played on CartPole while training goes on ("Watch" speed)."""
    obs = run.replay("latest", render=False).observations
    caption = webui.t("cartpole_q.watch_caption", k=run.latest.episode + 1, t=len(obs) - 1)
    frame = lambda i: playback.cartpole_frame(run.settings.env_id, obs[i])  # noqa: E731
    media.play(frame, len(obs), seconds=live.WATCH_PERIOD_S, caption=caption, width=480)


# -- playback -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldReplay:
    """The last episode re-simulated for playback, and what it was made from."""

    source_id: int
    which: str
    episode: int
    replay: EpisodeReplay


def replay_of(source: EvaluatedRun, which: str) -> EpisodeReplay:
    """The chosen episode re-simulated (no frames: they are drawn when shown), cached."""
    record = source.run.latest if which == "latest" else source.run.best
    held = st.session_state.get(f"{KEY}._replay")
    if not (
        isinstance(held, HeldReplay)
        and (held.source_id, held.which, held.episode) == (id(source), which, record.episode)
    ):
        replay = source.run.replay(which, render=False)
        held = HeldReplay(id(source), which, record.episode, replay)
        st.session_state[f"{KEY}._replay"] = held
    return held.replay


def playback_section(source: EvaluatedRun, which: str) -> None:
    """The chosen episode (``"latest"`` or ``"best"``) on CartPole, with the table's view of
    each state under its frame."""
    run = source.run
    record = run.latest if which == "latest" else run.best
    replay = replay_of(source, which)
    q = run.q_table
    env_id = run.settings.env_id
    arrows = ("←", "→")
    st.caption(
        webui.t(
            "cartpole_q.replay_info",
            episode=record.episode + 1,
            length=record.length,
            ret=f"{record.episode_return:g}",
        )
        + " "
        + webui.t("cartpole_q.replay_note")
    )

    def caption(i: int) -> str:
        s = state_summary(q, run.discretiser, int(replay.states[i]), run.visits)
        return webui.t(
            "cartpole_q.frame_caption",
            t=i,
            bins=str(s.bins),
            s=s.index,
            q_left=f"{s.q_values[0]:.3f}",
            q_right=f"{s.q_values[1]:.3f}",
            greedy=arrows[s.greedy_action],
        )

    left, _ = st.columns([3, 2])
    with left:
        playback.player(
            "cpq.replay",
            n_frames=len(replay.observations),
            frame=lambda i: playback.cartpole_frame(env_id, replay.observations[i]),
            caption=caption,
            fps=25,
            gif_name=f"cartpole_q_{which}_episode_{record.episode + 1}.gif",
            width="stretch",
            source=(env_id, which, record.episode, id(source)),
            words=False,
        )
