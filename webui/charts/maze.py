"""Maze charts: policies and policy gradient (θ, π, β, Σ|Δπ|), SARSA and Q-learning
(per-episode curves, Q tables). Also the DP page's log chart of Δ per sweep."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from webui.charts import options
from webui.charts.common import (
    BLOCKED_FILL,
    FONT_SIZE,
    OPTIMUM_LINE,
    PALETTE,
    SOLVED_LINE,
    _cell_text,
)


def bucket_means(
    values: Sequence[float] | np.ndarray, max_points: int = 1_000
) -> tuple[np.ndarray, np.ndarray, int]:
    """Shrink a long per-episode series to at most ``max_points`` for a live chart.

    Consecutive values are averaged in buckets of ``k`` (the smallest size that fits);
    each mean is plotted at the bucket's last episode (1-based), so the x axis still
    reads "episode". Returns ``(x, y, k)``; ``k == 1`` means nothing was averaged.

    >>> x, y, k = bucket_means([1, 2, 3, 4, 5], max_points=2)
    >>> x.tolist(), y.tolist(), k
    ([3, 5], [2.0, 4.5], 3)
    """
    data = np.asarray(values, dtype=float)
    n = data.size
    k = max(1, math.ceil(n / max(1, int(max_points))))
    if k == 1:
        return np.arange(1, n + 1), data, 1
    starts = np.arange(0, n, k)
    sums = np.add.reduceat(data, starts)
    counts = np.diff(np.append(starts, n))
    return np.minimum(starts + k, n), sums / counts, k


def softmax_temperature_chart(
    betas: Sequence[float] | np.ndarray,
    probabilities: np.ndarray,
    *,
    action_labels: Sequence[str],
    beta_now: float,
    beta_label: str,
    x_title: str,
    y_title: str,
    title: str | None = None,
    height: int = 320,
) -> dict[str, Any]:
    """π(s, a) of one state against β (log x axis), one line per action, the chosen β
    marked by a dashed line labelled at its top.

    ``probabilities`` is ``(len(betas), n_actions)``; actions that are always 0 (blocked)
    are left out so the legend lists only moves the state allows.
    """
    probs = np.asarray(probabilities, dtype=float)
    xs = np.asarray(betas, dtype=float)
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.value_axis(x_title, kind="x", log=True)
    option["yAxis"] = options.value_axis(y_title, kind="y", limits=(0, 1.02))
    lines = [
        options.line_series(
            label,
            options.points(xs, probs[:, a], log_x=True),
            colour=PALETTE[a % len(PALETTE)],
            index=a,
            width=3,
        )
        for a, label in enumerate(action_labels)
        if np.any(probs[:, a] > 0)
    ]
    for i, line in enumerate(lines):
        line["z"] = 2 + i
    option["series"] = lines + [options.reference_line("x", beta_now, beta_label, OPTIMUM_LINE)]
    if len(lines) > 1:
        options.legend(option, [line["name"] for line in lines])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return option


def _log_range(values: np.ndarray, threshold: float | None) -> list[int] | None:
    """A log axis' range in powers of ten (log10 units) holding every positive value and
    the threshold, so the threshold line is always in view."""
    shown = [float(v) for v in values[np.isfinite(values) & (values > 0)]]
    if threshold is not None and threshold > 0:
        shown.append(float(threshold))
    if not shown:
        return None
    low, high = math.floor(math.log10(min(shown))), math.ceil(math.log10(max(shown)))
    return [low, high if high > low else low + 1]


def log_series_chart(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    name: str,
    x_title: str,
    y_title: str,
    threshold: float | None = None,
    threshold_label: str = "threshold",
    title: str | None = None,
    height: int = 340,
) -> dict[str, Any]:
    """One series on a log y axis (Σ|Δπ| per episode, Δ per sweep) with an optional
    threshold line, named in the legend too; the axis spans whole powers of ten holding
    the series and the threshold. Non-positive values cannot be drawn on a log axis and
    are gaps."""
    ys = np.asarray(y, dtype=float)
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.value_axis(x_title, kind="x")
    option["yAxis"] = options.value_axis(
        y_title, kind="y", log=True, limits=_log_range(ys, threshold)
    )
    shown = np.where(ys > 0, ys, np.nan)
    series = [
        options.line_series(
            name,
            options.points(np.asarray(x, dtype=float), shown, log_y=True),
            colour=PALETTE[0],
            index=0,
            markers=ys.size <= 60,
            log_y=True,
        )
    ]
    if threshold is not None and threshold > 0:
        # A series of no points: the threshold's legend entry, in the line's style.
        series.append(
            options.line_series(
                threshold_label,
                [[None, None, None]],
                colour=SOLVED_LINE["color"],
                index=1,
                dash=SOLVED_LINE["dash"],
                log_y=True,
            )
        )
    option["series"] = list(series)
    if threshold is not None and threshold > 0:
        option["series"].append(
            options.reference_line("y", threshold, threshold_label, SOLVED_LINE, log=True)
        )
        options.legend(option, [s["name"] for s in series])
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return options.long_series_in_datasets(option)


def q_table_heatmap(
    q: np.ndarray,
    *,
    action_labels: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    highlight: tuple[int, int] | None = None,
    colorbar_title: str | None = "Q",
) -> dict:
    """A states × actions Q table as a heatmap option with its values written in
    (blocked moves "–"), read like :func:`webui.charts.common.heatmap`.

    Colours: blues when every value is ≥ 0, a red–blue scale centred on 0 once some are
    negative (a step penalty). Values of 1,000 or more switch to 3 significant digits so
    a diverging table stays readable. The chart is tall enough for every row, colour bar
    included: tables of more than 12 states get thinner rows and smaller text, of more
    than 25 (the 8×8 maze's 64) thinner still. ``highlight`` ``(state, action)`` outlines
    one cell (the Q value just updated).

    >>> option = q_table_heatmap(np.array([[np.nan, 0.5], [0.25, np.nan]]),
    ...                          action_labels=["a0", "a1"], x_title="action", y_title="state")
    >>> sorted((row, col, text) for s in option["series"][:2] for col, row, _, text in s["data"])
    [(0, 0, '–'), (0, 1, '0.50'), (1, 0, '0.25'), (1, 1, '–')]
    """
    z = np.asarray(q, dtype=float)
    if z.ndim != 2 or z.shape[1] != len(action_labels):
        raise ValueError(f"Q of shape {z.shape} does not match {len(action_labels)} actions")
    finite = z[np.isfinite(z)]
    low = float(finite.min()) if finite.size else 0.0
    high = float(finite.max()) if finite.size else 1.0
    fmt = ".3g" if finite.size and max(abs(low), abs(high)) >= 1_000 else ".2f"
    n_states = z.shape[0]
    small = n_states > 12
    if low < 0:
        bound = max(abs(low), abs(high), 1e-9)
        colours, zmin, zmax = "RdBu", -bound, bound
    else:
        # All zeros (a fresh table) still gets a 0 … 1 colour bar, not 0 … 0.
        colours, zmin, zmax = "Blues", 0.0, high if high > 0 else 1.0
    row_px = 34 if not small else 24 if n_states <= 25 else 18
    return options.table_heatmap(
        np.where(np.isfinite(z), z, np.nan),
        x_labels=action_labels,
        y_labels=[f"S{s}" for s in range(n_states)],
        text=_cell_text(z, fmt, "–"),
        title=title,
        x_title=x_title,
        y_title=y_title,
        height=max(260, (75 if title else 50) + 40 + row_px * n_states),
        colours=colours,
        low=zmin,
        high=zmax,
        colour_bar_title=colorbar_title or "",
        highlight=highlight,
        text_size=FONT_SIZE - (4 if small else 2),
        y_label_size=FONT_SIZE - 3 if small else FONT_SIZE - 2,
        background=BLOCKED_FILL,
    )


def transition_bars(
    cells: Sequence[str],
    probs: Sequence[float],
    *,
    title: str | None,
    x_title: str,
    y_title: str,
    height: int = 280,
) -> dict[str, Any]:
    """P(s′ | s, a) of one move as bars, one per next cell, each with its probability
    written on top (1/3 each on slippery ice).

    >>> option = transition_bars(["S1", "S4"], [2 / 3, 1 / 3], title=None, x_title="s′",
    ...                          y_title="p")
    >>> option["xAxis"]["data"], [bar[2] for bar in option["series"][0]["data"]]
    (['S1', 'S4'], ['0.667', '0.333'])
    """
    option = options.frame(title=title, height=height)
    option["xAxis"] = options.category_axis(cells, x_title)
    option["yAxis"] = options.value_axis(y_title, kind="y", limits=[0, 1])
    option["series"] = [
        options.labelled_bars(y_title, probs, [f"{p:.3g}" for p in probs], PALETTE[0])
    ]
    option["tooltip"] = {"trigger": "axis", "confine": True}
    return option
