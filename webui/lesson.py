"""The Lesson: a walk through the course notes, one step per section, as data.

Each :class:`Step` names the page that shows the section, the settings it opens with (the
page's own share-link query, read by the page as any share link is), one multiple-choice
**Predict** question and its answer. The words of every step (title, what to look at, the
question, its choices, the explanation, what to vary next) are ``lesson.<key>.*`` texts
in ``webui/i18n/lesson.py``, English and 中文.

Every answer is what the app does with the step's settings: ``tests/test_lesson.py`` runs
the core with each preset (seeded) and checks it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import streamlit as st

from webui import nav, params

STEP_PARAM = "step"
"""Query parameter of a lesson link: the step it opens, counted from 1 (``?step=4``)."""


@dataclass(frozen=True)
class Step:
    """One step of the lesson."""

    key: str
    """Text namespace of the step (``lesson.<key>.title`` …)."""
    page: str
    """The :data:`webui.nav.ENTRIES` name of the page the step opens."""
    query: Mapping[str, str] | Callable[[], Mapping[str, str]]
    """The page's settings, as its share link holds them (a callable for a page whose
    link is computed, the Lab's share code)."""
    choices: tuple[str, ...]
    """Choice ids of the Predict question (``lesson.<key>.choice_<id>``), in display order."""
    answer: str
    """The id of the right choice."""
    action: str | None = "common.train"
    """Text key of the button the student presses on the page (the Experiment's
    ``{button}``); None when the Experiment is to look and move a slider."""
    action_args: Mapping[str, object] = field(default_factory=dict)
    """Values the button's text is formatted with."""

    def __post_init__(self) -> None:
        if self.answer not in self.choices:
            raise ValueError(f"lesson step {self.key!r}: answer {self.answer!r} is no choice")

    @property
    def entry(self) -> nav.Entry:
        return next(e for e in nav.ENTRIES if e.name == self.page)

    def preset(self) -> dict[str, str]:
        """The query the page opens with (without ``lang``)."""
        query = self.query() if callable(self.query) else self.query
        return {str(k): str(v) for k, v in query.items()}


def _lab_query() -> dict[str, str]:
    # Sutton & Barto's Figure 6.4, the Lab's own preset, as the Lab's share code.
    from webui import lab

    experiment, view = lab.PRESETS["fig64"]
    return {lab.SHARE_PARAM: lab.encode(experiment, {"mode": "compare", **view})}


MAZE_TD = {
    "layout": "seed_3x3",
    "seed": "0",
    "eta": "0.1",
    "gamma": "0.9",
    "q_init": "random",
    "step_reward": "0.0",
    "speed": "full",
}

STEPS: tuple[Step, ...] = (
    Step(
        "loop",
        "basics",
        {"env": "cartpole", "seed": "0", "steps": "100"},
        ("under_50", "about_200", "limit_500"),
        "under_50",
        action="basics.run_random",
        action_args={"n": 100},
    ),
    Step(
        "maze",
        "maze_policy",
        {"layout": "seed_3x3", "seed": "0", "theta": "theta0", "view_beta": "1.0", "walk": "naive"},
        ("one", "two", "three"),
        "one",
        action=None,
    ),
    Step(
        "policy",
        "maze_policy",
        {
            "layout": "seed_3x3",
            "seed": "0",
            "theta": "theta0",
            "view_beta": "5.0",
            "walk": "softmax",
        },
        ("same", "softmax_sharper", "softmax_walls"),
        "same",
        action=None,
    ),
    Step(
        "pg",
        "maze_policy",
        {
            "layout": "seed_3x3",
            "seed": "0",
            "theta": "learned",
            "eta": "0.1",
            "beta": "1.0",
            "threshold": "0.0001",
            "episodes": "10000",
            "speed": "full",
        },
        ("stops_optimal", "stops_longer", "never_stops"),
        "stops_optimal",
    ),
    Step(
        "sarsa",
        "maze_td",
        {**MAZE_TD, "algo": "sarsa", "epsilon": "0.0", "schedule": "constant", "episodes": "100"},
        ("finds", "stuck", "needs_eps"),
        "finds",
    ),
    Step(
        "qlearning",
        "maze_td",
        {**MAZE_TD, "algo": "q_learning", "epsilon": "0.5", "schedule": "halve", "episodes": "200"},
        ("one", "gamma", "gamma5"),
        "gamma5",
    ),
    Step(
        "bins",
        "cartpole_q",
        {
            "env": "CartPole-v1",
            "bins": "6",
            "eta": "0.5",
            "gamma": "0.99",
            "eps": "inverse",
            "epsilon": "0.5",
            "episodes": "1000",
            "seed": "0",
            "shaping": "1",
            "q_init": "zeros",
            "speed": "full",
        },
        ("all", "third", "few"),
        "third",
    ),
    Step(
        "dqn",
        "cartpole_dqn",
        {"env": "CartPole-v1", "seed": "3", "max_steps": "20000", "speed": "full"},
        ("stays", "falls", "never"),
        "falls",
    ),
    Step(
        "reinforce",
        "cartpole_reinforce",
        {"env": "CartPole-v1", "seed": "0", "episodes": "500", "speed": "full"},
        ("under_100", "about_500", "never"),
        "under_100",
    ),
    Step(
        "lab",
        "lab",
        _lab_query,
        ("sarsa", "q_learning", "same"),
        "sarsa",
        action="lab.run",
    ),
    Step(
        "dp",
        "dp",
        {
            "problem": "example_4_1",
            "method": "evaluation",
            "gamma": "1.0",
            "theta": "0.0001",
            "sweeps": "0",
        },
        ("minus1", "minus14", "minus22"),
        "minus14",
        action="dp.run",
    ),
)
"""The steps, in the order of the notes; the Lab and dynamic programming close."""

