"""Group checks (`checks` with `within`) and forced distributions, which are written as one.

For generated groups whose counts sit below, on and above each rounded bound: a distribution, its
expansion (`pingyi expand`) and a group check written by hand decide as the oracle does (⌈share·n⌉,
⌊share·n⌋, ⌊share·n + ½⌋ worked out with fractions, at least `min`), and fail with the same error.
"""

from __future__ import annotations

import math
import tempfile
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, RulesetError, load_ruleset, score
from pingyi_rules.expand import dump_ruleset, expand_ruleset

from ..rules_helpers import HEAD, write_tables

TABLE = """inputs:
  subjects: {table: units, id_column: 编码, name_column: 名称}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
        - {header: 名称, type: text}
        - {header: 主管单位, type: text}
        - {header: 评价, type: enum, choices: [优秀, 良好, 一般], required: false}
        - {header: 得分, type: decimal}
"""
TAIL = """points: 100
components:
  - {id: 分, name: 得分, kind: input, column: 得分, points: 100}
"""
GRADES = ("优秀", "良好", "一般")
Limit = tuple[str, str, Decimal, str, int]  # grade, at_most | at_least, share, round, min


def _bound(share: Decimal, rounding: str, n: int, least: int = 0) -> int:
    exact = Fraction(share) * n
    value = {"up": math.ceil(exact), "down": math.floor(exact), "half_up": math.floor(exact + Fraction(1, 2))}[rounding]
    return max(least, value)


def _oracle(groups: list[tuple[str, list[str]]], limits: list[Limit]) -> tuple[str, str, int] | None:
    """The first (group, grade, count) that breaks a limit, groups in the facts' order; None: all hold."""
    for name, grades in groups:
        rated = [g for g in grades if g]
        if not rated:  # a group is made of the subjects it counts: none, no group
            continue
        for grade, key, share, rounding, least in limits:
            have, bound = rated.count(grade), _bound(share, rounding, len(rated), least)
            if (have > bound) if key == "at_most" else (have < bound):
                return name, grade, have
    return None


def _facts(groups: list[tuple[str, list[str]]]) -> str:
    rows = [f"U{g}{i},单位{g}{i},{name},{grade},{i}" for g, (name, grades) in enumerate(groups) for i, grade in enumerate(grades)]
    return "编码,名称,主管单位,评价,得分\n" + "\n".join(rows)


def _outcome(text: str, folder: Path) -> str:
    """What scoring gives: the totals, or the error's code, place and message."""
    try:
        result = score(load_ruleset(folder / "r.yaml", text=text), folder / "facts")
    except PingyiError as exc:
        return f"[{exc.code}] {exc.location} {exc.message}"
    return " ".join(f"{s.id}={s.total}" for s in result.subjects)


@st.composite
def _groups(draw: st.DrawFn, limits: list[Limit]) -> list[tuple[str, list[str]]]:
    """Groups whose count of each limit's grade is its bound, one below or one above (where it fits)."""
    groups = []
    for number in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 12))
        counts = dict.fromkeys(GRADES, 0)
        for grade, _key, share, rounding, least in limits:
            want = _bound(share, rounding, n, least) + draw(st.sampled_from([-1, 0, 0, 1]))
            counts[grade] = max(0, min(want, n - sum(c for g, c in counts.items() if g != grade)))
        rest = [g for g in GRADES if g not in {limit[0] for limit in limits}]
        grades = [g for g, c in counts.items() for _ in range(c)]
        grades += [draw(st.sampled_from(rest)) if rest else "" for _ in range(n - len(grades))]
        grades += [""] * draw(st.integers(0, 2))  # blank grades are not counted
        groups.append((f"局{number}", draw(st.permutations(grades))))
    return groups


_SHARES = st.integers(1, 19).map(lambda k: Decimal(k) / 20)


