"""Helpers for the unit tests: the ruleset text most of them start from, a ruleset body given as text
loaded, tables given as CSV text written."""

from __future__ import annotations

from pathlib import Path

from pingyi_rules import load_ruleset
from pingyi_rules.compile.ruleset import CompiledRuleset


def head(ruleset_id: str = "t", name: str = "测试", title: str = "测试方案") -> str:
    """The lines every ruleset starts with: id, name, version "1", source."""
    return f'id: {ruleset_id}\nname: {name}\nversion: "1"\nsource: {{title: {title}}}\n'


def subject_table(*columns: str, table: str = "units") -> str:
    """`inputs:` with one subject table: 编码 (id), 名称 (text), then `columns` (each an inline
    YAML mapping such as `{header: 得分, type: decimal}`). The caller's text may add more tables."""
    lines = [
        "inputs:",
        f"  subjects: {{table: {table}, id_column: 编码, name_column: 名称}}",
        "  tables:",
        f"    - id: {table}",
        "      subject: 编码",
        "      columns:",
        "        - {header: 编码, type: id}",
        "        - {header: 名称, type: text}",
        *(f"        - {column}" for column in columns),
    ]
    return "\n".join(lines) + "\n"


def ruleset(
    *columns: str, rest: str, ruleset_id: str = "t", name: str = "测试", title: str = "测试方案", table: str = "units"
) -> str:
    """A whole ruleset: `head`, `subject_table` with `columns`, then `rest` (more tables, points, components)."""
    return head(ruleset_id, name, title) + subject_table(*columns, table=table) + rest


HEAD = "\n" + head()  # what `load` puts before a body


def write_tables(folder: Path, tables: dict[str, str]) -> Path:
    """Write each table as <id>.csv (UTF-8 with BOM, as offices save them)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        (folder / f"{name}.csv").write_text(text.strip() + "\n", encoding="utf-8-sig")
    return folder


def load(body: str) -> CompiledRuleset:
    """A ruleset from its body (everything after id/name/version/source)."""
    return load_ruleset("t.yaml", text=HEAD + body)
