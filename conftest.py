"""Collect worked examples (`*.cases.yaml`) anywhere in the tree: one pytest item per case.

A cases file names a ruleset and a default facts folder; each case may replace
some tables with inline CSV text, then states the expected numbers (worked by
hand from the source document, the arithmetic in a comment) or the expected
error. Failures point at the case's line in the YAML.
"""

from __future__ import annotations

import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import PingyiError, load_ruleset, score
from pingyi_rules.render.output import to_json_data
from pingyi_rules.source.strict_yaml import parse_yaml


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".cases.yaml"):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    def collect(self) -> Any:
        document = parse_yaml(self.path.read_text(encoding="utf-8"), str(self.path))
        data = document.data
        for index, case in enumerate(data["cases"]):
            line = document.marks[("cases", index)][0]
            yield CaseItem.from_parent(self, name=str(case["id"]), spec=data, case=case, line=line)


class CaseFailure(Exception):
    pass


class CaseItem(pytest.Item):
    def __init__(self, *, spec: dict[str, Any], case: dict[str, Any], line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec, self.case, self.line = spec, case, line

    def runtest(self) -> None:
        base = self.path.parent
        ruleset = load_ruleset(base / self.case.get("ruleset", self.spec["ruleset"]))
        facts_dir = base / self.case.get("facts", self.spec.get("facts", "."))
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            if facts_dir.is_dir():
                for item in facts_dir.iterdir():
                    if item.suffix == ".csv":
                        shutil.copy(item, folder / item.name)
            for table, text in (self.case.get("tables") or {}).items():
                (folder / f"{table}.csv").write_text(text, encoding="utf-8")
            expected_error = self.case.get("error")
            try:
                result = score(ruleset, folder)
            except PingyiError as exc:
                if expected_error is None:
                    raise
                message = str(exc).replace(str(folder), "<facts>")
                if expected_error not in message:
                    raise CaseFailure(f"expected an error containing\n  {expected_error}\ngot\n  {message}") from None
                return
            if expected_error is not None:
                raise CaseFailure(f"expected the error {expected_error!r}, but scoring succeeded")
        data = to_json_data(result)
        units = {u["id"]: u for u in data["units"]}
        problems: list[str] = []
        for unit_id, expect in (self.case.get("expect") or {}).items():
            unit = units.get(str(unit_id))
            if unit is None:
                problems.append(f"{unit_id}: not in the result")
                continue
            for key, want in expect.items():
                if key == "components":
                    flat = _flatten(unit["components"])
                    for cid, points in want.items():
                        got = flat.get(cid, "<missing>")
                        if not _same(got, points):
                            problems.append(f"{unit_id} {cid}: expected {_text(points)}, got {got}")
                    continue
                got = unit.get(key, "<missing>")
                if key == "values":
                    want = {k: _text(v) for k, v in want.items()}
                elif key == "total":
                    want = _text(want)
                if not _same(got, want):
                    problems.append(f"{unit_id} {key}: expected {want!r}, got {got!r}")
        for void in self.case.get("void", []) or []:
            if not any(v["key"] == void for v in data["void"]):
                problems.append(f"void ballot {void} not reported")
        if problems:
            raise CaseFailure("\n".join(problems))

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, (CaseFailure, PingyiError)):
            return f"{self.path}:{self.line}: case '{self.name}'\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"case: {self.name}"


def _same(got: Any, want: Any) -> bool:
    """Numbers compare by value (17 == "17.00"); everything else exactly."""
    if isinstance(got, str) and isinstance(want, (str, int, Decimal)) and not isinstance(want, bool):
        try:
            return Decimal(got) == Decimal(str(want))
        except ArithmeticError:
            return got == want
    return bool(got == want)


def _text(value: Any) -> Any:
    return None if value is None else str(value)


def _flatten(components: list[dict[str, Any]]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for component in components:
        flat[component["id"]] = component["points"]
        flat.update(_flatten(component.get("components", [])))
    return flat
