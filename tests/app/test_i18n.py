"""Every text module has the same keys in English and Chinese, none empty, same placeholders."""

from __future__ import annotations

import string

import pytest

from webui import i18n


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


MODULES = i18n.text_modules()


def test_there_are_text_modules_for_the_shell() -> None:
    assert {"common", "home", "basics"} <= MODULES.keys()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_languages_match(name: str) -> None:
    en, zh = MODULES[name]
    assert set(en) == set(zh), f"{name}: only EN {set(en) - set(zh)}, only ZH {set(zh) - set(en)}"
    for key in en:
        assert key.startswith(f"{name}."), f"{name}: key {key!r} should start with {name + '.'!r}"
        assert en[key].strip() and zh[key].strip(), f"{name}: empty text for {key}"
        assert placeholders(en[key]) == placeholders(zh[key]), (
            f"{name}: placeholders differ for {key}"
        )


def test_chinese_text_is_chinese() -> None:
    # A copy-pasted English string in ZH is the usual slip; most values must contain CJK.
    zh = i18n.TEXT["zh"]
    cjk = [k for k, v in zh.items() if any("\u4e00" <= ch <= "\u9fff" for ch in v)]
    assert len(cjk) / len(zh) > 0.8


def test_lookup_and_formatting() -> None:
    assert i18n.t("common.train", "en") == "Train"
    assert i18n.t("common.train", "zh") == "训练"
    assert i18n.t("common.progress", "en", done=3, total=10) == "3 / 10 episodes"
    assert i18n.t("common.progress", "zh", done=3, total=10) == "3 / 10 回合"
    # Unknown languages fall back to English; unknown keys fail loudly.
    assert i18n.t("common.train", "fr") == "Train"
    with pytest.raises(KeyError):
        i18n.t("common.no_such_key", "en")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("zh", "zh"),
        ("ZH", "zh"),
        ("zh-CN", "zh"),
        ("en", "en"),
        ("", "en"),
        (None, "en"),
        ("x" * 500, "en"),
    ],
)
def test_normalize_language(raw, code) -> None:
    assert i18n.normalize_language(raw) == code
