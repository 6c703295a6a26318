"""The Lesson page through AppTest: every step walked in English and 中文 with right and
wrong predictions, Back / Next, step links, and every step's page opened with its preset."""

from __future__ import annotations

import pytest

from tests.app.helpers import assert_no_exception, button, click, open_page, texts
from webui import lesson
from webui.i18n import TEXT

PAGE = "app_pages/lesson.py"
STEPS = lesson.STEPS


def shown_step(at) -> int:
    """The step number the page shows (from its progress text)."""
    (bar,) = at.get("progress")
    return round(bar.proto.value * len(STEPS) / 100)


def query(at, name: str) -> str | None:
    """A query parameter of the address bar (AppTest holds it as a value or a list)."""
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def radio(at):
    (widget,) = at.radio
    return widget


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_walk_every_step_answering_right_and_wrong(lang: str) -> None:
    text = TEXT[lang]
    at = open_page(PAGE, lang=lang)
    assert text["lesson.title"] in texts(at)
    assert button(at, text["lesson.back"]).disabled
    for number, step in enumerate(STEPS, start=1):
        assert shown_step(at) == number
        shown = texts(at)
        assert f"{number} · {text[f'lesson.{step.key}.title']}" in shown
        assert text["lesson.progress"].format(n=number, total=len(STEPS)) in [
            at.get("progress")[0].proto.text
        ]
        for part in ("intro", "question"):
            assert text[f"lesson.{step.key}.{part}"] in shown
        assert text[f"lesson.{step.key}.explain"] not in shown
        # No answer yet: the answer cannot be shown.
        assert button(at, text["lesson.reveal"]).disabled
        labels = [text[f"lesson.{step.key}.choice_{c}"] for c in step.choices]
        assert radio(at).options == labels
        wrong = next(c for c in step.choices if c != step.answer)
        guess = step.answer if number % 2 else wrong  # right on odd steps, wrong on even
        radio(at).set_value(guess).run()
        assert_no_exception(at)
        click(at, text["lesson.reveal"])
        answer = text[f"lesson.{step.key}.choice_{step.answer}"]
        if guess == step.answer:
            assert [e.value for e in at.success] == [text["lesson.right"].format(answer=answer)]
            assert not at.error
        else:
            guessed = text[f"lesson.{step.key}.choice_{guess}"]
            assert [e.value for e in at.error] == [
                text["lesson.wrong"].format(guess=guessed, answer=answer)
            ]
            assert not at.success
        shown = texts(at)
        assert text[f"lesson.{step.key}.explain"] in shown
        assert text[f"lesson.{step.key}.vary"] in shown
        assert radio(at).disabled  # the prediction is kept as made
        if number < len(STEPS):
            click(at, text["lesson.next"])
    assert button(at, text["lesson.next"]).disabled
    # Back keeps what was predicted and shown (session state only).
    click(at, text["lesson.back"])
    assert shown_step(at) == len(STEPS) - 1
    assert text[f"lesson.{STEPS[-2].key}.explain"] in texts(at)
    assert query(at, "step") == str(len(STEPS) - 1)


def test_the_session_keeps_answers_and_step_across_pages() -> None:
    at = open_page(PAGE, query={"step": "5"})
    radio(at).set_value("stuck").run()
    at.switch_page("app_pages/basics.py").run()
    assert_no_exception(at)
    at.switch_page(PAGE).run()
    assert shown_step(at) == 5
    assert radio(at).value == "stuck"
    assert not button(at, "Show the answer").disabled


@pytest.mark.parametrize(
    ("raw", "number", "notice"),
    [
        ("4", 4, False),
        ("11", 11, False),
        ("0", 1, True),
        ("99", 11, True),
        ("abc", 1, True),
        ("3.4", 3, True),
    ],  # fmt: skip
)
def test_a_step_link_opens_that_step(raw: str, number: int, notice: bool) -> None:
    at = open_page(PAGE, query={"step": raw})
    assert shown_step(at) == number
    assert query(at, "step") == str(number)
    warned = [w.value for w in at.warning]
    assert bool(warned) == notice
    if notice:
        assert TEXT["en"]["common.params_fixed"] in warned[0]


