"""`pingyi score --format xlsx|csv|html|table|json -o`: content, provenance, styling and byte-identical reruns."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.cli import run

from ..helpers import ROOT, RULESETS, shipped

SHIPPED = shipped()
IDS = [r.stem for r, _ in SHIPPED]
FORMATS = ("table", "json", "csv", "xlsx", "html")
SEED_004 = (RULESETS / "district-neishe-ceping-2012.yaml", ROOT / "examples" / "seed-004")


def write(ruleset: Path, facts: Path, fmt: str, target: Path, *extra: str) -> bytes:
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(ruleset), str(facts), "--format", fmt, "-o", str(target), *extra], out, err)
    assert code == 0, err.getvalue()
    return target.read_bytes()


def digests(ruleset: Path, facts: Path) -> list[str]:
    return [hashlib.sha256(ruleset.read_bytes()).hexdigest()] + [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(facts.glob("*.csv"))
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(("ruleset", "facts"), SHIPPED, ids=IDS)
def test_same_inputs_give_the_same_bytes_and_carry_provenance(ruleset: Path, facts: Path, fmt: str, tmp_path: Path) -> None:
    first = write(ruleset, facts, fmt, tmp_path / f"a.{fmt}")
    second = write(ruleset, facts, fmt, tmp_path / f"b.{fmt}")
    assert first == second
    if fmt == "xlsx":
        book = openpyxl.load_workbook(tmp_path / "a.xlsx")
        text = "\n".join(str(v) for row in book["计分说明"].iter_rows(values_only=True) for v in row)
    else:
        text = first.decode("utf-8-sig")
    model = load_ruleset(ruleset).model
    for sha in digests(ruleset, facts):
        assert sha in text
    assert model.id in text and model.version in text


@pytest.mark.parametrize(("ruleset", "facts"), SHIPPED, ids=IDS)
def test_stamp_adds_a_generation_time(ruleset: Path, facts: Path, tmp_path: Path) -> None:
    plain = write(ruleset, facts, "csv", tmp_path / "a.csv")
    assert "生成时间" not in plain.decode("utf-8-sig")
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    stamped = write(ruleset, facts, "csv", tmp_path / "b.csv", "--stamp").decode("utf-8-sig")
    html = write(ruleset, facts, "html", tmp_path / "b.html", "--stamp").decode()
    book = openpyxl.load_workbook(io.BytesIO(write(ruleset, facts, "xlsx", tmp_path / "b.xlsx", "--stamp")))
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    # each stamp is the time of its own run (UTC, whole seconds): between before and after
    found = re.search(r"生成时间,(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)Z", stamped)
    assert found is not None and before <= dt.datetime.fromisoformat(found.group(1)) <= after
    found = re.search(r"<dt>生成时间</dt><dd>(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d) UTC</dd>", html)
    assert found is not None and before <= dt.datetime.fromisoformat(found.group(1)) <= after
    assert before <= book.properties.created <= after


@pytest.mark.parametrize(("ruleset", "facts"), SHIPPED, ids=IDS)
def test_csv_has_a_bom_and_the_ranking(ruleset: Path, facts: Path, tmp_path: Path) -> None:
    data = write(ruleset, facts, "csv", tmp_path / "r.csv")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    result = score(load_ruleset(ruleset), facts)
    for subject in result.subjects:
        assert f",{subject.id},{subject.name}," in text


def test_xlsx_ranking_sheets_per_group_with_ties_and_styles(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(write(*SEED_004, "xlsx", tmp_path / "r.xlsx")))
    assert book.sheetnames == ["行政执法类", "综合管理类", "差距", "明细", "计分说明"]
    sheet = book["综合管理类"]
    header = [c.value for c in sheet[2]]
    assert header == ["名次", "编码", "单位", "综合满意度（满分 80）", "整改情况（满分 20）", "扣分", "总分", "等次", "备注"]
    assert sheet[2][0].font.b and sheet.freeze_panes == "D3"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    # ZH03 and ZH10 both 77.16: competition ranking, shown as tied (worked case in the ruleset's cases).
    assert rows["ZH03"][0] == rows["ZH10"][0] == "16（并列）"
    assert rows["ZH13"][0] == 1 and Decimal(str(rows["ZH13"][6])) == Decimal("91.76")
    assert sheet["G3"].number_format == "0.00"
    law = {r[1]: r for r in book["行政执法类"].iter_rows(min_row=3, values_only=True)}
    # ZF04: 20 − 3×2 − 5×1 − 10×1 = −1 → floored at 0; 扣分 20 and the floor in 备注.
    assert law["ZF04"][4] == 0 and law["ZF04"][5] == 20 and "扣完为止" in law["ZF04"][8]


def test_xlsx_detail_has_one_row_per_trace_entry(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(write(*SEED_004, "xlsx", tmp_path / "r.xlsx")))
    detail = book["明细"]
    assert [c.value for c in detail[1]] == ["编码", "单位", "指标", "路径", "规则", "满分", "输入", "计算过程", "得分", "条款", "说明"]
    result = score(load_ruleset(SEED_004[0]), SEED_004[1])
    entries = sum(len(list(s.trace())) for s in result.subjects)
    rows = list(detail.iter_rows(min_row=2, values_only=True))
    assert len(rows) == entries
    zf03 = next(r for r in rows if r[0] == "ZF03" and r[3] == "整改情况")
    # §六: 20 − 3 per 未按时整改 (ZF03 has 1) = 17
    assert zf03[4] == "倒扣分" and zf03[7] == "20 − (未按时间节点整改或整改不到位 1×3) = 17" and zf03[8] == 17
    rules = [r for r in book["计分说明"].iter_rows(values_only=True)]
    keys = {r[0] for r in rules}
    assert {"舍入", "排名", "等次", "规则集 SHA-256"} <= keys
    assert any("四舍五入" in r[1] for r in rules if r[0] == "舍入")
    assert any("1, 2, 2, 4" in r[1] for r in rules if r[0] == "排名")


def test_xlsx_needs_an_output_file() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(SEED_004[0]), str(SEED_004[1]), "--format", "xlsx"], out, err) == 2
    assert "-o FILE" in err.getvalue()


@pytest.mark.parametrize(("ruleset", "facts"), SHIPPED, ids=IDS)
def test_html_is_self_contained(ruleset: Path, facts: Path, tmp_path: Path) -> None:
    html = write(ruleset, facts, "html", tmp_path / "r.html").decode()
    assert "<script" not in html.lower()
    assert not re.search(r"\b(src|href)\s*=", html) and "url(" not in html and "@import" not in html
    assert re.findall(r"https?://[^\"' ]+", html) == ["http://www.w3.org/2000/svg"] * len(re.findall(r"<svg", html))
    assert "@page { size: A4 landscape" in html
    result = score(load_ruleset(ruleset), facts)
    groups = {s.group for s in result.subjects}
    assert html.count('<table class="rank">') == len(groups)
    assert html.count('class="histogram"') == len(groups) and html.count('class="stacked"') == len(groups)
    for subject in result.subjects:
        assert f'id="s-{subject.id}"' in html
        for entry in subject.trace():
            assert entry.formula.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html


def test_xlsx_is_identical_across_processes(tmp_path: Path) -> None:
    # Separate interpreters with different hash seeds: no set or dict order may leak into the bytes.
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"r{seed}.xlsx"
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        subprocess.run([sys.executable, "-m", "pingyi_rules", "score", str(SEED_004[0]), str(SEED_004[1]),
                        "--format", "xlsx", "-o", str(target)], check=True, env=env, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
