"""The hand-written baseline for the Wenzhou 2023 scheme (rulesets/wenzhou-2023.yaml,
《2023年度温州市万人评机关中层处室和基层站所活动评议标准》).

Does the work of `pingyi score rulesets/wenzhou-2023.yaml FACTS --format json -o OUT` as a plain
Decimal program: reads the seven CSV files, checks the cells it uses, joins departments by 主管单位,
checks the 主管单位评价 shares, scores 日常评议 (satisfaction × volume coefficient, 履职成效,
supervision cases with period / ranges / exemptions / same-person highest / ×1.5, hotline caps,
department rank deduction, grade), selects for 网络评议 (top 8, bottom 8, flagged), scores the
picked units' 网络评议, awards (period, halvings, highest per work item, 2-point cap) and the
apportioned department deduction, ranks, gives the best-3 / worst-3 tiers, and writes the same
JSON contract byte for byte.

Usage: python hand_wenzhou.py RULESET FACTS_FOLDER OUT.json
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import hashlib
import io
import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, setcontext

TABLES = ["units", "satisfaction", "supervision", "hotline", "departments", "awards", "online"]
START, END = dt.date(2022, 11, 1), dt.date(2023, 10, 31)
SNAP, CENT, ZERO = Decimal(1).scaleb(-30), Decimal("0.01"), Decimal(0)
D = Decimal
RANGED = {"A1": (D(3), D(5)), "A2": (D(3), D(5)), "A3": (D(2), D(4)), "A4": (D(2), D(4)), "A5": (D("0.3"), D(2)),
          "B3": (D(1), D(3)), "B4": (D(2), D(4)), "C1": (D("0.3"), D(2)), "C4": (D(1), D(3))}
FIXED = {"C2": D("0.3"), "C3": D(3)}
B1 = {"警告": D(3), "严重警告": D("4.5"), "撤销党内职务": D(6), "留党察看": D("7.5"), "开除党籍": D(9),
      "诫勉谈话": (D("0.9"), D(3))}
B2 = {"警告": D(3), "记过": D("4.5"), "记大过": D("4.5"), "降级": D(6), "撤职": D("7.5"), "开除": D(9)}
HOTLINE = [("H1", D("0.2"), 0), ("H2", D("0.2"), 0), ("H3", D("0.3"), 0), ("H4", D("0.3"), 0),
           ("H5", D("0.3"), 1), ("H6", D("0.4"), 1), ("H7", D("0.4"), 1)]
CAPS = [D(4), D(4), D(2)]
FREE = {"市级机关": 20, "国有企事业": 15}
GRADE = {"优秀": D(5), "良好": D(4), "一般": D(3)}
AWARD = {"党中央国务院": D(2), "国家部委或省委省政府": D("1.5"), "部委司局或省委省政府办公厅": D("1.2"), "省级部门或市委市政府": D(1)}
HALF = D("0.5")


def fixed(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return format(value.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP), "f")


def rnd(value: Decimal) -> Decimal:
    return value.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP)


def count(text: str) -> Decimal:
    value = int(text)
    if value < 0:
        raise SystemExit(f"negative count {text}")
    return D(value)


def dec(text: str) -> Decimal | None:
    return D(text) if text.strip() else None


def yes(text: str) -> bool:
    if text not in ("是", "否"):
        raise SystemExit(f"not 是/否: {text}")
    return text == "是"


def day(text: str) -> dt.date:
    y, m, d = text.split("-")
    return dt.date(int(y), int(m), int(d))


def read(facts: str, name: str) -> tuple[list[list[str]], str]:
    with open(f"{facts}/{name}.csv", "rb") as stream:
        raw = stream.read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    return [[c.strip() for c in r] for r in rows[1:] if r], hashlib.sha256(raw).hexdigest()


def supervision_points(rows: list[list[str]]) -> Decimal:
    live = []  # [amount, row, status]
    for r in rows:
        _, code, when, _person, sanction, amount, _chief, unrelated, fixed_up, late, _same = r
        if not START <= day(when) <= END:
            continue  # outside the period
        given = dec(amount)
        if code in RANGED:
            low, high = RANGED[code]
            if given is None or not low <= given <= high:
                raise SystemExit(f"{code} amount {amount} outside range")
            value = given
        elif code in FIXED:
            if given is not None and given != FIXED[code]:
                raise SystemExit("fixed amount differs")
            value = FIXED[code]
        else:
            entry = (B1 if code == "B1" else B2).get(sanction)
            if entry is None:
                raise SystemExit(f"{code}: unknown 处分 {sanction}")
            if isinstance(entry, tuple):
                if given is None or not entry[0] <= given <= entry[1]:
                    raise SystemExit("诫勉谈话 amount outside range")
                value = given
            else:
                if given is not None and given != entry:
                    raise SystemExit("fixed amount differs")
                value = entry
            if yes(unrelated):
                continue  # exempt: unrelated to the post
            if yes(fixed_up) and not yes(late):
                continue  # exempt: found and fixed by the department, reported in time
        live.append([value, r, True])
    best: dict[tuple[str, str], list] = {}
    for case in live:
        r = case[1]
        if r[1] not in ("B1", "B2") or not r[3] or not r[10]:
            continue
        key = (r[3], r[10])
        held = best.get(key)
        if held is None or case[0] > held[0]:
            if held is not None:
                held[2] = False
            best[key] = case
        else:
            case[2] = False
    total = ZERO
    for value, r, counted in live:
        if counted:
            if r[1] in ("B1", "B2") and yes(r[6]):
                value *= D("1.5")
            total += value
    return max(D(25) - total, ZERO)


def award_points(rows: list[list[str]]) -> Decimal:
    live = []
    for r in rows:
        _, work, level, numbered, target, general, when = r
        if not START <= day(when) <= END:
            continue
        value = AWARD[level]
        if yes(general):
            continue
        if not yes(numbered):
            value *= HALF
        if target == "个人":
            value *= HALF
        if target == "主管部门":
            value *= HALF
        live.append([value, work, True])
    best: dict[str, list] = {}
    for case in live:
        if not case[1]:
            continue
        held = best.get(case[1])
        if held is None or case[0] > held[0]:
            if held is not None:
                held[2] = False
            best[case[1]] = case
        else:
            case[2] = False
    total = ZERO
    for value, _, counted in live:
        if counted:
            total += min(value, D(2) - total)
    return total


def comp(cid: str, name: str, points: Decimal | None, top: str, children: list | None = None) -> dict:
    data = {"id": cid, "name": name, "points": fixed(points), "max": top}
    if children:
        data["components"] = children
    return data


def main(ruleset: str, facts: str, out: str) -> None:
    setcontext(Context(prec=60))  # exact quotients, as pingyi
    with open(ruleset, "rb") as stream:
        ruleset_sha = hashlib.sha256(stream.read()).hexdigest()
    data, shas = {}, {}
    for name in TABLES:
        data[name], shas[name] = read(facts, name)
    units = data["units"]
    index = {r[0]: i for i, r in enumerate(units)}
    if len(index) != len(units):
        raise SystemExit("duplicate unit")

    def per_subject(name: str) -> dict[str, list[str]]:
        rows = {}
        for r in data[name]:
            if r[0] not in index or r[0] in rows:
                raise SystemExit(f"{name}: bad subject {r[0]}")
            rows[r[0]] = r
        return rows

    def cases(name: str) -> dict[str, list[list[str]]]:
        rows: dict[str, list[list[str]]] = {}
        for r in data[name]:
            if r[0] not in index:
                raise SystemExit(f"{name}: unknown subject {r[0]}")
            rows.setdefault(r[0], []).append(r)
        return rows

    satisfaction, hotline, online = per_subject("satisfaction"), per_subject("hotline"), per_subject("online")
    if len(satisfaction) != len(units) or len(hotline) != len(units):
        raise SystemExit("missing rows")
    supervision, awards = cases("supervision"), cases("awards")
    departments = {r[0]: (r[1], count(r[2]), D(r[3])) for r in data["departments"]}

    # 主管单位评价 shares within each department: at most ⌈20%⌉ 优秀, at least ⌊20%⌋ 一般
    tally: dict[str, dict[str, int]] = {}
    for r in units:
        tally.setdefault(r[3], {}).setdefault(r[7], 0)
        tally[r[3]][r[7]] += 1
    for dept, grades in tally.items():
        n = sum(grades.values())
        if grades.get("优秀", 0) > -(-n // 5) or grades.get("一般", 0) < n // 5:
            raise SystemExit(f"{dept}: grade shares broken")

    results = []
    for r in units:
        uid, name, category, dept, _, volume, duty, grade, flagged = r
        sat = satisfaction[uid]
        good, fair, bad = count(sat[1]), count(sat[2]), count(sat[3])
        votes = good + fair + bad
        if votes == 0:
            raise SystemExit(f"{uid}: no answers")
        v = count(volume)
        factor = D("1.00") if v >= 300 else D("0.98") if v >= 100 else D("0.95")
        s1 = (good + fair * D("0.6")) * 30 / votes * factor
        s2 = D(duty)
        if not 0 <= s2 <= 10:
            raise SystemExit("履职成效 out of range")
        s3 = supervision_points(supervision.get(uid, []))
        h = hotline[uid]
        groups = [ZERO, ZERO, ZERO]
        for (col, amount, group), cell in zip(HOTLINE, h[1:8]):
            groups[group] += count(cell) * amount
        h8n, h8 = count(h[8]), D(h[9])
        if not D("0.3") * h8n <= h8 <= D("0.5") * h8n:
            raise SystemExit("H8 outside range")
        groups[2] += h8
        s41 = max(D(10) - sum(min(g, c) for g, c in zip(groups, CAPS)), ZERO)
        dtype, rank, fee = departments[dept]
        s42 = max(D(5) - max(rank - FREE[dtype], ZERO) * D("0.03"), ZERO)
        s4 = s41 + s42
        s5 = GRADE[grade]
        daily = s1 + s2 + s3 + s4 + s5
        results.append({
            "row": r, "daily": daily, "flag": yes(flagged), "fee": fee, "parts": [
                comp("日常评议", "日常评议", daily, "85", [
                    comp("服务对象满意度", "服务对象满意度评价", s1, "30"),
                    comp("履职成效", "履职成效评价", s2, "10"),
                    comp("监督检查", "监督检查评价", s3, "25"),
                    comp("热线", "12345政务服务热线评价", s4, "15", [
                        comp("热线日常办理", "参评处室(站所)评价", s41, "10"),
                        comp("热线年度评价", "部门(单位)年度评价", s42, "5"),
                    ]),
                    comp("主管单位评价", "主管单位评价", s5, "5"),
                ])]})
    # 网络评议 selection: top 8, bottom 8 (ties at the cut-off kept), every flagged unit
    stage_totals = sorted(rnd(u["daily"]) for u in results)
    for u in results:
        t = rnd(u["daily"])
        better = len(stage_totals) - bisect.bisect_right(stage_totals, t)
        worse = bisect.bisect_left(stage_totals, t)
        u["stage"] = (t, better + 1, better < 8 or worse < 8 or u["flag"])
    for u in results:
        uid = u["row"][0]
        if not u["stage"][2]:
            u["total"] = None
            u["parts"] += [comp("网络评议", "网络评议", None, "15"), comp("加分", "加分项", None, "2"),
                           comp("报送材料扣分", "未按要求报送有关材料", None, "0")]
            u["notes"] = [f"未入选网络评议（日常评议 {format(u['stage'][0], 'f')}），不计总分、名次和等次"]
            if uid in online:
                u["notes"].append("表 online 中有此对象的行，因未入选而未计")
            continue
        row = online.get(uid)
        if row is None:
            raise SystemExit(f"{uid}: picked but no online row")
        good, fair, bad = count(row[1]), count(row[2]), count(row[3])
        if good + fair + bad == 0:
            raise SystemExit(f"{uid}: no online votes")
        s6 = (good + fair * D("0.6")) * 15 / (good + fair + bad)
        s7 = award_points(awards.get(uid, []))
        s8 = -(u["fee"] * HALF)
        u["parts"] += [comp("网络评议", "网络评议", s6, "15"), comp("加分", "加分项", s7, "2"),
                       comp("报送材料扣分", "未按要求报送有关材料", s8, "0")]
        u["total"] = rnd(u["daily"] + s6 + s7 + s8)
        u["notes"] = []
    ranked = [u for u in results if u["total"] is not None]
    totals = sorted(u["total"] for u in ranked)
    for u in results:
        u["rank"] = None if u["total"] is None else len(totals) - bisect.bisect_right(totals, u["total"]) + 1
        u["tiers"] = []
    for name, reverse in (("满意单位", False), ("不满意单位", True)):
        last = None
        for chosen, u in enumerate(sorted(ranked, key=lambda u: u["rank"], reverse=reverse)):
            if chosen >= 3 and u["total"] != last:
                break  # ties at the cut-off are all included
            u["tiers"].append(name)
            last = u["total"]

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    head = {"id": "wenzhou-2023", "name": "2023年度温州市万人评机关中层处室和基层站所活动评议", "version": "2023.1",
            "sha256": ruleset_sha}
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(f'{{\n  "ruleset": {dumps(head)},\n  "inputs": [\n')
        stream.write(",\n".join(f'    {dumps({"name": f"{t}.csv", "sha256": shas[t]})}' for t in TABLES))
        stream.write('\n  ],\n  "units": [\n')
        first = True
        for u in results:
            uid, name, category = u["row"][:3]
            t, rank, selected = u["stage"]
            unit = {"id": uid, "name": name, "category": category, "group": None, "total": fixed(u["total"]),
                    "rank": u["rank"], "tiers": u["tiers"], "values": {}, "notes": u["notes"], "components": u["parts"],
                    "stages": [{"id": "日常评议阶段", "name": "日常评议", "total": format(t, "f"), "rank": rank,
                                "selected": selected}]}
            stream.write(("" if first else ",\n") + "    " + dumps(unit))
            first = False
        stream.write('\n  ],\n  "void": []\n}\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
