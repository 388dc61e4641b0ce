"""The `ballots` kind: quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个), void ones left out.

For example (a 县供销社 联评 scheme): a voter grades every 科室 with exactly the quota of each
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
from functools import partial
from typing import Annotated, Literal, NamedTuple

from pydantic import Field

from ..compile.context import CompileContext, TallyScale
from ..compile.population import PopulationInput, PopulationOutput
from ..compile.rating import rating_scale
from ..core.errors import EvaluationError, FactsError, Location, close_matches
from ..core.messages import say
from ..core.numbers import ZERO, div, plain
from ..facts.reading import Row
from ..model.base import FactKeyed, FactTexts, Identifier, Slug
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.result import RowTrace, VoidRecord
from ..results.runtime import Evaluate, Outcome, Scope, Slot, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec, table_of


class BallotsComponent(ComponentBase):
    """限额投票：每张票须按名额评定等次并评遍全部对象，否则作废；得分为有效票分值的平均。"""

    kind: Literal["ballots"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    table: Slug = Field(title="选票表", description="rows: cases 表，每行一张票对一个对象的等次；对象编码列即被评对象")
    ballot: str = Field(title="票号列", description="同一票号的各行为同一张选票")
    voter: str = Field(title="投票人列", description="投票人类型（如 主要领导、科室互评）")
    voters: FactTexts = Field(min_length=1, title="计入的投票人", description="此项只计这些投票人类型的选票")
    grade: str = Field(title="等次列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 每票分值（优秀 10 / 良好 8 / 一般 6）")
    quotas: FactKeyed[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, title="名额", description="等次 → 每张票恰好应投的个数（优秀 2 / 良好 1 / 一般 1）"
    )
    complete: bool = Field(True, title="须评遍", description="为 true 时每张票须评遍全部评议对象，且每个对象只评一次")


# table id → (voter type → the component that counts it), over every ballots component of a ruleset
_CLAIMED: Slot[dict[str, dict[str, str]]] = Slot("ballots: the voter types claimed on each table")


class _Vote(NamedTuple):
    """One row of a ballot as a subject sees it."""

    number: int  # the row's number in its file or sheet
    row: Row
    ballot: str
    voter: str
    grade: str
    void: str | None  # the reason, when the ballot is void


@dataclass(frozen=True)
class _Ballots:
    """One compiled `ballots` component: what its population pass and its evaluation read."""

    trace_path: str
    table_id: str
    ballot_col: str
    voter_col: str
    grade_col: str
    scale_id: str
    grades: dict[str, Decimal]
    top: Decimal
    quotas: dict[str, int]
    voters: frozenset[str]  # the voter types this component counts
    claimed: dict[str, str]  # every voter type counted on the table → its component
    complete: bool
    points: Decimal
    votes: Slot[list[_Vote]]  # each subject's votes, in file order, put there by the population pass


def compile_ballots(model: BallotsComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    table = ctx.table(model.table, path + ("table",), "cases")
    ballot_col = ctx.table_column(table, model.ballot, path + ("ballot",)).name
    voter_spec = ctx.table_column(table, model.voter, path + ("voter",), ("enum", "text", "id"))
    grade_spec = ctx.table_column(table, model.grade, path + ("grade",), ("enum", "text"))
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    _check_quotas(model, scale, grade_spec.values, path, ctx)
    _check_voters(model, voter_spec.values, path, ctx)
    # Every voter type on a table is counted by exactly one component, so every row is traced once.
    claimed = ctx.state(_CLAIMED, dict).setdefault(table.id, {})
    for index, voter in enumerate(model.voters):
        if voter in claimed:
            raise ctx.error(say("RS038.voter_type_already", voter=voter, claimed=claimed[voter]), path + ("voters", index))
        claimed[voter] = model.id
    spec = _Ballots(
        trace_path, table.id, ballot_col, voter_spec.name, grade_spec.name, scale.id, scale.grades, top,
        dict(model.quotas), frozenset(model.voters), claimed, model.complete, model.points, Slot(trace_path),
    )
    ctx.population.append(partial(_prepare, spec))
    return partial(_evaluate, spec)


def _check_quotas(
    model: BallotsComponent, scale: TallyScale, grade_values: tuple[str, ...] | None, path: PathKey, ctx: CompileContext
) -> None:
    """The quotas name grades of the scale and are not all 0; the grade column holds only grades of the scale."""
    grades = scale.grades
    if sum(model.quotas.values()) == 0:
        raise ctx.error(say("RS038.quotas_all_valid"), path + ("quotas",))
    for grade in model.quotas:
        if grade not in grades:
            raise ctx.error(
                say("RS038.quota_which_grade", grade=grade, id=scale.id, join=' / '.join(grades)),
                path + ("quotas", grade),
                close_matches(grade, grades),
            )
    if grade_values is not None:
        unknown = [g for g in grade_values if g not in grades]
        if unknown:
            raise ctx.error(
                say("RS038.grades_column_scale", unknown=list(unknown), grade=model.grade, id=scale.id), path + ("grade",)
            )


def _check_voters(model: BallotsComponent, voter_values: tuple[str, ...] | None, path: PathKey, ctx: CompileContext) -> None:
    """Each voter type counted is a value of the voter column."""
    for index, voter in enumerate(model.voters):
        if voter_values is not None and voter not in voter_values:
            raise ctx.error(
                say("RS034.value_column", voter=voter, voter2=model.voter, join=' / '.join(voter_values)),
                path + ("voters", index),
                close_matches(voter, voter_values),
            )


def _prepare(spec: _Ballots, given: PopulationInput) -> PopulationOutput:
    """The population pass: each ballot's rows gathered, its validity decided, each subject given its votes."""
    everyone = [s.id for s in given.subjects]
    ballots = _gather(spec, given)
    quotas = spec.quotas
    if spec.complete and ballots and sum(quotas.values()) != len(everyone):
        source = given.facts.tables[spec.table_id].source
        said = say("EV006", quotas=" + ".join(f"{g} {n}" for g, n in quotas.items()), total=sum(quotas.values()),
                   subjects=len(everyone))
        raise EvaluationError(say("phrase.at_component", path=spec.trace_path, message=said), Location(file=source),
                              code="EV006")
    out = PopulationOutput()
    votes: dict[str, list[_Vote]] = {s.id: [] for s in given.subjects}
    for key, members in ballots.items():
        first_voter = str(members[0][1].values.get(spec.voter_col))
        reason = _why_void(members, spec.grade_col, quotas, everyone if spec.complete else None)
        if reason is not None:
            out.void.append(VoidRecord(spec.table_id, key, f"{first_voter}: {reason}", members[0][1].location))
        grade_col = spec.grade_col
        for subject, row in members:
            votes[subject.id].append(_Vote(row.number, row, key, first_voter, str(row.values.get(grade_col)), reason))
    for subject in given.subjects:
        mine = votes[subject.id]
        mine.sort(key=_number)
        subject.put(spec.votes, mine)
    return out


