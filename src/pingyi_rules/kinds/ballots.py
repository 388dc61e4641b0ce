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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from itertools import compress, pairwise
from operator import ne
from typing import Annotated, Literal, cast

from pydantic import Field

from ..compile.context import CompileContext, TallyScale
from ..compile.population import PopulationInput, PopulationOutput
from ..compile.rating import rating_scale
from ..core.errors import EvaluationError, FactsError, Location, close_matches
from ..core.messages import say
from ..core.numbers import ZERO, div, plain
from ..facts.reading import Row
from ..facts.records import RecordRows, RecordTable
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
    table: Slug = Field(title="表", description="选票表：layout: cases 表，每行一张票对一个对象的等次；对象编码列即被评对象")
    ballot: str = Field(title="票号列", description="同一票号的各行为同一张选票")
    voter: str = Field(title="投票人列", description="投票人类型（如 主要领导、科室互评）")
    voters: FactTexts = Field(min_length=1, title="计入的投票人", description="此项只计这些投票人类型的选票")
    column: str = Field(title="列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 每票分值（优秀 10 / 良好 8 / 一般 6）")
    quotas: FactKeyed[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, title="名额", description="等次 → 每张票恰好应投的个数（优秀 2 / 良好 1 / 一般 1）"
    )
    complete: bool = Field(True, title="须评遍", description="为 true 时每张票须评遍全部评议对象，且每个对象只评一次")


# table id → (voter type → the component that counts it), over every ballots component of a ruleset
_CLAIMED: Slot[dict[str, dict[str, str]]] = Slot("ballots: the voter types claimed on each table")
# table id → its gather, shared by the table's ballots components within one population run
_SHARED: Slot[dict[str, _Shared]] = Slot("ballots: each table's rows gathered once per scoring")


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
    votes: Slot[_Votes]  # each subject's votes, put there by the population pass
    shared: _Shared  # the table's gather


