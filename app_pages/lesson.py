"""Lesson: the course notes walked step by step. Each step opens its page with preset
settings, asks a Predict question, sends the student to train (Experiment) and then
explains the answer. The steps are data in ``webui/lesson.py``; their words in
``webui/i18n/lesson.py``. Answers live in this session's state only."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

import webui
from webui import lesson, params

t = webui.t
STEPS = lesson.STEPS
_NOTICE = "_lesson.notice"


def step_text(step: lesson.Step, part: str, **fmt: object) -> str:
    return t(f"lesson.{step.key}.{part}", **fmt)


def choice_labels(step: lesson.Step) -> dict[str, str]:
    # Fixed now: Streamlit may call a format_func outside this run (see params.Bound.widget).
    return {c: step_text(step, f"choice_{c}") for c in step.choices}


def go(index: int) -> None:
    lesson.set_index(index)


def on_jump() -> None:
    lesson.set_index(st.session_state[lesson.JUMP_WIDGET])


def on_answer(key: str) -> None:
    lesson.answers()[key] = st.session_state[lesson.answer_widget(key)]


def reveal(key: str) -> None:
    lesson.revealed().add(key)


def link_popover(number: int) -> None:
    """The lesson's link to this step, in a popover (as the pages' share links)."""
    try:
        base = (st.context.url or "").split("?", 1)[0]
    except Exception:  # no browser session (tests)
        base = ""
    query = lesson.step_query(number, webui.lang())
    with st.popover(t("lesson.link"), icon=":material/link:"):
        st.caption(t("lesson.link_caption"))
        st.code(f"{base}?{urlencode(query)}", language=None, wrap_lines=True)


# -- which step -----------------------------------------------------------------------
notice = lesson.read_link()
if notice is not None:
    st.session_state[_NOTICE] = t(
        "common.param_fixed",
        name=lesson.STEP_PARAM,
        value=webui.literal(notice),
        used=webui.literal(lesson.index() + 1),
    )
index = lesson.index()
step = STEPS[index]
number = index + 1
params.claim_url(lesson.step_query(number, webui.lang()))

st.title(t("lesson.title"))
st.markdown(t("lesson.intro"))
if st.session_state.get(_NOTICE):
    st.warning(
        t("common.params_fixed") + "\n\n- " + st.session_state[_NOTICE],
        icon=":material/link_off:",
    )

top = st.columns([3, 2], vertical_alignment="bottom")
top[0].progress(number / len(STEPS), text=t("lesson.progress", n=number, total=len(STEPS)))
st.session_state[lesson.JUMP_WIDGET] = index
titles = {i: f"{i + 1} · {step_text(s, 'title')}" for i, s in enumerate(STEPS)}
top[1].selectbox(
    t("lesson.jump"),
    list(titles),
    format_func=titles.__getitem__,
    key=lesson.JUMP_WIDGET,
    on_change=webui.safe_callback(on_jump),
)

# -- the step ---------------------------------------------------------------------------
st.header(titles[index])
st.markdown(step_text(step, "intro"))
page_title = step.entry.title()
with st.container(border=True):
    st.markdown(t("lesson.settings", text=step_text(step, "settings")))
    if st.button(
        t("lesson.open", page=page_title),
        key="lesson.open",
        icon=step.entry.icon,
        type="primary",
        help=t("lesson.open_help"),
    ):
        lesson.open_step(step, webui.lang())

left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("lesson.predict"))
    st.markdown(step_text(step, "question"))
    labels = choice_labels(step)
    guess = lesson.answers().get(step.key)
    guess = guess if guess in step.choices else None  # a stale or tampered session value
    widget = lesson.answer_widget(step.key)
    st.session_state[widget] = guess
    shown = step.key in lesson.revealed()
    st.radio(
        t("lesson.your_answer"),
        step.choices,
        format_func=labels.__getitem__,
        key=widget,
        on_change=webui.safe_callback(on_answer),
        args=(step.key,),
        disabled=shown,
    )
with right:
    st.subheader(t("lesson.experiment"))
    button = t(step.action, **step.action_args) if step.action else ""
    st.markdown(step_text(step, "experiment", button=button))

st.subheader(t("lesson.explain"))
if shown:
    answer = labels[step.answer]
    if guess == step.answer:
        st.success(t("lesson.right", answer=answer), icon=":material/check_circle:")
    else:
        st.error(t("lesson.wrong", guess=labels[guess], answer=answer), icon=":material/cancel:")
    st.markdown(step_text(step, "explain"))
    st.info(t("lesson.vary", text=step_text(step, "vary")), icon=":material/tune:")
else:
    st.button(
        t("lesson.reveal"),
        key="lesson.reveal",
        icon=":material/visibility:",
        on_click=webui.safe_callback(reveal),
        args=(step.key,),
        disabled=guess is None,
        help=t("lesson.reveal_help") if guess is None else None,
    )

st.divider()
# One row that wraps (a zoomed or narrow window): Back and Next left, the link right, each
# as wide as its label, so no label is cut short.
nav = st.container(horizontal=True, vertical_alignment="center")
nav.button(
    t("lesson.back"),
    key="lesson.back",
    icon=":material/arrow_back:",
    on_click=webui.safe_callback(go),
    args=(index - 1,),
    disabled=index == 0,
)
nav.button(
    t("lesson.next"),
    key="lesson.next",
    icon=":material/arrow_forward:",
    on_click=webui.safe_callback(go),
    args=(index + 1,),
    disabled=index == len(STEPS) - 1,
)
with nav:
    st.space("stretch")
    link_popover(number)
