"""`pingyi test --properties`: the invariants (see invariants.py) on generated fact sets, with a
seed and a budget, and the refusal of near-valid ones (each must end in a located error)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..compile.ruleset import CompiledRuleset
from ..core.errors import Location, PingyiError
from ..core.messages import Text, say
from .errors import PropertyBroken, missing_hypothesis
from .invariants import InvariantBroken, check_invariants, score_tables
from .strategies import facts, near_facts

try:
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised without the extra only
    raise missing_hypothesis() from None


@dataclass(frozen=True)
class Budget:
    seed: int = 0
    examples: int = 50


@dataclass
class Findings:
    """What the property runs found: the problems, and how many valid fact sets reached scoring (the
    others were refused with a located error, the first of which is kept)."""

    problems: list[PingyiError] = field(default_factory=list)
    scored: int = 0
    refused: int = 0
    first_refusal: str | None = None


def run_properties(ruleset: CompiledRuleset, path: str, budget: Budget) -> Findings:
    """The invariants on generated valid fact sets, and the refusal of near-valid ones (at most one
    problem per property)."""
    found = Findings()
    config = settings(max_examples=budget.examples, deadline=None, database=None, derandomize=False,
                      phases=[Phase.generate, Phase.shrink], print_blob=False,
                      suppress_health_check=list(HealthCheck))

    @seed(budget.seed)
    @config
    @given(st.data())
    def valid(data: st.DataObject) -> None:
        tables = data.draw(facts(ruleset), label="facts")
        try:
            check_invariants(ruleset, tables)
        except PingyiError as error:  # refused with a located error: not an invariant
            found.refused += 1
            found.first_refusal = found.first_refusal or str(error).splitlines()[0]
            return
        except InvariantBroken as broken:
            raise AssertionError(str(say("phrase.prop_facts", problem=str(broken), tables=_short(tables)))) from None
        found.scored += 1

    @seed(budget.seed)
    @config
    @given(st.data())
    def refused(data: st.DataObject) -> None:
        tables, defect = data.draw(near_facts(ruleset), label="near-valid facts")
        try:
            score_tables(ruleset, defect.repaired(tables))
        except PingyiError:
            return  # the fact set was refused without the defect too: nothing to learn from it
        try:
            score_tables(ruleset, tables)
        except PingyiError as error:
            if defect.table not in str(error):
                said = say("phrase.prop_defect_unnamed", defect=str(defect), table=defect.table, error=str(error))
                raise AssertionError(str(said)) from None
            return
        raise AssertionError(str(say("phrase.prop_defect_scored", defect=str(defect))))

    for test, code in ((valid, "PY007"), (refused, "PY008")):
        try:
            test()
        except AssertionError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            # the invariant's own words (a check's diagnostic, for the ruleset's author) are shown as written
            said = say("phrase.with_seed", problem=Text(first), seed=budget.seed)
            found.problems.append(PropertyBroken(said, Location(file=path), code=code))
    return found


def _short(tables: dict[str, list[list[str]]]) -> str:
    return "; ".join(str(say("phrase.prop_table_rows", table=table, rows=len(rows) - 1)) for table, rows in tables.items())
