"""Consequences by rank band: candidate type × band of places → named values (负责人绩效 +6 …).

For example, 满意候选 places 1–10 give the head +6 and the staff +5, …; 不满意候选 places counted
from the bottom give −5 / −4 / −3. The place and the type usually come from the facts (a county
office ranks county-wide); when no rank column is declared the ruleset's own rank is used.

The bands are a lookup table with two inputs under `hit: unique`: a band is the row "the type (the
column `key`) is `key_value` and the place lies in `ranks` (both ends included)", `otherwise` the
value when no row holds.
Bands of one type whose places overlap are refused at load, by the interval check every lookup
table shares; the band that holds is found by the one hit policy (compile.lookup_table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from ..compile import lookup_table as table
from ..compile.context import CompileContext
from ..core.errors import RulesetError
from ..core.messages import say
from ..core.numbers import plain
from ..model import components as m
from ..results.decisions import Consequences
from ..results.runtime import SubjectFacts


@dataclass(frozen=True)
class CompiledBand:
    when: str | None
    low: int
    high: int
    values: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class CompiledConsequences:
    """Each subject's named values from the first band that holds its type and place."""

    by: str | None  # field name
    rank: str | None  # field name; None → the computed rank
    bands: tuple[CompiledBand, ...]
    otherwise: tuple[tuple[str, Decimal], ...]

    def _holds(self, kind: object, place: int, index: int) -> bool:
        band = self.bands[index]
        return (band.when is None or band.when == kind) and band.low <= place <= band.high

    def decide(self, subjects: Sequence[SubjectFacts], ranks: Sequence[int | None]) -> Consequences:
        """The values and the note of every subject, by position (`ranks[i]`: subject i's computed rank)."""
        values: list[dict[str, Decimal]] = []
        notes: list[str] = []
        for subject, rank in zip(subjects, ranks, strict=True):
            kind = None if self.by is None else subject.get(self.by)
            place = rank if self.rank is None else subject.get(self.rank)
            chosen = self.otherwise
            label = "其余"
            held = None if place is None else table.pick(len(self.bands), partial(self._holds, kind, place), unique=True)
            if held is not None:
                band = self.bands[held]
                chosen = band.values
                label = f"{band.when or ''}第{band.low}–{band.high}名"
            values.append(dict(chosen))
            shown = "，".join(f"{name} {plain(value)}" for name, value in chosen)
            where = "" if place is None else f"（{kind or ''}第{place}名）" if kind else f"（第{place}名）"
            notes.append(f"结果运用{where}: {label} → {shown}")
        return Consequences(values, notes)


def compile_consequences(model: m.Ruleset, ctx: CompileContext) -> CompiledConsequences | None:
    """Check the table (same names in every band, no overlapping bands); errors go to ctx.errors."""
    spec = model.consequences
    if spec is None:
        return None
    path = ("consequences",)
    by = rank = None
    kinds: tuple[str, ...] | None = None
    try:
        if spec.key is not None:
            column = ctx.field(spec.key, path + ("key",), ("enum", "text", "id"))
            by, kinds = column.name, column.values
        if spec.rank is not None:
            rank = ctx.field(spec.rank, path + ("rank",), ("count",)).name
    except RulesetError as exc:
        ctx.errors.append(exc)
        return None
    if spec.key is not None and all(band.key_value is None for band in spec.bands):
        ctx.errors.append(ctx.no_effect(say("RS053.names_type_each"), path + ("key",)))
    names = list(spec.otherwise)
    bands: list[CompiledBand] = []
    for index, band in enumerate(spec.bands):
        bpath = path + ("bands", index)
        if band.key_value is not None and spec.key is None:
            ctx.errors.append(ctx.error(say("RS039.key_value_needs_key"), bpath + ("key_value",)))
        if band.key_value is not None and kinds is not None and band.key_value not in kinds:
            ctx.errors.append(
                ctx.error(say("RS034.value_column", voter=band.key_value, voter2=spec.key, join=' / '.join(kinds)), bpath + ("key_value",))
            )
        if sorted(band.results) != sorted(names):
            ctx.errors.append(
                ctx.error(
                    say("RS039.band_names_every", values=list(band.results), names=list(names)),
                    bpath + ("results",),
                )
            )
        span: table.Interval = (Decimal(band.ranks[0]), True, Decimal(band.ranks[1]), True)
        for other_index, other in enumerate(bands):
            same_type = other.when is None or band.key_value is None or other.when == band.key_value
            if same_type and table.common(span, (Decimal(other.low), True, Decimal(other.high), True)) is not None:
                if other.when == band.key_value:
                    said = say("RS039.places_overlap_band", ranks=band.ranks[0], ranks2=band.ranks[1],
                               other_index=other_index, low=other.low, high=other.high)
                else:
                    said = say("RS039.places_overlap_untyped", ranks=band.ranks[0], ranks2=band.ranks[1],
                               other_index=other_index, low=other.low, high=other.high, type=other.when or band.key_value)
                ctx.errors.append(ctx.error(said, bpath + ("ranks",), code="RS039"))
        bands.append(
            CompiledBand(band.key_value, band.ranks[0], band.ranks[1], tuple((n, band.results[n]) for n in names if n in band.results))
        )
    otherwise = tuple(spec.otherwise.items())
    return CompiledConsequences(by, rank, tuple(bands), otherwise)
