"""Synthetic Wenzhou-2023-shaped facts: N units with their case tables, departments, awards, online rows.

Valid under rulesets/wenzhou-2023.yaml by construction: ranged amounts inside their ranges, 处分
values the items know, the 主管单位评价 shares of each department kept (⌊20%⌋ 优秀 and 一般),
H8 sums inside 0.3–0.5 per case. The 网络评议 selection (top 8, bottom 8, every 上年度不满意单位)
must find an online.csv row for each unit it picks, so the generator makes the extremes known: 8
units score the full 85 of 日常评议 and 8 score 3, every other unit lies strictly between (it has
at least one 不满意 answer and a 履职成效 score ≥ 5), and the online rows are written for those 16
and for the flagged units (about 10%).

Usage: python gen_wenzhou.py N FOLDER
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

CATEGORIES = ["机关中层", "国有企业", "医疗卫生", "教育机构", "银保机构", "社会服务"]
TYPES = ["市级机关", "国有企事业"]
RANGED = {"A1": (3, 5), "A2": (3, 5), "A3": (2, 4), "A4": (2, 4), "A5": (0.3, 2), "B3": (1, 3), "B4": (2, 4),
          "C1": (0.3, 2), "C4": (1, 3)}
B1 = ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍", "诫勉谈话"]
B2 = ["警告", "记过", "记大过", "降级", "撤职", "开除"]
CODES = list(RANGED) + ["B1", "B2", "C2", "C3"]
LEVELS = ["党中央国务院", "国家部委或省委省政府", "部委司局或省委省政府办公厅", "省级部门或市委市政府"]
BEST, WORST = 8, 8


def _yn(flag: bool) -> str:
    return "是" if flag else "否"


def _in_period(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(["2022-06-01", "2023-12-01"])
    return f"2023-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"


def _amount(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.randint(round(low * 10), round(high * 10)) / 10:.1f}"


def generate(n: int, folder: Path, seed: int = 2023) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    n_depts = max(4, n // 500)
    members: list[list[int]] = [[] for _ in range(n_depts)]
    dept_of = []
    for i in range(n):
        # the 8 best units sit in department 0, the 8 worst in department 1
        d = 0 if i < BEST else 1 if i < BEST + WORST else rng.randrange(n_depts)
        dept_of.append(d)
        members[d].append(i)
    grade = ["良好"] * n
    for d, units in enumerate(members):
        k = len(units) // 5  # ⌊20% n⌋ 优秀 (≤ ⌈20% n⌉) and ⌊20% n⌋ 一般 (≥ ⌊20% n⌋)
        best_first = sorted(units, key=lambda i: (i >= BEST, BEST <= i < BEST + WORST, i))
        for i in best_first[:k]:
            grade[i] = "优秀"
        worst_first = [i for i in sorted(units, key=lambda i: (not (BEST <= i < BEST + WORST), i)) if grade[i] != "优秀"]
        for i in worst_first[:k]:
            grade[i] = "一般"
    for i in range(BEST):
        assert grade[i] == "优秀", "department 0 too small for the 8 best"
    for i in range(BEST, BEST + WORST):
        assert grade[i] == "一般", "department 1 too small for the 8 worst"

    def write(name: str, header: list[str], rows: list[list[object]]) -> None:
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)

    dept_type = [TYPES[d % 2] for d in range(n_depts)]
    dept_rows = []
    for d in range(n_depts):
        rank = 1 if d == 0 else 500 if d == 1 else rng.randint(1, 60)
        fee = "0" if d < 2 or rng.random() < 0.8 else rng.choice(["0.5", "1", "2"])
        dept_rows.append([f"部门{d:04d}", dept_type[d], rank, fee])
    write("departments", ["主管单位", "主管单位类型", "热线年度排名", "未按要求报送材料扣分"], dept_rows)

    units, satisfaction, hotline, supervision, awards, online = [], [], [], [], [], []
    for i in range(n):
        uid = f"WZ{i:07d}"
        best, worst = i < BEST, BEST <= i < BEST + WORST
        flagged = not best and not worst and rng.random() < 0.1
        score = "10" if best else "0" if worst else _amount(rng, 5, 10)
        volume = 500 if best else rng.randint(50, 600)
        units.append([uid, f"处室{i}", rng.choice(CATEGORIES), f"部门{dept_of[i]:04d}", dept_type[dept_of[i]],
                      volume, score, grade[i], _yn(flagged)])
        if best:
            satisfaction.append([uid, 400, 0, 0])
        elif worst:
            satisfaction.append([uid, 0, 0, 50])
        else:
            satisfaction.append([uid, rng.randint(50, 500), rng.randint(0, 60), rng.randint(1, 30)])
        if best:
            hotline.append([uid, 0, 0, 0, 0, 0, 0, 0, 0, "0"])
        elif worst:
            hotline.append([uid, 20, 0, 0, 0, 10, 0, 0, 4, "2.0"])
        else:
            cases = rng.randint(0, 2)
            h8 = sum(rng.randint(3, 5) for _ in range(cases)) / 10
            hotline.append([uid, *(rng.choice([0, 0, 1, 2]) for _ in range(7)), cases, f"{h8:.1f}"])
        if worst:
            for _ in range(6):
                supervision.append([uid, "A1", "2023-03-01", "", "", "5", "否", "否", "否", "否", ""])
        elif not best:
            for _ in range(rng.choice([0, 0, 0, 1, 1, 2, 3])):
                code = rng.choice(CODES)
                person = sanction = amount = same = ""
                if code in RANGED:
                    amount = _amount(rng, *RANGED[code])
                elif code in ("B1", "B2"):
                    sanction = rng.choice(B1 if code == "B1" else B2)
                    if sanction == "诫勉谈话" and code == "B1":
                        amount = _amount(rng, 0.9, 3)
                    person, same = f"P{rng.randint(1, 2)}", "M1"
                flags = [rng.random() < 0.1, rng.random() < 0.05, rng.random() < 0.1, rng.random() < 0.3]
                supervision.append([uid, code, _in_period(rng), person, sanction, amount, *map(_yn, flags), same])
        if not best and not worst:
            for _ in range(rng.choice([0] * 7 + [1, 1, 2])):
                awards.append([uid, f"W{rng.randint(1, 2)}", rng.choice(LEVELS), _yn(rng.random() < 0.8),
                               rng.choice(["集体", "个人", "主管部门"]), _yn(rng.random() < 0.1), _in_period(rng)])
        if best or worst or flagged:
            online.append([uid, rng.randint(50, 400), rng.randint(0, 40), rng.randint(0, 30) + (0 if best else 1)])

    write("units", ["单位编码", "单位名称", "类别", "主管单位", "主管单位类型", "服务数据量", "履职成效得分", "主管单位评价",
                    "上年度不满意单位"], units)
    write("satisfaction", ["单位编码", "满意", "一般", "不满意"], satisfaction)
    write("hotline", ["单位编码", "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8件数", "H8扣分"], hotline)
    write("supervision", ["单位编码", "事项", "发生日期", "人员", "处分", "扣分", "主要负责人", "与职务无关且无不良影响",
                          "主管单位自查整改到位", "逾期报送", "同一事项"], supervision)
    write("awards", ["单位编码", "工作事项", "表彰层级", "有文号", "表彰对象", "综合类表彰", "发文日期"], awards)
    write("online", ["单位编码", "满意", "一般", "不满意"], online)
    return folder


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
