"""The first run of each page in the server process, one session at a time.

Sessions are threads of one server process, so a class opening the app together imports
the same packages in several threads at once. Python then can hand a thread a package
that another thread is still initialising: "partially initialized module 'pandas' has no
attribute 'Series' (most likely due to a circular import)" stood in place of a page's
charts in ``benchmarks/load.py``, in two of four policy-gradient sessions that finished
training together and drew their first table (pandas and pyarrow import each other).

So :func:`first_run` holds one lock around the first run of each page in this process,
and imports first what that page would otherwise import lazily, mid-session: the page's
list in ``nav.Entry.imports`` (pandas and pyarrow where a table is shown, which Streamlit
imports on the first one; torch's compiler stack, which the first optimiser imports on
Train; pygame, which the first CartPole frame imports). Other sessions opening a page for
the first time wait for it (once per page and process); afterwards no lock is taken.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext

_LOCK = threading.Lock()
_DONE: set[str] = set()


@contextmanager
def first_run(
    page: str,
    imports: Sequence[str] = (),
    notice: Callable[[], AbstractContextManager[object]] = nullcontext,
) -> Iterator[None]:
    """Run the body under the lock if ``page`` has not completed a run in this process,
    after importing ``imports``; else run it as is.

    ``notice()`` is entered while waiting for the lock and importing (the router passes a
    spinner: torch's imports take seconds). A run that ends in an exception (Streamlit's
    rerun and stop are exceptions) does not count: the next run takes the lock again.
    """
    if page in _DONE:
        yield
        return
    with notice():
        _LOCK.acquire()
        try:
            for name in imports:
                importlib.import_module(name)
        except BaseException:
            _LOCK.release()
            raise
    try:
        yield
        _DONE.add(page)
    finally:
        _LOCK.release()
