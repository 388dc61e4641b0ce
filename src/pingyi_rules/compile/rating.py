"""The rating formula, shared by `rating` on a subject's own count columns and on the rows of a long table.

    rating = Σ (count of grade × value of grade) × points / (Σ counts × top grade value)

`rating_scale` reads the grade scale (its top value must be positive); `rating_value` is the
formula; `rating_formula` writes it for the trace. `expand_rating_fields` and `expand_rating_rows`
write a rating node as the core construct that computes it (an `expression` over the count
columns; an `aggregate` ratio over the table's rows), and `phrase_rating_*` word that construct's
trace as the rating formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..core.messages import say
from ..core.numbers import ZERO, div, plain
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


# --------------------------------------------------------------------------- the expansion


@dataclass(frozen=True)
class RatingWording:
    """What a `rating` node's expansion is built from, and what its trace is worded with.

    `columns`: (grade, grade value, column) per count column, templates in order, each template's
    grades in the scale's order; `factor`: the `multiply` field, if any.
    """

    columns: tuple[tuple[str, Decimal, str], ...]
    grades: Mapping[str, Decimal]
    top: Decimal
    points: Decimal
    factor: str | None = None


BASE_KEYS = ("id", "name", "points", "clause", "note", "weight", "outside", "monotone")


def base_document(node: Any, kind: str) -> dict[str, Any]:
    """The keys every component has, as written on the sugar node, under a core kind."""
    document: dict[str, Any] = {"kind": kind}
    for key in BASE_KEYS:
        if key in node.model_fields_set or key in ("id", "name", "points"):
            document[key] = getattr(node, key)
    return document


def number(value: Decimal) -> str:
    """A constant (a grade value, the points: never negative) as an expression writes it."""
    return plain(value)


def weighted_text(wording: RatingWording) -> str:
    """Σ count × grade value, as an expression."""
    return " + ".join(f"{column} * {number(value)}" for _, value, column in wording.columns)


def votes_text(wording: RatingWording) -> str:
    """Σ counts, as an expression."""
    return " + ".join(column for _, _, column in wording.columns)


def expand_rating_fields(node: Any, wording: RatingWording) -> dict[str, Any]:
    """A `rating` on the subject's own count columns as an `expression`:
    (Σ count × value) × points / (Σ count × top) [× factor]."""
    expr = f"({weighted_text(wording)}) * {number(wording.points)} / (({votes_text(wording)}) * {number(wording.top)})"
    if wording.factor is not None:
        expr += f" * {wording.factor}"
    document = base_document(node, "expression")
    document["expr"] = expr
    return document


def expand_rating_rows(node: Any, wording: RatingWording, table: str, rows: Mapping[str, Any]) -> dict[str, Any]:
    """A `rating` over the rows of a long table as an `aggregate` ratio over the rows `rows` selects:
    Σ (Σ count × value) × points / Σ (Σ count) × top, each row's tallies in the trace."""
    document = base_document(node, "aggregate")
    document.update({
        "table": table,
        "function": "ratio",
        "where": dict(rows),
        "of": f"({weighted_text(wording)}) * {number(wording.points)}",
        "over": f"({votes_text(wording)}) * {number(wording.top)}",
        "traced": "selected",
        "detail": "，".join(f"{grade} {{{column}}}" for grade, _, column in wording.columns),
        "totals": list(dict.fromkeys(column for _, _, column in wording.columns)),
    })
    return document


def rating_inputs(wording: RatingWording, values: Mapping[str, Any]) -> dict[str, Decimal]:
    """Votes per grade, from each count column's value (a blank one counts 0)."""
    by_grade: dict[str, Decimal] = {}
    for grade, _, column in wording.columns:
        by_grade[grade] = by_grade.get(grade, ZERO) + (values.get(column) or ZERO)
    return by_grade


def phrase_rating_fields(wording: RatingWording, inputs: tuple[tuple[str, Any], ...], result: Decimal) -> str:
    """The formula of a rating on count columns, from its expression's inputs (each column's count)."""
    values = dict(inputs)
    by_grade = rating_inputs(wording, values)
    votes = sum(by_grade.values(), ZERO)
    factor = ""
    if wording.factor is not None:
        factor = f" × {wording.factor} {plain(values[wording.factor])}"
    return rating_formula(by_grade, wording.grades, votes, wording.top, wording.points, result, factor)


def phrase_rating_rows(
    wording: RatingWording, inputs: tuple[tuple[str, Any], ...], result: Decimal
) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """The formula and inputs (votes per grade) of a rating over table rows, from its aggregate's
    inputs (each count column's total over the rows counted)."""
    by_grade = rating_inputs(wording, dict(inputs))
    votes = sum(by_grade.values(), ZERO)
    formula = rating_formula(by_grade, wording.grades, votes, wording.top, wording.points, result)
    return formula, tuple((grade, plain(n)) for grade, n in by_grade.items())
