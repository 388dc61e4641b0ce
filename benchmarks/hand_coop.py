"""The hand-written baseline for `county-coop-lianping-2022` with a long ballot table.

It does the same work as `pingyi score rulesets/county-coop-lianping-2022.yaml FACTS --format json -o OUT`:
read service.csv, checks.csv and ballots.csv (UTF-8 with BOM), check the cells it uses (counts whole
and ≥ 0, case types and voter types and grades from their lists, 是/否), score in Decimal (prec 60,
as pingyi): 服务对象评价 50 less 1 per 不满意 and 0.5 per 基本满意 (floor 0), 监督检查 20 less the case
amounts (doubled when 情节严重, floor 0), the three ballot components as the mean grade value of the
valid ballots of their voter types (a ballot is void unless it has exactly 优秀 2 / 良好 1 / 一般 1 and
rates every 科室 once); round the total half-up to 2 places, rank, and write the same JSON contract,
void ballots included (in the order of their first rows in the file) — byte for byte.

Usage: python hand_coop.py RULESET FACTS_FOLDER OUT.json
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from pathlib import Path

GRADES = {"优秀": Decimal(10), "良好": Decimal(8), "一般": Decimal(6)}
QUOTAS = {"优秀": 2, "良好": 1, "一般": 1}
CASES = {"社级查实": 1, "县级查实": 2, "投诉查实": 1}
FLAGS = {"是": True, "否": False}
# ballot components in the ruleset's order: id, name, voter types
BALLOTS = (("主要领导评价", "主要领导"), ("其他班子领导评价", "其他班子领导"), ("单位部门互评", "科室互评"))
VOTERS = {voter: index for index, (_, voter) in enumerate(BALLOTS)}
SNAP = Decimal(1).scaleb(-30)
CENT = Decimal("0.01")


def fixed(value: Decimal) -> str:
    return format(value.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP), "f")


def count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise SystemExit(f"negative count {text}")
    return value


def read(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def main(ruleset: str, facts: str, out: str) -> None:
    with open(ruleset, "rb") as stream:
        ruleset_sha = hashlib.sha256(stream.read()).hexdigest()
    folder = Path(facts)
    service_raw, service = read(folder / "service.csv")
    checks_raw, checks = read(folder / "checks.csv")
    ballots_path = folder / "ballots.csv"
    with open(ballots_path, "rb") as stream:
        ballots_sha = hashlib.sha256(stream.read()).hexdigest()
    subjects = [row[0].strip() for row in service[1:]]
    known = set(subjects)
    with localcontext(Context(prec=60)):
        served = {}
        for row in service[1:]:
            lost = count(row[3]) + Decimal("0.5") * count(row[2])
            count(row[1])
            served[row[0].strip()] = max(Decimal(50) - lost, Decimal(0))
        checked = {s: 0 for s in subjects}
        for row in checks[1:]:
            subject, code, flag = row[0].strip(), row[1].strip(), row[2].strip()
            if subject not in known or code not in CASES or flag not in FLAGS:
                raise SystemExit(f"bad case row {row}")
            checked[subject] += CASES[code] * (2 if FLAGS[flag] else 1)
        # ballots: rows of one ballot gathered (key → voter, [(subject, grade, row number)])
        ballots: dict[str, tuple[str, list[tuple[str, str, int]]]] = {}
        with open(ballots_path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            next(reader)
            for number, row in enumerate(reader, start=2):
                key, voter, subject, grade = row[0].strip(), row[1].strip(), row[2].strip(), row[3].strip()
                if voter not in VOTERS or subject not in known or grade not in GRADES:
                    raise SystemExit(f"bad ballot row {number}: {row}")
                entry = ballots.get(key)
                if entry is None:
                    ballots[key] = (voter, [(subject, grade, number)])
                elif entry[0] != voter:
                    raise SystemExit(f"ballot {key} marked twice")
                else:
                    entry[1].append((subject, grade, number))
        # per component and subject: sum of valid grade values, valid ballots
        sums = [{s: Decimal(0) for s in subjects} for _ in BALLOTS]
        valid = [{s: 0 for s in subjects} for _ in BALLOTS]
        void: list[dict[str, str]] = []  # in the order of the ballots' first rows
        where = str(ballots_path)
        for key, (voter, members) in ballots.items():
            c = VOTERS[voter]
            counts = {g: 0 for g in GRADES}
            rated: dict[str, list[int]] = {}
            for subject, grade, number in members:
                counts[grade] += 1
                rated.setdefault(subject, []).append(number)
            problems = [f"{g} {counts[g]} 个（应为 {want} 个）" for g, want in QUOTAS.items() if counts[g] != want]
            twice = [f"{s}（第 {'、'.join(map(str, rows))} 行）" for s, rows in rated.items() if len(rows) > 1]
            missing = [s for s in subjects if s not in rated]
            if twice:
                problems.append(f"重复评 {'、'.join(twice)}")
            if missing:
                problems.append(f"未评 {'、'.join(missing)}")
            if problems:
                void.append({"table": "ballots", "key": key, "reason": f"{voter}: {'；'.join(problems)}",
                                "location": f"{where}, row {members[0][2]}"})
                continue
            for subject, grade, _ in members:
                sums[c][subject] += GRADES[grade]
                valid[c][subject] += 1
        units = []
        for s in subjects:
            scores = []
            for c in range(len(BALLOTS)):
                if not valid[c][s]:
                    raise SystemExit(f"{s}: no valid ballot for {BALLOTS[c][0]}")
                mean = sums[c][s] / Decimal(valid[c][s])
                scores.append(mean * Decimal(10) / Decimal(10))
            leaders = scores[0] + scores[1]
            checks_points = max(Decimal(20) - checked[s], Decimal(0))
            exact = served[s] + checks_points + leaders + scores[2]
            units.append({
                "id": s, "name": s, "category": None, "group": None,
                "total": exact.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP),
                "rank": None, "tiers": [], "values": {}, "notes": [],
                "components": [
                    {"id": "服务对象评价", "name": "服务对象评价", "points": fixed(served[s]), "max": "50"},
                    {"id": "监督检查", "name": "监督检查", "points": fixed(checks_points), "max": "20"},
                    {"id": "领导评价", "name": "领导评价", "points": fixed(leaders), "max": "20", "components": [
                        {"id": "主要领导评价", "name": "主要领导评价", "points": fixed(scores[0]), "max": "10"},
                        {"id": "其他班子领导评价", "name": "其他班子领导评价", "points": fixed(scores[1]), "max": "10"},
                    ]},
                    {"id": "单位部门互评", "name": "单位部门互评", "points": fixed(scores[2]), "max": "10"},
                ],
            })
    totals = sorted((u["total"] for u in units), reverse=True)
    for u in units:
        u["rank"] = totals.index(u["total"]) + 1
        u["total"] = format(u["total"], "f")

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def block(items: list[str]) -> str:
        return "[\n" + ",\n".join(f"    {i}" for i in items) + "\n  ]" if items else "[]"

    head = {"id": "county-coop-lianping-2022", "name": "县社联评", "version": "2022.1", "sha256": ruleset_sha}
    inputs = [
        {"name": "service.csv", "sha256": hashlib.sha256(service_raw).hexdigest()},
        {"name": "checks.csv", "sha256": hashlib.sha256(checks_raw).hexdigest()},
        {"name": "ballots.csv", "sha256": ballots_sha},
    ]
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(f'{{\n  "ruleset": {dumps(head)},\n')
        stream.write(f'  "inputs": {block([dumps(i) for i in inputs])},\n')
        stream.write(f'  "units": {block([dumps(u) for u in units])},\n')
        stream.write(f'  "void": {block([dumps(v) for v in void])}\n}}\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
