"""`ballots` as sugar: an aggregate mean of its voter types' grade values (scaled to the points) and its
table's rules (quota void rules after error rules). For drawn scales, points, completeness and ballots
(on quota, off quota, a subject missed or rated twice) each subject gets the exact mean of its valid
votes (the oracle: Fractions worked out here), the void ballots are the ones worked out here with
their reasons, the expansion (`pingyi expand`) scores the same, and the trace is worded as before."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import expand_ruleset, load_ruleset, score
from pingyi_rules.facts.reading import read_facts
from pingyi_rules.render.output import explain, to_json_data

from .sugar_checks import assert_expansion_agrees

RULESET = """id: b
name: 投票
version: "1"
source: {title: 投票}
inputs:
  subjects: {table: units, id_column: 编码}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
    - id: 票
      layout: cases
      subject: 编码
      columns:
        - {header: 票号, type: text}
        - {header: 投票人, type: enum, choices: [领导, 互评]}
        - {header: 编码, type: id}
        - {header: 等次, type: text}
scales:
  - {id: 投票, grades: {优秀: TOP, 良好: GOOD, 一般: FAIR}}
points: SUM
components:
  - {id: 领导, name: 领导评价, kind: ballots, points: LEAD, table: 票, ballot: 票号, voter: 投票人, voters: [领导],
     column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1, 一般: 1}}
  - {id: 互评, name: 互评, kind: ballots, points: PEER, table: 票, ballot: 票号, voter: 投票人, voters: [互评],
     column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 2}, complete: COMPLETE}
"""
UNITS = ("A", "B", "C")
GRADES = ("优秀", "良好", "一般")
QUOTAS = {"领导": {"优秀": 1, "良好": 1, "一般": 1}, "互评": {"优秀": 1, "良好": 2}}
on_quota = st.permutations(list(GRADES))
ballot = st.one_of(
    on_quota.map(lambda g: list(zip(UNITS, g, strict=True))),
    st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(GRADES)), min_size=1, max_size=4),
)
points = st.sampled_from([Decimal(10), Decimal(20), Decimal("12.5"), Decimal(3)])


def why_void(voter: str, votes: list[tuple[str, str]], first: int, complete: bool) -> str | None:
    """The oracle's reason a ballot is void (its rows from row `first`), or None when it is valid."""
    quotas = QUOTAS[voter]
    counts = Counter(grade for _, grade in votes)
    problems = [f"{g} {counts[g]} 个（应为 {quotas.get(g, 0)} 个）" for g in [*quotas, *(g for g in GRADES if g not in quotas)]
                if counts[g] != quotas.get(g, 0)]
    if voter == "领导" or complete:
        rows: dict[str, list[int]] = {}
        for n, (unit, _) in enumerate(votes):
            rows.setdefault(unit, []).append(first + n)
        twice = [f"{u}（第 {'、'.join(map(str, r))} 行）" for u, r in rows.items() if len(r) > 1]
        if twice:
            problems.append(f"重复评 {'、'.join(twice)}")
        missing = [u for u in UNITS if u not in rows]
        if missing:
            problems.append(f"未评 {'、'.join(missing)}")
    return f"{voter}: {'；'.join(problems)}" if problems else None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leaders=st.lists(ballot, max_size=4), peers=st.lists(ballot, min_size=1, max_size=5), complete=st.booleans(),
       scale=st.tuples(st.integers(1, 20), st.integers(0, 20), st.integers(0, 20)), lead=points, peer=points)
