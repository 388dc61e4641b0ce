"""The message catalogue: every entry renders in English and Chinese with the same parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pingyi_rules.core.errors import Location, MultipleErrors, RulesetError
from pingyi_rules.core.messages import (
    CATALOGUE,
    KEY,
    Message,
    Text,
    fields_of,
    language_of,
    locale_language,
    say,
    set_language,
    use_language,
)

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_entry_renders_in_both_languages(key: str) -> None:
    english, chinese = CATALOGUE[key]
    assert KEY.fullmatch(key), key
    assert fields_of(english) == fields_of(chinese), key
    params = {name: f"<{name}>" for name in fields_of(english)}
    shown_en = Message(key, params).render("en")
    shown_zh = Message(key, params).render("zh")
    for value in params.values():
        assert value in shown_en and value in shown_zh
    assert not CJK.search(english.format_map({n: "" for n in params})), f"{key}: Chinese in the English text"
    assert CJK.search(chinese), f"{key}: the Chinese text has no Chinese"


def test_say_checks_the_parameters() -> None:
    with pytest.raises(TypeError, match="takes \\['key'\\]"):
        say("RS012")
    with pytest.raises(KeyError):
        say("RS999")


def test_an_error_renders_in_the_language_in_force_when_shown() -> None:
    error = RulesetError(say("RS012", key="poinst"), Location(file="x.yaml", line=3, column=5), suggestions=["points"])
    assert error.code == "RS012"
    assert str(error) == "x.yaml:3:5: unknown key 'poinst'; did you mean 'points'? [RS012]"
    with use_language("zh"):
        assert str(error) == "x.yaml:3:5: 未知的键 'poinst'；是否想写 'points'？ [RS012]"
    assert error.message == "unknown key 'poinst'"


def test_locations_in_chinese() -> None:
    where = Location(file="units.csv", row=4, field="得分")
    assert str(where) == "units.csv, row 4: column 得分"
    with use_language("zh"):
        assert str(where) == "units.csv 第 4 行: 列 得分"


def test_several_errors_render_each_in_the_language_in_force() -> None:
    errors = MultipleErrors([RulesetError(say("RS012", key="a")), RulesetError(Text("as written"), code="RS015")])
    with use_language("zh"):
        assert str(errors) == "未知的键 'a' [RS012]\nas written [RS015]"
        assert errors.message == str(errors)


def test_nested_messages_and_lists_follow_the_language() -> None:
    inner = say("RS012", key="x")
    outer = Message("RS012", {"key": inner})
    assert outer.render("zh") == "未知的键 '未知的键 'x''"
    listed = Message("RS012", {"key": ["甲", "乙"]})
    assert listed.render("en") == "unknown key '甲, 乙'"
    assert listed.render("zh") == "未知的键 '甲、乙'"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("zh", "zh"), ("zh_CN.UTF-8", "zh"), ("zh-TW", "zh"), ("en_US.UTF-8", "en"), ("C.UTF-8", "en"), ("C", "en"),
     ("POSIX", "en"), ("", None), ("fr_FR.UTF-8", None), (None, None)],
)
def test_language_of_a_locale(value: str | None, expected: str | None) -> None:
    assert language_of(value) == expected


def test_the_command_line_language_comes_from_pingyi_lang_then_the_locale() -> None:
    assert locale_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_language({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({"PINGYI_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert locale_language({"LC_ALL": "fr_FR.UTF-8", "LANG": "zh_CN.UTF-8"}) == "zh"
    assert locale_language({}) == "en"


def test_set_language_refuses_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="one of en, zh"):
        set_language("fr")  # type: ignore[arg-type]


# Codes with no wording of their own: the class defaults (never raised by the engine), a list of
# other errors (each worded by its own code), and the test kit's property failures, whose text is the
# broken invariant's own message (the `phrase.inv_*` entries).
_UNWORDED = {"RS000", "FA000", "EV000", "PY000", "FA099", "PY007", "PY008"}


def test_every_documented_code_has_its_words_in_both_languages() -> None:
    docs = Path(__file__).parents[2] / "docs" / "errors.md"
    documented = set(re.findall(r"\b(?:RS|FA|EV|PY)\d{3}\b", docs.read_text(encoding="utf-8")))
    worded = {key.split(".")[0] for key in CATALOGUE}
    assert documented - worded == _UNWORDED
