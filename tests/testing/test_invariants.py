"""The test kit's invariant checks: they hold for every shipped ruleset on its examples and on
generated facts, and each one fails on a result broken the way it guards against."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from pingyi_rules import PingyiError, load_ruleset
from pingyi_rules.results.result import ComponentResult, Result
from pingyi_rules.scaffold import init_folder
from pingyi_rules.testing import check_invariants, facts, given_facts, near_facts
from pingyi_rules.testing.invariants import (
    InvariantBroken,
    check_bounds,
    check_monotone,
    check_ranks,
    check_tiers,
    score_tables,
)

from ..factgen import COMPILED, RULESETS
from ..helpers import RULESETS as SHIPPED
from ..helpers import cli

NAMES = [name for name, _, _ in RULESETS]


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return init_folder("某县-2025", tmp_path_factory.mktemp("init")) / "某县-2025.yaml"


@pytest.mark.parametrize("name", NAMES)
def test_invariants_hold_on_the_shipped_examples(name: str) -> None:
    _, _, folder = next(r for r in RULESETS if r[0] == name)
    check_invariants(COMPILED[name], folder)


@pytest.mark.parametrize("name", ["city-gongshu-minping-2012", "county-qianren-2022", "district-neishe-ceping-2012",
                                  "service-center-windows", "wenzhou-2023", "corpus-base", "lingdao-shiji-lianghua",
                                  "renyuan-kaohe-cepingpiao", "shandong-qunzhong-manyidu", "zhengfeng-xingfeng-pingyi"])
def test_invariants_hold_on_generated_facts(name: str) -> None:
    ruleset = COMPILED[name] if name in COMPILED else load_ruleset(SHIPPED / f"{name}.yaml")
    scored = []

    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(facts(ruleset))
    def check(tables: dict[str, list[list[str]]]) -> None:
        try:
            check_invariants(ruleset, tables)
        except PingyiError as error:
            assert error.location is not None, str(error)
            return
        scored.append(1)

    check()
    assert len(scored) >= 5, f"only {len(scored)} of 15 generated fact sets were scored"


def test_the_three_line_property_test(starter: Path) -> None:
    ruleset = load_ruleset(starter)

    @given_facts(ruleset, max_examples=20)
    def test_invariants(tables: dict[str, list[list[str]]]) -> None:
        check_invariants(ruleset, tables)

    test_invariants()


@pytest.mark.parametrize("name", ["city-gongshu-minping-2012", "district-neishe-ceping-2012", "service-center-windows",
                                  "corpus-base", "wenzhou-2023"])
def test_near_valid_facts_are_refused_at_their_table(name: str) -> None:
    ruleset = COMPILED[name]
    refused = []

    @settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(near_facts(ruleset))
    def check(drawn: Any) -> None:
        tables, defect = drawn
        try:
            score_tables(ruleset, defect.repaired(tables))
        except PingyiError:
            return
        with pytest.raises(PingyiError) as caught:
            score_tables(ruleset, tables)
        assert f"{defect.table}[" in str(caught.value), (str(defect), str(caught.value))
        refused.append(defect.kind)

    check()
    assert refused


# --------------------------------------------------------------------------- each check can fail


def _result(starter: Path) -> tuple[Any, Result]:
    ruleset = load_ruleset(starter)
    return ruleset, score_tables(ruleset, starter.parent / "facts")[1]


def _replace_unit(result: Result, index: int, **changes: Any) -> Result:
    subjects = list(result.subjects)
    subjects[index] = dataclasses.replace(subjects[index], **changes)
    return dataclasses.replace(result, subjects=subjects)


def test_ranks_check_catches_a_wrong_rank(starter: Path) -> None:
    ruleset, result = _result(starter)
    check_ranks(ruleset, result)
    with pytest.raises(InvariantBroken, match=r"ranks: units A01 \(rank 1, 95.84\) and A02 \(rank 1, 76.40\): "
                                              "the same rank for different values"):
        check_ranks(ruleset, _replace_unit(result, 1, rank=1))
    with pytest.raises(InvariantBroken, match="rank 3, expected 2 .competition numbering"):
        check_ranks(ruleset, _replace_unit(result, 1, rank=3))
    with pytest.raises(InvariantBroken, match="the lower value ranks higher"):
        check_ranks(ruleset, _replace_unit(_replace_unit(result, 1, rank=1), 0, rank=2))


def test_tiers_check_catches_a_wrong_tier(starter: Path) -> None:
    ruleset, result = _result(starter)
    check_tiers(ruleset, result)
    with pytest.raises(InvariantBroken, match=r"unit A02 \(total 76.40\): the condition of tier 好 does not hold"):
        check_tiers(ruleset, _replace_unit(result, 1, tiers=["好"]))
    with pytest.raises(InvariantBroken, match=r"unit A01 \(total 95.84\): the condition of tier 好 holds"):
        check_tiers(ruleset, _replace_unit(result, 0, tiers=[]))
    with pytest.raises(InvariantBroken, match="tier 优秀 is not declared"):
        check_tiers(ruleset, _replace_unit(result, 0, tiers=["好", "优秀"]))


def test_bounds_check_catches_points_above_the_maximum(starter: Path) -> None:
    ruleset, result = _result(starter)
    check_bounds(ruleset, result)
    first = result.subjects[0]
    part = first.components[1]
    over = ComponentResult(part.id, part.name, part.max, Decimal("20.01"), part.trace, part.children)
    broken = _replace_unit(result, 0, components=(first.components[0], over))
    with pytest.raises(InvariantBroken, match="bounds: unit A01, component 日常考评: 20.01 is above its points 20"):
        check_bounds(ruleset, broken)


def test_monotone_check_catches_a_wrong_declaration(starter: Path, tmp_path: Path) -> None:
    text = starter.read_text(encoding="utf-8").replace("投诉查实: decreasing", "投诉查实: increasing")
    wrong = tmp_path / "某县-2025.yaml"
    wrong.write_text(text, encoding="utf-8")
    ruleset = load_ruleset(wrong)
    tables = {"units": [["单位编码", "单位名称", "满意", "基本满意", "不满意", "投诉查实"], ["A01", "甲", "5", "0", "0", "2"]]}
    with pytest.raises(InvariantBroken, match=r"monotone: unit A01, component 日常考评 \(declared 投诉查实: increasing\): "
                                              "投诉查实 2 → 3 moves its points 16 → 14"):
        check_monotone(ruleset, tables)
    check_monotone(load_ruleset(starter), tables)


def test_a_monotone_column_must_be_a_number_column(tmp_path: Path) -> None:
    folder = init_folder("甲", tmp_path)
    path = folder / "甲.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{投诉查实: decreasing}", "{投诉: decreasing}"), encoding="utf-8")
    code, _, err = cli("check", path)
    assert code == 1
    assert err == (f"{path}:50:20: components[1].monotone.投诉: monotone column '投诉' is not a number column of a "
                   "per-subject table (those columns: 不满意, 基本满意, 投诉查实, 满意) [PY005]\n")


def test_properties_command(starter: Path, tmp_path: Path) -> None:
    code, out, err = cli("test", starter, "--properties", "--budget", "10", "--seed", "3")
    assert (code, err) == (0, "")
    assert out == f"2 cases passed\n{starter}: properties hold (10 fact sets each, seed 3; 10 scored, 0 refused with a located error)\n"
    wrong = tmp_path / "某县-2025.yaml"
    wrong.write_text(starter.read_text(encoding="utf-8").replace("不满意: decreasing", "不满意: increasing"), encoding="utf-8")
    code, out, err = cli("test", wrong, "--properties", "--budget", "10")
    assert code == 1 and err == ""
    assert out.startswith(f"{wrong}: monotone: unit S")
    assert "component 群众满意度 (declared 不满意: increasing): 不满意 " in out
    assert out.endswith("(seed 0) [PY007]\n")
    code, _, err = cli("test", wrong, "--properties", "--budget", "0")
    assert code == 2 and err == "pingyi: --budget must be at least 1\n"


def test_properties_say_when_no_fact_set_was_scored(starter: Path, tmp_path: Path) -> None:
    never = tmp_path / "某县-2025.yaml"
    never.write_text(starter.read_text(encoding="utf-8") + "checks:\n  - {name: 从不成立, when: {of: 满意, below: 0}}\n",
                     encoding="utf-8")
    code, out, err = cli("test", never, "--properties", "--budget", "5")
    assert code == 0
    assert out.endswith("properties hold (5 fact sets each, seed 0; 0 scored, 5 refused with a located error)\n")
    assert err.startswith(f"warning: {never}: no generated fact set reached scoring, so the invariants were not "
                          "exercised; the first refusal: units[1]: S00")
    assert err.endswith("checks: the check '从不成立' does not hold for this subject [EV015]\n")
