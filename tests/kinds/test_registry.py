"""Every registered kind has what a kind needs: a Chinese label, a docs page (every key, a worked
example), a test file, a worked case in a shipped or example ruleset's `*.cases.yaml`, a row in the
ruleset format's table of kinds, and its own model, a member of the union `Component`.

Each rule is a function that lists what is missing, so that the tests below can show every rule
failing on a kind or a tree that breaks it.
"""

from __future__ import annotations

import re
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from pingyi_rules.kinds.protocol import Kind, KindSpec
from pingyi_rules.kinds.registry import KINDS, Component
from pingyi_rules.model import components as m

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
COMMON_KEYS = set(m.ComponentBase.model_fields) | {"kind"}


def own_keys(kind: Kind) -> list[str]:
    """The keys a kind adds to the common ones (as written in a ruleset)."""
    return [f.alias or name for name, f in kind.model.model_fields.items() if name not in COMMON_KEYS]


def label_problems(kind: Kind) -> list[str]:
    if not CJK.search(kind.label):
        return [f"{kind.name}: no Chinese label (label is {kind.label!r})"]
    return []


def docs_problems(kind: Kind, root: Path) -> list[str]:
    page = root / "docs" / "kinds" / f"{kind.name}.md"
    if not page.is_file():
        return [f"{kind.name}: no docs page docs/kinds/{kind.name}.md"]
    text = page.read_text(encoding="utf-8")
    problems = [f"{kind.name}: docs page does not describe the key `{key}`" for key in own_keys(kind) if f"`{key}`" not in text]
    if "```expect" not in text or not re.search(rf"^```yaml\nid:(?:.|\n)*?kind: {kind.name}\b", text, re.MULTILINE):
        problems.append(f"{kind.name}: docs page has no worked example (a whole ruleset using it and an expect block)")
    return problems


def test_file_problems(kind: Kind, root: Path) -> list[str]:
    path = root / "tests" / "kinds" / f"test_{kind.name}.py"
    if not path.is_file():
        return [f"{kind.name}: no test file tests/kinds/test_{kind.name}.py"]
    if not re.search(r"^def test_", path.read_text(encoding="utf-8"), re.MULTILINE):
        return [f"{kind.name}: tests/kinds/test_{kind.name}.py has no test"]
    return []


test_file_problems.__test__ = False  # type: ignore[attr-defined]  # a rule, not a test


def _components(nodes: Any) -> Iterator[dict[str, Any]]:
    for node in nodes or []:
        if isinstance(node, dict):
            yield node
            yield from _components(node.get("components"))


