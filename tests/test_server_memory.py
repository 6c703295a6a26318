"""app.py caps glibc's malloc arenas for the server's session threads (RSS: see
``benchmarks/load.py --train``)."""

from __future__ import annotations

import platform
import sys

import pytest


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="mallopt(M_ARENA_MAX) is glibc's",
)
def test_the_server_caps_malloc_arenas_on_glibc() -> None:
    import app

    assert app.MALLOC_ARENAS == 2
    assert app.limit_malloc_arenas() is True  # glibc accepted the option


def test_without_glibc_nothing_is_attempted(monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    monkeypatch.setattr(sys, "platform", "darwin")
    assert app.limit_malloc_arenas() is False
