"""`deduction` as sugar over `expression`: for generated items (counted with an amount, a column of
points, a ranged sum over a count of cases), groups with caps, bases and floors, the node gives each
subject the base minus its items, each group at most its cap, raised to the floor (the oracle: worked
out here from the generated numbers), and its expansion (`pingyi expand`) gives the same; the trace
is worded as the deduction words it; a ranged sum outside its count of cases × its range is an error
at its cell."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, load_ruleset, score

from ..rules_helpers import HEAD, subject_table, write_tables
from .sugar_checks import assert_expansion_agrees

GROUPS = ["甲", "乙"]


@dataclass(frozen=True)
class _Item:
    index: int
    amount: Decimal | None  # None: the column holds the points (or, ranged, their sum)
    group: str | None
    ranged: tuple[Decimal, Decimal] | None

    @property
    def column(self) -> str:
        return f"扣{self.index}"

    @property
    def name(self) -> str:
        return f"事项{self.index}"


def _money(draw: st.DrawFn, low: int, high: int) -> Decimal:
    return Decimal(draw(st.integers(low, high))) / 10


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[_Item], dict[str, Decimal], Decimal, Decimal | None, list[list[tuple[Decimal, int]]]]:
    items = []
    for index in range(draw(st.integers(1, 4))):
        form = draw(st.sampled_from(["amount", "points", "ranged"]))
        group = draw(st.sampled_from([None, *GROUPS]))
        amount = _money(draw, 1, 30) if form == "amount" else None
        ranged = None
        if form == "ranged":
            low = _money(draw, 0, 10)
            ranged = (low, low + _money(draw, 0, 10))
        items.append(_Item(index, amount, group, ranged))
    caps = {group: _money(draw, 1, 60) for group in GROUPS if any(item.group == group for item in items)}
    base = _money(draw, 0, 200)
    floor = draw(st.sampled_from([Decimal(0), None, -base - 5]))
    if floor is not None and floor >= base:
        floor = None
    subjects = []
    for _ in range(draw(st.integers(1, 4))):
        row = []
        for item in items:
            cases = draw(st.integers(0, 5))
            if item.ranged is not None:  # a sum within cases × [low, high]
                low, high = item.ranged[0] * cases, item.ranged[1] * cases
                value = low + (high - low) * Decimal(draw(st.integers(0, 4))) / 4
            elif item.amount is not None:
                value = Decimal(draw(st.integers(0, 8)))
            else:
                value = _money(draw, 0, 80)
            row.append((value, cases))
        subjects.append(row)
    return items, caps, base, floor, subjects


def _ruleset(items: list[_Item], caps: dict[str, Decimal], base: Decimal, floor: Decimal | None) -> str:
    columns = []
    lines = []
    for item in items:
        columns.append(f"{{header: {item.column}, type: count}}" if item.amount is not None else
                       f"{{header: {item.column}, type: decimal, min: 0}}")
        keys = [f"id: I{item.index}", f"name: {item.name}", f"column: {item.column}"]
        if item.amount is not None:
            keys.append(f"amount: {item.amount}")
        if item.ranged is not None:
            columns.append(f"{{header: {item.column}件数, type: count}}")
            keys += [f"count: {item.column}件数", f"range: [{item.ranged[0]}, {item.ranged[1]}]"]
        if item.group is not None:
            keys.append(f"group: {item.group}")
        lines.append("      - {" + ", ".join(keys) + "}")
    capped = "    caps: {" + ", ".join(f"{g}: {c}" for g, c in caps.items()) + "}\n" if caps else ""
    return HEAD + subject_table(*columns) + f"""points: {base}
components:
  - id: 扣分项
    name: 倒扣
    kind: deduction
    points: {base}
    floor: {"null" if floor is None else floor}
    clause: 第二条
    items:
