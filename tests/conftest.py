"""Fixtures for the unit tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from pingyi_rules import Result, score

from .rules_helpers import load, write_tables

# No per-example deadline: a loaded machine (CI beside other jobs) must not turn a slow example into
# a failure; the properties are about values, speed is measured by benchmarks/.
settings.register_profile("pingyi", deadline=None)
settings.load_profile("pingyi")


@pytest.fixture
def run_rules(tmp_path: Path) -> Callable[[str, dict[str, str]], Result]:
    """Load `body` (a ruleset without its header) and score it against `tables`."""

    def run(body: str, tables: dict[str, str]) -> Result:
        return score(load(body), write_tables(tmp_path / "facts", tables))

    return run
