"""An independent reading of 《科学发展综合考核群众满意度调查》 (rulesets/shandong-qunzhong-manyidu.yaml,
docs/schemes.md) in plain Python with exact fractions, sharing no code with pingyi_rules.

Eight questions of equal weight (12.5 each, out of 100); an answer earns 满意 100 %, 基本满意 75 %, 不满意 55 %
of it, 不了解 nothing and is left out of the question's base. A record without a valid answer to every
question is void (listed). Each channel (电话随机访问, 问卷调查) is scored from its own records: the mean of
each question's scored answers, a question nobody in the channel could rate dropped and the other weights
rescaled; the channels combined 6 : 4. A city lacking a channel altogether has no 满意度得分 (无数据) and no
place. Only 满意度得分 is rounded (2 places half-up); one ranking on it, ties share a place.
"""

from __future__ import annotations

import csv
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

GRADES: dict[str, F | None] = {"满意": F(100), "基本满意": F(75), "不满意": F(55), "不了解": None}
QUESTIONS = ("Q1 增加收入和扩大就业", "Q2 医疗卫生", "Q3 中小学教育", "Q4 环境保护", "Q5 困难群体救助",
             "Q6 丰富群众文化生活", "Q7 社会治安状况", "Q8 干部工作作风")
CHANNELS = {"电话随机访问": ("电话", F(6, 10)), "问卷调查": ("问卷", F(4, 10))}


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def void_records(folder: Path) -> set[str]:
    return {r["记录编号"] for r in _read(folder, "responses") if any(r[q].strip() not in GRADES for q in QUESTIONS)}


def reference(folder: Path) -> dict[str, dict[str, Any]]:
    """Per city: each channel's question means and channel score, 满意度得分 as published, the place."""
    void = void_records(folder)
    records = [r for r in _read(folder, "responses") if r["记录编号"] not in void]
    out: dict[str, dict[str, Any]] = {}
    for city in _read(folder, "cities"):
        cid = city["城市编码"]
        unit: dict[str, Any] = {"tiers": []}
        channels: dict[str, F | None] = {}
        for channel, (short, _) in CHANNELS.items():
            means: list[F] = []
            for q in QUESTIONS:
                scored = [GRADES[r[q].strip()] for r in records if r["城市编码"] == cid and r["调查方式"] == channel]
                points = [p for p in scored if p is not None]
                mean = sum(points, F(0)) / len(points) if points else None
                unit[short + q.split()[0]] = None if mean is None else half_up(mean)
                if mean is not None:
                    means.append(mean)
            # equal weights: the rescaled weighted sum is the mean of the questions rated
            channels[channel] = sum(means, F(0)) / len(means) if means else None
            unit[channel] = None if channels[channel] is None else half_up(channels[channel])  # type: ignore[arg-type]
        exact = None
        if all(v is not None for v in channels.values()):
            exact = sum((w * channels[c] for c, (_, w) in CHANNELS.items()), F(0))  # type: ignore[operator]
        unit.update({"满意度得分": None if exact is None else half_up(exact), "exact": exact,
                     "total": None if exact is None else half_up(exact)})
        out[cid] = unit
    for unit in out.values():
        unit["rank"] = None if unit["total"] is None else 1 + sum(
            1 for u in out.values() if u["total"] is not None and u["total"] > unit["total"])
    return out
