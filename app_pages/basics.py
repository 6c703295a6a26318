"""Environment basics: the agent–environment loop (reset, step, the 5-tuple) made visible."""

from __future__ import annotations

import json
from typing import Any

import gymnasium as gym
import streamlit as st

import playground  # noqa: F401  (registers playground/Maze-v0)
import webui
from playground import MAZE_ENV_ID
from playground.cartpole import make_cartpole
from playground.envs import LAYOUTS
from playground.episodes import Episode, RandomAgent, run_steps
from webui import media, params, playback, present
from webui.held import HeldEpisode

PREFIX = "basics"
Row = params.Setting
TABLE: params.Table = {
    "env": Row(
        params.Choice(default="maze", choices=("maze", "cartpole")),
        choice_labels="basics.env",
        style="segmented",
    ),
    "layout": Row(
        params.Choice(default="seed_3x3", choices=tuple(LAYOUTS)), choice_labels="common.layout"
    ),
    "seed": params.seed_row("basics.seed_help", None),
    "steps": Row(
        params.Int(default=20, min=1, max=500),
        label="basics.random_steps",
        help="basics.random_steps_help",
    ),
}
MAZE_RENDER_PX = 420
# Maze actions 0 up, 1 right, 2 down, 3 left; CartPole 0 push left, 1 push right.
ARROWS = {"maze": ("↑", "→", "↓", "←"), "cartpole": ("←", "→")}
# Widths of the step table's observation and info columns, fixed per env: the table keeps
# the column widths it measured for the first env shown, and the maze's cell number and
# action mask are not as wide as CartPole's four signed numbers and empty info.
COLUMN_WIDTHS = {"maze": ("small", "large"), "cartpole": ("large", "small")}
_EPISODE_KEY = "basics.episode"


def make_episode(env_name: str, layout: str, seed: int) -> Episode:
    """A fresh, seeded, recording episode of the chosen environment."""
    if env_name == "maze":
        env = gym.make(
            MAZE_ENV_ID,
            layout=layout,
            render_mode="rgb_array",
            render_size=MAZE_RENDER_PX,
            render_words=media.cell_words(),
        )
    else:
        env = make_cartpole("CartPole-v1", render_mode="rgb_array")
    return Episode(env, seed=seed)


def current() -> HeldEpisode:
    """The episode for the current settings, rebuilt when env, layout or seed changed."""
    cfg = p.values
    wanted = (cfg["env"], cfg["layout"] if cfg["env"] == "maze" else None, cfg["seed"])
    held = st.session_state.get(_EPISODE_KEY)
    if not isinstance(held, HeldEpisode) or held.settings != wanted:
        if isinstance(held, HeldEpisode):
            held.episode.close()
        episode = make_episode(cfg["env"], cfg["layout"], cfg["seed"])
        agent = RandomAgent(int(episode.env.action_space.n), seed=cfg["seed"])
        held = HeldEpisode(*wanted, episode=episode, agent=agent)
        st.session_state[_EPISODE_KEY] = held
    if cfg["env"] == "maze":  # the next frames in the language now chosen
        held.episode.env.unwrapped.render_words = media.cell_words()
    return held


def on_reset() -> None:
    held: HeldEpisode = st.session_state[_EPISODE_KEY]
    held.episode.reset(seed=held.seed)
    held.agent = RandomAgent(int(held.episode.env.action_space.n), seed=held.seed)
    playback.set_frame("basics.replay", 0)


def on_step(action: int) -> None:
    episode: Episode = st.session_state[_EPISODE_KEY].episode
    episode.step(action)
    playback.set_frame("basics.replay", episode.recorder.n_frames - 1)


def on_random(n: int) -> None:
    held: HeldEpisode = st.session_state[_EPISODE_KEY]
    run_steps(held.episode, held.agent, n)
    playback.set_frame("basics.replay", held.episode.recorder.n_frames - 1)


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(f"{v:+.3f}" if isinstance(v, float) else str(v) for v in value) + "]"
    return str(value)


# -- settings ---------------------------------------------------------------------------
p = params.bind(params.spec_of(TABLE), prefix=PREFIX)

st.title(webui.t("basics.title"))
present.explanation(webui.t("basics.intro"))
p.show_notices()

