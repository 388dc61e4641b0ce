"""Group checks: `checks` entries with `within`, a condition in the gate condition language that every
group of a field must meet, decided on the facts before anything is scored. A group that fails
stops the run (EV009) with the group, what was counted and the bound, at the cell of the last
subject counted.

A bound of a group condition may be a share of the group's size, `{share, round, min}` (gates
take it too: `group_test`). A forced distribution (`distributions`) is one group check
(`distribution_check`): its model stays, its checking is this module's.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..compile.conditions import condition_text, gate_text
from ..compile.context import CompileContext
from ..core.errors import EvaluationError, Location, RulesetError, close_matches
from ..core.messages import Message, Text, say
from ..core.numbers import ZERO, plain, snap
from ..facts.reading import ColumnSpec
from ..kinds.rows import compile_comparison
from ..model import components as m
from ..results.runtime import SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey, format_path
from .conditions import (
    Place,
    Predicate,
    Standing,
    ValueName,
    compile_condition,
    record,
    resolve_value,
    subject_value,
)

GroupValueTest = Callable[[Decimal, int], bool]  # (the measure, the group's size)
_ENDS = ("at_least", "above", "below", "at_most")
# a gate measure as a sentence names it (EV018: "cannot take the min of its group")
MEASURE_WORDS = {"sum": "sum", "mean": "mean", "lowest": "min", "highest": "max"}


# --------------------------------------------------------------------------- bounds


def group_test(cond: m.GateCondition, path: PathKey, ctx: CompileContext) -> GroupValueTest:
    """The comparison of a group's measure with the condition's bounds, a share of the group's size
    `{share, round, min}` worked out for each group."""
    if not any(isinstance(getattr(cond, key), m.GroupShare) for key in _ENDS):
        test = compile_comparison(cond, None, path, ctx)
        return lambda value, _size: test(value)
    ends = [(key, getattr(cond, key)) for key in _ENDS if getattr(cond, key) is not None]

    def holds(value: Decimal, size: int) -> bool:
        value = snap(value)
        return all(_meets(key, value, _bound(bound, size)) for key, bound in ends)

    return holds


def _bound(bound: Decimal | m.GroupShare, size: int) -> Decimal:
    return Decimal(bound.count(size)) if isinstance(bound, m.GroupShare) else bound


def _meets(key: str, value: Decimal, bound: Decimal) -> bool:
    if key == "at_least":
        return value >= bound
    if key == "above":
        return value > bound
    if key == "below":
        return value < bound
    return value <= bound


def allowed_text(cond: m.GateCondition, size: int) -> Message:
    """The bounds of a group condition for a group of `size`: at most ⌈20% × 5⌉ = 1, at least 3."""
    if cond.between is not None:
        return say("phrase.bound_between", low=plain(cond.between[0]), high=plain(cond.between[1]))
    if cond.equals is not None:
        return say("phrase.bound_equals", bound=plain(Decimal(str(cond.equals))))
    parts = [say(f"phrase.bound_{key}", bound=_bound_text(getattr(cond, key), size)) for key in _ENDS if getattr(cond, key) is not None]
    return parts[0] if len(parts) == 1 else say("phrase.and_pair", first=parts[0], second=parts[1])


def _bound_text(bound: Decimal | m.GroupShare, size: int) -> str:
    if not isinstance(bound, m.GroupShare):
        return plain(bound)
    product = f"{plain(bound.share * 100)}% × {size}"
    rounded = {"up": f"⌈{product}⌉", "down": f"⌊{product}⌋", "half_up": f"⌊{product} + ½⌋"}[bound.round]
    if bound.min:
        rounded = f"max({bound.min}, {rounded})"
    return f"{rounded} = {bound.count(size)}"


# --------------------------------------------------------------------------- group checks

# A group's failure: what the error says, and where (the cell of the last subject counted).
Failure = tuple[Message, Location]
GroupCheckTest = Callable[[str, str, Sequence[Standing]], Failure | None]  # (within, group, members)


@dataclass(frozen=True)
class CompiledGroupCheck:
    name: str
    within: str
    among: Predicate | None
    test: GroupCheckTest

    def check(self, subjects: Sequence[SubjectFacts]) -> None:
        """Raise an EvaluationError (EV009) naming the first group, in the facts' order, that fails."""
        groups: dict[Any, list[Standing]] = {}
        for subject in subjects:
            standing = Standing(ZERO, 0, 0, subject, ())
            if self.among is None or self.among(standing):
                groups.setdefault(subject.fields.get(self.within), []).append(standing)
        for group, members in groups.items():
            failure = self.test(self.within, str(group), members)
            if failure is not None:
                said, where = failure
                raise EvaluationError(say("phrase.at_component", path=self.name, message=said), where, code="EV009")


