"""A ballot table and `ballots` components for tests/properties/langgen.py, with facts for them.

The ballot table `bt` (`layout: cases`, one row per ballot and subject rated: 票号, 投票人,
被评, 等次) is read by one or two `ballots` nodes that split the counted voter types between them
(a voter type is counted by one node: every row of the table is traced once), on one scale of
`BALLOT_SCALES`, each with its quotas (usually adding up to the number of subjects, so that a
complete ballot can keep them; now and then not, so that every ballot is void), `complete` true or
false, and points equal to the scale's top value or not (a value scaled exactly, or by an inexact
division). The voter column is an enum of every voter type, an enum of the counted ones, or text;
the grade column an enum of the scale's grades (with `invalid: void` or not) or text, optional or
not. The table may have void
rules of its own before the ballots' rules: a blank grade, a ballot of one grade only, too many of
the first grade.

The ballots are drawn on quota and then, now and then, spoilt: a grade changed (off quota), a row
dropped (a subject missed), a row repeated (a subject rated twice), a grade blank or off the scale,
a blank grade beside the quota's grades, a row of another voter type in the ballot (an error), a
blank voter type, a voter type no node counts (an error).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from .langgen_steps import rare

VOTERS = ("领导", "同级", "群众")
BALLOT_SCALES = {"票分": {"优秀": 10, "良好": 8, "一般": 6}, "票档": {"好": 3, "中": 2, "差": 0}}
OFF_SCALE = "较好"
TABLE = "bt"
HEADER = ["票号", "投票人", "被评", "等次"]


@dataclass
class BallotPlan:
    """The ballot table's declaration, its scale, its ballots nodes (not yet placed in the document)."""

    table: dict[str, Any]
    scale: str
    nodes: list[dict[str, Any]]
    voter_choices: list[str] | None  # the voter column's choices (an enum), None for text
    optional: bool  # a blank grade is no error of its cell (not required, or `invalid: void`)


@st.composite
def quotas(draw: st.DrawFn, grades: list[str], subjects: int) -> dict[str, int]:
    """Each grade's quota: the subjects shared out among the grades (a grade of 0 written or left
    out), now and then one more or one fewer (then no complete ballot keeps them)."""
    total = subjects + (draw(st.sampled_from([-1, 1])) if rare(draw, 10) else 0)
    out: dict[str, int] = {}
    left = max(total, 1)
    for grade in grades[:-1]:
        out[grade] = draw(st.integers(0, left))
        left -= out[grade]
    out[grades[-1]] = left
    for grade in [g for g, n in out.items() if n == 0]:
        if draw(st.booleans()):
            del out[grade]
    return out


@st.composite
def ballot_plan(draw: st.DrawFn, subjects: int) -> BallotPlan:
    """The ballot table and one or two ballots nodes over it."""
    scale = draw(st.sampled_from(list(BALLOT_SCALES)))
    grades = list(BALLOT_SCALES[scale])
    chosen = draw(st.sets(st.sampled_from(VOTERS), min_size=1, max_size=3))
    counted = [v for v in VOTERS if v in chosen]
    cut = draw(st.integers(1, len(counted)))
    splits = [counted[:cut], counted[cut:]] if cut < len(counted) and draw(st.booleans()) else [counted]
    nodes: list[dict[str, Any]] = []
    for index, voters in enumerate(splits, start=1):
        node: dict[str, Any] = {"id": f"票评{index}", "name": f"票评{index}", "kind": "ballots",
                                "points": draw(st.sampled_from([10, 5, 20])), "table": TABLE, "ballot": "票号",
                                "voter": "投票人", "voters": voters, "column": "等次", "scale": scale,
                                "quotas": draw(quotas(grades, subjects))}
        if draw(st.integers(0, 2)) == 0:
            node["complete"] = draw(st.booleans())
        nodes.append(node)
    voter_choices = draw(st.sampled_from([list(VOTERS), counted, None]))
    voter: dict[str, Any] = {"header": "投票人", "type": "text"} if voter_choices is None else {
        "header": "投票人", "type": "enum", "choices": voter_choices}
    if rare(draw, 6):
        voter["required"] = False  # a blank voter type is an error at its cell
    grade: dict[str, Any] = {"header": "等次", "type": draw(st.sampled_from(["text", "enum"]))}
    if grade["type"] == "enum":
        grade["choices"] = grades
    optional = draw(st.booleans())
    if optional:
        grade["required"] = False
    elif grade["type"] == "enum" and draw(st.booleans()):
        grade["invalid"] = "void"  # a blank or off-scale grade voids its ballot
        optional = True
    table: dict[str, Any] = {"id": TABLE, "layout": "cases", "subject": "被评", "columns": [
        {"header": "票号", "type": "text"}, voter, {"header": "被评", "type": "id"}, grade]}
    if draw(st.booleans()):
        table["form"] = "票号"  # what the ballots nodes make it anyway
    void: list[dict[str, Any]] = []
    if grade.get("required") is False and draw(st.booleans()):
        void.append({"when": {"blank": "等次"}, "reason": "空白票"})
    # the table's own rules void an on-quota ballot only now and then (else every subject is EV030)
    spread = all(sum(1 for n in node["quotas"].values() if n) > 1 for node in nodes)
    if draw(st.integers(0, 3)) == 0 and (spread or rare(draw, 8)):
        void.append({"form_when": {"same": "等次"}, "reason": "全部同一等次"})
    few = all(node["quotas"].get(grades[0], 0) <= 2 for node in nodes)
    if draw(st.integers(0, 3)) == 0 and (few or rare(draw, 8)):
        void.append({"form_when": {"count_rows": {"column": "等次", "equals": grades[0]}, "above": 2},
                     "reason": f"{grades[0]}超过2个"})
    if void:
        table["void"] = void
    return BallotPlan(table, scale, nodes, voter_choices, optional)


