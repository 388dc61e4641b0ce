"""The kind pages (docs/kinds/<kind>.md, one per registered kind) and the mechanism pages
(docs/mechanisms/*.md) are executed: their YAML parses and their components validate, every whole
ruleset loads, scores the page's CSVs and gives the page's `expect`, and every shown `$ pingyi`
command prints what the page shows."""

from __future__ import annotations

import io
import re
import shlex
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.kinds.cases import CaseExemption
from pingyi_rules.kinds.registry import KINDS, Component
from pingyi_rules.source.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [DOCS / "kinds" / f"{name}.md" for name in KINDS] + sorted((DOCS / "mechanisms").glob("*.md")) + [DOCS / "values.md", DOCS / "conditions.md", DOCS / "whatif.md"]
FENCE = re.compile(r"^```(\w*)[ \t]*([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def blocks(page: Path) -> list[tuple[str, str, str]]:
    """(language, the name after it, text) of every fenced block of a page."""
    return [(b.group(1), b.group(2).strip(), b.group(3)) for b in FENCE.finditer(page.read_text(encoding="utf-8"))]


def _is_ruleset(text: str) -> bool:
    """A whole ruleset (the others are fragments: a component, a table, a few keys)."""
    return text.startswith("id:") and "\ninputs:" in text


def _ids(page: Path) -> str:
    return f"{page.parent.name}/{page.stem}"


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_yaml_parses_and_components_validate(page: Path) -> None:
    found = [(name, text) for lang, name, text in blocks(page) if lang == "yaml"]
    assert found or "```" in page.read_text(encoding="utf-8"), f"{page.name} has no example"
    for name, text in found:
        data = parse_yaml(text, f"{page.name} {name}").data
        if isinstance(data, dict) and "kind" in data:
            TypeAdapter(Component).validate_python(data)
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict) and "kind" in item and "id" in item and "version" not in item:
                TypeAdapter(Component).validate_python(item)
            if isinstance(item, dict):
                for exemption in item.get("exemptions", []):
                    CaseExemption.model_validate(exemption)


@pytest.mark.parametrize("page", [p for p in PAGES if any(lang == "expect" for lang, _, _ in blocks(p))], ids=_ids)
def test_worked_example_scores_as_the_page_says(page: Path, tmp_path: Path) -> None:
    found = blocks(page)
    rulesets = [text for lang, name, text in found if lang == "yaml" and not name and _is_ruleset(text)]
    assert rulesets, f"{page.name} has an expect block but no whole ruleset"
    for lang, name, text in found:
        if name and lang in ("csv", "yaml"):  # the CSVs and any file a ruleset names (a nested ruleset)
            (tmp_path / name).write_text(text, encoding="utf-8")
    expect = next(parse_yaml(text, page.name).data for lang, _, text in found if lang == "expect")
    for index, text in enumerate(rulesets):
        path = tmp_path / f"ruleset-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        result = score(load_ruleset(path), tmp_path)
        for unit, total in expect.items():
            got = result.subject(str(unit)).total
            assert got == (None if total is None else Decimal(total)), (page.name, unit, got, total)


@pytest.mark.parametrize(
    ("where", "text"),
    [(f"{_ids(p)}#{i}", t) for p in PAGES for i, (lang, _, t) in enumerate(blocks(p)) if lang == "" and t.startswith("$ pingyi ")],
)
def test_shown_commands_print_what_the_page_shows(where: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, _, shown = text.partition("\n")
    out, err = io.StringIO(), io.StringIO()
    assert run(shlex.split(command)[2:], out, err) == 0, err.getvalue()
    assert out.getvalue() == shown
