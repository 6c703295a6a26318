"""Settings a running session takes over from new ones without starting again."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar

__all__ = ["carry_over"]

_Settings = TypeVar("_Settings")


def carry_over(current: _Settings, new: Any, fields: Iterable[str]) -> _Settings:
    """A copy of the dataclass ``current`` whose ``fields`` hold ``new``'s values.

    A live session changes the settings that only steer learning from here on (η, γ, ε,
    the episode budget) and keeps those that define what has been learnt so far.
    """
    return dataclasses.replace(current, **{name: getattr(new, name) for name in fields})
