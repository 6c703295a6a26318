"""Presenter view: any page shown on a projector (``?present=1``), read from the back.

A teacher opens a page with ``?present=1`` (or turns on the sidebar's switch, which
sets it). Then:

- the sidebar starts folded and text is sized up (:data:`ROOT_FONT_PX`: body text 20 px,
  since Streamlit sizes text in rem);
- charts grow their text: :func:`webui.charts.live_chart` hands every option through
  :func:`webui.charts.options.presented` (axis, legend and cell labels at least
  :data:`webui.charts.options.PRESENT_MIN_FONT` px), plotly charts likewise;
- explanations fold away: pages draw their introductions with :func:`explanation`, and
  expanders and captions in the main area are hidden;
- only the settings the teacher pins stay in view, next to Train / Pause / Step / Reset:
  ``&show=eta,epsilon`` lists the settings' URL keys. :meth:`webui.params.Bound.widget`
  leaves a pinned widget out of the sidebar (:func:`defers`, :func:`defer`) and
  :func:`pinned_row` draws it in the main area (a live page: just above its Train row;
  others above their own buttons, else under their title);
  keys that are not the page's settings get a short notice (:func:`unknown_notice`);
- Train / Pause, Step and Reset answer keys (:data:`KEYS`, Streamlit's button shortcuts),
  listed in a small legend (:func:`legend`).

Both ``present`` and ``show`` stay in the address bar (:func:`query`, added by
:func:`webui.params.sync_url`), so a share link opens in presenter view too. The state
is the session's (read from the link once, then changed by the switch).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

import streamlit as st

import webui

PRESENT_PARAM = "present"
SHOW_PARAM = "show"
_ON = ("1", "true", "yes", "on")

MAX_SHOW = 12
"""Most keys ``show`` pins (a link is someone's text: longer lists are cut)."""
_MAX_KEY_LEN = 40

ROOT_FONT_PX = 20
"""Root font size in presenter view: Streamlit's text is in rem, so body text is 20 px."""

KEYS: dict[str, str] = {"train": "Space", "step": "Right", "reset": "Home"}
"""Keys of the live controls in presenter view (Streamlit button shortcuts). Space toggles
Train / Pause like a video player; → and Home are what a presentation remote sends for
"next" and "first". C and R are Streamlit's own keys."""

IN_CONTROLS = frozenset({"speed"})
"""Settings the live controls draw themselves when pinned (never moved by :func:`defer`)."""

_STATE = "_present.state"
_WIDGET = "_w.present"
_PENDING = "_present.pending"
_SLOT = "_present.slot"

CSS = f"""
<style>
html {{ font-size: {ROOT_FONT_PX}px; }}
[data-testid="stMain"] [data-testid="stMarkdownContainer"] :is(p, li) {{ font-size: 1rem; }}
[data-testid="stMain"] [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.6rem;
}}
/* Explanations fold away: the main area keeps titles, controls, numbers and charts. */
[data-testid="stMain"] [data-testid="stExpander"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] {{ display: none; }}
/* Room for the main chart on a 720 px screen: a see-through header, tighter spacing. */
[data-testid="stHeader"] {{ background: transparent; pointer-events: none; }}
[data-testid="stHeader"] * {{ pointer-events: auto; }}
[data-testid="stMainBlockContainer"] {{ padding-top: 1rem; padding-bottom: 2rem; }}
[data-testid="stMain"] [data-testid="stVerticalBlock"] {{ gap: 0.55rem; }}
[data-testid="stMain"] h1 {{ font-size: 1.7rem; padding: 0 0 0.2rem; }}
[data-testid="stMain"] h2 {{ font-size: 1.4rem; padding: 0.2rem 0; }}
[data-testid="stMain"] [data-testid="stMetricValue"] {{ font-size: 1.6rem; }}
/* A metric's label wraps at projector size instead of ending in "…". */
[data-testid="stMain"] [data-testid="stMetricLabel"],
[data-testid="stMain"] [data-testid="stMetricLabel"] * {{
  white-space: normal; overflow: visible; text-overflow: clip; height: auto;
}}
[data-testid="stMain"] [data-testid="stAlertContentInfo"],
[data-testid="stMain"] [data-testid="stAlert"] > div {{ padding: 0.45rem 0.8rem; }}
/* Parts a page puts after its main chart in presenter view (see later()). */
[data-testid="stLayoutWrapper"]:has(> [class*="st-key-pg-later-"]) {{ order: 1; }}
</style>
"""


def parse_show(raw: Sequence[str] | None) -> tuple[str, ...]:
    """The keys of ``show`` values (comma lists, repeated or not), in order, each once.

    >>> parse_show(["eta, epsilon", "eta,,gamma"])
    ('eta', 'epsilon', 'gamma')
    >>> parse_show(None)
    ()
    """
    keys: list[str] = []
    for value in raw or ():
        for key in str(value).split(","):
            key = key.strip()[:_MAX_KEY_LEN]
            if key and key not in keys:
                keys.append(key)
    return tuple(keys[:MAX_SHOW])


def _state() -> dict[str, Any]:
    """``{"on": bool, "show": keys}``: read from the link on the session's first run."""
    state = st.session_state.get(_STATE)
    if not isinstance(state, dict):
        on = str(st.query_params.get(PRESENT_PARAM, "")).strip().lower() in _ON
        state = {"on": on, "show": parse_show(st.query_params.get_all(SHOW_PARAM))}
        st.session_state[_STATE] = state
    return state


def active() -> bool:
    """Whether this session shows the presenter view."""
    return bool(_state()["on"])


def pinned() -> tuple[str, ...]:
    """The settings pinned next to the controls (``show``), in the link's order."""
    return tuple(_state()["show"]) if active() else ()


def query() -> dict[str, str]:
    """What the address bar carries for the presenter view (nothing when it is off)."""
    if not active():
        return {}
    shown = pinned()
    return {PRESENT_PARAM: "1", **({SHOW_PARAM: ",".join(shown)} if shown else {})}


def _switched() -> None:
    _state()["on"] = bool(st.session_state[_WIDGET])


def sidebar_state() -> str:
    """``initial_sidebar_state`` for ``st.set_page_config``: folded in presenter view."""
    return "collapsed" if active() else "expanded"


def begin_run() -> None:
    """Router hook before a page runs: the presenter switch, its style, no pins pending."""
    st.session_state[_PENDING] = []
    st.session_state[_SLOT] = None
    st.session_state[_WIDGET] = active()
    st.toggle(
        webui.t("present.toggle"),
        key=_WIDGET,
        on_change=_switched,
        help=webui.t("present.toggle_help"),
    )
    if active():
        st.html(CSS)


def end_run() -> None:
    """Router hook after a page ran: pins that neither a live run nor the page's own
    buttons drew yet go at the page's top, under its title (:func:`unknown_notice` kept
    that place), else at its end."""
    slot = st.session_state.get(_SLOT)
    with slot if slot is not None else contextlib.nullcontext():
        pinned_row()


def explanation(text: str) -> None:
    """A page's explanatory text (an introduction): Markdown, left out in presenter view."""
    if not active():
        st.markdown(text)


def later(name: str) -> Any:
    """A container for a part of the page that, in presenter view, goes below the rest
    (after the main chart): CSS ``order`` moves it, so the page's code keeps its order."""
    return st.container(key=f"pg-later-{name}")


def settings_area() -> Any:
    """Where a page draws settings it keeps in its main area: the sidebar in presenter
    view (pinned ones come back next to the controls), else the page itself."""
    return st.sidebar if active() else st.container()


def columns(spec: int | Sequence[float]) -> list[Any]:
    """``st.columns(spec)`` outside presenter view; in it (where the form is in the narrow
    sidebar, see :func:`settings_area`) one container per column, stacked."""
    if not active():
        return list(st.columns(spec))
    return [st.container() for _ in range(spec if isinstance(spec, int) else len(spec))]


def defers(name: str) -> bool:
    """Whether the widget of setting ``name`` is pinned: drawn by :func:`pinned_row`."""
    return name not in IN_CONTROLS and name in pinned()


def defer(draw: Callable[[], Any]) -> None:
    """Keep a pinned widget's drawing for :func:`pinned_row`."""
    pending = st.session_state.get(_PENDING)
    if isinstance(pending, list):
        pending.append(draw)


def pinned_row() -> None:
    """Draw the pinned widgets kept so far, side by side (wrapping on a narrow screen)."""
    pending = st.session_state.get(_PENDING)
    if not pending:
        return
    st.session_state[_PENDING] = []
    row = st.container(horizontal=True, gap="medium", vertical_alignment="bottom")
    for draw in pending:
        with row, st.container(width=260):
            draw()


def unknown_notice(valid: Collection[str]) -> None:
    """A short warning listing ``show`` keys that are not among ``valid`` (the page's),
    and, under it, the place :func:`end_run` draws pins no control row took."""
    unknown = [key for key in pinned() if key not in valid]
    if pinned():  # pages call this under their title: a place for the pins (end_run)
        st.session_state[_SLOT] = st.container()
    if unknown:
        st.warning(
            webui.t(
                "present.unknown_show",
                keys=", ".join(webui.literal(k) for k in unknown),
                valid=", ".join(webui.literal(k) for k in valid),
            ),
            icon=":material/push_pin:",
        )


def shortcut(action: str) -> str | None:
    """The key of a live control in presenter view (None outside it)."""
    return KEYS.get(action) if active() else None


def status_line(status: str) -> None:
    """A live run's status; in presenter view with the legend of its keys below it, on
    one line of its own (beside the status it broke across two lines)."""
    if not active():
        st.caption(status)
        return
    st.markdown(status)
    st.markdown(
        '<span class="pg-keys" style="font-size:0.8rem;color:#555;white-space:nowrap">'
        + webui.t(
            "present.keys",
            **{
                action: f"<kbd>{webui.t('present.key_' + KEYS[action].lower())}</kbd>"
                for action in KEYS
            },
        )
        + "</span>",
        unsafe_allow_html=True,
    )


def chart_scale() -> bool:
    """Whether charts are drawn at presenter size now."""
    return active()


def plotly_layout() -> Mapping[str, Any]:
    """Layout changes for a plotly chart in presenter view (none outside it)."""
    return {"font": {"size": 17}} if active() else {}
