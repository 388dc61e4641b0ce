"""Evaluator-sheet facts for `rulesets/examples/sheets-trimmed-mean.yaml`: one row per sheet.

Usage: python gen_sheets.py ROWS UNITS DIR — writes DIR/units.csv (UNITS units) and DIR/sheets.csv
(ROWS sheets spread over the units, scores 60–100 in steps of 0.5), UTF-8 with BOM, deterministic (seeded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SCORES = [f"{s / 2:g}" for s in range(120, 201)]  # 60, 60.5, …, 100


def main(rows: int, units: int, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261128)
    ids = [f"U{i:05d}" for i in range(1, units + 1)]
    with open(out / "units.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("单位编码,单位名称\n")
        stream.writelines(f"{u},单位{u[1:]}\n" for u in ids)
    with open(out / "sheets.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("单位编码,得分\n")
        step = 100_000
        for start in range(0, rows, step):
            n = min(step, rows - start)
            who = rng.choices(ids, k=n)
            what = rng.choices(SCORES, k=n)
            stream.write("".join(f"{u},{s}\n" for u, s in zip(who, what, strict=True)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
