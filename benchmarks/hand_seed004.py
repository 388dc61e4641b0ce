"""The hand-written baseline: seed 004 scored by a plain Python Decimal program (read CSV, score, rank, tier, JSON)."""

from __future__ import annotations

import csv
import json
import sys
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

POINTS = {"优": 90, "良": 75, "一般": 60, "较差": 45, "差": 30}
WEIGHTS = {"即时测评": Decimal("0.2"), "综合测评": Decimal("0.2"), "明察暗访": Decimal("0.1"), "集中测评": Decimal("0.5")}
CENT = Decimal("0.01")


def main(facts: str, out: str) -> None:
    with localcontext(Context(prec=60)):
        units = []
        with open(f"{facts}/units.csv", encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            col = {h: i for i, h in enumerate(header)}
            for row in reader:
                sat = Decimal(0)
                for method, weight in WEIGHTS.items():
                    votes = total = 0
                    for grade, pts in POINTS.items():
                        n = int(row[col[f"{method}_{grade}"]])
                        votes += n
                        total += n * pts
                    sat += weight * Decimal(total) / Decimal(votes * 90)
                fix = 20 - 3 * int(row[col["未按时整改"]]) - 5 * int(row[col["二次督办仍未整改"]]) - 10 * int(row[col["拒不整改"]])
                exact = sat * 80 + max(fix, 0)
                total_r = exact.quantize(Decimal(1).scaleb(-30)).quantize(CENT, ROUND_HALF_UP)
                units.append({"id": row[0], "name": row[1], "category": row[2], "total": total_r})
        groups: dict[str, list[dict]] = {}
        for u in units:
            groups.setdefault(u["category"], []).append(u)
        for members in groups.values():
            totals = sorted((u["total"] for u in members), reverse=True)
            import bisect
            neg = [-t for t in totals]
            for u in members:
                better = bisect.bisect_left(neg, -u["total"])
                worse = len(totals) - bisect.bisect_right(neg, -u["total"])
                u["rank"] = better + 1
                tiers = []
                if better < 6:
                    tiers.append("满意科室")
                if worse < 3 and u["total"] >= 70:
                    tiers.append("书面说明情况")
                if u["total"] < 70:
                    tiers.append("限期整改并问责")
                u["tiers"] = tiers
        for u in units:
            u["total"] = str(u["total"])
    with open(out, "w", encoding="utf-8") as stream:
        json.dump({"units": units}, stream, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
