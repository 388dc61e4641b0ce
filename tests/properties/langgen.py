"""Random rulesets composed from the language's constructs, with facts for them (hypothesis).

A generated ruleset has a subject table (units: 编码, 名称, 类别, 应到, 立案) and one or two long
tables (`layout: cases`, t1 and t2) with optional `form`, `dated_by` + `period`, void rules and
`invalid: void` columns (a decimal 分数 with `places`, a grade 等次 whose scale has a word of no
value); components are `aggregate`s (every function, `ratio` with `over` included, `where`, `blank`,
`empty`, `trim`, `groups`, `traced: selected`, `void_detail`) and `expression`s under `sum` and
`weighted` parents (with and without `missing: renormalise`); aggregates with row steps, `cases`,
`lookup` and `grade` components, table rules (`unique`, `require`, error rules, `must_meet` /
`each_subject`) and gates (tests/properties/langgen_steps.py); a ballot table read by `ballots`
nodes, with ballots on and off quota (tests/properties/langgen_ballots.py); named
`values:`; tiers (conditions of the condition language, quotas), vetoes, exclusions, named
conditions and checks. Everything is built as plain data (`Plan`), written as YAML and CSV by the
test, so a variant (a component moved into `values:`, values added) is a change to the data.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import strategies as st

from .langgen_ballots import BALLOT_SCALES, ballot_plan, ballot_rows, place
from .langgen_ballots import TABLE as BALLOT_TABLE
from .langgen_steps import cases_component, gates, lookup_component, rare, step_aggregate, table_rules

GROUPS = ("A", "B", "C")
GRADES = {"好": 100, "中": 60, "差": 0, "不了解": None}
YEAR = {"优": 10, "良": 8, "中": 6}  # the scale of the subjects' 年度 grade (a `grade` component)
PERIOD = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
NUMBER_MIN = -(10**9)
BAD = {"分数": ["101", "八十", "-3"], "等次": ["很好", "好、中"]}  # cells a column refuses  # an expression's lower end, low enough for any generated value


class _Dumper(yaml.SafeDumper):
    """Writes a value met twice in the document twice (a ruleset has no YAML anchors, RS006)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass
class Plan:
    """A generated ruleset (as a YAML-ready document) and its facts (table id → rows, header first)."""

    document: dict[str, Any]
    tables: dict[str, list[list[str]]]
    long_tables: list[str] = field(default_factory=list)

    def yaml(self) -> str:
        return yaml.dump(self.document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)

    def copy(self) -> Plan:
        return Plan(copy.deepcopy(self.document), self.tables, list(self.long_tables))


READERS = ("aggregate", "cases", "ballots")  # the kinds that read the rows of a long table


def aggregates(plan: Plan) -> list[dict[str, Any]]:
    """Every component reading a long table (an aggregate, a `cases`), named values first, then the tree depth first."""
    found = [v for v in plan.document.get("values", []) if v["kind"] in READERS]
    pending = list(plan.document["components"])
    while pending:
        node = pending.pop(0)
        if node["kind"] in READERS:
            found.append(node)
        pending[:0] = node.get("components", [])
    return found


# --------------------------------------------------------------------------- row conditions


