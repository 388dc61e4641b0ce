"""The pytest plugin that installing pingyi-rules adds (entry point `pytest11`): every
`*.cases.yaml` pytest meets is collected, one test per worked case, and a failing case reports
its place in the YAML and the differences unit by unit and component by component.

Switch it off for one run with `pytest -p no:pingyi_rules.testing.plugin`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..core.errors import PingyiError

if TYPE_CHECKING:
    from .cases import Case

CASES_SUFFIX = ".cases.yaml"  # the same as cases.CASES_SUFFIX; the engine is imported only when one is found


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(CASES_SUFFIX):
        return CasesFile.from_parent(parent, path=file_path)
    return None


class CasesFile(pytest.File):
    """A cases file: one item per case; a malformed file fails collection with its place (PY003)."""

    def collect(self) -> Iterator[pytest.Item]:
        from .cases import (
            read_cases,  # pytest starts in every project: pydantic and the engine only when needed
        )

        try:
            cases = read_cases(self.path)
        except PingyiError as exc:
            raise self.CollectError(str(exc)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.id, case=case)


class CaseFailed(Exception):
    """A worked case whose result differs from what it states."""


class CaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from .cases import run_case

        outcome = run_case(self.case)
        if not outcome.passed:
            raise CaseFailed(outcome.report())

    def repr_failure(self, excinfo: Any, style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"case: {self.name}"
