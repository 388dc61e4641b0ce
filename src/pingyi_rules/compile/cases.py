"""A `cases` node written in core constructs: the `cases` kind is compiled as this expansion.

A `cases` node is one `aggregate` `function: sum` over its table, with the row steps in the order
the kind takes them:

- `in_period: <date>` — a row dated outside the statistical period is excluded;
- `per_row` — a row table (`hit: unique`, `empty: error`): per item a row `{when: {column: <code
  column>, equals: <code>}, value: <amount>, label: <name>, group: <group>}`; an item whose amount
  is on the row has `value: <amount column>`; an item with per-value amounts has one row per value,
  `when: {all: [<code>, {column: <key>, equals: <value>}]}`, `label: <name>·<value>`; without a code
  column the one item's row has no `when`;
- `multipliers` — the count column first (`{multiply: <count>}`: × the row's 人次), then each modifier
  `{multiply, when, reason, after_highest}`, its `codes` written into `when`;
- `exempt` — each exemption `{when, unless, reason, lost}`, its `codes` written into `when`;
- `keep_highest` — `highest_only` as `{matter: <matter>, when: <codes>, reason}`;
- `caps` as written; a deduction `base: <base>`, `floor` as written; a bonus `above_points: cap`
  (`capped`, with points) or `keep` (`capped: false`); `empty: 0` (no case: nothing deducted or added);
- `checks` — what the kind checks of an amount written on the row: an item's (or a per-value
  entry's) `[low, high]` range `{name: "<code> <name>：<amount column> 在 <low>–<high> 内", where:
  <the item's rows>, when: {column: <amount column>, between: [low, high]}}`, and a fixed amount
  that the row may repeat but not contradict `{name: "<code> <name>：<amount column> 为空或为 <amount>",
  where: …, when: {any: [{blank: <amount column>}, {column: <amount column>, between: [<amount>, <amount>]}]}}`.

`expand_cases` is pure: the node and the names of its columns as the table declares them in, YAML
data out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.numbers import plain
from ..source.strict_yaml import PathKey
from .rating import base_document


def _code(column: str | None, codes: list[str] | None) -> dict[str, Any] | None:
    """The condition that limits a rule to some items (None: every item)."""
    if codes is None or column is None:
        return None
    return {"column": column, "equals": codes[0]} if len(codes) == 1 else {"column": column, "in": list(codes)}


def _written(cond: Any) -> Any:
    """A rule's own condition as the node writes it (the keys given), for the expansion."""
    return cond.model_dump(by_alias=True, exclude_unset=True) if hasattr(cond, "model_dump") else cond


def _entries(node: Any, item: Any) -> list[tuple[str, Any, dict[str, Any] | None]]:
    """An item's entries: (label, its amount — a number, a [low, high] range or None for the amount on
    the row — and the condition that picks its rows); one per value of `key` for per-value amounts."""
    chosen = {"column": node.code_column, "equals": item.code} if node.code_column is not None else None
    if item.amounts is None or item.key is None:
        return [(item.name, item.amount if item.amount is not None else item.range, chosen)]
    entries: list[tuple[str, Any, dict[str, Any] | None]] = []
    for key, entry in item.amounts.items():
        keyed = {"column": item.key, "equals": key}
        entries.append((f"{item.name}·{key}", entry, keyed if chosen is None else {"all": [chosen, keyed]}))
    return entries


def table_rows(node: Any) -> list[dict[str, Any]]:
    """The row table of the node's items: what each row is worth, its label and its cap group."""
    rows: list[dict[str, Any]] = []
    for item in node.items:
        per_value = item.amounts is not None and item.key is not None
        for label, entry, when in _entries(node, item):
            fixed = item.amount if not per_value else None if isinstance(entry, list) else entry
            row: dict[str, Any] = {"value": node.amount_column if fixed is None else fixed, "label": item.name}
            if per_value:
                row["value_label"] = label
            if when is not None:
                row = {"when": when, **row}
            if item.group is not None and item.group in node.caps:  # a group without a cap: refused by the node
                row["group"] = item.group
            rows.append(row)
    return rows


