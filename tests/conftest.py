"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Streamlit's AppTest and pygame (CartPole rendering) both run headless here.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (``./dev test``: ``--dist loadgroup``) a test file's tests stay on
    one worker, so a module's fixtures (a trained agent, a Ray head) are built once, and
    every browser test goes to the same worker: one app server and one Chromium at a
    time, while the other workers run the CPU-bound files beside them."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    browser = ROOT / "tests" / "browser"
    for item in items:
        path = Path(str(item.fspath))
        group = "browser" if path.is_relative_to(browser) else str(path.relative_to(ROOT))
        item.add_marker(pytest.mark.xdist_group(group))


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
