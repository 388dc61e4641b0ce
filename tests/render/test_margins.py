"""Margins (差距): distances to the tier boundaries and to the neighbours in the ranking, worked by
hand at exact boundaries, against an independent reading on random totals, and in every output."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, read_facts, score
from pingyi_rules.render.margins import Margin, margin_text, margins, tier_boundaries

from ..helpers import ROOT, cli

RULESET = """id: margins-test
name: 差距测试
version: "1"
source: {title: 测试方案}
numbers: {places: 2DECIDE}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 得分, type: decimal, min: 0, max: 100}
        - {header: 不参评, type: bool}
points: 100
components:
  - {id: 得分, name: 得分, kind: input, column: 得分, points: 100}
conditions:
  - {name: 很差, when: {at_most: 30}}
exclude:
  - {when: {flag: 不参评}, reason: 不参评}
vetoes:
  - {name: 很差否决, when: {is: 很差}, forces: 不合格}
tiers:
  - {name: 优秀, when: {at_least: 90}}
  - {name: 良好, when: {all: [{above: 80}, {not: {tier: 优秀}}]}}
  - {name: 合格, when: {between: [60, 80]}}
  - {name: 不合格, when: {below: 60}}
"""
UNITS = """编码,名称,得分,不参评
U1,一,90,否
U2,二,89.99,否
U3,三,80,否
U4,四,60,否
U5,五,30,否
U6,六,59.995,否
U7,七,75,是
"""


def _write(tmp_path: Path, decide: str = "") -> Path:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    path = tmp_path / "r.yaml"
    path.write_text(RULESET.replace("DECIDE", decide), encoding="utf-8")
    return path


def _shown(found: dict[str, Margin]) -> dict[str, tuple[str, ...]]:
    return {
        unit: tuple("—" if part is None else f"{margin_text(part[0], 2)}@{part[1]}"
                    for part in (m.tier_up, m.tier_down, m.rank_up, m.rank_down))
        for unit, m in found.items()
    }


def test_the_boundaries_are_read_from_every_tier_and_veto_condition(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path))
    # at_least 90, above 80, between [60, 80], below 60, and the named 很差 (at_most 30) through the veto
    assert tier_boundaries(ruleset.model) == [
        (Decimal(30), False), (Decimal(60), True), (Decimal(80), False), (Decimal(90), True),
    ]


def test_margins_at_exact_boundaries(tmp_path: Path) -> None:
    ruleset = load_ruleset(path := _write(tmp_path))
    found = _shown(margins(score(ruleset, tmp_path), ruleset))
    assert found == {
        # exactly on 90.00 of at_least 90: 0.00 down (any loss crosses it), nothing above
        "U1": ("—", "0.00@90", "—", "0.01@U2"),
        "U2": ("0.01@90", "9.99@80", "0.01@U1", "9.99@U3"),
        # 80 of `above: 80` is on the lower side: 0.00 up (passing it is needed), 20.00 down to 60
        "U3": ("0.00@80", "20.00@60", "9.99@U2", "20.00@U4"),
        # 60 of between [60, 80] and of below 60 is on the upper side; U4 and U6 tie at 60.00 (published)
        "U4": ("20.00@80", "0.00@60", "20.00@U3", "30.00@U5"),
        "U6": ("20.00@80", "0.00@60", "20.00@U3", "30.00@U5"),
        # on 30 of at_most 30 (the veto's named condition): any gain crosses it
        "U5": ("0.00@30", "—", "30.00@U4", "—"),
        "U7": ("—", "—", "—", "—"),  # excluded: no rank, no tiers, no margins
    }
    code, out, err = cli("explain", str(path), str(tmp_path), "U3")
    assert (code, err) == (0, "")
    assert "差距：距上一等次界 0.00（80）；距下一等次界 20.00（60）；距前一名 9.99（U2）；距后一名 20.00（U4）\n" in out


def test_exact_decisions_measure_the_exact_totals(tmp_path: Path) -> None:
    ruleset = load_ruleset(_write(tmp_path, ", decide: exact"))
    found = _shown(margins(score(ruleset, tmp_path), ruleset))
    # U6 is 59.995: 0.005 short of 60, every digit shown; 60 − 59.995 between U4 and U6
    assert found["U6"] == ("0.005@60", "29.995@30", "0.005@U4", "29.995@U5")
    assert found["U4"] == ("20.00@80", "0.00@60", "20.00@U3", "0.005@U6")


def test_the_table_shows_margins_only_when_asked(tmp_path: Path) -> None:
    path = _write(tmp_path)
    code, plain_table, _ = cli("score", str(path), str(tmp_path))
    assert code == 0 and "距上一等次界" not in plain_table
    code, table, _ = cli("score", str(path), str(tmp_path), "--margins")
    assert code == 0
    header, first = table.splitlines()[1:3]
    assert header.split() == ["名次", "编码", "名称", "得分(100)", "总分", "距上一等次界", "距下一等次界", "距前一名", "距后一名", "等次", "备注"]
    assert first.split() == ["1", "U1", "一", "90.00", "90.00", "—", "0.00", "—", "0.01", "优秀"]
    for fmt in ("csv", "json"):
        code, out, err = cli("score", str(path), str(tmp_path), "--format", fmt, "--margins")
        assert (code, out) == (2, "") and "has no margin columns" in err
    code, _, err = cli("score", str(path), str(tmp_path), "--format", "html", "--margins")
    assert code == 2 and "always shows the margins" in err


def test_the_workbook_and_the_html_report_show_the_margins(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    facts.mkdir()
    path = _write(facts)
    book_path = tmp_path / "out.xlsx"
    assert cli("score", str(path), str(facts), "--format", "xlsx", "-o", str(book_path))[0] == 0
    sheet = openpyxl.load_workbook(book_path)["差距"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("名次", "编码", "单位", "总分", "距上一等次界", "上一等次界", "距下一等次界", "下一等次界",
                       "距前一名", "前一名", "距后一名", "后一名")
    assert rows[3] == (3, "U3", "三", 80, 0, "80", 20, "60", 9.99, "U2", 20, "U4")
    assert rows[7][:5] == ("—", "U7", "七", 75, "—")
    code, html, _ = cli("score", str(path), str(facts), "--format", "html")
    assert code == 0
    section = html.split('<section class="margins">', 1)[1].split("</section>", 1)[0]
    assert '<td>U3</td><td>三</td><td class="num">80.00</td><td class="num">0.00</td><td>80</td>' in section


def test_shipped_scheme_explain_names_the_boundary_of_seventy() -> None:
    code, out, _ = cli("explain", str(ROOT / "rulesets" / "district-neishe-ceping-2012.yaml"), str(ROOT / "examples" / "seed-004"), "ZF04")
    assert code == 0
    assert out.endswith("差距：距上一等次界 —；距下一等次界 3.22（70）；距前一名 2.36（ZF01）；距后一名 10.96（ZF08）\n")


_ONE_TIER = """id: one-tier
name: 一档
version: "1"
source: {title: 测试方案}
inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 得分, type: decimal, min: 0, max: 100}
points: 100
components:
  - {id: 得分, name: 得分, kind: input, column: 得分, points: 100}
