"""`cases` as sugar over `aggregate` (compile.cases: a row table of the items and the row steps): for
generated nodes (fixed, ranged and per-value amounts, a count column, a dated period, exemptions
with `unless`, modifiers before and after the highest, the highest only, group caps, a deduction
with or without a floor, a bonus capped or not) and case rows, every subject gets the value worked
out here row by row from the node (the oracle), every row is traced once, and the node's expansion
(`pingyi expand`) gives the same."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..rules_helpers import HEAD, subject_table
from .sugar_checks import assert_expansion_agrees

D = Decimal
TABLE = """    - id: 案例
      layout: cases
      subject: 对象
      columns:
        - {header: 对象, type: id}
        - {header: 日期, type: date}
        - {header: 事项, type: enum, choices: [A, B, C]}
        - {header: 级别, type: enum, choices: [省, 市], required: false}
        - {header: 金额, type: decimal, required: false}
        - {header: 人次, type: count}
        - {header: 严重, type: bool}
        - {header: 自查, type: bool}
        - {header: 逾期, type: bool}
        - {header: 事, type: enum, choices: [甲, 乙], required: false}
period: {start: 2024-01-01, end: 2024-12-31}
"""
FIXED = {"A": D(1), "B": D("2.5"), "C": D(3)}  # a fixed item's amount; a keyed item's 省 amount


@dataclass(frozen=True)
class _Node:
    effect: str
    points: D
    shapes: tuple[str, ...]  # per code A, B, C: fixed | range | keyed
    grouped: tuple[bool, ...]
    cap: D | None
    dated: bool
    counted: bool
    exempt: bool
    modifier: str | None  # None | early | late
    highest: bool
    floor: D | None
    capped: bool

    def yaml(self) -> str:
        items = []
        for code, shape, grouped in zip("ABC", self.shapes, self.grouped, strict=True):
            tail = ", group: g" if grouped else ""
            if shape == "fixed":
                items.append(f"{{code: {code}, name: 事项{code}, amount: {FIXED[code]}{tail}}}")
            elif shape == "range":
                items.append(f"{{code: {code}, name: 事项{code}, range: [0, 5]{tail}}}")
            else:
                items.append(f"{{code: {code}, name: 事项{code}, key: 级别, amounts: {{省: {FIXED[code]}, 市: [0, 5]}}{tail}}}")
        lines = ["  - id: 案例分", "    name: 案例分", "    kind: cases", "    table: 案例", "    code_column: 事项",
                 "    amount_column: 金额", f"    effect: {self.effect}", f"    points: {self.points}",
                 "    items: [" + ", ".join(items) + "]"]
        if self.dated:
            lines.append("    date: 日期")
        if self.counted:
            lines.append("    count: 人次")
        if self.cap is not None:
            lines.append(f"    caps: {{g: {self.cap}}}")
        if self.exempt:
            lines.append("    exemptions: [{when: {flag: 自查}, unless: {flag: 逾期}, codes: [A, B], reason: 自查整改, lost: 逾期报送}]")
        if self.modifier is not None:
            late = ", after_highest: true" if self.modifier == "late" else ""
            lines.append(f"    modifiers: [{{when: {{flag: 严重}}, multiply: 2, reason: 情节严重{late}}}]")
        if self.highest:
            lines.append("    highest_only: {matter: [事], reason: 就高}")
        if self.effect == "deduct":
            lines.append(f"    floor: {'null' if self.floor is None else self.floor}")
        else:
            lines.append(f"    capped: {'true' if self.capped else 'false'}")
        return "\n" + subject_table() + TABLE + f"points: {self.points}\ncomponents:\n" + "\n".join(lines) + "\n"


_Row = tuple[str, str, str, str, str, int, bool, bool, bool, str]  # unit, day, code, level, amount, 人次, 严重, 自查, 逾期, 事


@st.composite
def _drawn(draw: Any) -> tuple[_Node, list[_Row]]:
    shapes = tuple(draw(st.sampled_from(["fixed", "range", "keyed"])) for _ in "ABC")
    grouped = tuple(draw(st.booleans()) for _ in "ABC")
    effect = draw(st.sampled_from(["deduct", "add"]))
    highest = draw(st.booleans())
    modifier = draw(st.sampled_from([None, "early", "late" if highest else "early"]))
    node = _Node(
        effect, D(draw(st.sampled_from([10, 20]))), shapes, grouped,
        D(draw(st.sampled_from([2, 4]))) if any(grouped) else None,
        draw(st.booleans()), draw(st.booleans()), draw(st.booleans()), modifier, highest,
        draw(st.sampled_from([D(0), None])), draw(st.booleans()),
    )
    rows = []
    for _ in range(draw(st.integers(0, 9))):
        code = draw(st.sampled_from("ABC"))
        level = draw(st.sampled_from(["省", "市"]))
        shape = shapes["ABC".index(code)]
        written = shape == "range" or (shape == "keyed" and level == "市")
        amount = draw(st.sampled_from(["0.5", "2", "4.5"])) if written else ""
        rows.append((draw(st.sampled_from(["U1", "U2"])), draw(st.sampled_from(["2024-03-01", "2023-12-31", "2024-12-31"])),
                     code, level, amount, draw(st.integers(0, 3)), draw(st.booleans()), draw(st.booleans()),
                     draw(st.booleans()), draw(st.sampled_from(["甲", "乙", ""]))))
    return node, rows


def _oracle(node: _Node, rows: list[_Row], unit: str) -> D:
    """The node's value for one subject, row by row as docs/kinds/cases.md says."""
    live: list[list[Any]] = []  # [amount, row, superseded]
    for row in (r for r in rows if r[0] == unit):
        _, day, code, level, amount, times, grave, own, late, _ = row
        if node.dated and day.startswith("2023"):
            continue
        shape = node.shapes["ABC".index(code)]
        value = D(amount) if shape == "range" or (shape == "keyed" and level == "市") else FIXED[code]
        if node.counted:
            value *= times
        if node.exempt and code in "AB" and own and not late:
            continue
        if node.modifier == "early" and grave:
            value *= 2
        live.append([value, row, False])
    if node.highest:
        best: dict[str, list[Any]] = {}
        for entry in live:
            key = entry[1][9]
            if not key:
                continue
            if key not in best or entry[0] > best[key][0]:
                if key in best:
                    best[key][2] = True
                best[key] = entry
            else:
                entry[2] = True
    total, in_group = D(0), D(0)
    for value, row, superseded in live:
        if superseded:
            continue
        if node.modifier == "late" and row[6]:
            value *= 2
        if node.cap is not None and node.grouped["ABC".index(row[2])]:
            value = min(value, max(node.cap - in_group, D(0)))
            in_group += value
        if node.effect == "add" and node.capped:
            value = min(value, node.points - total)
        total += value
    if node.effect == "add":
        return total
    left = node.points - total
    return left if node.floor is None else max(node.floor, left)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(_drawn())
def test_a_cases_node_scores_as_worked_out_here_and_as_its_expansion(drawn: tuple[_Node, list[_Row]]) -> None:
    node, rows = drawn
    written = ["对象,日期,事项,级别,金额,人次,严重,自查,逾期,事"]
    written += [",".join([u, day, c, lv, a, str(n), *("是" if f else "否" for f in flags), key])
                for u, day, c, lv, a, n, *flags, key in rows]
    tables = {"units": "编码,名称\nU1,甲\nU2,乙", "案例": "\n".join(written)}
    with tempfile.TemporaryDirectory() as folder:
        result = assert_expansion_agrees(HEAD + node.yaml(), tables, Path(folder) / "case")
    for unit in ("U1", "U2"):
        component = result.subject(unit).component("案例分")
        assert component.points == _oracle(node, rows, unit), unit
        assert len(component.trace.rows) == sum(1 for r in rows if r[0] == unit)
