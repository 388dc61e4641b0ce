"""Helpers for the unit tests: score a ruleset given as text against tables given as CSV text."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingyi_rules import Result, load_ruleset, score
from pingyi_rules._compile import CompiledRuleset

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


@pytest.fixture
def run_rules(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Load `body` (a ruleset without its header) and score it against `tables`."""

    def run(body: str, tables: dict[str, str]) -> Result:
        ruleset = load(body)
        return score(ruleset, write_tables(tmp_path / "facts", tables))

    return run


def load(body: str) -> CompiledRuleset:
    return load_ruleset("t.yaml", text=HEAD + body)