STEP_NUMBER = params.Int(default=1, min=1, max=len(STEPS))
"""The ``?step=`` of a lesson link, clamped to the steps there are."""


def open_step(step: Step, lang: str) -> None:
    """Switch to the step's page, which reads the step's settings as a share link: the
    settings the link leaves out go back to their defaults (see :func:`params.open_link`)."""
    query = step.preset()
    if lang != "en":
        query = {"lang": lang, **query}
    params.open_link()
    st.session_state[_OPENED] = True
    if step.page == "lab":  # the Lab reads its share code once too
        from webui import lab

        st.session_state.pop(lab.LINK_READ, None)
    st.switch_page(step.entry.path, query_params=query)


# -- the session's place in the lesson (session state only: nothing leaves the session) --

_INDEX = "lesson.step"
"""Session key: the step shown, counted from 0."""
_ANSWERS = "lesson.answers"
"""Session key: ``{step key: the choice id the student predicted}``."""
_REVEALED = "lesson.revealed"
"""Session key: the keys of the steps whose answer was shown."""
_LINK_READ = "_lesson.link_read"
_OPENED = "_lesson.opened"
"""Session key: a step's page was opened from the lesson (the sidebar offers the way back)."""
JUMP_WIDGET = "_w.lesson.jump"


def answer_widget(key: str) -> str:
    """Widget key of step ``key``'s Predict choice (its value is kept in :func:`answers`)."""
    return f"_w.lesson.answer.{key}"


def index() -> int:
    """The step shown, counted from 0, in range whatever the session holds."""
    value = st.session_state.get(_INDEX, 0)
    return min(max(int(value), 0), len(STEPS) - 1) if isinstance(value, int) else 0


def set_index(value: int) -> None:
    st.session_state[_INDEX] = min(max(int(value), 0), len(STEPS) - 1)


def answers() -> dict[str, str]:
    return st.session_state.setdefault(_ANSWERS, {})


def revealed() -> set[str]:
    return st.session_state.setdefault(_REVEALED, set())


def read_link() -> str | None:
    """On the lesson's first run in the session, go to the link's ``?step=``. Returns the
    link's text when it had to be changed (not a number, out of range), else None."""
    if st.session_state.get(_LINK_READ):
        return None
    st.session_state[_LINK_READ] = True
    raw = st.query_params.get(STEP_PARAM)
    if raw is None:
        return None
    number, changed = STEP_NUMBER.parse(raw)
    set_index(number - 1)
    return raw if changed else None


def step_query(number: int, lang: str) -> dict[str, str]:
    """The lesson link's query for step ``number`` (counted from 1)."""
    query = {"lang": lang} if lang != "en" else {}
    return query | {STEP_PARAM: str(number)}


def sidebar_link(url_path: str) -> None:
    """On a page the lesson opened: a link back to the lesson's step (the router calls it)."""
    if not st.session_state.get(_OPENED) or url_path == "lesson":
        return
    from webui import t

    step = STEPS[index()]
    st.sidebar.page_link(
        f"{nav.PAGES_DIR}/lesson.py",
        label=t("lesson.back_to", n=index() + 1, title=t(f"lesson.{step.key}.title")),
        icon=":material/school:",
    )
