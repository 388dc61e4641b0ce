"""Loading a ruleset: YAML traps, unknown keys and names, sums — each error pinned with its location."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pingyi_rules import RulesetError, check_ruleset, load_ruleset
from pingyi_rules.source.strict_yaml import parse_yaml

from ..helpers import RULESETS, cli

BASE = (RULESETS / "district-neishe-ceping-2012.yaml").read_text(encoding="utf-8")

BROKEN = [
    ("duplicate-key", ('version: "2012.1"', 'version: "2012.1"\nversion: "2"'),
     "x.yaml:7:1: version: duplicate key 'version' (first given on line 6)"),
    ("anchor", ("points: 100\n", "points: &p 100\nx: *p\n"),
     "x.yaml:47:9: anchor '&p' is not allowed; repeat the value or use 'extends'"),
    ("tab-indent", ("  places: 2", "\tplaces: 2"),
     "x.yaml:14:1: found character '\\t' that cannot start any token (tabs are not allowed in YAML indentation)"),
    ("full-width-space", ("  places: 2", "\u3000places: 2"),
     "x.yaml:14:1: full-width space (U+3000) used as indentation; use ASCII spaces"),
    ("full-width-colon", ("  places: 2", "  places： 2"),
     "x.yaml:14:9: full-width colon '：' after a key; use ASCII ': '"),
    ("unknown-key", ("    floor: 0 ", "    flor: 0 "),
     "x.yaml:69:5: components[1].flor: unknown key 'flor'; did you mean 'floor'? [RS012]"),
    ("unknown-kind", ("kind: deduction", "kind: deductoin"),
     ("x.yaml:67:11: components[1].kind: unknown kind 'deductoin' (kinds: aggregate, apportion, ballots, cases, deduction, "
      "expression, grade, input, lookup, nested, rank_deduction, rating, sum, weighted); did you mean 'deduction', "
      "'rank_deduction'?")),
    ("points-do-not-add-up", ("    points: 20\n    floor", "    points: 25\n    floor"),
     "x.yaml:47:9: points: the top-level components' points add up to 105 (综合满意度 80 + 整改情况 25), not 100"),
    ("weights-do-not-sum-to-one", ("weight: 0.5", "weight: 0.4"),
     "x.yaml:49:5: components[0]: the weights add up to 0.9 (0.2 + 0.2 + 0.1 + 0.4), not 1"),
    ("misspelt-column", ('counts: ["集中测评_{grade}"]', 'counts: ["集中测平_{grade}"]'),
     ("x.yaml:64:30: components[0].components[3].counts[0]: unknown column '集中测平_优'; "
      "did you mean '集中测评_优', '集中测评_良', '集中测评_差'?")),
    ("unknown-scale", ('scale: 五档, counts: ["即时', 'scale: 五当, counts: ["即时'),
     "x.yaml:58:17: components[0].components[0].scale: unknown scale '五当'"),
    ("two-keys-in-a-condition", ("when: {below: 70}", "when: {below: 70, top: 3}"),
     ("x.yaml:88:11: tiers[2].when: a condition takes exactly one of: a comparison (of, omitted for the total, with "
      "at_least, above, below, at_most, between, equals or in), blank, flag, tier, count_rows, expr, is, top, bottom, all, any, "
      "not; here: top, a comparison")),
    ("missing-name", ("    name: 整改情况\n", ""),
     "x.yaml:65:5: components[1]: missing key 'name'"),
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


# --------------------------------------------------------------------------- the ruleset as text

CORPUS_BASE = (RULESETS.parent / "tests" / "corpus" / "base" / "ruleset.yaml").read_text(encoding="utf-8")


def _errors(*pairs: tuple[str, str]) -> list[str]:
    text = CORPUS_BASE
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return [str(e) for e in check_ruleset("x.yaml", text=text)]


# (where a key is inserted, the keys valid there: written out by hand from docs/ruleset-format.md)
PLACES = {
    "tier": (("    when: {top: 1}", "    when: {top: 1}\n    KEY: 1"), {"name", "when", "quota", "clause", "severity"}),
    "deduction": (("    kind: deduction\n", "    kind: deduction\n    KEY: 1\n"),
                  {"id", "name", "points", "clause", "note", "weight", "outside", "monotone", "kind", "base", "items",
                   "caps", "floor"}),
    "input": (("kind: input, column: 领导评分,", "kind: input, KEY: 1, column: 领导评分,"),
              {"id", "name", "points", "clause", "note", "weight", "outside", "monotone", "kind", "column", "min", "max"}),
    "column": (("{header: 附加分, type: decimal, min: 0, max: 5}", "{header: 附加分, type: decimal, min: 0, max: 5, KEY: 1}"),
               {"header", "headers", "name", "type", "choices", "scale", "min", "max", "max_places", "invalid", "invalid_reason", "required",
                "default", "unit", "description"}),
    "numbers": (("  places: 2\n", "  places: 2\n  KEY: 1\n"), {"places", "rounding", "round_at", "decide"}),
    "ranking": (("  within: 类别", "  within: 类别\n  KEY: 1"), {"within", "by", "order", "ties", "tie_break", "last"}),
    "case-item": (("{code: A, name: 甲事项, amount: 3}", "{code: A, name: 甲事项, amount: 3, KEY: 1}"),
                  {"code", "name", "amount", "range", "key", "amounts", "group", "clause"}),
}


@pytest.mark.parametrize(
    ("place", "key", "suggested"),
    [
        ("tier", "within", ["when"]),
        ("deduction", "scale", []),
        ("deduction", "flor", ["floor"]),
        ("deduction", "capped", ["caps"]),
        ("input", "clamp", []),
        ("input", "colum", ["column"]),
        ("column", "subject", []),
        ("column", "rquired", ["required"]),
        ("numbers", "within", []),
        ("numbers", "place", ["places"]),
        ("numbers", "小数位数", ["places"]),
        ("ranking", "tie-break", ["tie_break"]),
        ("case-item", "每件分值", ["amount"]),
        ("case-item", "名称", ["name"]),
    ],
)
def test_did_you_mean_offers_only_keys_valid_at_that_place(place: str, key: str, suggested: list[str]) -> None:
    (old, new), valid = PLACES[place]
    errors = _errors((old, new.replace("KEY", key)))
    assert len(errors) == 1 and f"unknown key '{key}'" in errors[0] and errors[0].endswith("[RS012]")
    shown = errors[0].split("did you mean ")[1].removesuffix("? [RS012]").split(", ") if suggested else []
    assert shown == [f"'{s}'" for s in suggested]
    assert set(suggested) <= valid - {key}


def test_places_list_every_key_of_their_model() -> None:
    """PLACES is written by hand; this keeps it honest against the models."""
    from pingyi_rules.kinds import cases, deduction, input
    from pingyi_rules.model import components as m
    models = {"tier": m.Tier, "deduction": deduction.DeductionComponent, "input": input.InputComponent,
              "column": m.Column, "numbers": m.Numbers, "ranking": m.Ranking, "case-item": cases.CaseItem}
    for place, model in models.items():
        assert PLACES[place][1] == {info.alias or name for name, info in model.model_fields.items()}, place


@pytest.mark.parametrize(
    ("old", "new", "where", "shown"),
    [
        ("# The base ruleset", "# The\x00 base ruleset", "x.yaml:1:6", "control character U+0000"),
        ("name: 语料基准", "name: 语料\x0c基准", "x.yaml:3:9", "control character U+000C"),
        ("  places: 2\n", "  pla\x1aces: 2\n", "x.yaml:11:6", "control character U+001A"),
        ("name: 语料基准", "name: 语料\ufffe基准", "x.yaml:3:9", "noncharacter U+FFFE"),
        ("name: 语料基准", "name: 语料\U0001ffff基准", "x.yaml:3:9", "noncharacter U+1FFFF"),
        ("name: 语料基准", "name: 语料\ud800基准", "x.yaml:3:9", "lone surrogate U+D800"),
        ("name: 语料基准", 'name: "语料\\x00基准"', "x.yaml:3:7: name", "control character U+0000"),
        ("name: 语料基准", 'name: "语料\\uFFFF基准"', "x.yaml:3:7: name", "noncharacter U+FFFF"),
        ("name: 语料基准", 'name: "语料\\uDFFF基准"', "x.yaml:3:7: name", "lone surrogate U+DFFF"),
        ("name: 语料基准", 'name: "语料\\L基准"', "x.yaml:3:7: name", "line separator U+2028"),
        ("    forces: 不合格", '    "for\\x1bces": 不合格', "x.yaml:85:5: vetoes[0]", "control character U+001B"),
    ],
)
def test_a_control_character_anywhere_is_located(old: str, new: str, where: str, shown: str) -> None:
    errors = _errors((old, new))
    assert len(errors) == 1
    assert errors[0].startswith(where + ": ") and f"the {shown} " in errors[0] and errors[0].endswith("[RS047]")


@pytest.mark.parametrize("tag", ["!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq", "!foo", "!"])
def test_every_written_tag_is_refused(tag: str) -> None:
    errors = _errors(("numbers:\n  places: 2", f"numbers: {tag}\n  places: 2")) if tag in ("!!map", "!foo") else \
        _errors(("  places: 2", f"  places: {tag} 2"))
    assert len(errors) == 1 and f"YAML tag '{tag}' is not allowed" in errors[0] and errors[0].endswith("[RS008]")


def test_a_tag_on_a_key_is_refused() -> None:
    assert _errors(("  places: 2", "  !!str places: 2")) == [
        ("x.yaml:11:3: numbers.places: YAML tag '!!str' is not allowed; a ruleset takes no tags "
        "(quote a value to make it text) [RS008]")
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("choices: [A, B]", "choices: [2, B]", '2 is read as a number, but text is expected here; write it in quotes: "2"'),
        ("{code: A, name: 甲事项", "{code: 007, name: 甲事项", 'write it in quotes: "007"'),
        ("{code: A, name: 甲事项", "{code: 1.50, name: 甲事项", 'write it in quotes: "1.50"'),
        ("choices: [A, B]", "choices: [A, FALSE]", 'FALSE is read as true/false, but text is expected here; write it in quotes: "FALSE"'),
        ("choices: [A, B]", "choices: [A, null]", 'null is read as no value (null), but text is expected here; write it in quotes: "null"'),
        ("  - id: 三档", "  - id: 3", 'write it in quotes: "3"'),
        ("{header: 立案, type: bool}", "{header: 2023, type: bool}", 'write it in quotes: "2023"'),
    ],
)
def test_an_unquoted_number_where_text_belongs_says_how_to_quote_it(old: str, new: str, message: str) -> None:
    errors = _errors((old, new))
    assert len(errors) == 1 and message in errors[0] and errors[0].endswith("[RS016]")


def test_quoted_and_yes_no_values_are_text() -> None:
    assert _errors(("choices: [A, B]", 'choices: ["2", "3"]'), ("{code: A,", '{code: "2",'), ("{code: B,", '{code: "3",')) == []
    assert _errors(("choices: [甲类, 乙类]", "choices: [是, 否]")) == []


def _score_base(tmp_path, ruleset_pairs, table_pairs):  # type: ignore[no-untyped-def]
    from pingyi_rules import score

    from ..corpus_runner import BASE

    text = CORPUS_BASE
    for old, new in ruleset_pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    for item in BASE.glob("*.csv"):
        content = item.read_text(encoding="utf-8")
        for old, new in table_pairs.get(item.stem, []):
            assert content.count(old) == 1, old
            content = content.replace(old, new)
        (tmp_path / item.name).write_text(content, encoding="utf-8")
    return score(load_ruleset("x.yaml", text=text), tmp_path)


def test_ruleset_text_is_normalised_like_the_cells(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Full-width brackets and letters in the ruleset match the same text in the sheet, either way written."""
    pairs = [
        ("choices: [A, B]", "choices: [（Ａ）, B]"),
        ("{code: A, name: 甲事项, amount: 3}", "{code: （Ａ）, name: 甲事项, amount: 3}"),
        ("{header: 分值, type: decimal, required: false}",
         "{header: 分值, type: decimal, required: false}\n        - {header: 备注, type: text, required: false}"),
        ("      - {code: B, name: 乙事项, range: [1, 5]}",
         ("      - {code: B, name: 乙事项, range: [1, 5]}\n    exemptions:\n"
         "      - {when: {column: 备注, equals: （已整改）}, reason: 已整改}")),
    ]
    tables = {"cases": [("编码,事项,日期,分值\n", "编码,事项,日期,分值,备注\n"),
                        ("U1,A,2023-03-01,\n", "U1,(A),2023-03-01,,(已整改)\n"),
                        ("U1,B,2023-04-01,4\n", "U1,B,2023-04-01,4,\n"),
                        ("U3,A,2022-12-31,\n", "U3,（A）,2022-12-31,,\n"),
                        ("U2,B,2023-07-01,2.5", "U2,B,2023-07-01,2.5,")]}
    result = _score_base(tmp_path, pairs, tables)
    # U1: A (3) is exempt by the full-width literal, B takes 4 → 10 - 4
    assert result.subject("U1").component("案例").points == Decimal(6)
    model = load_ruleset("x.yaml", text=CORPUS_BASE.replace("choices: [A, B]", "choices: [（Ａ）, B]")
                         .replace("{code: A, name", "{code: (A), name")).model
    assert model.inputs.tables[2].columns[1].choices == ["(A)", "B"]


