"""`repeat`: one component template repeated over lists of values, expanded before validation."""

from __future__ import annotations

import io
import string
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.loading import load_with_document
from pingyi_rules.render.output import explain, to_csv, to_json, to_table
from pingyi_rules.source.repeat import expand_repeats
from pingyi_rules.source.strict_yaml import parse_yaml
from pingyi_rules.target import ruleset_files

from ..rules_helpers import ruleset, write_tables

COLUMNS = ("{header: Q1, type: decimal}", "{header: Q2, type: decimal}", "{header: Q3, type: decimal}")
UNITS = "编码,名称,Q1,Q2,Q3\nA,甲,80,90,100\nB,乙,60,70.5,81\n"

REPEATED = ruleset(*COLUMNS, rest="""points: 100
components:
  - id: 合计
    name: 合计
    kind: weighted
    points: 100
    components:
      - repeat:
          over: {问: [Q1, Q2, Q3], 权: [0.2, 0.3, 0.5], 名: [就业, 医疗, 教育]}
        component: {id: "得分{问}", name: "{名}（{问}）", kind: input, column: "{问}", points: 100, weight: "{权}"}
""")

BY_HAND = ruleset(*COLUMNS, rest="""points: 100
components:
  - id: 合计
    name: 合计
    kind: weighted
    points: 100
    components:
      - {id: 得分Q1, name: 就业（Q1）, kind: input, column: Q1, points: 100, weight: 0.2}
      - {id: 得分Q2, name: 医疗（Q2）, kind: input, column: Q2, points: 100, weight: 0.3}
      - {id: 得分Q3, name: 教育（Q3）, kind: input, column: Q3, points: 100, weight: 0.5}
""")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _expanded(text: str) -> object:
    document, problems = expand_repeats(parse_yaml(text, "<t>"))
    assert problems == []
    return document.data


def test_the_repetitions_are_the_hand_written_components(tmp_path: Path) -> None:
    repeated = load_ruleset(_write(tmp_path, "repeated.yaml", REPEATED))
    by_hand = load_ruleset(_write(tmp_path, "by_hand.yaml", BY_HAND))
    assert repeated.model == by_hand.model
    facts = write_tables(tmp_path / "facts", {"units": UNITS})
    before, after = score(by_hand, facts), score(repeated, facts)
    # A: 80 × 0.2 + 90 × 0.3 + 100 × 0.5 = 16 + 27 + 50 = 93; B: 12 + 21.15 + 40.5 = 73.65
    assert [s.total for s in after.subjects] == [Decimal(93), Decimal("73.65")]
    for render in (to_json, to_csv, to_table):
        assert render(after).replace(repeated.sha256, "<sha>") == render(before).replace(by_hand.sha256, "<sha>")
    assert explain(after, "B") == explain(before, "B")
    out = io.StringIO()
    assert run(["diff", str(tmp_path / "by_hand.yaml"), str(tmp_path / "repeated.yaml")], out, io.StringIO()) == 0
    assert "rules that differ (0):" in out.getvalue()


def test_a_whole_placeholder_takes_the_value_as_written_and_inside_a_text_a_number_as_written() -> None:
    data = _expanded("""components:
  - repeat: {over: {季: [1, 2], 权: [0.50, 0.5], 条: [{column: 甲, equals: 是}, {column: 乙, equals: 否}]}}
    component: {id: "第{季}季_{权}", weight: "{权}", where: "{条}", label: "{季}"}
""")
    assert data["components"] == [  # type: ignore[index]
        {"id": "第1季_0.50", "weight": Decimal("0.50"), "where": {"column": "甲", "equals": "是"}, "label": 1},
        {"id": "第2季_0.5", "weight": Decimal("0.5"), "where": {"column": "乙", "equals": "否"}, "label": 2},
    ]


def test_doubled_braces_write_a_brace_and_keys_take_placeholders_too() -> None:
    data = _expanded("""components:
  - repeat: {over: {组: [甲, 乙]}}
    component: {id: "{组}", counts: ["测评_{{grade}}"], note: "{{{组}}}", weights: {"{组}": 1, 其他: 0}}
""")
    assert data["components"] == [  # type: ignore[index]
        {"id": "甲", "counts": ["测评_{grade}"], "note": "{甲}", "weights": {"甲": 1, "其他": 0}},
        {"id": "乙", "counts": ["测评_{grade}"], "note": "{乙}", "weights": {"乙": 1, "其他": 0}},
    ]


