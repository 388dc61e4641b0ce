"""Fixtures for the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pingyi_rules import Result, score

from .rules_helpers import load, write_tables


@pytest.fixture
def run_rules(tmp_path: Path) -> Callable[[str, dict[str, str]], Result]:
    """Load `body` (a ruleset without its header) and score it against `tables`."""

    def run(body: str, tables: dict[str, str]) -> Result:
        return score(load(body), write_tables(tmp_path / "facts", tables))

    return run