with st.sidebar:
    st.subheader(webui.t("common.settings"))
    params.widgets(p, TABLE, "env", text="basics")
    if p["env"] == "maze":
        params.widgets(p, TABLE, "layout", text="basics")
    params.widgets(p, TABLE, "seed", "steps", text="basics")
    p.share_link(note=webui.t("basics.share_note"))

with webui.guard(webui.t("basics.env_failed")):
    held = current()
    episode: Episode = held.episode
    env_name = p["env"]

    left, right = st.columns([1, 1], gap="large")
    with left:
        media.image(
            episode.recorder.frame(-1),
            caption=webui.t("basics.frame_caption", t=episode.t, ret=f"{episode.episode_return:g}"),
            width="stretch" if env_name == "cartpole" else "content",
        )
    with right:
        st.subheader(webui.t("basics.controls"))
        present.pinned_row()  # settings pinned in presenter view, above the buttons
        arrows = ARROWS[env_name]
        # One row that wraps (columns cut "Reset" to "R…" at 150 % zoom).
        row = st.container(horizontal=True, gap="small")
        row.button(
            webui.t("common.reset"),
            key="basics.reset",
            icon=":material/restart_alt:",
            on_click=webui.safe_callback(on_reset),
        )
        for action, arrow in enumerate(arrows):
            row.button(
                arrow,
                key=f"basics.step.{action}",
                help=webui.t(f"basics.action_{env_name}_{action}"),
                on_click=webui.safe_callback(on_step),
                args=(action,),
                disabled=episode.done,
            )
        st.button(
            webui.t("basics.run_random", n=p["steps"]),
            key="basics.random",
            icon=":material/casino:",
            on_click=webui.safe_callback(on_random),
            args=(p["steps"],),
            disabled=episode.done,
        )
        if episode.done:
            st.info(
                webui.t(
                    "basics.episode_over_terminated"
                    if episode.terminated
                    else "basics.episode_over_truncated"
                ),
                icon=":material/flag:",
            )
        last = episode.recorder.steps[-1] if episode.recorder.steps else None
        st.markdown(f"**{webui.t('basics.last_step')}**")
        if last is None or last.action is None:
            st.code(
                f"observation, info = env.reset(seed={held.seed})\n"
                f"# observation = {_fmt(episode.recorder.table()[-1]['observation'])}",
                language="python",
            )
        else:
            row = episode.recorder.table()[-1]
            st.code(
                f"observation, reward, terminated, truncated, info = env.step({last.action})\n"
                f"# observation = {_fmt(row['observation'])}\n"
                f"# reward      = {row['reward']:g}\n"
                f"# terminated  = {row['terminated']}\n"
                f"# truncated   = {row['truncated']}\n"
                f"# info        = {json.dumps(row['info'])}",
                language="python",
            )
        with st.expander(webui.t("basics.explain_title"), expanded=False):
            st.markdown(webui.t(f"basics.explain_{env_name}"))

    st.subheader(webui.t("basics.table_title"))
    rows = episode.recorder.table()
    action_names = ARROWS[env_name]
    st.dataframe(
        [
            {
                "t": r["t"],
                webui.t("basics.col_observation"): _fmt(r["observation"]),
                webui.t("basics.col_action"): ""
                if r["action"] is None
                else f"{r['action']} {action_names[r['action']]}",
                webui.t("basics.col_reward"): "" if r["reward"] is None else f"{r['reward']:g}",
                "terminated": r["terminated"],
                "truncated": r["truncated"],
                "info": json.dumps(r["info"]),
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
        height=min(400, 38 + 35 * len(rows)),
        column_config={
            webui.t("basics.col_observation"): st.column_config.TextColumn(
                width=COLUMN_WIDTHS[env_name][0]
            ),
            "info": st.column_config.TextColumn(width=COLUMN_WIDTHS[env_name][1]),
        },
    )

    st.subheader(webui.t("basics.replay_title"))
    recorder = episode.recorder
    playback.player(
        "basics.replay",
        n_frames=recorder.n_frames,
        frame=recorder.png,
        caption=lambda i: webui.t("basics.replay_caption", t=recorder.frame_time(i)),
        fps=6 if env_name == "maze" else 25,
        gif_name=f"{env_name}_episode.gif",
        width="content",  # natural size (maze 420 px, CartPole 600 px): fits a 720 px screen
    )
