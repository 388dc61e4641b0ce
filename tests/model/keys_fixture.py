"""The fixtures of test_every_optional_key: a small ruleset and facts, ways to change them, what is compared."""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from pingyi_rules import PingyiError, check_ruleset, load_ruleset, score
from pingyi_rules.render.report import build_report, provenance, scoring_rules
from pingyi_rules.render.template import template_bytes

# --------------------------------------------------------------------------- the fixtures
# Three subjects. By hand, with the base ruleset:
#   测评 (rating, 好 100 / 中 60 / 差 0): A (8×100 + 2×60) / 10 = 92, B 68, C 44
#   综合 = 0.6 × (0.5 × 领导 + 0.5 × 测评): A 54.6, B 41.4, C 28.2
#   整改 = 10 − 2 × 扣件, floored at 0: A 8, B 4, C 0 (10 − 12 → 0)
#   案例 = 10 − cases in 2023: A 10 − (X 1 + Y 2 + Z 记过 4) = 3, B 10 − Z 警告 2 = 8 (its 2024 row is
#         outside the period), C 10
#   等次分: A 优秀 10, B 良好 8, C 一般 6;  名次分 = 10 − max(名次 − 2, 0): A 10, B 9, C 7
#   上级 = −(局 deduction × 0.5): A, B (局一, 2) −1, C (局二, 0) 0;  附加 (outside) = min(扣件, 5): A 1, B 3, C 5
#   totals: A 85.6, B 72.4, C 56.2; ranks 1, 2, 3; 优秀 = top 1 → A; 立案 veto → C 不合格

BASE = """
id: keys
name: 键测试
version: "1"
source: {title: 测试方案}
period: {start: 2023-01-01, end: 2023-12-31}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称, category: 类别}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 类别, type: enum, choices: [一类, 二类]}
        - {header: 领导, type: decimal}
        - {headers: [测评_好, 测评_中, 测评_差, 扣件, 名次], type: count}
        - {header: 扣分, type: decimal}
        - {header: 系数, type: decimal}
        - {header: 立案, type: bool}
        - {header: 等次, type: enum, choices: [优秀, 良好, 一般]}
        - {header: 上级, type: text}
    - id: depts
      layout: keyed
      key: 部门
      join: 上级
      columns:
        - {header: 部门, type: text}
        - {header: 上级扣分, type: decimal}
    - id: extra
      subject: 编码
      optional: true
      columns:
        - {header: 编码, type: id}
        - {header: 备注, type: text}
    - id: cases
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 事项, type: enum, choices: [X, Y, Z]}
        - {header: 日期, type: date}
        - {header: 分值, type: decimal, required: false}
        - {header: 人次, type: count}
        - {header: 严重, type: bool}
        - {header: 人员, type: text}
        - {header: 级别, type: enum, choices: [警告, 记过]}
    - id: votes
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 主体, type: text}
        - {headers: [测评_好, 测评_中, 测评_差], type: count}
scales:
  - {id: 三档, grades: {好: 100, 中: 60, 差: 0}}
  - {id: 等次表, grades: {优秀: 10, 良好: 8, 一般: 6}}
points: 100
components:
  - id: 综合
    name: 综合
    kind: weighted
    points: 60
    multiply: 0.6
    components:
      - {id: 领导, name: 领导评分, kind: input, column: 领导, points: 100, weight: 0.5}
      - {id: 测评, name: 测评, kind: rating, scale: 三档, counts: ["测评_{grade}"], points: 100, weight: 0.5}
  - id: 整改
    name: 整改
    kind: deduction
    points: 10
    items:
      - {id: 扣件, name: 扣件, column: 扣件, amount: 2}
  - id: 案例
    name: 案例
    kind: cases
    points: 10
    table: cases
    code_column: 事项
    date: 日期
    amount_column: 分值
    items:
      - {code: X, name: 甲事项, amount: 1}
      - {code: Y, name: 乙事项, range: [1, 3]}
      - {code: Z, name: 丙事项, key: 级别, amounts: {警告: 2, 记过: 4}}
  - {id: 等次分, name: 等次分, kind: grade, column: 等次, scale: 等次表, points: 10}
  - {id: 名次分, name: 名次分, kind: rank_deduction, column: 名次, free: 2, per_place: 1, points: 10}
  - {id: 上级, name: 上级扣分, kind: apportion, column: 上级扣分, share: 0.5, points: 0}
  - {id: 附加, name: 附加, kind: expression, expr: "min(扣件, 5)", points: 5, outside: true}
ranking: {}
vetoes:
  - {name: 立案否决, when: {flag: 立案}, forces: 不合格}
tiers:
  - {name: 不合格, when: {below: 60}}
"""

