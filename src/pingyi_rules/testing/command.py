"""`pingyi test PATH…`: the worked cases without pytest, and with `--properties` the invariants on
generated facts. Exit 0 when everything passes, 1 otherwise; a failing case prints the same
differences as under pytest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from ..core.errors import Location, PingyiError
from ..core.messages import say
from ..core.safe_text import visible
from ..loading import load_ruleset
from .cases import CASES_SUFFIX, cases_for, read_cases, run_case


class NoCases(PingyiError):
    """A ruleset with no cases file beside it that names it (PY004)."""

    code = "PY004"


def _lines(error: PingyiError) -> Iterator[str]:
    for line in str(error).splitlines():
        yield visible(line)


def run_tests(
    paths: list[str], stdout: TextIO, stderr: TextIO, *, properties: bool = False, seed: int = 0, budget: int = 50,
) -> bool:
    """Run the cases for every path (a ruleset, a cases file or a folder); True when all pass."""
    passed = failed = 0
    ok = True
    rulesets: dict[Path, str] = {}
    for path in paths:
        files = cases_for(path)
        if not files:
            if Path(path).is_file() and not path.endswith(CASES_SUFFIX):
                if properties:
                    rulesets.setdefault(Path(path).resolve(), path)
                    continue
                stem = Path(path).name.removesuffix(Path(path).suffix)
                error = NoCases(say("PY004.ruleset", file=f"{stem}{CASES_SUFFIX}"), Location(file=path))
            else:
                error = NoCases(say("PY004.folder"), Location(file=path))
            stderr.writelines(f"{line}\n" for line in _lines(error))
            ok = False
            continue
        for file in files:
            try:
                cases = read_cases(file)
            except PingyiError as exc:
                stderr.writelines(f"{line}\n" for line in _lines(exc))
                ok = False
                continue
            for case in cases:
                rulesets.setdefault(case.ruleset.resolve(), str(case.ruleset))
                outcome = run_case(case)
                if outcome.passed:
                    passed += 1
                else:
                    failed += 1
                    stdout.write(outcome.report() + "\n")
    if passed or failed:
        if failed:
            stdout.write(f"{say('cli.cases_failed', passed=passed, failed=failed)}\n")
        else:
            stdout.write(f"{say('cli.cases_passed', passed=passed)}\n")
    if properties:
        ok = _properties(rulesets, stdout, stderr, seed, budget) and ok
    return ok and not failed


def _properties(rulesets: dict[Path, str], stdout: TextIO, stderr: TextIO, seed: int, budget: int) -> bool:
    ok = True
    for shown in rulesets.values():
        try:
            from .properties import (  # hypothesis comes with an extra: imported when asked for
                Budget,
                run_properties,
            )

            ruleset = load_ruleset(shown)
            findings = run_properties(ruleset, shown, Budget(seed, budget))
        except PingyiError as exc:
            stderr.writelines(f"{line}\n" for line in _lines(exc))
            return False
        if findings.problems:
            ok = False
            for problem in findings.problems:
                stdout.writelines(f"{line}\n" for line in _lines(problem))
        else:
            held = say("cli.properties_hold", path=shown, budget=budget, seed=seed, scored=findings.scored,
                       refused=findings.refused)
            stdout.write(f"{held}\n")
        if findings.scored == 0 and findings.first_refusal is not None:
            said = say("warn.properties_unexercised", refusal=visible(findings.first_refusal))
            stderr.write(f"{say('cli.warning', text=f'{visible(shown)}: {said}')}\n")
    return ok
