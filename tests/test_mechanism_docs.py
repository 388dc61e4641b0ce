"""The mechanism pages are executed: their YAML parses (components validate) and shown output is real."""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from pingyi_rules.cli import run
from pingyi_rules.model.components import Component
from pingyi_rules.source.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
# the pages whose examples are fragments and commands (the others run whole: test_docs_mechanisms.py)
PAGES = [ROOT / "docs" / "mechanisms" / f"{name}.md" for name in
         ("ballots", "bonus-uncapped", "consequences", "diff", "extends", "nested", "persons", "rating-rows", "tie-break")]
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.DOTALL)


def _blocks(kind: str) -> list[tuple[str, str]]:
    return [
        (f"{page.name}#{i}", text)
        for page in PAGES
        for i, (lang, text) in enumerate(BLOCK.findall(page.read_text(encoding="utf-8")))
        if lang == kind
    ]


@pytest.mark.parametrize(("where", "text"), _blocks("yaml"))
def test_yaml_snippets_parse_and_components_validate(where: str, text: str) -> None:
    data = parse_yaml(text, where).data
    if isinstance(data, dict) and "kind" in data:
        TypeAdapter(Component).validate_python(data)


@pytest.mark.parametrize(("where", "text"), [(w, t) for w, t in _blocks("") if t.startswith("$ pingyi ")])
def test_shown_commands_print_what_the_page_shows(where: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    command, _, shown = text.partition("\n")
    out, err = io.StringIO(), io.StringIO()
    assert run(shlex.split(command)[2:], out, err) == 0, err.getvalue()
    assert out.getvalue() == shown


def test_every_page_has_an_example() -> None:
    assert len(PAGES) >= 7
    for page in PAGES:
        assert "```" in page.read_text(encoding="utf-8"), page.name