def _row_condition(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    """A row condition over the long table's columns (blank tested before a number is compared)."""
    shapes = ["group", "groups", "score", "blank", "grade"] + (["not", "all", "any"] if depth < 2 else [])
    shape = draw(st.sampled_from(shapes))
    if shape == "group":
        return {"column": "组", "equals": draw(st.sampled_from(GROUPS))}
    if shape == "groups":
        return {"column": "组", "in": sorted(draw(st.sets(st.sampled_from(GROUPS), min_size=1, max_size=2)))}
    if shape == "score":
        key = draw(st.sampled_from(["at_least", "above", "below", "at_most"]))
        limit = draw(st.integers(0, 100))
        if draw(st.booleans()):
            return {"all": [{"not": {"blank": "分数"}}, {"column": "分数", "between": sorted([limit, draw(st.integers(0, 100))])}]}
        return {"all": [{"not": {"blank": "分数"}}, {"column": "分数", key: limit}]}
    if shape == "blank":
        return {"blank": draw(st.sampled_from(["分数", "等次"]))}
    if shape == "grade":
        return {"column": "等次", "in": sorted(draw(st.sets(st.sampled_from(["好", "中", "差"]), min_size=1, max_size=2)))}
    if shape == "not":
        return {"not": _row_condition(draw, depth + 1)}
    return {shape: [_row_condition(draw, depth + 1) for _ in range(draw(st.integers(1, 2)))]}


# --------------------------------------------------------------------------- components


@st.composite
def aggregate(draw: st.DrawFn, cid: str, tables: list[str], never_blank: bool = False) -> dict[str, Any]:
    """An aggregate over one of the long tables. `never_blank`: its value is never blank (empty is a
    number or an error), so an expression may use it."""
    function = draw(st.sampled_from(["count", "sum", "mean", "min", "max", "share", "trimmed_mean", "ratio"]))
    node: dict[str, Any] = {"id": cid, "name": cid, "kind": "aggregate", "table": draw(st.sampled_from(tables)), "function": function}
    if function not in ("count", "share"):
        node["per_row"] = draw(st.sampled_from(["分数", "等次", "分数 * 2", "分数 + 应到", "分数 - 50", "等次 / 10"]))
        node["on_blank"] = "error" if rare(draw, 30) else "skip"
    if function == "ratio":  # Σ per_row ÷ Σ over; 人次 − 1 adds up to 0 now and then (EV029)
        node["over"] = "人次 - 1" if rare(draw, 10) else draw(st.sampled_from(["人次", "人次 * 100", "分数 + 1"]))
    if draw(st.integers(0, 3)) == 0:  # the other groups' rows are left out of its trace (see SELECTED)
        node["where"] = {"column": "组", "in": sorted(draw(st.sets(st.sampled_from(GROUPS), min_size=1, max_size=2)))}
        node["traced"] = "selected"
    elif draw(st.integers(0, 2)) == 0:
        node["where"] = _row_condition(draw)
    if function == "share":
        node["meeting"] = _row_condition(draw)
    if function == "trimmed_mean":
        node["trim"] = {"drop": 1, "more_than": draw(st.integers(2, 4))}
    empties: list[Any] = [0, 0, 0, 1] if never_blank else [0, 0, "blank", "blank"]
    node["empty"] = "error" if rare(draw, 30) else draw(st.sampled_from(empties))
    if draw(st.integers(0, 3)) == 0:
        combine = draw(st.sampled_from(["sum", "mean", "weighted"]))
        groups: dict[str, Any] = {"column": "组", "combine": combine}
        if combine == "weighted":
            groups["weights"] = {"A": 0.5, "B": 0.3, "C": 0.2}
            if not rare(draw, 4):
                groups["missing"] = "renormalise"
        if draw(st.integers(0, 2)) == 0:
            groups["cap"] = draw(st.sampled_from([1, 50, 150]))
        node["groups"] = groups
    return node


@st.composite
def leaf(draw: st.DrawFn, cid: str, tables: list[str], value_ids: list[str], dated: bool) -> dict[str, Any]:
    """An aggregate (plain or with row steps), a `cases`, a `lookup`, or (when there are values) an
    expression over the named values."""
    shape = draw(st.sampled_from(["aggregate", "aggregate", "steps", "steps", "cases", "lookup", "grade", "expression"]))
    if shape == "expression" and value_ids:
        used = draw(st.sampled_from(value_ids))
        return {"id": cid, "name": cid, "kind": "expression", "expr": f"{used} * 2 - 1", "min": NUMBER_MIN}
    if shape == "steps":
        return draw(step_aggregate(cid, tables, dated))
    if shape == "cases":
        return draw(cases_component(cid, tables, dated))
    if shape == "lookup":
        return draw(lookup_component(cid, value_ids))
    if shape == "grade":  # sugar for a lookup on the subject's grade field
        return {"id": cid, "name": cid, "kind": "grade", "column": "年度", "scale": "年度分", "points": 10}
    return draw(aggregate(cid, tables))


@st.composite
def tree(draw: st.DrawFn, tables: list[str], value_ids: list[str], dated: bool) -> list[dict[str, Any]]:
    """1–3 top-level components: leaves, and `sum` / `weighted` parents of 1–3 leaves."""
    counter = iter(range(1, 100))
    top: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(["leaf", "sum", "weighted"]))
        if shape == "leaf":
            top.append(draw(leaf(f"汇总{next(counter)}", tables, value_ids, dated)))
            continue
        children = [draw(leaf(f"汇总{next(counter)}", tables, value_ids, dated)) for _ in range(draw(st.integers(1, 3)))]
        parent: dict[str, Any] = {"id": f"合计{next(counter)}", "name": "合计", "kind": shape, "components": children}
        if shape == "weighted":
            weights = {1: [1], 2: [0.5, 0.5], 3: [0.2, 0.3, 0.5]}[len(children)]
            if len(children) == 2 and draw(st.booleans()):
                weights = [0.3, 0.7]
            for child, weight in zip(children, weights, strict=True):
                child["weight"] = weight
            if draw(st.booleans()):
                parent["missing"] = "renormalise"
        top.append(parent)
    return top


