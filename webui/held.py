"""What pages keep in ``st.session_state`` between script runs, as named fields.

Classes live here, not in a page file: a page's module is executed anew on every run, so a
class defined there would be a new class each time and ``isinstance`` on what the last run
stored would fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class HeldEpisode:
    """The basics page's episode, its random agent and the settings they were made for."""

    env: str
    layout: str | None
    seed: int
    episode: Any
    agent: Any

    @property
    def settings(self) -> tuple[str, str | None, int]:
        return self.env, self.layout, self.seed


@dataclass(frozen=True)
class HeldPlayback:
    """A greedy episode recorded for the deep pages' playback, and the network it shows:
    the trainer's identity, its steps and episodes so far, uploads, the episode's seed."""

    trainer_id: int
    steps: int
    episodes: int
    weights_loaded: int
    seed: int
    episode: Any

    @property
    def made_from(self) -> tuple[int, int, int, int, int]:
        return self.trainer_id, self.steps, self.episodes, self.weights_loaded, self.seed


@dataclass(frozen=True)
class HeldFrames:
    """A player's frames, encoded, and what they were drawn from: frame ``i`` is
    ``uris[order[i]]``, or ``uris[i]`` when ``order`` is None (``playback.encode_frames``)."""

    source: Any
    offset: int
    n: int
    uris: list[str]
    digest: str
    order: list[int] | None = None
