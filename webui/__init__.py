"""The few Streamlit helpers every page shares.

``playground`` (the core) never imports Streamlit; this package is the thin layer between
it and the pages:

- :func:`t` - translated text for the current language (``webui.i18n`` holds the text).
- :mod:`webui.params` - settings bound to the URL (share links), clamped with a notice.
- :mod:`webui.live` - the chunked live-training driver (Train / Pause / Reset).
- :mod:`webui.playback` - frame scrubber + play/pause + GIF download.
- :func:`guard` - turns exceptions into ``st.error`` messages.
- :func:`literal` - text from a share link or an upload, made safe to put in a message.

Pages import it as ``import webui`` and ``from webui import live, params, playback``.
"""

from __future__ import annotations

import re

import streamlit as st

from webui.errors import guard, safe_callback, show_pending
from webui.i18n import LANGUAGE_NAMES, LANGUAGES, normalize_language
from webui.i18n import t as _t

LANG_KEY = "lang"
"""Session-state key of the current language (persistent, not a widget key)."""

_LANG_WIDGET_KEY = "_w.lang"


def lang() -> str:
    """The current language code: session state, else ``?lang=`` in the URL, else English."""
    if LANG_KEY not in st.session_state:
        st.session_state[LANG_KEY] = normalize_language(st.query_params.get("lang"))
    return normalize_language(st.session_state[LANG_KEY])


def t(key: str, /, **fmt: object) -> str:
    """Text for ``key`` in the current language, formatted with ``fmt``."""
    return _t(key, lang(), **fmt)


def literal(value: object, max_len: int = 40) -> str:
    """``value`` as a Markdown code span, shown exactly as typed and never read as Markdown.

    Messages are Markdown, and a value from a share link or an upload is someone else's
    text: ``[R](https://…)`` would be a live link, ``![T](http://…)`` an image the browser
    fetches, ``**x**`` bold. Inside a code span none of that (nor math, emoji codes or
    bare URLs) is interpreted. Text longer than ``max_len`` is cut with "…"; line breaks
    and other control characters become spaces.

    >>> literal("[R](https://evil.example/r)")
    '`[R](https://evil.example/r)`'
    >>> literal("a`b")
    '``a`b``'
    >>> literal("`x")
    '`` `x ``'
    >>> literal("0123456789", max_len=5)
    '`0123…`'
    """
    text = str(value)
    if len(text) > max_len:
        text = text[: max_len - 1] + "…"
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    # The fence is one backtick longer than any run inside; a space pads content that starts
    # or ends with a backtick or a space (CommonMark strips one such space from each end).
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if not text or text[0] in "` " or text[-1] in "` " else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _on_language_change() -> None:
    st.session_state[LANG_KEY] = st.session_state[_LANG_WIDGET_KEY]


def language_switch() -> str:
    """Render the English / 中文 switch (the router calls this on every page).

    The widget value is re-seeded from the persistent ``lang`` key every run, so the choice
    survives page switches even though Streamlit forgets widget keys of unrendered pages.
    """
    current = lang()
    st.session_state[_LANG_WIDGET_KEY] = current
    st.segmented_control(
        "Language / 语言",
        LANGUAGES,
        key=_LANG_WIDGET_KEY,
        format_func=LANGUAGE_NAMES.__getitem__,
        on_change=_on_language_change,
        required=True,
        label_visibility="collapsed",
    )
    return lang()


__all__ = [
    "LANG_KEY",
    "guard",
    "lang",
    "language_switch",
    "literal",
    "safe_callback",
    "show_pending",
    "t",
]
