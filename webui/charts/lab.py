"""The Lab's analysis figures, in plotly: drawn once per result (with
:func:`webui.charts.plotly_chart`), so zoom, hover and the modebar's PNG export come for free. Built from
:class:`~playground.lab.LabResults`; every number comes from :mod:`playground.lab.stats`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from playground.lab import LabResults, stats

COLORS = qualitative.D3
MAX_SEED_LINES = 100
"""Most per-seed lines drawn per algorithm (every seed, at the Lab's 100-seed cap)."""


def _rgba(color: str, alpha: float) -> str:
    color = color.lstrip("#")
    r, g, b = (int(color[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def comparison(
    results: LabResults,
    labels: Sequence[str],
    *,
    smooth: int = 1,
    per_seed: bool = False,
    title: str = "",
    x_title: str = "episode",
    y_title: str = "return",
    band_name: str = "95% CI",
    band: bool = True,
) -> go.Figure:
    """Per arm: the mean curve over finished seeds with its 95 % bootstrap band (two or
    more seeds; ``band=False`` leaves it out, for quick redraws while runs finish),
    optionally every seed's curve as a thin line; curves smoothed by a trailing mean of
    ``smooth`` episodes."""
    fig = go.Figure()
    x = np.arange(1, results.experiment.episodes + 1)
    settled: list[np.ndarray] = []  # the curves after their first tenth, for the y range
    for arm, label in zip(results.arms, labels, strict=True):
        curves = results.curves(arm.index)
        if not len(curves):
            continue
        color = COLORS[arm.index % len(COLORS)]
        smoothed = stats.smooth(curves, smooth)
        if band and len(curves) >= 2:
            mean, low, high = stats.mean_curve(smoothed)
        else:
            mean = smoothed.mean(axis=0)
        if per_seed:
            for row in smoothed[:MAX_SEED_LINES]:
                fig.add_scatter(
                    x=x, y=row, mode="lines", line={"width": 0.6, "color": _rgba(color, 0.3)},
                    hoverinfo="skip", showlegend=False, legendgroup=label,
                )  # fmt: skip
        if band and len(curves) >= 2:
            fig.add_scatter(
                x=np.concatenate([x, x[::-1]]),
                y=np.concatenate([high, low[::-1]]),
                fill="toself", fillcolor=_rgba(color, 0.2), line={"width": 0},
                hoverinfo="skip", name=f"{label} · {band_name}", legendgroup=label,
                showlegend=False,
            )  # fmt: skip
        settled.append(mean[len(mean) // 10 :])
        fig.add_scatter(
            x=x, y=mean, mode="lines", line={"width": 2, "color": color},
            name=f"{label} (n={len(curves)})", legendgroup=label,
        )  # fmt: skip
    if settled and len(x) >= 10:
        # Early episodes (a random walk off the cliff: −1,000s) would flatten the rest;
        # the range fits what follows them (double-click shows everything).
        low, high = min(float(s.min()) for s in settled), max(float(s.max()) for s in settled)
        margin = 0.15 * (high - low) or 1.0
        fig.update_yaxes(range=[low - margin, high + margin])
    fig.update_layout(
        title=title,
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=440,
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def sweep(
    points: list[dict[str, Any]],
    names: Sequence[str],
    labels: dict[str, str],
    *,
    title: str = "",
    y_title: str = "",
    best_name: str = "best",
) -> go.Figure:
    """``LabResults.sweep_points`` drawn: one setting → the measure against the value with
    95 % CI bars per algorithm, the best value marked; two settings → one heatmap per
    algorithm with the value in each cell, the best cell marked ★."""
    algorithms = list(dict.fromkeys(p["algorithm"] for p in points))
    if len(names) == 1:
        return _sweep_line(points, names[0], algorithms, labels, title, y_title, best_name)
    return _sweep_heatmap(points, names, algorithms, labels, title, best_name)


def _sweep_line(points, name, algorithms, labels, title, y_title, best_name) -> go.Figure:
    fig = go.Figure()
    for i, algorithm in enumerate(algorithms):
        mine = [p for p in points if p["algorithm"] == algorithm]
        color = COLORS[i % len(COLORS)]
        value = np.array([p["value"] for p in mine], dtype=float)
        fig.add_scatter(
            x=[p[name] for p in mine], y=value, mode="lines+markers",
            line={"color": color}, name=labels.get(algorithm, algorithm),
            error_y={
                "type": "data", "symmetric": False,
                "array": np.array([p["high"] for p in mine], dtype=float) - value,
                "arrayminus": value - np.array([p["low"] for p in mine], dtype=float),
            },
        )  # fmt: skip
        best = [p for p in mine if p.get("best")]
        if best:
            fig.add_scatter(
                x=[best[0][name]], y=[best[0]["value"]], mode="markers",
                marker={"symbol": "star", "size": 18, "color": color, "line": {"width": 1}},
                name=f"{labels.get(algorithm, algorithm)}: {best_name}",
            )  # fmt: skip
    fig.update_layout(
        title=title, xaxis_title=name, yaxis_title=y_title, height=440,
        margin={"l": 60, "r": 20, "t": 50, "b": 50}, legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    return fig


def _sweep_heatmap(points, names, algorithms, labels, title, best_name) -> go.Figure:
    first, second = names
    xs = list(dict.fromkeys(p[second] for p in points))
    ys = list(dict.fromkeys(p[first] for p in points))
    fig = make_subplots(
        rows=1, cols=len(algorithms), subplot_titles=[labels.get(a, a) for a in algorithms],
        horizontal_spacing=0.08,
    )  # fmt: skip
    for col, algorithm in enumerate(algorithms, start=1):
        grid = np.full((len(ys), len(xs)), np.nan)
        best = None
        for p in points:
            if p["algorithm"] == algorithm:
                grid[ys.index(p[first]), xs.index(p[second])] = p["value"]
                if p.get("best"):
                    best = p
        fig.add_heatmap(
            z=grid, x=[str(v) for v in xs], y=[str(v) for v in ys], texttemplate="%{z:.3g}",
            colorscale="Viridis", showscale=col == len(algorithms), row=1, col=col,
            hovertemplate=f"{second}=%{{x}}<br>{first}=%{{y}}<br>%{{z:.4g}}<extra></extra>",
        )  # fmt: skip
        if best is not None:
            fig.add_scatter(
                x=[str(best[second])], y=[str(best[first])], mode="markers",
                marker={"symbol": "star", "size": 22, "color": "white", "line": {"width": 1.5, "color": "black"}},
                name=f"{labels.get(algorithm, algorithm)}: {best_name}", row=1, col=col,
            )  # fmt: skip
        fig.update_xaxes(title_text=second, type="category", row=1, col=col)
        fig.update_yaxes(title_text=first, type="category", row=1, col=col)
    fig.update_layout(
        title=title, height=460, margin={"l": 60, "r": 20, "t": 70, "b": 50},
        legend={"orientation": "h", "y": -0.2},
    )  # fmt: skip
    return fig