def _number(vote: _Vote) -> int:
    return vote.number


def _gather(spec: _Ballots, given: PopulationInput) -> dict[str, list[tuple[SubjectFacts, Row]]]:
    """The rows of each ballot this component counts, in file order; every row's voter type and grade checked."""
    ballots: dict[str, list[tuple[SubjectFacts, Row]]] = {}
    marked: dict[str, Row] = {}  # ballot → its first row in the file, whatever its voter type
    in_file_order = sorted(
        ((subject, row) for subject in given.subjects for row in subject.cases.get(spec.table_id, [])),
        key=lambda pair: pair[1].number,
    )
    voter_col, claimed, grades = spec.voter_col, spec.claimed, spec.grades
    for subject, row in in_file_order:
        voter = str(row.values.get(voter_col))
        if voter not in claimed:
            raise FactsError(
                say("FA023.voter", voter=voter, claimed=list(claimed)), row.cells[voter_col],
                suggestions=close_matches(voter, claimed),
            )
        key = str(row.values.get(spec.ballot_col))
        first = marked.setdefault(key, row)
        if str(first.values.get(voter_col)) != voter:
            raise FactsError(
                say("FA023.marked", ballot=key, first=str(first.values.get(voter_col)), at=first.location, voter=voter),
                row.cells[voter_col],
            )
        if voter not in spec.voters:
            continue
        grade = str(row.values.get(spec.grade_col))
        if grade not in grades:
            raise FactsError(
                say("FA012.ballot_grade", grade=grade, scale=spec.scale_id, grades=" / ".join(grades)),
                row.cells[spec.grade_col], suggestions=close_matches(grade, grades),
            )
        ballots.setdefault(key, []).append((subject, row))
    return ballots


