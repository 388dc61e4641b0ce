"""`pingyi test --properties`: the invariants (see invariants.py) on generated fact sets, with a
seed and a budget, and the refusal of near-valid ones (each must end in a located error)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..compile.ruleset import CompiledRuleset
from ..core.errors import Location, PingyiError
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


def run_properties(ruleset: CompiledRuleset, path: str, budget: Budget) -> Iterator[PingyiError]:
    """Every problem found (at most one per kind of check): an invariant broken on valid facts,
    and a near-valid fact set that was scored instead of refused."""
    found: list[PingyiError] = []
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
        except PingyiError:
            return  # refused with a located error: not an invariant
        except InvariantBroken as broken:
            raise AssertionError(f"{broken} (facts: {_short(tables)})") from None

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
                raise AssertionError(f"defect {defect}: refused, but the error does not name table "
                                     f"{defect.table}: {error}") from None
            return
        raise AssertionError(f"defect {defect}: scored instead of refused")

    for test, code in ((valid, "PY007"), (refused, "PY008")):
        try:
            test()
        except AssertionError as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            found.append(PropertyBroken(f"{first} (seed {budget.seed})", Location(file=path), code=code))
    yield from found


def _short(tables: dict[str, list[list[str]]]) -> str:
    return "; ".join(f"{table}: {len(rows) - 1} rows" for table, rows in tables.items())
