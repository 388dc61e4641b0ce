"""Synthetic facts shaped like examples/seed-004 (rulesets/district-neishe-ceping-2012.yaml): N units,
random vote counts and rectification cases."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

METHODS = ["即时测评", "综合测评", "明察暗访", "集中测评"]
GRADES = ["优", "良", "一般", "较差", "差"]
HEADER = ["单位编码", "单位名称", "类别"] + [f"{m}_{g}" for m in METHODS for g in GRADES] + [
    "未按时整改", "二次督办仍未整改", "拒不整改"]


def generate(n: int, folder: Path, seed: int = 4) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "units.csv").open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(n):
            row = [f"U{i:07d}", f"单位{i}", rng.choice(["行政执法类", "综合管理类"])]
            for _ in METHODS:
                counts = [rng.randint(0, 30) for _ in GRADES]
                if sum(counts) == 0:
                    counts[0] = 1
                row += counts
            row += [rng.choice([0, 0, 0, 1, 2]), rng.choice([0, 0, 0, 0, 1]), rng.choice([0] * 9 + [1])]
            writer.writerow(row)
    return folder


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