tiers:
  - {name: 达标, when: {at_least: BOUND}}
"""
_CENTS = st.integers(0, 10000).map(lambda n: Decimal(n).scaleb(-2))


@settings(max_examples=40, deadline=None)
@given(bound=_CENTS, totals=st.lists(_CENTS, min_size=1, max_size=8))
@example(bound=Decimal(70), totals=[Decimal("70.00"), Decimal("69.99"), Decimal("70.00")])  # on 70.00 of at_least 70: 0.00 down
def test_margins_agree_with_an_independent_reading(bound: Decimal, totals: list[Decimal]) -> None:
    ruleset = load_ruleset("one.yaml", text=_ONE_TIER.replace("BOUND", str(bound)))
    rows = [{"编码": f"U{i}", "名称": f"单位{i}", "得分": t} for i, t in enumerate(totals)]
    result = score(ruleset, read_facts(ruleset, {"units": rows}))
    found = margins(result, ruleset)
    for subject in result.subjects:
        total = subject.total
        assert total is not None
        margin = found[subject.id]
        # in the tier exactly when the total is at least the bound: then `total − down` is the bound
        if "达标" in subject.tiers:
            assert margin.tier_up is None and margin.tier_down == (total - bound, bound)
            if total == bound:
                assert margin_text(margin.tier_down[0], 2) == "0.00"
        else:
            assert margin.tier_down is None and margin.tier_up == (bound - total, bound)
        better = [t for t in totals if t > total]
        worse = [t for t in totals if t < total]
        assert (None if margin.rank_up is None else margin.rank_up[0]) == (min(better) - total if better else None)
        assert (None if margin.rank_down is None else margin.rank_down[0]) == (total - max(worse) if worse else None)


def test_margin_text_keeps_every_digit_it_has() -> None:
    assert [margin_text(Decimal(v), 2) for v in ("0", "0.370", "0.005", "12")] == ["0.00", "0.37", "0.005", "12.00"]
    assert margin_text(None, 2) == "—"