TABLES = {
    "units": "编码,名称,类别,领导,测评_好,测评_中,测评_差,扣件,名次,扣分,系数,立案,等次,上级\n"
    "A,甲,一类,90,8,2,0,1,1,0.8,1.5,否,优秀,局一\n"
    "B,乙,一类,70,5,3,2,3,3,1.5,1,否,良好,局一\n"
    "C,丙,二类,50,2,4,4,6,5,3.5,1,是,一般,局二\n",
    "depts": "部门,上级扣分\n局一,2\n局二,0\n",
    "extra": "编码,备注\nA,有\n",
    "cases": "编码,事项,日期,分值,人次,严重,人员,级别\n"
    "A,X,2023-03-01,,1,否,张,警告\n"
    "A,Y,2023-04-01,2,1,是,张,警告\n"
    "A,Z,2023-05-01,,1,否,王,记过\n"
    "B,X,2024-02-01,,1,否,李,警告\n"
    "B,Z,2023-06-01,,2,否,李,警告\n",
    "votes": "编码,主体,测评_好,测评_中,测评_差\nA,群众,1,1,0\nA,专家,0,0,2\nB,群众,1,0,0\nC,群众,0,1,0\n",
}

# Quota ballots: two ballots, each 优秀 1 + 良好 1, neither rates all three units.
# complete: false → A (10 + 8) / 2 = 9, B 8, C 10; complete: true (default) → no ballot can be valid.
BALLOTS = """
id: ballots
name: 投票
version: "1"
source: {title: 测试方案}
inputs:
  subjects: {table: units, id_column: 编码}
  tables:
    - {id: units, subject: 编码, columns: [{header: 编码, type: id}]}
    - id: ballots
      layout: cases
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 票号, type: text}
        - {header: 投票人, type: text}
        - {header: 等次, type: enum, choices: [优秀, 良好]}
scales:
  - {id: 投票, grades: {优秀: 10, 良好: 8}}
points: 10
components:
  - {id: 测评, name: 测评, kind: ballots, table: ballots, ballot: 票号, voter: 投票人, voters: [领导],
     column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1}, points: 10}
"""
BALLOT_TABLES = {
    "units": "编码\nA\nB\nC\n",
    "ballots": "编码,票号,投票人,等次\nA,1,领导,优秀\nB,1,领导,良好\nC,2,领导,优秀\nA,2,领导,良好\n",
}
FIXTURES = {"base": (BASE, TABLES), "ballots": (BALLOTS, BALLOT_TABLES)}

# --------------------------------------------------------------------------- changing a fixture

DELETE = object()


def _step(node: Any, part: str) -> Any:
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and part in (item.get("id"), item.get("code"), item.get("name"), item.get("header")):
                return item
        return node[int(part)]
    return node.setdefault(part, {})


