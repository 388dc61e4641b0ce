"""Hypothesis strategies for fact sets of any ruleset, built from its own table declarations.

`facts(ruleset)` draws {table id: rows} (the header row first, then text cells) that
`read_facts(ruleset, tables)` accepts and that mostly reach scoring: every declared table, subjects
S00, S01, ..., cells of each column's type inside its declared range, ballots that fill their
quotas, case rows whose codes and amounts fit the items that read them, and forced distributions
kept. `near_facts(ruleset)` draws the same with exactly one defect and says which.

Needs hypothesis: `pip install "pingyi-rules[testing]"`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .errors import missing_hypothesis

try:
    from hypothesis import HealthCheck, assume, given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - exercised without the extra only
    raise missing_hypothesis() from None

from ..compile.ruleset import CompiledRuleset
from ..core.text import nfkc
from ..facts.cells import ColumnSpec
from ..facts.tables import TableSpec
from ..model.outcomes import Check
from .walk import Tables, all_components, input_tables


def _name_headers(ruleset: CompiledRuleset) -> set[str]:
    name = ruleset.model.inputs.subjects.name_column
    names = {_header(name)} if name else set()
    for nested in getattr(ruleset, "nested", ()):
        names |= _name_headers(nested)
    return names


def case_items(ruleset: CompiledRuleset, table: TableSpec) -> dict[str, dict[str, Any]]:
    """For a cases table: column name → the item codes (or lookup keys) some component chooses by."""
    choices: dict[str, list[Any]] = {}
    for component in all_components(ruleset):
        if getattr(component, "kind", None) != "cases" or component.table != table.id:
            continue
        choices.setdefault(_name(table, component.code_column), []).extend(i.code for i in component.items)
        for item in component.items:
            if item.key is not None and item.amounts:
                choices.setdefault(_name(table, item.key), []).extend(item.amounts)
    return {k: {"values": sorted(set(map(str, v)))} for k, v in choices.items()}


def _name(table: TableSpec, header: str) -> str:
    for column in table.columns:
        if header in (column.name, column.header):
            return column.name
    return header


def _amount_bounds(ruleset: CompiledRuleset, table: TableSpec) -> tuple[Decimal, Decimal] | None:
    """The tightest range every ranged item of the table accepts (so generated amounts fit)."""
    low, high = Decimal("-1e6"), Decimal("1e6")
    seen = False
    for component in all_components(ruleset):
        if getattr(component, "kind", None) != "cases" or component.table != table.id:
            continue
        for item in component.items:
            ranges = [item.range] if item.range else [v for v in (item.amounts or {}).values() if isinstance(v, list)]
            for bounds in ranges:
                seen = True
                low, high = max(low, bounds[0]), min(high, bounds[1])
    return (low, high) if seen and low <= high else None


def _cell(draw: st.DrawFn, column: ColumnSpec, choices: dict[str, Any], bounds: Any, period: Any) -> str:
    if column.name in choices and choices[column.name]["values"]:
        return str(draw(st.sampled_from(choices[column.name]["values"])))
    if not column.required and draw(st.integers(0, 9)) == 0:
        return ""
    kind = column.type
    if kind == "enum":
        return draw(st.sampled_from(list(column.values or ["x"])))
    if kind == "bool":
        return draw(st.sampled_from(["是", "否", "否", "否"]))
    if kind == "date":
        start = period.start if period else dt.date(2023, 1, 1)
        end = period.end if period else dt.date(2023, 12, 31)
        day = draw(st.dates(start - dt.timedelta(days=20), end + dt.timedelta(days=20)))
        return day.isoformat()
    if kind == "month":
        start = period.start if period else dt.date(2023, 1, 1)
        months = [(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1) for i in range(12)]
        year, month = draw(st.sampled_from(months))
        return f"{year:04d}-{month:02d}"
    if kind == "grade" and column.grades:
        return draw(st.sampled_from([word for word, _ in column.grades]))
    if kind == "count":
        most = int(column.max) if column.max is not None else 25
        return str(draw(st.integers(int(column.min or 0), max(int(column.min or 0), min(most, 25)))))
    if kind == "decimal":
        low = column.min if column.min is not None else Decimal(0)
        high = column.max if column.max is not None else Decimal(100)
        if bounds is not None:
            low, high = max(low, bounds[0]), min(high, bounds[1])
        if column.places == 0:
            return str(draw(st.integers(math.ceil(low), math.floor(high))))
        cents = draw(st.integers(math.ceil(low * 10), math.floor(high * 10)))
        return str(Decimal(cents) / 10)
    return draw(st.sampled_from(["甲", "乙", "丙", "文本"]))


@st.composite
def facts(draw: st.DrawFn, ruleset: CompiledRuleset) -> Tables:
    """table id → rows (header first) for every declared table."""
    ballots = [c for c in all_components(ruleset) if getattr(c, "kind", None) == "ballots"]
    complete = [sum(c.quotas.values()) for c in ballots if c.complete and c.quotas]
    count = complete[0] if complete else draw(st.integers(1, 8))  # complete ballots rate exactly the quota
    subjects = [f"S{i:02d}" for i in range(count)]
    period = ruleset.model.period
    tables: dict[str, list[list[str]]] = {}
    names = _name_headers(ruleset)
    # keyed tables (a department per row): a pool of keys, and the joining field takes its values from it
    keys = [f"K{i}" for i in range(draw(st.integers(1, 3)))]
    joins = {_header(t.join) for t in input_tables(ruleset) if t.join}
    for table in input_tables(ruleset):
        choices = case_items(ruleset, table) if table.rows == "cases" else {}
        bounds = _amount_bounds(ruleset, table) if table.rows == "cases" else None
        header = [c.header for c in table.columns]
        rows = [header]
        if table.rows == "cases":
            free = not any(c.table == table.id for c in ballots)  # ballot rows come only as whole ballots
            owners = draw(st.lists(st.sampled_from(subjects), max_size=12)) if free else []
            plan: list[tuple[str, dict[str, Any]]] = [(o, {}) for o in owners]
            plan += _covering_rows(draw, ruleset, table, subjects)
        elif table.rows == "keyed":
            plan = [(k, {}) for k in keys]
        else:
            every = not table.optional or draw(st.integers(0, 3)) < 3  # an optional table: mostly all rows, else some
            plan = [(s, {}) for s in subjects if every or draw(st.booleans())]
        for owner, fixed in plan:
            row = []
            for column in table.columns:
                if column.header == table.subject:
                    row.append(owner)
                elif column.name in fixed:
                    row.append(fixed[column.name])
                elif table.rows == "per_subject" and (column.header in joins or column.name in joins):
                    row.append(draw(st.sampled_from(keys)))
                elif table.rows == "per_subject" and column.header in names:
                    row.append(f"名{owner}")
                elif fixed and column.type == "count":  # a covering row carries votes
                    row.append(str(draw(st.integers(1, 25))))
                else:
                    row.append(_cell(draw, column, choices, bounds, period))
            if table.rows == "cases":
                _fit_amount(draw, ruleset, table, row)
            else:
                _fit_ranged_sums(draw, ruleset, table, row)
                _fit_votes(ruleset, header, row)
            rows.append(row)
        tables[table.id] = rows
    fit_distributions(ruleset, tables)
    fit_unique(ruleset, tables)
    return tables


def _covering_rows(
    draw: st.DrawFn, ruleset: CompiledRuleset, table: TableSpec, subjects: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    """Rows that make the random facts scoreable: for a rating over selected rows, one selected row
    per subject; for ballots, whole ballots (one row per subject, one voter type, a grade each); for
    a check that every subject has at least N rows of the table, N rows each."""
    plan: list[tuple[str, dict[str, Any]]] = []
    scales = {scale.id: scale for scale in ruleset.model.scales}
    for nested in getattr(ruleset, "nested", ()):
        scales.update({scale.id: scale for scale in nested.model.scales})
    for component in all_components(ruleset):
        if getattr(component, "table", None) != table.id:
            continue
        kind = getattr(component, "kind", None)
        condition = getattr(component, "where", None)
        if kind == "rating" and condition is not None and getattr(condition, "column", None):
            values = [condition.equals] if condition.equals is not None else list(condition.in_ or [])
            for subject in subjects:
                plan.append((subject, {_name(table, condition.column): str(draw(st.sampled_from(values)))}))
        elif kind == "aggregate" and getattr(component, "empty", None) == "error" and table.rows == "cases":
            # an aggregate with no counted row is an error unless it declares `empty`: one row per subject,
            # meeting a simple `where` (column equals / in)
            where = getattr(component, "where", None)
            fixed: dict[str, Any] = {}
            if where is not None and getattr(where, "column", None):
                choices = [where.equals] if where.equals is not None else list(where.in_ or [])
                if choices:
                    fixed[_name(table, where.column)] = str(draw(st.sampled_from(choices)))
            plan.extend((subject, dict(fixed)) for subject in subjects)
        elif kind == "ballots":
            grades = list(scales[component.scale].grades) if component.scale in scales else ["x"]
            quota = [g for g, n in (component.quotas or {}).items() for _ in range(n)]
            voters = list(component.voters)
            # one valid ballot from every voter type first (a type with none leaves its part unscored),
            # then up to two more from any type: mostly within the quotas, sometimes not (a void one)
            for number in range(len(voters) + draw(st.integers(0, 2))):
                voter = voters[number] if number < len(voters) else draw(st.sampled_from(voters))
                if len(quota) == len(subjects) and (number < len(voters) or draw(st.integers(0, 3))):
                    marks = draw(st.permutations(quota))
                else:
                    marks = [draw(st.sampled_from(grades)) for _ in subjects]
                for subject, mark in zip(subjects, marks):
                    plan.append((subject, {
                        _name(table, component.ballot): f"{component.id}-{number}",
                        _name(table, component.voter): voter,
                        _name(table, component.column): mark,
                    }))
    for check in ruleset.model.checks:
        # a check that every subject has at least N rows of this table (no `where`): N rows each
        if not isinstance(check, Check):
            continue
        when = check.when
        if when.count_rows == table.id and when.where is None and when.at_least is not None:
            plan.extend((subject, {}) for subject in subjects for _ in range(int(when.at_least)))
    return plan


def _fit_amount(draw: st.DrawFn, ruleset: CompiledRuleset, table: TableSpec, row: list[str]) -> None:
    """A case row's amount as its item wants it: blank for a fixed amount, inside the range for a ranged one."""
    position = {c.name: i for i, c in enumerate(table.columns)}
    for component in all_components(ruleset):
        if getattr(component, "kind", None) != "cases" or component.table != table.id or not component.amount_column:
            continue
        code_at, amount_at = position.get(_name(table, component.code_column)), position.get(_name(table, component.amount_column))
        if code_at is None or amount_at is None:
            continue
        item = next((i for i in component.items if i.code == row[code_at]), None)
        if item is None:
            continue
        bounds = item.range
        if item.key is not None and item.amounts:
            by_at = position.get(_name(table, item.key))
            if by_at is not None and row[by_at] not in item.amounts:
                row[by_at] = str(draw(st.sampled_from(sorted(item.amounts))))
            entry = item.amounts.get(row[by_at]) if by_at is not None else None
            bounds = entry if isinstance(entry, list) else None
            if entry is not None and not isinstance(entry, list):
                row[amount_at] = ""
                return
        if item.amount is not None:
            row[amount_at] = ""
        elif bounds is not None:
            cents = draw(st.integers(int(bounds[0] * 10), int(bounds[1] * 10)))
            row[amount_at] = str(Decimal(cents) / 10)
        return


