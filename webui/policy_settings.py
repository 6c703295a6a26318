"""The policy-gradient page's settings table: URL key → run argument → widget.

The environment rows are the env picker's (``layout``, ``slippery``, ``map_size``,
``map_seed``, ``grid``: the same URL keys as the SARSA / Q-learning page), so a share link
names a grid the same way on both pages.
"""

from __future__ import annotations

from playground.envs.gridworld import MAX_SIZE
from webui import env_picker, live, params
from webui.policy_views import ACTIONS

Row = params.Setting
MAX_STATE = MAX_SIZE * MAX_SIZE - 1  # the largest grid's last cell

TABLE: params.Table = {
    **env_picker.rows("layout"),
    "seed": params.seed_row("maze_policy.seed_help"),
    "theta": Row(params.Choice(default="theta0", choices=("theta0", "learned"))),
    "view_beta": Row(params.LogFloat(default=1.0, grid=params.log_grid(0.1, 10.0))),
    "walk": Row(params.Choice(default="naive", choices=("naive", "softmax"))),
    "eta": Row(
        params.LogFloat(default=0.1, grid=params.log_grid(1e-3, 1.0)),
        "eta",
        help="maze_policy.eta_help",
    ),
    "beta": Row(
        params.LogFloat(default=1.0, grid=params.log_grid(0.1, 10.0)),
        "beta",
        help="maze_policy.beta_help",
    ),
    "threshold": Row(
        params.LogFloat(default=1e-4, grid=params.log_grid(1e-6, 1e-2)),
        "threshold",
        help="maze_policy.threshold_help",
    ),
    "episodes": Row(
        params.Int(default=10_000, min=100, max=20_000, step=100),
        "episodes",
        help="maze_policy.episodes_help",
    ),
    "cell_s": Row(params.Int(default=0, min=0, max=MAX_STATE)),
    "cell_a": Row(params.Choice(default="right", choices=ACTIONS)),
    "optimal": Row(params.Bool(default=False), help="maze_td.optimal_help"),
    "speed": Row(live.SPEED),
}
"""Rows with a field are the training run's settings; the others change only the view."""

TRAIN_KEYS = tuple(key for key, row in TABLE.items() if row.field)
RESET_ON = ("layout", "slippery", "map_size", "map_seed", "grid", "seed", "beta")
"""Settings a running θ cannot take over (η and the threshold can: ``apply_settings``)."""
