"""Named values (`values:`) count toward nothing: for every shipped ruleset, over random facts,
adding a list of values changes no total, rank, tier, component point or note, and every value
is published for every subject."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import CompiledRuleset, PingyiError, load_ruleset, score
from pingyi_rules.render.output import to_json
from pingyi_rules.results.result import Result
from pingyi_rules.testing.strategies import facts

from ..factgen import COMPILED, RULESETS, write

NAMES = [name for name, _, _ in RULESETS]
# derandomized: the share that reaches scoring is asserted, so it must not depend on the draw of the day
PROPERTY = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _numeric_fields(ruleset: CompiledRuleset) -> list[str]:
    """The subject's number fields, by the names the expressions use."""
    return sorted(name for name, spec in ruleset.fields.items() if spec.type in ("count", "decimal"))


@st.composite
def value_lists(draw: st.DrawFn, ruleset: CompiledRuleset) -> list[dict[str, Any]]:
    """A few named values: inputs of number fields (any sign), expressions over literals and earlier values."""
    fields = _numeric_fields(ruleset)
    values: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 4))):
        vid = f"取值{index}"
        shape = draw(st.sampled_from(["input", "literal", "earlier"] if fields else ["literal", "earlier"]))
        if shape == "input":
            column = draw(st.sampled_from(fields))
            values.append({"id": vid, "name": f"值{index}", "kind": "input", "column": column, "min": -(10**14)})
        elif shape == "earlier" and any(v["kind"] == "expression" for v in values):
            earlier = draw(st.sampled_from([v["id"] for v in values if v["kind"] == "expression"]))
            values.append({"id": vid, "name": f"值{index}", "kind": "expression", "expr": f"{earlier} * 3 - 1", "min": -(10**14)})
        else:
            number = draw(st.integers(-1000, 1000))
            values.append({"id": vid, "name": f"值{index}", "kind": "expression", "expr": f"{number} / 7", "min": -(10**14)})
    return values


def _with_values(path: Path, values: list[dict[str, Any]]) -> CompiledRuleset:
    """The ruleset at `path` with `values:` appended (loaded as if written there, so `extends` and nested files resolve)."""
    lines = ["", "values:"]
    for value in values:
        pairs = ", ".join(f"{key}: {_yaml(item)}" for key, item in value.items())
        lines.append(f"  - {{{pairs}}}")
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    return load_ruleset(path, text=text)


def _yaml(item: Any) -> str:
    return f'"{item}"' if isinstance(item, str) else str(item)


def _decisions(result: Result) -> list[Any]:
    return [
        (s.id, s.exact_total, s.total, s.rank, s.tiers, s.group, s.notes, dict(s.values),
         [(n.id, n.points) for c in s.components for n in c.walk()], s.stages)
        for s in result.subjects
    ]


def _outcome(ruleset: CompiledRuleset, folder: Path) -> Result | str:
    try:
        return score(ruleset, folder)
    except PingyiError as exc:
        return f"{exc.code}: {exc}"


@pytest.mark.parametrize("name", NAMES)
def test_named_values_change_no_total_rank_or_tier(name: str) -> None:
    ruleset = COMPILED[name]
    path = next(p for n, p, _ in RULESETS if n == name)
    reached: Counter[str] = Counter()

    @PROPERTY
    @given(tables=facts(ruleset), values=value_lists(ruleset))
    def unchanged(tables: dict[str, list[list[str]]], values: list[dict[str, Any]]) -> None:
        valued = _with_values(path, values)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            write(folder, tables)
            plain, with_values = _outcome(ruleset, folder), _outcome(valued, folder)
        if isinstance(plain, str) or isinstance(with_values, str):
            assert plain == with_values  # the same located error, or none
            reached["error"] += 1
            return
        reached["scored"] += 1
        assert _decisions(with_values) == _decisions(plain)
        for subject in with_values.subjects:
            assert [v.id for v in subject.named] == [v["id"] for v in values]
        # the JSON differs only in the units' values objects and the ruleset digest
        assert to_json(with_values).count('"values": {"取值0"') == len(with_values.subjects)

    unchanged()
    assert reached["scored"] >= reached["error"], f"only {reached['scored']} of {sum(reached.values())} fact sets reached scoring"
