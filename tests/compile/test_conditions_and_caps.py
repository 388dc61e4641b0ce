"""The one condition walker (`fold_condition`) and the one `caps` implementation (`GroupCaps`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pingyi_rules.compile.conditions import compile_predicate, fold_condition
from pingyi_rules.compile.context import GroupCaps
from pingyi_rules.model import components as m


def _text(cond: m.Condition) -> str:
    def leaf(c: m.Condition, path: tuple[object, ...]) -> str:
        key = next(k for k, v in c if v is not None)
        return f"{key}@{'.'.join(map(str, path))}"

    return fold_condition(
        cond, ("when",), leaf,
        lambda parts: "(" + " & ".join(parts) + ")",
        lambda parts: "(" + " | ".join(parts) + ")",
        lambda inner: "!" + inner,
    )


def test_the_walker_hands_each_leaf_its_path_in_the_document() -> None:
    cond = m.Condition.model_validate(
        {"all": [{"top": 3}, {"any": [{"flag": "优"}, {"not": {"below": 60}}]}]}
    )
    assert _text(cond) == "(top@when.all.0 & (flag@when.all.1.any.0 | !below@when.all.1.any.1.not))"


def test_a_leaf_alone_is_the_leaf() -> None:
    assert _text(m.Condition.model_validate({"bottom": 2})) == "bottom@when"


def test_row_conditions_walk_the_same_way() -> None:
    cond = m.RowCondition.model_validate({"not": {"all": [{"flag": "甲"}, {"column": "乙", "equals": "x"}]}})
    seen: list[tuple[object, ...]] = []

    def leaf(c: m.RowCondition, path: tuple[object, ...]) -> Callable[[dict[str, object]], bool]:
        seen.append(path)
        name = c.flag or c.column or ""
        return lambda row: row.get(name) is True or row.get(name) == "x"

    predicate = compile_predicate(cond, (), leaf)
    assert seen == [("not", "all", 0), ("not", "all", 1)]
    assert predicate({"甲": True, "乙": "y"}) is True
    assert predicate({"甲": True, "乙": "x"}) is False


amounts = st.lists(
    st.tuples(st.sampled_from(["A", "B", None]), st.decimals(min_value=0, max_value=50, places=2)), max_size=12
)


@given(amounts, st.decimals(min_value=Decimal("0.01"), max_value=40, places=2))
def test_a_group_counts_at_most_its_cap_in_total_whatever_the_order(items: list[tuple[str | None, Decimal]], cap: Decimal) -> None:
    caps = GroupCaps({"A": cap})
    counted: dict[str, Decimal] = {}
    kept_by: dict[str | None, Decimal] = {}
    for group, amount in items:
        kept, cut = caps.take(group, amount, counted)
        assert kept + cut == amount and kept >= 0 and cut >= 0
        if group != "A":
            assert cut == 0
        kept_by[group] = kept_by.get(group, Decimal(0)) + kept
    for group in ("A", "B", None):
        written = sum((a for g, a in items if g == group), Decimal(0))
        assert kept_by.get(group, Decimal(0)) == (min(written, cap) if group == "A" else written)


def test_one_sum_per_group_is_cut_to_the_cap() -> None:
    caps = GroupCaps({"H8": Decimal(2)})
    assert caps.take("H8", Decimal(3), {}) == (Decimal(2), Decimal(1))
    assert caps.take("H8", Decimal("1.5"), {}) == (Decimal("1.5"), Decimal(0))
    assert caps.take(None, Decimal(9), {}) == (Decimal(9), Decimal(0))