def _fit_ranged_sums(draw: st.DrawFn, ruleset: CompiledRuleset, table: TableSpec, row: list[str]) -> None:
    """A wide-form deduction with a count column: the sum lies in count × the item's range."""
    position = {c.name: i for i, c in enumerate(table.columns)}
    for component in all_components(ruleset):
        for item in getattr(component, "items", None) or []:
            count, bounds = getattr(item, "count", None), getattr(item, "range", None)
            column = getattr(item, "column", None)
            if not (count and bounds and column):
                continue
            count_at, sum_at = position.get(_name(table, count)), position.get(_name(table, column))
            if count_at is None or sum_at is None or not row[count_at].isdigit():
                continue
            cases = int(row[count_at])
            cents = draw(st.integers(int(bounds[0] * 100 * cases), int(bounds[1] * 100 * cases)))
            row[sum_at] = str(Decimal(cents) / 100)


def _header(text: str) -> str:
    return nfkc(text)


def fit_distributions(ruleset: CompiledRuleset, tables: dict[str, list[list[str]]]) -> None:
    """Regrade rows so that every forced distribution (at most / at least a share of a grade in each
    group) holds: random grades break one nearly always, and such facts would never reach scoring."""
    for dist in ruleset.model.distributions:
        limited = {limit.grade for limit in dist.shares}
        for table in input_tables(ruleset):
            column = next((c for c in table.columns if dist.column in (c.header, c.name)), None)
            group = next((c for c in table.columns if dist.within in (c.header, c.name)), None)
            if column is None or group is None or table.id not in tables:
                continue
            neutral = [v for v in (column.values or []) if v not in limited]
            if not neutral:
                continue
            header, *rows = tables[table.id]
            at, by = header.index(column.header), header.index(group.header)
            for key in {row[by] for row in rows}:
                rated = [row for row in rows if row[by] == key and row[at] != ""]
                for limit in (limit for limit in dist.shares if limit.most):
                    allowed = _share_count(limit.share, len(rated), limit.round)
                    for row in [r for r in rated if r[at] == limit.grade][allowed:]:
                        row[at] = neutral[0]
                for limit in (limit for limit in dist.shares if not limit.most):
                    needed = _share_count(limit.share, len(rated), limit.round)
                    have = sum(1 for r in rated if r[at] == limit.grade)
                    for row in [r for r in rated if r[at] in neutral][: max(needed - have, 0)]:
                        row[at] = limit.grade