def changed(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of the ruleset data with each dotted path set (list items chosen by id/code/name/header)."""
    data = copy.deepcopy(data)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = _step(node, part)
        key: Any = int(last) if isinstance(node, list) else last
        if value is DELETE:
            del node[key]
        else:
            node[key] = copy.deepcopy(value)
    return data


@dataclass
class Run:
    result: Any = None
    ruleset: Any = None
    code: str | None = None  # the error code when loading or scoring failed
    checked: list[str] = field(default_factory=list)  # codes check_ruleset reports


def run(tmp: Path, fixture: str, changes: dict[str, Any], tables: dict[str, list[tuple[str, str]]], workbook: bool) -> Run:
    text, base_tables = FIXTURES[fixture]
    data = changes["document"] if "document" in changes else changed(yaml.safe_load(text), changes)
    document = yaml.dump(data, allow_unicode=True, sort_keys=False)
    folder = tmp / f"case{len(list(tmp.iterdir()))}"
    folder.mkdir()
    contents = dict(base_tables)
    for name, pairs in tables.items():
        for old, new in pairs:
            assert contents[name].count(old) == 1, old
            contents[name] = contents[name].replace(old, new)
    if workbook:  # the units sheet named by the table's title
        book = openpyxl.Workbook()
        book.remove(book.worksheets[0])
        for name, csv_text in contents.items():
            sheet = book.create_sheet("单位" if name == "units" else name)
            for line in csv_text.strip().splitlines():
                sheet.append([_cell(v) for v in line.split(",")])
        facts: Path = folder / "facts.xlsx"
        book.save(facts)
    else:
        for name, csv_text in contents.items():
            (folder / f"{name}.csv").write_text(csv_text, encoding="utf-8")
        facts = folder
    (folder / "base.yaml").write_text(text, encoding="utf-8")  # for 'extends'
    path = folder / "ruleset.yaml"
    path.write_text(document, encoding="utf-8")
    checked = [e.code for e in check_ruleset(path)]
    try:
        ruleset = load_ruleset(path)
        return Run(score(ruleset, facts), ruleset, checked=checked)
    except PingyiError as exc:
        return Run(code=exc.code, checked=checked)


def _cell(value: str) -> Any:
    try:
        return int(value)
    except ValueError:
        return value or None


# --------------------------------------------------------------------------- what is compared


Probe = Callable[[Run], Any]


def pts(subject: str, component: str) -> Probe:
    return lambda r: r.code or r.result.subject(subject).component(component).points


def total(subject: str) -> Probe:
    return lambda r: r.code or r.result.subject(subject).total


def rank(subject: str) -> Probe:
    return lambda r: r.code or r.result.subject(subject).rank


def tier(name: str) -> Probe:
    return lambda r: r.code or sorted(s.id for s in r.result.subjects if name in s.tiers)


def values(subject: str) -> Probe:
    return lambda r: r.code or dict(r.result.subject(subject).values)


def trace(subject: str, component: str, text: str) -> Probe:
    """Whether the text appears in the component's trace (clause, formula, notes, row reasons)."""

    def probe(r: Run) -> Any:
        entry = r.result.subject(subject).component(component).trace
        parts = [entry.clause or "", entry.formula, *entry.notes, *(row.reason for row in entry.rows)]
        return r.code or any(text in part for part in parts)

    return probe


def report(text: str) -> Probe:
    def probe(r: Run) -> Any:
        built = build_report(r.result, r.ruleset)
        return r.code or any(text in v for _, v in [*scoring_rules(built), *provenance(built)])

    return probe


def template(text: str) -> Probe:
    def probe(r: Run) -> Any:
        book = openpyxl.load_workbook(io.BytesIO(template_bytes(r.ruleset)))
        return r.code or any(text in str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)

    return probe


def loads(r: Run) -> Any:
    return r.checked or "loads"


def name_of(subject: str) -> Probe:
    return lambda r: r.code or (r.result.subject(subject).name, r.result.subject(subject).category)


# --------------------------------------------------------------------------- the entries


@dataclass
class Effect:
    """The key changes a result: `with_` and `without` are changes to the fixture; expect = (with, without)."""

    keys: tuple[str, ...]
    probe: Probe
    with_: dict[str, Any]
    without: dict[str, Any]
    expect: tuple[Any, Any]
    tables: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    fixture: str = "base"
    workbook: bool = False


@dataclass
class Rejected:
    """The key is refused where it changes nothing."""

    keys: tuple[str, ...]
    change: dict[str, Any]
    code: str
    fixture: str = "base"
