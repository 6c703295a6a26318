"""Shared fixtures for the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Streamlit's AppTest and pygame (CartPole rendering) both run headless here.
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (where streamlit_app.py lives)."""
    return ROOT


@pytest.fixture
def rng():
    """A fixed numpy Generator for tests that need random inputs."""
    import numpy as np

    return np.random.default_rng(12345)
