"""`rank_deduction` as sugar over `expression`: for generated points, steps, floors and free places (a
whole number, or a table by group with or without `empty`), the node gives each subject its points
less `per_place` for each place below the free ones, raised to the floor, a blank rank no points (the
oracle: worked out here from the generated numbers), and its expansion (`pingyi expand`) gives the
same; the trace is worded as the rank deduction words it; a rank of 0 is an error at its cell only
where the column allows 0."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import EvaluationError, RulesetError, expand_ruleset, load_ruleset, score

from ..rules_helpers import HEAD, subject_table, write_tables
from .sugar_checks import assert_expansion_agrees

GROUPS = ["市级机关", "国有企事业", "县属单位"]

# one generated case: points, per_place, floor, free (a number, or the table: group -> N, and empty),
# whether the rank column starts at 1, and each subject's group and rank (None: blank)
Case = tuple[Decimal, Decimal, Decimal | None, int | tuple[dict[str, int], int | None], bool, list[tuple[str, int | None]]]


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    points = Decimal(draw(st.integers(1, 2000))) / 100
    step = Decimal(draw(st.integers(1, 300))) / 100
    floor = draw(st.sampled_from([Decimal(0), None, -points, points / 2, Decimal("-0.5")]))
    free: int | tuple[dict[str, int], int | None]
    if draw(st.booleans()):
        free = draw(st.integers(0, 40))
    else:
        listed = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=3, unique=True))
        table = {group: draw(st.integers(0, 40)) for group in listed}
        empty = None if len(listed) == len(GROUPS) and draw(st.booleans()) else draw(st.integers(0, 40))
        free = (table, empty)
    from_one = draw(st.booleans())
    subjects = draw(st.lists(
        st.tuples(st.sampled_from(GROUPS), st.one_of(st.none(), st.integers(1, 300))), min_size=1, max_size=6,
    ))
    return points, step, floor, free, from_one, subjects


def _ruleset(points: Decimal, step: Decimal, floor: Decimal | None, free: int | tuple[dict[str, int], int | None],
             from_one: bool) -> str:
    if isinstance(free, int):
        written = str(free)
    else:
        table, empty = free
        rows = ", ".join(f"{{when: {{of: 类型, equals: {group}}}, value: {n}}}" for group, n in table.items())
        written = f"{{hit: unique, rows: [{rows}]" + ("" if empty is None else f", empty: {empty}") + "}"
    rank = "{header: 排名, type: count, required: false" + (", min: 1}" if from_one else "}")
    return HEAD + subject_table(
        f"{{header: 类型, type: enum, choices: [{', '.join(GROUPS)}]}}", rank,
    ) + f"""points: {points}
components:
  - id: 年度
    name: 年度评价
    kind: rank_deduction
    points: {points}
    column: 排名
    per_place: {step}
    floor: {"null" if floor is None else floor}
    free: {written}
    clause: 附件2
