"""The `ballots` kind: quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个), void ones left out.

seed 000 五(三)(四): a voter grades every 科室 with exactly the quota of each
grade; a ballot off quota (不按要求勾选的为无效票) is void. Validity is a
property of the whole ballot, so it is decided in a population pass over every
subject's rows; each subject's evaluation then averages the grade values of its
valid ballots. Void ballots are reported once in `Result.void` and each of their
rows shows as `void` in the trace of the subject it rated.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from ..compile.context import CompileContext
from ..core.errors import EvaluationError, FactsError, Location, close_matches
from ..core.numbers import ZERO, div, plain
from ..facts.reading import Row
from ..model import components as m
from ..results.result import RowTrace, VoidRecord
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .population import PopulationInput, PopulationOutput

_UNPREPARED = "ballot validity is decided over the whole population; score the facts with score()"


@dataclass(frozen=True)
class _Vote:
    """One row of a ballot as a subject sees it."""

    row: Row
    ballot: str
    voter: str
    grade: str
    void: str | None  # the reason, when the ballot is void


def compile_ballots(model: m.BallotsComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    table = ctx.table(model.table, path + ("table",), "cases")
    ballot_col = ctx.table_column(table, model.ballot, path + ("ballot",)).name
    voter_spec = ctx.table_column(table, model.voter, path + ("voter",), ("enum", "text", "id"))
    grade_spec = ctx.table_column(table, model.grade, path + ("grade",), ("enum", "text"))
    voter_col, grade_col = voter_spec.name, grade_spec.name
    scale = ctx.scale(model.scale, path + ("scale",))
    grades = scale.grades
    top = max(grades.values())
    if top <= 0:
        raise ctx.error(f"scale '{scale.id}' has no positive grade value", path + ("scale",), code="RS031")
    if sum(model.quotas.values()) == 0:
        raise ctx.error("the quotas are all 0: a valid ballot could grade no one", path + ("quotas",), code="RS038")
    for grade in model.quotas:
        if grade not in grades:
            raise ctx.error(
                f"quota for '{grade}', which is not a grade of scale '{scale.id}' ({' / '.join(grades)})",
                path + ("quotas", grade),
                close_matches(grade, grades), code="RS038",
            )
    if grade_spec.values is not None:
        unknown = [g for g in grade_spec.values if g not in grades]
        if unknown:
            raise ctx.error(
                f"grades {', '.join(unknown)} of column '{model.grade}' are not in scale '{scale.id}'", path + ("grade",), code="RS038"
            )
    for index, voter in enumerate(model.voters):
        if voter_spec.values is not None and voter not in voter_spec.values:
            raise ctx.error(
                f"'{voter}' is not a value of column '{model.voter}' ({' / '.join(voter_spec.values)})",
                path + ("voters", index),
                close_matches(voter, voter_spec.values), code="RS034",
            )
    # Every voter type on a table is counted by exactly one component, so every row is traced once.
    claimed: dict[str, str] = ctx.shared.setdefault("ballots", {}).setdefault(table.id, {})
    for index, voter in enumerate(model.voters):
        if voter in claimed:
            raise ctx.error(f"voter type '{voter}' is already counted by component '{claimed[voter]}'", path + ("voters", index), code="RS038")
        claimed[voter] = model.id
    voters = frozenset(model.voters)
    quotas = dict(model.quotas)
    complete, table_id, points = model.complete, table.id, model.points

    def prepare(given: PopulationInput) -> PopulationOutput:
        everyone = [s.id for s in given.subjects]
        ballots: dict[str, list[tuple[SubjectFacts, Row]]] = {}
        marked: dict[str, Row] = {}  # ballot → its first row in the file, whatever its voter type
        in_file_order = sorted(
            ((subject, row) for subject in given.subjects for row in subject.cases.get(table_id, [])),
            key=lambda pair: pair[1].number,
        )
        for subject, row in in_file_order:
            voter = str(row.values.get(voter_col))
            if voter not in claimed:
                raise FactsError(
                    f"voter type '{voter}' is counted by no ballots component ({', '.join(claimed)})",
                    row.cells[voter_col],
                    suggestions=close_matches(voter, claimed), code="FA023",
                )
            key = str(row.values.get(ballot_col))
            first = marked.setdefault(key, row)
            if str(first.values.get(voter_col)) != voter:
                raise FactsError(
                    f"ballot {key} is marked '{first.values.get(voter_col)}' at {first.location} but '{voter}' here",
                    row.cells[voter_col], code="FA023",
                )
            if voter not in voters:
                continue
            grade = str(row.values.get(grade_col))
            if grade not in grades:
                raise FactsError(
                    f"'{grade}' is not a grade of scale '{scale.id}' ({' / '.join(grades)})",
                    row.cells[grade_col],
                    suggestions=close_matches(grade, grades), code="FA012",
                )
            ballots.setdefault(key, []).append((subject, row))
        if complete and ballots and sum(quotas.values()) != len(everyone):
            source = given.facts.tables[table_id].source
            raise EvaluationError(
                f"{trace_path}: the quotas ({' + '.join(f'{g} {n}' for g, n in quotas.items())}) add up to "
                f"{sum(quotas.values())}, but every ballot must rate all {len(everyone)} subjects: no ballot could be valid",
                Location(file=source), code="EV006",
            )
        out = PopulationOutput()
        votes: dict[str, list[tuple[int, _Vote]]] = {s.id: [] for s in given.subjects}
        for key, members in ballots.items():
            first_voter = str(members[0][1].values.get(voter_col))
            reason = _why_void(members, grade_col, quotas, everyone if complete else None)
            if reason is not None:
                out.void.append(VoidRecord(table_id, key, f"{first_voter}: {reason}", members[0][1].location))
            for subject, row in members:
                number = row.location.row or 0
                vote = _Vote(row, key, first_voter, str(row.values.get(grade_col)), reason)
                votes[subject.id].append((number, vote))
        for subject in given.subjects:
            subject.derived[trace_path] = [vote for _, vote in sorted(votes[subject.id], key=lambda p: p[0])]
        return out

    ctx.population.append(prepare)

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        if trace_path not in subject.derived:
            raise evaluation_error(subject, trace_path, _UNPREPARED, code="EV007")
        votes: list[_Vote] = subject.derived[trace_path]
        rows: list[RowTrace] = []
        valid: list[tuple[str, Decimal]] = []
        for vote in votes:
            if vote.void is not None:
                rows.append(RowTrace(vote.row.location, "void", None, f"{vote.ballot} {vote.grade}：作废票（{vote.void}）"))
            else:
                value = grades[vote.grade]
                valid.append((vote.grade, value))
                rows.append(RowTrace(vote.row.location, "counted", value, f"{vote.ballot} {vote.voter} {vote.grade}"))
        if not valid:
            raise evaluation_error(
                subject, trace_path, f"no valid ballot from {' / '.join(sorted(voters))} ({len(votes)} void)", code="EV002"
            )
        total = sum((v for _, v in valid), ZERO)
        mean = div(total, Decimal(len(valid)))
        value = div(mean * points, top)
        terms = " + ".join(f"{grade} {plain(v)}" for grade, v in valid)
        formula = f"({terms}) / {len(valid)} 张有效票 = {plain(mean)}"
        if points != top:
            formula += f"；{plain(mean)} / {plain(top)} × {plain(points)} = {plain(value)}"
        void_count = sum(1 for v in votes if v.void is not None)
        notes = (f"作废票 {void_count} 张不计",) if void_count else ()
        inputs = (("有效票", str(len(valid))), ("作废票", str(void_count)))
        return Outcome(value, formula, inputs, notes, rows=tuple(rows))

    return evaluate


def _why_void(
    members: list[tuple[SubjectFacts, Row]], grade_col: str, quotas: dict[str, int], everyone: list[str] | None
) -> str | None:
    """Why a ballot is void (None when it is valid): off quota, a subject missed or rated twice."""
    counts = Counter(str(row.values.get(grade_col)) for _, row in members)
    problems = []
    for grade, want in quotas.items():
        if counts.get(grade, 0) != want:
            problems.append(f"{grade} {counts.get(grade, 0)} 个（应为 {want} 个）")
    for grade, got in counts.items():
        if grade not in quotas:
            problems.append(f"{grade} {got} 个（应为 0 个）")
    if everyone is not None:
        rated: dict[str, list[int]] = {}  # subject → the rows (in the ballot table) that rate it
        for subject, row in members:
            rated.setdefault(subject.id, []).append(row.number)
        twice = [f"{s}（第 {'、'.join(map(str, rows))} 行）" for s, rows in rated.items() if len(rows) > 1]
        missing = [s for s in everyone if s not in rated]
        if twice:
            problems.append(f"重复评 {'、'.join(twice)}")
        if missing:
            problems.append(f"未评 {'、'.join(missing)}")
    return "；".join(problems) if problems else None
