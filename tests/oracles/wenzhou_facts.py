"""Hypothesis strategies for Wenzhou-shaped fact folders (the seven tables rulesets/wenzhou-2023.yaml
declares): every 事项 code with and without 人员 / 同一事项, unit heads, exemptions and their loss,
dates on and just outside the period's first and last day, awards at every level, and units cloned
from others so that totals tie on the selection and tier cut-offs."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

Row = dict[str, str]
Tables = dict[str, list[Row]]

HEADERS = {
    "units": ["单位编码", "单位名称", "类别", "主管单位", "主管单位类型", "服务数据量", "履职成效得分", "主管单位评价",
              "上年度不满意单位"],
    "satisfaction": ["单位编码", "满意", "一般", "不满意"],
    "supervision": ["单位编码", "事项", "发生日期", "人员", "处分", "扣分", "主要负责人", "与职务无关且无不良影响",
                    "主管单位自查整改到位", "逾期报送", "同一事项"],
    "hotline": ["单位编码", "H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8件数", "H8扣分"],
    "departments": ["主管单位", "主管单位类型", "热线年度排名", "未按要求报送材料扣分"],
    "awards": ["单位编码", "工作事项", "表彰层级", "有文号", "表彰对象", "综合类表彰", "发文日期"],
    "online": ["单位编码", "满意", "一般", "不满意"],
}
RANGES = {"A1": ("3", "5"), "A2": ("3", "5"), "A3": ("2", "4"), "A4": ("2", "4"), "A5": ("0.3", "2"),
          "B3": ("1", "3"), "B4": ("2", "4"), "C1": ("0.3", "2"), "C4": ("1", "3")}
SANCTIONS = {"B1": ["警告", "严重警告", "撤销党内职务", "留党察看", "开除党籍", "诫勉谈话"],
             "B2": ["警告", "记过", "记大过", "降级", "撤职", "开除"]}
# the period's first and last day, the days just outside it, and one day inside
DAYS = ["2022-10-31", "2022-11-01", "2023-06-01", "2023-10-31", "2023-11-01"]
LEVELS = ["党中央国务院", "国家部委或省委省政府", "部委司局或省委省政府办公厅", "省级部门或市委市政府"]
DEPARTMENTS = [("D1", "市级机关"), ("D2", "市级机关"), ("D3", "国有企事业")]
yes_no = st.sampled_from(["是", "否"])


def _amount(draw: st.DrawFn, low: str, high: str) -> str:
    """A 视情 amount in [low, high]: either end exactly or a tenth-step point between them."""
    lo, hi = Decimal(low), Decimal(high)
    return str(lo + (hi - lo) * draw(st.integers(0, 10)) / 10)


@st.composite
def case_row(draw: st.DrawFn) -> Row:
    """One supervision row; a person is a unit head on every row that names them (P1 is, P2 is not)."""
    code = draw(st.sampled_from([*RANGES, "B1", "B2", "C2", "C3"]))
    sanction = amount = ""
    if code in RANGES:
        amount = _amount(draw, *RANGES[code])
    elif code in SANCTIONS:
        sanction = draw(st.sampled_from(SANCTIONS[code]))
        if sanction == "诫勉谈话":
            amount = _amount(draw, "0.9", "3")
    person = draw(st.sampled_from(["", "P1", "P2"]))
    head = {"P1": "是", "P2": "否"}.get(person) or draw(yes_no)
    return {"事项": code, "发生日期": draw(st.sampled_from(DAYS)), "人员": person, "处分": sanction, "扣分": amount,
            "主要负责人": head, "与职务无关且无不良影响": draw(st.sampled_from(["否", "否", "是"])),
            "主管单位自查整改到位": draw(st.sampled_from(["否", "否", "是"])), "逾期报送": draw(yes_no),
            "同一事项": draw(st.sampled_from(["", "M1", "M2"]))}


@st.composite
def award_row(draw: st.DrawFn) -> Row:
    return {"工作事项": draw(st.sampled_from(["W1", "W2", "W3"])), "表彰层级": draw(st.sampled_from(LEVELS)),
            "有文号": draw(yes_no), "表彰对象": draw(st.sampled_from(["集体", "个人", "主管部门"])),
            "综合类表彰": draw(st.sampled_from(["否", "否", "是"])), "发文日期": draw(st.sampled_from(DAYS))}


@st.composite
def unit_profile(draw: st.DrawFn) -> dict[str, Any]:
    """Everything about one unit except its id, its department's grade quota and its 主管单位评价."""
    h8_count = draw(st.integers(0, 3))
    return {
        "dept": draw(st.sampled_from([d for d, _ in DEPARTMENTS])),
        "volume": str(draw(st.sampled_from([0, 99, 100, 299, 300, 1000]))),
        "performance": str(Decimal(draw(st.integers(0, 100))) / 10),
        "flag": draw(st.sampled_from(["否", "否", "否", "是"])),
        "sat": [str(draw(st.integers(0, 40))) for _ in range(2)] + [str(draw(st.integers(1, 10)))],
        "hot": [str(draw(st.integers(0, 12))) for _ in range(7)] + [str(h8_count),
                                                                    _amount(draw, str(Decimal("0.3") * h8_count),
                                                                            str(Decimal("0.5") * h8_count))],
        "cases": draw(st.lists(case_row(), max_size=5)),
        "awards": draw(st.lists(award_row(), max_size=4)),
        "online": [str(draw(st.integers(0, 30))) for _ in range(2)] + [str(draw(st.integers(1, 5)))],
        "grade": draw(st.sampled_from(["优秀", "良好", "一般"])),
    }


