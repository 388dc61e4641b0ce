"""Satisfaction-survey facts for `rulesets/examples/survey-satisfaction.yaml`: one row per answer.

Usage: python gen_survey.py ROWS UNITS DIR — writes DIR/units.csv (UNITS units) and DIR/answers.csv
(ROWS answers spread over the units, five grades), UTF-8 with BOM, deterministic (seeded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

GRADES = ("满意", "较满意", "一般", "较不满意", "不满意")
WEIGHTS = (55, 25, 12, 5, 3)


def main(rows: int, units: int, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261127)
    ids = [f"U{i:05d}" for i in range(1, units + 1)]
    with open(out / "units.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("单位编码,单位名称\n")
        stream.writelines(f"{u},单位{u[1:]}\n" for u in ids)
    with open(out / "answers.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("单位编码,评价\n")
        step = 100_000
        for start in range(0, rows, step):
            n = min(step, rows - start)
            who = rng.choices(ids, k=n)
            what = rng.choices(GRADES, weights=WEIGHTS, k=n)
            stream.write("".join(f"{u},{g}\n" for u, g in zip(who, what, strict=True)))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
