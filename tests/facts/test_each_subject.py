"""The form condition `each_subject: once` (docs/mechanisms/table-rules.md): a ballot that must rate
every subject of the population exactly once is void when it misses one, rates one twice or rates
someone who is not a subject."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingyi_rules import RulesetError

from ..rules_helpers import load, subject_table
from .test_table_rules import reasons, screened

BODY = "\n" + subject_table() + """    - id: 票
      rows: cases
      subject: 编码
      form: 票号
      void:
        - {form: {not: {each_subject: once}}, reason: 未评遍全部科室或重复评}
      columns:
        - {header: 票号, type: id}
        - {header: 编码, type: id}
        - {header: 等次, type: text}
points: 10
components:
  - {id: 优秀票, name: 优秀票, kind: aggregate, table: 票, function: count, where: {column: 等次, equals: 优秀}, points: 10,
     empty: 0}
"""


def test_a_ballot_missing_a_subject_or_rating_one_twice_is_void(tmp_path: Path) -> None:
    votes = "票号,编码,等次\nP1,U1,优秀\nP1,U2,一般\nP1,U3,良好\nP2,U1,优秀\nP2,U2,优秀\nP3,U1,优秀\nP3,U1,一般\nP3,U3,优秀\nP4,U3,优秀\nP4,U2,优秀\nP4,U1,一般"
    kept, records = screened(BODY, {"units": "编码,名称\nU1,一科\nU2,二科\nU3,三科", "票": votes}, tmp_path)
    assert reasons(records) == [("P2", "未评遍全部科室或重复评"), ("P3", "未评遍全部科室或重复评")]
    assert [row["票号"] for row in kept["票"]] == ["P1", "P1", "P1", "P4", "P4", "P4"]  # any order within the ballot


def test_a_subject_outside_the_population_voids_the_ballot(tmp_path: Path) -> None:
    votes = "票号,编码,等次\nP1,U1,优秀\nP1,U2,一般\nP1,U3,良好\nP1,U4,良好"
    _, records = screened(BODY, {"units": "编码,名称\nU1,一科\nU2,二科\nU3,三科", "票": votes}, tmp_path)
    assert reasons(records) == [("P1", "未评遍全部科室或重复评")]


def test_it_is_a_form_condition_and_needs_a_form() -> None:
    with pytest.raises(RulesetError, match="form") as exc:
        load(BODY.replace("      form: 票号\n", ""))
    assert exc.value.code == "RS065"
    with pytest.raises(RulesetError, match="each_subject") as exc:
        load(BODY.replace("{each_subject: once}", "{each_subject: once, same: 等次}"))
    assert exc.value.code == "RS015"