def _grades(wanted: list[str]) -> list[str]:
    """The wanted grades of one department's units, moved into its quota: at most ⌈n/5⌉ 优秀 and at least
    ⌊n/5⌋ 一般."""
    n = len(wanted)
    grades = list(wanted)
    most, least = -(-n // 5), n // 5
    for i, grade in enumerate(grades):
        if grade == "优秀":
            if most == 0:
                grades[i] = "良好"
            else:
                most -= 1
    short = least - grades.count("一般")
    for i, grade in enumerate(grades):
        if short > 0 and grade != "一般":
            grades[i], short = "一般", short - 1
    return grades


@st.composite
def wenzhou_tables(draw: st.DrawFn) -> Tables:
    """A whole fact set: 11–24 units (some clones of others), three departments, every unit with an
    online row (who is picked depends on the drawn totals)."""
    profiles = draw(st.lists(unit_profile(), min_size=8, max_size=16))
    clones = draw(st.lists(st.integers(0, len(profiles) - 1), min_size=3, max_size=8))
    profiles += [profiles[i] for i in clones]
    ids = [f"U{i:02d}" for i in range(len(profiles))]
    tables: Tables = {name: [] for name in HEADERS}
    types = dict(DEPARTMENTS)
    for unit, p in zip(ids, profiles, strict=True):
        dept = str(p["dept"])
        tables["units"].append({"单位编码": unit, "单位名称": f"处室{unit}", "类别": "机关中层", "主管单位": dept,
                                "主管单位类型": types[dept], "服务数据量": str(p["volume"]),
                                "履职成效得分": str(p["performance"]), "主管单位评价": str(p["grade"]),
                                "上年度不满意单位": str(p["flag"])})
        tables["satisfaction"].append(dict(zip(HEADERS["satisfaction"], [unit, *p["sat"]], strict=True)))
        tables["hotline"].append(dict(zip(HEADERS["hotline"], [unit, *p["hot"]], strict=True)))
        tables["online"].append(dict(zip(HEADERS["online"], [unit, *p["online"]], strict=True)))
        tables["supervision"] += [{"单位编码": unit, **row} for row in p["cases"]]
        tables["awards"] += [{"单位编码": unit, **row} for row in p["awards"]]
    for dept, _ in DEPARTMENTS:
        rows = [r for r in tables["units"] if r["主管单位"] == dept]
        for row, grade in zip(rows, _grades([r["主管单位评价"] for r in rows]), strict=True):
            row["主管单位评价"] = grade
    for dept, kind in DEPARTMENTS:
        tables["departments"].append({"主管单位": dept, "主管单位类型": kind,
                                      "热线年度排名": str(draw(st.sampled_from([1, 15, 16, 20, 21, 60, 200]))),
                                      "未按要求报送材料扣分": draw(st.sampled_from(["0", "0.5", "1.3", "2"]))})
    return tables


def write_tables(folder: Path, tables: Tables) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables[name])
