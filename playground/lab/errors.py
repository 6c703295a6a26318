"""The Lab's errors and warnings, with a code and parameters a page translates.

Like every :class:`~playground.errors.CoreError`, ``str()`` is an English sentence (what a
notebook user reads); the app shows ``errors.<code>`` in the page's language with the same
parameters (``webui.errors.describe``; the texts are in ``webui/i18n/lab.py``).
"""

from __future__ import annotations

from playground.errors import CoreError

__all__ = ["LabError", "LabWarning"]


class LabError(CoreError, ValueError, RuntimeError):
    """An experiment that cannot be built or run as asked (a value out of range, too many
    jobs, an empty sweep, …), or a statistic of an arm with no finished run.

    A ``ValueError`` (bad input) and a ``RuntimeError`` (no result to compute from), so
    callers catching either keep working."""


class LabWarning(CoreError, UserWarning):
    """Something a run did other than asked, though it ran: runs that did not finish, a Ray
    cluster that did not answer (the local pool ran the jobs instead)."""
