"""Spot-check of the scoring core: does the suite fail when a per-subject value is replaced by a constant?

    PYTHONPATH=src python scripts/spot_check.py            # every change below
    PYTHONPATH=src python scripts/spot_check.py input rank # some of them, by label
    PYTHONPATH=src python scripts/spot_check.py --list     # the changes, without running

Each change edits one place of the scoring core where a value of the subject (a field, a count, a
case row's cell, a component's points, a total, a rank) is read, so that it reads a constant instead
(a bound, the period's first day, one group for all) or the first value of that place seen in the
test run ("the first subject's value": `_spot_first`, appended to the changed module, keeps the
first non-blank value it is given per key and returns it from then on). Every change is applied
alone, to a copy of the tree in a temporary folder, and the targeted tests run there (`-x`); the
change is caught when they fail. The working tree is never edited.

Prints one line per change (caught / survived, and the first failing test) and the count.
docs/testing.md ("Spot-check: a subject's value replaced by a constant") lists the changes and
the outcome; a survivor needs a value test that kills it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COPIED = ("src", "tests", "rulesets", "examples", "docs", "schemas", "pyproject.toml")
TESTS = ["tests/kinds", "tests/scoring", "tests/compile", "tests/shipped", "rulesets"]

# appended to a changed module: the first non-blank value given per key, returned from then on
FIRST = '''

_SPOT_SEEN = {}


def _spot_first(key, value):
    if value is None:
        return None
    return _SPOT_SEEN.setdefault((key, type(value)), value)
'''


@dataclass(frozen=True)
class Change:
    label: str
    what: str  # the value replaced, in words
    path: str  # under src/pingyi_rules/
    old: str  # exact text, once in the file
    new: str
    also: tuple[tuple[str, str], ...] = ()  # further (old, new) edits of the same module, each text once

    @property
    def edits(self) -> tuple[tuple[str, str], ...]:
        return ((self.old, self.new), *self.also)

    @property
    def uses_first(self) -> bool:
        return any("_spot_first" in new for _, new in self.edits)


# The sugar kinds (grade, rating, deduction, rank_deduction, apportion: kinds/sugar.py) compute
# nothing themselves: they are compiled as their expansion into expression, lookup and aggregate
# components, so the places below that those core kinds read values at are theirs too.
CHANGES = [
    Change("input", "an input component's column value → the first subject's",
           "kinds/input.py", "value = subject.fields[name]\n", 'value = _spot_first(name, subject.fields[name])\n'),
    Change("expression-field", "every field an expression component sees (both ways) → the first subject's",
           "kinds/expression.py", "        fields = subject.fields\n        if fused is not None:",
           "        fields = {n: _spot_first(n, v) for n, v in subject.fields.items()}\n        if fused is not None:"),
    Change("expression-fast", "a field the generated steps function reads (the expression fast path) → the first subject's",
           "expressions/evaluate.py",
           'lines.append(f"    {variable} = scope[{name!r}] if {name!r} in scope else fields.get({name!r})")',
           'lines.append(f"    {variable} = scope[{name!r}] if {name!r} in scope else _spot_first({name!r}, fields.get({name!r}))")',
           also=(("**_PLAIN_TESTS, **constants,", '**_PLAIN_TESTS, "_spot_first": _spot_first, **constants,'),)),
    Change("expression-general", "a field an expression reads the general way (not plain numbers, a blank, a zero divisor) → the first subject's",
           "kinds/expression.py",
           "names: dict[str, Any] = {name: scope[name] if name in scope else fields.get(name) for name in order}",
           "names: dict[str, Any] = {name: scope[name] if name in scope else _spot_first(name, fields.get(name)) for name in order}"),
    Change("check-read", "a field an expression's unmet `checks` names with its value (EV027) → the first subject's",
           "kinds/expression.py",
           'read = ", ".join(f"{n} = {format_value(scope[n] if n in scope else subject.fields.get(n))}" for n in self.names)',
           'read = ", ".join(f"{n} = {format_value(scope[n] if n in scope else _spot_first(n, subject.fields.get(n)))}"'
           ' for n in self.names)'),
    Change("let-table", "a let value that is a lookup table (its number) → the first subject's",
           "kinds/let_tables.py", "        into[table.name] = number\n",
           "        into[table.name] = _spot_first(table.name, number)\n"),
    Change("let-table-reads", "a field only a let table reads, as the trace lists it → the first subject's",
           "kinds/let_tables.py", "return view, tuple(scope[n] if n in scope else fields.get(n) for n in extra), notes",
           "return view, tuple(scope[n] if n in scope else _spot_first(n, fields.get(n)) for n in extra), notes"),
    Change("let-table-reads-general", "a field only a let table reads, as the trace lists it the general way → the first subject's",
           "kinds/let_tables.py", "names[read] = scope[read] if read in scope else fields.get(read)",
           "names[read] = scope[read] if read in scope else _spot_first(read, fields.get(read))"),
    Change("lookup-key", "the field value a keyed lookup (rows naming one field's values, e.g. a grade) looks up → the first subject's",
           "kinds/lookup.py", "value = subject.fields.get(self.keyed[0])\n            rows, blank = self.index",
           "value = _spot_first(self.keyed[0], subject.fields.get(self.keyed[0]))\n            rows, blank = self.index"),
    Change("lookup-unmatched", "the value a keyed lookup found no row for, as its error names it (EV026) → the first subject's",
           "kinds/lookup.py", "(written := subject.fields.get(self.keyed[0])) is not None",
           "(written := _spot_first(self.keyed[0], subject.fields.get(self.keyed[0]))) is not None"),
    Change("lookup-field", "a field read by a lookup → the first subject's",
           "kinds/lookup.py",
           "read = tuple((name, scope[name] if name in scope else subject.fields.get(name)) for name in self.read)",
           "read = tuple((name, scope[name] if name in scope else _spot_first(name, subject.fields.get(name)))"
           " for name in self.read)"),
    Change("lookup-value-field", "a field read by a lookup row's value expression → the first subject's",
           "kinds/lookup.py",
           "names = {name: scope[name] if name in scope else subject.fields.get(name) for name in self.expression.names}",
           "names = {name: scope[name] if name in scope else _spot_first(name, subject.fields.get(name))"
           " for name in self.expression.names}"),
    Change("deduction-counts", "a ranged deduction item's count of cases, as its trace lists it → the first subject's",
           "kinds/deduction.py", "listed += tuple((column, subject.fields[column]) for column in wording.counts)",
           "listed += tuple((column, _spot_first(column, subject.fields[column])) for column in wording.counts)"),
    Change("apportion-parent", "the parent an apportioned amount comes from, as its formula names it → the first subject's",
           "kinds/apportion.py", 'who = f"{subject.fields.get(model.parent)} " if model.parent else ""',
           'who = f"{_spot_first(model.parent, subject.fields.get(model.parent))} " if model.parent else ""'),
    Change("weighted-child", "a weighted child's points → the first subject's",
           "kinds/weighted.py", "total += weight * result.points", "total += weight * _spot_first(result.id, result.points)"),
    Change("aggregate-row", "an aggregate's row value (`of`), row by row → the first row's",
           "kinds/aggregate_rows.py", "value: Any = of.evaluate(row, subject.fields)",
           "value: Any = _spot_first(self.table, of.evaluate(row, subject.fields))"),
    Change("aggregate-folded", "an aggregate's row value (`of`) over folded rows (distinct rows and counts) → the first row's",
           "kinds/aggregate_rows.py", "value: Any = self.of.evaluate(row, subject.fields)",
           "value: Any = _spot_first(self.table, self.of.evaluate(row, subject.fields))"),
    Change("aggregate-over", "a ratio's row denominator (`over`, e.g. a rating over ballot rows) → the first row's",
           "kinds/aggregate_rows.py", "over = self._value(subject, index, row, self.over, traces)",
           "over = _spot_first(('over', self.table), self._value(subject, index, row, self.over, traces))"),
    Change("aggregate-share", "whether a row meets a share's condition (`meeting`), row by row → the first row's",
           "kinds/aggregate_rows.py", "        elif self.meeting is not None:\n            value = self.meeting(row)\n",
           "        elif self.meeting is not None:\n            value = _spot_first(('meeting', self.table), self.meeting(row))\n"),
    Change("aggregate-totals", "a listed total over the counted rows (`totals`, e.g. a rating's 票数合计) → the first row's",
           "kinds/aggregate_rows.py", "total += expression.evaluate(row, subject.fields)",
           "total += _spot_first(label, expression.evaluate(row, subject.fields))"),
    Change("population-of", "the value of each subject an aggregate over the population counts (`of`) → the first subject's",
           "kinds/aggregate_population.py", "counted.append((subject, of.evaluate(None, subject.fields)))",
           "counted.append((subject, _spot_first(trace_path, of.evaluate(None, subject.fields))))"),
    Change("population-group", "a subject's group in an aggregate over the population (`within`) → one group for all",
           "kinds/aggregate_population.py",
           "groups.setdefault(subject.fields.get(within) if within is not None else None, [])",
           "groups.setdefault(None, [])"),
    Change("case-date", "a case row's date → the period's first day (every row in the period)",
           "kinds/aggregate_steps.py", "day = row.values.get(column)\n", "day = period.start\n"),
    Change("case-count", "a case row's count (人次, a column multiplier) → 1",
           "kinds/aggregate_steps.py", "times = case.row.values.get(rule.multiply) or ZERO", "times = ZERO + 1"),
    Change("case-code", "the row a case row takes in its row table (its item, its sanction) → the first row's",
           "kinds/aggregate_steps.py", "held = self.table.pick(row)\n", "held = _spot_first(id(self), self.table.pick(row))\n"),
    Change("case-amount", "a case row's own amount (a ranged item: a row table's value from the row) → the first row's",
           "kinds/aggregate_steps.py", "return held.value.evaluate(row, subject.fields)\n",
           "return _spot_first(id(held), held.value.evaluate(row, subject.fields))\n"),
    Change("row-comparison", "the value a row condition compares (at_least, above, ...) → the first row's",
           "kinds/rows.py", "        return test(value)\n\n    return ordered",
           "        return test(_spot_first(name, value))\n\n    return ordered"),
    Change("row-equals", "the value a row condition tests with equals / in → the first row's",
           "kinds/rows.py", "return lambda row: (value := row.values.get(name)) is not None and test(value)",
           "return lambda row: (value := _spot_first(name, row.values.get(name))) is not None and test(value)"),
    Change("row-flag", "a row's yes/no column a row condition's `flag` tests → the first row's",
           "kinds/rows.py", "return lambda row: row.values.get(name) is True",
           "return lambda row: _spot_first(name, row.values.get(name)) is True"),
    Change("row-blank", "whether a row's cell is blank (a row condition's `blank`) → the first row's",
           "kinds/rows.py", "return lambda row: row.values.get(name) is None",
           "return lambda row: _spot_first(name, row.values.get(name) is None)"),
    Change("row-expression", "a column a row condition's `expr` reads → the first row's",
           "kinds/rows.py", "value = expression.evaluate({n: row.values.get(n) for n in expression.names})",
           "value = expression.evaluate({n: _spot_first(n, row.values.get(n)) for n in expression.names})"),
    Change("total", "every subject's exact total → the first subject's",
           "scoring/evaluate.py", "exact = [exact_total(c) for c in components]",
           "exact = [exact_total(components[0]) for c in components]"),
    Change("rank-key", "the total a subject is ranked by → the first member's",
           "scoring/outcomes.py", "ranked = [(totals[i], i) for i in self.members]",
           "ranked = [(totals[self.members[0]], i) for i in self.members]"),
    Change("tie-break", "a tie-break measure (a component's points) → the first subject's",
           "scoring/measures.py", "else find_component(components, measure.id).points\n",
           "else _spot_first(measure.id, find_component(components, measure.id).points)\n"),
    Change("ranking-group", "a subject's ranking group (`within`) → one group for all",
           "scoring/outcomes.py", "value = subject.get(self.within)\n        return None if value",
           "value = None\n        return None if value"),
    Change("named-ranking-group", "a subject's group in a named ranking (`rankings:` … `within`) → one group for all",
           "scoring/measures.py",
           "groups = {i: None if self.within is None else subjects[i].get(self.within) for i in members}",
           "groups = {i: None for i in members}"),
    Change("condition-field", "a field a subject condition reads (tiers, vetoes, a lookup's rows) → the first subject's",
           "scoring/conditions.py", "return standing.subject.get(name.name)",
           "return _spot_first(name.name, standing.subject.get(name.name))"),
    Change("condition-scope", "a value or component a condition decided while scoring (a lookup's row) reads → the first subject's",
           "scoring/conditions.py", "return standing.scope.get(name.name)",
           "return _spot_first(name.name, standing.scope.get(name.name))"),
    Change("condition-component", "a component's points a tier or veto condition compares → the first subject's",
           "scoring/conditions.py", "points = find_component(standing.components, name.name).points\n    if points is None",
           "points = _spot_first(name.name, find_component(standing.components, name.name).points)\n    if points is None"),
    Change("condition-total", "the total a tier condition compares → the first subject's",
           "scoring/conditions.py", "return lambda s: test(s.total)", "return lambda s: test(_spot_first('total', s.total))"),
    Change("condition-rows", "the row count of a `rows` condition → the first subject's",
           "scoring/conditions.py", "return lambda s: test(Decimal(len(s.subject.cases.get(table_id, ()))))",
           "return lambda s: test(Decimal(_spot_first(table_id, len(s.subject.cases.get(table_id, ())))))"),
    Change("stage-total", "the stage total a selection ranks → the group's first member's",
           "scoring/stages.py", "                total = totals[position]\n                if total is None:",
           "                total = totals[members[0]]\n                if total is None:"),
    Change("stage-group", "a subject's selection group (stage `within`) → one group for all",
           "scoring/stages.py", 'key = "" if stage.within is None else str(subjects[position].get(stage.within))',
           'key = ""'),
    Change("quota-group", "a subject's quota group (a quota's `within`) → one group for all",
           "scoring/outcomes.py", "None if tier.within is None else self.subjects[index].get(tier.within))",
           "None)"),
    Change("quota-group-label", "the group a quota's error names (EV022: ranking and quota group) → the first subject's",
           "scoring/outcomes.py", "subject = self.subjects[part[0]]\n", "subject = self.subjects[0]\n"),
    Change("group-check-group", "a subject's group in a group check (`within`) → one group for all",
           "scoring/group_checks.py", "groups.setdefault(subject.fields.get(self.within), [])",
           "groups.setdefault(None, [])"),
    Change("group-check-tally", "a field value a failed group check tallies in its error (EV009) → the first subject's",
           "scoring/group_checks.py", "value = standing.fields.get(field.name)",
           "value = _spot_first(field.name, standing.fields.get(field.name))"),
    Change("consequence-place", "the place a consequence reads (rank or column) → the first subject's",
           "scoring/consequences.py", "place = rank if self.rank is None else subject.get(self.rank)",
           "place = _spot_first('place', rank if self.rank is None else subject.get(self.rank))"),
    Change("consequence-kind", "the field a consequence's bands are chosen by (`by`) → the first subject's",
           "scoring/consequences.py", "kind = None if self.by is None else subject.get(self.by)",
           "kind = _spot_first('kind', None if self.by is None else subject.get(self.by))"),
    Change("gate-group", "a subject's gate group → one group for all",
           "scoring/gates.py", "value = None if gate.within is None else standing.subject.get(gate.within)", "value = None"),
]


def problems(change: Change, source: str) -> list[str]:
    """Why the change cannot be made in the module's text (an edit's text not there exactly once); empty when it can."""
    said = []
    for old, _ in change.edits:
        count = source.count(old)
        if count != 1:
            said.append(f"{change.label}: the text to change occurs {count} times in {change.path}, not once: {old!r}")
    return said


def apply(change: Change, source: str) -> str:
    """The module's text with the change made (and `_spot_first` appended where it is used); it must compile."""
    said = problems(change, source)
    if said:
        raise SystemExit("\n".join(said))
    changed = source
    for old, new in change.edits:
        changed = changed.replace(old, new)
    if change.uses_first:
        changed += FIRST
    compile(changed, change.path, "exec")
    return changed