def check_groups(checks: Sequence[CompiledGroupCheck], subjects: Sequence[SubjectFacts]) -> None:
    """Every group check, in order, on the whole population (before anything is scored)."""
    for check in checks:
        check.check(subjects)


_PLACE = Place(
    say("phrase.place_group_checks"), ranked=say("phrase.why_group_checks_before_ranking"),
    no_tier=say("phrase.why_group_checks_before_tier"), components=frozenset(), total=say("RS070.total_in_group_check"),
)


def compile_group_checks(model: m.Ruleset, ctx: CompileContext) -> tuple[CompiledGroupCheck, ...]:
    """The group checks (`checks` with `within`), then each distribution as one; errors go to ctx.errors."""
    compiled = []
    for index, entry in enumerate(model.checks):
        if isinstance(entry, m.GroupCheck):
            try:
                compiled.append(_compile(entry, ("checks", index), ctx))
            except RulesetError as exc:
                record(ctx, exc)
    for index, dist in enumerate(model.distributions):
        path: PathKey = ("distributions", index)
        try:
            _check_distribution(dist, path, ctx)
            compiled.append(_compile(m.GroupCheck.model_validate(distribution_check(dist)), path, ctx))
        except RulesetError as exc:
            record(ctx, exc)
    return tuple(compiled)


def _compile(check: m.GroupCheck, path: PathKey, ctx: CompileContext) -> CompiledGroupCheck:
    within = ctx.field(check.within, path + ("within",)).name
    among = None if check.among is None else compile_condition(check.among, path + ("among",), ctx, _PLACE)
    return CompiledGroupCheck(check.name, within, among, _test(check.when, path + ("when",), ctx, check.name))


def _test(cond: m.GateCondition, path: PathKey, ctx: CompileContext, name: str) -> GroupCheckTest:
    """The condition as a test of one group: None when it holds, else the failure of its first part that fails."""
    if cond.all is not None:
        parts = [_test(part, path + ("all", i), ctx, name) for i, part in enumerate(cond.all)]

        def every(within: str, group: str, members: Sequence[Standing]) -> Failure | None:
            for part in parts:
                failure = part(within, group, members)
                if failure is not None:
                    return failure
            return None

        return every
    if cond.any is not None or cond.not_ is not None:
        if cond.any is not None:
            options = [_test(part, path + ("any", i), ctx, name) for i, part in enumerate(cond.any)]
            holds: Callable[[str, str, Sequence[Standing]], bool] = (
                lambda w, g, ms: any(option(w, g, ms) is None for option in options)
            )
        else:
            assert cond.not_ is not None
            inner = _test(cond.not_, path + ("not",), ctx, name)
            holds = lambda w, g, ms: inner(w, g, ms) is not None
        text = Text(gate_text(cond))  # the condition as written, in words

        def combined(within: str, group: str, members: Sequence[Standing]) -> Failure | None:
            if holds(within, group, members):
                return None
            said = say("EV009.condition", within=within, group=group, condition=text, size=len(members))
            return said, members[0].subject.cell(within)

        return combined
    return _leaf(cond, path, ctx, name)


def group_measure(
    cond: m.GateCondition, path: PathKey, ctx: CompileContext, blank: Callable[[ValueName], Message],
    components: Collection[str] | None = None,
) -> tuple[ValueName, Callable[[Sequence[Standing]], Decimal]]:
    """A gate's or a group check's `sum`, `mean`, `lowest` or `highest` of a value over a group (RS084 for a
    value that is not a number); a subject without the value is EV018, worded by `blank`, at its cell."""
    key, of = cond.measure()
    ref = resolve_value(of, path + (key,), ctx, components)
    if ref.spec is not None and ref.spec.type not in ("count", "decimal"):
        raise ctx.error(say("RS084", key=key, of=of, type=ref.spec.type), path + (key,))
    where = format_path(path)

    def measure(group: Sequence[Standing]) -> Decimal:
        values: list[Decimal] = []
        for standing in group:
            value = subject_value(ref, standing)
            if value is None:
                cell = None if ref.component else standing.subject.cell(ref.name)
                raise evaluation_error(standing.subject, where, blank(ref), cell, code="EV018")
            values.append(value)
        if key == "sum":
            return sum(values, Decimal(0))
        if key == "mean":
            return sum(values, Decimal(0)) / len(values)
        return min(values) if key == "lowest" else max(values)

    return ref, measure


