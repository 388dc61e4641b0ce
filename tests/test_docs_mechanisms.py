"""The examples in docs/mechanisms/*.md are executed: each ruleset loads, scores its CSVs, gives its `expect`."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.model import components as m
from pingyi_rules.source.strict_yaml import parse_yaml

DOCS = Path(__file__).resolve().parent.parent / "docs" / "mechanisms"
FENCE = re.compile(r"^```(\w+)[ \t]*([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks(path: Path) -> list[tuple[str, str, str]]:
    return [(m_.group(1), m_.group(2).strip(), m_.group(3)) for m_ in FENCE.finditer(path.read_text(encoding="utf-8"))]


# the pages whose examples are complete rulesets with CSVs and expectations (the others: test_mechanism_docs.py)
RUNNABLE = ["apportioned-deductions", "banded-lookups", "case-exemptions", "forced-distribution", "keyed-tables",
            "ranged-sums", "rank-deduction", "stages"]


@pytest.mark.parametrize("doc", [DOCS / f"{name}.md" for name in RUNNABLE], ids=lambda p: p.stem)
def test_doc_examples_run(doc: Path, tmp_path: Path) -> None:
    blocks = _blocks(doc)
    rulesets = [text for kind, _, text in blocks if kind == "yaml" and text.startswith("id:")]
    fragments = [text for kind, _, text in blocks if kind == "yaml" and not text.startswith("id:")]
    for text in fragments:  # fragments: the keys they show must validate
        data = parse_yaml(text, doc.name).data
        for exemption in data.get("exemptions", []):
            m.CaseExemption.model_validate(exemption)
    assert rulesets or fragments, f"{doc.name} has no example"
    for text in rulesets:
        ruleset = load_ruleset(doc.name, text=text)
        for kind, name, body in blocks:
            if kind == "csv":
                (tmp_path / name).write_text(body, encoding="utf-8")
        result = score(ruleset, tmp_path)
        expect = next(parse_yaml(body, doc.name).data for kind, _, body in blocks if kind == "expect")
        for unit, total in expect.items():
            got = result.subject(str(unit)).total
            assert got == (None if total is None else Decimal(total)), (doc.name, unit, got, total)
