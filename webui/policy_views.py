"""Drawing helpers of the policy-gradient page (app_pages/maze_policy.py): θ and π
heatmaps and the Step button's episode with its update."""

from __future__ import annotations

from typing import Any

import numpy as np
import streamlit as st

import webui
from playground.sessions.maze_policy import PolicyGradientRun
from webui.charts import common

ARROWS = ("↑", "→", "↓", "←")


def t(key: str, **fmt: Any) -> str:
    return webui.t(f"maze_policy.{key}", **fmt)


def state_labels(n: int) -> list[str]:
    return [f"S{s}" for s in range(n)]


def action_labels() -> list[str]:
    return [f"{a} {ARROWS[a]}" for a in range(4)]


def heat_height(n_states: int) -> int:
    return 70 + (34 if n_states <= 25 else 22) * n_states


def theta_heatmap(theta: np.ndarray, title: str) -> Any:
    return common.heatmap(
        theta,
        x_labels=action_labels(),
        y_labels=state_labels(theta.shape[0]),
        x_title=t("axis_action"),
        y_title=t("axis_state"),
        title=title,
        colorscale="Oranges",
        colorbar_title="θ",
        height=heat_height(theta.shape[0]),
    )


def pi_heatmap(pi: np.ndarray, title: str, theta_mask: np.ndarray) -> Any:
    """π as a heatmap; blocked moves (NaN in ``theta_mask``) show as "–" like θ's NaN."""
    shown = np.where(np.isnan(theta_mask), np.nan, pi)
    return common.heatmap(
        shown,
        x_labels=action_labels(),
        y_labels=state_labels(pi.shape[0]),
        x_title=t("axis_action"),
        y_title=t("axis_state"),
        title=title,
        zmin=0.0,
        zmax=1.0,
        colorbar_title="π",
        height=heat_height(pi.shape[0]),
    )


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
