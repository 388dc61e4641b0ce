"""The hand-written baseline for `rulesets/examples/sheets-trimmed-mean.yaml` on a long sheet table.

It does the same work as `pingyi score RULESET FACTS --format json -o OUT`: read units.csv and
sheets.csv (UTF-8 with BOM) as a stream, check every sheet's unit and score (a decimal 0–100), fold
each score into its unit's sum, count, lowest and highest, score in Decimal (prec 60, as pingyi) the
mean without one highest and one lowest when more than 4 sheets, round half-up to 2 places after the
30-place snap, rank (competition), and write the same JSON contract — byte for byte. Memory holds the
units, not the rows.

Usage: python hand_sheets.py RULESET FACTS_FOLDER OUT.json
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from pathlib import Path

SNAP = Decimal(1).scaleb(-30)
CENT = Decimal("0.01")
LOW, HIGH = Decimal(0), Decimal(100)


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
    sums = dict.fromkeys(names, Decimal(0))
    counts = dict.fromkeys(names, 0)
    lows: dict[str, Decimal] = {}
    highs: dict[str, Decimal] = {}
    with localcontext(Context(prec=60)), open(folder / "sheets.csv", encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        for number, (unit, text) in enumerate(reader, start=2):
            unit = unit.strip()
            try:
                score = Decimal(text.strip())
            except InvalidOperation:
                raise SystemExit(f"sheets.csv, row {number}: {text}") from None
            if unit not in sums or not LOW <= score <= HIGH:
                raise SystemExit(f"sheets.csv, row {number}: {unit} {text}")
            sums[unit] += score
            counts[unit] += 1
            if unit not in lows or score < lows[unit]:
                lows[unit] = score
            if unit not in highs or score > highs[unit]:
                highs[unit] = score
    units = []
    with localcontext(Context(prec=60)):
        for unit, name in names.items():
            n = counts[unit]
            if not n:
                raise SystemExit(f"{unit}: no sheet")
            total = sums[unit]
            if n > 4:
                total, n = total - lows[unit] - highs[unit], n - 2
            mean = published(total / n)
            units.append({"id": unit, "name": name, "category": None, "group": None, "total": mean, "rank": None,
                          "tiers": [], "values": {}, "notes": [],
                          "components": [{"id": "测评得分", "name": "测评得分", "points": format(mean, "f"), "max": "100"}]})
    totals = sorted((u["total"] for u in units), reverse=True)
    first = {}
    for place, total in enumerate(totals, start=1):
        first.setdefault(total, place)
    for u in units:
        u["rank"] = first[u["total"]]
        u["total"] = format(u["total"], "f")

    def dumps(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    def block(items: list[str]) -> str:
        return "[\n" + ",\n".join(f"    {i}" for i in items) + "\n  ]" if items else "[]"

    head = {"id": "sheets-trimmed-mean", "name": "测评表去高去低平均示例", "version": "1", "sha256": digest(Path(ruleset))}
    inputs = [{"name": name, "sha256": digest(folder / name)} for name in ("units.csv", "sheets.csv")]
    with open(out, "w", encoding="utf-8", newline="") as stream:
        stream.write(f'{{\n  "ruleset": {dumps(head)},\n')
        stream.write(f'  "inputs": {block([dumps(i) for i in inputs])},\n')
        stream.write(f'  "units": {block([dumps(u) for u in units])},\n')
        stream.write('  "void": []\n}\n')


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
