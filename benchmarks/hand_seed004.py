"""The hand-written baseline for 《投诉中心测评活动方案》 (区直单位内设机构测评): what an office
programmer would write without pingyi.

It does the same work as `pingyi score rulesets/district-neishe-ceping-2012.yaml FACTS --format json -o OUT`:
read units.csv (UTF-8 with BOM), check each cell (counts are whole numbers ≥ 0, the category is one of
the two declared), score in Decimal (prec 60, as pingyi), round the total half-up to 2 places, rank
inside each category (competition ties), assign the three tiers, and write the same JSON contract —
ruleset and input digests, every unit with its nested components — byte for byte.

Usage: python hand_seed004.py RULESET FACTS_FOLDER OUT.json
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import io
import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext

METHODS = [  # (id, name, weight)
    ("即时测评", "监测点即时测评满意率", Decimal("0.2")),
    ("综合测评", "监测点综合测评满意率", Decimal("0.2")),
    ("明察暗访", "明察暗访测评满意率", Decimal("0.1")),
    ("集中测评", "集中测评满意率", Decimal("0.5")),
]
POINTS = {"优": 90, "良": 75, "一般": 60, "较差": 45, "差": 30}
FIXES = [("未按时整改", 3), ("二次督办仍未整改", 5), ("拒不整改", 10)]
CATEGORIES = ("行政执法类", "综合管理类")
SNAP = Decimal(1).scaleb(-30)
CENT = Decimal("0.01")


def fixed(value: Decimal) -> str:
    return format(value.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP), "f")


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise SystemExit(f"negative count {text}")
    return value


def main(ruleset: str, facts: str, out: str) -> None:
    with open(ruleset, "rb") as stream:
        ruleset_sha = hashlib.sha256(stream.read()).hexdigest()
    with open(f"{facts}/units.csv", "rb") as stream:
        raw = stream.read()
    units = []
    with localcontext(Context(prec=60)):
        reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
        header = next(reader)
        col = {h.strip(): i for i, h in enumerate(header)}
        grade_cols = [[(col[f"{m}_{g}"], pts) for g, pts in POINTS.items()] for m, _, _ in METHODS]
        fix_cols = [(col[h], amount) for h, amount in FIXES]
        for row in reader:
            category = row[2].strip()
            if category not in CATEGORIES:
                raise SystemExit(f"bad category {category}")
            sat = Decimal(0)
            parts = []
            for (method, name, weight), cols in zip(METHODS, grade_cols):
                votes = total = 0
                for index, pts in cols:
                    n = count(row[index])
                    votes += n
                    total += n * pts
                share = Decimal(total) / Decimal(votes * 90)
                parts.append({"id": method, "name": name, "points": fixed(share), "max": "1"})
                sat += weight * share
            sat80 = sat * 80
            fix = max(20 - sum(amount * count(row[index]) for index, amount in fix_cols), 0)
            exact = sat80 + fix
            total_r = exact.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP)
            units.append({
                "id": row[0].strip(), "name": row[1].strip(), "category": category, "group": category,
                "total": total_r, "rank": None, "tiers": [], "values": {}, "notes": [],
                "components": [
                    {"id": "综合满意度", "name": "综合满意度", "points": fixed(sat80), "max": "80", "components": parts},
                    {"id": "整改情况", "name": "整改情况", "points": fixed(Decimal(fix)), "max": "20"},
                ],
            })
    groups: dict[str, list[dict]] = {}
    for u in units:
        groups.setdefault(u["category"], []).append(u)
    for members in groups.values():
        neg = sorted(-u["total"] for u in members)
        for u in members:
            better = bisect.bisect_left(neg, -u["total"])
            worse = len(neg) - bisect.bisect_right(neg, -u["total"])
            u["rank"] = better + 1
            tiers = u["tiers"]
            if better < 6:
                tiers.append("满意科室")
            if worse < 3 and u["total"] >= 70:
                tiers.append("书面说明情况")
            if u["total"] < 70:
                tiers.append("限期整改并问责")
    for u in units:
        u["total"] = format(u["total"], "f")

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    head = {"id": "district-neishe-ceping-2012", "name": "区直单位内设机构测评", "version": "2012.1", "sha256": ruleset_sha}
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(f'{{\n  "ruleset": {dumps(head)},\n')
        stream.write(f'  "inputs": [\n    {dumps({"name": "units.csv", "sha256": hashlib.sha256(raw).hexdigest()})}\n  ],\n')
        stream.write('  "units": [\n' + ",\n".join(f"    {dumps(u)}" for u in units) + '\n  ],\n  "void": []\n}\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
