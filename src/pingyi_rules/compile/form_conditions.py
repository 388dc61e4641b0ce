"""Form conditions: what a table's void rules test on one form (the rows of one ballot or
questionnaire) — `same` over columns, `each_subject`, counts of the rows meeting a row condition —
and the `must_meet` requirements, each saying what a form that fails it got wrong."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..compile.tables import unknown_placeholders
from ..core.messages import say
from ..core.numbers import plain
from ..facts.cells import shown
from ..facts.reading import Row, TableSpec
from ..kinds.rows import compile_row_condition
from ..model.table_rules import FormCondition, FormRequirement
from ..source.strict_yaml import PathKey


@dataclass(frozen=True)
class Form:
    """One form's rows, and the subjects of the population (`each_subject`), as a form condition sees them."""

    rows: Sequence[Row]
    subjects: tuple[str, ...]


FormPredicate = Callable[[Form], bool]


@dataclass(frozen=True)
class Requirement:
    """One of a void rule's `must_meet` requirements: whether a form meets it, and what it says when it does not."""

    holds: FormPredicate
    says: str | None
    fill: Callable[[str, Form], str] | None = None  # the placeholders of `says`, filled from the form

    def said(self, form: Form) -> str | None:
        if self.says is None or self.fill is None:
            return self.says
        return self.fill(self.says, form)


def text_of(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return plain(value) if isinstance(value, Decimal) else shown(value)


def requirement(req: FormRequirement, spec: TableSpec, path: PathKey, listed: bool, ctx: CompileContext) -> Requirement:
    """One requirement of `must_meet`: its condition, and its `says` with the placeholders its condition offers."""
    holds = compile_predicate(req, path, partial(form_leaf, table=spec, ctx=ctx))
    if req.says is None:
        return Requirement(holds, None)
    if not listed:
        raise ctx.no_effect(say("RS053.says_no_failed"), path + ("says",))
    if req.count_rows is not None:
        offered: tuple[str, ...] = ("count",)
        said = say("phrase.reason_count_placeholder")
    elif req.each_subject is not None:
        offered = ("missing", "repeated")
        said = say("phrase.says_subject_placeholders")
    else:
        offered, said = (), say("phrase.none_here")
    unknown = unknown_placeholders(req.says, offered)
    if unknown:
        raise ctx.error(say("RS066.placeholder_reason", unknown=unknown[0], offered=said), path + ("says",))
    if req.count_rows is not None and "{count}" in req.says:
        meets = compile_row_condition(req.count_rows, spec, path + ("count_rows",), ctx)
        return Requirement(holds, req.says, partial(_fill_count, meets))
    if req.each_subject is not None and ("{missing}" in req.says or "{repeated}" in req.says):
        column = spec.subject_column
        return Requirement(holds, req.says, partial(_fill_subjects, column))
    return Requirement(holds, req.says)


def _fill_count(meets: Callable[[Row], bool], says: str, form: Form) -> str:
    return says.replace("{count}", str(rows_meeting(meets, form.rows)))


def _fill_subjects(column: str, says: str, form: Form) -> str:
    """`{missing}`: the population's subjects with no row on the form, in the population's order;
    `{repeated}`: the subjects with more than one row, in the order first met, each with its row numbers."""
    rated: dict[str, list[int]] = {}
    for row in form.rows:
        rated.setdefault(text_of(row.values.get(column)), []).append(row.number)
    missing = "、".join(s for s in form.subjects if s not in rated)
    repeated = "、".join(
        f"{s}（第 {'、'.join(map(str, numbers))} 行）" for s, numbers in rated.items() if len(numbers) > 1
    )
    return says.replace("{missing}", missing).replace("{repeated}", repeated)


def tests_subjects(cond: FormCondition) -> bool:
    """Whether a form condition tests `each_subject` anywhere."""
    if cond.each_subject is not None:
        return True
    inner = [*(cond.all or ()), *(cond.any or ()), *((cond.not_,) if cond.not_ is not None else ())]
    return any(tests_subjects(c) for c in inner)


def form_leaf(cond: FormCondition, path: PathKey, *, table: TableSpec, ctx: CompileContext) -> FormPredicate:
    """One leaf of a form condition: `same` over columns, `each_subject`, or a count of the rows meeting a row condition."""
    if cond.each_subject is not None:
        subject_column = table.subject_column
        return partial(_EACH_SUBJECT[cond.each_subject], subject_column)
    if cond.same is not None:
        written = [cond.same] if isinstance(cond.same, str) else cond.same
        names = tuple(
            ctx.table_column(table, name, path + ("same",) if isinstance(cond.same, str) else path + ("same", i)).name
            for i, name in enumerate(written)
        )
        return partial(_same, names)
    assert cond.count_rows is not None
    meets = compile_row_condition(cond.count_rows, table, path + ("count_rows",), ctx)
    for key, test in (("at_least", _at_least), ("above", _above), ("below", _below), ("at_most", _at_most), ("between", _between), ("equals", _equals)):
        bound = getattr(cond, key)
        if bound is not None:
            return partial(_count, meets, test, bound)
    raise AssertionError("the model requires a count")


def _same(names: tuple[str, ...], form: Form) -> bool:
    """All the cells of these columns in the form's rows hold one value (at least two cells)."""
    values = [row.values.get(name) for row in form.rows for name in names]
    return len(values) > 1 and all(v == values[0] for v in values)


def _count(meets: Callable[[Row], bool], test: Callable[[int, Any], bool], bound: Any, form: Form) -> bool:
    return test(rows_meeting(meets, form.rows), bound)


def _each_subject_once(column: str, form: Form) -> bool:
    """The form has exactly one row for each subject of the population, and no other row."""
    named = [text_of(row.values.get(column)) for row in form.rows]
    return len(named) == len(form.subjects) and set(named) == set(form.subjects)


def _each_subject_at_least_once(column: str, form: Form) -> bool:
    """Every subject of the population has a row on the form (none missed)."""
    named = {text_of(row.values.get(column)) for row in form.rows}
    return named.issuperset(form.subjects)


def _each_subject_at_most_once(column: str, form: Form) -> bool:
    """No subject has two rows on the form (none rated twice)."""
    named = [text_of(row.values.get(column)) for row in form.rows]
    return len(named) == len(set(named))


_EACH_SUBJECT: dict[str, Callable[[str, Form], bool]] = {
    "once": _each_subject_once, "at_least_once": _each_subject_at_least_once, "at_most_once": _each_subject_at_most_once,
}


def rows_meeting(meets: Callable[[Row], bool], rows: Sequence[Row]) -> int:
    return sum(1 for row in rows if meets(row))


def _at_least(n: int, bound: int) -> bool:
    return n >= bound


def _above(n: int, bound: int) -> bool:
    return n > bound


def _below(n: int, bound: int) -> bool:
    return n < bound


def _at_most(n: int, bound: int) -> bool:
    return n <= bound


def _between(n: int, bound: list[int]) -> bool:
    return bound[0] <= n <= bound[1]


def _equals(n: int, bound: int) -> bool:
    return n == bound
