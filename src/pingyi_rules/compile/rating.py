"""The rating formula, shared by `rating` on a subject's own count columns and on the rows of a long table.

    rating = Σ (count of grade × value of grade) × points / (Σ counts × top grade value)

`rating_scale` reads the grade scale (its top value must be positive); `rating_formula` writes
the formula for the trace. `expand_rating_fields` and `expand_rating_rows`
write a rating node as the core construct that computes it (an `expression` over the count
columns; an `aggregate` ratio over the table's rows), and `phrase_rating_*` word that construct's
trace as the rating formula.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..core.messages import say
from ..core.numbers import plain
from ..source.strict_yaml import PathKey
from .context import CompileContext, TallyScale


def rating_scale(name: str, path: PathKey, ctx: CompileContext) -> tuple[TallyScale, Decimal]:
    """The named scale and its top grade value, which must be positive (it divides)."""
    scale = ctx.scale(name, path)
    top = max(scale.grades.values())
    if top <= 0:
        raise ctx.error(say("RS031.scale_positive_grade", id=scale.id), path)
    return scale, top


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
    grades in the scale's order; `factor`: the `multiply` field, if any; `votes` and `labels`: the
    names the expansion gives the total of the votes and the votes of each grade of the scale.
    """

    columns: tuple[tuple[str, Decimal, str], ...]
    grades: Mapping[str, Decimal]
    top: Decimal
    points: Decimal
    factor: str | None = None
    votes: str = "票数合计"
    labels: tuple[str, ...] = ()
    before: int = 0  # the core construct's inputs before the tallies (the count columns; 行数 and 计入)
    rows: bool = False  # tallies over a table's rows

    @property
    def names(self) -> tuple[str, ...]:
        """The count columns, each once, in order (then the factor): the inputs the rating lists."""
        return (*dict.fromkeys(column for _, _, column in self.columns), *((self.factor,) if self.factor else ()))


def vote_labels(grades: Mapping[str, Decimal], taken: Collection[str]) -> tuple[str, tuple[str, ...]]:
    """Names for the total of the votes and each grade's votes that no field, component or value has."""
    chosen: list[str] = []
    for wanted in ("票数合计", *(f"{grade}票数" if f"{grade}票数".isidentifier() else f"等次{i + 1}票数" for i, grade in enumerate(grades))):
        name = wanted
        while name in taken or name in chosen:
            name += "_"
        chosen.append(name)
    return chosen[0], tuple(chosen[1:])


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


def _tallies(wording: RatingWording) -> dict[str, str]:
    """The total of the votes (every count column, in order) and each grade's votes (`labels`; none when
    each grade has one column, which is its votes), as expressions."""
    tallies = {wording.votes: " + ".join(column for _, _, column in wording.columns)}
    for grade, label in zip(wording.grades, wording.labels, strict=True) if wording.labels else ():
        tallies[label] = " + ".join(column for g, _, column in wording.columns if g == grade)
    return tallies


def times(term: str, value: Decimal) -> str:
    """`term * value`, or the term alone when the value is 1 (× 1 changes no digit of a number)."""
    shown = number(value)
    return term if shown == "1" else f"{term} * {shown}"


def _weighted(wording: RatingWording) -> str:
    if not wording.labels:  # one column per grade
        return " + ".join(times(column, value) for _, value, column in wording.columns)
    return " + ".join(times(label, value) for label, value in zip(wording.labels, wording.grades.values(), strict=True))


def expand_rating_fields(node: Any, wording: RatingWording) -> dict[str, Any]:
    """A `rating` on the subject's own count columns as an `expression`: the votes (and, when a grade
    has several columns, each grade's votes) as intermediate values, then (Σ votes × value) × points
    / (votes × top) [× factor]."""
    top = number(wording.top)
    expr = f"{times(f'({_weighted(wording)})', wording.points)} / {wording.votes if top == '1' else f'({wording.votes} * {top})'}"
    if wording.factor is not None:
        expr += f" * {wording.factor}"
    document = base_document(node, "expression")
    document["let"] = _tallies(wording)
    document["expr"] = expr
    return document


def expand_rating_rows(node: Any, wording: RatingWording, table: str, rows: Mapping[str, Any]) -> dict[str, Any]:
    """A `rating` over the rows of a long table as an `aggregate` ratio over the rows `rows` selects:
    Σ (Σ count × value) × points / Σ (Σ count) × top, each row's tallies in the trace, the votes and
    each grade's votes among the inputs."""
    weighted = " + ".join(times(column, value) for _, value, column in wording.columns)
    document = base_document(node, "aggregate")
    document.update({
        "table": table,
        "function": "ratio",
        "where": dict(rows),
        "per_row": times(f"({weighted})", wording.points),
        "over": times(f"({_tallies(wording)[wording.votes]})", wording.top),
        "traced": "selected",
        "detail": "，".join(f"{grade} {{{column}}}" for grade, _, column in wording.columns),
        "totals": _tallies(wording),
    })
    return document