def _kinds_in(path: Path, seen: set[Path]) -> set[str]:
    """The kinds a ruleset file uses, with those of the files it extends and nests."""
    path = path.resolve()
    if path in seen or not path.is_file():
        return set()
    seen.add(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found: set[str] = set()
    if data.get("extends"):
        found |= _kinds_in(path.parent / data["extends"], seen)
    for node in _components([*(data.get("values") or []), *(data.get("components") or [])]):
        found.add(str(node.get("kind")))
        if node.get("kind") == "nested" and node.get("ruleset"):
            found |= _kinds_in(path.parent / node["ruleset"], seen)
    return found


def worked_kinds(root: Path) -> set[str]:
    """The kinds used by the rulesets that the `*.cases.yaml` files under rulesets/ work through."""
    found: set[str] = set()
    for cases in sorted((root / "rulesets").rglob("*.cases.yaml")):
        data = yaml.safe_load(cases.read_text(encoding="utf-8"))
        names = {data["ruleset"]} | {c["ruleset"] for c in data.get("cases", []) if "ruleset" in c}
        for name in names:
            found |= _kinds_in(cases.parent / name, set())
    return found


def worked_case_problems(kind: Kind, worked: set[str]) -> list[str]:
    if kind.name not in worked:
        return [f"{kind.name}: no worked case (no ruleset with a *.cases.yaml under rulesets/ uses it)"]
    return []


def format_table_problems(kind: Kind, root: Path) -> list[str]:
    if f"(kinds/{kind.name}.md)" not in (root / "docs" / "ruleset-format.md").read_text(encoding="utf-8"):
        return [f"{kind.name}: docs/ruleset-format.md does not link docs/kinds/{kind.name}.md"]
    return []


def union_problems(kinds: dict[str, Kind]) -> list[str]:
    union = typing.get_args(typing.get_args(Component)[0])
    problems = []
    if set(union) != {k.model for k in kinds.values()}:
        problems.append("the models of the registered kinds are not the members of the Component union")
    for name, kind in kinds.items():
        tag = typing.get_args(kind.model.model_fields["kind"].annotation)
        if tag != (name,):
            problems.append(f"{name}: its model's kind is {tag}")
    return problems


def problems(kind: Kind, root: Path, worked: set[str]) -> list[str]:
    return [
        *label_problems(kind),
        *docs_problems(kind, root),
        *test_file_problems(kind, root),
        *worked_case_problems(kind, worked),
        *format_table_problems(kind, root),
    ]


WORKED = worked_kinds(ROOT)


@pytest.mark.parametrize("name", list(KINDS))
def test_every_registered_kind_has_what_a_kind_needs(name: str) -> None:
    assert problems(KINDS[name], ROOT, WORKED) == []


def test_the_union_is_the_registry() -> None:
    assert union_problems(KINDS) == []


# --------------------------------------------------------------------------- each rule fails when broken


def _fake(name: str = "mean", label: str = "") -> Kind:
    return KindSpec(name=name, label=label, model=KINDS["input"].model, compile=KINDS["input"].compile, role="score")


def test_a_kind_with_nothing_fails_every_rule() -> None:
    assert problems(_fake(), ROOT, WORKED) == [
        "mean: no Chinese label (label is '')",
        "mean: no docs page docs/kinds/mean.md",
        "mean: no test file tests/kinds/test_mean.py",
        "mean: no worked case (no ruleset with a *.cases.yaml under rulesets/ uses it)",
        "mean: docs/ruleset-format.md does not link docs/kinds/mean.md",
    ]
    assert label_problems(_fake(label="mean")) == ["mean: no Chinese label (label is 'mean')"]
    assert union_problems({**KINDS, "mean": _fake()}) == [
        "mean: its model's kind is ('input',)",
    ]
    assert union_problems({k: v for k, v in KINDS.items() if k != "grade"}) == [
        "the models of the registered kinds are not the members of the Component union",
    ]


def _tree(tmp_path: Path) -> Path:
    for part in ("docs", "tests/kinds", "rulesets"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_a_page_missing_a_key_or_its_worked_example_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    page = root / "docs" / "kinds" / "grade.md"
    page.write_text(page.read_text(encoding="utf-8").replace("`scale`", "scale"), encoding="utf-8")
    assert docs_problems(KINDS["grade"], root) == ["grade: docs page does not describe the key `scale`"]
    page.write_text(page.read_text(encoding="utf-8").replace("```expect", "```text"), encoding="utf-8")
    assert docs_problems(KINDS["grade"], root)[-1] == (
        "grade: docs page has no worked example (a whole ruleset using it and an expect block)"
    )


def test_a_test_file_without_a_test_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "tests" / "kinds" / "test_grade.py").write_text('"""Nothing yet."""\n', encoding="utf-8")
    assert test_file_problems(KINDS["grade"], root) == ["grade: tests/kinds/test_grade.py has no test"]


def test_a_kind_no_worked_case_uses_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "rulesets" / "wenzhou-2023.cases.yaml").unlink()  # the one worked ruleset with grade
    worked = worked_kinds(root)
    assert worked_case_problems(KINDS["grade"], worked) == [
        "grade: no worked case (no ruleset with a *.cases.yaml under rulesets/ uses it)"
    ]
    assert worked_case_problems(KINDS["ballots"], worked) == []  # through county-qianren's nested scheme
    assert worked_case_problems(KINDS["expression"], worked) == []
    for cases in (root / "rulesets").rglob("*.cases.yaml"):  # every worked ruleset using expression
        data = yaml.safe_load(cases.read_text(encoding="utf-8"))
        names = {data["ruleset"]} | {c["ruleset"] for c in data.get("cases", []) if "ruleset" in c}
        if any("expression" in _kinds_in(cases.parent / name, set()) for name in names):
            cases.unlink()
    assert worked_case_problems(KINDS["expression"], worked_kinds(root)) != []


def test_a_format_table_without_the_link_fails(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    doc = root / "docs" / "ruleset-format.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("(kinds/apportion.md)", ""), encoding="utf-8")
    assert format_table_problems(KINDS["apportion"], root) == [
        "apportion: docs/ruleset-format.md does not link docs/kinds/apportion.md"
    ]
