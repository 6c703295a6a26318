"""All user-visible text of the app, in English and Chinese.

One module per page or area (``common``, ``home``, ``basics``, ``maze_pg`` …) defines two
plain dicts, ``EN`` and ``ZH``, with the same namespaced keys (``"basics.title"``,
``"common.train"``). This package merges every such module into :data:`TEXT` and looks
text up with :func:`t`. Adding a page's text = adding a module here; nothing to register.

Example::

    >>> from webui.i18n import t
    >>> t("common.train", "zh")
    '训练'
    >>> t("common.episodes_done", "en", done=3, total=10)
    'Episode 3 of 10'

Keys are looked up strictly: a missing key raises ``KeyError`` so a typo fails the tests
instead of showing a blank label to a class.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping

LANGUAGES: tuple[str, ...] = ("en", "zh")
"""Supported language codes, the first is the default."""

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}
"""How each language names itself in the switch."""

DEFAULT_LANGUAGE = LANGUAGES[0]


def text_modules() -> dict[str, tuple[Mapping[str, str], Mapping[str, str]]]:
    """Return ``{module_name: (EN, ZH)}`` for every text module of this package."""
    found: dict[str, tuple[Mapping[str, str], Mapping[str, str]]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        en, zh = getattr(module, "EN", None), getattr(module, "ZH", None)
        if not isinstance(en, Mapping) or not isinstance(zh, Mapping):
            raise TypeError(f"{module.__name__} must define EN and ZH dicts")
        found[info.name] = (en, zh)
    return found


def _merge() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {lang: {} for lang in LANGUAGES}
    for name, (en, zh) in text_modules().items():
        for lang, table in (("en", en), ("zh", zh)):
            clash = merged[lang].keys() & table.keys()
            if clash:
                raise ValueError(f"i18n keys defined twice (again in {name}): {sorted(clash)}")
            merged[lang].update(table)
    return merged


TEXT: dict[str, dict[str, str]] = _merge()
"""``{"en": {key: text}, "zh": {key: text}}`` for the whole app."""


def normalize_language(lang: object) -> str:
    """Map anything (a query parameter, a stale session value) to a supported code."""
    if isinstance(lang, str):
        code = lang.strip().lower()
        if code in LANGUAGES:
            return code
        if code.startswith("zh") or code in ("cn", "中文"):
            return "zh"
    return DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **fmt: object) -> str:
    """Return the text for ``key`` in ``lang``, formatted with ``fmt`` (``str.format``).

    Args:
        key: A namespaced key such as ``"basics.title"``.
        lang: ``"en"`` or ``"zh"``; anything else falls back to English.
        **fmt: Values for the text's ``{placeholders}``.

    Raises:
        KeyError: If no module defines ``key``.
    """
    text = TEXT[normalize_language(lang)][key]
    return text.format(**fmt) if fmt else text


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "TEXT", "normalize_language", "t"]
