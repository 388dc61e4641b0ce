"""Mutation score of the scoring core, with cosmic-ray (the `mutation` extra); not run in CI.

    PYTHONPATH=src python scripts/mutation.py                  # every module below
    PYTHONPATH=src python scripts/mutation.py numbers outcomes # some of them, by short name
    PYTHONPATH=src python scripts/mutation.py cases --lines 393-430,455-577  # a stated sample: these lines only

Each module is mutated one change at a time (cosmic-ray's core operators: numbers, comparisons,
arithmetic and boolean operators, `not`, removed decorators, exception types) and, for each mutant,
the tests that exercise that module run (`-x`, a few seconds). A mutant is killed when they fail.
Two kinds of mutant are skipped before the run:
- mutations inside type annotations: with `from __future__ import annotations` an annotation is
  never evaluated, so such a mutant is equivalent by construction;
- a binary operator replaced by a bitwise, shift, power, floor-division or modulo operator, and a
  comparison replaced by `is` / `is not`: on Decimal, str and set operands these raise or compare
  identities, so any test reaching the line kills them; the arithmetic replacements (+ - * /) and
  the other comparisons, which give a wrong number rather than a crash, are all kept.

Prints, per module, the mutants, killed, survived, skipped and the score (killed / run), then every
survivor with its line and diff. The sessions (sqlite) are kept in build/mutation/ for
`cr-report` / `cr-html`. docs/testing.md ("Mutation score") lists the survivors and why each is
equivalent or which test now kills it.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkItem, WorkResult

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "build" / "mutation"
COSMIC_RAY = str(Path(sys.executable).parent / "cosmic-ray")

# module (short name) -> its path and the tests that exercise it: each mutant runs these alone
MODULES: dict[str, tuple[str, list[str]]] = {
    "numbers": (
        "src/pingyi_rules/core/numbers.py",
        ["tests/test_numbers.py", "tests/properties/test_exactness.py", "tests/compile/test_comparisons.py",
         "tests/scoring", "rulesets"],
    ),
    "scoring_conditions": (
        "src/pingyi_rules/scoring/conditions.py",
        ["tests/scoring", "tests/compile", "rulesets"],
    ),
    "compile_conditions": (
        "src/pingyi_rules/compile/conditions.py",
        ["tests/compile", "tests/scoring", "rulesets"],
    ),
    "aggregate_rows": (
        "src/pingyi_rules/kinds/aggregate_rows.py",
        ["tests/kinds/test_aggregate.py", "tests/kinds/test_aggregate_properties.py", "rulesets"],
    ),
    "outcomes": (
        "src/pingyi_rules/scoring/outcomes.py",
        ["tests/scoring", "rulesets"],
    ),
    "rows": (
        "src/pingyi_rules/kinds/rows.py",
        ["tests/kinds/test_row_conditions.py", "tests/compile", "tests/kinds/test_cases.py", "tests/kinds/test_rating.py",
         "tests/kinds/test_aggregate.py", "tests/scoring", "rulesets"],
    ),
    "cases": (
        "src/pingyi_rules/kinds/cases.py",
        ["tests/kinds/test_cases_edges.py", "tests/kinds/test_cases.py", "rulesets", "tests/scoring", "tests/shipped",
         "tests/compile"],
    ),
    "stages": (
        "src/pingyi_rules/scoring/stages.py",
        ["tests/scoring/test_stages_edges.py", "tests/scoring/test_stages.py", "tests/scoring/test_distributions.py",
         "tests/scoring", "rulesets", "tests/shipped"],
    ),
}


# operators whose mutants crash on the operands of this code rather than give a wrong number
NOISE = re.compile(
    r"ReplaceBinaryOperator_\w+_(BitAnd|BitOr|BitXor|LShift|RShift|Pow|FloorDiv|Mod|MatMult)$"
    r"|ReplaceComparisonOperator_(Eq|NotEq|Lt|LtE|Gt|GtE|In|NotIn)_(Is|IsNot)$"
)


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) of every annotation in the module: parameters, returns, annotated assignments."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        notes: list[ast.expr | None] = []
        if isinstance(node, ast.arg):
            notes.append(node.annotation)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            notes.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            notes.append(node.annotation)
        for note in notes:
            if note is not None and note.end_lineno is not None and note.end_col_offset is not None:
                spans.append(((note.lineno, note.col_offset), (note.end_lineno, note.end_col_offset)))
    return spans


def skipped(item: WorkItem, spans: list[tuple[tuple[int, int], tuple[int, int]]]) -> bool:
    """Whether a mutant is one of the two skipped kinds (see the module's text)."""
    m = item.mutations[0]
    start, end = tuple(m.start_pos), tuple(m.end_pos)
    return any(s <= start and end <= e for s, e in spans) or bool(NOISE.search(m.operator_name))


Lines = list[tuple[int, int]]


def outside(item: WorkItem, lines: Lines | None) -> bool:
    """Whether a mutant starts outside the sampled line ranges (`--lines`; None: every line)."""
    return lines is not None and not any(a <= item.mutations[0].start_pos[0] <= b for a, b in lines)


def skip(session: Path, spans: list[tuple[tuple[int, int], tuple[int, int]]], lines: Lines | None) -> None:
    """Mark the skipped kinds, and the mutants outside the sampled lines, skipped; every other
    mutant that has no result or survived is run (again: a resumed session runs the survivors
    against the tests written since)."""
    with sqlite3.connect(session) as con:
        con.execute("DELETE FROM work_results WHERE worker_outcome = 'SKIPPED' OR test_outcome = 'SURVIVED'")
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in list(db.pending_work_items):
            if skipped(item, spans) or outside(item, lines):
                db.set_result(item.job_id, WorkResult(output="skipped", worker_outcome=WorkerOutcome.SKIPPED))


def run(
    name: str, path: str, tests: list[str], timeout: float, resume: bool, lines: Lines | None = None
) -> tuple[int, int, int, int]:
    WORK.mkdir(parents=True, exist_ok=True)
    config = WORK / f"{name}.toml"
    session = WORK / f"{name}.sqlite"
    command = " ".join([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header", *tests])
    config.write_text(
        "[cosmic-ray]\n"
        f'module-path = "{path}"\n'
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f'test-command = "{command}"\n'
        "[cosmic-ray.distributor]\n"
        'name = "local"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    spans = annotation_spans((ROOT / path).read_text(encoding="utf-8"))
    if not (resume and session.exists()):
        session.unlink(missing_ok=True)
        subprocess.run([COSMIC_RAY, "init", str(config), str(session)], cwd=ROOT, env=env, check=True)
    skip(session, spans, lines)
    subprocess.run([COSMIC_RAY, "exec", str(config), str(session)], cwd=ROOT, env=env, check=True)
    killed = survived = incompetent = skips = unsampled = 0
    survivors = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if skipped(item, spans):
                skips += 1
                continue
            if outside(item, lines):
                unsampled += 1
                continue
            if result.test_outcome == TestOutcome.SURVIVED:
                survived += 1
                survivors.append((item, result))
            elif result.test_outcome == TestOutcome.INCOMPETENT:
                incompetent += 1
            else:
                killed += 1
    total = killed + survived + incompetent
    score = 100 * (killed + incompetent) / total if total else 100.0
    print(f"\n== {name} ({path})")
    print(f"mutants run {total}, killed {killed}, incompetent {incompetent}, survived {survived}, "
          f"skipped {skips}; score {score:.1f} %")
    if lines is not None:
        shown = ", ".join(f"{a}-{b}" for a, b in lines)
        print(f"sample: the mutants starting on lines {shown} only; {unsampled} others not run")
    for item, result in sorted(survivors, key=lambda s: tuple(s[0].mutations[0].start_pos)):
        m = item.mutations[0]
        print(f"-- survivor line {m.start_pos[0]}: {m.operator_name} #{m.occurrence}")
        diff = [line for line in (result.diff or "").splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        print("\n".join("   " + line for line in diff))
    return total, killed + incompetent, survived, skips


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help=f"short names: {', '.join(MODULES)} (default: all)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the sessions in build/mutation/; run only the mutants without a result or that survived")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for one mutant's tests")
    parser.add_argument("--lines", help="a stated sample: run only the mutants starting on these lines, e.g. 33-247,300-310")
    args = parser.parse_args()
    unknown = [n for n in args.modules if n not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    lines = None
    if args.lines:
        try:
            lines = [(int(a), int(b)) for a, _, b in (part.partition("-") for part in args.lines.split(","))]
        except ValueError:
            parser.error(f"--lines {args.lines}: give ranges such as 33-247,300-310")
    summary = [(n, *run(n, *MODULES[n], args.timeout, args.resume, lines)) for n in (args.modules or list(MODULES))]
    print("\nmodule               run  killed  survived  score")
    for name, total, killed, survived, _ in summary:
        print(f"{name:<20} {total:>4} {killed:>7} {survived:>9}  {100 * killed / total if total else 100:.1f} %")


if __name__ == "__main__":
    main()