def test_drawn_ballots(tmp_path_factory: Any, leaders: list[Any], peers: list[Any], complete: bool,
                       scale: tuple[int, int, int], lead: Decimal, peer: Decimal) -> None:
    values = dict(zip(GRADES, scale, strict=True))
    top = max(values.values())
    sure = {"领导": [("A", "优秀"), ("B", "良好"), ("C", "一般")], "互评": [("A", "良好"), ("B", "优秀"), ("C", "良好")]}
    rows, number, void = [], 1, []
    valid: dict[str, dict[str, list[int]]] = {"领导": {u: [] for u in UNITS}, "互评": {u: [] for u in UNITS}}
    for voter, ballots in (("领导", [sure["领导"], *leaders]), ("互评", [sure["互评"], *peers])):
        for votes in ballots:  # every subject has a valid vote of each voter type: no subject is left without one
            key = f"P{number}"
            reason = why_void(voter, votes, number + 1, complete)
            if reason is None:
                for unit, grade in votes:
                    valid[voter][unit].append(values[grade])
            else:
                void.append((key, reason, number + 1))
            rows += [f"{key},{voter},{unit},{grade}" for unit, grade in votes]
            number += len(votes)
    text = (RULESET.replace("TOP", str(scale[0])).replace("GOOD", str(scale[1])).replace("FAIR", str(scale[2]))
            .replace("SUM", str(lead + peer)).replace("LEAD", str(lead)).replace("PEER", str(peer))
            .replace("COMPLETE", "true" if complete else "false"))
    tables = {"units": "编码\nA\nB\nC", "票": "票号,投票人,编码,等次\n" + "\n".join(rows)}
    folder = tmp_path_factory.mktemp("ballots")
    result = assert_expansion_agrees(text, tables, folder)
    assert [(v.key, v.reason, v.location.row if v.location else None) for v in result.void] == void  # file order
    assert result.subjects[0].trace()  # the traces, from the rows read again
    # scored from the folder, the ballot table is folded by content as it streams; read first, it is not
    ruleset = load_ruleset(folder / "ruleset.yaml")
    assert ruleset.foldable.forms == {"票": ("票号",)}
    unfolded = score(ruleset, read_facts(ruleset.tables, folder / "facts"))
    assert to_json_data(unfolded)["units"] == to_json_data(result)["units"]
    assert [(v.key, v.reason, v.location) for v in unfolded.void] == [(v.key, v.reason, v.location) for v in result.void]
    assert explain(unfolded, "A") == explain(result, "A")
    for subject in result.subjects:
        for voter, pts in (("领导", lead), ("互评", peer)):
            got = valid[voter][subject.id]
            exact = Fraction(sum(got), len(got)) * Fraction(pts) / top
            assert abs(Fraction(subject.component(voter).points) - exact) < Fraction(1, 10**20)


TEXT = RULESET.replace("TOP", "10").replace("GOOD", "8").replace("FAIR", "6").replace("COMPLETE", "true")


