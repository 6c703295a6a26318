"""webui.playback.SharedFrames: the server process's bounded cache of encoded frames
(least recently used out first, bounded in entries and bytes, one session encodes a key
while the others wait for it)."""

from __future__ import annotations

import threading
import time

import pytest

from webui.held import HeldFrames
from webui.playback import SharedFrames


def _frames(tag: str, n: int = 2, size: int = 10) -> HeldFrames:
    """``n`` fake data URIs of ``size`` characters each (``size * n`` bytes)."""
    return HeldFrames(tag, 0, n, [tag[0] * size] * n, f"digest-{tag}")


def test_least_recently_used_goes_first_beyond_the_entries_bound() -> None:
    cache = SharedFrames(max_entries=3, max_bytes=10**6)
    for tag in "abc":
        cache.put(tag, _frames(tag))
    assert cache.get("a").digest == "digest-a"  # "a" is now the most recently used
    cache.put("d", _frames("d"))
    assert len(cache) == 3
    assert cache.get("b") is None  # the least recently used left
    assert [cache.get(k).digest for k in "acd"] == ["digest-a", "digest-c", "digest-d"]


def test_bytes_bound_drops_the_oldest_and_refuses_a_set_larger_than_it() -> None:
    cache = SharedFrames(max_entries=100, max_bytes=100)
    cache.put("a", _frames("a", n=2, size=30))  # 60 bytes
    cache.put("b", _frames("b", n=1, size=30))  # 90
    assert cache.nbytes == 90
    cache.put("c", _frames("c", n=1, size=30))  # 120 > 100: "a" goes
    assert cache.get("a") is None and cache.nbytes == 60
    cache.put("huge", _frames("h", n=1, size=101))
    assert cache.get("huge") is None and cache.nbytes == 60  # nothing else dropped for it
    cache.put("b", _frames("b", n=2, size=5))  # replacing counts the new size only
    assert cache.nbytes == 40


def test_same_key_gives_the_same_encoded_frames_and_is_made_once() -> None:
    cache = SharedFrames()
    made = []

    def make() -> HeldFrames:
        made.append(1)
        return _frames("x")

    first = cache.get_or_make(("player", "x"), make)
    again = cache.get_or_make(("player", "x"), make)
    other = cache.get_or_make(("player", "y"), lambda: _frames("y"))
    assert again is first and again.uris is first.uris
    assert other.digest == "digest-y" and len(made) == 1


def test_a_second_session_waits_for_the_frames_the_first_is_making() -> None:
    """Two threads ask for one key at once: one makes the frames, the other gets them."""
    cache = SharedFrames()
    release = threading.Event()
    calls: list[str] = []
    got: dict[str, HeldFrames] = {}

    def make(name: str):
        def _make() -> HeldFrames:
            calls.append(name)
            release.wait(60)
            return _frames(name)

        return _make

    def session(name: str) -> None:
        got[name] = cache.get_or_make("walk", make(name))

    first = threading.Thread(target=session, args=("first",))
    first.start()
    _wait_until(lambda: calls == ["first"])
    second = threading.Thread(target=session, args=("second",))
    second.start()
    _wait_until(lambda: cache._making.get("walk", [None, 0])[1] == 2)  # both in
    release.set()
    first.join(60)
    second.join(60)
    assert calls == ["first"]
    assert got["second"] is got["first"]
    assert not cache._making  # nothing left behind


def test_a_failed_making_leaves_nothing_and_the_next_try_makes_them() -> None:
    cache = SharedFrames()

    def broken() -> HeldFrames:
        raise RuntimeError("stopped mid-way")  # e.g. a rerun interrupting the script

    with pytest.raises(RuntimeError):
        cache.get_or_make("k", broken)
    assert cache.get("k") is None and not cache._making
    assert cache.get_or_make("k", lambda: _frames("k")).digest == "digest-k"


def _wait_until(condition, limit_s: float = 60.0) -> None:
    """Wait for another thread to reach a point (fails only if it never does)."""
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, "the other thread never got there"
        time.sleep(0.001)
