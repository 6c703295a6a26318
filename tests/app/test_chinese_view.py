"""Every page in 中文 (``?lang=zh``), after a short Train where the page has one: no English
word left in what our code shows — text, widget labels and options, chart options (titles,
axis names, legends, series names, line labels) and the words drawn into pictures (read
where the renderer writes them, ``ImageDraw.text``). Symbols and names that stay as they
are in the notes (Q, SARSA, CartPole, ε …) are listed in :data:`ALLOWED`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.app.helpers import assert_no_exception, button, open_page, train
from webui import lesson
from webui.i18n import TEXT

ZH = TEXT["zh"]

ALLOWED = frozenset(
    {
        # algorithms, environments, libraries and people, as the notes and the field name them
        *("Q", "SARSA", "DQN", "REINFORCE", "CartPole", "Adam", "Huber", "smooth-L1", "TD"),
        *("CartPole-v0", "CartPole-v1", "CliffWalking-v1", "FrozenLake-v1", "Taxi-v4"),
        *("Double", "MSE", "FrozenLake", "CliffWalking", "Gymnasium", "PyTorch", "Ray"),
        *("Sutton", "Barto", "IQM", "NaN"),
        # Gymnasium's names for the loop, as the code on the basics page writes them
        *("env", "reset", "step", "seed", "observation", "info", "terminated", "truncated"),
        # file formats, units and machines
        *("PNG", "CSV", "GIF", "JSON", "pt", "MB", "CPU", "rad"),
        # math: function names and derivatives in formulas and chart labels
        *("softmax", "argmax", "max", "min", "exp", "log", "ln", "dL"),
    }
)
"""Names and symbols that are right in the Chinese view too."""

GLOSSES = frozenset({"on-policy", "off-policy", "bin"})
"""English terms of the field given once in parentheses after their Chinese term (the
notes use them), e.g. "同策略（on-policy）": allowed only inside （…）."""
_GLOSS = re.compile(r"（([A-Za-z-]+)）")

WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"\d(?:\.\d+)?e[-+]?\d+")  # 1e-05
_CODE = re.compile(r"(`+)(?:.+?)\1", re.S)
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"https?://\S+")
_TAG = re.compile(r"<[^>]+>")
_ICON = re.compile(r":material/[a-z_]+:|:[a-z_]+:")
_LATEX_TEXT = re.compile(r"\\text\{([^{}]*)\}")
"""Words in a formula (``\\mathrm``, ``\\operatorname`` hold its function names)."""

TEXT_FIELDS = {"label", "help", "body", "text", "caption", "placeholder", "content", "value"}
"""Proto fields whose strings a reader sees (``options`` are taken with them)."""

ECHARTS_KEYS = {"text", "subtext", "name", "formatter", "title"}
"""Keys of an ECharts option whose strings a reader sees (plus ``data`` lists of strings)."""


def english_words(text: str) -> set[str]:
    """The English words of ``text``, symbols and code left out."""
    for pattern in (_CODE, _MATH, _LINK_TARGET, _URL, _TAG, _ICON, _NUMBER):
        text = pattern.sub(" ", text)
    text = _GLOSS.sub(lambda m: " " if m.group(1) in GLOSSES else m.group(0), text)
    return {
        w
        for w in WORD.findall(text)
        if len(w) > 1 and not re.fullmatch(r"[A-Za-z]\d*", w) and w not in ALLOWED
    }


def _proto_strings(message: Any) -> Iterator[str]:
    for field, value in message.ListFields():
        items = value if getattr(field, "is_repeated", False) else [value]
        if field.message_type is not None:
            for item in items:
                yield from _proto_strings(item)
        elif field.name in TEXT_FIELDS or field.name == "options":
            yield from (item for item in items if isinstance(item, str))


def _echarts_strings(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "toolbox":
                v = {"title": v.get("feature", {}).get("saveAsImage", {}).get("title", "")}
            yield from _echarts_strings(v, k)
    elif isinstance(node, list):
        if key == "data" and all(isinstance(v, str) for v in node):
            yield from node
        else:
            for v in node:
                yield from _echarts_strings(v, key)
    elif isinstance(node, str) and key in ECHARTS_KEYS and "{" not in node:
        yield node


def _plotly_strings(node: Any, key: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("text", "name", "title") or isinstance(v, dict | list):
                yield from _plotly_strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _plotly_strings(v, key)
    elif isinstance(node, str) and key in ("text", "name", "title"):
        yield node


def shown_strings(at) -> Iterator[tuple[str, str]]:
    """``(element type, text)`` for everything on the page a reader sees."""

    def walk(node: Any) -> Iterator[Any]:
        for child in getattr(node, "children", {}).values():
            yield child
            yield from walk(child)

    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if proto is None or kind in ("code", "event"):
            continue
        if "_w.lang" in getattr(proto, "id", ""):
            continue  # the language switch names both languages
        if kind == "echarts_chart":
            yield from ((kind, s) for s in _echarts_strings(json.loads(proto.spec)))
        elif kind == "plotly_chart":
            yield from ((kind, s) for s in _plotly_strings(json.loads(proto.spec)))
        elif kind == "latex":
            yield from ((kind, s) for s in _LATEX_TEXT.findall(proto.body))
        elif kind == "bidi_component":
            data = json.loads(proto.json) if proto.json else {}
            for name in ("captions", "labels"):
                value = data.get(name) or []
                values = value.values() if isinstance(value, dict) else value
                yield from ((kind, str(s)) for s in values)
        elif kind == "arrow_data_frame":
            continue  # tables: checked by column names below
        else:
            yield from ((kind, s) for s in _proto_strings(proto))
    for frame in at.get("arrow_data_frame"):
        yield from (("dataframe", str(c)) for c in frame.value.columns)


def leftovers(at, drawn: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for kind, text in [*shown_strings(at), *(("picture", w) for w in drawn)]:
        for word in english_words(text):
            found.setdefault(word, set()).add(f"{kind}: {text[:80]}")
    return found


def small_lab(at) -> None:
    """A small experiment on the Lab: 2 seeds × 20 episodes, run to the end."""
    from tests.app.test_lab_page import set_value, wait

    set_value(at, "seeds", 2)
    set_value(at, "episodes", 20)
    button(at, ZH["lab.run"]).click().run()
    assert_no_exception(at)
    wait(at)


PICTURES = {"basics", "maze_policy", "maze_td", "dp", "grid_editor"}
"""Pages that draw a maze or a grid with its start cell."""

PAGES: dict[str, tuple[dict[str, str], Any]] = {
    "home": ({}, None),
    "lesson": ({"step": "5"}, "lesson"),
    "basics": ({"env": "maze", "steps": "30"}, "basics"),
    "concepts": ({}, None),
    "maze_policy": ({"episodes": "100"}, "mp"),
    "maze_td": ({"algo": "both", "episodes": "60"}, "td"),
    "dp": ({"problem": "frozen_lake_4x4"}, "dp"),
    "grid_editor": ({}, None),
    "cartpole_q": ({"episodes": "50", "eval_every": "10"}, "cpq"),
    "cartpole_dqn": ({"max_steps": "700", "starts": "300", "eval_every": "300"}, "dqn"),
    "cartpole_reinforce": ({"episodes": "20", "eval_every": "10"}, "rf"),
    "lab": ({}, "lab"),
}
"""Each page, the settings it is opened with and what is pressed on it (a live run's key)."""


def press(at, page: str, action: str | None) -> None:
    if action is None:
        return
    if action == "lesson":
        at.radio[0].set_value(lesson.STEPS[4].choices[1]).run()
        button(at, "lesson.reveal").click().run()
    elif action == "basics":
        button(at, "basics.random").click().run()
    elif action == "dp":
        button(at, ZH["dp.run"]).click().run()
    elif action == "lab":
        small_lab(at)
    else:
        train(at, action, label=ZH["common.train"])
    assert_no_exception(at)


@pytest.mark.parametrize("page", list(PAGES))
def test_the_chinese_view_has_no_english_left(page: str, drawn_words: list[str]) -> None:
    query, action = PAGES[page]
    at = open_page(f"app_pages/{page}.py", query=query, lang="zh")
    press(at, page, action)
    if page in PICTURES:  # the words the maze pictures write come in the page's language
        assert ZH["common.cell_start"] in drawn_words and "start" not in drawn_words
    found = leftovers(at, drawn_words)
    assert not found, "English in the Chinese view:\n" + "\n".join(
        f"  {word!r}: {sorted(where)[:3]}" for word, where in sorted(found.items())
    )


def test_every_lesson_step_in_chinese_has_no_english_left(drawn_words: list[str]) -> None:
    at = open_page("app_pages/lesson.py", lang="zh")
    for number, step in enumerate(lesson.STEPS, start=1):
        at.radio[0].set_value(step.answer).run()
        button(at, "lesson.reveal").click().run()
        assert_no_exception(at)
        found = leftovers(at, drawn_words)
        assert not found, f"English in step {number}: {found}"
        if number < len(lesson.STEPS):
            button(at, "lesson.next").click().run()


def test_the_scan_finds_english() -> None:
    assert english_words("训练 the agent `env.step(0)` $x$ CartPole 1e-05") == {"the", "agent"}
    assert english_words("Q(s, a) ← r + γ maxₐ Q(s′, a′); S0 → S8") == set()
    assert english_words("同策略（on-policy）; the on-policy CartPole-v1") == {"the", "on-policy"}


def test_one_word_for_greedy() -> None:
    # "ε-贪心" everywhere: the other translation of "greedy" is not used.
    assert not [key for key, text in ZH.items() if "贪婪" in text]