def test_nested_repeats_see_the_outer_names_and_hand_written_siblings_stay_in_place() -> None:
    data = _expanded("""values:
  - {id: 先, kind: input}
  - repeat: {over: {季: [一, 二]}}
    component: {id: "值{季}", kind: input}
  - {id: 后, kind: input}
components:
  - {id: 头, kind: sum}
  - repeat: {over: {渠道: [电话, 问卷], 题: [[Q1, Q2], [Q3]]}}
    component:
      id: "{渠道}"
      components:
        - {id: "{渠道}说明", kind: input}
        - repeat: {over: {问: "{题}"}}
          component: {id: "{渠道}{问}", of: "{问}", where: {equals: "{渠道}"}}
""")
    assert [v["id"] for v in data["values"]] == ["先", "值一", "值二", "后"]  # type: ignore[index]
    assert data["components"] == [  # type: ignore[index]
        {"id": "头", "kind": "sum"},
        {"id": "电话", "components": [
            {"id": "电话说明", "kind": "input"},
            {"id": "电话Q1", "of": "Q1", "where": {"equals": "电话"}},
            {"id": "电话Q2", "of": "Q2", "where": {"equals": "电话"}},
        ]},
        {"id": "问卷", "components": [
            {"id": "问卷说明", "kind": "input"},
            {"id": "问卷Q3", "of": "Q3", "where": {"equals": "问卷"}},
        ]},
    ]


def test_a_hand_written_parent_s_children_may_repeat() -> None:
    data = _expanded("""components:
  - id: 父
    components:
      - {id: 甲, kind: input}
      - repeat: {over: {n: [1, 2]}}
        component: {id: "子{n}"}
""")
    assert [c["id"] for c in data["components"][0]["components"]] == ["甲", "子1", "子2"]  # type: ignore[index]


def test_a_ruleset_without_repeat_is_the_same_document() -> None:
    document = parse_yaml(BY_HAND, "<t>")
    assert expand_repeats(document) == (document, [])


def test_text_outside_a_template_keeps_its_braces() -> None:
    data = _expanded("""components:
  - {id: 外, note: "{不是占位符}"}
  - repeat: {over: {n: [1]}}
    component: {id: "内{n}"}
""")
    assert data["components"][0] == {"id": "外", "note": "{不是占位符}"}  # type: ignore[index]


def test_an_extending_ruleset_may_override_a_repetition_by_its_id(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", REPEATED)
    child = _write(tmp_path, "child.yaml", "extends: base.yaml\nid: child\noverrides:\n  components.合计.components.得分Q3.name: 教育改\n")
    compiled, document = load_with_document(child)
    assert [c.name for c in compiled.model.components[0].components] == ["就业（Q1）", "医疗（Q2）", "教育改"]  # type: ignore[union-attr]
    assert ruleset_files(compiled, document) == [child, tmp_path / "base.yaml"]
    # the chain's digest covers the base: a change there changes the child's digest
    _write(tmp_path, "base.yaml", REPEATED.replace("0.2, 0.3, 0.5", "0.3, 0.2, 0.5"))
    assert load_ruleset(child).sha256 != compiled.sha256


def test_an_override_may_set_a_list_with_a_repeat(tmp_path: Path) -> None:
    _write(tmp_path, "base.yaml", BY_HAND)
    child = _write(tmp_path, "child.yaml", """extends: base.yaml
id: child
overrides:
  components.合计.components:
    - repeat: {over: {问: [Q1, Q2]}}
      component: {id: "新{问}", name: "{问}", kind: input, column: "{问}", points: 100, weight: 0.5}
""")
    model = load_ruleset(child).model
    assert [c.id for c in model.components[0].components] == ["新Q1", "新Q2"]  # type: ignore[union-attr]


_LITERAL = st.text(alphabet=st.characters(blacklist_characters="{}", blacklist_categories=("Cs", "Cc")), max_size=4)
_NAMES = st.lists(st.text(alphabet=string.ascii_letters + "问名季组", min_size=1, max_size=3), min_size=1, max_size=3, unique=True)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), names=_NAMES)
def test_a_text_is_filled_in_as_python_fills_in_a_format_string(data: st.DataObject, names: list[str]) -> None:
    """Oracle: str.format_map, whose `{name}`, `{{` and `}}` mean what they mean in a template."""
    count = data.draw(st.integers(min_value=1, max_value=3))
    values = {name: data.draw(st.lists(st.text(alphabet="甲乙12 {}", max_size=3), min_size=count, max_size=count)) for name in names}
    pieces = data.draw(st.lists(st.one_of(_LITERAL, st.just("{{"), st.just("}}"), st.sampled_from([f"{{{n}}}" for n in names])), max_size=6))
    template = "".join(pieces)
    document = parse_yaml("adds: []\n", "<t>")
    over = {**values, "序": list(range(count))}  # the ids' own placeholder: the texts' values may repeat
    document.data = {"components": [{"repeat": {"over": over}, "component": {"id": "{序}", "text": template}}]}
    expanded, problems = expand_repeats(document)
    assert problems == []
    made = expanded.data["components"]
    assert [c["text"] for c in made] == [template.format_map({n: values[n][i] for n in names}) for i in range(count)]