@st.composite
def _distribution(draw: st.DrawFn) -> tuple[list[Limit], list[tuple[str, list[str]]]]:
    chosen = draw(st.lists(st.sampled_from(GRADES), min_size=1, max_size=2, unique=True))
    limits = [(g, draw(st.sampled_from(["at_most", "at_least"])), draw(_SHARES), draw(st.sampled_from(["up", "down"])), 0) for g in chosen]
    return limits, draw(_groups(limits))


def _distribution_text(limits: list[Limit]) -> str:
    shares = "\n".join(f"      - {{grade: {g}, {key}: {share}, round: {r}}}" for g, key, share, r, _ in limits)
    return HEAD + TABLE + f"distributions:\n  - name: 比例\n    column: 评价\n    within: 主管单位\n    shares:\n{shares}\n" + TAIL


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_distribution())
def test_a_distribution_and_its_expansion_decide_as_the_oracle(case: tuple[list[Limit], list[tuple[str, list[str]]]]) -> None:
    limits, groups = case
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_tables(folder / "facts", {"units": _facts(groups)})
        text = _distribution_text(limits)
        (folder / "r.yaml").write_text(text, encoding="utf-8")
        expanded = dump_ruleset(expand_ruleset(folder / "r.yaml"))
        assert "distributions" not in expanded and "within: 主管单位" in expanded
        ours, theirs = _outcome(text, folder), _outcome(expanded, folder)
    assert ours == theirs
    broken = _oracle(groups, limits)
    event("holds" if broken is None else "breaks")
    if broken is None:
        assert not ours.startswith("["), ours
    else:
        group, grade, have = broken
        assert ours.startswith("[EV009]"), ours
        assert f"比例: 主管单位 {group}: 评价 {grade} for {have}" in ours


@st.composite
def _group_check(draw: st.DrawFn) -> tuple[list[Limit], list[tuple[str, list[str]]]]:
    chosen = draw(st.lists(st.sampled_from(GRADES), min_size=1, max_size=3, unique=True))
    limits = [
        (g, draw(st.sampled_from(["at_most", "at_least"])), draw(_SHARES), draw(st.sampled_from(["up", "down", "half_up"])),
         draw(st.integers(0, 2)))
        for g in chosen
    ]
    return limits, draw(_groups(limits))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_group_check())
def test_a_group_check_with_share_bounds_decides_as_the_oracle(case: tuple[list[Limit], list[tuple[str, list[str]]]]) -> None:
    limits, groups = case
    parts = "\n".join(
        f"        - {{count_subjects: {{of: 评价, equals: {g}}}, {key}: {{share: {share}, round: {r}, min: {least}}}}}"
        for g, key, share, r, least in limits
    )
    text = HEAD + TABLE + (
        "checks:\n  - name: 比例\n    within: 主管单位\n    among: {not: {blank: 评价}}\n    when:\n      all:\n" + parts + "\n"
    ) + TAIL
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_tables(folder / "facts", {"units": _facts(groups)})
        ours = _outcome(text, folder)
    broken = _oracle(groups, limits)
    event("holds" if broken is None else "breaks")
    if broken is None:
        assert not ours.startswith("["), ours
    else:
        group, grade, have = broken
        assert ours.startswith("[EV009]"), ours
        assert f"比例: 主管单位 {group}: 评价 {grade} for {have}" in ours


def _run(body: str, units: str, tmp_path: Path) -> str:
    write_tables(tmp_path / "facts", {"units": units})
    return _outcome(HEAD + TABLE + body + TAIL, tmp_path)


UNITS = "编码,名称,主管单位,评价,得分\nA,甲,局A,优秀,90\nB,乙,局A,良好,80\nC,丙,局A,一般,70\nD,丁,局B,一般,60\n"


def test_a_mean_below_its_bound_names_the_group_and_its_value(tmp_path: Path) -> None:
    body = "checks:\n  - {name: 平均分, within: 主管单位, when: {mean: 得分, at_least: 65}}\n"
    assert _run(body, UNITS, tmp_path).endswith(
        "units.csv, row 5: column 得分 平均分: 主管单位 局B: the mean of 得分 over the subjects counted (1) is 60; at least 65 allowed"
    )


