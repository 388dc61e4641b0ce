"""Walking a compiled ruleset for the test kit: every component model (nested rulesets' included)
and every table it reads."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..compile.ruleset import CompiledRuleset
from ..facts.tables import TableSpec

Tables = dict[str, list[list[str]]]
"""{table id: rows}, the header row first, text cells: what the strategies draw."""


def _walk(components: Any) -> Iterator[Any]:
    for component in components:
        yield component
        yield from _walk(getattr(component, "components", None) or [])


def all_components(ruleset: CompiledRuleset) -> list[Any]:
    """Every component model of the ruleset and of the rulesets it nests."""
    found = list(_walk([*ruleset.model.values, *ruleset.model.components]))
    for nested in getattr(ruleset, "nested", ()):
        found.extend(all_components(nested))
    return found


def input_tables(ruleset: CompiledRuleset) -> tuple[TableSpec, ...]:
    """Every table the ruleset reads, nested rulesets' included where the engine supports nesting."""
    tables = getattr(ruleset, "input_tables", None)
    return tuple(tables()) if callable(tables) else tuple(ruleset.tables)
