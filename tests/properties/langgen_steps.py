"""The constructs of tests/properties/langgen.py beyond plain aggregates: an aggregate's row steps
(`in_period`, a row table as `per_row`, `exempt`, `multipliers`, `keep_highest`, `caps`,
`above_points`, `base` / `floor`, `checks`), the `cases` sugar kind, `lookup` components, table
rules (`unique`, `require`, error rules, `must_meet` with `each_subject` and `count_rows`) and
`gates`. Each is drawn valid by construction: only the combinations the language accepts.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

GROUPS = ("A", "B", "C")


def rare(draw: st.DrawFn, n: int) -> bool:
    """True about once in n draws: hypothesis favours the ends of a range, so the middle is the rare pick."""
    return bool(draw(st.integers(0, n - 1)) == n // 2)


# --------------------------------------------------------------------------- row steps


def _row_table(draw: st.DrawFn, grouped: bool) -> dict[str, Any]:
    """A row table over the group column: `hit: unique` with one row per group (or fewer, with a
    number `empty`), or `hit: first` ending (now and then) in a row without `when`."""
    hit = draw(st.sampled_from(["first", "unique"]))
    chosen = sorted(draw(st.sets(st.sampled_from(GROUPS), min_size=1, max_size=3)))
    values: list[Any] = [1, 2, 0.5, "人次", "应到 / 10"]
    rows: list[dict[str, Any]] = []
    for group in chosen:
        row: dict[str, Any] = {"when": {"column": "组", "equals": group}, "value": draw(st.sampled_from(values)), "label": f"{group}组"}
        if draw(st.booleans()):
            row["value_label"] = f"{group}组事项"
        rows.append(row)
    if grouped:
        rows[0]["group"] = "限组"
    table: dict[str, Any] = {"hit": hit, "rows": rows}
    if hit == "first" and len(chosen) < 3 and draw(st.booleans()):
        rows.append({"value": 0.25, "label": "其他"})  # always holds: then `empty` is never taken
    elif len(chosen) < 3 or draw(st.booleans()):
        table["empty"] = "error" if rare(draw, 12) else draw(st.sampled_from([0, 1]))
    if hit == "first" and draw(st.booleans()):  # an earlier row that takes the serious rows first
        rows.insert(0, {"when": {"all": [{"flag": "严重"}, {"column": "组", "in": chosen}]}, "value": 3, "label": "严重"})
    return table


@st.composite
def step_aggregate(draw: st.DrawFn, cid: str, tables: list[str], dated: bool, never_blank: bool = False) -> dict[str, Any]:
    """An aggregate with row steps over a long table. `dated`: the ruleset has a `period`.
    `never_blank`: its value is never blank."""
    function = draw(st.sampled_from(["sum", "sum", "sum", "mean", "max", "count", "ratio"]))
    node: dict[str, Any] = {"id": cid, "name": cid, "kind": "aggregate", "table": draw(st.sampled_from(tables)), "function": function}
    if draw(st.integers(0, 3)) == 0:
        node["where"] = draw(st.sampled_from([{"column": "组", "in": ["A", "B"]}, {"not": {"flag": "严重"}}]))
    if dated and draw(st.booleans()):
        node["in_period"] = "日期"
    running = function == "sum"  # caps and above_points: cap need a plain running sum
    grouped = running and draw(st.booleans())
    if function == "ratio":  # no value steps on a ratio (RS115): only the period, `where`, `base` / `floor`
        node["per_row"] = draw(st.sampled_from(["人次", "人次 * 2", "应到 + 人次"]))
        node["over"] = "人次 - 1" if rare(draw, 10) else draw(st.sampled_from(["人次", "应到 + 1"]))
        if draw(st.booleans()):
            node["base"] = 5
            if draw(st.booleans()):
                node["floor"] = 0
    elif function != "count":
        if draw(st.booleans()):
            node["per_row"] = _row_table(draw, grouped)
        else:
            grouped = False
            node["per_row"] = draw(st.sampled_from(["人次", "人次 * 2", "应到 + 人次"]))
        if draw(st.booleans()):
            exempt: dict[str, Any] = {"when": {"flag": "严重"}, "reason": "严重免计"}
            if draw(st.booleans()):
                exempt["unless"] = {"column": "组", "equals": "A"}
                if draw(st.booleans()):
                    exempt["lost"] = "A组不免"
            if draw(st.booleans()):
                exempt["where"] = {"column": "组", "in": ["A", "C"]}
            node["exempt"] = [exempt]
        multipliers: list[dict[str, Any]] = []
        if draw(st.booleans()):
            multipliers.append({"multiply": "人次"})
        if draw(st.booleans()):
            multipliers.append({"when": {"column": "组", "equals": "B"}, "multiply": 2, "reason": "B组加倍"})
        highest = draw(st.integers(0, 2)) != 0
        if highest:
            node["keep_highest"] = {"matter": draw(st.sampled_from(["组", "严重", ["组", "严重"]])), "reason": "同组就高"}
            if draw(st.booleans()):
                multipliers.append({"multiply": 0.5, "reason": "折半", "after_highest": True, "where": {"column": "组", "equals": "C"}})
        if multipliers:
            node["multipliers"] = multipliers
        if draw(st.integers(0, 2)) == 0:
            limit = 3 if not rare(draw, 16) else 2  # 人次 is 1–3: now and then a row fails the check (EV027)
            node["checks"] = [{"name": "人次核对", "when": {"column": "人次", "at_most": limit}}]
        if grouped:
            node["caps"] = {"限组": draw(st.sampled_from([1, 2.5, 4]))}
    empties: list[Any] = [0, 1] if never_blank else [0, "blank"]
    node["empty"] = draw(st.sampled_from(empties))
    if running:
        ending = draw(st.sampled_from(["none", "cap", "base", "floor"]))
        if ending == "cap":
            node["points"] = draw(st.sampled_from([3, 10]))
            node["above_points"] = "cap"
        elif ending in ("base", "floor"):
            node["base"] = 20
            if ending == "floor":
                node["floor"] = 0
    return node


@st.composite
def cases_component(draw: st.DrawFn, cid: str, tables: list[str], dated: bool) -> dict[str, Any]:
    """A `cases` component over a long table, its items chosen by the group column."""
    effect = draw(st.sampled_from(["deduct", "add"]))
    items: list[dict[str, Any]] = [
        {"code": "A", "name": "甲项", "amount": draw(st.sampled_from([1, 0.5]))},
        {"code": "B", "name": "乙项", "amount": 2, "group": "乙组"},
        {"code": "C", "name": "丙项", "amount": 1.5},
    ]
    node: dict[str, Any] = {"id": cid, "name": cid, "kind": "cases", "points": 10, "table": draw(st.sampled_from(tables)),
                            "code_column": "组", "items": items}
    if dated and draw(st.booleans()):
        node["date"] = "日期"
    if draw(st.booleans()):
        node["count"] = "人次"
    if draw(st.booleans()):
        exemption: dict[str, Any] = {"when": {"flag": "严重"}, "reason": "严重免计"}
        if draw(st.booleans()):
            exemption["codes"] = ["A"]
        node["exemptions"] = [exemption]
    highest = draw(st.integers(0, 2)) != 0
    if highest:
        node["highest_only"] = {"matter": draw(st.sampled_from([["严重"], ["严重", "月份"]]))}
    if draw(st.booleans()):
        modifier: dict[str, Any] = {"when": {"column": "组", "equals": "C"}, "multiply": 2, "reason": "丙项加倍"}
        if highest and draw(st.booleans()):
            modifier["after_highest"] = True
        node["modifiers"] = [modifier]
    if draw(st.booleans()):
        node["caps"] = {"乙组": draw(st.sampled_from([1, 3]))}
    else:
        del items[1]["group"]
    node["effect"] = effect
    return node


@st.composite
def lookup_component(draw: st.DrawFn, cid: str, value_ids: list[str]) -> dict[str, Any]:
    """A `lookup` over subject fields (and a named value when there is one): first-hit bands, or
    unique rows per 类别."""
    if draw(st.booleans()):
        rows: list[dict[str, Any]] = [{"when": {"of": "类别", "equals": "甲"}, "value": 5}, {"when": {"of": "类别", "equals": "乙"}, "value": 3}]
        return {"id": cid, "name": cid, "kind": "lookup", "points": 10, "hit": "unique", "rows": rows}
    rows = [{"when": {"of": "应到", "at_least": 20}, "value": 8}, {"when": {"flag": "立案"}, "value": "应到 / 10"}]
    if value_ids and draw(st.booleans()):
        used = draw(st.sampled_from(value_ids))
        rows.insert(0, {"when": {"all": [{"not": {"blank": used}}, {"of": used, "at_least": 3}]}, "value": 1})
    node: dict[str, Any] = {"id": cid, "name": cid, "kind": "lookup", "hit": "first", "rows": rows}
    if draw(st.booleans()):
        rows.append({"value": 2})
    else:
        node["empty"] = draw(st.sampled_from([0, "blank"]))
    return node


# --------------------------------------------------------------------------- table rules and gates


def table_rules(draw: st.DrawFn, table: dict[str, Any], form: bool) -> None:
    """`unique`, `require`, error rules and `must_meet` rules added to a long table's declaration."""
    void: list[dict[str, Any]] = table.setdefault("void", [])
    if rare(draw, 12):  # now and then an error rule (FA100); first, to hold every row to it
        if form and draw(st.booleans()):
            void.insert(0, {"form_when": {"count_rows": {"flag": "严重"}, "above": 2}, "error": True, "reason": "一张票严重超过2个（{count}）"})
        else:
            void.insert(0, {"when": {"all": [{"flag": "严重"}, {"column": "人次", "equals": 3}, {"column": "组", "equals": "C"}]},
                            "error": True, "at": "人次", "reason": "C组严重不得3人次"})
    if form and draw(st.integers(0, 2)) == 0:
        requirements: list[dict[str, Any]] = [{"each_subject": draw(st.sampled_from(["at_most_once", "at_least_once", "once"])),
                                              "says": "重复评 {repeated}"}]
        if requirements[0]["each_subject"] != "at_most_once":
            requirements[0]["says"] = "未评 {missing}"
        if draw(st.booleans()):
            requirements.append({"count_rows": {"column": "组", "equals": "A"}, "at_most": 2, "says": "A组{count}个"})
        rule: dict[str, Any] = {"must_meet": requirements, "reason": "不合要求：{failed}"}
        if draw(st.booleans()):
            rule["form_when"] = {"count_rows": {"not": {"flag": "严重"}}, "at_least": 1}
        void.append(rule)
    if not void:
        del table["void"]
    if rare(draw, 12):  # repeats are FA041
        table["unique"] = ["票号", "编码"] if form else ["编码", "日期", "组"]
    if draw(st.integers(0, 2)) == 0:
        table["require"] = [draw(st.sampled_from(["人次 >= 1", "人次 <= 3"] + ["人次 <= 2"] * rare(draw, 8)))]


def gates(draw: st.DrawFn, names: list[str]) -> list[dict[str, Any]]:
    """One or two gates on the population or on each 类别; `names`: values that are never blank."""
    out: list[dict[str, Any]] = []
    for index in range(draw(st.integers(1, 2))):
        measure = draw(st.sampled_from(["count", "all", "sum", "lowest"]))
        if measure == "count":
            when: dict[str, Any] = {"count_subjects": {"of": "应到", "at_least": 10}, "at_least": draw(st.integers(0, 3))}
        elif measure == "all":
            when = {"count_subjects": "all", "at_least": draw(st.integers(1, 4))}
        else:
            when = {measure: draw(st.sampled_from(["应到", *names])), "at_least": draw(st.integers(0, 20))}
        gate: dict[str, Any] = {"name": f"门槛{index + 1}", "when": when, "outcome": "不予排名"}
        if draw(st.booleans()):
            gate["within"] = "类别"
        out.append(gate)
    return out
