"""Gates: conditions on the whole population, or on each group of a field (a quorum, a minimum
sample), decided after the totals and the checks and before exclusions, vetoes, the ranking and
the tiers.

A gate that does not hold for a group leaves its subjects scored, with their totals, but without
a rank or a tier; its outcome is written in each of their notes, and every gate's decision for
every group is a `GateRecord` of the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from ..compile.conditions import compile_predicate
from ..compile.context import CompileContext
from ..core.errors import RulesetError
from ..core.messages import say
from ..model import components as m
from ..results.result import GateRecord
from ..source.strict_yaml import PathKey
from .conditions import Place, Standing, compile_condition, record
from .group_checks import MEASURE_WORDS, group_measure, group_test

GroupTest = Callable[[Sequence[Standing]], bool]


@dataclass(frozen=True)
class CompiledGate:
    name: str
    within: str | None  # the field whose values are the groups; None: the whole population
    holds: GroupTest  # over the standings of one group's subjects
    outcome: str

    def note(self) -> str:
        """What each subject of a group the gate does not hold for has in its notes."""
        return f"{self.name}：{self.outcome}"


def decide_gates(
    gates: Sequence[CompiledGate], standings: dict[int, Standing]
) -> tuple[list[GateRecord], dict[int, list[str]]]:
    """Each gate tested on each of its groups of the subjects with a total (`standings`, by position):
    (every decision, in gate then group order; the notes of the subjects of the groups it does not hold for)."""
    records: list[GateRecord] = []
    stopped: dict[int, list[str]] = {}
    for gate in gates:
        groups: dict[str | None, list[int]] = {}
        for index, standing in standings.items():
            value = None if gate.within is None else standing.subject.get(gate.within)
            groups.setdefault(None if value is None else str(value), []).append(index)
        for group, members in groups.items():
            held = gate.holds([standings[i] for i in members])
            records.append(GateRecord(gate.name, group, held, gate.outcome))
            if not held:
                for index in members:
                    stopped.setdefault(index, []).append(gate.note())
    return records, stopped


def compile_gates(model: m.Ruleset, ctx: CompileContext) -> tuple[CompiledGate, ...]:
    """Each gate's condition compiled to a test of one group; errors go to ctx.errors."""
    gates = []
    seen: set[str] = set()
    for index, gate in enumerate(model.gates):
        path: PathKey = ("gates", index)
        if gate.name in seen:
            ctx.errors.append(ctx.error(say("RS085", name=gate.name), path + ("name",)))
        seen.add(gate.name)
        within = None
        if gate.within is not None:
            try:
                within = ctx.field(gate.within, path + ("within",)).name
            except RulesetError as exc:
                ctx.errors.append(exc)
        try:
            holds = compile_predicate(gate.when, path + ("when",), partial(_leaf, ctx=ctx, gate=gate.name))
        except RulesetError as exc:
            record(ctx, exc)
            continue
        gates.append(CompiledGate(gate.name, within, holds, gate.outcome))
    return tuple(gates)


_PLACE = Place(
    say("phrase.place_gate"), ranked=say("phrase.why_gate_before_ranking"), no_tier=say("phrase.why_gate_before_tier"),
)


def _leaf(cond: m.GateCondition, path: PathKey, *, ctx: CompileContext, gate: str) -> GroupTest:
    """One measure of a group, compared."""
    key, of = cond.measure()
    test = group_test(cond, path, ctx)  # a bound may be a share of the group's size
    if key == "count_subjects":
        if of == "all":
            return lambda group: test(Decimal(len(group)), len(group))
        predicate = compile_condition(of, path + ("count_subjects",), ctx, _PLACE)
        return lambda group: test(Decimal(sum(1 for s in group if predicate(s))), len(group))
    _, measure = group_measure(cond, path, ctx, lambda ref: say(
        "EV018.no_points" if ref.component else "EV018.blank", name=of, gate=gate, key=MEASURE_WORDS[key]))
    return lambda group: test(measure(group), len(group))