def test_a_count_of_all_the_group_with_a_share_and_a_floor(tmp_path: Path) -> None:
    # 局A: subjects counted: 3; at most max(4, ⌊50% × 3⌋) = 4 holds, 局B's 1 too; at least ⌈50% × 3 + ½⌉… half_up of 1.5 = 2
    body = "checks:\n  - {name: 规模, within: 主管单位, when: {count_subjects: all, at_most: {share: 0.5, round: down, min: 4}}}\n"
    assert _run(body, UNITS, tmp_path).startswith("A=90")
    body = "checks:\n  - {name: 规模, within: 主管单位, when: {count_subjects: {of: 得分, at_least: 70}, below: {share: 0.5, round: half_up}}}\n"
    # 局A: 3 of 3 have 得分 ≥ 70; below ⌊50% × 3 + ½⌋ = 2 fails, at the last one counted (C, row 4)
    assert _run(body, UNITS, tmp_path).endswith(
        "units.csv, row 4: column 主管单位 规模: 主管单位 局A: meeting “得分” ≥ 70: 3 (subjects counted: 3); "
        "less than ⌊50% × 3 + ½⌋ = 2 allowed"
    )


def test_any_and_not_say_the_condition_in_words(tmp_path: Path) -> None:
    body = "checks:\n  - {name: 有优秀, within: 主管单位, when: {not: {count_subjects: {of: 评价, equals: 优秀}, equals: 0}}}\n"
    assert _run(body, UNITS, tmp_path).endswith(
        "units.csv, row 5: column 主管单位 有优秀: 主管单位 局B does not meet 非（满足（“评价” = 优秀）的对象数 = 0） (subjects counted: 1)"
    )


def test_a_group_check_tests_fields_not_components_or_the_total() -> None:
    with pytest.raises(RulesetError) as caught:
        load_ruleset("t.yaml", text=HEAD + TABLE + "checks:\n  - {name: 总分, within: 主管单位, when: {count_subjects: {at_least: 60}, at_least: 1}}\n" + TAIL)
    assert caught.value.code == "RS070"
    assert "a group check is decided on the facts before anything is scored" in str(caught.value)


def test_distributions_are_checked_by_the_group_checks_only() -> None:
    """The scoring path names `distributions` only where they are written as group checks."""
    scoring = Path(__file__).parents[2] / "src" / "pingyi_rules" / "scoring"
    naming = sorted(p.name for p in scoring.glob("*.py") if "distributions" in p.read_text(encoding="utf-8"))
    assert naming == ["group_checks.py"]
    compiled = load_ruleset("t.yaml", text=_distribution_text([("优秀", "at_most", Decimal("0.2"), "up", 0)]))
    assert compiled.stages is None and len(compiled.group_checks) == 1


@pytest.mark.parametrize(("rounding", "ranked"), [("down", True), ("up", False), ("half_up", False)])
def test_a_gate_takes_a_share_of_its_group_as_a_bound(tmp_path: Path, rounding: str, ranked: bool) -> None:
    # 局A: 3 subjects, 1 优秀 — at least ⌊1.5⌋ = 1 holds, ⌈1.5⌉ = 2 and ⌊1.5 + ½⌋ = 2 do not
    gate = (f"gates:\n  - {{name: 优秀面, within: 主管单位, outcome: 不排名, "
            f"when: {{count_subjects: {{of: 评价, equals: 优秀}}, at_least: {{share: 0.5, round: {rounding}}}}}}}\n")
    write_tables(tmp_path / "facts", {"units": UNITS})
    result = score(load_ruleset(tmp_path / "r.yaml", text=HEAD + TABLE + gate + TAIL), tmp_path / "facts")
    assert result.subject("A").rank == (1 if ranked else None)
    assert (result.gates[0].group, result.gates[0].held) == ("局A", ranked)