def test_a_chinese_step_link_keeps_the_language() -> None:
    at = open_page(PAGE, query={"step": "7", "lang": "zh"})
    assert shown_step(at) == 7
    assert TEXT["zh"]["lesson.bins.title"] in texts(at)
    assert query(at, "lang") == "zh"


def test_the_jump_select_goes_to_any_step() -> None:
    at = open_page(PAGE)
    at.selectbox(key=lesson.JUMP_WIDGET).set_value(8).run()
    assert_no_exception(at)
    assert shown_step(at) == 9
    assert TEXT["en"]["lesson.reinforce.title"] in texts(at)


PREFIXES = {
    "basics": "basics",
    "maze_policy": "mp",
    "maze_td": "td",
    "cartpole_q": "cpq",
    "cartpole_dqn": "dqn",
    "cartpole_reinforce": "rf",
    "dp": "dp",
}
"""Session-state prefix of each page's settings (``td.algo``)."""


def same(got: object, value: str) -> bool:
    if isinstance(got, bool):
        return ("1" if got else "0") == value
    if isinstance(got, int | float):
        return float(got) == float(value)
    return str(got) == value


@pytest.mark.parametrize("step", STEPS, ids=[s.key for s in STEPS])
def test_every_preset_opens_its_page_from_the_lesson(step: lesson.Step) -> None:
    number = STEPS.index(step) + 1
    at = open_page(PAGE, query={"step": str(number)})
    button(at, "lesson.open").click().run()
    assert_no_exception(at)
    assert TEXT["en"]["lesson.title"] not in texts(at)  # we left the lesson …
    assert_preset_shown(at, step)
    # The sidebar leads back to the lesson's step.
    back = TEXT["en"]["lesson.back_to"].format(
        n=number, title=TEXT["en"][f"lesson.{step.key}.title"]
    )
    assert back in [el.proto.label for el in at.sidebar.get("page_link")]


def assert_preset_shown(at, step: lesson.Step) -> None:
    """The step's page is shown, with every value of its preset taken as is."""
    shown = texts(at)
    assert TEXT["en"][f"{step.page}.title"] in shown
    assert TEXT["en"]["common.params_fixed"] not in shown  # no "link values changed"
    assert not at.warning
    if step.page == "lab":
        assert at.session_state["lab.env"] == "CliffWalking-v1"
        assert at.session_state["lab.seeds"] == 50
        assert at.session_state["lab.episodes"] == 500
    else:
        prefix = PREFIXES[step.page]
        for name, value in step.preset().items():
            got = at.session_state[f"{prefix}.{name}"]
            assert same(got, value), (name, got, value)


@pytest.mark.parametrize("step", STEPS, ids=[s.key for s in STEPS])
def test_every_preset_link_opens_its_page_in_a_new_session(step: lesson.Step) -> None:
    at = open_page(step.entry.path, query=step.preset())
    assert_preset_shown(at, step)
    assert not at.sidebar.get("page_link")  # not opened from the lesson: no way back shown


def test_settings_left_out_of_a_preset_go_back_to_their_defaults() -> None:
    # The student changed η and β on the policy page; the lesson's maze step leaves them
    # out of its preset, so the page opens with their defaults, as a share link would.
    at = open_page("app_pages/maze_policy.py", query={"eta": "0.5", "beta": "2.0", "seed": "7"})
    assert at.session_state["mp.eta"] == 0.5
    at.switch_page(PAGE).run()
    at.selectbox(key=lesson.JUMP_WIDGET).set_value(1).run()
    button(at, "lesson.open").click().run()
    assert_no_exception(at)
    assert at.session_state["mp.eta"] == 0.1
    assert at.session_state["mp.beta"] == 1.0
    assert at.session_state["mp.seed"] == 0
    # Going on to another page does not reset anything any more.
    at.session_state["mp.eta"] = 0.5
    at.switch_page("app_pages/maze_td.py").run()
    at.switch_page("app_pages/maze_policy.py").run()
    assert at.session_state["mp.eta"] == 0.5


def test_a_stale_answer_in_the_session_is_ignored() -> None:
    at = open_page(PAGE, query={"step": "5"}, state={"lesson.answers": {"sarsa": "gone"}})
    assert radio(at).value is None
    assert button(at, "Show the answer").disabled
