"""`pingyi diff A B [FACTS]`: which rules differ between two rulesets, and whose results move.

Rules are compared on the rulesets' data after `extends` is resolved, element
by element: list elements are matched by their `id` / `code` / `name` (the same
paths `overrides` uses, so a line of the diff can be pasted into an override).
Given facts, both rulesets score them and every subject whose total, rank,
tiers or values change is listed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.numbers import fixed_or, plain
from ..core.safe_text import visible
from ..loading import load_with_document
from ..results.result import SubjectResult
from ..scoring.evaluate import score
from ..source.extends import SELECTORS
from .output import unit_values

_MISSING = object()


@dataclass(frozen=True)
class RuleChange:
    """One value that differs: its path, and the value in A and in B (absent when missing)."""

    path: str
    before: Any
    after: Any


@dataclass(frozen=True)
class SubjectChange:
    """What moved for one subject: (what, before, after) for total, rank, tiers and each value."""

    id: str
    name: str
    changes: tuple[tuple[str, str, str], ...]


@dataclass
class RulesetDiff:
    a: str
    b: str
    rules: list[RuleChange]
    facts: str | None = None
    subjects: list[SubjectChange] = field(default_factory=list)


def diff_rulesets(a: str | Path, b: str | Path, facts: str | Path | None = None) -> RulesetDiff:
    """Compare two ruleset files (and, given facts, their results)."""
    (ruleset_a, document_a), (ruleset_b, document_b) = load_with_document(a), load_with_document(b)  # both valid
    rules = diff_data(document_a.data, document_b.data)
    result = RulesetDiff(str(a), str(b), rules, None if facts is None else str(facts))
    if facts is not None:
        before, after = score(ruleset_a, facts), score(ruleset_b, facts)
        result.subjects = _moved(before.subjects, after.subjects, (before.places, before.rounding), (after.places, after.rounding))
    return result


def diff_data(a: Any, b: Any, path: str = "") -> list[RuleChange]:
    """Every leaf that differs between two data trees, lists matched by id/code/name."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[RuleChange] = []
        for key in [*a, *(k for k in b if k not in a)]:
            out.extend(diff_data(a.get(key, _MISSING), b.get(key, _MISSING), _join(path, str(key))))
        return out
    if isinstance(a, list) and isinstance(b, list):
        selector = _selector(a, b)
        if selector is not None:
            left = {str(e[selector]): e for e in a}
            right = {str(e[selector]): e for e in b}
            out = []
            for key in [*left, *(k for k in right if k not in left)]:
                out.extend(diff_data(left.get(key, _MISSING), right.get(key, _MISSING), _join(path, key)))
            return out
        if len(a) == len(b):
            out = []
            for index, (x, y) in enumerate(zip(a, b, strict=True)):
                out.extend(diff_data(x, y, _join(path, str(index))))
            return out
    if _same(a, b):
        return []
    return [RuleChange(path, a, b)]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, Decimal)) and isinstance(b, (int, Decimal)) and not isinstance(a, bool) and not isinstance(b, bool):
        return Decimal(a) == Decimal(b)
    return bool(type(a) is type(b) and a == b)


def _selector(a: list[Any], b: list[Any]) -> str | None:
    """The key every element of both lists has, unique within each list (id, then code, then name)."""
    items = [*a, *b]
    if not items or not all(isinstance(e, dict) for e in items):
        return None
    for key in SELECTORS:
        present = all(key in e for e in items)
        if present and len({str(e[key]) for e in a}) == len(a) and len({str(e[key]) for e in b}) == len(b):
            return key
    return None


def _join(path: str, part: str) -> str:
    return f"{path}.{part}" if path else part


def _moved(
    before: list[SubjectResult], after: list[SubjectResult], digits_a: tuple[int, str], digits_b: tuple[int, str]
) -> list[SubjectChange]:
    old = {s.id: s for s in before}
    new = {s.id: s for s in after}
    out: list[SubjectChange] = []
    for subject_id in [*old, *(k for k in new if k not in old)]:
        x, y = old.get(subject_id), new.get(subject_id)
        if x is None or y is None:
            present = x or y
            assert present is not None
            where = "B" if x is None else "A"
            out.append(SubjectChange(subject_id, present.name, (("subject", f"only in {where}", ""),)))
            continue
        changes: list[tuple[str, str, str]] = []
        pairs = [
            ("total", fixed_or(x.total, *digits_a, "null"), fixed_or(y.total, *digits_b, "null")),
            ("rank", _text(x.rank), _text(y.rank)),
            ("tiers", "、".join(x.tiers) or "—", "、".join(y.tiers) or "—"),
        ]
        xv, yv = unit_values(x, *digits_a), unit_values(y, *digits_b)  # named values, then consequence values
        for name in [*xv, *(k for k in yv if k not in xv)]:
            pairs.append((name, _text(xv.get(name)), _text(yv.get(name))))
        for what, p, q in pairs:
            if p != q:
                changes.append((what, p, q))
        if changes:
            out.append(SubjectChange(subject_id, x.name, tuple(changes)))
    return out


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return plain(value)
    return str(value)


def show_value(value: Any) -> str:
    """A rule value on one line (absent values shown as '(absent)')."""
    if value is _MISSING:
        return "(absent)"
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=lambda v: plain(v) if isinstance(v, Decimal) else str(v))
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render_diff(diff: RulesetDiff) -> str:
    """The diff as text: changed rules, then (with facts) the subjects whose results move."""
    lines = [f"--- {diff.a}", f"+++ {diff.b}", f"rules that differ ({len(diff.rules)}):"]
    for change in diff.rules:
        lines.append(f"  {change.path}: {show_value(change.before)} → {show_value(change.after)}")
    if not diff.rules:
        lines.append("  (none)")
    if diff.facts is not None:
        lines.append(f"subjects whose results change on {diff.facts} ({len(diff.subjects)}):")
        for subject in diff.subjects:
            moves = "; ".join(f"{what} {p} → {q}".rstrip(" →") for what, p, q in subject.changes)
            lines.append(f"  {subject.id} {subject.name}: {moves}")
        if not diff.subjects:
            lines.append("  (none)")
    return "\n".join(map(visible, lines)) + "\n"  # hidden characters shown escaped: one line per change
