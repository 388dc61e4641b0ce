"""The rating formula, shared by `rating` on a subject's own count columns and on the rows of a long table.

    rating = Σ (count of grade × value of grade) × points / (Σ counts × top grade value)

`rating_scale` reads the grade scale (its top value must be positive); `rating_value` is the
formula; `rating_formula` writes it for the trace.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from ..core.messages import say
from ..core.numbers import div, plain
from ..source.strict_yaml import PathKey
from .context import CompileContext, TallyScale


def rating_scale(name: str, path: PathKey, ctx: CompileContext) -> tuple[TallyScale, Decimal]:
    """The named scale and its top grade value, which must be positive (it divides)."""
    scale = ctx.scale(name, path)
    top = max(scale.grades.values())
    if top <= 0:
        raise ctx.error(say("RS031.scale_positive_grade", id=scale.id), path)
    return scale, top


def rating_value(weighted: Decimal, votes: Decimal, points: Decimal, top: Decimal) -> Decimal:
    """Σ count × value (`weighted`) over Σ counts (`votes`) × top value, scaled to the points."""
    return div(weighted * points, votes * top)


def rating_formula(
    by_grade: Mapping[str, Decimal], grades: Mapping[str, Decimal], votes: Decimal, top: Decimal,
    points: Decimal, result: Decimal, factor: str = "",
) -> str:
    """(优 n×v + …) / (votes × top) [× points][factor] = result; `factor` is written as given."""
    sums = " + ".join(f"{grade} {plain(n)}×{plain(grades[grade])}" for grade, n in by_grade.items())
    tail = f" × {plain(points)}" if points != 1 else ""
    return f"({sums}) / ({plain(votes)} × {plain(top)}){tail}{factor} = {plain(result)}"
