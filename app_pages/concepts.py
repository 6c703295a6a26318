"""Returns and discounting: G_t term by term, return normalisation, Huber versus square loss.

Torch-free: every number comes from :mod:`playground.concepts` (plain numpy).
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import webui
from playground.concepts import (
    MAX_REWARDS,
    discounted_return_terms,
    discounted_returns,
    huber_loss,
    normalise,
    parse_rewards,
    square_loss,
)
from webui import params, present
from webui.charts import common, live_chart
from webui.charts import concepts as concept_charts

PREFIX = "concepts"
FALLBACK_REWARDS = "0,0,0,1"
# Reward sequences one click away: the seed maze's shortest path (reward 1 at the goal),
# 20 steps of CartPole's +1, and the notes' CartPole shaping (0 per step, −1 on a fall).
PRESETS: dict[str, str] = {
    "maze": "0,0,0,0,0,1",
    "cartpole": ",".join(["1"] * 20),
    "cartpole_notes": ",".join(["0"] * 19 + ["-1"]),
}
DELTA_RANGE = 4.0  # the loss charts span TD errors in [−DELTA_RANGE, DELTA_RANGE]

Row = params.Setting
TABLE: params.Table = {
    "rewards": Row(
        params.Text(default=PRESETS["maze"], max_len=400),
        help="concepts.rewards_help",
        help_format={"n": MAX_REWARDS},
    ),
    "gamma": Row(params.Float(default=0.9, min=0.0, max=1.0, step=0.01)),
    # The time step's slider spans the sequence: drawn by the page.
    "t": Row(params.Int(default=0, min=0, max=MAX_REWARDS - 1)),
    "threshold": Row(params.Float(default=1.0, min=0.1, max=3.0, step=0.1)),
}


def _use_preset(name: str) -> None:
    p.set("rewards", PRESETS[name])
    p.set("t", 0)


def rewards_now() -> list[float]:
    """The rewards in the text box, or the fallback with a message saying what is wrong."""
    values, problem = parse_rewards(p["rewards"], MAX_REWARDS)
    if values is not None:
        return values
    why_key, details = problem
    # The text may come from a share link: shown as text (code spans), never as Markdown.
    shown = {k: webui.literal(v) if k == "item" else v for k, v in details.items()}
    why = webui.t(f"concepts.why_{why_key}", **shown)
    text = webui.literal(p["rewards"])
    st.warning(webui.t("concepts.rewards_bad", text=text, why=why), icon=":material/warning:")
    fallback, _ = parse_rewards(FALLBACK_REWARDS)
    return fallback


def _num(x: float) -> str:
    return f"{x:.4g}"


def bars(container, labels: list[str], series: str, values, chart: str, *, colour: str,
         key: str, **style) -> None:  # fmt: skip
    """One value per step as bars: the series ``concepts.series_<series>`` in the chart
    whose y axis and title are ``concepts.<chart>_y`` and ``concepts.<chart>_title``."""
    name = webui.t(f"concepts.series_{series}")
    option = concept_charts.grouped_bars(
        labels,
        {name: values},
        x_title=webui.t("concepts.all_x"),
        y_title=webui.t(f"concepts.{chart}_y"),
        title=webui.t(f"concepts.{chart}_title"),
        colours={name: colour},
        **style,
    )
    live_chart(option, f"{PREFIX}.chart.{key}", container=container)


def returns_section() -> None:
    st.header(webui.t("concepts.returns_title"))
    st.markdown(webui.t("concepts.returns_body"))
    st.latex(r"G_t = \sum_{k=0}^{T-1-t} \gamma^k\, r_{t+k} = r_t + \gamma\, G_{t+1},\qquad G_T = 0")
    left, right = st.columns([2, 3])
    with left:
        params.widgets(p, TABLE, "rewards", text="concepts")
        # Buttons that size to their labels and wrap onto a new line when the column is full.
        with st.container(horizontal=True):
            for name in PRESETS:
                st.button(
                    webui.t(f"concepts.preset_{name}"),
                    key=f"_{PREFIX}.preset.{name}",
                    on_click=_use_preset,
                    args=(name,),
                    width="content",
                )
        rewards = rewards_now()
        params.widgets(p, TABLE, "gamma", text="concepts")
        n = len(rewards)
        t = min(p["t"], n - 1)
        if n > 1:
            # The slider's range follows the sequence; the stored value is clamped to it.
            st.session_state[p.value_key("t")] = t
            st.session_state[p.widget_key("t")] = t
            st.slider(
                webui.t("concepts.t"),
                min_value=0,
                max_value=n - 1,
                key=p.widget_key("t"),
                on_change=lambda: p.set("t", st.session_state[p.widget_key("t")]),
            )
    gamma = p["gamma"]
    terms = discounted_return_terms(rewards, gamma)
    returns = discounted_returns(rewards, gamma)
    with left:
        m1, m2 = st.columns(2)
        m1.metric(webui.t("concepts.metric_g", t=t), _num(returns[t]))
        m2.metric(
            webui.t("concepts.metric_horizon"),
            webui.t("concepts.horizon_inf") if gamma >= 1 else f"{1 / (1 - gamma):.3g}",
        )
        parts = [rf"{_num(gamma)}^{{{j - t}}}\cdot {_num(rewards[j])}" for j in range(t, n)]
        parts = parts[:8] + ([r"\cdots"] if len(parts) > 8 else [])
        # Four terms a line and the value on its own line: one long line was cut off at
        # the column's edge, value and all.
        lines = [" + ".join(parts[i : i + 4]) for i in range(0, len(parts), 4)] or ["0"]
        body = r" \\ &\quad + ".join(lines)
        st.latex(rf"\begin{{aligned}} G_{{{t}}} &= {body} \\ &= {_num(returns[t])} \end{{aligned}}")
    with right:
        labels = [f"r{j}" for j in range(t, n)]
        live_chart(
            concept_charts.grouped_bars(
                labels,
                {
                    webui.t("concepts.series_reward"): rewards[t:],
                    webui.t("concepts.series_term"): terms[t, t:],
                },
                x_title=webui.t("concepts.terms_x"),
                y_title=webui.t("concepts.terms_y"),
                title=webui.t("concepts.terms_title", t=t),
                colours={
                    webui.t("concepts.series_reward"): "#9aa5b1",
                    webui.t("concepts.series_term"): common.PALETTE[3],
                },
                hline=float(returns[t]),
                hline_label=webui.t("concepts.sum_line", t=t, g=_num(returns[t])),
            ),
            f"{PREFIX}.chart.terms",
        )
    step_labels = [str(j) for j in range(n)]
    a, b = st.columns(2)
    normalised = normalise(returns)
    bars(a, step_labels, "g", returns, "all", colour=common.PALETTE[0], key="returns")
    bars(b, step_labels, "norm", normalised, "norm", colour=common.PALETTE[4],
         key="normalised", value_format=".2f")  # fmt: skip
    st.markdown(webui.t("concepts.norm_body"))
    st.latex(r"\hat G_t = \frac{G_t - \operatorname{mean}(G)}{\operatorname{std}(G) + 10^{-8}}")
    if n and float(np.std(returns)) == 0.0:
        st.caption(webui.t("concepts.norm_constant"))
    elif n > 1:
        st.caption(
            webui.t(
                "concepts.norm_ends",
                first=float(normalised[0]),
                last_t=n - 1,
                last=float(normalised[-1]),
            )
        )


def loss_section() -> None:
    st.header(webui.t("concepts.loss_title"))
    st.markdown(webui.t("concepts.loss_body"))
    st.latex(
        r"L_{\mathrm{sq}}(\delta) = \tfrac12\delta^2,\qquad "
        r"L_\kappa(\delta) = \begin{cases} \tfrac12\delta^2/\kappa & |\delta| \le \kappa \\ "
        r"|\delta| - \tfrac12\kappa & |\delta| > \kappa \end{cases}"
        r"\;=\;\frac{H_\kappa(\delta)}{\kappa},\qquad "
        r"H_\kappa(\delta) = \begin{cases} \tfrac12\delta^2 & |\delta| \le \kappa \\ "
        r"\kappa\,(|\delta| - \tfrac12\kappa) & |\delta| > \kappa \end{cases}"
    )
    params.widgets(p, TABLE, "threshold", text="concepts")
    kappa = p["threshold"]
    delta = np.linspace(-DELTA_RANGE, DELTA_RANGE, 401)
    square = square_loss(delta)
    huber = huber_loss(delta, kappa)
    names = (
        webui.t("concepts.series_square"),
        webui.t("concepts.series_huber") + f" (κ = {kappa:g})",
    )
    common = {
        "x_title": webui.t("concepts.axis_delta"),
        "vlines": (-kappa, kappa),
        "vline_label": webui.t("concepts.threshold_label"),
        "dashed": (names[0],),
    }
    a, b = st.columns(2)
    live_chart(
        concept_charts.curves_chart(
            delta,
            dict(zip(names, (square, huber), strict=True)),
            y_title=webui.t("concepts.axis_loss"),
            title=webui.t("concepts.loss_chart"),
            **common,
        ),
        f"{PREFIX}.chart.loss",
        container=a,
    )
    # The derivatives are taken numerically from the core's losses, not re-derived here.
    live_chart(
        concept_charts.curves_chart(
            delta,
            dict(zip(names, (np.gradient(square, delta), np.gradient(huber, delta)), strict=True)),
            y_title=webui.t("concepts.axis_grad"),
            title=webui.t("concepts.grad_chart"),
            **common,
        ),
        f"{PREFIX}.chart.grad",
        container=b,
    )


p = params.bind(params.spec_of(TABLE), prefix=PREFIX)
st.title(webui.t("concepts.title"))
present.explanation(webui.t("concepts.intro"))
p.show_notices()
with st.sidebar:
    p.share_link()
with webui.guard():
    returns_section()
with webui.guard():
    loss_section()