def test_the_expansion_as_written(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(TEXT.replace("SUM", "40").replace("LEAD", "20").replace("PEER", "20"), encoding="utf-8")
    data = expand_ruleset(ruleset)
    table = data["inputs"]["tables"][1]
    assert table["form"] == "票号"
    assert [rule.get("reason") for rule in table["void"]] == [  # (the voter column's choices are all counted)
        "一张选票的各行须为同一投票人类别：{failed}", "一张选票的各行须为同一投票人类别：{failed}",
        "等次不在分值表 投票 中（优秀 / 良好 / 一般）", "等次不在分值表 投票 中（优秀 / 良好 / 一般）",  # one per node
        "领导: {failed}", "互评: {failed}",
    ]
    assert table["void"][4]["must_meet"][0] == {"count_rows": {"column": "等次", "equals": "优秀"}, "equals": 1,
                                                "says": "优秀 {count} 个（应为 1 个）"}
    assert data["components"][0] == {
        "kind": "aggregate", "id": "领导", "name": "领导评价", "points": 20, "table": "票", "function": "mean",
        "where": {"column": "投票人", "in": ["领导"]}, "per_row": "20 if 等次 == '优秀' else (16 if 等次 == '良好' else (12))",
        "traced": "selected", "detail": "{票号} {投票人} {等次}", "void_detail": "{票号} {等次}：作废票（{failed}）",
    }


def test_the_trace_is_worded_as_the_mean_of_the_valid_votes(tmp_path: Path) -> None:
    tables = {"units": "编码\nA\nB\nC", "票": "票号,投票人,编码,等次\n" + "L1,领导,A,优秀\nL1,领导,B,良好\nL1,领导,C,一般\nL2,领导,A,良好\nL2,领导,B,优秀\nL2,领导,C,一般\nL3,领导,A,优秀\nL3,领导,B,优秀\nL3,领导,C,一般\nH1,互评,A,优秀\nH1,互评,B,良好\nH1,互评,C,良好"}
    text = TEXT.replace("SUM", "30").replace("LEAD", "10").replace("PEER", "20")
    result = assert_expansion_agrees(text, tables, tmp_path / "w")
    lead = result.subject("A").component("领导").trace
    assert lead.formula == "(优秀 10 + 良好 8) / 2 张有效票 = 9"
    assert lead.inputs == (("有效票", "2"), ("作废票", "1"))
    assert lead.notes == ("作废票 1 张不计",)
    assert [(r.status, r.amount, r.reason) for r in lead.rows] == [
        ("counted", Decimal(10), "L1 领导 优秀"), ("counted", Decimal(8), "L2 领导 良好"),
        ("void", None, "L3 优秀：作废票（优秀 2 个（应为 1 个）；良好 0 个（应为 1 个））"),
    ]
    peer = result.subject("A").component("互评").trace  # points 20 over the top value 10: the scaling is written out
    assert peer.formula == "(优秀 10) / 1 张有效票 / 10 × 20 = 20"
    assert peer.inputs == (("有效票", "1"), ("作废票", "0")) and peer.notes == ()


def _load_error(text: str) -> Any:
    import pytest

    from pingyi_rules import RulesetError, load_ruleset

    with pytest.raises(RulesetError) as caught:
        load_ruleset("r.yaml", text=text)
    return caught.value


def test_ballots_on_one_table_name_one_ballot_column() -> None:
    text = TEXT.replace("SUM", "40").replace("LEAD", "20").replace("PEER", "20")
    text = text.replace("{header: 票号, type: text}", "{headers: [票号, 批次], type: text}")
    text = text.replace("points: 20, table: 票, ballot: 票号, voter: 投票人, voters: [互评]",
                        "points: 20, table: 票, ballot: 批次, voter: 投票人, voters: [互评]")
    error = _load_error(text)
    assert error.code == "RS110" and error.location.path == "components[1].ballot"
    assert error.message == "the ballots nodes of table '票' name one ballot column: '票号' (as '领导' does)"


def test_a_table_with_other_forms_is_refused_at_the_ballot_key() -> None:
    text = TEXT.replace("SUM", "40").replace("LEAD", "20").replace("PEER", "20")
    text = text.replace("{header: 票号, type: text}", "{headers: [票号, 批次], type: text}")
    text = text.replace("      subject: 编码\n      columns:\n        - {headers: [票号", "      subject: 编码\n      form: 批次\n      columns:\n        - {headers: [票号")
    error = _load_error(text)
    assert error.code == "RS111" and error.location.path == "components[0].ballot"
    assert error.message == "table '票' declares its forms by 批次, but its ballots nodes make column '票号' its form"


def test_folding_is_decided_on_the_shipped_rulesets_as_their_core_constructs() -> None:
    """Every shipped ruleset with sugar written back as its core constructs validates (folding is
    decided on it, not on the fallback), and the county's ballot table folds by its ballots."""
    from pingyi_rules.compile.ruleset import _AsCore

    root = Path(__file__).resolve().parents[2] / "rulesets"
    for path in sorted(root.rglob("*.yaml")):
        ruleset = load_ruleset(path) if not path.name.endswith(".cases.yaml") else None
        if ruleset is not None and ruleset.expansions:
            assert _AsCore(ruleset).model.inputs.tables
    assert load_ruleset(root / "county-coop-lianping-2022.yaml").foldable.forms == {"ballots": ("票号",)}
