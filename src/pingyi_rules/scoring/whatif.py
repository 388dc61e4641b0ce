"""What-if: the facts scored as read and again with some cells changed, and what moved between the two runs."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..compile.ruleset import CompiledRuleset
from ..core.errors import FactsError, Location
from ..core.messages import say
from ..facts.changes import FORM, AppliedChange, Change, apply_changes, as_change
from ..facts.reading import FactSet, read_facts
from ..results.result import Result, SubjectResult
from .evaluate import score


@dataclass(frozen=True)
class UnitChange:
    """One unit's total, rank and tiers in the run as read (before) and with the changes (after)."""

    id: str
    name: str
    group: str | None
    total_before: Decimal | None
    total_after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    tiers_before: tuple[str, ...]
    tiers_after: tuple[str, ...]
    changed: bool  # a changed cell is in one of its own rows

    @property
    def moved(self) -> bool:
        """Its rank or its tiers differ between the two runs."""
        return self.rank_before != self.rank_after or self.tiers_before != self.tiers_after


@dataclass(frozen=True)
class WhatIf:
    """Two runs and what differs: `affected` are the units a changed cell belongs to and every other
    unit whose total changed; `moved` the remaining units whose rank or tiers changed because of them."""

    changes: tuple[AppliedChange, ...]
    before: Result
    after: Result
    affected: tuple[UnitChange, ...]
    moved: tuple[UnitChange, ...]


def whatif(
    ruleset: CompiledRuleset,
    facts: FactSet | str | Path | Mapping[str, Iterable[Any]],
    changes: Iterable[Change | str],
    *,
    encoding: str | None = None,
) -> WhatIf:
    """Score the facts as read and with `changes` (each a `Change` or the text `表!行键!列=值`), and compare.

    Each new value is typed and checked as the same cell of the file would be (its error at the
    cell's place); the facts given are not changed. Units are listed in the order the facts list them.
    """
    wanted = [as_change(c) for c in changes]
    if not wanted:
        raise FactsError(say("FA050.none", form=FORM), Location(file="--set"))
    # every table, the nested rulesets' included, so that a change reaches a nested ruleset too
    read = facts if isinstance(facts, FactSet) else read_facts(ruleset.input_tables(), facts, encoding)
    changed_facts, applied = apply_changes(read, wanted, ruleset.model.inputs.subjects.table)
    before = score(ruleset, read)
    after = score(ruleset, changed_facts)
    owners = {subject for item in applied for subject in item.subjects}
    after_by_id = {s.id: s for s in after.subjects}
    affected: list[UnitChange] = []
    moved: list[UnitChange] = []
    for old in before.subjects:
        unit = _unit(old, after_by_id[old.id], old.id in owners)
        if unit.changed or unit.total_before != unit.total_after or old.exact_total != after_by_id[old.id].exact_total:
            affected.append(unit)
        elif unit.moved:
            moved.append(unit)
    return WhatIf(tuple(applied), before, after, tuple(affected), tuple(moved))


def _unit(old: SubjectResult, new: SubjectResult, changed: bool) -> UnitChange:
    return UnitChange(
        old.id, old.name, old.group, old.total, new.total, old.rank, new.rank, tuple(old.tiers), tuple(new.tiers), changed,
    )
