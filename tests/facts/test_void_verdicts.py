"""Forms alike share one verdict (compile.voids `TableRules.decided_by`): two forms whose rows hold the
same values in every column but the form's are voided alike, so the void rules are tested once for
them. Checked both ways — the same kept rows and void records (keys, reasons naming rows, places)
with the shared verdicts and with every form tested on its own — and never shared where a rule
reads the form's own column."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules.facts.reading import read_facts

from ..rules_helpers import load, write_tables
from .test_form_requirements import UNITS, body, quota_rule, table

RULES = quota_rule("领导") + "        - {when: {column: 等次, equals: 较差}, reason: 有较差}\n" + quota_rule("互评")

votes = st.lists(st.tuples(st.sampled_from(["U1", "U2", "U3"]), st.sampled_from(["优秀", "良好", "一般", "较差"])),
                 min_size=1, max_size=4)


def both_ways(rules: str, ballots: list[Any], folder: Path) -> tuple[Any, Any, Any]:
    ruleset = load(body(rules))
    facts = read_facts(ruleset.tables, write_tables(folder, {"units": UNITS, "票": table(ballots)}))
    assert isinstance(ruleset.screen, partial)
    ballots_rules = next(r for r in ruleset.screen.args[0] if r.table == "票")
    shared_records: list[Any] = []
    alone_records: list[Any] = []
    shared = ballots_rules.apply(facts.tables["票"], shared_records, ("U1", "U2", "U3"))
    alone = replace(ballots_rules, decided_by=None).apply(facts.tables["票"], alone_records, ("U1", "U2", "U3"))
    assert [(r.number, r.values) for r in shared.rows] == [(r.number, r.values) for r in alone.rows]
    assert shared_records == alone_records
    return ballots_rules, shared_records, shared


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=st.lists(st.tuples(st.sampled_from(["领导", "互评"]), votes), min_size=1, max_size=4),
       repeats=st.lists(st.integers(0, 3), min_size=4, max_size=4))
def test_shared_verdicts_give_what_each_form_tested_alone_gives(tmp_path_factory: Any, drawn: list[Any], repeats: list[int]) -> None:
    # each drawn ballot written 1 to 4 times under other numbers: alike forms, their reasons naming their own rows
    ballots = [ballot for ballot, times in zip(drawn, repeats, strict=False) for _ in range(times + 1)]
    rules, _, _ = both_ways(RULES, ballots, tmp_path_factory.mktemp("verdicts"))
    assert rules.decided_by == ("投票人", "编码", "等次")


def test_a_void_ballot_written_twice_names_its_own_rows(tmp_path: Path) -> None:
    twice = ("互评", [("U1", "优秀"), ("U1", "良好"), ("U3", "一般")])
    _, records, _ = both_ways(RULES, [twice, twice], tmp_path)
    assert [(r.key, r.reason) for r in records] == [
        ("P1", "互评: 重复评 U1（第 2、3 行）；未评 U2"),
        ("P2", "互评: 重复评 U1（第 5、6 行）；未评 U2"),
    ]


def test_a_rule_naming_the_form_column_tests_each_form(tmp_path: Path) -> None:
    rules = "        - {when: {column: 票号, equals: P2}, reason: 第二张}\n"
    same = ("互评", [("U1", "优秀"), ("U2", "良好"), ("U3", "一般")])
    compiled, records, _ = both_ways(rules, [same, same], tmp_path)
    assert compiled.decided_by is None
    assert [(r.key, r.reason) for r in records] == [("P2", "第二张")]
