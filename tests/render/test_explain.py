"""`pingyi explain`: the arithmetic of every component of one subject, and a suggestion for an unknown one."""

from __future__ import annotations

from pathlib import Path

from ..helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"


def test_unknown_subject_in_explain_suggests(tmp_path: Path) -> None:
    code, _, err = cli("explain", SEED4, EXAMPLES / "seed-004", "ZF3")
    assert code == 1
    assert "no subject 'ZF3' in the facts; did you mean" in err


def test_explain_shows_the_arithmetic() -> None:
    code, out, _ = cli("explain", SEED4, EXAMPLES / "seed-004", "ZF04")
    assert code == 0
    assert "整改情况（满分 20）：0.00" in out
    # 20 − (2×3 + 1×5 + 1×10) = −1, floored at 0 (§六 扣完为止)
    assert "计算过程：20 − (未按时间节点整改或整改不到位 2×3 + 经二次督办或挂牌督办后仍整改不到位 1×5 + 拒不整改且无正当理由 1×10) = -1 → 0" in out
    assert "扣完为止: -1 → 0" in out
    assert "总分：73.22" in out
