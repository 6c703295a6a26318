"""Errors the core raises for a reason a user can act on, ready to be translated.

A :class:`CoreError` carries a ``code`` naming the problem and the ``params`` its text
needs; its ``str()`` is a readable English sentence for notebook users. The app shows the
text of ``errors.<code>`` in the page's language instead (``webui.errors.describe``), so no
English sentence from inside an agent reaches a Chinese page.
"""

from __future__ import annotations

from typing import Any


class CoreError(Exception):
    """An error with a code and parameters; ``str()`` is its English message."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


__all__ = ["CoreError"]
