"""`compile.cases.expand_cases`: a `cases` node written as an `aggregate` with row steps scores the same
as the kind — every subject's total and points, and every row's status and amount — on the shipped
rulesets' examples and on hypothesis-generated nodes and case rows (the kind is the oracle here: it
is the reference the expansion must match before the kind can become sugar over it)."""

from __future__ import annotations

import copy
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, Result, load_ruleset, score
from pingyi_rules.compile.cases import expand_cases
from pingyi_rules.expand import dump_ruleset
from pingyi_rules.kinds.registry import walk_models
from pingyi_rules.loading import load_with_document

from ..rules_helpers import HEAD, subject_table

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [
    ("city-gongshu-minping-2012", "seed-001"),
    ("county-coop-lianping-2022", "seed-000"),
    ("county-qianren-2022", "seed-000"),
    ("wenzhou-2023", "wenzhou-2023"),
]


def expanded(ruleset: Path | str, text: str | None = None) -> str:
    """The ruleset with every `cases` node replaced by its expansion, as YAML text."""
    compiled, document = load_with_document(ruleset) if text is None else _with_text(ruleset, text)
    data: dict[str, Any] = copy.deepcopy(document.data)
    for node, place in zip(walk_models(compiled.model.components), _places(data["components"]), strict=True):
        if node.kind == "cases":
            base = None
            if node.effect == "deduct":
                base = node.base if node.base is not None else node.points
            place[0][place[1]] = expand_cases(node, base).document
    return dump_ruleset(data)


def _with_text(ruleset: Path | str, text: str) -> Any:
    path = Path(ruleset)
    path.write_text(text, encoding="utf-8")
    return load_with_document(path)


def _places(components: list[Any]) -> Any:
    """(list, index) of every component of the document, depth first (the order `walk_models` takes)."""
    for index, component in enumerate(components):
        yield components, index
        yield from _places(component.get("components", []))


def _rows(result: Result) -> dict[tuple[str, str], list[tuple[str, str, Decimal | None]]]:
    found = {}
    for subject in result.subjects:
        for top in subject.components:
            for node in top.walk():
                if node.trace is not None and node.trace.rows:
                    found[subject.id, node.id] = [(str(r.location), r.status, r.amount) for r in node.trace.rows]
    return found


def _points(result: Result) -> dict[tuple[str, str], Decimal | None]:
    return {(s.id, n.id): n.points for s in result.subjects for top in s.components for n in top.walk()}


def _same(ruleset: Path, text: str, facts: Path) -> None:
    """The ruleset as written and with its cases nodes expanded agree on `facts` (or fail alike)."""
    try:
        kind = score(load_ruleset(ruleset), facts)
    except PingyiError as exc:
        with pytest.raises(PingyiError) as raised:
            score(load_ruleset(ruleset, text=text), facts)
        assert str(raised.value.location) == str(exc.location)
        return
    core = score(load_ruleset(ruleset, text=text), facts)
    assert [s.exact_total for s in kind.subjects] == [s.exact_total for s in core.subjects]
    assert _points(kind) == _points(core)
    assert _rows(kind) == _rows(core)


@pytest.mark.parametrize(("name", "facts"), SHIPPED, ids=[n for n, _ in SHIPPED])
def test_a_shipped_rulesets_cases_nodes_and_their_expansion_agree(name: str, facts: str) -> None:
    ruleset = ROOT / "rulesets" / f"{name}.yaml"
    text = expanded(ruleset)
    assert "kind: cases" not in text
    _same(ruleset, text, ROOT / "examples" / facts)


# --------------------------------------------------------------------------- generated nodes and rows

TABLE = """    - id: 案例
      layout: cases
      subject: 对象
      columns:
        - {header: 对象, type: id}
        - {header: 日期, type: date}
        - {header: 事项, type: enum, choices: [A, B, C]}
        - {header: 级别, type: enum, choices: [省, 市], required: false}
        - {header: 金额, type: decimal, required: false}
        - {header: 人次, type: count}
        - {header: 严重, type: bool}
        - {header: 自查, type: bool}
        - {header: 逾期, type: bool}
        - {header: 事, type: enum, choices: [甲, 乙], required: false}
period: {start: 2024-01-01, end: 2024-12-31}
"""

