"""`pingyi diff A B [FACTS]` on the shipped county variant: the rules that differ and whose results move."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pingyi_rules.cli import run
from pingyi_rules.render.diff import diff_data

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_diff_of_the_shipped_variant_with_facts() -> None:
    code, out, err = _cli(
        "diff", "rulesets/city-gongshu-minping-2012.yaml", "rulesets/examples/county-minping-variant.yaml",
        "examples/seed-001",
    )
    assert (code, err) == (0, "")
    # Hand-worked: ZC01 投诉查实 5 → 3: 日常考评 12, 77.277246… + 12 = 89.28;
    # ZC04 全国 10 → 8: 加分 8 + 2 = 10, 65.053675… + 20 + 10 = 95.05;
    # ZC05 下属效能责任 3 人次 × 3 = 9: 日常考评 11, 77.067889… + 11 = 88.07, below ZC06 88.66 → ranks swap.
    assert out == (
        "--- rulesets/city-gongshu-minping-2012.yaml\n"
        "+++ rulesets/examples/county-minping-variant.yaml\n"
        "rules that differ (6):\n"
        "  id: city-gongshu-minping-2012 → county-minping-variant-2012\n"
        "  name: 市委公述民评（中层干部） → 县公述民评（中层干部，示例）\n"
        "  version: 2012.1 → 2012.1-county\n"
        "  components.日常考评.items.投诉查实.amount: 5 → 3\n"
        "  components.日常考评.items.下属效能责任.amount: 2 → 3\n"
        "  components.激励性加分.items.全国.amount: 10 → 8\n"
        "subjects whose results change on examples/seed-001 (4):\n"
        "  ZC01 王建国: total 87.28 → 89.28\n"
        "  ZC04 刘洋: total 97.05 → 95.05\n"
        "  ZC05 陈静: total 91.07 → 88.07; rank 3 → 4\n"
        "  ZC06 杨帆: rank 4 → 3\n"
    )


def test_diff_without_facts_lists_only_rules() -> None:
    code, out, _ = _cli("diff", "rulesets/city-gongshu-minping-2012.yaml", "rulesets/examples/county-minping-variant.yaml")
    assert code == 0
    assert "subjects whose results change" not in out
    assert out.count("\n") == 9


def test_a_ruleset_does_not_differ_from_itself() -> None:
    code, out, _ = _cli(
        "diff", "rulesets/county-qianren-2022.yaml", "rulesets/county-qianren-2022.yaml", "examples/seed-000"
    )
    assert code == 0
    assert "rules that differ (0):\n  (none)\n" in out
    assert out.endswith("(0):\n  (none)\n")


def test_diff_reports_tiers_and_values_that_change(tmp_path: Path) -> None:
    variant = tmp_path / "variant.yaml"
    variant.write_text(
        f"extends: {ROOT / 'rulesets' / 'county-qianren-2022.yaml'}\n"
        "overrides:\n  consequences.bands.1.results: {负责人绩效: 5.5, 其他人员绩效: 4}\n",
        encoding="utf-8",
    )
    code, out, _ = _cli("diff", "rulesets/county-qianren-2022.yaml", str(variant), "examples/seed-000")
    assert code == 0
    assert "  consequences.bands.1.results.负责人绩效: 5 → 5.5\n" in out
    assert "  KS03 合作经济指导科: 负责人绩效 5 → 5.5\n" in out


def test_a_bad_ruleset_in_diff_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\nextends: bad.yaml\n", encoding="utf-8")
    code, _, err = _cli("diff", "rulesets/county-qianren-2022.yaml", str(bad))
    assert code == 1
    assert "the ruleset extends itself" in err


def test_list_elements_are_matched_by_id_not_position() -> None:
    a = {"components": [{"id": "甲", "points": 1}, {"id": "乙", "points": 2}]}
    b = {"components": [{"id": "乙", "points": 2}, {"id": "甲", "points": 3}, {"id": "丙", "points": 0}]}
    changes = [(c.path, c.before, c.after) for c in diff_data(a, b)]
    assert changes[0] == ("components.甲.points", 1, 3)
    assert changes[1][0] == "components.丙" and changes[1][2] == {"id": "丙", "points": 0}


from hypothesis import given
from hypothesis import strategies as st

_LEAVES = st.one_of(st.integers(-5, 5), st.text("甲乙ab", max_size=3), st.booleans(), st.none())
_TREES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "code", "points", "name", "x"]), inner, max_size=4),
    ),
    max_leaves=12,
)


@given(_TREES)
def test_nothing_differs_from_itself(tree: object) -> None:
    assert diff_data(tree, tree) == []


@given(_TREES, _TREES)
def test_a_diff_and_its_reverse_name_the_same_paths(a: object, b: object) -> None:
    forward = {(c.path, repr(c.before), repr(c.after)) for c in diff_data(a, b)}
    backward = {(c.path, repr(c.after), repr(c.before)) for c in diff_data(b, a)}
    assert forward == backward
