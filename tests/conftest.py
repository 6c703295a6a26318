"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Streamlit's AppTest and pygame (CartPole rendering) both run headless here.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

# Hypothesis fails an example that runs over 200 ms by default: a timed assertion, which a
# loaded 2-core machine breaks at random (test_terms_and_recursion_agree once took 257 ms,
# then 0.4 ms on the replay). Tests that set their own settings keep this unless they say.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """How pytest-xdist (``./dev test``: one worker per core) hands out the tests: a test
    file's tests go to one worker together, so a module's fixtures (a trained agent, a Ray
    head) are built once; a browser test goes alone to whichever worker is free (every
    worker has its own app server and Chromium, session fixtures), since browser tests
    spend much of their time waiting on a page, and a whole browser file on one worker
    would end the suite late. Units are handed out in collection order.

    xdist's own ``--dist loadgroup`` cannot do this here: it renames each test's node id
    with its group, which pytest 9.2 no longer lets a plugin do."""
    from xdist.scheduler import LoadScopeScheduling

    browser = "tests/browser/"

    class FilesAndBrowserTests(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path.startswith(browser) else path

    config.option.loadscopereorder = False  # keep collection order
    return FilesAndBrowserTests(config, log)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (where streamlit_app.py lives)."""
    return ROOT


@pytest.fixture
def rng():
    """A fixed numpy Generator for tests that need random inputs."""
    import numpy as np

    return np.random.default_rng(12345)


@pytest.fixture
def drawn_words(monkeypatch) -> list[str]:
    """Every text drawn into a picture (Pillow's ``ImageDraw.text``) while the test runs,
    in order: the words our renderers write on maze and grid cells."""
    from PIL import ImageDraw

    from playground.envs import render

    # Maze backgrounds (where the words are) are drawn once and kept: draw them afresh.
    render._plain_background.cache_clear()
    render._lit_background.cache_clear()
    words: list[str] = []
    original = ImageDraw.ImageDraw.text

    def text(self, xy, text, *args, **kwargs):
        words.append(str(text))
        return original(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", text)
    return words