_ITEMS = {
    "fixed": "{code: %s, name: 事项%s, amount: %s%s}",
    "range": "{code: %s, name: 事项%s, range: [0, 5]%s}",
    "keyed": "{code: %s, name: 事项%s, key: 级别, amounts: {省: %s, 市: [0, 5]}%s}",
}


@st.composite
def _case(draw: Any) -> tuple[str, str]:
    effect = draw(st.sampled_from(["deduct", "add"]))
    points = draw(st.sampled_from(["10", "20"]))
    shapes = [draw(st.sampled_from(sorted(_ITEMS))) for _ in "ABC"]
    grouped = [draw(st.booleans()) for _ in "ABC"]
    items = []
    for code, shape, group in zip("ABC", shapes, grouped, strict=True):
        tail = ", group: g" if group else ""
        amount = draw(st.sampled_from(["1", "2.5", "3"]))
        items.append(_ITEMS[shape] % ((code, code, amount, tail) if shape != "range" else (code, code, tail)))
    lines = [
        "  - id: 案例分", "    name: 案例分", "    kind: cases", "    table: 案例", "    code_column: 事项",
        "    amount_column: 金额", f"    effect: {effect}", f"    points: {points}",
        "    items: [" + ", ".join(items) + "]",
    ]
    if draw(st.booleans()):
        lines.append("    date: 日期")
    if draw(st.booleans()):
        lines.append("    count: 人次")
    if any(grouped):
        lines.append(f"    caps: {{g: {draw(st.sampled_from(['2', '4']))}}}")
    if draw(st.booleans()):
        lines.append("    exemptions: [{when: {flag: 自查}, unless: {flag: 逾期}, codes: [A, B], reason: 自查整改, lost: 逾期报送}]")
    if draw(st.booleans()):
        after = draw(st.booleans())
        lines.append(f"    modifiers: [{{when: {{flag: 严重}}, multiply: 2, reason: 情节严重{', after_highest: true' if after else ''}}}]")
    if draw(st.booleans()):
        lines.append("    highest_only: {matter: [事], reason: 就高}")
    elif any("after_highest" in line for line in lines):
        lines = [line.replace(", after_highest: true", "") for line in lines]
    if effect == "deduct":
        lines.append(f"    floor: {draw(st.sampled_from(['0', 'null']))}")
    else:
        lines.append(f"    capped: {draw(st.sampled_from(['true', 'false']))}")
    body = "\n" + subject_table() + TABLE + f"points: {points}\ncomponents:\n" + "\n".join(lines) + "\n"
    rows = ["对象,日期,事项,级别,金额,人次,严重,自查,逾期,事"]
    for _ in range(draw(st.integers(0, 9))):
        unit = draw(st.sampled_from(["U1", "U2"]))
        day = draw(st.sampled_from(["2024-03-01", "2023-12-31", "2024-12-31"]))
        code = draw(st.sampled_from("ABC"))
        level = draw(st.sampled_from(["省", "市"]))
        shape = shapes["ABC".index(code)]
        needs = shape == "range" or (shape == "keyed" and level == "市")
        amount = draw(st.sampled_from(["0.5", "2", "4.5"])) if needs else ""
        flags = [draw(st.sampled_from(["是", "否"])) for _ in range(3)]
        matter = draw(st.sampled_from(["甲", "乙", ""]))
        rows.append(",".join([unit, day, code, level, amount, str(draw(st.integers(0, 3))), *flags, matter]))
    return body, "\n".join(rows) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_case())
def test_a_generated_cases_node_and_its_expansion_agree(tmp_path: Path, drawn: tuple[str, str]) -> None:
    body, rows = drawn
    folder = tmp_path / "case"
    if folder.exists():
        shutil.rmtree(folder)
    facts = folder / "facts"
    facts.mkdir(parents=True)
    (facts / "units.csv").write_text("编码,名称\nU1,甲\nU2,乙\n", encoding="utf-8")
    (facts / "案例.csv").write_text(rows, encoding="utf-8")
    ruleset = folder / "ruleset.yaml"
    ruleset.write_text(HEAD + body, encoding="utf-8")
    _same(ruleset, expanded(ruleset), facts)
