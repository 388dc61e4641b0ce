"""The kind pages (docs/kinds/<kind>.md, one per registered kind) and the mechanism pages
(docs/mechanisms/*.md) are executed: their YAML parses and their components validate, every whole
ruleset loads, scores the page's CSVs and gives what the `expect` block after it says (totals,
and ranks, named ranks, tiers and values where it states them), and every shown `$ pingyi` command
prints what the page shows."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.kinds.cases import CaseExemption
from pingyi_rules.kinds.registry import KINDS, Component
from pingyi_rules.render.output import to_json_data
from pingyi_rules.source.strict_yaml import parse_yaml
from pingyi_rules.testing.cases import Case, compare

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [DOCS / "kinds" / f"{name}.md" for name in KINDS] + sorted((DOCS / "mechanisms").glob("*.md")) + [DOCS / "values.md", DOCS / "conditions.md", DOCS / "whatif.md"]
FENCE = re.compile(r"^```(\w*)[ \t]*([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def fenced(text: str) -> list[tuple[str, str, str]]:
    """(language, the name after it, text) of every fenced block of a page's text."""
    return [(b.group(1), b.group(2).strip(), b.group(3)) for b in FENCE.finditer(text)]


def blocks(page: Path) -> list[tuple[str, str, str]]:
    return fenced(page.read_text(encoding="utf-8"))


def _is_ruleset(text: str) -> bool:
    """A whole ruleset, or one that extends a file the page writes (the others are fragments: a
    component, a table, a few keys)."""
    return (text.startswith("id:") and "\ninputs:" in text) or (text.startswith("extends:") and "\nid:" in text)


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


def check_worked_examples(page: str, text: str, folder: Path) -> None:
    """Read the page top to bottom: each named CSV (or YAML) block is written into `folder` as that
    file, and each `expect` block is checked against the whole ruleset written last before it,
    scored on the files written so far. An entry of `expect` is a unit's total (`H1: "17.50"`,
    null for none), or a mapping compared with the unit's JSON as a worked case compares it
    (`H1: {total: "17.50", rank: 1, tiers: [优秀], ranks: {投诉排名: 2}, values: {绩效: 6}}`)."""
    ruleset: str | None = None
    checked: set[str] = set()
    for lang, name, body in fenced(text):
        if lang == "yaml" and not name and _is_ruleset(body):
            assert ruleset is None or ruleset in checked, f"{page}: a whole ruleset with no expect block after it"
            ruleset = body
        elif name and lang in ("csv", "yaml"):  # the CSVs and any file a ruleset names (a nested ruleset, a base)
            (folder / name).write_text(body, encoding="utf-8")
        elif lang == "expect":
            assert ruleset is not None, f"{page}: an expect block before any whole ruleset"
            checked.add(ruleset)
            path = folder / f"ruleset-{len(checked)}.yaml"
            path.write_text(ruleset, encoding="utf-8")
            data = to_json_data(score(load_ruleset(path), folder))
            expect = parse_yaml(body, page).data
            assert isinstance(expect, dict) and expect, f"{page}: an expect block is a mapping of units"
            wanted = {str(unit): want if isinstance(want, dict) else {"total": want} for unit, want in expect.items()}
            case = Case(file=folder / page, line=0, id=page, ruleset=path, facts=folder, tables={}, expect=wanted, error=None, void=[])
            differences = list(compare(case, data))
            assert not differences, f"{page}: the result differs from its expect block:\n" + "\n".join(differences)
    assert ruleset is None or ruleset in checked, f"{page}: a whole ruleset with no expect block after it"


@pytest.mark.parametrize("page", [p for p in PAGES if any(lang == "expect" for lang, _, _ in blocks(p))], ids=_ids)
def test_worked_example_scores_as_the_page_says(page: Path, tmp_path: Path) -> None:
    check_worked_examples(page.name, page.read_text(encoding="utf-8"), tmp_path)


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


@pytest.mark.parametrize(
    ("right", "wrong", "said"),
    [
        ('B3: {total: "80.00", rank: 6,', 'B3: {total: "80.00", rank: 5,', "rank: expected 5, got 6"),
        ("ranks: {投诉排名: 4, 类内排名: 4}", "ranks: {投诉排名: 3, 类内排名: 4}", "ranks: expected"),
        ("A4: {total: \"70.00\", rank: 7, ranks: {投诉排名: 3, 类内排名: 4}, tiers: [末位]}",
         "A4: {total: \"70.00\", rank: 7, ranks: {投诉排名: 3, 类内排名: 4}, tiers: []}", "tiers: expected [], got [末位]"),
        ('B4: {total: "60.00", rank: 8,', 'B4: {total: "60.50", rank: 8,', "total: expected 60.50, got 60.00"),
    ],
)
def test_a_wrong_rank_named_rank_tier_or_total_in_an_expect_block_fails(right: str, wrong: str, said: str, tmp_path: Path) -> None:
    page = DOCS / "mechanisms" / "rankings-and-quotas.md"
    text = page.read_text(encoding="utf-8")
    assert text.count(right) == 1
    with pytest.raises(AssertionError, match=re.escape(said)):
        check_worked_examples(page.name, text.replace(right, wrong), tmp_path)


def test_a_ruleset_without_its_expect_block_fails(tmp_path: Path) -> None:
    page = DOCS / "mechanisms" / "rankings-and-quotas.md"
    text = page.read_text(encoding="utf-8")
    last = text.rindex("```expect")
    with pytest.raises(AssertionError, match="no expect block after it"):
        check_worked_examples(page.name, text[:last], tmp_path)
