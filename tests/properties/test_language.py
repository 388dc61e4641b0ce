"""The language's acceptance property, over rulesets composed at random from its constructs
(tests/properties/langgen.py) and facts for them:

- every row of every long table is accounted for once: in exactly one row trace of each aggregate
  that reads its table and lists it (an aggregate, with or without row steps, a `cases`, a
  `ballots` node; `traced: selected` lists only the rows its `where` selects, and each row of a
  ballot table is listed by exactly one `ballots` node, the one counting its voter type), for its
  own subject (counted, capped, exempted, superseded, excluded, unmatched, blank, trimmed …), or in
  exactly one void record (a void form or ballot, a failed cell, a row outside the period) and then
  counted in no trace (listed as void only by a reader with `void_detail`, as `ballots` nodes are) —
  or the run ends in a located error (a FactsError or EvaluationError naming a place in the facts);
  never silently dropped;
- ballots (tests/properties/ballot_checks.py): a ballot off its quotas is void, a counted one keeps
  them, each `ballots` node's points are the mean of its valid votes, worked out here; reversing
  the ballot table's rows changes no total, point or void ballot;
- named values change nothing: moving an aggregate or a `ballots` node of the tree into `values:`
  (an expression of the same id taking its place) or adding values changes no total, rank, tier,
  note, component or void record.

At least MIN_SCORED of the generated examples must reach scoring (the others end in a located
error, itself checked), and the void and trace paths must both be exercised: a property that mostly
stops early checks nothing.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections import Counter
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, load_ruleset, score
from pingyi_rules.core.errors import EvaluationError, FactsError, MultipleErrors
from pingyi_rules.results.result import STATUS_LABELS, Result

from ..arith import near
from .ballot_checks import check_ballots, order_free, with_ballots_reversed
from .langgen import (
    BALLOT_TABLE,
    Plan,
    aggregates,
    plans,
    with_component_moved,
    with_row_conditions_named,
    with_values_added,
)

MIN_SCORED = 0.6  # measured: about 75 % of the generated examples reach scoring
EXAMPLES = 200
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def outcome(plan: Plan, folder: Path) -> Result | PingyiError:
    """The plan's ruleset scored on its facts, or the error the facts gave. A ruleset refused at
    load is a fault of the generator (it composes only valid rulesets): it fails the test."""
    folder.mkdir()
    (folder / "ruleset.yaml").write_text(plan.yaml(), encoding="utf-8")
    ruleset = load_ruleset(folder / "ruleset.yaml")
    for table, rows in plan.tables.items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (folder / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")
    try:
        return score(ruleset, folder)
    except (FactsError, EvaluationError, MultipleErrors) as exc:
        located(exc, folder)
        return exc


def located(exc: PingyiError, folder: Path) -> None:
    """Each error of the run names a place in the facts folder."""
    errors = exc.errors if isinstance(exc, MultipleErrors) else [exc]
    for error in errors:
        assert isinstance(error, (FactsError, EvaluationError)), repr(error)
        assert error.code, str(error)
        assert error.location is not None and error.location.file is not None, str(error)
        assert Path(error.location.file).parent == folder, str(error)


def selects(reader: dict[str, Any], row: dict[str, str]) -> bool:
    """Whether the reader's trace lists the row: every row of its subject, or with `traced:
    selected` (a `ballots` node: its voter types) only the rows its `where` selects (drawn as
    `{column: …, in: […]}` for that reason)."""
    if reader["kind"] == "ballots":
        return row[reader["voter"]] in reader["voters"]
    if reader.get("traced") != "selected":
        return True
    where = reader["where"]
    assert set(where) == {"column", "in"}, where
    return row[where["column"]] in where["in"]


def lists_void(reader: dict[str, Any]) -> bool:
    """The reader lists its subject's void rows in its trace (as void): `void_detail`, a `ballots` node."""
    return reader["kind"] == "ballots" or "void_detail" in reader


def account_for_rows(plan: Plan, result: Result) -> Counter[str]:
    """Every row of every long table in exactly one void record or, for its subject, in exactly one
    row trace of each aggregate reading the table (that lists it: `traced: selected` lists only the
    rows it selects; each row of a ballot table is listed by exactly one `ballots` node); a void row
    listed (as void, counted for nothing) only by readers with `void_detail`; what was seen, counted."""
    seen: Counter[str] = Counter()
    readers = aggregates(plan)
    ids = {s.id for s in result.subjects}
    declared = {t["id"]: t for t in plan.document["inputs"]["tables"]}
    for table in plan.long_tables:
        header, *rows = plan.tables[table]
        owner = header.index(declared[table]["subject"])
        void: dict[int, Any] = {}
        for record in result.void:
            if record.table != table:
                continue
            assert record.rows, f"void record {record} names no row"
            for number in record.rows:
                assert number not in void, f"{table} row {number} is in two void records"
                void[number] = record
        assert all(2 <= n <= len(rows) + 1 for n in void), f"{table}: a void record names a row not in the file"
        mine = {a["id"]: a for a in readers if a["table"] == table}
        assert mine, f"no aggregate reads {table}: its rows would be dropped silently"
        expected: dict[tuple[str, str, bool], list[int]] = {}  # (subject, reader, void) → rows listed
        for number, row in enumerate(rows, start=2):
            assert row[owner] in ids
            cells = dict(zip(header, row, strict=True))
            listed_by = [cid for cid, reader in mine.items() if selects(reader, cells)]
            if number in void:
                assert row[owner] in void[number].subjects, f"{table} row {number}: void record {void[number]} does not name its subject"
                seen["void row"] += 1
                seen["row outside the period" if void[number].reason.startswith("统计期外") else "row void by a rule or a cell"] += 1
                if table == BALLOT_TABLE:
                    seen["void ballot row"] += 1
                for cid in listed_by:
                    if lists_void(mine[cid]):
                        expected.setdefault((row[owner], cid, True), []).append(number)
                        seen["void row listed"] += 1
                continue
            seen["traced row"] += 1
            if table == BALLOT_TABLE:  # one voter type, one node: the row is counted once
                assert len([c for c in listed_by if mine[c]["kind"] == "ballots"]) == 1, f"{table} row {number} {row}"
                seen["counted ballot row"] += 1
            for cid in listed_by:
                expected.setdefault((row[owner], cid, False), []).append(number)
        name = f"{table}.csv"
        for subject in result.subjects:
            for entry in subject.trace():
                traced = [t for t in entry.rows if t.location.file is not None and Path(t.location.file).name == name]
                cid = entry.path.split("/")[-1]
                if cid not in mine:
                    assert traced == [], f"{subject.id}: {entry.path} traces rows of {name} it does not read"
                    continue
                assert all(t.status in STATUS_LABELS for t in traced), entry.path
                seen.update(f"status {t.status}" for t in traced)
                for is_void in (False, True):
                    numbers = sorted(t.location.row or 0 for t in traced if (t.status == "void") == is_void)
                    want = expected.get((subject.id, cid, is_void), [])
                    assert numbers == want, (
                        f"{subject.id} {entry.path}: {'void ' * is_void}rows {numbers} traced, expected {want} (void: {sorted(void)})"
                    )
    return seen


def counted_nowhere(result: Result) -> None:
    """Each total is the sum of the top-level components alone (in exact rationals): no named value is in it."""
    for subject in result.subjects:
        parts = [c.points for c in subject.components]
        if subject.exact_total is None:
            assert any(p is None for p in parts), subject.id
            continue
        assert near(subject.exact_total, sum((Fraction(p) for p in parts if p is not None), Fraction(0))), subject.id


def decisions(result: Result) -> list[Any]:
    """What a named value must not change: totals, ranks, tiers, notes, every component's points, void records."""
    subjects = [
        (s.id, s.exact_total, s.total, s.rank, tuple(s.tiers), tuple(s.notes),
         sorted((n.id, n.points) for c in s.components for n in c.walk()))
        for s in result.subjects
    ]
    return [subjects, [(v.table, v.key, v.reason, v.rows) for v in result.void]]


def test_every_row_is_accounted_for_and_named_values_change_nothing() -> None:
    reached: Counter[str] = Counter()

    @PROPERTY
    @given(plan=plans(), which=st.integers(0, 10))
    def holds(plan: Plan, which: int) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            base = outcome(plan, Path(tmp) / "plain")
            variants = [v for v in (with_component_moved(plan, which), with_values_added(plan)) if v is not None]
            others = [outcome(v, Path(tmp) / f"variant{i}") for i, v in enumerate(variants)]
            turned = with_ballots_reversed(plan)
            reordered = outcome(turned, Path(tmp) / "reversed") if turned is not None else None
        if reordered is not None:  # the order of the ballot rows decides nothing
            assert isinstance(reordered, PingyiError) == isinstance(base, PingyiError), f"{base} / {reordered}"
        if isinstance(base, PingyiError):
            event(f"located error {base.code}")
            reached["facts error" if isinstance(base, FactsError) else "evaluation error"] += 1
            reached["error"] += 1
            for other in others:  # a value moved or added cannot make the facts acceptable
                assert isinstance(other, PingyiError), f"scored with values moved or added, but the plain ruleset failed: {base}"
            return
        event("scored")
        reached["scored"] += 1
        reached.update({f"scored {a.get('function', a['kind'])}" for a in aggregates(plan)})
        seen = account_for_rows(plan, base)
        reached.update(seen)
        reached.update(check_ballots(plan, base))
        if isinstance(reordered, Result):
            assert order_free(reordered) == order_free(base)
            reached["ballots reversed"] += 1
        counted_nowhere(base)
        for variant, other in zip(variants, others, strict=True):
            assert isinstance(other, Result), f"the plain ruleset scored, the one with values moved or added failed: {other}"
            account_for_rows(variant, other)
            counted_nowhere(other)
            assert decisions(other) == decisions(base)
            for subject in other.subjects:  # every value traced and published for every subject
                assert [n.id for n in subject.named] == [v["id"] for v in variant.document.get("values", [])]
        if len(variants) == 2:
            reached["moved"] += 1

    holds()
    total = reached["scored"] + reached["error"]
    assert reached["scored"] >= MIN_SCORED * total, f"only {reached['scored']} of {total} generated examples reached scoring"
    # the paths the property is about were all taken
    for what in ("row outside the period", "row void by a rule or a cell", "traced row", "status counted",
                 "status unmatched", "status blank", "status excluded", "status exempted", "status superseded",
                 "status capped", "moved", "error", "void ballot row", "counted ballot row", "void row listed",
                 "scored ratio", "scored ballots", "void ballot", "valid ballot", "ballots points checked", "ballots reversed"):
        assert reached[what] > 0, f"no generated example had a {what}: {dict(reached)}"


def test_named_row_conditions_decide_as_written_out() -> None:
    """Every row condition of a generated ruleset written once in `row_conditions` and named by `is`
    where it was (compiled against each table that uses it, inside one another): the same totals,
    ranks, tiers, points and void records, every row accounted for, or the same located error."""
    reached: Counter[str] = Counter()

    @settings(max_examples=EXAMPLES // 2, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(plan=plans())
    def holds(plan: Plan) -> None:
        named = with_row_conditions_named(plan)
        if named is None:
            return
        assert "row_conditions" in named.document and "row_conditions" not in plan.document
        with tempfile.TemporaryDirectory() as tmp:
            base = outcome(plan, Path(tmp) / "plain")
            renamed = outcome(named, Path(tmp) / "named")
        if isinstance(base, PingyiError):
            assert isinstance(renamed, PingyiError) and renamed.code == base.code, f"{base} / {renamed}"
            reached["error"] += 1
            return
        assert isinstance(renamed, Result), f"the plain ruleset scored, the one with named row conditions failed: {renamed}"
        assert decisions(renamed) == decisions(base)
        account_for_rows(named, renamed)
        reached["scored"] += 1
        reached["nested"] += any("is" in str(entry["when"]) for entry in named.document["row_conditions"])

    holds()
    assert reached["scored"] >= MIN_SCORED * (reached["scored"] + reached["error"]), dict(reached)
    assert reached["nested"] > 0, dict(reached)


IN_PERIOD_WITHOUT_VALUES = """\
id: in-period
name: 统计期
version: "1"
source: {title: 统计期}
period: {start: 2023-01-01, end: 2023-12-31}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns: [{header: 编码, type: id}, {header: 名称, type: text}]
    - id: t1
      layout: cases
      subject: 编码
      columns: [{header: 编码, type: id}, {header: 日期, type: date}, {header: 分数, type: decimal}, {header: 满分, type: decimal}]
components:
  - {id: 计数, name: 计数, kind: aggregate, table: t1, function: count, in_period: 日期, where: {column: 分数, above: 1}, empty: 0}
  - {id: 占比, name: 占比, kind: aggregate, table: t1, function: share, meeting: {column: 分数, above: 50}, in_period: 日期, empty: 0}
  - {id: 比率, name: 比率, kind: aggregate, table: t1, function: ratio, per_row: 分数, over: 满分, in_period: 日期, empty: 0}
  - {id: 扣, name: 扣, kind: aggregate, table: t1, function: count, in_period: 日期, base: 5, floor: 0, empty: 0}
"""


def test_in_period_on_count_share_and_ratio(tmp_path: Path) -> None:
    """`in_period` on an aggregate without values to step (count, share, ratio): the row outside the
    period is excluded, the others counted as without it (found by the generator: a traceback once)."""
    (tmp_path / "ruleset.yaml").write_text(IN_PERIOD_WITHOUT_VALUES, encoding="utf-8")
    (tmp_path / "units.csv").write_text("编码,名称\nU1,甲\n", encoding="utf-8")
    (tmp_path / "t1.csv").write_text(
        "编码,日期,分数,满分\nU1,2023-03-01,60,100\nU1,2024-03-01,90,100\nU1,2023-05-01,0,100\nU1,2023-06-01,30,50\n", encoding="utf-8")
    result = score(load_ruleset(tmp_path / "ruleset.yaml"), tmp_path)
    (subject,) = result.subjects
    points = {c.id: c.points for c in subject.components}
    # rows 2, 4, 5 in the period; 计数 counts those with 分数 above 1 (60, 30); 占比 1 of 3 above 50;
    # 比率 (60 + 0 + 30) / (100 + 100 + 50); 扣 5 − 3
    assert points["计数"] == 2 and points["扣"] == 2
    assert near(Fraction(points["占比"]), Fraction(1, 3)) and near(Fraction(points["比率"]), Fraction(90, 250))
    for entry in subject.trace():
        statuses = {t.location.row: t.status for t in entry.rows}
        assert statuses[3] == "excluded", entry.path
        assert sorted(statuses) == [2, 3, 4, 5], entry.path
