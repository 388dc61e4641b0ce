"""An independent reading of 《人员考核测评票》 (rulesets/renyuan-kaohe-cepingpiao.yaml, docs/schemes.md) in plain
Python with exact fractions, sharing no code with pingyi_rules.

Rule 3 with the readings taken: a ballot (票号) is void if one of its scores is blank, has more than one
decimal or lies outside 0–100; else if all its scores are the same; else if more than 3 of them are ≥ 90;
else if fewer than 2 are < 70 (the first reason found). Rule 4: a person's 平均分 is the mean of the valid
scores received, with one highest and one lowest dropped when there are more than 5 of them; a person with
no valid score stops the run. Rule 1: the grade on the exact mean, A优秀 ≥ 90, B称职 [70, 90), C基本称职
[60, 70), D不称职 < 60; the mean published to 2 places half-up; no ranking.
"""

from __future__ import annotations

import csv
import re
from fractions import Fraction as F
from pathlib import Path
from typing import Any

from .neishe_reference import half_up

SAME = "对被考评人全部打相同分数"
TOO_HIGH = "未按比例打分:90分及以上超过3人"
TOO_LOW = "未按比例打分:70分以下不足2人"


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _score(text: str) -> F | None:
    """The score written, or None when it is blank, has two decimals or lies outside 0–100."""
    text = text.strip()
    if not re.fullmatch(r"\d+(\.\d0*)?", text):
        return None
    value = F(text)
    return value if 0 <= value <= 100 else None


def void_ballots(folder: Path) -> dict[str, str | None]:
    """票号 → the void rule's reason (None: a malformed score)."""
    ballots: dict[str, list[str]] = {}
    for r in _read(folder, "ballots"):
        ballots.setdefault(r["票号"], []).append(r["分数"])
    out: dict[str, str | None] = {}
    for key, cells in ballots.items():
        scores = [_score(c) for c in cells]
        if any(s is None for s in scores):
            out[key] = None
        elif len(set(scores)) == 1:
            out[key] = SAME
        elif sum(1 for s in scores if s >= 90) > 3:  # type: ignore[operator]
            out[key] = TOO_HIGH
        elif sum(1 for s in scores if s < 70) < 2:  # type: ignore[operator]
            out[key] = TOO_LOW
    return out


def _grade(mean: F) -> str:
    if mean >= 90:
        return "A优秀"
    if mean >= 70:
        return "B称职"
    return "C基本称职" if mean >= 60 else "D不称职"


def reference(folder: Path) -> dict[str, dict[str, Any]] | None:
    """Per person: 平均分 and the published values, the grade; None when someone has no valid score."""
    void = void_ballots(folder)
    received: dict[str, list[F]] = {}
    for r in _read(folder, "ballots"):
        if r["票号"] not in void:
            received.setdefault(r["被评人编码"], []).append(F(r["分数"]))
    out: dict[str, dict[str, Any]] = {}
    for person in _read(folder, "persons"):
        scores = sorted(received.get(person["人员编码"], []))
        if not scores:
            return None
        kept = scores[1:-1] if len(scores) > 5 else scores
        mean = sum(kept, F(0)) / len(kept)
        dropped = len(scores) > 5
        out[person["人员编码"]] = {
            "平均分": half_up(mean), "total": half_up(mean), "exact": mean, "rank": None, "tiers": [_grade(mean)],
            "有效票数": F(len(scores)), "最高分": scores[-1], "最低分": scores[0],
            "去掉的最高分": scores[-1] if dropped else None, "去掉的最低分": scores[0] if dropped else None}
    return out