def test_display_labels_are_published_as_written() -> None:
    ruleset = load_ruleset("x.yaml", text=CORPUS_BASE.replace("    name: 整改\n", "    name: 整改（Ⅱ）\n"))
    assert ruleset.model.components[1].name == "整改（Ⅱ）"
    assert ruleset.model.tiers[0].name == "优秀"


@pytest.mark.parametrize(
    ("column", "literal", "message"),
    [
        ("分值", "很多", "'很多' is not a number (column '分值' is decimal)"),
        ("分值", "true", "'true' is not a number (column '分值' is decimal)"),
        ("分值", "NaN", "'NaN' is not a number (column '分值' is decimal)"),
        ("日期", "2023-02-30", "'2023-02-30' is not a date like 2023-06-01 (column '日期' is date)"),
    ],
)
def test_a_literal_a_column_cannot_hold_is_located(column: str, literal: str, message: str) -> None:
    errors = _errors(("      - {code: B, name: 乙事项, range: [1, 5]}",
                      ("      - {code: B, name: 乙事项, range: [1, 5]}\n    exemptions:\n"
                      f"      - {{when: {{column: {column}, equals: {literal}}}, reason: 免}}")))
    assert errors == [f"x.yaml:75:37: components[2].exemptions[0].when.equals: {message} [RS034]"]


def test_number_and_date_literals_are_read_as_cells_are(tmp_path) -> None:  # type: ignore[no-untyped-def]
    exempt = "      - {code: B, name: 乙事项, range: [1, 5]}\n    exemptions:\n      - {when: WHEN, reason: 免}"
    anchor = "      - {code: B, name: 乙事项, range: [1, 5]}"
    for when in ("{column: 分值, equals: ４}", '{column: 分值, in: ["4.0"]}', "{column: 日期, equals: 2023/4/1}"):
        result = _score_base(tmp_path, [(anchor, exempt.replace("WHEN", when))], {})
        assert result.subject("U1").component("案例").points == Decimal(7), when  # B (4) exempt: 10 - 3


def test_messages_from_an_extending_file_quote_what_it_wrote(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "base.yaml").write_text(CORPUS_BASE, encoding="utf-8")
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\noverrides:\n  components.案例.items.A.code: 007\n", encoding="utf-8")
    assert [str(e) for e in check_ruleset(child)] == [
        (f'{child}:3:31: components[2].items[0].code: 007 is read as a number, but text is expected here; '
        'write it in quotes: "007" [RS016]')
    ]