def amount_checks(node: Any) -> list[dict[str, Any]]:
    """What an amount written on the row must be: within its item's range; blank or the fixed amount."""
    column = node.amount_column
    if column is None:
        return []
    checks: list[dict[str, Any]] = []
    for item in node.items:
        for label, entry, where in _entries(node, item):
            if entry is None:
                continue
            if isinstance(entry, list):
                check = {"name": f"{item.code} {label}：{column} 在 {plain(entry[0])}–{plain(entry[1])} 内",
                         "when": {"column": column, "between": list(entry)}}
            else:
                check = {"name": f"{item.code} {label}：{column} 为空或为 {plain(entry)}",
                         "when": {"any": [{"blank": column}, {"column": column, "between": [entry, entry]}]}}
            checks.append(check if where is None else {"name": check["name"], "where": where, "when": check["when"]})
    return checks


@dataclass
class CasesExpansion:
    """The node as YAML data, and where its keys are written in the node: `written_at` (a prefix of the
    expansion → the node's key) and `kept` (a prefix whose rest of the path is the node's, as written)."""

    document: dict[str, Any]
    written_at: dict[PathKey, PathKey] = field(default_factory=dict)
    kept: dict[PathKey, PathKey] = field(default_factory=dict)


def expand_cases(node: Any, base: Decimal | None) -> CasesExpansion:
    """The node as an `aggregate` (`base`: a deduction's base, as the kind takes it; None for a bonus).
    What the node's own checks refuse as changing nothing (`multiply: 1`, `after_highest` without
    `highest_only`, `lost` without `unless`) is left out, so that it is said once, at the node's key."""
    document = base_document(node, "aggregate")
    document.update({"table": node.table, "function": "sum"})
    made = CasesExpansion(document, dict(_WRITTEN_AT))
    if node.date is not None:
        document["in_period"] = node.date
    document["per_row"] = {"hit": "unique", "rows": table_rows(node)}
    multiply: list[dict[str, Any]] = []
    if node.count is not None:
        made.written_at[("multipliers", 0)] = ("count",)
        multiply.append({"multiply": node.count})
    for i, modifier in enumerate(node.modifiers):
        if modifier.multiply == 1:
            continue
        at = ("multipliers", len(multiply))
        rule: dict[str, Any] = {"multiply": modifier.multiply, "when": _written(modifier.when), "reason": modifier.reason}
        limit = _code(node.code_column, modifier.codes)
        if limit is not None:
            rule["where"] = limit
            made.written_at[(*at, "where")] = ("modifiers", i, "codes")
        if modifier.after_highest and node.highest_only is not None:
            rule["after_highest"] = True
        made.written_at[(*at, "multiply")] = ("modifiers", i, "multiply")
        made.kept[at] = ("modifiers", i)
        multiply.append(rule)
    if multiply:
        document["multipliers"] = multiply
    checks = amount_checks(node)
    if checks:
        document["checks"] = checks
    exempt = []
    for i, exemption in enumerate(node.exemptions):
        rule = {"when": _written(exemption.when), "reason": exemption.reason}
        limit = _code(node.code_column, exemption.codes)
        if limit is not None:
            rule["where"] = limit
            made.written_at[("exempt", i, "where")] = ("exemptions", i, "codes")
        if exemption.unless is not None:
            rule["unless"] = _written(exemption.unless)
            if exemption.lost is not None:
                rule["lost"] = exemption.lost
        made.kept[("exempt", i)] = ("exemptions", i)
        exempt.append(rule)
    if exempt:
        document["exempt"] = exempt
    if node.highest_only is not None:
        highest: dict[str, Any] = {"matter": list(node.highest_only.matter), "reason": node.highest_only.reason}
        limit = _code(node.code_column, node.highest_only.codes)
        if limit is not None:
            highest["when"] = limit
        document["keep_highest"] = highest
        made.kept[("keep_highest", "matter")] = ("highest_only", "matter")
        made.written_at[("keep_highest", "when")] = ("highest_only", "codes")
    if node.caps:
        document["caps"] = dict(node.caps)
    if base is not None:
        document["base"] = base
        document["floor"] = node.floor
    elif node.points is not None:
        document["above_points"] = "cap" if node.capped else "keep"
    document["empty"] = Decimal(0)
    return made


# where the expansion's keys are written in the node (the longest prefix decides)
_WRITTEN_AT: dict[PathKey, PathKey] = {
    ("table",): ("table",), ("in_period",): ("date",), ("per_row",): ("items",), ("checks",): ("items",),
    ("multipliers",): ("modifiers",), ("exempt",): ("exemptions",), ("keep_highest",): ("highest_only",), ("caps",): ("caps",),
    ("base",): ("base",), ("floor",): ("floor",), ("above_points",): ("capped",),
}
