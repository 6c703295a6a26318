"""CartPole · Q-table: discretised Q-learning, with the bins made visible.

Widgets -> :class:`playground.cartpole.CartPoleTabularSettings` -> a
:class:`~playground.cartpole.CartPoleTabularRun` trained live in chunks -> cartpole_charts. The
greedy evaluation runs inside the training chunk (``Training.__iter__``), never on a rerun.
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
    CARTPOLE_VERSIONS,
    DEFAULT_EVAL_SEEDS,
    CartPoleTabularSettings,
    Discretiser,
    EpisodeReplay,
    evaluate_greedy,
    state_summary,
)
from webui import live, media, params, playback
from webui.charts import cartpole as cartpole_charts
from webui.charts import live_chart, plotly_chart

PREFIX = "cpq"
RUN_KEY = "cpq"
# Bare strings at module level would be drawn by Streamlit's "magic": comments only here.
# URL names of CartPole's observation dimensions, in observation order.
DIMS: tuple[str, ...] = ("x", "x_dot", "theta", "theta_dot")
SYMBOLS: tuple[str, ...] = ("x", "ẋ", "θ", "θ̇")
CLIPS: dict[str, params.Float] = {
    "x": params.Float(default=2.4, min=0.1, max=5.0, step=0.1),
    "x_dot": params.Float(default=3.0, min=0.1, max=6.0, step=0.1),
    "theta": params.Float(default=0.418, min=0.01, max=1.0, step=0.001),
    "theta_dot": params.Float(default=2.0, min=0.1, max=6.0, step=0.1),
}
BIN_CHOICES: tuple[str, ...] = ("auto", *(str(n) for n in range(1, 13)))
# The core's generator is asked for this many episodes; LiveRun stops it at ``episodes``.
EPISODE_BOUND = 10**9
SOLVED_RUN = 10

SPEC: params.Spec = {
    "env": params.Choice(default="CartPole-v1", choices=tuple(CARTPOLE_VERSIONS)),
    "bins": params.Int(default=6, min=2, max=12),
    "eta": params.Float(default=0.5, min=0.01, max=1.0, step=0.01),
    "gamma": params.Float(default=0.99, min=0.0, max=1.0, step=0.01),
    "eps": params.Choice(default="inverse", choices=("inverse", "linear", "constant")),
    "epsilon": params.Float(default=0.5, min=0.0, max=1.0, step=0.01),
    "eps_end": params.Float(default=0.01, min=0.0, max=1.0, step=0.01),
    "eps_decay": params.Int(default=200, min=10, max=5_000, step=10),
    "episodes": params.Int(default=1_000, min=50, max=5_000, step=50),
    "seed": params.Int(default=0, min=0, max=9_999),
    "shaping": params.Bool(default=True),
    "eval_every": params.Int(default=50, min=10, max=500, step=10),
    "q_init": params.Choice(default="zeros", choices=("zeros", "random")),
    **{f"clip_{d}": spec for d, spec in CLIPS.items()},
    **{f"bins_{d}": params.Choice(default="auto", choices=BIN_CHOICES) for d in DIMS},
    # view settings (not part of the run)
    "xdim": params.Choice(default="theta", choices=DIMS),
    "ydim": params.Choice(default="theta_dot", choices=DIMS),
    "others": params.Choice(default="mean", choices=("mean", "fixed")),
    "replay": params.Choice(default="latest", choices=("latest", "best")),
    "speed": live.SPEED,
}
# Settings a trained table cannot take over: they change the env, the table or the seed.
RESET_KEYS: tuple[str, ...] = (
    "env",
    "bins",
    *(f"bins_{d}" for d in DIMS),
    *(f"clip_{d}" for d in DIMS),
    "shaping",
    "q_init",
    "seed",
)
# Settings a paused run continues with.
APPLY_KEYS: tuple[str, ...] = (
    "eta",
    "gamma",
    "eps",
    "epsilon",
    "eps_end",
    "eps_decay",
    "eval_every",
    "episodes",
)
CONFIG_KEYS = RESET_KEYS + APPLY_KEYS


# -- settings -> core ---------------------------------------------------------------------------


def bins_of(cfg: Mapping[str, Any]) -> int | tuple[int, ...]:
    """The slider's bin count, with the advanced panel's per-dimension overrides."""
    per_dim = tuple(
        cfg["bins"] if cfg[f"bins_{d}"] == "auto" else int(cfg[f"bins_{d}"]) for d in DIMS
    )
    return per_dim[0] if len(set(per_dim)) == 1 else per_dim


def settings_of(cfg: Mapping[str, Any]) -> CartPoleTabularSettings:
    """The core settings the page's values describe."""
    clips = tuple(float(cfg[f"clip_{d}"]) for d in DIMS)
    return CartPoleTabularSettings(
        env_id=cfg["env"],
        bins=bins_of(cfg),
        low=tuple(-c for c in clips),
        high=clips,
        eta=cfg["eta"],
        gamma=cfg["gamma"],
        epsilon_schedule=cfg["eps"],
        epsilon=cfg["epsilon"],
        epsilon_end=cfg["eps_end"],
        epsilon_decay_episodes=cfg["eps_decay"],
        shaping=cfg["shaping"],
        q_init=cfg["q_init"],
        episodes=cfg["episodes"],
        seed=cfg["seed"],
    )


