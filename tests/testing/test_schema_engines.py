"""The published schemas as the authors' tools read them: every pattern is an ECMA-262 regular
expression (u flag, as editors and check-jsonschema compile it) that accepts exactly the strings
Python's re and pydantic accept; check-jsonschema validates every shipped ruleset; the pre-commit
hooks run commands that exist."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regress
import yaml
from pydantic import TypeAdapter

from pingyi_rules.cli import _parser
from pingyi_rules.model.base import SPACE, Identifier, Slug
from pingyi_rules.scaffold import init_folder

from ..helpers import ROOT, RULESETS

SCHEMAS = [ROOT / "schemas" / "ruleset.schema.json", ROOT / "schemas" / "result.schema.json"]
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")


def _patterns(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for item in node:
            yield from _patterns(item)


PATTERNS = sorted({p for schema in SCHEMAS for p in _patterns(json.loads(schema.read_text(encoding="utf-8")))})
# every code point of the basic plane but the surrogates (no string holds one alone), and a spread
# of the others (every white space and every listed character lies in the basic plane)
CHARACTERS = [chr(c) for c in [*range(0xD800), *range(0xE000, 0x10000), *range(0x10000, 0x110000, 997)]]


def test_the_schemas_have_patterns() -> None:
    assert len(PATTERNS) >= 4


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_pattern_is_ecma262_and_means_what_python_means(pattern: str) -> None:
    ecma = regress.Regex(pattern, flags="u")  # raises on anything ECMA-262 with the u flag refuses
    python = re.compile(pattern)
    samples = CHARACTERS if pattern.startswith("^[^") else ["", "0", "12", "-3.5", "1.", "2023-06-01T08:00:00Z",
                                                             "a" * 64, "0" * 64, "Ａ", "１"]
    differ = [s for s in samples if (ecma.find(s) is not None) != (python.search(s) is not None)]
    assert differ == [], f"{pattern}: ECMA-262 and Python disagree on {[hex(ord(c[0])) for c in differ[:5] if c]}"


@pytest.mark.parametrize("annotated", [Identifier, Slug], ids=["Identifier", "Slug"])
def test_pydantic_agrees_with_python_on_every_character(annotated: Any) -> None:
    adapter = TypeAdapter(annotated)
    pattern = re.compile(adapter.json_schema()["pattern"])
    refused = set()
    for character in CHARACTERS:
        try:
            adapter.validate_python(character)
        except ValueError:
            refused.add(character)
    assert refused == {c for c in CHARACTERS if not pattern.fullmatch(c)}


def test_white_space_is_what_python_calls_white_space() -> None:
    listed = re.compile(f"[{SPACE}]")
    assert {c for c in CHARACTERS if listed.fullmatch(c)} == {c for c in CHARACTERS if c.isspace()}


def test_check_jsonschema_accepts_every_shipped_ruleset() -> None:
    rulesets = sorted(str(p) for p in RULESETS.rglob("*.yaml") if not p.name.endswith(".cases.yaml"))
    run = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS[0]), *rulesets],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ok -- validation done" in run.stdout


def test_check_jsonschema_refuses_a_bad_id(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (RULESETS / "service-center-windows.yaml").read_text(encoding="utf-8")
    bad.write_text(text.replace("  - id: 综合得分\n", "  - id: 综合 得分\n", 1), encoding="utf-8")
    run = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS[0]), str(bad)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 1
    assert "'综合 得分' does not match" in run.stdout


def test_pre_commit_hooks_run_pingyi_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert set(by_id) == {"pingyi-check", "pingyi-test"}
    commands = set(next(a for a in _parser()._actions if a.dest == "command").choices or {})
    for hook in hooks:
        program, command = hook["entry"].split()
        assert program == "pingyi" and command in commands and hook["language"] == "python"
    check = by_id["pingyi-check"]
    files, exclude = re.compile(check["files"]), re.compile(check["exclude"])
    taken = [p for p in ["rulesets/某县.yaml", "某县.yml", "某县.cases.yaml", ".pre-commit-config.yaml",
                         ".github/workflows/ci.yaml", "facts/units.csv"]
             if files.search(p) and not exclude.search(p)]
    assert taken == ["rulesets/某县.yaml", "某县.yml"]
    test = by_id["pingyi-test"]
    assert test["args"] == ["."] and test["pass_filenames"] is False
    assert all(re.search(test["files"], p) for p in ["a.cases.yaml", "a.yaml", "facts/units.csv", "data.xlsx"])


def test_check_jsonschema_accepts_the_starting_ruleset(tmp_path: Path) -> None:
    folder = init_folder("某县-2025", tmp_path)
    run = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS[0]), str(folder / "某县-2025.yaml")],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
