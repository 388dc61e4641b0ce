"""Stages: stage 1 ranks everyone; a selection keeps top N, bottom N (ties at the cut-off) and flagged
subjects; stage-2 components exist only for them; the rest keep stage 1 and get no total, rank or tier."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, RulesetError, score

from ..rules_helpers import load, write_tables

BODY = """
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 日常, type: decimal, min: 0, max: 85}
        - {header: 上年不满意, type: bool}
    - id: online
      subject: 编码
      optional: true
      columns:
        - {header: 编码, type: id}
        - {header: 网评, type: decimal, min: 0, max: 15}
    - id: awards
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 级别, type: enum, choices: [省级]}
points: 100
components:
  - {id: 日常评议, name: 日常评议, kind: input, column: 日常, points: 85}
  - {id: 网络评议, name: 网络评议, kind: input, column: 网评, points: 15}
  - id: 加分
    name: 加分
    kind: cases
    effect: add
    outside: true
    points: 2
    table: awards
    code_column: 级别
    items: [{code: 省级, name: 省级表彰, amount: 1}]
stages:
  - id: s1
    name: 日常评议
    adds: [日常评议]
    select: {any: [{top: 2}, {bottom: 1}, {flag: 上年不满意}]}
  - id: s2
    name: 网络评议
    adds: [网络评议, 加分]
    requires: [online]
tiers:
  - {name: 满意, quota: {best: 1}}
  - {name: 不满意, quota: {worst: 1}}