@dataclass(frozen=True)
class Tick:
    """What the live driver keeps per episode (the full snapshot is not kept)."""

    episode: int
    length: int
    epsilon: float


class Training:
    """The live source: the core run, plus a greedy evaluation every ``eval_every`` episodes.

    Evaluating here, between two episodes of the generator, puts its cost inside the
    training chunk; it reads the table only, so training is the same with or without it.
    """

    def __init__(self, settings: CartPoleTabularSettings, eval_every: int) -> None:
        self.run = settings.build()
        self.eval_every = int(eval_every)
        self.eval_episodes: list[int] = []
        self.eval_lengths: list[np.ndarray] = []

    def __iter__(self) -> Iterator[Tick]:
        for snap in self.run.train(EPISODE_BOUND):
            if (snap.episode + 1) % self.eval_every == 0:
                self.evaluate(snap.episode + 1)
            yield Tick(snap.episode, snap.length, float(snap.metrics.get("epsilon", math.nan)))

    def evaluate(self, episodes_done: int) -> None:
        q = self.run.q_table
        if not np.isfinite(q).all():
            raise FloatingPointError(webui.t("cartpole_q.diverged"))
        lengths = evaluate_greedy(q, self.run.settings, DEFAULT_EVAL_SEEDS)
        self.eval_episodes.append(episodes_done)
        self.eval_lengths.append(lengths)

    def apply(self, cfg: Mapping[str, Any]) -> None:
        """Continue with new η, γ, ε schedule and evaluation interval (keeps the table)."""
        self.eval_every = int(cfg["eval_every"])
        self.run.continue_with(settings_of(cfg))


# -- presentation helpers ---------------------------------------------------------------------


def _frozen(name: str, label: Callable[[str], str]) -> Callable[[str], str]:
    """``label`` evaluated now for every choice of ``name``: a format_func that reads no
    session state later (Streamlit may call it outside the script run)."""
    param = SPEC[name]
    assert isinstance(param, params.Choice)
    return {choice: label(choice) for choice in param.choices}.__getitem__


def _dim_label(v: str) -> str:
    return webui.t(f"cartpole_q.dim_{v}")


def dim_name(d: int) -> str:
    return webui.t(f"cartpole_q.dim_{DIMS[d]}")


def dim_title(d: int) -> str:
    return f"{dim_name(d)} ({webui.t(f'cartpole_q.unit_{DIMS[d]}')})"


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


