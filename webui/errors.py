"""Show errors as messages, never as tracebacks."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec

import streamlit as st

from playground.errors import CoreError

log = logging.getLogger("playground.app")

_PENDING = "_errors.pending"
P = ParamSpec("P")


def describe(exc: BaseException) -> str:
    """A one-line, human-readable description of ``exc`` in the page's language.

    A core error (:class:`playground.errors.CoreError`) is shown as the text of
    ``errors.<code>`` with its parameters; any other exception by its message, else its type.
    """
    if isinstance(exc, CoreError):
        from webui import i18n, t  # late import: webui imports this module

        key = f"errors.{exc.code}"
        if key in i18n.TEXT["en"]:
            return t(key, **{name: _param(name, value) for name, value in exc.params.items()})
    message = str(exc).strip()
    if isinstance(exc, KeyError) and message.startswith(("'", '"')):
        message = message[1:-1]
    return message or type(exc).__name__


def _param(name: str, value: Any) -> Any:
    """A core error's parameter as the page shows it: the text of
    ``errors.param.<name>_<value>`` where there is one (an algorithm's name, a non-finite
    number), else the value itself."""
    from webui import i18n, t

    key = f"errors.param.{name}_{value}"
    return t(key) if key in i18n.TEXT["en"] else value


@contextmanager
def guard(what: str | None = None) -> Iterator[None]:
    """Run a block; if it raises, show ``st.error`` with the message and log the traceback.

    Streamlit's own control-flow exceptions (``st.rerun``, ``st.stop``, page switches) pass
    through untouched. Use it around any call into the core whose input a student controls::

        with webui.guard():
            env = make_maze(layout)

    Args:
        what: Optional prefix naming the failed action, e.g. ``t("basics.reset_failed")``.
    """
    try:
        yield
    except Exception as exc:
        # Streamlit's rerun / stop / switch_page signals are Exceptions too; let them through.
        if type(exc).__module__.startswith("streamlit."):
            raise
        log.exception("error shown to the user")
        from webui import t  # late import: webui imports this module

        text = describe(exc)
        st.error(
            t("common.error", message=f"{what}: {text}" if what else text), icon=":material/error:"
        )


def safe_callback(fn: Callable[P, Any]) -> Callable[P, None]:
    """Wrap a widget callback (``on_click``/``on_change``) so an exception becomes a message.

    Callbacks run before the page script, outside any ``guard``; the wrapped one stores the
    message and :func:`show_pending` (the router calls it on every page) shows it::

        st.button("Step", on_click=webui.safe_callback(episode.step), args=(1,))
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as exc:
            if type(exc).__module__.startswith("streamlit."):
                raise
            log.exception("error in a widget callback")
            st.session_state.setdefault(_PENDING, []).append(describe(exc))

    return wrapper


def show_pending() -> None:
    """Show (once) the errors that callbacks stored since the last run."""
    from webui import t

    for message in st.session_state.pop(_PENDING, []):
        st.error(t("common.error", message=message), icon=":material/error:")
