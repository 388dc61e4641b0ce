"""A `ballots` node written in core constructs (its expansion).

Quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个, 须评遍全部对象) are two core constructs:

- the ballot table's **rules**: the table's `form` is the ballot column; error rules (`error:
  true`) stop the run at a row whose voter type no ballots node counts, at a ballot of two voter
  types, and at a grade off the node's scale (a `text` grade column, or a blank in a grade column
  that may be blank); then for each of the node's
  voter types a void rule holds its ballots to the quotas (`must_meet`): each grade of the scale
  exactly its quota (0 outside the quotas) and, when `complete`, every subject rated once
  (`each_subject: at_most_once`, `at_least_once`); the reason lists what the ballot got wrong
  (`{failed}`: 优秀 3 个（应为 2 个）；良好 0 个（应为 1 个）), after its voter type;
- an **aggregate** `mean` over the subject's rows of those voter types (`traced: selected`: the
  rows of other voter types are another node's) of each row's grade value scaled to the points
  (grade value × points / top), each counted row described as `票号 投票人 等次` and each void row
  of those voter types listed with what its ballot got wrong (`void_detail` with `{failed}`).

The functions here are pure: the node, its scale's grade values and its top value in, YAML data out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, Inexact, localcontext
from typing import Any

from .rating import base_document, number


def quota_requirements(grade: str, grades: Sequence[str], quotas: Mapping[str, int], complete: bool) -> list[dict[str, Any]]:
    """What a ballot must meet, each saying what it found when it does not: each grade of the scale
    its quota (0 for a grade outside the quotas), and (complete) every subject rated once."""
    listed = [*quotas, *(g for g in grades if g not in quotas)]
    requirements: list[dict[str, Any]] = []
    for name in listed:
        want = quotas.get(name, 0)
        requirements.append({"count_rows": {"column": grade, "equals": name}, "equals": want,
                             "says": f"{name} {{count}} 个（应为 {want} 个）"})
    if complete:
        requirements.append({"each_subject": "at_most_once", "says": "重复评 {repeated}"})
        requirements.append({"each_subject": "at_least_once", "says": "未评 {missing}"})
    return requirements


def void_rules(node: Any, grades: Sequence[str]) -> list[dict[str, Any]]:
    """The table's void rules for the node's ballots: one per voter type, off quota."""
    requirements = quota_requirements(node.column, grades, dict(node.quotas), node.complete)
    return [
        {"form_when": {"count_rows": {"column": node.voter, "equals": voter}, "at_least": 1},
         "must_meet": requirements, "reason": f"{voter}: {{failed}}"}
        for voter in node.voters
    ]


def voter_rules(voter: str, claimed: Sequence[str], values: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The error rules of a ballot table for its voter column: a voter type no node counts, or a
    blank (at the cell; none when the column's `values`, the choices of an enum that may not be
    blank, are all counted), and a ballot whose rows name two voter types (at its first row, saying how many rows
    differ from the first voter type, in `claimed` order, that it has)."""
    rules: list[dict[str, Any]] = []
    if values is None or not set(values) <= set(claimed):  # (an enum column whose every value is counted needs none)
        rules.append({
            "when": {"not": {"column": voter, "in": list(claimed)}}, "error": True, "at": voter,
            "reason": f"投票人类别不由任何 ballots 评分项计票（{'、'.join(claimed)}）",
        })
    for name in claimed if len(claimed) > 1 else ():
        rules.append({
            "form_when": {"count_rows": {"column": voter, "equals": name}, "at_least": 1}, "error": True,
            "must_meet": [{"count_rows": {"not": {"column": voter, "equals": name}}, "equals": 0,
                           "says": f"有 {name} 的行，另有 {{count}} 行是别的投票人类别"}],
            "reason": "一张选票的各行须为同一投票人类别：{failed}",
        })
    return rules


def grade_rule(node: Any, scale: str, grades: Sequence[str]) -> dict[str, Any]:
    """The error rule for a grade off the node's scale, on a row of its voter types (at the cell)."""
    return {
        "when": {"all": [{"column": node.voter, "in": list(node.voters)}, {"not": {"column": node.column, "in": list(grades)}}]},
        "error": True, "at": node.column, "reason": f"等次不在分值表 {scale} 中（{' / '.join(grades)}）",
    }


def grade_value(grade: str, grades: Mapping[str, Decimal], points: Decimal, top: Decimal) -> str:
    """Each row's grade value × points / top, as an expression over the grade column (each grade's
    value written as one exact number when it has one, else as the division)."""
    items = list(grades.items())
    text = _scaled(items[-1][1], points, top)
    for name, value in reversed(items[:-1]):
        text = f"{_scaled(value, points, top)} if {grade} == {_quoted(name)} else ({text})"
    return text


def _scaled(value: Decimal, points: Decimal, top: Decimal) -> str:
    if points == top:
        return number(value)
    with localcontext() as exact:
        exact.traps[Inexact] = True
        try:
            return number(value * points / top)
        except Inexact:
            return f"({number(value)} * {number(points)} / {number(top)})"


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _placeholder(column: str) -> str:
    return "{" + column + "}"


def expand_ballots(node: Any, grades: Mapping[str, Decimal], top: Decimal) -> dict[str, Any]:
    """The node as an `aggregate` (its table's rules are `void_rules`, `voter_rules` and `grade_rule`)."""
    document = base_document(node, "aggregate")
    ballot, voter, grade = (_placeholder(c) for c in (node.ballot, node.voter, node.column))
    document.update({
        "table": node.table,
        "function": "mean",
        "where": {"column": node.voter, "in": list(node.voters)},
        "per_row": grade_value(node.column, grades, node.points, top),
        "traced": "selected",
        "detail": f"{ballot} {voter} {grade}",
        "void_detail": f"{ballot} {grade}：作废票（{{failed}}）",
    })
    return document