def view_dims() -> tuple[int, int]:
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
        value = st.session_state.get(f"{PREFIX}.fix.{DIMS[d]}", disc.bins[d] // 2)
        fixed[d] = min(max(int(value), 0), disc.bins[d] - 1)
    return fixed


def fixed_bin_sliders(disc: Discretiser, dims: tuple[int, int]) -> None:
    """One slider per dimension off the axes; options are bins, labelled by their range."""
    for d, value in fixed_bins(disc, dims).items():
        key, widget_key = f"{PREFIX}.fix.{DIMS[d]}", f"_w.{PREFIX}.fix.{DIMS[d]}"
        st.session_state[key] = value
        if disc.bins[d] < 2:
            continue
        unit = webui.t(f"cartpole_q.unit_{DIMS[d]}")
        shown = [f"{b}: {label} {unit}" for b, label in enumerate(tick_labels(disc, d))]
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


def q_table_view(training: Training) -> None:
    run = training.run
    disc = run.discretiser
    dims = view_dims()
    x, y = dims
    mode = p["others"]
    fixed = fixed_bins(disc, dims) if mode == "fixed" else None
    qs = run.q_slice(dims=dims, fixed=fixed)
    st.subheader(webui.t("cartpole_q.q_title", x=dim_name(x), y=dim_name(y)))
    if p["xdim"] == p["ydim"]:
        st.caption(webui.t("cartpole_q.same_dims", x=dim_name(x), y=dim_name(y)))
    if fixed is None:
        others = " / ".join(dim_name(d) for d in range(disc.n_dims) if d not in dims)
        st.caption(webui.t("cartpole_q.q_caption_mean", others=others))
    else:
        where = ", ".join(
            f"{dim_name(d)} {tick_labels(disc, d)[b]} {webui.t(f'cartpole_q.unit_{DIMS[d]}')}"
            for d, b in fixed.items()
        )
        st.caption(webui.t("cartpole_q.q_caption_fixed", fixed=where))
    axes = {
        "x_labels": tick_labels(disc, x),
        "y_labels": tick_labels(disc, y),
        "x_title": dim_title(x),
        "y_title": dim_title(y),
    }
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
            **axes,
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
            **axes,
        ),
        "cpq.chart.maxq",
        container=cols[1],
    )


def visits_view(training: Training) -> None:
    """Visit counts: over the chosen pair of dimensions, and per bin of each dimension.

    Drawn outside the live fragment (after a pause or the end of a run): two more charts
    per redraw would halve the redraw rate in the browser.
    """
    run = training.run
    disc = run.discretiser
    dims = view_dims()
    x, y = dims
    fixed = fixed_bins(disc, dims) if p["others"] == "fixed" else None
    qs = run.q_slice(dims=dims, fixed=fixed)
    st.subheader(webui.t("cartpole_q.visits_title"))
    axes = {
        "x_labels": tick_labels(disc, x),
        "y_labels": tick_labels(disc, y),
        "x_title": dim_title(x),
        "y_title": dim_title(y),
    }
    cols = st.columns(2, vertical_alignment="center")
    visits = np.asarray(qs.visits, dtype=float).T
    with np.errstate(divide="ignore"):
        log_visits = np.where(visits > 0, np.log10(np.maximum(visits, 1)), np.nan)
    top = max(1, math.ceil(np.nanmax(log_visits))) if np.isfinite(log_visits).any() else 1
    plotly_chart(
        cartpole_charts.bin_heatmap(
            log_visits,
            title=f"{dim_name(x)} × {dim_name(y)}",
            text=[["" if v == 0 else _compact(v) for v in row] for row in visits.tolist()],
            colorscale="Blues",
            zmin=0,
            zmax=top,
            colorbar={
                "tickvals": list(range(top + 1)),
                "ticktext": [f"{10**k:,}" for k in range(top + 1)],
            },
            **axes,
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
            titles=[
                f"{SYMBOLS[d]} ({webui.t(f'cartpole_q.unit_{DIMS[d]}')})"
                for d in range(disc.n_dims)
            ],
            y_title=webui.t("cartpole_q.visits_bar_y"),
            title=webui.t("cartpole_q.visits_bar_title"),
        ),
        key="cpq.chart.marginals",
    )


