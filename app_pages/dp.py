"""Dynamic programming: policy evaluation, policy iteration and value iteration, sweep by sweep.

Torch-free. Every number comes from :mod:`playground.dp` through :mod:`playground.sessions.dp`;
the sweep count is a setting (in the share link), and the page replays that many sweeps.
"""

from __future__ import annotations

import streamlit as st

import webui
from playground import dp
from playground.envs.layouts import ACTION_SYMBOLS
from playground.sessions import dp as dp_session
from playground.sessions.dp import METHODS, PROBLEMS
from webui import env_picker, media, params, present
from webui.charts import clicked_cell, common, live_chart, selectable_cells
from webui.charts import maze as maze_charts
from webui.params import Choice

PREFIX = "dp"
Row = params.Setting
LOG_GRID = params.log_grid(1e-10, 0.1, per_decade=(1,))
PICKER = env_picker.rows("problem", default="example_4_1", choices=PROBLEMS, slippery=True)
TABLE: params.Table = {
    **PICKER,
    "method": Row(Choice(default="evaluation", choices=METHODS), choice_labels="dp.method",
                  style="radio"),
    "gamma": Row(params.Float(default=1.0, min=0.0, max=1.0, step=0.01)),
    "theta": Row(params.LogFloat(default=1e-4, grid=LOG_GRID), help="dp.theta_help"),
    "sweeps": Row(params.Int(default=0, min=0, max=dp_session.MAX_SWEEPS)),
    "cell": Row(params.Int(default=1, min=0, max=143)),  # picked by a click on V
}  # fmt: skip
SETTINGS = (*PICKER, "method", "gamma", "theta")  # changing one starts over
PICTURE_PX = {"cliff_walking": 900, "maze_8x8": 440, "frozen_lake_8x8": 440}
_LAST_SETTINGS = "_dp.settings"
_VALUES_OPTION = "_dp.values_option"  # the V heatmap drawn last: a click's cell is read from it

t = webui.t


def current_problem() -> dp_session.Problem:
    # A bad code in the link or the box: the picker says why and shows Example 4.1.
    return env_picker.problem(p, "problem")


def current_run(n: int) -> dp_session.DPRun:
    return dp_session.run(current_problem(), p["method"], p["gamma"], p["theta"], n)


def advance(n: int | None) -> None:
    """Step ``n`` sweeps further; ``None`` runs to the end."""
    if n is None:
        p.set("sweeps", len(current_run(dp_session.MAX_SWEEPS).deltas))
    else:
        p.set("sweeps", p["sweeps"] + n)


def pick_cell() -> None:
    """A click on a cell of the V heatmap picks the cell whose backup is written out."""
    event = st.session_state.get("dp.values")
    option = st.session_state.get(_VALUES_OPTION)
    picked = clicked_cell(option or {}, getattr(event, "selection", None) or {})
    if picked is not None:
        col, row = picked
        p.set("cell", row * current_problem().cols + col)


def fmt(x: float) -> str:
    return f"{x:.3g}"


def settings_sidebar() -> None:
    with st.sidebar:
        st.subheader(t("common.settings"))
        env_picker.widgets(p, "problem", label=t("dp.problem"))
        params.widgets(p, TABLE, "method", "gamma", "theta", text="dp")
        p.share_link()


def rule() -> None:
    method = p["method"]
    st.markdown(t(f"dp.rule_{method}"))
    if method == "value_iteration":
        st.latex(r"V_{k+1}(s) = \max_a \sum_{s',r} p(s',r\mid s,a)\,\big[r + \gamma V_k(s')\big]")
    else:
        st.latex(
            r"V_{k+1}(s) = \sum_a \pi(a\mid s) \sum_{s',r} p(s',r\mid s,a)\,"
            r"\big[r + \gamma V_k(s')\big]"
        )


def controls(result: dp_session.DPRun) -> None:
    present.pinned_row()  # settings pinned in presenter view, just above the buttons
    cols = st.columns(4)
    buttons = (
        ("step", 1, ":material/skip_next:"),
        ("step10", 10, ":material/fast_forward:"),
        ("run", None, ":material/play_arrow:"),
    )
    for col, (name, n, icon) in zip(cols, buttons, strict=False):
        col.button(
            t(f"dp.{name}"),
            key=f"dp.{name}",
            icon=icon,
            on_click=webui.safe_callback(advance),
            args=(n,),
            disabled=result.done,
            width="stretch",
        )
    cols[3].button(
        t("dp.reset"),
        key="dp.reset",
        icon=":material/restart_alt:",
        on_click=lambda: p.set("sweeps", 0),
        disabled=not len(result.deltas),
        width="stretch",
    )


