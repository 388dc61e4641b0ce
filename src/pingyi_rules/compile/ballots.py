"""A `ballots` node written in core constructs (the expansion; the kind itself still scores).

Quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个, 须评遍全部对象) are two core constructs:

- the ballot table's **void rules**: the table's `form` is the ballot column, and a ballot of the
  node's voter types is void unless it gives each grade exactly its quota, no grade outside the
  quotas, and (`complete`) exactly one row per subject (`{each_subject: once}`);
- an **aggregate** `ratio` over the subject's rows of those voter types (`traced: selected`: the
  rows of other voter types are another node's): Σ (grade value × points) / Σ top — the mean grade
  value of the valid votes, scaled to the points.

`expand_ballots` is pure: the node, its scale's grade values and its top value in, YAML data out.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .rating import base_document, number


def quota_condition(grade: str, quotas: Mapping[str, int], complete: bool) -> dict[str, Any]:
    """A form condition that holds when a ballot is on quota (and, when complete, rates every subject once)."""
    parts: list[dict[str, Any]] = []
    for name, want in quotas.items():
        rows = {"column": grade, "equals": name}
        parts.append({"rows": rows, "at_least": want})
        parts.append({"rows": rows, "at_most": want})
    parts.append({"rows": {"not": {"column": grade, "in": list(quotas)}}, "at_most": 0})
    if complete:
        parts.append({"each_subject": "once"})
    return {"all": parts}


def void_rule(node: Any) -> dict[str, Any]:
    """The table's void rule for the node's ballots: one of its voter types, off quota."""
    quotas = dict(node.quotas)
    return {
        "form": {"all": [
            {"rows": {"column": node.voter, "in": list(node.voters)}, "at_least": 1},
            {"not": quota_condition(node.grade, quotas, node.complete)},
        ]},
        "reason": f"{'、'.join(node.voters)}: 未按名额评定等次",
    }


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
    table = {"form": node.ballot, "void": [void_rule(node)]}
    document = base_document(node, "aggregate")
    document.update({
        "table": node.table,
        "function": "ratio",
        "where": {"column": node.voter, "in": list(node.voters)},
        "of": grade_value(node.grade, grades, node.points),
        "over": number(top),
        "traced": "selected",
    })
    return table, document
