"""Helpers for the unit tests: load a ruleset body given as text, write tables given as CSV text."""

from __future__ import annotations

from pathlib import Path

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset

HEAD = """
id: t
name: 测试
version: "1"
source: {title: 测试方案}
"""


def write_tables(folder: Path, tables: dict[str, str]) -> Path:
    """Write each table as <id>.csv (UTF-8 with BOM, as offices save them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8-sig")
    return folder


def load(body: str) -> CompiledRuleset:
    """A ruleset from its body (everything after id/name/version/source)."""
    return load_ruleset("t.yaml", text=HEAD + body)
