"""The hand-written baseline for `benchmarks/forms-survey.yaml` on a long answer table in forms.

It does the same work as `pingyi score RULESET FACTS --format json -o OUT`: read units.csv and
answers.csv (UTF-8 with BOM) as a stream, check every answer's unit and grade, take each form's
rows (together in the file; a form met again is an error here), void a form whose answers are all
equal (全部相同) or that has three 不满意 or more (不满意{count}条), fold the other answers into
their units' sums and counts, score in Decimal (prec 60, as pingyi) the mean grade value, round
half-up to 2 places after the 30-place snap, rank (competition), and write the same JSON contract
with the void forms — byte for byte. Memory holds the units and one form, not the rows.

Usage: python hand_forms.py RULESET FACTS_FOLDER OUT.json
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from pathlib import Path

GRADES = {"满意": 100, "较满意": 80, "一般": 60, "较不满意": 40, "不满意": 20}
SNAP = Decimal(1).scaleb(-30)
CENT = Decimal("0.01")


def published(value: Decimal) -> Decimal:
    return value.quantize(SNAP, ROUND_HALF_EVEN).quantize(CENT, ROUND_HALF_UP)


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def main(ruleset: str, facts: str, out: str) -> None:
    folder = Path(facts)
    with open(folder / "units.csv", encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))[1:]
    names = {row[0].strip(): row[1].strip() for row in rows}
    sums = dict.fromkeys(names, 0)
    counts = dict.fromkeys(names, 0)
    void: list[tuple[str, str, int]] = []
    seen: set[str] = set()
    answers = folder / "answers.csv"

    def close(form: str, first: int, units: list[str], grades: list[str]) -> None:
        if len(grades) > 1 and all(g == grades[0] for g in grades):
            void.append((form, "全部相同", first))
            return
        low = grades.count("不满意")
        if low >= 3:
            void.append((form, f"不满意{low}条", first))
            return
        for unit, grade in zip(units, grades, strict=True):
            sums[unit] += GRADES[grade]
            counts[unit] += 1

    with open(answers, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        form, first, units, grades = None, 0, [], []
        for number, (own, unit, grade) in enumerate(reader, start=2):
            own, unit, grade = own.strip(), unit.strip(), grade.strip()
            if unit not in sums or grade not in GRADES:
                raise SystemExit(f"answers.csv, row {number}: {unit} {grade}")
            if own != form:
                if form is not None:
                    close(form, first, units, grades)
                if own in seen:
                    raise SystemExit(f"answers.csv, row {number}: form {own} met again")
                seen.add(own)
                form, first, units, grades = own, number, [], []
            units.append(unit)
            grades.append(grade)
        if form is not None:
            close(form, first, units, grades)
    units_out = []
    with localcontext(Context(prec=60)):
        for unit, name in names.items():
            if not counts[unit]:
                raise SystemExit(f"{unit}: no answer")
            mean = published(Decimal(sums[unit]) / Decimal(counts[unit]))
            units_out.append({"id": unit, "name": name, "category": None, "group": None, "total": mean, "rank": None,
                              "tiers": [], "values": {}, "notes": [],
                              "components": [{"id": "满意度", "name": "满意度", "points": format(mean, "f"), "max": "100"}]})
    totals = sorted((u["total"] for u in units_out), reverse=True)
    places: dict[Decimal, int] = {}
    for place, total in enumerate(totals, start=1):
        places.setdefault(total, place)
    for u in units_out:
        u["rank"] = places[u["total"]]
        u["total"] = format(u["total"], "f")

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def block(items: list[str]) -> str:
        return "[\n" + ",\n".join(f"    {i}" for i in items) + "\n  ]" if items else "[]"

    head = {"id": "forms-survey", "name": "问卷作废示例", "version": "1", "sha256": digest(Path(ruleset))}
    inputs = [{"name": name, "sha256": digest(folder / name)} for name in ("units.csv", "answers.csv")]
    listed = [dumps({"table": "answers", "key": key, "reason": reason, "location": f"{answers}, row {row}"})
              for key, reason, row in void]
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(f'{{\n  "ruleset": {dumps(head)},\n')
        stream.write(f'  "inputs": {block([dumps(i) for i in inputs])},\n')
        stream.write(f'  "units": {block([dumps(u) for u in units_out])},\n')
        stream.write(f'  "void": {block(listed)}\n}}\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