def check(change: Change, copy: Path, timeout: float) -> tuple[bool, str]:
    """(caught, the first failing test or why) for one change applied in the copy, which is restored after."""
    target = copy / "src" / "pingyi_rules" / change.path
    original = target.read_text(encoding="utf-8")
    target.write_text(apply(change, original), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "--no-header", *TESTS]
    try:
        done = subprocess.run(command, check=False, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout:.0f} s: not counted as caught"
    finally:
        target.write_text(original, encoding="utf-8")
    if done.returncode == 0:
        return False, ""
    failed = re.search(r"^(?:FAILED|ERROR) (\S+)", done.stdout, re.MULTILINE)
    return True, failed.group(1) if failed else f"pytest exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*", help="labels of the changes to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the changes and exit")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds for one change's tests")
    args = parser.parse_args()
    known = {c.label: c for c in CHANGES}
    unknown = [label for label in args.labels if label not in known]
    if unknown:
        parser.error(f"unknown change {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = [known[label] for label in args.labels] if args.labels else CHANGES
    if args.list:
        for change in chosen:
            print(f"{change.label:<24} {change.path:<30} {change.what}")
        return
    with tempfile.TemporaryDirectory(prefix="spot-check-") as folder:
        copy = Path(folder)
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, copy / name)
        for change in chosen:  # every text found and the changed module compiles, before anything runs
            apply(change, (copy / "src" / "pingyi_rules" / change.path).read_text(encoding="utf-8"))
        caught = 0
        for change in chosen:
            hit, why = check(change, copy, args.timeout)
            caught += hit
            print(f"{'caught  ' if hit else 'SURVIVED'} {change.label:<24} {change.what}{f'  [{why}]' if why else ''}",
                  flush=True)
    print(f"\n{caught} of {len(chosen)} changes caught, {len(chosen) - caught} survived")
    if caught < len(chosen):
        sys.exit(1)


if __name__ == "__main__":
    main()
