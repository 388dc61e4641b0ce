"""The worked-case runner behind the pytest plugin and `pingyi test`: reading cases files (PY003),
differences per unit and component, expected errors, and the command's exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pingyi_rules.scaffold import init_folder
from pingyi_rules.testing import read_cases, run_case
from pingyi_rules.testing.cases import CasesFileError

from ..helpers import ROOT, RULESETS, cli

SRC = ROOT / "src"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return init_folder("某县-2025", tmp_path)


def _cases(folder: Path) -> Path:
    return folder / "某县-2025.cases.yaml"


def test_the_generated_cases_pass(folder: Path) -> None:
    outcomes = [run_case(case) for case in read_cases(_cases(folder))]
    assert [o.passed for o in outcomes] == [True, True]


def test_a_wrong_number_is_reported_by_unit_and_component(folder: Path) -> None:
    text = _cases(folder).read_text(encoding="utf-8")
    _cases(folder).write_text(text.replace('A02: {total: "76.40"', 'A02: {total: "76.41"')
                              .replace('日常考评: "14.00"', '日常考评: "15"'), encoding="utf-8")
    outcome = run_case(read_cases(_cases(folder))[0])
    assert outcome.report().splitlines() == [
        "某县-2025/某县-2025.cases.yaml:5: case '示例数据' failed (某县-2025.yaml)",
        "  unit A02:",
        "    total: expected 76.41, got 76.40",
        "    component 日常考评: expected 15, got 14.00",
    ]


def test_a_missing_unit_and_wrong_tiers_and_rank(folder: Path) -> None:
    text = _cases(folder).read_text(encoding="utf-8")
    text = text.replace("A01: {total", "A09: {rank: 1}\n      A01: {total").replace("rank: 2, tiers: []", "rank: 1, tiers: [好]")
    _cases(folder).write_text(text, encoding="utf-8")
    problems = run_case(read_cases(_cases(folder))[0]).problems
    assert problems == [
        "unit A09: not in the result (units: A01, A02)",
        "unit A02:",
        "  rank: expected 1, got 2",
        "  tiers: expected [好], got []",
    ]


def test_expected_errors(folder: Path) -> None:
    bad = "单位编码,单位名称,满意,基本满意,不满意,投诉查实\nB01,乙,十,0,0,0\n"
    _cases(folder).write_text(
        "ruleset: 某县-2025.yaml\nfacts: facts\ncases:\n"
        f"  - id: right\n    tables: {{units: {json.dumps(bad, ensure_ascii=False)}}}\n    error: \"<facts>/units.csv, row 2: column 满意\"\n"
        f"  - id: wrong-text\n    tables: {{units: {json.dumps(bad, ensure_ascii=False)}}}\n    error: \"something else\"\n"
        "  - id: no-error\n    error: \"something\"\n",
        encoding="utf-8",
    )
    right, wrong, none = [run_case(case) for case in read_cases(_cases(folder))]
    assert right.passed
    assert wrong.problems[0] == "error: expected a message containing 'something else'"
    assert wrong.problems[1].startswith("       got <facts>/units.csv, row 2: column 满意: '十'")
    assert none.problems == ["error: expected a message containing 'something', but scoring succeeded"]


@pytest.mark.parametrize(("text", "message"), [
    ("ruleset: a.yaml\ncase: []\n", "x.cases.yaml:2:1: case: unknown key 'case'; expected one of ruleset, facts, cases [PY003]"),
    ("ruleset: a.yaml\ncases: []\n", "x.cases.yaml:2:8: cases: 'cases' must be a list with at least one case [PY003]"),
    ("ruleset: a.yaml\ncases:\n  - {id: a, expect: {}}\n  - {id: a, expect: {}}\n",
     "x.cases.yaml:4:10: cases[1].id: case id 'a' is used twice [PY003]"),
    ("ruleset: a.yaml\ncases:\n  - {id: a, expct: {}}\n",
     "x.cases.yaml:3:13: cases[0].expct: unknown key 'expct'; expected one of error, expect, facts, id, ruleset, tables, void [PY003]"),
    ("ruleset: a.yaml\ncases:\n  - {id: a}\n",
     "x.cases.yaml:3:5: cases[0]: a case states 'expect' (units and their numbers) or 'error' (expected text) [PY003]"),
    ("cases:\n  - {id: a, expect: {}}\n",
     "x.cases.yaml:2:5: cases[0]: no ruleset: give 'ruleset' at the top of the file or in the case [PY003]"),
    ("ruleset: a.yaml\ncases:\n  - {id: a, expect: {U1: 3}}\n",
     "x.cases.yaml:3:21: cases[0].expect: 'expect' maps each unit id to its expected fields (total, rank, tiers, ...) [PY003]"),
])
def test_malformed_cases_files_are_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.cases.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CasesFileError) as caught:
        read_cases("x.cases.yaml")
    assert str(caught.value) == message


def test_pingyi_test_exit_codes_and_output(folder: Path) -> None:
    code, out, err = cli("test", "某县-2025/某县-2025.yaml")
    assert (code, out, err) == (0, "2 cases passed\n", "")
    text = _cases(folder).read_text(encoding="utf-8")
    _cases(folder).write_text(text.replace('total: "95.84"', 'total: "95.85"'), encoding="utf-8")
    code, out, err = cli("test", "某县-2025")
    assert code == 1 and err == ""
    assert out.splitlines() == [
        "某县-2025/某县-2025.cases.yaml:5: case '示例数据' failed (某县-2025.yaml)",
        "  unit A01:",
        "    total: expected 95.85, got 95.84",
        "1 passed, 1 failed",
    ]


def test_pingyi_test_without_cases(folder: Path) -> None:
    _cases(folder).unlink()
    code, out, err = cli("test", "某县-2025/某县-2025.yaml")
    assert code == 1 and out == ""
    assert err == ("某县-2025/某县-2025.yaml: no cases file beside it names this ruleset; "
                   "write 某县-2025.cases.yaml (see docs/testing.md) [PY004]\n")
    code, _, err = cli("test", "某县-2025")
    assert code == 1 and err == "某县-2025: no *.cases.yaml here [PY004]\n"


def test_pingyi_test_on_a_malformed_cases_file(folder: Path) -> None:
    _cases(folder).write_text("ruleset: 某县-2025.yaml\ncases: {}\n", encoding="utf-8")
    code, out, err = cli("test", str(_cases(folder).relative_to(Path.cwd())))
    assert code == 1 and out == ""
    assert err == "某县-2025/某县-2025.cases.yaml:2:8: cases: 'cases' must be a list with at least one case [PY003]\n"


def test_every_shipped_cases_file_passes_through_pingyi_test() -> None:
    code, out, err = cli("test", RULESETS)
    assert (code, err) == (0, ""), out
    cases = sum(len(read_cases(p)) for p in RULESETS.rglob("*.cases.yaml"))
    assert out == f"{cases} cases passed\n"


def test_the_plugin_collects_and_reports_a_failure(folder: Path) -> None:
    """pytest with the plugin (named with -p: the entry point is tested in test_fresh_folder)."""
    text = _cases(folder).read_text(encoding="utf-8")
    _cases(folder).write_text(text.replace('群众满意度: "62.40"', '群众满意度: "62.4001"'), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pingyi_rules.testing.plugin", "-p", "no:cacheprovider", "-q", "某县-2025"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert run.returncode == 1, run.stdout
    assert "某县-2025/某县-2025.cases.yaml:5: case '示例数据' failed (某县-2025.yaml)\n  unit A02:\n" \
           "    component 群众满意度: expected 62.4001, got 62.40\n" in run.stdout
    assert "1 failed, 1 passed" in run.stdout
    Path("某县-2025/某县-2025.cases.yaml").write_text("cases: 3\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "pingyi_rules.testing.plugin", "-p", "no:cacheprovider", "-q", "某县-2025"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert run.returncode == 2
    assert "1:8: cases: 'cases' must be a list with at least one case [PY003]" in run.stdout


_WITHOUT_HYPOTHESIS = """
import io, sys
sys.modules["hypothesis"] = None  # as if the testing extra were not installed
from pingyi_rules.cli import run
from pingyi_rules.testing import check_invariants, read_cases
out, err = io.StringIO(), io.StringIO()
code = run(["test", sys.argv[1], "--properties"], out, err)
print(code, out.getvalue(), err.getvalue(), sep="|")
check_invariants(__import__("pingyi_rules").load_ruleset(sys.argv[1]), sys.argv[1].replace("某县-2025.yaml", "facts"))
"""


def test_without_the_testing_extra(folder: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    run = subprocess.run([sys.executable, "-c", _WITHOUT_HYPOTHESIS, "某县-2025/某县-2025.yaml"],
                         capture_output=True, text=True, env=env, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert run.stdout == ('1|2 cases passed\n|the property checks need hypothesis: '
                          'pip install "pingyi-rules[testing]" [PY006]\n\n')