def compile_ballots(model: BallotsComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    table = ctx.table(model.table, path + ("table",), "cases")
    ballot_col = ctx.table_column(table, model.ballot, path + ("ballot",)).name
    voter_spec = ctx.table_column(table, model.voter, path + ("voter",), ("enum", "text", "id"))
    grade_spec = ctx.table_column(table, model.column, path + ("column",), ("enum", "text"))
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    _check_quotas(model, scale, grade_spec.values, path, ctx)
    _check_voters(model, voter_spec.values, path, ctx)
    # Every voter type on a table is counted by exactly one component, so every row is traced once.
    claimed = ctx.state(_CLAIMED, dict).setdefault(table.id, {})
    for index, voter in enumerate(model.voters):
        if voter in claimed:
            raise ctx.error(say("RS038.voter_type_already", voter=voter, claimed=claimed[voter]), path + ("voters", index))
        claimed[voter] = model.id
    shared = ctx.state(_SHARED, dict).setdefault(table.id, _Shared(claimed))
    spec = _Ballots(
        trace_path, table.id, ballot_col, voter_spec.name, grade_spec.name, scale.id, scale.grades, top,
        dict(model.quotas), frozenset(model.voters), claimed, model.complete, model.points, Slot(trace_path), shared,
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
                say("RS038.grades_column_scale", unknown=list(unknown), grade=model.column, id=scale.id), path + ("column",)
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
    """The population pass: the table's rows gathered (once for all its components), this
    component's rows checked, each ballot's validity decided, each subject given its votes."""
    everyone = [s.id for s in given.subjects]
    sheet = spec.shared.gather(spec, given)
    _check_rows(spec, sheet)
    keys, voters, grades, subjects = sheet.keys, sheet.voters, sheet.grades, sheet.subjects
    own = spec.voters
    ballots = [pair for voter in own for pair in sheet.by_voter.get(voter, ())]
    if len(own) > 1:
        ballots.sort(key=_first_row)  # in file order of their first rows
    quotas = spec.quotas
    if spec.complete and ballots and sum(quotas.values()) != len(everyone):
        source = given.facts.tables[spec.table_id].source
        said = say("EV006", quotas=" + ".join(f"{g} {n}" for g, n in quotas.items()), total=sum(quotas.values()),
                   subjects=len(everyone))
        raise EvaluationError(say("phrase.at_component", path=spec.trace_path, message=said), Location(file=source),
                              code="EV006")
    out = PopulationOutput()
    wanted = {g: n for g, n in quotas.items() if n}
    need = len(everyone) if spec.complete else None
    void: dict[str, str] = {}  # ballot → why it is void
    on_quota: dict[tuple[str, ...], bool] = {}  # a ballot's grades, in its rows' order → whether on quota
    for key, rows in ballots:
        given_grades = tuple(map(grades.__getitem__, rows))
        fits = on_quota.get(given_grades)
        if fits is None:
            fits = on_quota[given_grades] = Counter(given_grades) == wanted
        if fits and (need is None or len(rows) == need == len(set(map(subjects.__getitem__, rows)))):
            continue  # on quota, and (when complete) every subject rated once: the members are subjects of `everyone`
        counts = Counter(given_grades)
        reason = _why_void(sheet, rows, counts, quotas, everyone if spec.complete else None)
        if reason is not None:
            void[key] = reason
            out.void.append(VoidRecord(spec.table_id, key, f"{voters[rows[0]]}: {reason}", sheet.location(rows[0])))
    mine: dict[str, list[int]] = {s.id: [] for s in given.subjects}
    for i in compress(range(len(voters)), map(own.__contains__, voters)):
        mine[subjects[i]].append(i)
    void_rows: dict[str, list[int]] = {}  # subject → its rows on void ballots
    for key in void:
        for i in sheet.ballots[key]:
            void_rows.setdefault(subjects[i], []).append(i)
    for subject in given.subjects:
        rows = mine[subject.id]
        counted = Counter(map(grades.__getitem__, rows))
        if subject.id in void_rows:  # the void ballots' votes taken out again
            counted = _less_void(counted, rows, void_rows[subject.id], keys, grades, void)
        subject.put(spec.votes, _Votes(sheet, rows, void, counted))
    spec.shared.done(given)
    return out


def _first_row(pair: tuple[str, Sequence[int]]) -> int:
    return pair[1][0]


def _less_void(counted: Counter[str], rows: list[int], void_rows: list[int], keys: list[str], grades: list[str],
               void: dict[str, str]) -> Counter[str]:
    """`counted` without the votes of void ballots (`void_rows`), in the order the valid votes first name each grade."""
    for i in void_rows:
        counted[grades[i]] -= 1
    left = {grade for grade, n in counted.items() if n}
    first: dict[str, None] = {}
    for i in rows:
        if len(first) == len(left):
            break
        grade = grades[i]
        if grade not in first and keys[i] not in void:
            first[grade] = None
    return Counter({grade: counted[grade] for grade in first})


class _Votes:
    """One subject's votes for one component: the rows of its table (in file order) that rate it,
    the void ballots' reasons, and the valid votes per grade (in the order first met)."""

    __slots__ = ("counted", "rows", "sheet", "void")

    def __init__(self, sheet: _Sheet, rows: list[int], void: dict[str, str], counted: Counter[str]) -> None:
        self.sheet, self.rows, self.void, self.counted = sheet, rows, void, counted


class _Sheet:
    """A ballot table gathered for a population: each row's number, ballot, voter type, subject
    and grade (as text), in file order, and each ballot's rows; locations made when asked for."""

    def __init__(self, rows: list[Row] | None, records: tuple[RecordTable, list[int] | None] | None) -> None:
        self._rows, self._records = rows, records
        self.keys: list[str] = []
        self.voters: list[str] = []
        self.subjects: list[str] = []
        self.grades: list[str] = []
        self.numbers: Sequence[int] = []
        self.ballots: dict[str, Sequence[int]] = {}  # ballot → its rows, in the order first met
        self.by_voter: dict[str, list[tuple[str, Sequence[int]]]] = {}  # voter type → its ballots, in order
        self.error: FactsError | None = None  # what the first row with a wrong voter type raises
        self.error_at = -1  # that row's index

    def location(self, i: int) -> Location:
        if self._rows is not None:
            return self._rows[i].location
        assert self._records is not None
        table, at = self._records
        return table.location(i if at is None else at[i])

    def cell(self, i: int, column: str) -> Location:
        if self._rows is not None:
            return self._rows[i].cells[column]
        assert self._records is not None
        table, at = self._records
        return table.cell(i if at is None else at[i], column)


class _Shared:
    """One table's gather, shared by its ballots components during one population run (held as
    one (population, gather) pair, so a run never takes another run's gather)."""

    def __init__(self, claimed: dict[str, str]) -> None:
        self.claimed = claimed
        self._held: tuple[PopulationInput, _Sheet] | None = None
        self._done = 0

    def gather(self, spec: _Ballots, given: PopulationInput) -> _Sheet:
        held = self._held
        if held is not None and held[0] is given:
            return held[1]
        sheet = _gather(spec, given)
        self._held, self._done = (given, sheet), 0
        return sheet

    def done(self, given: PopulationInput) -> None:
        """One component has its votes; the last one lets the gather go."""
        self._done += 1
        held = self._held
        if held is not None and held[0] is given and self._done >= len(set(self.claimed.values())):
            self._held = None


def _gather(spec: _Ballots, given: PopulationInput) -> _Sheet:
    """The rows of the table rating the given subjects, in file order, grouped by ballot; the
    first row whose voter type is counted by no component, or differs from its ballot's first row."""
    table_id = spec.table_id
    entries = [(subject.id, subject.cases.get(table_id)) for subject in given.subjects]
    record_table = None
    for _, entry in entries:
        if isinstance(entry, RecordRows):  # a table read as columns (facts.records): the same for every subject
            record_table = entry.table
            break
    if record_table is not None:
        columns = record_table.columns
        ids = columns[record_table.spec.subject_column]
        if not set(map(type, ids)) <= {str}:
            ids = [str(value) for value in ids]
        taken = {subject for subject, entry in entries if entry is not None}
        at = None if taken.issuperset(ids) else [i for i, subject in enumerate(ids) if subject in taken]
        sheet = _Sheet(None, (record_table, at))

        def column(name: str) -> list[str]:
            values = columns[name]
            if at is None and set(map(type, values)) <= {str}:
                return values
            return [str(v) for v in (values if at is None else map(values.__getitem__, at))]

        sheet.subjects = ids if at is None else [ids[i] for i in at]
        sheet.numbers = record_table.numbers if at is None else [record_table.numbers[i] for i in at]
    else:
        pairs = sorted(
            ((subject, row) for subject, rows in entries for row in cast("list[Row]", rows or [])),
            key=lambda pair: pair[1].number,
        )
        rows = [row for _, row in pairs]
        sheet = _Sheet(rows, None)

        def column(name: str) -> list[str]:
            return [str(row.values.get(name)) for row in rows]

        sheet.subjects = [subject for subject, _ in pairs]
        sheet.numbers = [row.number for row in rows]
    sheet.keys, sheet.voters, sheet.grades = column(spec.ballot_col), column(spec.voter_col), column(spec.grade_col)
    claimed, voters, ballots = spec.claimed, sheet.voters, sheet.ballots
    keys = sheet.keys
    n = len(keys)
    starts = [0, *compress(range(1, n), map(ne, keys[1:], keys)), n] if n else [0]
    if len(starts) - 1 == len(set(keys)):  # each ballot's rows one after another, as ballots are entered
        for start, end in pairwise(starts):
            ballots[keys[start]] = range(start, end)
    else:
        grouped: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            members = grouped.get(key)
            if members is None:
                grouped[key] = [i]
            else:
                members.append(i)
        ballots.update(grouped)
    unknown = set(voters).difference(claimed)
    first_wrong = min(map(voters.index, unknown)) if unknown else len(voters)
    if len(set(zip(keys, voters, strict=True))) != len(ballots):  # some ballot has rows of two voter types
        for ballot in ballots.values():  # a ballot's voter type is that of its first row
            voter = voters[ballot[0]]
            for i in ballot:
                if i >= first_wrong:
                    break
                if voters[i] != voter:
                    first_wrong = i
                    break
    if first_wrong < len(voters):
        voter = voters[first_wrong]
        where = sheet.cell(first_wrong, spec.voter_col)
        if voter not in claimed:
            sheet.error = FactsError(
                say("FA023.voter", voter=voter, claimed=list(claimed)), where, suggestions=close_matches(voter, claimed),
            )
        else:
            key = sheet.keys[first_wrong]
            first = ballots[key][0]
            sheet.error = FactsError(
                say("FA023.marked", ballot=key, first=voters[first], at=sheet.location(first), voter=voter), where,
            )
        sheet.error_at = first_wrong
    by_voter = sheet.by_voter
    for pair in ballots.items():
        by_voter.setdefault(voters[pair[1][0]], []).append(pair)
    return sheet


def _check_rows(spec: _Ballots, sheet: _Sheet) -> None:
    """The first wrong row as a check of every row in file order finds it: a row whose voter type
    is wrong (the gather's), or a row of this component's voters whose grade is not of its scale."""
    grades, voters, own = spec.grades, sheet.voters, spec.voters
    stop = sheet.error_at if sheet.error is not None else len(voters)
    pairs = set(zip(voters[:stop], sheet.grades[:stop], strict=True))
    bad = {(voter, grade) for voter, grade in pairs if voter in own and grade not in grades}
    if bad:
        i = next(i for i, pair in enumerate(zip(voters, sheet.grades, strict=True)) if pair in bad)
        grade = sheet.grades[i]
        raise FactsError(
            say("FA012.ballot_grade", grade=grade, scale=spec.scale_id, grades=" / ".join(grades)),
            sheet.cell(i, spec.grade_col), suggestions=close_matches(grade, grades),
        )
    if sheet.error is not None:
        raise sheet.error


def _evaluate(spec: _Ballots, subject: SubjectFacts, scope: Scope) -> Outcome:
    """The mean grade value of the subject's valid ballots, scaled to the points; void ballots traced."""
    trace_path = spec.trace_path
    votes = subject.prepared(spec.votes)
    if votes is None:
        raise evaluation_error(subject, trace_path, say("EV007.ballots"))
    counted = votes.counted  # grade → valid votes
    valid_count = sum(counted.values())
    void_count = len(votes.rows) - valid_count
    if not valid_count:
        raise evaluation_error(
            subject, trace_path, say("EV002.ballots", voters=" / ".join(sorted(spec.voters)), void=len(votes.rows)),
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


def _formula(spec: _Ballots, votes: _Votes, valid_count: int, mean: Decimal, value: Decimal) -> str:
    """The formula text: every valid vote's grade value in file order, their mean, the scaling."""
    sheet, void = votes.sheet, votes.void
    texts = {grade: f"{grade} {plain(number)}" for grade, number in spec.grades.items()}
    terms = " + ".join(texts[sheet.grades[i]] for i in votes.rows if sheet.keys[i] not in void)
    formula = f"({terms}) / {valid_count} 张有效票 = {plain(mean)}"
    if spec.points != spec.top:
        formula += f"；{plain(mean)} / {plain(spec.top)} × {plain(spec.points)} = {plain(value)}"
    return formula


def _row_traces(spec: _Ballots, votes: _Votes) -> tuple[RowTrace, ...]:
    """What became of each of the subject's ballot rows: counted with its grade value, or void."""
    grades, sheet, void = spec.grades, votes.sheet, votes.void
    traces = []
    for i in votes.rows:
        key, grade = sheet.keys[i], sheet.grades[i]
        reason = void.get(key)
        if reason is not None:
            traces.append(RowTrace(sheet.location(i), "void", None, f"{key} {grade}：作废票（{reason}）"))
        else:
            traces.append(RowTrace(sheet.location(i), "counted", grades[grade], f"{key} {sheet.voters[i]} {grade}"))
    return tuple(traces)


def _why_void(
    sheet: _Sheet, rows: Sequence[int], counts: Counter[str], quotas: dict[str, int], everyone: list[str] | None
) -> str | None:
    """Why a ballot is void (None when it is valid): off quota, a subject missed or rated twice."""
    problems = []
    for grade, want in quotas.items():
        if counts.get(grade, 0) != want:
            problems.append(f"{grade} {counts.get(grade, 0)} 个（应为 {want} 个）")
    for grade, got in counts.items():
        if grade not in quotas:
            problems.append(f"{grade} {got} 个（应为 0 个）")
    if everyone is not None:
        rated: dict[str, list[int]] = {}  # subject → the rows (in the ballot table) that rate it
        for i in rows:
            rated.setdefault(sheet.subjects[i], []).append(sheet.numbers[i])
        twice = [f"{s}（第 {'、'.join(map(str, numbers))} 行）" for s, numbers in rated.items() if len(numbers) > 1]
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
