"""Parsing and clamping of URL settings (webui.params), without a running app."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webui import params


def test_int_parse_and_clamp() -> None:
    p = params.Int(default=20, min=1, max=500)
    assert p.parse("7") == (7, False)
    assert p.parse("0") == (1, True)
    assert p.parse("99999") == (500, True)
    assert p.parse("3.6") == (4, True)
    assert p.parse("abc") == (20, True)
    assert p.parse("nan") == (20, True)
    assert p.parse("inf") == (20, True)
    stepped = params.Int(default=200, min=10, max=5000, step=10)
    assert stepped.parse("123") == (120, True)
    assert stepped.clamp(4999) == 5000


def test_float_parse_and_clamp() -> None:
    p = params.Float(default=0.9, min=0.0, max=1.0, step=0.01)
    assert p.parse("0.95") == (0.95, False)
    assert p.parse("2") == (1.0, True)
    assert p.parse("-1e9") == (0.0, True)
    assert p.parse("0.123") == (0.12, True)
    assert p.parse("") == (0.9, True)


def test_log_float_snaps_to_grid() -> None:
    grid = params.log_grid(1e-3, 1.0)
    assert grid == (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
    p = params.LogFloat(default=0.1, grid=grid)
    assert p.parse("0.05") == (0.05, False)
    assert p.parse("0.06") == (0.05, True)
    assert p.parse("1e9") == (1.0, True)
    assert p.parse("1e-300") == (0.001, True)
    assert p.parse("-3") == (0.1, True)
    assert p.parse("0") == (0.1, True)
    with pytest.raises(ValueError):
        params.LogFloat(default=0.3, grid=grid)


def test_choice_and_bool() -> None:
    c = params.Choice(default="q", choices=("q", "sarsa"))
    assert c.parse("sarsa") == ("sarsa", False)
    assert c.parse("SARSA") == ("sarsa", True)
    assert c.parse("dqn") == ("q", True)
    b = params.Bool(default=False)
    assert b.parse("1") == (True, False)
    assert b.parse("true") == (True, True)
    assert b.parse("0") == (False, False)
    assert b.parse("maybe") == (False, True)


SPECS = [
    params.Int(default=5, min=0, max=10),
    params.Int(default=200, min=10, max=5000, step=10),
    params.Float(default=0.5, min=0.0, max=1.0, step=0.05),
    params.LogFloat(default=0.01, grid=params.log_grid(1e-4, 1.0)),
    params.Choice(default="a", choices=("a", "b", "c")),
    params.Bool(default=True),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: type(s).__name__)
@given(raw=st.text(max_size=30) | st.floats(allow_nan=True).map(repr) | st.integers().map(str))
def test_any_text_parses_to_an_allowed_value_that_round_trips(spec, raw) -> None:
    value, _ = spec.parse(raw)
    assert spec.clamp(value) == value
    if isinstance(spec, params.Int | params.Float | params.LogFloat):
        assert spec.min <= value <= spec.max
        assert math.isfinite(value)
    # What we write to the URL reads back unchanged: share links are stable.
    assert spec.parse(spec.to_url(value)) == (value, False)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("[R](https://evil.example/r)", "`[R](https://evil.example/r)`"),
        ("a`b", "``a`b``"),  # fence one longer than the longest backtick run inside
        ("x``y`", "``` x``y` ```"),  # ends with a backtick: padded with a space each side
        (" x ", "`  x  `"),  # CommonMark strips one space each side: " x " is shown
        ("", "`  `"),  # only spaces: nothing stripped, an empty-looking span
        ("line\nbreak\x1b[1m", "`line break [1m`"),  # control characters become spaces
        ("0123456789", "`0123456789`"),
        (12.5, "`12.5`"),
    ],
)
def test_literal_is_a_code_span_showing_the_value(value, shown) -> None:
    import webui

    assert webui.literal(value) == shown


def test_literal_cuts_long_values() -> None:
    import webui

    assert webui.literal("0123456789", max_len=5) == "`0123…`"
    assert webui.literal("x" * 41) == "`" + "x" * 39 + "…`"