def status(result: dp_session.DPRun) -> str:
    k = len(result.deltas)
    if not k:
        return t("dp.status_start")
    delta = fmt(result.deltas[-1])
    if result.done and not result.converged:
        return t("dp.status_cap", k=k)
    if result.done and p["method"] == "policy_iteration":
        return t("dp.status_stable", k=k, n=len(result.improvements))
    if result.done:
        return t("dp.status_converged", k=k, delta=delta, theta=f"{p['theta']:g}")
    text = t("dp.status_sweep", k=k, delta=delta)
    if result.improvements:
        text += " " + t("dp.status_improved", changes=sum(result.improvements))
    return text


def grid_view(prob: dp_session.Problem, result: dp_session.DPRun, cell: int) -> None:
    wide = prob.cols > 1.5 * prob.rows  # CliffWalking: picture above the values
    left, right = (st.container(), st.container()) if wide else st.columns([2, 3], gap="large")
    with left:
        size, words = PICTURE_PX.get(prob.key, 380), media.cell_words()
        image = prob.draw(arrows=result.policy, highlight=[cell], size=size, words=words)
        media.image(image, caption=t(f"dp.grid_caption_{p['method']}"))
    with right:
        grid = dp_session.value_grid(prob, result.V)
        scale = dp_session.value_scale(grid)  # symmetric: 0 is white
        fig = common.heatmap(
            grid,
            x_labels=[str(c) for c in range(prob.cols)],
            y_labels=[str(r) for r in range(prob.rows)],
            x_title=t("dp.col"),
            y_title=t("dp.row"),
            title=t("dp.v_title"),
            value_format=".3g",
            colorscale="RdBu",
            zmin=-scale,
            zmax=scale,
            highlight=divmod(cell, prob.cols),
        )
        fig = selectable_cells(fig)
        st.session_state[_VALUES_OPTION] = fig
        live_chart(fig, "dp.values", on_select=pick_cell)
        st.caption(t("dp.click_hint"))
    with st.expander(t("dp.policy_title")):
        rows = dp_session.policy_rows(prob, result.policy)
        header = "| |" + "|".join(str(c) for c in range(prob.cols)) + "|"
        lines = [header, "|---" * (prob.cols + 1) + "|"]
        lines += [
            f"|**{r}**|" + "|".join(a or "·" for a in row) + "|" for r, row in enumerate(rows)
        ]
        st.markdown("\n".join(lines))


def delta_chart(result: dp_session.DPRun) -> None:
    if not len(result.deltas):
        st.caption(t("dp.delta_none"))
    fig = maze_charts.log_series_chart(
        list(range(1, len(result.deltas) + 1)),
        result.deltas,
        name=t("dp.delta_name"),
        x_title=t("dp.sweep_x"),
        y_title=t("dp.delta_y"),
        threshold=p["theta"],
        threshold_label=t("dp.theta_line", theta=f"{p['theta']:g}"),
        title=t("dp.delta_title"),
        height=300,
    )
    live_chart(fig, "dp.deltas")


def backup_view(prob: dp_session.Problem, result: dp_session.DPRun, cell: int) -> None:
    st.subheader(t("dp.backup_title"))
    model = prob.model
    optimal = p["method"] == "value_iteration"
    st.markdown(t("dp.backup_body_optimality" if optimal else "dp.backup_body_expectation"))
    if cell in prob.blocked:
        st.info(t("dp.blocked", cell=cell))
        return
    policy = None
    if not optimal:
        policy = (
            result.last.policy
            if result.last is not None and result.last.policy is not None
            else dp.uniform_policy(model)
        )
    backup = dp.bellman_backup(model, result.V, cell, p["gamma"], policy)
    if prob.slippery and not backup.terminal:  # ice: draw where the move may go
        action, arrows, stay = dp_session.slip_arrows(prob, result.policy, cell)
        caption = t("dp.slip_caption", cell=cell, a=ACTION_SYMBOLS[action], stay=f"{stay:.2g}")
        picture = prob.draw(arrows=arrows, highlight=[cell], size=360, words=media.cell_words())
        media.image(picture, caption=caption)
    st.latex(dp_session.backup_latex(backup))


p = params.bind(params.spec_of(TABLE), prefix=PREFIX)
st.title(t("dp.title"))
present.explanation(t("dp.intro"))
p.show_notices()
settings_sidebar()
chosen = tuple(p[name] for name in SETTINGS)
if st.session_state.get(_LAST_SETTINGS, chosen) != chosen:
    p.set("sweeps", 0)  # a new problem or method starts from V = 0
st.session_state[_LAST_SETTINGS] = chosen

with webui.guard():
    rule()
    problem = current_problem()
    result = current_run(p["sweeps"])
    cell = min(p["cell"], problem.model.n_states - 1)
    st.session_state[p.value_key("cell")] = cell
    controls(result)
    st.markdown(status(result))
    if problem.slippery:  # some move has several outcomes: slippery ice
        st.info(t("dp.slippery_note"), icon=":material/ac_unit:")
    grid_view(problem, result, cell)
    delta_chart(result)
    backup_view(problem, result, cell)
