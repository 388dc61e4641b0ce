"""An independent reading of 《2012年度镇街、功能区党政领导干部绩效考核赋分表》 (党政主要领导,
rulesets/ruian-zhenjie-lingdao.yaml, docs/schemes.md) in plain Python with exact fractions, sharing no code
with pingyi_rules.

重要项目考核 600: the leader of the unit ranked first (over every 镇街 and 功能区 whose leaders are listed —
docs/schemes.md says why) gets 600, the others their
unit's score ÷ the first's × 600. 市四套班子主要领导评价 200: each ranker's 名次 gives 200 less 2 % of 200 a
place below the first (200 × (1 − 0.02 × (名次 − 1))); the mean over the rankers who placed the leader. 民主测评
200: on the valid votes (优秀 + 称职 + 基本称职 + 不称职; 弃权 not counted), 基本称职 + 不称职 reaching 1/3 gives
130 whatever the 优秀率; else 优秀率 ≥ 90 % 200, ≥ 80 % 190, ≥ 70 % 180, ≥ 60 % 170, below 160. Only the total
is rounded (2 places half-up); no rank, no tier.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

BANDS = ((F(9, 10), 200), (F(8, 10), 190), (F(7, 10), 180), (F(6, 10), 170))


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def democratic(excellent: int, competent: int, basic: int, incompetent: int) -> int:
    valid = excellent + competent + basic + incompetent
    if 3 * (basic + incompetent) >= valid:
        return 130
    return next((points for floor, points in BANDS if F(excellent, valid) >= floor), 160)


def reference(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per leader: the three parts and the two vote shares as published, the total; None when a leader
    was placed by no ranker."""
    units = {u["单位编码"]: F(u["重要项目考核得分"]) for u in _read(folder, "units")}
    best = max(units[leader["单位编码"]] for leader in _read(folder, "leaders"))
    rankings, ceping = _read(folder, "rankings"), {r["对象编码"]: r for r in _read(folder, "ceping")}
    out: dict[str, dict[str, Any]] = {}
    for leader in _read(folder, "leaders"):
        sid = leader["对象编码"]
        project = units[leader["单位编码"]] / best * 600
        places = [int(r["名次"]) for r in rankings if r["对象编码"] == sid and r["名次"].strip()]
        if not places:
            return None
        ranked = sum((200 * (1 - F(2, 100) * (p - 1)) for p in places), F(0)) / len(places)
        votes = ceping[sid]
        counts = [int(votes[k]) for k in ("优秀", "称职", "基本称职", "不称职")]
        valid = sum(counts)
        vote = democratic(*counts)
        exact = project + ranked + vote
        out[sid] = {"重要项目考核": half_up(project), "市四套班子主要领导评价": half_up(ranked), "民主测评": F(vote),
                    "优秀率": half_up(F(counts[0], valid)), "基本称职及不称职率": half_up(F(counts[2] + counts[3], valid)),
                    "exact": exact, "total": half_up(exact), "rank": None, "tiers": []}
    return out