def fit_unique(ruleset: CompiledRuleset, tables: Tables) -> None:
    """Make the columns a table declares `unique` identify one row each: a repeated key gets the row's
    number added to one of its text columns, or (a key of subjects, dates and numbers only) the
    repeating row is left out."""
    specs = {spec.id: spec for spec in input_tables(ruleset)}
    declared = [t for r in (ruleset, *getattr(ruleset, "nested", ())) for t in r.model.inputs.tables if t.unique]
    for model in declared:
        spec = specs.get(model.id)
        if spec is None or model.id not in tables:
            continue
        header, *rows = tables[model.id]
        columns = [c for c in spec.columns if c.header in model.unique or c.name in model.unique]
        at = [header.index(c.header) for c in columns]
        free = [header.index(c.header) for c in columns if c.type in ("text", "id") and c.header != spec.subject]
        seen: set[tuple[str, ...]] = set()
        kept: list[list[str]] = []
        for number, row in enumerate(rows, start=1):
            key = tuple(row[i] for i in at)
            if key in seen:
                if not free:
                    continue
                row[free[0]] = f"{row[free[0]]}{number}"
                key = tuple(row[i] for i in at)
            seen.add(key)
            kept.append(row)
        tables[model.id] = [header, *kept]


def _fit_votes(ruleset: CompiledRuleset, header: list[str], row: list[str]) -> None:
    """A subject's row carries at least one vote for each rating read from its count columns
    (a rating with no votes at all is an error, so all-zero rows would never reach scoring)."""
    scales = {scale.id: scale for scale in ruleset.model.scales}
    for component in all_components(ruleset):
        if getattr(component, "kind", None) != "rating" or component.scale not in scales:
            continue
        headers = [t.format(grade=g) for t in component.counts for g in scales[component.scale].grades]
        at = [header.index(h) for h in headers if h in header]
        if at and len(at) == len(headers) and all(row[i] in ("", "0") for i in at):
            row[at[0]] = "1"


