"""A `ballots` node written in core constructs (the expansion; the kind itself still scores).

Quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个, 须评遍全部对象) are two core constructs:

- the ballot table's **void rules**: the table's `form` is the ballot column, and for each of the
  node's voter types a rule holds its ballots to the quotas (`must_meet`): each grade of the scale
  exactly its quota (0 outside the quotas) and, when `complete`, every subject rated once
  (`each_subject: at_most_once`, `at_least_once`); the reason lists what the ballot got wrong
  (`{failed}`: 优秀 3 个（应为 2 个）；良好 0 个（应为 1 个）), after its voter type;
- an **aggregate** `ratio` over the subject's rows of those voter types (`traced: selected`: the
  rows of other voter types are another node's): Σ (grade value × points) / Σ top — the mean grade
  value of the valid votes, scaled to the points.

`expand_ballots` is pure: the node, its scale's grade values and its top value in, YAML data out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .rating import base_document, number


def quota_requirements(grade: str, grades: Sequence[str], quotas: Mapping[str, int], complete: bool) -> list[dict[str, Any]]:
    """What a ballot must meet, each saying what it found when it does not: each grade of the scale
    its quota (0 for a grade outside the quotas), and (complete) every subject rated once."""
    listed = [*quotas, *(g for g in grades if g not in quotas)]
    requirements: list[dict[str, Any]] = []
    for name in listed:
        want = quotas.get(name, 0)
        requirements.append({"count_rows": {"column": grade, "equals": name}, "exactly": want,
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


def grade_value(grade: str, grades: Mapping[str, Decimal], points: Decimal) -> str:
    """Each row's grade value × points, as an expression over the grade column."""
    items = list(grades.items())
    text = f"{number(items[-1][1] * points)}"
    for name, value in reversed(items[:-1]):
        text = f"{number(value * points)} if {grade} == {_quoted(name)} else ({text})"
    return text


def _quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def expand_ballots(node: Any, grades: Mapping[str, Decimal], top: Decimal) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what the ballot table gains: its `form` and a `void` rule; the node as an `aggregate`)."""
    table = {"form": node.ballot, "void": void_rules(node, list(grades))}
    document = base_document(node, "aggregate")
    document.update({
        "table": node.table,
        "function": "ratio",
        "where": {"column": node.voter, "in": list(node.voters)},
        "per_row": grade_value(node.column, grades, node.points),
        "over": number(top),
        "traced": "selected",
    })
    return table, document