def _evaluate(spec: _Ballots, subject: SubjectFacts, scope: Scope) -> Outcome:
    """The mean grade value of the subject's valid ballots, scaled to the points; void ballots traced."""
    trace_path = spec.trace_path
    votes = subject.prepared(spec.votes)
    if votes is None:
        raise evaluation_error(subject, trace_path, say("EV007.ballots"))
    counted: dict[str, int] = {}  # grade → valid votes
    void_count = 0
    for vote in votes:
        if vote.void is not None:
            void_count += 1
        else:
            counted[vote.grade] = counted.get(vote.grade, 0) + 1
    valid_count = len(votes) - void_count
    if not valid_count:
        raise evaluation_error(
            subject, trace_path, say("EV002.ballots", voters=" / ".join(sorted(spec.voters)), void=len(votes))
        )
    points, top, grades = spec.points, spec.top, spec.grades
    total = sum((grades[grade] * n for grade, n in counted.items()), ZERO)
    mean = div(total, Decimal(valid_count))
    value = div(mean * points, top)
    notes = (f"作废票 {void_count} 张不计",) if void_count else ()
    inputs = (("有效票", str(valid_count)), ("作废票", str(void_count)))
    return Outcome(
        value, partial(_formula, spec, votes, valid_count, mean, value), inputs, notes, rows=partial(_row_traces, spec, votes)
    )


def _formula(spec: _Ballots, votes: list[_Vote], valid_count: int, mean: Decimal, value: Decimal) -> str:
    """The formula text: every valid vote's grade value in file order, their mean, the scaling."""
    grades = spec.grades
    terms = " + ".join(f"{vote.grade} {plain(grades[vote.grade])}" for vote in votes if vote.void is None)
    formula = f"({terms}) / {valid_count} 张有效票 = {plain(mean)}"
    if spec.points != spec.top:
        formula += f"；{plain(mean)} / {plain(spec.top)} × {plain(spec.points)} = {plain(value)}"
    return formula


def _row_traces(spec: _Ballots, votes: list[_Vote]) -> tuple[RowTrace, ...]:
    """What became of each of the subject's ballot rows: counted with its grade value, or void."""
    grades = spec.grades
    return tuple(
        RowTrace(vote.row.location, "void", None, f"{vote.ballot} {vote.grade}：作废票（{vote.void}）")
        if vote.void is not None
        else RowTrace(vote.row.location, "counted", grades[vote.grade], f"{vote.ballot} {vote.voter} {vote.grade}")
        for vote in votes
    )


def _why_void(
    members: list[tuple[SubjectFacts, Row]], grade_col: str, quotas: dict[str, int], everyone: list[str] | None
) -> str | None:
    """Why a ballot is void (None when it is valid): off quota, a subject missed or rated twice."""
    counts: Counter[str] = Counter()
    for _, row in members:
        counts[str(row.values.get(grade_col))] += 1
    if counts == {g: n for g, n in quotas.items() if n} and (
        everyone is None or len(members) == len(everyone) == len({subject.id for subject, _ in members})
    ):
        return None  # on quota, and (when complete) every subject rated once: the members are subjects of `everyone`
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


KIND = KindSpec(
    name="ballots", label="限额投票", model=BallotsComponent, compile=compile_ballots, role="score",
    labelled_in_reports=False, reads=table_of,
)
