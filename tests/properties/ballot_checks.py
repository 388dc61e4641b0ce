"""What the ballots of a generated ruleset (tests/properties/langgen_ballots.py) must come to, worked
out here from the facts alone: which ballots keep their quotas, and each `ballots` node's points as
the mean of its valid votes' grade values over the scale's top value times its points (exact
rationals); and that the order of the ballot table's rows changes no total, point or void ballot."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

from pingyi_rules.results.result import Result

from ..arith import near
from .langgen import Plan, aggregates
from .langgen_ballots import BALLOT_SCALES
from .langgen_ballots import TABLE as BALLOT_TABLE


def off_quota(node: dict[str, Any], rows: list[list[str]], subjects: list[str]) -> bool:
    """The ballot (its rows: 票号, 投票人, 被评, 等次) breaks the node's quotas: a grade of the scale
    given other than its quota times (0 outside the quotas), or (complete, the default) a subject
    rated twice or not at all."""
    given = Counter(row[3] for row in rows)
    if any(given[grade] != node["quotas"].get(grade, 0) for grade in BALLOT_SCALES[node["scale"]]):
        return True
    if node.get("complete", True):
        rated = Counter(row[2] for row in rows)
        return any(n > 1 for n in rated.values()) or set(subjects) != set(rated)
    return False


def check_ballots(plan: Plan, result: Result) -> Counter[str]:
    """In a scored result: a ballot the ballots' rules void is void (another reason may void it
    first only when the table has rules of its own); a ballot not void has one voter type, counted
    by a node, grades of the scale only and keeps the node's quotas; each node's points for each
    subject are the mean of its valid votes for it, scaled. What was seen, counted."""
    seen: Counter[str] = Counter()
    if BALLOT_TABLE not in plan.long_tables:
        return seen
    declared = next(t for t in plan.document["inputs"]["tables"] if t["id"] == BALLOT_TABLE)
    own_rules = "void" in declared or any(c.get("invalid") == "void" for c in declared["columns"])
    nodes = [r for r in aggregates(plan) if r["kind"] == "ballots"]
    owner = {voter: node for node in nodes for voter in node["voters"]}
    subjects = [s.id for s in result.subjects]
    void = {record.key for record in result.void if record.table == BALLOT_TABLE}
    ballots: dict[str, list[list[str]]] = {}
    for row in plan.tables[BALLOT_TABLE][1:]:
        ballots.setdefault(row[0], []).append(row)
    votes: dict[tuple[str, str], list[Fraction]] = {}  # (node id, subject) → the grade values of its valid votes
    for key, rows in ballots.items():
        voters = {row[1] for row in rows}
        if key in void:
            seen["void ballot"] += 1
            if not own_rules:
                assert len(voters) == 1 and off_quota(owner[next(iter(voters))], rows, subjects), f"ballot {key} is void: {rows}"
            continue
        assert len(voters) == 1 and next(iter(voters)) in owner, f"ballot {key} counted with voter types {voters}"
        node = owner[next(iter(voters))]
        scale = BALLOT_SCALES[node["scale"]]
        assert all(row[3] in scale for row in rows), f"ballot {key} counted with a grade off the scale: {rows}"
        assert not off_quota(node, rows, subjects), f"ballot {key} is off quota but counted: {rows}"
        seen["valid ballot"] += 1
        for row in rows:
            votes.setdefault((node["id"], row[2]), []).append(Fraction(scale[row[3]]))
    for node in nodes:
        top = max(BALLOT_SCALES[node["scale"]].values())
        for subject in result.subjects:
            given = votes.get((node["id"], subject.id))
            assert given, f"{subject.id} scored without a valid vote of {node['id']}"  # (else EV010 / EV030)
            expected = sum(given, Fraction(0)) / len(given) / top * node["points"]
            points = subject.component(node["id"]).points
            assert points is not None and near(points, expected), f"{subject.id} {node['id']}: {points}, expected {expected}"
            seen["ballots points checked"] += 1
    return seen


def with_ballots_reversed(plan: Plan) -> Plan | None:
    """The plan with the ballot table's rows in reverse order (None without a ballot table)."""
    if BALLOT_TABLE not in plan.long_tables:
        return None
    header, *rows = plan.tables[BALLOT_TABLE]
    return Plan(plan.document, {**plan.tables, BALLOT_TABLE: [header, *reversed(rows)]}, list(plan.long_tables))


def order_free(result: Result) -> list[Any]:
    """What the order of the ballot rows may not change: every subject's total, rank, tiers and
    points (to 40 places: a mean of inexact quotients such as 2 × 10 / 3, carried to 60 digits,
    may end in another last digit when its rows are added in another order — the documented
    "different 60-digit routes", snapped to 30 places before any rounding or decision), the void
    ballots (their reasons may name rows)."""
    def close(value: Any) -> Any:
        return None if value is None else round(Fraction(value), 40)

    subjects = [
        (s.id, close(s.exact_total), s.rank, tuple(s.tiers),
         sorted((n.id, close(n.points)) for c in (*s.named, *s.components) for n in c.walk()))
        for s in result.subjects
    ]
    return [subjects, sorted((v.table, v.key) for v in result.void)]
