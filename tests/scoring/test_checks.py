"""Top-level `checks:` — conditions every subject must meet before anything is decided (all twelve
months of the period present, enough ballots returned). A subject failing one stops the run with
EV015 naming the subject and the check; a check tests the facts (fields, rows, components, named
values), never the total, the ranking or a tier (RS070)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import PingyiError
from pingyi_rules.core.errors import EvaluationError

from ..rules_helpers import subject_table

D = Decimal
BODY = "\nperiod: {start: 2023-01-01, end: 2023-12-31}\n" + subject_table("{header: 应到, type: count}") + """    - id: monthly
      layout: cases
      subject: 编码
      dated_by: 月份
      columns:
        - {header: 编码, type: id}
        - {header: 月份, type: month}
        - {header: 分数, type: decimal, min: 0, max: 100}
values:
  - {id: 月数, name: 考评月数, kind: aggregate, table: monthly, function: count, empty: 0}
points: 100
components:
  - {id: 月评, name: 月评平均, kind: aggregate, points: 100, table: monthly, function: mean, per_row: 分数, empty: 0}
checks:
  - {name: 十二个月齐全, when: {of: 月数, equals: 12}, clause: 第六条 月评累计为年度总评分}
tiers:
  - {name: 优秀, when: {at_least: 85}}