"""
UNITS = """编码,名称,日常,上年不满意
U1,一,80,否
U2,二,70,否
U3,三,70,否
U4,四,60,否
U5,五,65,是
U6,六,50,否"""
ONLINE = "编码,网评\nU1,10\nU2,15\nU3,12\nU5,14\nU6,15"
AWARDS = "编码,级别\nU1,省级\nU4,省级"


def _result(tmp_path: Path, units: str = UNITS, online: str = ONLINE, body: str = BODY):  # type: ignore[no-untyped-def]
    return score(load(body), write_tables(tmp_path, {"units": units, "online": online, "awards": AWARDS}))


def test_selection_ties_flags_and_final_ranking(tmp_path: Path) -> None:
    result = _result(tmp_path)
    # top 2: U1 80, and U2/U3 tied at 70 (one unit strictly better) → both; bottom 1: U6; flag: U5.
    picked = {s.id for s in result.subjects if s.total is not None}
    assert picked == {"U1", "U2", "U3", "U5", "U6"}
    # finals: U1 80 + 10 + 1 = 91, U2 85, U3 82, U5 79, U6 65
    assert {s.id: (s.total, s.rank, s.tiers) for s in result.subjects if s.total is not None} == {
        "U1": (Decimal("91.00"), 1, ["满意"]),
        "U2": (Decimal("85.00"), 2, []),
        "U3": (Decimal("82.00"), 3, []),
        "U5": (Decimal("79.00"), 4, []),
        "U6": (Decimal("65.00"), 5, ["不满意"]),
    }


def test_unpicked_keeps_stage_one_and_nothing_else(tmp_path: Path) -> None:
    u4 = _result(tmp_path).subject("U4")
    assert (u4.total, u4.rank, u4.tiers) == (None, None, [])
    assert [c.points for c in u4.components] == [Decimal(60), None, None]
    (stage,) = u4.stages
    assert (stage.total, stage.rank, stage.selected) == (Decimal("60.00"), 5, False)
    assert u4.notes == ["未入选网络评议（日常评议 60.00），不计总分、名次和等次"]
    # its award row is still accounted for, once, as not selected
    rows = [r for entry in u4.trace() for r in entry.rows]
    assert [(r.location.row, r.status) for r in rows] == [(3, "unselected")]


def test_stage_records_of_picked_units(tmp_path: Path) -> None:
    u2 = _result(tmp_path).subject("U2")
    assert [(s.id, s.total, s.rank, s.selected) for s in u2.stages] == [("s1", Decimal("70.00"), 2, True)]


def test_picked_unit_without_its_stage_row(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError) as info:
        _result(tmp_path, online="编码,网评\nU1,10\nU2,15\nU3,12\nU6,15")
    assert str(info.value).endswith("units.csv, row 6: U5 五: s2: selected for 网络评议 but has no row in table 'online' [EV008]")


def test_ties_at_the_bottom_cut_off_are_all_picked(tmp_path: Path) -> None:
    units = UNITS.replace("U4,四,60", "U4,四,50")
    result = _result(tmp_path, units=units, online=ONLINE + "\nU4,9")
    # U4 and U6 share the last place (50): both picked; U4 final 50 + 9 + 1 (award) = 60
    assert result.subject("U4").total == Decimal(50) + 9 + 1
    assert [x.selected for x in result.subject("U6").stages] == [True]


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_unit_order_changes_nothing(tmp_path_factory: pytest.TempPathFactory, rnd: random.Random) -> None:
    lines = UNITS.splitlines()
    body = lines[1:]
    rnd.shuffle(body)
    folder = tmp_path_factory.mktemp("order")
    shuffled = score(load(BODY), write_tables(folder, {"units": "\n".join([lines[0], *body]), "online": ONLINE,
                                                       "awards": AWARDS}))
    base = score(load(BODY), write_tables(tmp_path_factory.mktemp("base"),
                                          {"units": UNITS, "online": ONLINE, "awards": AWARDS}))
    key = lambda r: {s.id: (s.total, s.rank, s.tiers, [(x.total, x.rank, x.selected) for x in s.stages])
                     for s in r.subjects}
    assert key(shuffled) == key(base)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("adds: [网络评议, 加分]", "adds: [网络评议]"), "top-level components in no stage: 加分"),
        (("adds: [网络评议, 加分]", "adds: [网络评议, 加分, 日常评议]"), "'日常评议' is already in stage 's1'"),
        (("adds: [网络评议, 加分]", "adds: [网络评议, 加分, 网评]"), "'网评' is not a top-level component"),
        (("    requires: [online]", "    requires: [online]\n    select: {top: 1}"), "the last stage selects for no further"),
        (("    select: {any: [{top: 2}, {bottom: 1}, {flag: 上年不满意}]}\n", ""), "a stage followed by another needs 'select'"),
        (("requires: [online]", "requires: [awards]"), "table 'awards' has layout: cases; expected layout: per_subject"),
        (("{flag: 上年不满意}", "{flag: 上年满意}"), "unknown column '上年满意'"),
    ],
)
def test_stage_declaration_errors(change: tuple[str, str], message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        load(BODY.replace(*change))


def test_stage_order_follows_component_order() -> None:
    body = BODY.replace("adds: [日常评议]\n", "adds: [网络评议, 加分]\n", 1)
    body = body.replace("adds: [网络评议, 加分]\n    requires", "adds: [日常评议]\n    requires")
    with pytest.raises(RulesetError, match="comes before a component of an earlier stage"):
        load(body)


def test_selection_within_groups(tmp_path: Path) -> None:
    body = BODY.replace("    select: {any: [{top: 2}, {bottom: 1}, {flag: 上年不满意}]}",
                        "    select: {top: 1}\n    within: 上年不满意")
    result = _result(tmp_path, body=body)
    # 上年不满意 = 否: U1 (80) is the best; = 是: U5 (65) is the only one, so the best of its group
    assert {s.id for s in result.subjects if s.total is not None} == {"U1", "U5"}
    assert [(x.rank, x.selected) for x in result.subject("U5").stages] == [(1, True)]
    assert [(x.rank, x.selected) for x in result.subject("U2").stages] == [(2, False)]


def test_a_stage_row_of_an_unpicked_unit_is_noted_not_dropped(tmp_path: Path) -> None:
    u4 = _result(tmp_path, online=ONLINE + "\nU4,9").subject("U4")
    assert u4.total is None
    assert u4.notes[-1] == "表 online 中有此对象的行，因未入选而未计"
