"""Exploration schedules: ε as a function of the episode index (0 for the first episode)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ConstantEpsilon",
    "EpsilonSchedule",
    "HalvingEpsilon",
    "InverseEpisodeEpsilon",
    "LinearEpsilon",
]


class EpsilonSchedule(Protocol):
    """Anything with ``schedule(episode) -> ε``."""

    def __call__(self, episode: int) -> float: ...


@dataclass(frozen=True)
class HalvingEpsilon:
    """The notes' schedule: start at ε₀ and halve after every episode, ε = ε₀ · factorᵏ."""

    start: float = 0.5
    """ε of the first episode."""
    factor: float = 0.5
    """Multiplier applied after each episode (0.5 halves)."""
    floor: float = 0.0
    """ε never falls below this."""

    def __call__(self, episode: int) -> float:
        return max(self.floor, self.start * self.factor**episode)


@dataclass(frozen=True)
class ConstantEpsilon:
    """The same ε for every episode."""

    value: float = 0.1
    """ε of every episode."""

    def __call__(self, episode: int) -> float:
        return self.value


@dataclass(frozen=True)
class LinearEpsilon:
    """ε falls in a straight line from ``start`` to ``end`` over ``episodes`` episodes, then stays."""

    start: float = 1.0
    """ε of the first episode."""
    end: float = 0.05
    """ε from episode ``episodes`` on."""
    episodes: int = 100
    """Length of the decay in episodes."""

    def __call__(self, episode: int) -> float:
        if self.episodes <= 0:
            return self.end
        fraction = min(episode / self.episodes, 1.0)
        return self.start + (self.end - self.start) * fraction


@dataclass(frozen=True)
class InverseEpisodeEpsilon:
    """ε = c / (episode + 1): the notes' CartPole schedule with c = 0.5."""

    c: float = 0.5
    """ε of the first episode."""

    def __call__(self, episode: int) -> float:
        return self.c / (episode + 1)
