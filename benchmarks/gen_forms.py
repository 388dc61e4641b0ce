"""Survey facts kept one row per answer, grouped in forms, for `benchmarks/forms-survey.yaml`.

Usage: python gen_forms.py ROWS UNITS DIR — writes DIR/units.csv (UNITS units) and DIR/answers.csv:
ROWS answers in forms of ten (问卷编号 Q0000001, …; each form's rows together), each answer about
a unit drawn at random with one of five grades; one form in ten has all its answers equal (void).
UTF-8 with BOM, deterministic (seeded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

GRADES = ("满意", "较满意", "一般", "较不满意", "不满意")
WEIGHTS = (55, 25, 12, 5, 3)
FORM = 10


def main(rows: int, units: int, folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261128)
    ids = [f"U{i:05d}" for i in range(1, units + 1)]
    with open(out / "units.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("单位编码,单位名称\n")
        stream.writelines(f"{u},单位{u[1:]}\n" for u in ids)
    with open(out / "answers.csv", "w", encoding="utf-8-sig", newline="") as stream:
        stream.write("问卷编号,单位编码,评价\n")
        lines = []
        for number, start in enumerate(range(0, rows, FORM), start=1):
            n = min(FORM, rows - start)
            who = rng.choices(ids, k=n)
            what = [rng.choice(GRADES)] * n if rng.random() < 0.1 else rng.choices(GRADES, weights=WEIGHTS, k=n)
            lines.extend(f"Q{number:07d},{u},{g}\n" for u, g in zip(who, what, strict=True))
            if len(lines) >= 100_000:
                stream.write("".join(lines))
                lines.clear()
        stream.write("".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3])