def _leaf(cond: m.GateCondition, path: PathKey, ctx: CompileContext, name: str) -> GroupCheckTest:
    key, of = cond.measure()
    test = group_test(cond, path, ctx)
    if key == "count_subjects":
        if of == "all":
            def sized(within: str, group: str, members: Sequence[Standing]) -> Failure | None:
                if test(Decimal(len(members)), len(members)):
                    return None
                said = say("EV009.all", within=within, group=group, size=len(members), allowed=allowed_text(cond, len(members)))
                return said, members[0].subject.cell(within)

            return sized
        return _counted(cond, of, path, test, ctx)
    ref, measure = group_measure(cond, path, ctx, lambda ref: say("EV018.check_blank", name=of, check=name, key=MEASURE_WORDS[key]), frozenset())

    def measured(within: str, group: str, members: Sequence[Standing]) -> Failure | None:
        size = len(members)
        value = measure(members)
        if test(value, size):
            return None
        said = say("EV009.measure", within=within, group=group, measure=say(f"phrase.measure_{key}"), of=of,
                   size=size, value=plain(snap(value)), allowed=allowed_text(cond, size))
        return said, members[-1].subject.cell(ref.name)

    return measured


def _counted(
    cond: m.GateCondition, counted: m.Condition, path: PathKey, test: GroupValueTest, ctx: CompileContext
) -> GroupCheckTest:
    """A count of the group's subjects meeting a condition; a comparison of one field (`of` with
    `equals` or `in`) is said with the group's count of each value of that field."""
    predicate = compile_condition(counted, path + ("count_subjects",), ctx, _PLACE)
    field: ColumnSpec | None = None
    if counted.of is not None and (counted.equals is not None or counted.in_ is not None):
        ref = resolve_value(counted.of, path + ("count_subjects", "of"), ctx, frozenset())
        field = ref.spec
    words = None if field is not None else Text(condition_text(counted))

    def count(within: str, group: str, members: Sequence[Standing]) -> Failure | None:
        met = [s for s in members if predicate(s)]
        size = len(members)
        if test(Decimal(len(met)), size):
            return None
        allowed = allowed_text(cond, size)
        if field is None:
            assert words is not None
            said = say("EV009.meeting", within=within, group=group, have=len(met), condition=words, size=size, allowed=allowed)
            return said, (met[-1] if met else members[0]).subject.cell(within)
        tally: dict[str, int] = {}
        for standing in members:
            value = standing.fields.get(field.name)
            if value is not None:
                tally[str(value)] = tally.get(str(value), 0) + 1
        value_said: Message | str = (
            str(counted.equals) if counted.equals is not None else say("phrase.value_in", values=[str(v) for v in counted.in_ or ()])
        )
        said = say("EV009", within=within, group=group, have=len(met), field=field.name, value=value_said, size=size,
                   counts=", ".join(f"{g} {c}" for g, c in tally.items()), allowed=allowed)
        return said, (met[-1] if met else members[0]).subject.cell(field.name)

    return count


# --------------------------------------------------------------------------- distributions


def distribution_check(dist: m.Distribution) -> dict[str, Any]:
    """A forced distribution written as the group check that decides it (what `pingyi expand` writes):
    within each group, among the subjects with a grade, the count of each limit's grade compared
    with its share of them."""
    limits = [
        {"count_subjects": {"of": dist.column, "equals": limit.grade},
         "at_most" if limit.most else "at_least": {"share": limit.share, "round": limit.round}}
        for limit in dist.shares
    ]
    document: dict[str, Any] = {
        "name": dist.name, "within": dist.within, "among": {"not": {"blank": dist.column}},
        "when": limits[0] if len(limits) == 1 else {"all": limits},
    }
    if dist.clause is not None:
        document["clause"] = dist.clause
    return document


def _check_distribution(dist: m.Distribution, path: PathKey, ctx: CompileContext) -> None:
    """A distribution's own load-time errors: its column and grades, a limit that always holds, no limit."""
    column = ctx.field(dist.column, path + ("column",), ("enum", "text"))
    ctx.field(dist.within, path + ("within",))
    for index, limit in enumerate(dist.shares):
        key = "at_most" if limit.most else "at_least"
        if column.values is not None and limit.grade not in column.values:
            raise ctx.error(
                say("RS034.value_column", voter=limit.grade, voter2=dist.column, join=' / '.join(column.values)),
                path + ("shares", index, "grade"),
                close_matches(limit.grade, column.values),
            )
        if (limit.share == 1) if limit.most else (limit.share == 0):
            raise ctx.no_effect(
                say("RS053.always_holds_limit", key=key, value=plain(limit.share * 100)), path + ("shares", index, key)
            )
    if not dist.shares:
        raise ctx.error(say("RS046.distribution_needs_limit"), path + ("shares",))
