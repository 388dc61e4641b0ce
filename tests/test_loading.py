"""Loading a ruleset: YAML traps, unknown keys and names, sums — each error pinned with its location."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import RulesetError, check_ruleset, load_ruleset
from pingyi_rules._yaml import parse_yaml

from .helpers import RULESETS, cli

BASE = (RULESETS / "district-neishe-ceping-2012.yaml").read_text(encoding="utf-8")

BROKEN = [
    ("duplicate-key", ('version: "2012.1"', 'version: "2012.1"\nversion: "2"'),
     "x.yaml:7:1: version: duplicate key 'version' (first given on line 6)"),
    ("anchor", ("points: 100\n", "points: &p 100\nx: *p\n"),
     "x.yaml:46:9: anchor '&p' is not allowed; repeat the value or use 'extends'"),
    ("tab-indent", ("  places: 2", "\tplaces: 2"),
     "x.yaml:13:1: found character '\\t' that cannot start any token (tabs are not allowed in YAML indentation)"),
    ("full-width-space", ("  places: 2", "\u3000places: 2"),
     "x.yaml:13:1: full-width space (U+3000) used as indentation; use ASCII spaces"),
    ("full-width-colon", ("  places: 2", "  places： 2"),
     "x.yaml:13:9: full-width colon '：' after a key; use ASCII ': '"),
    ("unknown-key", ("    floor: 0 ", "    flor: 0 "),
     "x.yaml:68:5: components[1].flor: unknown key 'flor'; did you mean 'floor'? [RS012]"),
    ("unknown-kind", ("kind: deduction", "kind: deductoin"),
     ("x.yaml:66:11: components[1].kind: unknown kind 'deductoin' (kinds: apportion, ballots, cases, deduction, "
      "expression, grade, input, nested, rank_deduction, rating, sum, weighted); did you mean 'deduction', "
      "'rank_deduction'?")),
    ("points-do-not-add-up", ("    points: 20\n    floor", "    points: 25\n    floor"),
     "x.yaml:46:9: points: the top-level components' points add up to 105 (综合满意度 80 + 整改情况 25), not 100"),
    ("weights-do-not-sum-to-one", ("weight: 0.5", "weight: 0.4"),
     "x.yaml:48:5: components[0]: the weights add up to 0.9 (0.2 + 0.2 + 0.1 + 0.4), not 1"),
    ("misspelt-column", ('counts: ["集中测评_{grade}"]', 'counts: ["集中测平_{grade}"]'),
     ("x.yaml:63:30: components[0].components[3].counts[0]: unknown column '集中测平_优'; "
      "did you mean '集中测评_优', '集中测评_良', '集中测评_差'?")),
    ("unknown-scale", ('scale: 五档, counts: ["即时', 'scale: 五当, counts: ["即时'),
     "x.yaml:57:17: components[0].components[0].scale: unknown scale '五当'"),
    ("two-keys-in-a-condition", ("when: {below: 70}", "when: {below: 70, top: 3}"),
     "x.yaml:87:11: tiers[2].when: a condition takes exactly one of top, bottom, at_least, below, flag, all, any, not"),
    ("missing-name", ("    name: 整改情况\n", ""),
     "x.yaml:64:5: components[1]: missing key 'name'"),
    ("bad-expression", ("  - id: 整改情况\n    name: 整改情况\n    kind: deduction",
                        "  - id: 整改情况\n    name: 整改情况\n    expr: __import__('os')\n    kind: expression\n    x_kind: deduction"),
     "unknown key 'x_kind'"),
]


@pytest.mark.parametrize(("replace", "message"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_ruleset_error_is_located(replace: tuple[str, str], message: str) -> None:
    old, new = replace
    assert old in BASE
    errors = check_ruleset("x.yaml", text=BASE.replace(old, new, 1))
    assert errors, "the broken ruleset was accepted"
    assert message in str(errors[0])


def test_load_raises_the_first_error_and_check_lists_all() -> None:
    # both are compile-time problems, so both are found in one pass
    text = BASE.replace("weight: 0.5", "weight: 0.4").replace('counts: ["集中测评_{grade}"]', 'counts: ["集中测平_{grade}"]')
    errors = check_ruleset("x.yaml", text=text)
    assert len(errors) == 2
    with pytest.raises(RulesetError) as info:
        load_ruleset("x.yaml", text=text)
    assert str(info.value) == str(errors[0])


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        ("__import__('os')", "'__import__' is not an allowed function"),
        ("未按时整改.__class__", "attribute access ('.') is not allowed"),
        ("(lambda: 1)()", "'lambda: 1' is not an allowed function"),
        ("lambda: 1", "lambda is not allowed"),
        ("[x for x in 未按时整改]", "comprehensions are not allowed"),
        ("open('f')", "'open' is not an allowed function"),
        ("未按时整改 ** 1000", ""),  # allowed at load: the exponent limit applies when it is evaluated
        ("未安时整改 * 3", "unknown name '未安时整改'; did you mean '未按时整改'?"),
        ("0x10", "number '0x10' is not a plain decimal"),
        ("min()", "min() takes 1 to 32 arguments, got 0"),
    ],
)
def test_expression_checks_at_load(expr: str, message: str) -> None:
    text = BASE.replace(
        "    kind: deduction\n    points: 20\n",
        f"    kind: expression\n    points: 20\n    expr: \"{expr}\"\n    x_drop: 1\n",
    )
    # keep the model valid apart from the expression: drop the deduction-only keys
    lines = [ln for ln in text.splitlines() if not ln.startswith(("    floor:", "    items:", "      - {id: 未按时整改",
                                                                    "      - {id: 二次督办", "      - {id: 拒不整改",
                                                                    "    x_drop"))]
    errors = check_ruleset("x.yaml", text="\n".join(lines) + "\n")
    if not message:
        assert errors == []
        return
    assert errors and message in str(errors[0]), [str(e) for e in errors]
    assert str(errors[0]).startswith("x.yaml:")


def test_numbers_are_decimals_from_the_source_text() -> None:
    doc = parse_yaml("a: 1.10\nb: 010\nc: yes\nd: 1e3\ne: '7'\n", "t.yaml")
    assert doc.data == {"a": Decimal("1.10"), "b": 10, "c": "yes", "d": Decimal("1e3"), "e": "7"}
    assert str(doc.data["a"]) == "1.10"


def test_check_command_prints_every_problem_and_exits_1(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    text = BASE.replace("weight: 0.5", "weight: 0.4").replace('counts: ["集中测评_{grade}"]', 'counts: ["集中测平_{grade}"]')
    bad.write_text(text, encoding="utf-8")
    code, out, err = cli("check", bad)
    assert code == 1
    assert len(err.strip().splitlines()) == 2
    code, out, err = cli("check", RULESETS / "district-neishe-ceping-2012.yaml")
    assert code == 0 and out.endswith(": ok\n")


def test_usage_error_exits_2() -> None:
    code, _, err = cli("score")
    assert code == 2
    assert "required" in err
