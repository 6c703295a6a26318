"""webui.warm: the first run of each page in the process happens one session at a time."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from webui import warm


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warm, "_DONE", set())


def test_imports_come_before_the_first_run_and_only_it_is_locked() -> None:
    sys.modules.pop("colorsys", None)
    with warm.first_run("page-a", ("colorsys",)):
        assert "colorsys" in sys.modules  # imported before the page ran
        assert warm._LOCK.locked()
    assert "page-a" in warm._DONE
    with warm.first_run("page-a", ("colorsys",)):
        assert not warm._LOCK.locked()  # later runs take no lock


def test_a_second_session_waits_for_the_first_run() -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with warm.first_run("page-b"):
            inside.set()
            time.sleep(0.2)
            order.append("first done")

    def second() -> None:
        inside.wait()
        with warm.first_run("page-b"):
            order.append("second ran")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert order == ["first done", "second ran"]


def test_a_run_cut_short_does_not_count() -> None:
    class Rerun(Exception):
        pass

    with pytest.raises(Rerun), warm.first_run("page-c"):
        raise Rerun
    assert "page-c" not in warm._DONE
    assert not warm._LOCK.locked()
    with warm.first_run("page-c"):
        assert warm._LOCK.locked()  # the next run is a first run again
    assert "page-c" in warm._DONE


def test_the_notice_covers_the_wait_and_the_imports_only() -> None:
    shown: list[str] = []

    class Notice:
        def __enter__(self) -> None:
            shown.append("on")

        def __exit__(self, *exc: object) -> None:
            shown.append("off")

    with warm.first_run("page-d", ("json",), notice=Notice):
        assert shown == ["on", "off"]  # gone before the page draws
        assert warm._LOCK.locked()
    with warm.first_run("page-d", notice=Notice):
        pass
    assert shown == ["on", "off"]  # no notice once the page has run
