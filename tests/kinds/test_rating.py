"""The `rating` kind: vote tallies from a subject's own columns, and from the rows of a long table."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import EvaluationError, load_ruleset, score

RULESET = """\
id: rows
name: 长表示例
version: "1"
source: {title: 示例}
inputs:
  subjects: {table: people, id_column: 编码}
  tables:
    - id: people
      subject: 编码
      columns:
        - {header: 编码, type: id}
    - id: votes
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: enum, choices: [群众, 同事]}
        - {header: 满意, type: count}
        - {header: 不满意, type: count}
    - id: awards
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 级别, type: enum, choices: [省, 国]}
scales:
  - {id: 二档, grades: {满意: 1, 不满意: 0}}
points: 100
components:
  - {id: 群众, name: 群众评议, kind: rating, scale: 二档, points: 60, table: votes,
     where: {column: 主体, equals: 群众}, counts: ["{grade}"]}
  - {id: 同事, name: 同事评议, kind: rating, scale: 二档, points: 40, table: votes,
     where: {column: 主体, equals: 同事}, counts: ["{grade}"]}
  - {id: 加分, name: 加分, kind: cases, effect: add, outside: true, points: 0, capped: false,
     table: awards, code_column: 级别, items: [{code: 省, name: 省级, amount: 5}, {code: 国, name: 国家级, amount: 10}]}
"""


def _score(tmp_path: Path, votes: str, awards: str = "编码,级别\n", text: str = RULESET):  # type: ignore[no-untyped-def]
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "people.csv").write_text("编码\nP1\n", encoding="utf-8")
    (tmp_path / "votes.csv").write_text(votes, encoding="utf-8")
    (tmp_path / "awards.csv").write_text(awards, encoding="utf-8")
    return score(load_ruleset(tmp_path / "r.yaml"), tmp_path)


def test_rows_of_the_selected_kind_are_pooled_and_traced(tmp_path: Path) -> None:
    votes = "编码,主体,满意,不满意\nP1,群众,8,2\nP1,同事,3,1\nP1,群众,1,1\n"
    p1 = _score(tmp_path, votes).subject("P1")
    # 群众: rows 2 and 4 pooled: 60 × (8 + 1) / 12 = 45; 同事: 40 × 3 / 4 = 30
    assert p1.component("群众").points == Decimal(45)
    assert p1.component("同事").points == Decimal(30)
    assert [r.location.row for r in p1.component("群众").trace.rows] == [2, 4]
    assert [r.location.row for r in p1.component("同事").trace.rows] == [3]


def test_no_selected_row_is_an_evaluation_error(tmp_path: Path) -> None:
    with pytest.raises(EvaluationError, match="群众: no row of table 'votes' counts for this subject") as exc:
        _score(tmp_path, "编码,主体,满意,不满意\nP1,同事,3,1\n")
    assert exc.value.code == "EV010"
    with pytest.raises(EvaluationError, match=r"群众: ratio: '\(满意 \+ 不满意\)' adds up to 0") as exc:
        _score(tmp_path, "编码,主体,满意,不满意\nP1,同事,3,1\nP1,群众,0,0\n")
    assert exc.value.code == "EV029"



WIDE = """
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 一_满意, type: count}
        - {header: 一_不满意, type: count}
        - {header: 二_满意, type: count}
        - {header: 二_不满意, type: count}
scales:
  - {id: 二档, grades: {满意: 100, 不满意: 20}}
points: 10
components:
  - {id: 满意度, name: 满意度, kind: rating, scale: 二档, points: 10, counts: ["一_{grade}", "二_{grade}"]}
"""


def test_two_surveys_are_pooled(run_rules) -> None:  # type: ignore[no-untyped-def]
    result = run_rules(WIDE, {"units": "编码,名称,一_满意,一_不满意,二_满意,二_不满意\nU1,甲,3,1,4,2\nU2,乙,0,0,0,5"})
    # U1: 满意 3 + 4 = 7, 不满意 1 + 2 = 3: (7 × 100 + 3 × 20) / (10 × 100) × 10 = 760 / 1000 × 10 = 7.6
    # U2: 5 不满意: (5 × 20) / (5 × 100) × 10 = 2
    assert [s.total for s in result.subjects] == [Decimal("7.60"), Decimal("2.00")]
    assert result.subject("U1").component("满意度").trace.inputs[0] == ("一_满意", 3)


def test_no_votes_at_all_is_an_evaluation_error(run_rules) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(EvaluationError, match=r"满意度: .*division by zero \(一_满意 = 0, 一_不满意 = 0, 二_满意 = 0, 二_不满意 = 0, 票数合计 = 0, 满意票数 = 0, 不满意票数 = 0\)") as exc:
        run_rules(WIDE, {"units": "编码,名称,一_满意,一_不满意,二_满意,二_不满意\nU1,甲,0,0,0,0"})
    assert exc.value.code == "EV004"
