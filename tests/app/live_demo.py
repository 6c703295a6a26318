"""A tiny page driving webui.live with a fake trainer (for tests and the redraw benchmark).

Run it alone: ``streamlit run tests/app/live_demo.py``. Query parameters: ``episodes``,
``delay_ms`` (per-episode cost of the fake trainer), ``fail_at`` (raise at that episode).
"""

import time

import numpy as np
import streamlit as st

import webui
from webui import live, params
from webui.charts import common, live_chart

SPEC = {
    "episodes": params.Int(default=200, min=1, max=100_000),
    "delay_ms": params.Float(default=0.0, min=0.0, max=100.0, step=0.1),
    "fail_at": params.Int(default=0, min=0, max=100_000),
    "seed": params.Int(default=0, min=0, max=9_999),
    "eta": params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0)),
}
p = params.bind(SPEC, prefix="demo", on_change=live.pauser("demo"))
p.show_notices()
with st.sidebar:
    p.widget("seed", webui.t("common.seed"))
    p.widget("eta", "η")


class FakeTraining:
    """Episode lengths shrinking at rate η towards 6, with noise; η can change on the way."""

    def __init__(self, seed: int, eta: float, delay_s: float, fail_at: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.eta, self.delay_s, self.fail_at = eta, delay_s, fail_at

    def __iter__(self):
        length = 50.0
        for episode in range(10**9):
            if self.delay_s:
                time.sleep(self.delay_s)
            if self.fail_at and episode + 1 == self.fail_at:
                raise FloatingPointError(f"Q values diverged at episode {episode + 1}")
            length = max(6.0, length * (1 - self.eta) + self.rng.normal(0, 1))
            yield {"episode": episode, "length": length}

    def apply_settings(self, settings) -> None:
        self.eta = settings["eta"]


cfg = p.values
run = live.LiveRun(
    "demo",
    lambda: FakeTraining(cfg["seed"], cfg["eta"], cfg["delay_ms"] / 1000, cfg["fail_at"]),
    total=cfg["episodes"],
    config={"seed": cfg["seed"], "eta": cfg["eta"]},
    reset_on=("seed",),
    labels={"seed": webui.t("common.seed"), "eta": "η"},
    count=lambda snap: snap["episode"] + 1,
)


def view(run: live.LiveRun) -> None:
    lengths = [r["length"] for r in run.records]
    live_chart(
        common.line_chart(
            {"length": lengths}, x_title="episode", y_title="steps", optimum=6, moving_average=10
        ),
        "demo.chart",
    )
    st.caption(f"redraws={run.redraws} done={run.done}")


run.show(view)
