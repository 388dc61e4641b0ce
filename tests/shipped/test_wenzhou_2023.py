"""The Wenzhou 2023 scheme (rulesets/wenzhou-2023.yaml) on examples/wenzhou-2023: numbers, workbook, row accounting, errors."""

from __future__ import annotations

import csv
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run

from .wenzhou_reference import reference

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "wenzhou-2023.yaml"
FACTS = ROOT / "examples" / "wenzhou-2023"
COMPONENTS = ("服务对象满意度", "监督检查", "热线日常办理", "热线年度评价", "热线", "主管单位评价", "日常评议",
              "网络评议", "加分", "报送材料扣分")


def _flat(components: list[dict[str, Any]]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for c in components:
        flat[c["id"]] = c["points"]
        flat.update(_flat(c.get("components", [])))
    return flat


def _cli_json(facts: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(RULESET), str(facts), "--format", "json"], out, err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return _cli_json(FACTS)


def test_issue_numbers(data: dict[str, Any]) -> None:
    units = {u["id"]: u for u in data["units"]}
    assert _flat(units["WZ003"]["components"])["监督检查"] == "3.75"
    assert _flat(units["WZ016"]["components"])["监督检查"] == "0.00"
    assert _flat(units["WZ006"]["components"])["监督检查"] == "19.00"
    assert _flat(units["WZ004"]["components"])["加分"] == "2.00"
    picked = sorted(u["id"] for u in data["units"] if u["total"] is not None)
    assert len(picked) == 17 and "WZ028" in picked
    assert units["WZ022"]["rank"] == 1 and units["WZ022"]["tiers"] == ["满意单位"]
    assert units["WZ016"]["tiers"] == ["不满意单位"]
    assert units["WZ002"]["total"] is None and units["WZ002"]["rank"] is None and units["WZ002"]["tiers"] == []
    # names are the document's terms
    names = {c["name"] for c in units["WZ003"]["components"][0]["components"]}
    assert {"服务对象满意度评价", "履职成效评价", "监督检查评价", "12345政务服务热线评价", "主管单位评价"} == names


def test_all_forty_units_match_an_independent_reading(data: dict[str, Any]) -> None:
    expected = reference(FACTS)
    assert len(data["units"]) == 40
    problems = []
    for unit in data["units"]:
        want = expected[unit["id"]]
        flat = _flat(unit["components"])
        for cid in COMPONENTS:
            got = None if flat[cid] is None else Decimal(flat[cid])
            if got != want[cid]:
                problems.append(f"{unit['id']} {cid}: {got} != {want[cid]}")
        total = None if unit["total"] is None else Decimal(unit["total"])
        if (total, unit["rank"], unit["tiers"]) != (want["total"], want["rank"], want["tiers"]):
            problems.append(f"{unit['id']}: {(total, unit['rank'], unit['tiers'])} != "
                            f"{(want['total'], want['rank'], want['tiers'])}")
        stage = unit["stages"][0]
        if (stage["rank"], stage["selected"]) != (want["stage_rank"], want["picked"]):
            problems.append(f"{unit['id']} stage 1: {stage} vs rank {want['stage_rank']} picked {want['picked']}")
    assert problems == []


def _workbook(folder: Path, target: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                sheet.append([_cell(v) for v in row])
    book.save(target)
    return target


def _cell(text: str) -> Any:
    """Numbers as Excel numbers (as an office's sheet would hold them), the rest as text."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        return text
    return int(number) if number == number.to_integral_value() and "." not in text else float(text)


def test_workbook_gives_identical_results(tmp_path: Path, data: dict[str, Any]) -> None:
    book = _workbook(FACTS, tmp_path / "wenzhou-2023.xlsx")
    from_book = _cli_json(book)
    assert from_book["units"] == data["units"]


def test_every_case_and_award_row_is_accounted_for_once(tmp_path: Path) -> None:
    ruleset = load_ruleset(RULESET)
    for facts in (FACTS, _workbook(FACTS, tmp_path / "w.xlsx")):
        result = score(ruleset, facts)
        for table in ("supervision", "awards"):
            with open(FACTS / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
            for number, row in enumerate(rows, start=2):
                subject = result.subject(row["单位编码"])
                traces = [
                    t for entry in subject.trace() for t in entry.rows
                    if _place(t.location) == (table, number)
                ]
                assert len(traces) == 1, (table, number, traces)
                assert traces[0].status in ("counted", "capped", "exempted", "excluded", "superseded", "unselected")
        # no trace row belongs to another unit's table row
        for subject in result.subjects:
            for entry in subject.trace():
                assert len({str(t.location) for t in entry.rows}) == len(entry.rows)


def _place(location: Any) -> tuple[str, int]:
    """(table, row number) of a CSV row or a workbook row."""
    if location.sheet is not None:
        return location.sheet, int("".join(ch for ch in location.cell if ch.isdigit()))
    return Path(location.file).stem, location.row


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(FACTS, folder)
    return folder


def _edit(folder: Path, table: str, unit: str, column: str | None, value: str | None, nth: int = 0) -> None:
    """Set a cell of the nth row of `unit` (or drop that row when column is None)."""
    path = folder / f"{table}.csv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    matches = [i for i, r in enumerate(body) if r[0] == unit]
    index = matches[nth]
    if column is None:
        del body[index]
    else:
        body[index][header.index(column)] = value or ""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *body])


def _fails(folder: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(RULESET), str(folder)], out, err) == 1
    assert out.getvalue() == ""
    return err.getvalue().replace(str(folder), "<facts>").strip()


def test_deduction_outside_its_items_range_names_the_cell(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "supervision", "WZ001", "扣分", "6")  # A1 is 3–5 per case
    assert _fails(folder) == (
        "<facts>/supervision.csv, row 2: column 扣分: WZ001 市发改委审批处: 日常评议/监督检查: "
        "the check 'A1 决策部署不到位：扣分 在 3–5 内' does not hold (扣分 = 6) [EV027]"
    )


def test_ranged_sanction_outside_its_range(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "supervision", "WZ015", "扣分", "3.5")  # 诫勉谈话 0.9–3
    assert _fails(folder) == (
        "<facts>/supervision.csv, row 25: column 扣分: WZ015 市人社局执法支队: 日常评议/监督检查: "
        "the check 'B1 党纪处分·诫勉谈话：扣分 在 0.9–3 内' does not hold (扣分 = 3.5) [EV027]"
    )


def test_department_breaking_the_20_percent_quota(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "units", "WZ002", "主管单位评价", "优秀")  # 市发改委: 2 优秀 of 3, at most ⌈0.6⌉ = 1
    assert _fails(folder) == (
        "<facts>/units.csv, row 3: column 主管单位评价: 主管单位评价等次比例: 主管单位 市发改委: 主管单位评价 优秀 for 2 "
        "(subjects counted: 3; 主管单位评价: 优秀 2, 良好 1); at most ⌈20% × 3⌉ = 1 allowed [EV009]"
    )


def test_department_with_too_few_yiban(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "units", "WZ026", "主管单位评价", "良好")  # 市卫健委: 6 units need ⌊1.2⌋ = 1 一般
    message = _fails(folder)
    assert "主管单位 市卫健委: 主管单位评价 一般 for 0 (subjects counted: 6;" in message
    assert "at least ⌊20% × 6⌋ = 1 allowed" in message


def test_picked_unit_without_online_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "online", "WZ028", None, None)
    assert _fails(folder) == (
        "<facts>/units.csv, row 29: WZ028 市卫健委服务中心: 网络评议阶段: selected for 网络评议 "
        "but has no row in table 'online' [EV008]"
    )


def test_hotline_h8_sum_outside_its_count_range(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "hotline", "WZ001", "H8扣分", "1.1")  # 2 cases: 0.6–1.0
    assert _fails(folder) == (
        "<facts>/hotline.csv, row 2: column H8扣分: WZ001 市发改委审批处: 日常评议/热线/热线日常办理: the check "
        "'态度问题：H8扣分 在 H8件数 × 0.3–0.5 内' does not hold (H8扣分 = 1.1, H8件数 = 2) [EV027]"
    )


def test_no_satisfaction_answers_is_an_error_not_zero(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    for column in ("满意", "一般", "不满意"):
        _edit(folder, "satisfaction", "WZ010", column, "0")
    assert "WZ010 市自然资源局审批处: 日常评议/服务对象满意度: expression '(满意 + 一般 * 0.6 + 不满意 * 0) * 30 / 票数合计 * 服务量系数': division by zero (满意 = 0, 一般 = 0, 不满意 = 0, 服务量系数 = 1, 票数合计 = 0" in _fails(folder)


def test_department_missing_from_departments_table(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "departments", "市水务集团", None, None)
    message = _fails(folder)
    assert message.startswith("<facts>/units.csv, row 39: column 主管单位: WZ038 市水务集团审批处: no row for '市水务集团'")


def test_fixed_sanction_with_a_different_amount_on_the_row(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "supervision", "WZ004", "扣分", "5")  # B1 警告 is 3 per person-time
    assert _fails(folder) == (
        "<facts>/supervision.csv, row 10: column 扣分: WZ004 市市场监管局审批处: 日常评议/监督检查: "
        "the check 'B1 党纪处分·警告：扣分 为空或为 3' does not hold (扣分 = 5) [EV027]"
    )


def test_lost_exemption_is_explained_in_the_trace() -> None:
    result = score(load_ruleset(RULESET), FACTS)
    (row,) = result.subject("WZ006").component("监督检查").trace.rows
    assert (row.status, row.amount) == ("counted", 6)
    assert row.reason == "政务处分·降级 6 不适用豁免（主管单位主动发现并查处、整改到位，免于扣分）：逾期报送，年底一律按被查扣分（注1）"
    (exempt,) = result.subject("WZ005").component("监督检查").trace.rows
    assert exempt.status == "exempted"


def test_sanction_item_without_its_sanction(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "supervision", "WZ002", "处分", "")
    assert _fails(folder) == (
        "<facts>/supervision.csv, row 4: column 处分: WZ002 市发改委综合处: 日常评议/监督检查: blank; the per_row table "
        "takes the row by '处分' (its rows for 事项 = B1 name 警告 / 严重警告 / 撤销党内职务 / 留党察看 / 开除党籍 / 诫勉谈话) [EV033]"
    )


def test_b2_does_not_take_a_party_sanction(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    _edit(folder, "supervision", "WZ002", "处分", "开除党籍", nth=1)  # a B2 row: 政务处分 only
    assert _fails(folder) == (
        "<facts>/supervision.csv, row 5: column 处分: WZ002 市发改委综合处: 日常评议/监督检查: '开除党籍' is in no row of "
        "the per_row table on '处分' (its rows for 事项 = B2 name 警告 / 记过 / 记大过 / 降级 / 撤职 / 开除) [EV033]"
    )