def leaf_ids(components: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    for node in components:
        found.append(node["id"])
        found.extend(leaf_ids(node.get("components", [])))
    return found


# --------------------------------------------------------------------------- subject conditions


def _subject_condition(
    draw: st.DrawFn, names: list[str], tables: list[str], earlier: list[str], named: list[str], depth: int = 0, ranked: bool = True
) -> dict[str, Any]:
    """A condition on a subject: the total, a component or value (tested for blank first), fields,
    rows, an expression, the ranking, an earlier tier, a named condition, and all / any / not.
    `ranked` False: no place in the ranking (an exclusion is decided before it)."""
    shapes = ["total", "value", "field", "flag", "rows", "expr"] + ["top", "bottom"] * ranked
    shapes += ["tier"] * bool(earlier) + ["is"] * bool(named) + (["all", "any", "not"] if depth < 1 else [])
    shape = draw(st.sampled_from(shapes))
    if shape == "total":
        return {draw(st.sampled_from(["at_least", "above", "below", "at_most"])): draw(st.integers(0, 150))}
    if shape == "value":
        name = draw(st.sampled_from(names))
        return {"all": [{"not": {"blank": name}}, {"of": name, draw(st.sampled_from(["at_least", "below"])): draw(st.integers(0, 100))}]}
    if shape == "field":
        return draw(st.sampled_from([{"of": "类别", "equals": "甲"}, {"of": "应到", "at_least": 10}, {"of": "应到", "between": [5, 20]}]))
    if shape == "flag":
        return {"flag": "立案"}
    if shape == "rows":
        cond: dict[str, Any] = {"count_rows": draw(st.sampled_from(tables)), "at_least": draw(st.integers(0, 4))}
        if draw(st.booleans()):
            cond["where"] = _row_condition(draw, 1)
        return cond
    if shape == "expr":
        return {"expr": draw(st.sampled_from(["应到 >= 10", "应到 * 2 > 25 or 立案"]))}
    if shape in ("top", "bottom"):
        return {shape: draw(st.integers(1, 3))}
    if shape == "tier":
        return {"tier": draw(st.sampled_from(earlier))}
    if shape == "is":
        return {"is": draw(st.sampled_from(named))}
    if shape == "not":
        return {"not": _subject_condition(draw, names, tables, earlier, named, depth + 1, ranked)}
    return {shape: [_subject_condition(draw, names, tables, earlier, named, depth + 1, ranked) for _ in range(2)]}


@st.composite
def outcomes(draw: st.DrawFn, names: list[str], tables: list[str]) -> dict[str, Any]:
    """Tiers, vetoes, exclusions, named conditions and checks (the top-level keys, to merge in)."""
    out: dict[str, Any] = {}
    named: list[str] = []
    if draw(st.integers(0, 2)) == 0:
        out["conditions"] = [{"name": "命名条件", "when": _subject_condition(draw, names, tables, [], [])}]
        named = ["命名条件"]
    tiers: list[dict[str, Any]] = []
    veto = draw(st.integers(0, 2)) == 0
    earlier: list[str] = ["不合格"] if veto else []
    for index, name in enumerate(["优秀", "良好", "一般"][: draw(st.integers(0, 3))]):
        if draw(st.integers(0, 3)) == 0:
            count: Any = draw(st.sampled_from([1, 2, {"share": 0.3, "round": "up", "min": 1}, {"share": 0.5, "round": "down"}]))
            tiers.append({"name": name, "quota": {draw(st.sampled_from(["best", "worst"])): count}})
        else:
            tiers.append({"name": name, "when": _subject_condition(draw, names, tables, earlier, named)})
        earlier.append(name)
        del index
    if named and not any("命名条件" in str(t) for t in tiers):
        tiers.append({"name": "符合", "when": {"is": "命名条件"}})
    if veto:
        out["vetoes"] = [{"name": "立案否决", "when": {"flag": "立案"}, "forces": "不合格"}]
        if tiers and draw(st.booleans()):
            out["vetoes"][0]["bars"] = [tiers[0]["name"]]
    if tiers:
        out["tiers"] = tiers
    if draw(st.integers(0, 3)) == 0:
        out["exclude"] = [{"when": {"of": "应到", "below": draw(st.integers(1, 8))}, "reason": "应到人数不足"}]
        if draw(st.booleans()):
            out["exclude"].append({"when": _subject_condition(draw, names, tables, [], [], ranked=False), "reason": "不在范围"})
    if draw(st.integers(0, 3)) == 0:
        check = draw(st.sampled_from([
            {"count_rows": draw(st.sampled_from(tables)), "at_most": 12},
            {"of": "应到", "at_least": 0},
            {"expr": "应到 >= 0"},
        ]))
        out["checks"] = [{"name": "数据核对", "when": check}]
    if draw(st.integers(0, 2)) == 0:
        out["numbers"] = {"places": 2, "decide": "exact"}
    return out


# --------------------------------------------------------------------------- tables and facts


@st.composite
def long_table(draw: st.DrawFn, tid: str) -> dict[str, Any]:
    """A `layout: cases` table declaration with its table rules."""
    form = draw(st.booleans())
    table: dict[str, Any] = {"id": tid, "layout": "cases", "subject": "编码"}
    if form:
        table["form"] = "票号"
    if draw(st.booleans()):
        table["dated_by"] = "月份"
    void: list[dict[str, Any]] = []
    if draw(st.integers(0, 2)) == 0:
        void.append({"when": {"column": "组", "equals": "C"}, "reason": "C组作废"})
    if form and draw(st.integers(0, 2)) == 0:
        void.append({"form_when": {"same": "分数"}, "reason": "全部打相同分数"})
    if form and draw(st.integers(0, 2)) == 0:
        void.append({"form_when": {"count_rows": {"all": [{"not": {"blank": "分数"}}, {"column": "分数", "at_least": 90}]}, "above": 1},
                     "reason": "90分以上超过1个"})
    table["void"] = void
    table_rules(draw, table, form)
    score: dict[str, Any] = {"header": "分数", "type": "decimal", "min": 0, "max": 100, "required": False}
    grade: dict[str, Any] = {"header": "等次", "type": "grade", "scale": "三档", "required": False}
    if draw(st.booleans()):
        score["max_places"] = 1
    for column in (score, grade):
        if draw(st.booleans()):
            column["invalid"] = "void"
    table["columns"] = (
        ([{"header": "票号", "type": "id"}] if form else [])
        + [{"header": "编码", "type": "id"}, {"header": "月份", "type": "month"}, {"header": "组", "type": "enum", "choices": list(GROUPS)},
           score, grade, {"header": "人次", "type": "count"}, {"header": "严重", "type": "bool"}, {"header": "日期", "type": "date"}]
    )
    return table


def _cell(draw: st.DrawFn, column: dict[str, Any], dated: bool) -> str:
    header, void = column["header"], column.get("invalid") == "void"
    if header == "月份":
        months = [f"2023-{m:02d}" for m in range(1, 13)] + (["2022-12", "2024-01"] if dated else [])
        return draw(st.sampled_from(months))
    if header == "组":
        return draw(st.sampled_from(GROUPS))
    if header == "人次":
        return str(draw(st.integers(1, 3)))
    if header == "严重":
        return draw(st.sampled_from(["是", "否", "否"]))
    if header == "日期":
        return draw(st.sampled_from(["2023-03-15", "2023-11-30", "2022-12-31", "2024-01-02"]))
    if header == "分数":
        roll = draw(st.integers(0, 19))
        if roll == 0:
            return ""
        if roll == 10 and void:  # a bad cell, voiding its row (its form)
            return draw(st.sampled_from(["101", "八十", "85.25" if column.get("max_places") == 1 else "-3"]))
        tenths = draw(st.integers(0, 1000))
        text = str(tenths // 10) if column.get("max_places") == 1 or tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
        return text if draw(st.integers(0, 3)) else f"{tenths // 10}.{tenths % 10}"
    if header == "等次":
        roll = draw(st.integers(0, 19))
        if roll == 0:
            return ""
        if roll == 10 and void:
            return "很好"
        return draw(st.sampled_from(list(GRADES)))
    raise AssertionError(header)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A ruleset built from the constructs, and facts for it."""
    subjects = [f"U{i}" for i in range(1, draw(st.integers(2, 6)) + 1)]
    table_ids = ["t1", "t2"][: draw(st.integers(1, 2))]
    tables = [draw(long_table(t)) for t in table_ids]
    dated = draw(st.booleans()) or any("dated_by" in t for t in tables)  # the ruleset has a period
    units = {"id": "units", "subject": "编码", "columns": [
        {"header": "编码", "type": "id"}, {"header": "名称", "type": "text"},
        {"header": "类别", "type": "enum", "choices": ["甲", "乙"]}, {"header": "应到", "type": "count"},
        {"header": "立案", "type": "bool"}, {"header": "年度", "type": "enum", "choices": list(YEAR), "required": False},
    ]}
    document: dict[str, Any] = {"id": "generated", "name": "生成方案", "version": "1", "source": {"title": "生成方案"}}
    if any("dated_by" in t for t in tables) or dated:
        document["period"] = {"start": PERIOD[0], "end": PERIOD[1]}
    document["inputs"] = {"subjects": {"table": "units", "id_column": "编码", "name_column": "名称"}, "tables": [units, *tables]}
    document["scales"] = [{"id": "三档", "grades": dict(GRADES)}, {"id": "年度分", "grades": dict(YEAR)}]
    values: list[dict[str, Any]] = []
    for index in range(draw(st.integers(0, 2))):
        if draw(st.integers(0, 2)) == 0:
            values.append(draw(step_aggregate(f"值{index + 1}", table_ids, dated, never_blank=True)))
        else:
            values.append(draw(aggregate(f"值{index + 1}", table_ids, never_blank=True)))
    if values and draw(st.booleans()):
        values.append({"id": "值算", "name": "值算", "kind": "expression", "expr": f"{values[0]['id']} * 3 + 1", "min": NUMBER_MIN})
    if values:
        document["values"] = values
    value_ids = [v["id"] for v in values]
    document["components"] = draw(tree(table_ids, value_ids, dated))
    read = {a["table"] for a in aggregates(Plan(document, {}))}
    for table_id in table_ids:  # every long table read by an aggregate (a table nothing reads is not the subject here)
        if table_id not in read:
            document.setdefault("values", []).append(
                {"id": f"读{table_id}", "name": f"读{table_id}", "kind": "aggregate", "table": table_id, "function": "count", "empty": 0})
            value_ids.append(f"读{table_id}")
    ballots = draw(ballot_plan(len(subjects))) if draw(st.integers(0, 3)) == 0 else None
    if ballots is not None:
        document["inputs"]["tables"].append(ballots.table)
        document["scales"].append({"id": ballots.scale, "grades": dict(BALLOT_SCALES[ballots.scale])})
        place(draw, document, ballots.nodes)
        value_ids += [v["id"] for v in document.get("values", []) if v["kind"] == "ballots"]
    _void_details(draw, document)
    if "values" in document:
        _reorder(document)
    document.update(draw(outcomes(leaf_ids(document["components"]) + value_ids, table_ids)))
    if draw(st.integers(0, 3)) == 0:
        document["gates"] = gates(draw, value_ids)
    ranking: dict[str, Any] = {}
    if draw(st.booleans()):
        ranking["ties"] = "dense"
    if value_ids and draw(st.booleans()):
        ranking["tie_break"] = [draw(st.sampled_from(value_ids))]
    if ranking:
        document["ranking"] = ranking

    facts: dict[str, list[list[str]]] = {"units": [["编码", "名称", "类别", "应到", "立案", "年度"]]}
    for subject in subjects:
        facts["units"].append([subject, f"名{subject}", draw(st.sampled_from(["甲", "乙"])), str(draw(st.integers(0, 30))),
                               draw(st.sampled_from(["是", "否", "否", "否"])), draw(st.sampled_from(["", *YEAR]))])
    for table in tables:
        rows = [[c["header"] for c in table["columns"]]]
        forms = [f"P{i}" for i in range(1, draw(st.integers(1, 4)) + 1)]
        for _ in range(draw(st.integers(0, 14))):
            row = []
            for column in table["columns"]:
                if column["header"] == "票号":
                    row.append(draw(st.sampled_from(forms)))
                elif column["header"] == "编码":
                    row.append(draw(st.sampled_from(subjects)))
                else:
                    row.append(_cell(draw, column, "dated_by" in table))
            rows.append(row)
        strict = [i for i, c in enumerate(table["columns"]) if c["header"] in BAD and c.get("invalid") != "void"]
        if len(rows) > 1 and strict and rare(draw, 8):  # now and then a bad cell where it is an error (a located FactsError)
            at = draw(st.sampled_from(strict))
            rows[draw(st.integers(1, len(rows) - 1))][at] = draw(st.sampled_from(BAD[table["columns"][at]["header"]]))
        facts[table["id"]] = rows
    if ballots is not None:
        facts[BALLOT_TABLE] = draw(ballot_rows(ballots, subjects))
        table_ids = [*table_ids, BALLOT_TABLE]
    return Plan(document, facts, table_ids)


def _void_details(draw: st.DrawFn, document: dict[str, Any]) -> None:
    """Now and then `void_detail` on an aggregate whose table has rules that void rows (a `void`
    rule, `dated_by`, an `invalid: void` column; on another table it is RS053)."""
    voiding = {t["id"] for t in document["inputs"]["tables"]
               if "void" in t or "dated_by" in t or any(c.get("invalid") == "void" for c in t["columns"])}
    for node in aggregates(Plan(document, {})):
        if node["kind"] == "aggregate" and node["table"] in voiding and node["table"] != BALLOT_TABLE and draw(st.integers(0, 3)) == 0:
            node["void_detail"] = "{组} {分数}：{reason}"


# --------------------------------------------------------------------------- variants


def with_component_moved(plan: Plan, index: int) -> Plan | None:
    """The plan with the `index`-th (mod their number) tree aggregate whose value is never blank
    moved into `values:` (as 移<id>), an expression of the same id in its place (its weight kept).
    None when no aggregate of the tree qualifies."""
    moved = plan.copy()
    candidates: list[tuple[list[dict[str, Any]], int]] = []
    pending = [moved.document["components"]]
    while pending:
        siblings = pending.pop(0)
        for position, node in enumerate(siblings):
            if node["kind"] == "ballots" or (node["kind"] == "aggregate" and node["empty"] != "blank"):
                candidates.append((siblings, position))
            pending.append(node.get("components", []))
    if not candidates:
        return None
    siblings, position = candidates[index % len(candidates)]
    node = siblings[position]
    value = {k: v for k, v in node.items() if k != "weight"}
    value["id"] = value["name"] = f"移{node['id']}"
    replacement: dict[str, Any] = {"id": node["id"], "name": node["name"], "kind": "expression", "expr": value["id"], "min": NUMBER_MIN}
    for key in ("weight", "points"):
        if key in node:
            replacement[key] = node[key]
    siblings[position] = replacement
    moved.document.setdefault("values", []).append(value)
    _reorder(moved.document)
    return moved


def with_values_added(plan: Plan) -> Plan:
    """The plan with two more values that nothing uses: a count over the first long table, and an expression of it."""
    added = plan.copy()
    values = added.document.setdefault("values", [])
    values.append({"id": "加计数", "name": "加计数", "kind": "aggregate", "table": plan.long_tables[0], "function": "count", "empty": 0})
    values.append({"id": "加算", "name": "加算", "kind": "expression", "expr": "加计数 * 3 - 1", "min": NUMBER_MIN})
    _reorder(added.document)
    return added


def _reorder(document: dict[str, Any]) -> None:
    """`values` before `components` in the written document (where a reader looks for them)."""
    values = document.pop("values")
    rest = {k: document.pop(k) for k in list(document) if k not in ("id", "name", "version", "source", "period", "inputs", "scales")}
    document["values"] = values
    document.update(rest)


# the row-condition places of an `aggregate` node (a key, or a list key and its entries' keys) and of a table
_NODE_ROW_CONDITIONS = (("where", None), ("meeting", None), ("exempt", ("when", "where", "unless")),
                        ("multipliers", ("when", "where")), ("keep_highest", ("when",)), ("checks", ("when", "where")))


def with_row_conditions_named(plan: Plan) -> Plan | None:
    """The plan with its row conditions written once each in `row_conditions` and named by `is` where
    they were (an aggregate's `where`, `meeting` and row steps, a row table's rows, a table's void rules,
    a subject condition's `count_rows.where`); an `all` / `any`'s first part is named too, by the
    named condition of the whole. A `traced: selected` aggregate keeps its `where` (the checker reads
    it). None when the plan has no row condition."""
    named = plan.copy()
    entries: list[dict[str, Any]] = []
    names: dict[str, str] = {}

    def hoist(cond: dict[str, Any]) -> dict[str, Any]:
        key = yaml.safe_dump(cond, allow_unicode=True, sort_keys=True)
        if key not in names:
            body = cond
            for shape in ("all", "any"):
                if shape in cond:
                    body = {shape: [hoist(cond[shape][0]), *cond[shape][1:]]}
            names[key] = f"行条件{len(entries) + 1}"
            entries.append({"name": names[key], "when": body})
        return {"is": names[key]}

    def at(holder: dict[str, Any], key: str) -> None:
        if isinstance(holder.get(key), dict):
            holder[key] = hoist(holder[key])

    document = named.document
    for node in aggregates(named):
        if node["kind"] != "aggregate":
            continue
        for key, inner in _NODE_ROW_CONDITIONS:
            if key == "where" and node.get("traced") == "selected":
                continue
            held = node.get(key)
            if inner is None:
                at(node, key)
            for entry in (held if isinstance(held, list) else [held] if isinstance(held, dict) and inner else []):
                for part in inner or ():
                    at(entry, part)
        if isinstance(node.get("per_row"), dict):
            for row in node["per_row"]["rows"]:
                at(row, "when")
    for table in document["inputs"]["tables"]:
        for rule in table.get("void", []):
            at(rule, "when")
    pending: list[Any] = [document.get(k) for k in ("tiers", "vetoes", "conditions", "exclude", "checks")]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            if isinstance(item.get("count_rows"), str):
                at(item, "where")
            pending.extend(item.values())
    if not entries:
        return None
    document["row_conditions"] = entries
    return named
