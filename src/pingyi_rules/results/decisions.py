"""What the population rules decide, by subject position, for the driver to build the results from.

Each list (or mapping) is indexed by the subject's position in the population, in the order the
facts list the subjects; the driver reads them once to build each `SubjectResult`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .result import ComponentResult, GateRecord, StageResult


@dataclass(frozen=True, slots=True)
class Placings:
    """Ranking, vetoes and tiers: each subject's ranking group, rank and tiers, and the notes on them.

    `ranks[i]` and `tiers[i]` are None for a subject without a total (it takes no part);
    `notes` holds, for the subjects that have any, the tie-break note and then the veto notes.
    """

    groups: list[str | None]
    ranks: list[int | None]
    tiers: list[list[str] | None]
    notes: dict[int, list[str]]
    gates: list[GateRecord] = field(default_factory=list)  # every gate's decision for every group
    named: dict[str, list[int | None]] = field(default_factory=dict)  # each named ranking's ranks, by position


@dataclass(frozen=True, slots=True)
class Consequences:
    """The consequences table: each subject's named values and the note that says which band gave them."""

    values: list[dict[str, Decimal]]
    notes: list[str]


@dataclass(frozen=True, slots=True)
class Staged:
    """Scoring in stages: each subject's component results (placeholders for the components of
    stages it was not selected for), its standing at each selecting stage, and the notes on why
    it was left out."""

    components: list[tuple[ComponentResult, ...]]
    stages: list[list[StageResult]] | None  # None: no stages (distribution checks only)
    notes: dict[int, list[str]]
