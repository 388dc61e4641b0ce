"""The paths restructured for speed (issue 7) give exactly what the plain paths gave.

Lazy cell locations, memoised cell typing, lazily built traces, the streamed JSON writer, the
libyaml parser, the one-sort ranking and the lazy package attributes are each checked against the
straightforward computation they replace.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pingyi_rules
from pingyi_rules import FactsError, Location, load_ruleset, score
from pingyi_rules.facts.reading import _NOWHERE, ColumnSpec, _converter, type_cell
from pingyi_rules.facts.rows import CellMap, Row, RowPlace
from pingyi_rules.render.output import iter_json, to_json
from pingyi_rules.source import strict_yaml as _yaml

from .helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"
WENZHOU = RULESETS / "wenzhou-2023.yaml"

COLUMNS = [
    ColumnSpec("n", "n", "count"),
    ColumnSpec("d", "d", "decimal", min=Decimal(0), max=Decimal(10)),
    ColumnSpec("e", "e", "enum", values=("优", "良")),
    ColumnSpec("b", "b", "bool"),
    ColumnSpec("t", "t", "text", required=False),
    ColumnSpec("day", "day", "date"),
    ColumnSpec("c", "c", "count", default=Decimal(0)),
]
CELLS = st.one_of(
    st.sampled_from(["", " ", "3", "03", "-1", "2.5", "1e3", "１２", "优", " 良 ", "是", "否", "x", "2023-06-01", "2023/6/1"]),
    st.text(max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(cell=CELLS, index=st.integers(0, len(COLUMNS) - 1))
def test_memoised_converter_agrees_with_type_cell(cell: str, index: int) -> None:
    column = COLUMNS[index]
    convert = _converter(column)
    for _ in range(2):  # the second call comes from the memo
        try:
            expected = type_cell(cell, column, _NOWHERE)
        except FactsError as exc:
            with pytest.raises(FactsError) as raised:
                convert(cell)
            assert str(raised.value) == str(exc)
        else:
            assert convert(cell) == expected
            assert type(convert(cell)) is type(expected)


def _place() -> RowPlace:
    def locate(row: int, column: int, header: str | None) -> Location:
        return Location(file="units.csv", row=row, field=header)

    return RowPlace(locate, {"编码": (0, "编码"), "得分": (2, "得分")}, 0)


def test_placed_row_locates_like_an_eager_row() -> None:
    lazy = Row.placed({"编码": "U1", "得分": Decimal(3)}, 7, _place())
    eager = Row(
        {"编码": "U1", "得分": Decimal(3)},
        {"编码": Location(file="units.csv", row=7, field="编码"), "得分": Location(file="units.csv", row=7, field="得分")},
        Location(file="units.csv", row=7),
    )
    assert lazy == eager
    assert lazy.cells["得分"] == Location(file="units.csv", row=7, field="得分")
    assert str(lazy.location) == "units.csv, row 7"
    assert list(lazy.cells) == ["编码", "得分"] and "得分" in lazy.cells and "x" not in lazy.cells


def test_cell_map_resolves_like_the_dict_it_replaces() -> None:
    home = Row.placed({"编码": "U1", "得分": Decimal(3)}, 2, _place())
    later = Row.placed({"编码": "U1", "得分": Decimal(4)}, 9, _place())
    cells = CellMap(home)
    cells.add_row(home, "编码")
    assert cells["得分"].row == 2 and "编码" not in cells
    cells.alias("系数", "得分")  # a lookup's value is located at its input
    assert cells["系数"] == cells["得分"]
    cells.alias("无源", "没有的列")  # …or at the subject's row
    assert cells["无源"] == home.location
    cells["手工"] = Location(file="x")
    cells.add_row(later, "编码")  # a later row's column wins
    assert cells["得分"].row == 9 and cells["手工"] == Location(file="x")
    assert set(cells) == {"得分", "系数", "无源", "手工"} and len(cells) == 4
    with pytest.raises(KeyError):
        cells["nothing"]


def test_a_bad_cell_far_down_is_named_exactly(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    shutil.copytree(EXAMPLES / "seed-004", folder)
    path = folder / "units.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    cells = lines[5].split(",")
    cells[4] = "2.5"  # 即时测评_良 on CSV row 6
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    code, _, err = cli("score", SEED4, folder)
    assert code == 1
    assert err.startswith("units.csv, row 6: column 即时测评_良: '2.5' is not a whole number ≥ 0") or (
        "row 6: column 即时测评_良: '2.5' is not a whole number ≥ 0" in err
    )


def test_traces_are_built_once_and_on_demand() -> None:
    result = score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    component = result.subjects[0].components[0]
    assert component._trace is None  # nothing built while scoring
    trace = component.trace
    assert trace is component.trace  # built once
    assert trace.path == "综合满意度" and trace.points == component.points
    child = component.children[0].trace
    assert child.formula.startswith("(优 3×90 + 良 13×75") and child.inputs[0] == ("即时测评_优", Decimal(3))
    moved = component.replace(name="别名")
    assert moved.name == "别名" and moved.trace == trace and moved.points == component.points


@pytest.mark.parametrize("ruleset, folder", [(SEED4, "seed-004"), (WENZHOU, "wenzhou-2023")])
def test_streamed_json_is_the_json_text(ruleset: Path, folder: str) -> None:
    result = score(load_ruleset(ruleset), EXAMPLES / folder)
    assert "".join(iter_json(result)) == to_json(result)
    assert "".join(iter_json(result, "2026-01-01T00:00:00Z")).endswith('"generated_at": "2026-01-01T00:00:00Z"\n}\n')
    assert '"units": []' in to_json(dataclasses.replace(result, subjects=[]))


@pytest.mark.parametrize("path", sorted(RULESETS.glob("**/*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_every_ruleset_as_the_python_loader_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if _yaml._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    text = path.read_text(encoding="utf-8-sig")
    fast = _yaml.parse_yaml(text, path.name)
    monkeypatch.setattr(_yaml, "_FastLoader", None)
    slow = _yaml.parse_yaml(text, path.name)
    assert (fast.data, fast.marks, fast.key_marks) == (slow.data, slow.marks, slow.key_marks)


@pytest.mark.parametrize(
    "text",
    ["a: 1\nb: [1, 2\n", "a: &x 1\nb: *x\n", "a: 1\n\tb: 2\n", "a: 'open\n", "a: 1\na: 2\n", "- a\nb: 1\n"],
)
def test_bad_yaml_says_what_the_python_loader_says(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def message() -> str:
        try:
            _yaml.parse_yaml(text, "r.yaml")
        except pingyi_rules.RulesetError as exc:
            return str(exc)
        return "ok"

    fast = message()
    monkeypatch.setattr(_yaml, "_FastLoader", None)
    assert fast == message() != "ok"


def _brute_ranks(totals: list[Decimal], dense: bool) -> list[tuple[int, int, int]]:
    distinct = sorted(set(totals), reverse=True)
    out = []
    for t in totals:
        better = sum(1 for u in totals if u > t)
        worse = sum(1 for u in totals if u < t)
        out.append((distinct.index(t) + 1 if dense else better + 1, better, worse))
    return out


@settings(max_examples=80, deadline=None)
@given(points=st.lists(st.integers(0, 12), min_size=1, max_size=30), dense=st.booleans())
def test_ranks_from_one_sort_match_counting(points: list[int], dense: bool) -> None:
    from pingyi_rules.scoring.outcomes import CompiledOutcomes, CompiledTier

    totals = [Decimal(p) / 2 for p in points]
    seen: dict[str, tuple[int, int]] = {}

    def spy(standing):  # type: ignore[no-untyped-def]
        seen[standing.fields["id"]] = (standing.better, standing.worse)
        return False

    outcomes = CompiledOutcomes(None, "dense" if dense else "competition", (), (CompiledTier("t", spy, None, None),))
    facts = [_Facts({"id": f"S{i}"}) for i in range(len(totals))]
    placings = outcomes.decide(facts, [()] * len(totals), totals)  # type: ignore[arg-type]
    expected = _brute_ranks(totals, dense)
    assert [(rank, *seen[f"S{i}"]) for i, rank in enumerate(placings.ranks)] == expected


class _Facts:
    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = fields


def test_version_does_not_import_pydantic() -> None:
    code = "import sys, pingyi_rules.cli as c, io; c.run(['--version'], io.StringIO(), io.StringIO()); print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(Path(pingyi_rules.__file__).parent.parent)})
    assert out.stdout.splitlines()[-1] == "False"


def test_every_public_name_is_importable() -> None:
    for name in pingyi_rules.__all__:
        assert getattr(pingyi_rules, name) is not None
        assert name in dir(pingyi_rules)
    with pytest.raises(AttributeError):
        pingyi_rules.no_such_name  # noqa: B018


EXAMPLE_PAIRS = [
    ("city-gongshu-minping-2012.yaml", "seed-001"),
    ("county-qianren-2022.yaml", "seed-000"),
    ("district-neishe-ceping-2012.yaml", "seed-004"),
    ("service-center-windows.yaml", "seed-003"),
    ("wenzhou-2023.yaml", "wenzhou-2023"),
    ("examples/county-minping-variant.yaml", "seed-001"),
]


@pytest.mark.parametrize("ruleset, folder", EXAMPLE_PAIRS)
def test_unit_lines_are_what_the_encoder_writes(ruleset: str, folder: str) -> None:
    from pingyi_rules.render.output import _dumps, _unit_json, _unit_text

    result = score(load_ruleset(RULESETS / ruleset), EXAMPLES / folder)
    subject = result.subjects[0]
    # the awkward texts too: quotes, backslashes, control characters, values of every kind
    subject = dataclasses.replace(subject, name='say "hi"\\ \n\t\x01 名', notes=[*subject.notes, "a \"note\""],
                                  values={**subject.values, "x": Decimal("1.50"), "flag": True})
    result = dataclasses.replace(result, subjects=[subject, *result.subjects[1:]])
    parts: dict = {}  # type: ignore[type-arg]
    for unit in result.subjects:
        assert _unit_text(unit, result.places, parts) == _dumps(_unit_json(unit, result.places))


def test_scoring_pauses_the_collector_and_restores_it() -> None:
    import gc

    from pingyi_rules.scoring.evaluate import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the outer state is what comes back
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
    score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    assert gc.isenabled()
