"""Deep RL charts (DQN, REINFORCE): return curves, diagnostics as small multiples, and
Q(s, a) or π(a|s) along one episode."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from webui.charts.common import (
    ACTION_COLOURS,
    FONT_SIZE,
    OPTIMUM_LINE,
    PALETTE,
    _layout_dict,
    _progress_chart,
    trailing_mean,
)


def return_curve_chart(
    x: Sequence[float] | np.ndarray,
    returns: Sequence[float] | np.ndarray,
    *,
    x_title: str,
    y_title: str,
    title: str | None = None,
    return_name: str = "return",
    mean_name: str = "moving average",
    window: int = 20,
    evaluations: tuple[Sequence[float], Sequence[float]] | None = None,
    evaluation_name: str = "greedy evaluation",
    solved: float | None = None,
    solved_label: str = "solved",
    y_max: float | None = None,
    height: int = 380,
) -> go.Figure:
    """Training return per episode (faint) with its trailing mean, greedy evaluations
    (orange diamonds) and the solved line, against any x (env steps or episodes).

    Built in one pass from a dict: it is redrawn several times a second while training.

    Args:
        x: x of each episode (its last env step, or its number).
        returns: return of each episode.
        window: episodes in the trailing mean.
        evaluations: ``(x, mean greedy return)`` of each evaluation, on the same x scale.
        solved: dotted green line (475 on CartPole-v1, 195 on v0).
        y_max: fix the y range to ``[0, y_max]`` (the step limit) so redraws do not jump.
    """
    xs = np.asarray(x, dtype=float)
    y = np.asarray(returns, dtype=float)
    if evaluations is not None:
        evaluations = (
            np.asarray(evaluations[0], dtype=float),
            np.asarray(evaluations[1], dtype=float),
        )
    right = None
    if solved is not None:
        right = max([1.0, *xs[-1:].tolist(), *(evaluations[0] if evaluations else [])])
    return _progress_chart(
        xs,
        y,
        raw=(return_name, "lines+markers" if y.size <= 60 else "lines", 0.45),
        mean_name=mean_name,
        window=window,
        evaluations=evaluations,
        evaluation_name=evaluation_name,
        solved=None if solved is None else (solved, right, solved_label),
        layout=_layout_dict(title=title, x_title=x_title, y_title=y_title, height=height),
        y_max=y_max,
    )


def small_multiples(
    panels: Sequence[Mapping],
    *,
    x_title: str,
    title: str | None = None,
    columns: int = 2,
    row_height: int = 230,
) -> go.Figure:
    """Several small line charts sharing an x quantity, in a grid, each with its own title.

    Each panel is a mapping with ``title``, ``x``, ``y``, ``y_title`` and optionally
    ``log_y`` (bool), ``range`` (``[low, high]``), ``colour``, ``smooth`` (a trailing-mean
    window drawn over a faint raw line) and ``hline`` (``(y, name)``: a dashed grey
    reference line across the panel, a trace of its own named ``name``). Axes are laid out
    by hand (``make_subplots`` is slow for a chart redrawn live); non-finite values leave gaps.
    """
    n = len(panels)
    columns = max(1, min(columns, n))
    rows = math.ceil(n / columns)
    h_gap, v_gap = 0.09, 0.16 if rows > 1 else 0.0
    width = (1.0 - h_gap * (columns - 1)) / columns
    height_frac = (1.0 - v_gap * (rows - 1)) / rows
    layout: dict = _layout_dict(title=title, x_title="", y_title="", height=0)
    layout.pop("xaxis")
    layout.pop("yaxis")
    layout["height"] = (60 if title else 20) + rows * row_height + 40
    layout["hovermode"] = "closest"
    layout["showlegend"] = False
    layout["margin"] = {"l": 60, "r": 20, "t": 80 if title else 40, "b": 55}
    annotations: list[dict] = []
    data: list[dict] = []
    for i, panel in enumerate(panels):
        row, col = divmod(i, columns)
        suffix = "" if i == 0 else str(i + 1)
        left = col * (width + h_gap)
        top = 1.0 - row * (height_frac + v_gap)
        layout[f"xaxis{suffix}"] = {
            "domain": [left, left + width],
            "anchor": f"y{suffix}",
            "title": {"text": x_title, "font": {"size": FONT_SIZE - 2}},
            "rangemode": "tozero",
        }
        yaxis: dict = {
            "domain": [top - height_frac, top],
            "anchor": f"x{suffix}",
            "title": {"text": panel["y_title"], "font": {"size": FONT_SIZE - 2}},
        }
        ys = np.asarray(panel["y"], dtype=float)
        if panel.get("log_y"):
            yaxis["type"] = "log"
            ys = np.where(ys > 0, ys, np.nan)
        if panel.get("range") is not None:
            yaxis["range"] = list(panel["range"])
        layout[f"yaxis{suffix}"] = yaxis
        colour = panel.get("colour", PALETTE[i % len(PALETTE)])
        xs = np.asarray(panel["x"], dtype=float)
        smooth = panel.get("smooth")
        data.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "name": panel["title"],
                "mode": "lines+markers" if ys.size <= 40 else "lines",
                "line": {"color": colour, "width": 1 if smooth else 2},
                "opacity": 0.45 if smooth else 1.0,
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
            }
        )
        if smooth and ys.size:
            finite = np.isfinite(ys)
            mean = np.full(ys.shape, np.nan)
            mean[finite] = trailing_mean(ys[finite], smooth)
            data.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": mean,
                    "name": f"{panel['title']} (mean)",
                    "mode": "lines",
                    "line": {"color": colour, "width": 3},
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                    "connectgaps": True,
                }
            )
        if panel.get("hline") is not None and xs.size:
            y_line, name = panel["hline"]
            data.append(
                {
                    "type": "scatter",
                    "x": np.array([np.nanmin(xs), np.nanmax(xs)]),
                    "y": np.array([y_line, y_line], dtype=float),
                    "name": name,
                    "mode": "lines",
                    "line": OPTIMUM_LINE,
                    "hoverinfo": "skip",
                    "xaxis": f"x{suffix}",
                    "yaxis": f"y{suffix}",
                }
            )
        annotations.append(
            {
                "text": f"<b>{panel['title']}</b>",
                "x": left + width / 2,
                "y": top,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "yshift": 6,
                "showarrow": False,
                "font": {"size": FONT_SIZE},
            }
        )
    layout["annotations"] = annotations
    return go.Figure({"data": data, "layout": layout})


def action_scores_chart(
    scores: np.ndarray,
    *,
    action_names: Sequence[str],
    x_title: str,
    y_title: str,
    title: str | None = None,
    y_range: Sequence[float] | None = None,
    height: int = 300,
) -> go.Figure:
    """Q(s_t, a) or π(a|s_t) of every action along one episode, one line per action."""
    z = np.asarray(scores, dtype=float)
    t = np.arange(z.shape[0])
    colours = (ACTION_COLOURS[0], ACTION_COLOURS[2])
    data = [
        {
            "type": "scatter",
            "x": t,
            "y": z[:, a],
            "name": name,
            "mode": "lines",
            "line": {"color": colours[a % 2], "width": 2},
        }
        for a, name in enumerate(action_names)
    ]
    layout = _layout_dict(title=title, x_title=x_title, y_title=y_title, height=height)
    if y_range is not None:
        layout["yaxis"]["range"] = list(y_range)
    return go.Figure({"data": data, "layout": layout})