""" + "\n".join(lines) + "\n" + capped


def _plain(value: Decimal) -> str:
    return "0" if value == 0 else format(value.normalize(), "f")


def _oracle(items: list[_Item], caps: dict[str, Decimal], base: Decimal, floor: Decimal | None,
            row: list[tuple[Decimal, int]]) -> tuple[Decimal, str, tuple[str, ...]]:
    """The points, the formula and the notes of one subject, worked out from the generated numbers."""
    sums: dict[str | None, Decimal] = {}
    terms = []
    for item, (value, _) in zip(items, row, strict=True):
        sums[item.group] = sums.get(item.group, Decimal(0)) + (value if item.amount is None else value * item.amount)
        if value:
            terms.append(f"{item.name} {_plain(value)}" + (f"×{_plain(item.amount)}" if item.amount is not None else ""))
    notes = []
    taken = Decimal(0)
    for group, amount in sums.items():
        kept = amount if group is None else min(amount, caps[group])
        if kept != amount:
            notes.append(f"{group} 限扣 {_plain(kept)}: {_plain(amount)} → {_plain(kept)}")
        taken += kept
    raw = base - taken
    value = raw if floor is None or raw >= floor else floor
    formula = f"{_plain(base)} − ({' + '.join(terms) or '0'}) = {_plain(raw)}"
    if value != raw:
        formula += f" → {_plain(value)}"
        notes.append(f"扣完为止: {_plain(raw)} → {_plain(value)}")
    return value, formula, tuple(notes)


def _csv(items: list[_Item], subjects: list[list[tuple[Decimal, int]]]) -> str:
    header = ["编码", "名称"]
    for item in items:
        header += [item.column] + ([f"{item.column}件数"] if item.ranged is not None else [])
    lines = [",".join(header)]
    for i, row in enumerate(subjects):
        cells = [f"U{i}", f"单位{i}"]
        for item, (value, cases) in zip(items, row, strict=True):
            cells += [str(value)] + ([str(cases)] if item.ranged is not None else [])
        lines.append(",".join(cells))
    return "\n".join(lines)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_deduction_takes_the_capped_items_from_the_base_and_its_expansion_agrees(
    case: tuple[list[_Item], dict[str, Decimal], Decimal, Decimal | None, list[list[tuple[Decimal, int]]]],
) -> None:
    items, caps, base, floor, subjects = case
    with tempfile.TemporaryDirectory() as tmp:
        result = assert_expansion_agrees(_ruleset(items, caps, base, floor), {"units": _csv(items, subjects)}, Path(tmp))
    for i, row in enumerate(subjects):
        got = result.subject(f"U{i}").component("扣分项")
        value, formula, notes = _oracle(items, caps, base, floor, row)
        assert got.points == value
        trace = got.trace
        assert (trace.formula, trace.notes) == (formula, notes)
        assert [name for name, _ in trace.inputs] == [item.column for item in items] + [
            f"{item.column}件数" for item in items if item.ranged is not None]
        assert (trace.kind, trace.name, trace.clause) == ("deduction", "倒扣", "第二条")


def test_a_ranged_sum_outside_its_cases_is_an_error_at_its_cell(tmp_path: Path) -> None:
    items = [_Item(0, None, None, (Decimal("0.3"), Decimal("0.5")))]
    text = _ruleset(items, {}, Decimal(10), Decimal(0))
    facts = write_tables(tmp_path / "facts", {"units": "编码,名称,扣0,扣0件数\nU1,甲,0.6,2\nU2,乙,1.2,2"})
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset("t.yaml", text=text), facts)
    error = caught.value
    assert error.code == "EV027"
    assert (error.location.row, error.location.field) == (3, "扣0")
    assert error.message == "U2 乙: 扣分项: the check '事项0：扣0 在 扣0件数 × 0.3–0.5 内' does not hold (扣0 = 1.2, 扣0件数 = 2)"


def test_a_negative_amount_in_a_decimal_column_is_an_error_at_its_cell(tmp_path: Path) -> None:
    items = [_Item(0, None, None, None)]
    text = _ruleset(items, {}, Decimal(10), Decimal(0)).replace("{header: 扣0, type: decimal, min: 0}", "{header: 扣0, type: decimal}")
    facts = write_tables(tmp_path / "facts", {"units": "编码,名称,扣0\nU1,甲,2\nU2,乙,-5"})
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset("t.yaml", text=text), facts)
    error = caught.value
    assert error.code == "EV027"
    assert (error.location.row, error.location.field) == (3, "扣0")
    assert error.message == "U2 乙: 扣分项: the check '扣0不为负数' does not hold (扣0 = -5)"
