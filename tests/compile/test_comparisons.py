"""The one comparison of the condition language (`compile_comparison`): a lower and/or an upper
end, `between` (both ends included), `equals`, `in` — exact on computed numbers (quotient noise
below 10⁻³⁰ is not a difference), for any bounds and values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pingyi_rules.core.numbers import div
from pingyi_rules.kinds.rows import compile_comparison
from pingyi_rules.model import components as m

numbers = st.decimals(min_value=-100, max_value=100, places=2, allow_nan=False, allow_infinity=False)
LOWER = {"at_least": lambda v, a: v >= a, "above": lambda v, a: v > a}
UPPER = {"below": lambda v, b: v < b, "at_most": lambda v, b: v <= b}


@given(numbers, numbers, numbers, st.sampled_from([None, *LOWER]), st.sampled_from([None, *UPPER]))
def test_ends_compare_as_written(value: Decimal, a: Decimal, b: Decimal, low: str | None, high: str | None) -> None:
    low_end, high_end = min(a, b), max(a, b)
    written: dict[str, Any] = {}
    if low is not None:
        written[low] = low_end
    if high is not None:
        written[high] = high_end
    if not written or (low == "at_least" and high == "at_most"):
        return  # no comparison; both ends included is `between`
    try:
        cond = m.RowCondition.model_validate({"column": "x", **written})
    except ValidationError:
        assert low_end == high_end and ("above" in written or "below" in written)  # an empty range
        return
    test = compile_comparison(cond, None, (), None)  # type: ignore[arg-type]  # no error to raise here
    expected = (low is None or LOWER[low](value, low_end)) and (high is None or UPPER[high](value, high_end))
    assert test(value) is expected


@given(numbers, numbers, numbers)
def test_between_includes_both_ends(value: Decimal, a: Decimal, b: Decimal) -> None:
    cond = m.Condition.model_validate({"between": [min(a, b), max(a, b)]})
    test = compile_comparison(cond, None, (), None)  # type: ignore[arg-type]
    assert test(value) is (min(a, b) <= value <= max(a, b))


def test_a_computed_third_reaches_a_third_exactly() -> None:
    third = div(Decimal(16), Decimal(48))  # 0.333… to 60 digits
    cond = m.Condition.model_validate({"at_least": 1})
    test = compile_comparison(cond, None, (), None)  # type: ignore[arg-type]
    assert test(third * 3) is True  # 0.99…9 to 60 digits is 1
    equals = compile_comparison(m.Condition.model_validate({"equals": 1}), None, (), None)  # type: ignore[arg-type]
    assert equals(third + third + third) is True


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ({"at_least": 1, "at_most": 2}, "both ends included is written 'between: [low, high]'"),
        ({"at_least": 1, "above": 2}, "give at most one of 'at_least' or 'above'"),
        ({"between": [3, 2]}, "between [3, 2] is empty"),
        ({"equals": 1, "below": 2}, "'equals' is a comparison on its own; drop 'below'"),
        ({"above": 2, "below": 2}, "the range is empty"),
    ],
)
def test_one_interval_notation(written: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        m.Condition.model_validate(written)