"""


def _plain(value: Decimal) -> str:
    return "0" if value == 0 else format(value.normalize(), "f")


def _oracle(points: Decimal, step: Decimal, floor: Decimal | None, free: int | tuple[dict[str, int], int | None],
            group: str, rank: int) -> tuple[Decimal, str, tuple[tuple[str, object], ...], tuple[str, ...]]:
    """The points, the formula, the inputs and the notes of one subject, worked out from the generated numbers."""
    notes: list[str] = []
    inputs: tuple[tuple[str, object], ...] = (("排名", str(rank)),)
    if isinstance(free, int):
        n = free
    else:
        table, empty = free
        inputs += (("类型", group),)
        if group in table:
            n = table[group]
        else:
            assert empty is not None
            n = empty
            notes.append(f"无一行成立，取 empty 值 {empty}")
    raw = points - max(rank - n, 0) * step
    value = raw if floor is None or raw >= floor else floor
    formula = f"{_plain(points)} − max({rank} − {n}, 0) × {_plain(step)} = {_plain(raw)}"
    if value != raw:
        formula += f" → {_plain(value)}"
        notes.append(f"扣完为止: {_plain(raw)} → {_plain(value)}")
    return value, formula, inputs, tuple(notes)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_rank_deduction_takes_per_place_below_the_free_places_and_its_expansion_agrees(case: Case) -> None:
    points, step, floor, free, from_one, subjects = case
    rows = "\n".join(f"U{i},单位{i},{group},{'' if rank is None else rank}" for i, (group, rank) in enumerate(subjects))
    with tempfile.TemporaryDirectory() as tmp:
        result = assert_expansion_agrees(_ruleset(points, step, floor, free, from_one), {"units": "编码,名称,类型,排名\n" + rows}, Path(tmp))
    for i, (group, rank) in enumerate(subjects):
        got = result.subject(f"U{i}").component("年度")
        trace = got.trace
        if rank is None:
            assert got.points is None
            assert (trace.formula, trace.inputs, trace.notes) == ("排名: 无数据", (("排名", ""),), ("无数据",))
        else:
            value, formula, inputs, notes = _oracle(points, step, floor, free, group, rank)
            assert got.points == value
            assert (trace.formula, trace.inputs, trace.notes) == (formula, inputs, notes)
        assert (trace.kind, trace.name, trace.clause) == ("rank_deduction", "年度评价", "附件2")


def test_the_expansion_is_an_expression_over_a_let_table(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(_ruleset(Decimal(5), Decimal("0.03"), Decimal(0), ({"市级机关": 20, "国有企事业": 15}, 10), True), encoding="utf-8")
    (node,) = expand_ruleset(ruleset)["components"]
    assert node == {
        "id": "年度", "name": "年度评价", "points": 5, "clause": "附件2", "kind": "expression",
        "let": {
            "免扣名次": {"hit": "unique", "rows": [
                {"when": {"of": "类型", "equals": "市级机关"}, "value": 20},
                {"when": {"of": "类型", "equals": "国有企事业"}, "value": 15},
            ], "empty": 10},
            "扣后": "5 - max(排名 - 免扣名次, 0) * 0.03",
        },
        "expr": "max(0, 扣后)", "min": None, "on_blank": "blank",
    }


def test_without_a_floor_or_a_table_the_expansion_is_the_formula(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(_ruleset(Decimal(5), Decimal("0.25"), None, 3, False), encoding="utf-8")
    (node,) = expand_ruleset(ruleset)["components"]
    assert (node["expr"], "let" in node) == ("5 - max(排名 - 3, 0) * 0.25", False)
    assert node["checks"] == [{"name": "排名不小于1", "when": {"any": [{"blank": "排名"}, {"of": "排名", "at_least": 1}]}}]


def test_let_names_taken_by_a_field_get_another(tmp_path: Path) -> None:
    text = _ruleset(Decimal(5), Decimal("0.03"), Decimal(0), ({"市级机关": 20, "国有企事业": 15, "县属单位": 1}, None), True)
    text = text.replace("{header: 类型, type: enum", "{header: 扣后, type: count, required: false}\n        - {header: 免扣名次, type: count, required: false}\n        - {header: 类型, type: enum")
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(text, encoding="utf-8")
    (node,) = expand_ruleset(ruleset)["components"]
    assert list(node["let"]) == ["免扣名次_", "扣后_"] and node["expr"] == "max(0, 扣后_)"
    facts = write_tables(tmp_path / "facts", {"units": "编码,名称,扣后,免扣名次,类型,排名\nU1,甲,,,国有企事业,18"})
    line = score(load_ruleset(ruleset), facts).subject("U1").component("年度").trace
    assert (line.formula, line.inputs) == ("5 − max(18 − 15, 0) × 0.03 = 4.91", (("排名", "18"), ("类型", "国有企事业")))


def test_a_rank_column_no_expression_can_name_is_refused_at_the_column(tmp_path: Path) -> None:
    text = _ruleset(Decimal(5), Decimal("0.03"), Decimal(0), 3, True).replace("header: 排名", "header: 2023排名").replace(
        "column: 排名", "column: 2023排名")
    with pytest.raises(RulesetError) as caught:
        load_ruleset("t.yaml", text=text)
    assert caught.value.code == "RS104" and caught.value.location.path == "components[0].column"


def test_a_rank_of_0_is_an_error_at_its_cell(tmp_path: Path) -> None:
    text = _ruleset(Decimal(5), Decimal("0.03"), Decimal(0), 3, False)
    facts = write_tables(tmp_path / "facts", {"units": "编码,名称,类型,排名\nU1,甲,市级机关,4\nU2,乙,市级机关,0"})
    with pytest.raises(EvaluationError) as caught:
        score(load_ruleset("t.yaml", text=text), facts)
    error = caught.value
    assert error.code == "EV027"
    assert (error.location.row, error.location.field) == (3, "排名")
    assert error.message == "U2 乙: 年度: the check '排名不小于1' does not hold (排名 = 0)"