def view(lr: live.LiveRun) -> None:
    """Redrawn after every chunk: numbers, the learning curve and the Q-table."""
    training: Training | None = lr.source
    if training is None or not training.run.lengths:
        st.info(webui.t("cartpole_q.not_trained"), icon=":material/info:")
        return
    run = training.run
    settings = run.settings
    solved = run.solved_at(SOLVED_RUN)
    cols = st.columns(5)
    cols[0].metric(webui.t("cartpole_q.metric_episodes"), f"{run.episodes_done:,}")
    cols[1].metric(
        webui.t("cartpole_q.metric_solved"),
        webui.t("cartpole_q.not_yet") if solved is None else f"{solved + 1:,}",
        help=webui.t(
            "cartpole_q.metric_solved_help", run=SOLVED_RUN, length=settings.solved_length
        ),
    )
    cols[2].metric(
        webui.t("cartpole_q.metric_states", total=states_total(run.discretiser)),
        f"{run.states_visited:,}",
        help=webui.t("cartpole_q.metric_states_help", n=f"{run.discretiser.n_states:,}"),
    )
    eps = lr.latest.epsilon if lr.latest is not None else math.nan
    cols[3].metric(webui.t("cartpole_q.metric_epsilon"), f"{eps:.4f}")
    greedy_mean = [float(np.mean(g)) for g in training.eval_lengths]
    cols[4].metric(
        webui.t("cartpole_q.metric_greedy"),
        "–" if not greedy_mean else f"{greedy_mean[-1]:.0f}",
        help=webui.t("cartpole_q.eval_every_help"),
    )
    if lr.watching:  # the newest episode played on CartPole while training goes on
        obs = run.replay("latest", render=False).observations
        caption = webui.t("cartpole_q.watch_caption", k=run.latest.episode + 1, t=len(obs) - 1)
        frame = lambda i: playback.cartpole_frame(settings.env_id, obs[i])  # noqa: E731
        media.play(frame, len(obs), seconds=live.WATCH_PERIOD_S, caption=caption, width=480)
    live_chart(
        cartpole_charts.episode_length_chart(
            run.lengths,
            x_title=webui.t("cartpole_q.chart_x"),
            y_title=webui.t("cartpole_q.chart_y"),
            title=webui.t("cartpole_q.chart_title"),
            length_name=webui.t("cartpole_q.series_length"),
            mean_name=webui.t("cartpole_q.series_mean", n=100),
            window=100,
            evaluations=(training.eval_episodes, greedy_mean),
            evaluation_name=webui.t("cartpole_q.series_greedy"),
            solved=settings.solved_length,
            solved_label=webui.t("cartpole_q.solved_line", n=settings.solved_length),
            y_max=settings.max_steps,
        ),
        "cpq.chart.lengths",
    )
    q_table_view(training)


# -- playback -------------------------------------------------------------------------------


def replay_of(training: Training, which: str) -> EpisodeReplay:
    """The chosen episode re-simulated (no frames: they are drawn when shown), cached."""
    record = training.run.latest if which == "latest" else training.run.best
    key = (id(training), which, record.episode)
    held = st.session_state.get(f"{PREFIX}._replay")
    if held is None or held[0] != key:
        held = (key, training.run.replay(which, render=False))
        st.session_state[f"{PREFIX}._replay"] = held
    return held[1]


def playback_section(training: Training) -> None:
    run = training.run
    st.subheader(webui.t("cartpole_q.playback_title"))
    p.widget(
        "replay",
        webui.t("cartpole_q.replay"),
        format_func=_frozen("replay", lambda v: webui.t(f"cartpole_q.replay_{v}")),
        style="segmented",
    )
    which = p["replay"]
    record = run.latest if which == "latest" else run.best
    replay = replay_of(training, which)
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
            source=(env_id, which, record.episode, id(training)),
        )


# -- the page ---------------------------------------------------------------------------------

p = params.bind(SPEC, prefix=PREFIX, on_change=live.config_pauser(RUN_KEY, PREFIX, CONFIG_KEYS))