@st.composite
def ballot_rows(draw: st.DrawFn, plan: BallotPlan, subjects: list[str]) -> list[list[str]]:
    """The ballot table's rows, header first: 1–5 ballots drawn on quota, some spoilt; the first of
    each node's (a node with no ballot at all is EV010 for every subject: now and then)."""
    grades = list(BALLOT_SCALES[plan.scale])
    uncounted = [v for v in VOTERS if not any(v in n["voters"] for n in plan.nodes)]
    rows: list[list[str]] = []
    first = plan.nodes if not rare(draw, 20) else []
    count = draw(st.integers(len(first), 5))
    stray = draw(st.integers(1, count)) if uncounted and count and rare(draw, 10) else 0
    for number in range(1, count + 1):
        node = first[number - 1] if number <= len(first) else draw(st.sampled_from(plan.nodes))
        voter = draw(st.sampled_from(node["voters"]))
        if number == stray:
            voter = draw(st.sampled_from(uncounted))  # a voter type no node counts: an error (or a bad enum cell)
        given = [g for g, n in node["quotas"].items() for _ in range(n)]
        given = list(draw(st.permutations(given)))
        rated = list(draw(st.permutations(subjects)))
        if not node.get("complete", True):
            rated = rated[: len(given)]
        ballot = [[f"B{number}", voter, subject, grade] for subject, grade in zip(rated, given, strict=False)]
        if ballot and number > len(first) and draw(st.integers(0, 2)) == 0:
            spoils = ["regrade", "drop", "repeat"] + ["blank", "extra_blank"] * plan.optional
            spoil = draw(st.sampled_from(spoils)) if not rare(draw, 8) else draw(st.sampled_from(["blank", "off_scale", "mixed", "no_voter"]))
            at = draw(st.integers(0, len(ballot) - 1))
            if spoil == "regrade":
                ballot[at][3] = draw(st.sampled_from(grades))
            elif spoil == "drop":
                del ballot[at]
            elif spoil == "repeat":
                ballot.append([*ballot[at][:3], draw(st.sampled_from(grades))])
            elif spoil == "blank":
                ballot[at][3] = ""
            elif spoil == "extra_blank":  # beside the quota's grades: valid by the quotas when the ballot need not be complete
                ballot.append([*ballot[at][:3], ""])
            elif spoil == "no_voter":
                ballot[at][1] = ""
            elif spoil == "off_scale":
                ballot[at][3] = OFF_SCALE
            else:
                ballot[at][1] = draw(st.sampled_from([v for v in VOTERS if v != voter]))
        rows.extend(ballot)
    if len(rows) > 1 and draw(st.booleans()):
        rows = list(draw(st.permutations(rows)))  # a ballot's rows need not be together
    return [list(HEADER), *rows]


def place(draw: st.DrawFn, document: dict[str, Any], nodes: list[dict[str, Any]]) -> None:
    """The ballots nodes put in the document: each at the top level, all under a `sum` or a
    `weighted` parent, or the first as a named value; now and then a named `share` over the ballot
    table beside them (with `void_detail` or not)."""
    if draw(st.integers(0, 2)) == 0:  # another reader of the ballot table: the share of the top grade among the votes
        share: dict[str, Any] = {"id": "票占比", "name": "票占比", "kind": "aggregate", "table": TABLE, "function": "share",
                                 "meeting": {"column": "等次", "equals": next(iter(BALLOT_SCALES[nodes[0]["scale"]]))}, "empty": 0}
        if draw(st.booleans()):
            share["void_detail"] = "{票号} {等次}：{reason}"
        document.setdefault("values", []).append(share)
    where = draw(st.sampled_from(["top", "sum", "weighted", "value"]))
    if where == "value":
        document.setdefault("values", []).append(nodes[0])
        document["components"].extend(nodes[1:])
    elif where == "top":
        document["components"].extend(nodes)
    else:
        parent: dict[str, Any] = {"id": "票合计", "name": "票合计", "kind": where, "components": nodes}
        if where == "weighted":
            for node, weight in zip(nodes, [[1], [0.4, 0.6]][len(nodes) - 1], strict=True):
                node["weight"] = weight
        document["components"].append(parent)
