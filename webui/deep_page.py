"""The page both deep-RL pages (DQN, REINFORCE) are: a settings table, presets, a live run
of a trainer, its view, greedy playback and the weights. A page file states what differs
(:class:`DeepPage`) and calls :func:`show`.

It imports torch (through the agents' weights checks): only the deep pages import it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

import webui
from playground.agents.deep_common import MAX_WEIGHTS_BYTES, WeightsError
from playground.cartpole import CARTPOLE_VERSIONS
from playground.sessions.deep import LiveTraining
from webui import deep, live, params, present

VIEW_KEYS = ("pb_seed", "speed")
"""Settings that change what is shown, never the run."""


def shared_rows(fast: Any) -> dict[str, params.Setting]:
    """Rows both pages have, by URL key; defaults from the page's ``fast`` preset."""
    return {
        "env": params.Setting(
            params.Choice(default="CartPole-v1", choices=tuple(CARTPOLE_VERSIONS)),
            "env_id",
            preset=False,
            label="deep.env",
            choice_labels="deep.env",
        ),
        "lr": params.Setting(
            params.LogFloat(
                default=fast.learning_rate,
                grid=params.log_grid(1e-5, 1.0, per_decade=(1, 2.5, 5)),
            ),
            "learning_rate",
            label="deep.lr",
        ),
        "gamma": params.Setting(
            params.Float(default=fast.gamma, min=0.0, max=1.0, step=0.01),
            "gamma",
            label="deep.gamma",
        ),
        "seed": params.seed_row("deep.seed_help", preset=False),
        "pb_seed": params.Setting(params.Int(default=0, min=0, max=9_999)),
        "speed": params.Setting(live.SPEED),
    }


def eval_every_row(param: params.Int) -> params.Setting:
    """The evaluation interval, in the page's unit (env steps or episodes)."""
    return params.Setting(param, "eval_every", preset=False, help="deep.eval_every_help")


def tail_rows(shared: Mapping[str, params.Setting]) -> dict[str, params.Setting]:
    """The rows both tables end with: the seed, the playback's seed and the speed."""
    return {key: shared[key] for key in ("seed", "pb_seed", "speed")}


BUDGET_KEYS = {"steps": "max_steps", "episodes": "episodes"}
"""The setting holding the run's budget, by what the budget counts."""


@dataclass(frozen=True)
class Agent:
    """The algorithm a deep page trains: its config and trainer classes, what its budget
    counts (env steps or episodes), its presets (name → config) and the fields of its
    episode records the history keeps for the view."""

    config_class: Callable[..., Any]
    trainer_class: Callable[[Any], Any]
    budget: Literal["steps", "episodes"]
    presets: Mapping[str, Callable[[], Any]]
    episode_fields: tuple[str, ...]

    @property
    def budget_key(self) -> str:
        """The setting holding the run's budget (:data:`BUDGET_KEYS`)."""
        return BUDGET_KEYS[self.budget]


@dataclass(frozen=True)
class DeepPage:
    """What one deep-RL page has of its own."""

    key: str
    """Settings prefix and live run key (``"dqn"``, ``"rf"``)."""
    text: str
    """The page's text namespace (``"cartpole_dqn"``)."""
    table: params.Table
    agent: Agent
    reset_keys: tuple[str, ...]
    """Settings a trained agent cannot take over."""
    how_latex: str
    how_after: str
    """Text key of what follows the formula in "How it works"."""
    sidebar: Callable[[params.Bound], None]
    """Draws the page's settings widgets."""
    view: Callable[[live.LiveRun, params.Bound], None]
    """Redrawn after every chunk of training."""
    playback: Mapping[str, Any]
    """:func:`webui.deep.playback_section` keywords (caption and score texts)."""
    file_stem: Callable[[params.Bound], str]
    """The weights file's name without ``.pt``."""
    adjust: Callable[[dict[str, Any]], dict[str, Any]] = lambda fields: fields
    """Rules across settings, applied to the config fields before the config is built."""
    refuse: Callable[[params.Bound], str | None] = lambda p: None
    """A message in the student's words for settings the config would refuse."""

    def config(self, values: Mapping[str, Any]) -> Any:
        """The core config the page's values describe (raises ValueError if inconsistent)."""
        return self.agent.config_class(**self.adjust(params.config_fields(self.table, values)))

    def start(self, values: Mapping[str, Any]) -> PageTraining:
        return PageTraining(self, values)


class PageTraining(LiveTraining):
    """The live source of a deep page: its trainer as a :class:`LiveTraining` that takes
    the page's settings (by URL key) when they change (:class:`webui.live.Adjustable`)."""

    def __init__(self, page: DeepPage, values: Mapping[str, Any]) -> None:
        agent = page.agent
        trainer = agent.trainer_class(page.config(values))
        super().__init__(trainer, values[agent.budget_key], agent.budget, agent.episode_fields)
        self.page = page

    def apply_settings(self, settings: Mapping[str, Any]) -> None:
        """Continue a paused run with new learning settings and budget (keeps the network)."""
        self.set_limit(settings[self.page.agent.budget_key])
        self.apply(self.page.config(settings), learning_rate=settings["lr"])


def bind(page: DeepPage) -> params.Bound:
    """The page's settings, bound to the URL; a changed run setting pauses the run."""
    config_keys = [k for k in page.table if k not in VIEW_KEYS]
    return params.bind(
        params.spec_of(page.table),
        prefix=page.key,
        on_change=live.config_pauser(page.key, page.key, config_keys),
    )


def show(page: DeepPage, p: params.Bound) -> None:
    """Title, "How it works", the settings, the live run and what follows it."""
    st.title(webui.t(f"{page.text}.title"))
    present.explanation(webui.t(f"{page.text}.intro"))
    p.show_notices()
    with st.expander(webui.t(f"{page.text}.how_title")):
        st.markdown(webui.t(f"{page.text}.how_body"))
        st.latex(page.how_latex)
        st.markdown(webui.t(page.how_after))

    with st.sidebar:
        st.subheader(webui.t("common.settings"))
        presets = {
            name: lambda preset=preset: params.preset_values(page.table, preset())
            for name, preset in page.agent.presets.items()
        }
        deep.presets_row(p, page.key, presets)
        page.sidebar(p)
        st.caption(webui.t("deep.threads_note"))
        p.share_link(train_to=live.progress_of(page.key))

    config = {k: p[k] for k in page.table if k not in VIEW_KEYS}
    refusal = page.refuse(p)
    if refusal is not None:
        st.error(webui.t("deep.build_failed") + ": " + refusal, icon=":material/error:")
        return
    if not deep.buildable(page.config, config):
        return
    run = deep.live_run(
        page.key,
        lambda: page.start(config),
        total=p[page.agent.budget_key],
        config=config,
        reset_on=page.reset_keys,
        settings=p,
        labels={key: params.label(page.table, key, page.text) for key in page.reset_keys},
        **({"progress_key": "deep.progress_steps"} if page.agent.budget == "steps" else {}),
    )
    run.show(lambda r: page.view(r, p))
    if run.source is not None:
        with webui.guard():
            deep.playback_section(
                page.key,
                run,
                lambda: p.widget("pb_seed", webui.t("deep.playback_seed"), style="number"),
                gif_name=f"{page.text}_seed{p['pb_seed']}.gif",
                **page.playback,
            )
    with webui.guard():
        deep.weights_section(
            page.key,
            run,
            file_name=f"{page.file_stem(p)}.pt",
            max_bytes=MAX_WEIGHTS_BYTES,
            error_types=(WeightsError,),
        )