def _share_count(share: Decimal, n: int, rounding: str) -> int:
    """⌈share × n⌉ (up) or ⌊share × n⌋ (down), in exact rationals."""
    product = Fraction(share) * n
    return math.ceil(product) if rounding == "up" else math.floor(product)


@dataclass(frozen=True)
class Defect:
    """The one thing wrong in a near-valid fact set: a table, its data row (1 = the first after the
    header) and column, and what was written there."""

    kind: str  # not-a-number | negative-count | not-a-listed-value | unknown-subject
    table: str
    row: int
    column: str
    text: str
    original: str  # what the valid fact set had there

    def repaired(self, tables: Tables) -> Tables:
        """The same fact set without the defect."""
        fixed = {table: [list(row) for row in rows] for table, rows in tables.items()}
        fixed[self.table][self.row][fixed[self.table][0].index(self.column)] = self.original
        return fixed

    def __str__(self) -> str:
        return f"{self.table}[{self.row}] {self.column}: {self.kind} ({self.text!r})"


def _defect_sites(ruleset: CompiledRuleset, tables: Tables) -> list[tuple[str, int, int, str]]:
    """(table, row, column position, kind) for every cell a defect can be written into."""
    sites: list[tuple[str, int, int, str]] = []
    subject_table = ruleset.model.inputs.subjects.table
    for spec in ruleset.input_tables():
        rows = tables.get(spec.id, [])
        for at, column in enumerate(spec.columns):
            kinds: list[str] = []
            if column.type in ("count", "decimal"):
                kinds.append("not-a-number")
            if column.type == "count":
                kinds.append("negative-count")
            if column.invalid == "void":
                continue  # a bad cell voids its row there: no error to expect
            if column.type in ("enum", "grade") and (column.values or column.grades):
                kinds.append("not-a-listed-value")
            if column.header == spec.subject and spec.rows == "per_subject" and spec.id != subject_table:
                kinds.append("unknown-subject")
            sites.extend((spec.id, row, at, kind) for row in range(1, len(rows)) for kind in kinds
                         if rows[row][at] != "" or kind == "unknown-subject")
    return sites


