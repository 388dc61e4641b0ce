"""An independent reading of 《2010年民主评议政风行风工作实施方案》 (三) 测评考核总结阶段
(rulesets/zhengfeng-xingfeng-pingyi.yaml, docs/schemes.md) in plain Python with exact fractions, sharing no
code with pingyi_rules.

(三)2: 总分 = 群众问卷测评得分 × 70 % + 工作考核得分 × 30 %. (三)1: the 评议代表 count 服务对象 50 %,
政风行风监督员 25 %, 社会各界人士 25 %, read as weights on each group's mean 问卷得分; a group with no valid
questionnaire drops out and the others are rescaled to sum to 1; a unit with no valid questionnaire at all
stops the run (it would have no 总分, and a veto could not rank it last). A blank 问卷得分 is a 废卷 (left out,
listed). (三)4: a veto case dated in 2010 (both ends included) gives 一票否决; the unit keeps its 总分 and
is ranked after every unit not vetoed. Only 总分 is rounded (2 places half-up); places follow the rounded
总分, ties share a place (1, 1, 3), vetoed units among themselves by 总分 the same way.
"""

from __future__ import annotations

import csv
import datetime as dt
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

GROUPS = {"服务对象": F(1, 2), "政风行风监督员": F(1, 4), "社会各界人士": F(1, 4)}
YEAR = (dt.date(2010, 1, 1), dt.date(2010, 12, 31))


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def void_questionnaires(folder: Path) -> set[str]:
    return {r["问卷编号"] for r in _read(folder, "questionnaires") if r["问卷得分"].strip() == ""}


def reference(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per unit: the group means, 群众问卷测评, 工作考核 and 总分 as published, the place and the tiers;
    None when a unit has no valid questionnaire."""
    answers = [r for r in _read(folder, "questionnaires") if r["问卷得分"].strip() != ""]
    vetoed = {r["单位编码"] for r in _read(folder, "veto")
              if YEAR[0] <= dt.date.fromisoformat(r["发生日期"]) <= YEAR[1]}
    out: dict[str, dict[str, Any]] = {}
    for unit in _read(folder, "units"):
        uid = unit["单位编码"]
        means: dict[str, F | None] = {}
        for group in GROUPS:
            scores = [F(r["问卷得分"]) for r in answers if r["单位编码"] == uid and r["评议代表类别"] == group]
            means[group] = sum(scores, F(0)) / len(scores) if scores else None
        present = {g: w for g, w in GROUPS.items() if means[g] is not None}
        if not present:
            return None
        survey = sum((w * means[g] for g, w in present.items()), F(0)) / sum(present.values())  # type: ignore[operator]
        work = F(unit["工作考核得分"])
        exact = F(7, 10) * survey + F(3, 10) * work
        total = half_up(exact)
        out[uid] = {**{g: None if m is None else half_up(m) for g, m in means.items()},
                    "群众问卷测评": half_up(survey), "工作考核": half_up(work), "总分": total, "total": total, "exact": exact,
                    "tiers": ["一票否决"] if uid in vetoed else []}
    for unit in out.values():
        veto = bool(unit["tiers"])
        ahead = sum(1 for u in out.values() if not u["tiers"]) if veto else 0
        better = sum(1 for u in out.values() if bool(u["tiers"]) == veto and u["total"] > unit["total"])
        unit["rank"] = ahead + better + 1
    return out
