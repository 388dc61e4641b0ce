"""An independent reading of 《党政机关领导干部工作实绩量化考核分值计算》 (rulesets/lingdao-shiji-lianghua.yaml,
docs/schemes.md) in plain Python with exact fractions, sharing no code with pingyi_rules.

一: each indicator's four grades are worth 100 / 80 / 60 / 40, each indicator in its own words; a ballot line
is valid only if all three indicators carry one of their own words (else void, listed). 二: 评价得分 =
任务量 × 30 % + 效率 × 30 % + 完成情况 × 40 % over the group's valid lines (mean of the lines' weighted sums =
weighted sum of the indicator means); a group with no valid line stops the run. 三: 综合得分 = 分管领导 × 20 %
+ 干部职工 × 40 % + 考核组 × 40 % + 附加分 (the recorded amounts summed, no cap); only 综合得分 rounded (2 places
half-up); no ranking.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

WORDS = {"工作任务量": ("繁重", "较多", "一般", "较少"), "工作效率": ("高", "较高", "一般", "较低"),
         "工作完成情况": ("好", "较好", "一般", "较差")}
INDICATORS = {"工作任务量": F(3, 10), "工作效率": F(3, 10), "工作完成情况": F(4, 10)}
GROUPS = {"分管领导": F(2, 10), "干部职工": F(4, 10), "考核组": F(4, 10)}


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _points(indicator: str, word: str) -> int | None:
    words = WORDS[indicator]
    return 100 - 20 * words.index(word) if word in words else None


def void_ballots(folder: Path) -> set[str]:
    return {r["票号"] for r in _read(folder, "ballots") if any(_points(i, r[i].strip()) is None for i in INDICATORS)}


def reference(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per leader: each group's 评价得分, 综合评价, 附加分 and 综合得分 as published; None when a group of
    some leader has no valid ballot."""
    void = void_ballots(folder)
    lines = [r for r in _read(folder, "ballots") if r["票号"] not in void]
    bonus = _read(folder, "bonus")
    out: dict[str, dict[str, Any]] = {}
    for leader in _read(folder, "subjects"):
        sid = leader["测评对象编码"]
        unit: dict[str, Any] = {"rank": None, "tiers": []}
        combined = F(0)
        for group, weight in GROUPS.items():
            mine = [r for r in lines if r["测评对象编码"] == sid and r["评价主体"] == group]
            if not mine:
                return None
            score = sum((w * _points(i, r[i].strip()) for r in mine for i, w in INDICATORS.items()), F(0)) / len(mine)  # type: ignore[operator]
            unit[f"{group}评价得分"] = half_up(score)
            combined += weight * score
        extra = sum((F(r["加分值"]) for r in bonus if r["测评对象编码"] == sid), F(0))
        unit.update({"综合评价": half_up(combined), "附加分": half_up(extra), "exact": combined + extra,
                     "total": half_up(combined + extra)})
        out[sid] = unit
    return out