_DEFECT_TEXT = {"not-a-number": "十二", "negative-count": "-1", "not-a-listed-value": "未列出的值",
                "unknown-subject": "无此对象"}


@st.composite
def near_facts(draw: st.DrawFn, ruleset: CompiledRuleset) -> tuple[Tables, Defect]:
    """A fact set from `facts(ruleset)` with exactly one defect that reading or scoring must refuse
    with an error naming its table: a word in a number column, a negative count, a value outside an
    enum's list, or a row for a subject the subject table does not have."""
    tables = draw(facts(ruleset))
    sites = _defect_sites(ruleset, tables)
    assume(bool(sites))  # nothing to spoil (no data rows in any typed column): draw again
    table, row, at, kind = draw(st.sampled_from(sites))
    text = _DEFECT_TEXT[kind]
    original = tables[table][row][at]
    tables[table][row][at] = text
    return tables, Defect(kind, table, row, tables[table][0][at], text, original)


def given_facts(ruleset: CompiledRuleset, **options: Any) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`@given(facts(ruleset))` with settings for scoring (no deadline: a whole population is scored
    several times per example); `options` go to hypothesis' settings (max_examples=...)."""
    chosen = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large]} | options

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        return settings(**chosen)(given(facts(ruleset))(test))

    return decorate
