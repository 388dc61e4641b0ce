"""The bad-input corpus: every case states the exit code and the exact lines `pingyi` prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ..corpus_runner import load_cases, run_case

# every tests/corpus/rulesets*.yaml is run with `check`, every facts*.yaml with `score`
# (a case may name another command); ids are unique across all files
_HERE = Path(__file__).parent
RULESET_CASES = [c for f in sorted(_HERE.glob("rulesets*.yaml")) for c in load_cases(f.name)]
FACTS_CASES = [c for f in sorted(_HERE.glob("facts*.yaml")) for c in load_cases(f.name)]
_ALL_IDS = [c["id"] for c in RULESET_CASES + FACTS_CASES]
assert len(_ALL_IDS) == len(set(_ALL_IDS)), "corpus case ids must be unique across files"


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


def _subprocess(*argv: str) -> tuple[int, str, str]:
    import os
    import subprocess
    import sys

    import pingyi_rules

    src = str(Path(pingyi_rules.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": src}
    done = subprocess.run([sys.executable, "-m", "pingyi_rules", *argv], capture_output=True, text=True, check=False,
                          encoding="utf-8", env=env, timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_no_traceback_reaches_the_terminal(tmp_path: Path) -> None:
    """The real entry point, for a bad ruleset, bad facts and a usage error."""
    from ..corpus_runner import BASE, materialise

    bad_ruleset = next(c for c in RULESET_CASES if c["id"] == "misspelt-top-level-key")
    folder = tmp_path / "r"
    folder.mkdir()
    argv = materialise(bad_ruleset, folder, "score")
    code, out, err = _subprocess(*argv)
    assert (code, out) == (1, "")
    assert err.replace(str(folder), "<dir>").splitlines() == bad_ruleset["stderr"]

    bad_facts = next(c for c in FACTS_CASES if c["id"] == "several-bad-cells-all-reported")
    folder = tmp_path / "f"
    folder.mkdir()
    code, out, err = _subprocess(*materialise(bad_facts, folder, "score"))
    assert (code, out) == (1, "")
    assert err.replace(str(folder), "<dir>").splitlines() == bad_facts["stderr"]

    code, out, err = _subprocess("score", str(BASE / "ruleset.yaml"))
    assert code == 2 and "Traceback" not in err
    assert err.startswith("pingyi score: the following arguments are required: FACTS")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], None),
        (["frobnicate"], "pingyi: argument COMMAND: invalid choice: 'frobnicate'"),
        (["score", "r.yaml", "f", "--format", "pdf"], "pingyi score: argument --format: invalid choice: 'pdf'"),
        (["check"], "pingyi check: the following arguments are required: RULESET"),
        (["explain", "r.yaml", "f"], "pingyi explain: the following arguments are required: SUBJECT"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], message: str | None) -> None:
    import io

    from pingyi_rules.cli import run

    stderr = io.StringIO()
    assert run(argv, io.StringIO(), stderr) == 2
    if message is not None:
        assert stderr.getvalue().startswith(message)
    assert "Traceback" not in stderr.getvalue()
