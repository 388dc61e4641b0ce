"""The bad-input corpus: every case states the exit code and the exact lines `pingyi` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .corpus_runner import load_cases, run_case

RULESET_CASES = load_cases("rulesets.yaml")
FACTS_CASES = load_cases("facts.yaml")


def _check(case: dict[str, Any], tmp_path: Path, command: str) -> None:
    code, lines, stdout = run_case(case, tmp_path, command)
    assert lines == case["stderr"]
    assert code == case["exit"]
    if code != 0:
        assert stdout == ""
    for line in lines:
        assert "Traceback" not in line
        if code == 1 and not line.startswith("warning: "):
            assert line.endswith("]"), "every problem line ends with its code"


@pytest.mark.parametrize("case", RULESET_CASES, ids=[c["id"] for c in RULESET_CASES])
def test_ruleset_corpus(case: dict[str, Any], tmp_path: Path) -> None:
    _check(case, tmp_path, "check")


@pytest.mark.parametrize("case", FACTS_CASES, ids=[c["id"] for c in FACTS_CASES])
def test_facts_corpus(case: dict[str, Any], tmp_path: Path) -> None:
    _check(case, tmp_path, "score")


def test_corpus_is_large_enough() -> None:
    assert len(RULESET_CASES) + len(FACTS_CASES) >= 120
