"""Pydantic's own errors in the ruleset are worded by the catalogue (RS016.<type>) exactly as pydantic
words them in English, and in Chinese beside them; a validator's Message survives pydantic."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from pingyi_rules.core.messages import Text, use_language
from pingyi_rules.loading import _pydantic_message, _said, check_ruleset

# a small ruleset (not complete: each test picks out the error it makes)
_BASE = """\
id: t
name: 测试
inputs:
  tables:
    - id: units
      layout: per_subject
      subject: 单位
      columns:
        - {header: 单位, type: id}
        - {header: 分, type: decimal}
components:
  - {id: a, name: 甲, kind: input, column: 分, points: 10}
"""


class _Item(BaseModel):
    x: int


def _errors(shape: Any, value: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(shape).validate_python(value)
    return list(caught.value.errors())


CASES: list[tuple[Any, Any]] = [
    (Decimal, "x"), (Decimal, []), (Decimal, Decimal("NaN")), (int, []), (int, "x"), (int, 1.5), (bool, []),
    (bool, "x"), (str, 1), (dict[str, int], 1), (list[int], 1), (_Item, 1),
    (Annotated[Decimal, Field(gt=0)], Decimal(0)), (Annotated[int, Field(ge=1)], 0), (Annotated[int, Field(lt=1)], 1),
    (Annotated[Decimal, Field(le=1)], Decimal(2)), (Literal["a", "b", "c"], "d"), (Literal["a", "b"], "d"),
    (Annotated[str, Field(min_length=1)], ""), (Annotated[str, Field(min_length=3)], "a"),
    (Annotated[str, Field(max_length=2)], "abc"), (Annotated[list[int], Field(min_length=1)], []),
    (Annotated[list[int], Field(min_length=2)], [1]), (Annotated[list[int], Field(max_length=2)], [1, 2, 3]),
    (Annotated[dict[str, int], Field(min_length=1)], {}),
]


@pytest.mark.parametrize(("shape", "value"), CASES)
def test_pydantic_errors_are_worded_as_pydantic_words_them(shape: Any, value: Any) -> None:
    for error in _errors(shape, value):
        worded = _pydantic_message(error["type"], error.get("ctx") or {})
        assert worded is not None, error["type"]
        assert worded.render("en") == error["msg"]
        assert worded.render("zh") != error["msg"]
        assert _said(error) == worded


def test_an_error_the_catalogue_does_not_word_is_shown_as_pydantic_says_it() -> None:
    error = _errors(Annotated[int, Field(multiple_of=2)], 3)[0]
    said = _said(error)
    assert said == Text(error["msg"])


def test_a_literal_in_a_ruleset_in_both_languages() -> None:
    text = _BASE + "ranking: {ties: 平分}\n"
    [error] = [e for e in check_ruleset("r.yaml", text=text) if e.code == "RS016"]
    assert str(error) == "r.yaml:13:17: ranking.ties: '平分': Input should be 'competition' or 'dense' [RS016]"
    with use_language("zh"):
        assert str(error) == "r.yaml:13:17: ranking.ties: '平分'：应为 'competition' 或 'dense' [RS016]"


def test_a_validator_message_in_both_languages() -> None:
    text = _BASE.replace("{header: 分, type: decimal}", "{header: 分, type: decimal, min: 5, max: 1}")
    [error] = [e for e in check_ruleset("r.yaml", text=text) if e.code == "RS015"]
    assert error.message == "min 5 is greater than max 1"
    with use_language("zh"):
        assert error.message == "min 5 大于 max 1"