"""
UNITS = "编码,名称,应到\nU1,甲,30\nU2,乙,25\n"


def _months(unit: str, scores: list[int], first: int = 1, year: int = 2023) -> str:
    return "".join(f"{unit},{year}-{first + i:02d},{s}\n" for i, s in enumerate(scores))


# U1: twelve months, eleven at 80 and one at 92, and a December 2022 row outside the period
#   (left out of everything): mean (11 × 80 + 92) / 12 = 972 / 12 = 81.
# U2: twelve months at 90: mean 90, 优秀.
MONTHLY = "编码,月份,分数\n" + _months("U1", [80] * 11 + [92]) + "U1,2022-12,10\n" + _months("U2", [90] * 12)
# U2 without its March: eleven months in the period (and the 2022-12 row of U1 still outside it)
MONTHLY_GAP = MONTHLY.replace("U2,2023-03,90\n", "")


def test_a_check_that_holds_decides_nothing(run_rules: Any) -> None:
    result = run_rules(BODY, {"units": UNITS, "monthly": MONTHLY})
    got = {s.id: (s.total, s.rank, s.tiers, {v.id: v.points for v in s.named}) for s in result.subjects}
    assert got == {
        "U1": (D("81.00"), 2, [], {"月数": D(12)}),
        "U2": (D("90.00"), 1, ["优秀"], {"月数": D(12)}),
    }
    without = run_rules(BODY.split("checks:")[0] + "tiers:" + BODY.split("tiers:")[1], {"units": UNITS, "monthly": MONTHLY})
    assert [(s.id, s.total, s.rank, s.tiers) for s in without.subjects] == [
        (s.id, s.total, s.rank, s.tiers) for s in result.subjects
    ]


def test_a_failing_check_names_the_subject_and_the_check(run_rules: Any) -> None:
    with pytest.raises(EvaluationError) as caught:
        run_rules(BODY, {"units": UNITS, "monthly": MONTHLY_GAP})
    error = caught.value
    assert error.code == "EV015"
    assert error.message == "U2 乙: checks: the check '十二个月齐全' does not hold for this subject"
    assert (Path(error.location.file or "").name, error.location.row) == ("units.csv", 3)  # U2's row of the subject table


def test_the_first_failing_subject_is_named(run_rules: Any) -> None:
    # both lack a month: U1 (the first in the subject table) is the one named
    monthly = MONTHLY_GAP.replace("U1,2023-07,80\n", "")
    with pytest.raises(EvaluationError) as caught:
        run_rules(BODY, {"units": UNITS, "monthly": monthly})
    assert caught.value.code == "EV015" and caught.value.message.startswith("U1 甲: checks: the check '十二个月齐全'")


@pytest.mark.parametrize(
    ("when", "fails"),
    [
        # the rows of the period (void and out-of-period rows already removed): U1's 2022-12 row is not one
        ("{count_rows: monthly, at_least: 12}", "U2"),
        ("{count_rows: monthly, equals: 12}", "U2"),
        # rows meeting a row condition: no month below 85 (U1 has eleven at 80, U2 none)
        ("{count_rows: monthly, where: {column: 分数, below: 85}, at_most: 0}", "U1"),
        # a named value and a field in an expression: 月数 × 2 ≥ 应到 (U1 24 < 30, U2 22 < 25 without March)
        ("{expr: \"月数 * 2 >= 应到\"}", "U1"),
        # a component: 月评 at least 85 (U1 81)
        ("{of: 月评, at_least: 85}", "U1"),
        # a named condition, and all / any / not
        ("{is: 全年}", "U2"),
        ("{all: [{of: 月数, at_least: 12}, {of: 应到, at_least: 20}]}", "U2"),
        ("{any: [{of: 应到, below: 26}, {of: 月评, below: 85}]}", None),
        ("{not: {of: 应到, above: 26}}", "U1"),
    ],
)
def test_checks_in_the_one_condition_language(run_rules: Any, when: str, fails: str | None) -> None:
    body = BODY.replace("when: {of: 月数, equals: 12}", f"when: {when}")
    if "全年" in when:
        body += "conditions:\n  - {name: 全年, when: {count_rows: monthly, at_least: 12}}\n"
    try:
        result = run_rules(body, {"units": UNITS, "monthly": MONTHLY_GAP})
    except EvaluationError as exc:
        assert exc.code == "EV015" and exc.message.split(" ")[0] == fails, exc
    else:
        assert fails is None
        assert [s.id for s in result.subjects] == ["U1", "U2"]


def test_a_check_with_twelve_rows_holds_where_the_file_has_thirteen(run_rules: Any) -> None:
    # U1 has 13 rows in the file, 12 of them in the period; U2 11 + a 2022 row: 12 rows, 11 in the period
    body = BODY.replace("when: {of: 月数, equals: 12}", "when: {count_rows: monthly, at_least: 12}")
    monthly = MONTHLY_GAP + "U2,2022-11,90\n"
    with pytest.raises(EvaluationError) as caught:
        run_rules(body, {"units": UNITS, "monthly": monthly})
    assert caught.value.message.startswith("U2 乙: checks:")
    assert run_rules(body, {"units": UNITS, "monthly": MONTHLY}).subject("U1").total == D("81.00")


@pytest.mark.parametrize(
    ("when", "path", "message"),
    [
        ("{at_least: 60}", "checks[0].when", "a check tests the facts, not the total: name the value with 'of'"),
        ("{all: [{of: 月数, equals: 12}, {at_least: 60}]}", "checks[0].when.all[1]",
         "a check tests the facts, not the total: name the value with 'of'"),
        ("{not: {below: 60}}", "checks[0].when.not", "a check tests the facts, not the total: name the value with 'of'"),
        ("{is: 及格}", "conditions[0].when", "a check tests the facts, not the total: name the value with 'of'"),
        ("{top: 1}", "checks[0].when.top", "'top' does not apply in checks: checks are made before the ranking"),
        ("{bottom: 1}", "checks[0].when.bottom", "'bottom' does not apply in checks: checks are made before the ranking"),
        ("{tier: 优秀}", "checks[0].when.tier", "'tier' does not apply in checks: checks are made before any tier"),
    ],
)
def test_a_check_on_the_total_the_ranking_or_a_tier_is_refused(run_rules: Any, when: str, path: str, message: str) -> None:
    body = BODY.replace("when: {of: 月数, equals: 12}", f"when: {when}")
    if "及格" in when:
        body += "conditions:\n  - {name: 及格, when: {at_least: 60}}\n"
    with pytest.raises(PingyiError) as caught:
        run_rules(body, {"units": UNITS, "monthly": MONTHLY})
    assert caught.value.code == "RS070"
    assert f"{path}: {message} [RS070]" in str(caught.value)