st.title(webui.t("cartpole_q.title"))
st.markdown(webui.t("cartpole_q.intro"))
p.show_notices()
with st.expander(webui.t("cartpole_q.how_title")):
    st.markdown(webui.t("cartpole_q.how_body"))
    st.latex(
        r"d_i = \mathrm{digitize}(o_i,\ \text{edges}_i),\qquad "
        r"s = \sum_i d_i \prod_{j<i} \mathrm{bins}_j"
    )
    st.markdown(webui.t("cartpole_q.how_update"))
    st.latex(r"Q(s,a) \leftarrow Q(s,a) + \eta\,\bigl(r + \gamma \max_{a'} Q(s',a') - Q(s,a)\bigr)")

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    p.widget(
        "env",
        webui.t("cartpole_q.env"),
        help=webui.t("cartpole_q.env_help"),
        format_func=_frozen("env", lambda v: webui.t(f"cartpole_q.env_{v}")),
    )
    p.widget("bins", webui.t("cartpole_q.bins"), help=webui.t("cartpole_q.bins_help"))
    p.widget("eta", webui.t("cartpole_q.eta"))
    p.widget("gamma", webui.t("cartpole_q.gamma"))
    p.widget(
        "eps",
        webui.t("cartpole_q.eps_schedule"),
        help=webui.t("cartpole_q.eps_schedule_help"),
        format_func=_frozen("eps", lambda v: webui.t(f"cartpole_q.eps_{v}")),
    )
    p.widget("epsilon", webui.t("cartpole_q.epsilon"), help=webui.t("cartpole_q.epsilon_help"))
    if p["eps"] == "linear":
        p.widget("eps_end", webui.t("cartpole_q.eps_end"))
        p.widget("eps_decay", webui.t("cartpole_q.eps_decay"))
    p.widget("episodes", webui.t("common.episodes"), help=webui.t("cartpole_q.episodes_help"))
    p.widget("seed", webui.t("common.seed"), help=webui.t("cartpole_q.seed_help"), style="number")
    p.widget("shaping", webui.t("cartpole_q.shaping"), help=webui.t("cartpole_q.shaping_help"))
    st.caption(webui.t("cartpole_q.shaping_why"))
    p.widget(
        "eval_every", webui.t("cartpole_q.eval_every"), help=webui.t("cartpole_q.eval_every_help")
    )
    with st.expander(webui.t("cartpole_q.advanced")):
        st.caption(webui.t("cartpole_q.advanced_help"))
        for i, d in enumerate(DIMS):
            p.widget(
                f"clip_{d}",
                webui.t("cartpole_q.clip", name=dim_name(i), unit=webui.t(f"cartpole_q.unit_{d}")),
            )
            p.widget(
                f"bins_{d}",
                webui.t("cartpole_q.dim_bins", name=dim_name(i)),
                format_func=_frozen(
                    f"bins_{d}",
                    lambda v: webui.t("cartpole_q.same_bins", n=p["bins"]) if v == "auto" else v,
                ),
            )
        p.widget(
            "q_init",
            webui.t("cartpole_q.q_init"),
            format_func=_frozen("q_init", lambda v: webui.t(f"cartpole_q.q_init_{v}")),
        )

settings: CartPoleTabularSettings | None = None
with webui.guard(webui.t("cartpole_q.build_failed")):
    settings = settings_of(p.values)

if settings is not None:
    discretiser = settings.discretiser()
    with st.sidebar:
        st.subheader(webui.t("cartpole_q.view"))
        p.widget("xdim", webui.t("cartpole_q.xdim"), format_func=_frozen("xdim", _dim_label))
        p.widget("ydim", webui.t("cartpole_q.ydim"), format_func=_frozen("ydim", _dim_label))
        p.widget(
            "others",
            webui.t("cartpole_q.others"),
            format_func=_frozen("others", lambda v: webui.t(f"cartpole_q.others_{v}")),
            style="radio",
        )
        if p["others"] == "fixed":
            fixed_bin_sliders(discretiser, view_dims())
        p.share_link(train_to=live.progress_of(RUN_KEY))

    config = {k: p[k] for k in CONFIG_KEYS}
    labels = {
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
    lr = live.LiveRun(
        RUN_KEY,
        lambda: Training(settings_of(config), config["eval_every"]),
        total=p["episodes"],
        config=config,
        reset_on=RESET_KEYS,
        apply=lambda source, cfg: source.apply(cfg),
        labels=labels,
        count=lambda tick: tick.episode + 1,
        settings=p,
    )
    lr.show(view)

    training: Training | None = lr.source
    if training is not None and training.run.latest is not None:
        with webui.guard():
            visits_view(training)
        with webui.guard(webui.t("cartpole_q.replay_failed")):
            playback_section(training)
