"""Facts for `rulesets/county-coop-lianping-2022.yaml` with a long ballot table (seed-000-shaped).

    python gen_coop.py N DIR

Writes DIR/service.csv and DIR/checks.csv (the 4 科室 of examples/seed-000) and DIR/ballots.csv with
N rows: N / 4 ballots, each grading the 4 科室 once. About 1 % of the ballots are off quota (void);
the rest keep the quota 优秀 2 / 良好 1 / 一般 1. Voter types: 主要领导 ~5 %, 其他班子领导 ~25 %,
科室互评 the rest. Deterministic (seeded).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

SUBJECTS = ("KS01", "KS02", "KS03", "KS04")
SERVICE = "科室编码,满意,基本满意,不满意\nKS01,212,3,0\nKS02,140,6,2\nKS03,305,1,1\nKS04,180,40,35\n"
CHECKS = (
    "科室编码,类型,情节严重,日期\nKS02,社级查实,否,2022-05-10\nKS02,县级查实,否,2022-07-02\n"
    "KS04,县级查实,是,2022-06-15\nKS04,投诉查实,否,2022-08-20\nKS04,投诉查实,是,2022-09-01\n"
)
VALID = ("优秀", "优秀", "良好", "一般")
VOID = (("优秀", "优秀", "优秀", "良好"), ("良好", "良好", "一般", "优秀"), ("优秀", "一般", "一般", "一般"))


def main(n: int, folder: Path) -> None:
    rng = random.Random(13)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "service.csv").write_text("\ufeff" + SERVICE, encoding="utf-8", newline="")
    (folder / "checks.csv").write_text("\ufeff" + CHECKS, encoding="utf-8", newline="")
    # a slight lean per 科室, so that the four totals differ
    lean = {"KS01": 0.30, "KS02": 0.22, "KS03": 0.34, "KS04": 0.14}
    with open(folder / "ballots.csv", "w", encoding="utf-8", newline="") as out:
        out.write("\ufeff票号,投票人,被评科室,等次\n")
        lines: list[str] = []
        for b in range(n // 4):
            r = rng.random()
            voter = "主要领导" if r < 0.05 else "其他班子领导" if r < 0.30 else "科室互评"
            if rng.random() < 0.01:
                grades = list(rng.choice(VOID))
                rng.shuffle(grades)
                order = list(SUBJECTS)
            else:
                # the two 优秀 go to 科室 drawn by their lean, the rest shuffled
                order = sorted(SUBJECTS, key=lambda s: rng.random() * (1 - lean[s]))
                grades = list(VALID[:2]) + list(rng.sample(VALID[2:], 2))
            key = f"P{b + 1:07d}"
            rows = sorted(zip(order, grades, strict=True))
            lines.extend(f"{key},{voter},{s},{g}\n" for s, g in rows)
            if len(lines) >= 40_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
