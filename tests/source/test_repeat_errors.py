"""`repeat` errors: a malformed entry, lists that do not fit, placeholders that name nothing, ids that
do not differ (RS054–RS059), and errors inside a repetition located at the template, naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingyi_rules import RulesetError, check_ruleset, load_ruleset

from ..rules_helpers import ruleset

COLUMNS = ("{header: Q1, type: decimal}", "{header: Q2, type: decimal}", "{header: Q3, type: decimal}")
# line 23 is the entry's `- repeat:`, 24 its `over`, 25 its `component`
ENTRY = """      - repeat:
          over: {问: [Q1, Q2, Q3], 权: [0.2, 0.3, 0.5]}
        component: {id: "得分{问}", name: "{问}", kind: input, column: "{问}", points: 100, weight: "{权}"}
"""
TEMPLATE = '{id: "得分{问}", name: "{问}", kind: input, column: "{问}", points: 100, weight: "{权}"}'
AT = "components[0].components[0]"


def _errors(entry: str, *changes: tuple[str, str]) -> list[str]:
    for old, new in changes:
        assert entry.count(old) == 1, old
        entry = entry.replace(old, new)
    text = ruleset(*COLUMNS, rest="points: 100\ncomponents:\n  - id: 合计\n    name: 合计\n    kind: weighted\n    points: 100\n    components:\n" + entry)
    return [str(e) for e in check_ruleset("x.yaml", text=text)]


def test_the_entry_as_written_is_valid() -> None:
    assert _errors(ENTRY) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param(
            [("      - repeat:\n          over: {问: [Q1, Q2, Q3], 权: [0.2, 0.3, 0.5]}", "      - repeat: [Q1, Q2, Q3]")],
            f"x.yaml:23:17: {AT}.repeat: 'repeat' takes 'over': names, each with its list of values "
            "({问: [Q1, Q2], 名: [就业, 医疗]}) [RS054]",
            id="repeat-not-a-mapping",
        ),
        pytest.param(
            [("over: {", "ovr: {")],
            f"x.yaml:24:11: {AT}.repeat: 'repeat' takes 'over': names, each with its list of values "
            "({问: [Q1, Q2], 名: [就业, 医疗]}) [RS054]",
            id="no-over",
        ),
        pytest.param(
            [("0.5]}\n", "0.5]}\n          zip: true\n")],
            f"x.yaml:25:11: {AT}.repeat.zip: 'repeat' takes only 'over'; 'zip' has no meaning here [RS054]",
            id="another-key-in-repeat",
        ),
        pytest.param(
            [("over: {问: [Q1, Q2, Q3], 权: [0.2, 0.3, 0.5]}", "over: {}")],
            f"x.yaml:24:17: {AT}.repeat.over: 'over' maps each name to its list of values ({{问: [Q1, Q2], 名: [就业, 医疗]}}) [RS054]",
            id="over-empty",
        ),
        pytest.param(
            [("权: [", '"权 重": [')],
            f"x.yaml:24:35: {AT}.repeat.over.权 重: '权 重' cannot be a placeholder's name: a name takes no spaces or braces [RS054]",
            id="name-with-a-space",
        ),
        pytest.param(
            [("问: [Q1, Q2, Q3]", "问: Q1")],
            f"x.yaml:24:21: {AT}.repeat.over.问: '问' takes a list of at least one value (one per repetition) [RS054]",
            id="values-not-a-list",
        ),
        pytest.param(
            [("问: [Q1, Q2, Q3]", "问: []")],
            f"x.yaml:24:21: {AT}.repeat.over.问: '问' takes a list of at least one value (one per repetition) [RS054]",
            id="values-empty",
        ),
        pytest.param(
            [("        component:", "        weight: 0.5\n        component:")],
            f"x.yaml:25:9: {AT}.weight: a repeat entry takes only 'repeat' and 'component' (the template); "
            "'weight' belongs inside the component [RS054]",
            id="a-component-key-beside-the-template",
        ),
        pytest.param(
            [("        component:", "        compnent:")],
            f"x.yaml:25:9: {AT}.compnent: a repeat entry takes only 'repeat' and 'component' (the template); "
            "'compnent' belongs inside the component; did you mean 'component'? [RS054]",
            id="template-misspelt",
        ),
        pytest.param(
            [(TEMPLATE, "得分")],
            f"x.yaml:25:20: {AT}.component: a repeat entry takes the component to repeat under 'component' "
            "(a mapping: id, name, kind, …) [RS054]",
            id="template-not-a-mapping",
        ),
        pytest.param(
            [("0.2, 0.3, 0.5", "0.5, 0.5")],
            f"x.yaml:24:38: {AT}.repeat.over.权: '权' has 2 values but '问' has 3; the lists are taken together "
            "(the first value of each, then the second, …), so they must be equally long [RS055]",
            id="lists-of-unequal-length",
        ),
        pytest.param(
            [('name: "{问}"', 'name: "{问题}"')],
            f"x.yaml:25:40: {AT}.component.name: '{{问题}}' is not a name of this repeat (its names: 问, 权); "
            "write {{ and }} for a brace itself; did you mean '问'? [RS056]",
            id="unknown-placeholder",
        ),
        pytest.param(
            [('name: "{问}"', 'name: "{问"')],
            f"x.yaml:25:40: {AT}.component.name: a lone '{{' in a repeated template; write {{{{ or }}}} for a brace itself, "
            "{name} for a placeholder [RS056]",
            id="lone-opening-brace",
        ),
        pytest.param(
            [('name: "{问}"', 'name: "问}"')],
            f"x.yaml:25:40: {AT}.component.name: a lone '}}' in a repeated template; write {{{{ or }}}} for a brace itself, "
            "{name} for a placeholder [RS056]",
            id="lone-closing-brace",
        ),
        pytest.param(
            [('weight: "{权}"', "weight: {权}")],
            f'x.yaml:25:96: {AT}.component.weight: {{权}} without quotes is a YAML mapping; write the placeholder in quotes: "{{权}}" [RS056]',
            id="placeholder-without-quotes",
        ),
        pytest.param(
            [('id: "得分{问}", ', "")],
            f'x.yaml:25:20: {AT}.component: the template needs an id with a placeholder (id: "…{{问}}"), so each repetition has its own [RS057]',
            id="template-without-id",
        ),
        pytest.param(
            [('id: "得分{问}"', "id: 得分")],
            f"x.yaml:25:25: {AT}.component.id: the template's id has no placeholder of this repeat (问, 权), so every repetition "
            'would have the same id; put one in it (id: "…{问}") [RS057]',
            id="id-without-placeholder",
        ),
        pytest.param(
            [('id: "得分{问}"', 'id: "得分{{问}}"')],
            f"x.yaml:25:25: {AT}.component.id: the template's id has no placeholder of this repeat (问, 权), so every repetition "
            'would have the same id; put one in it (id: "…{问}") [RS057]',
            id="id-with-an-escaped-brace-only",
        ),
        pytest.param(
            [("[Q1, Q2, Q3]", "[Q1, Q2, Q1]")],
            f"x.yaml:25:25: {AT}.component.id: the id '得分Q1' comes out twice, in repetitions 1 (问 = Q1) and 3 (问 = Q1); "
            "give each repetition its own id (a placeholder whose values differ) [RS058]",
            id="id-comes-out-twice",
        ),
        pytest.param(
            [('weight: "{权}"', 'weight: "{权}", "{问}": 1, Q1: 2')],
            f"x.yaml:25:113: {AT}.component.Q1 (问 = Q1): the key 'Q1' comes out twice [RS058]",
            id="key-comes-out-twice",
        ),
        pytest.param(
            [("0.5]}", "0.5], 名: [[就业], 医疗, 教育]}"), ('name: "{问}"', 'name: "{问}{名}"')],
            f"x.yaml:25:40: {AT}.component.name (问 = Q1): '{{名}}' is inside a text, but its value is a list; only a text "
            'or a number can go inside a text (a value that is just "{名}" takes any value) [RS059]',
            id="list-inside-a-text",
        ),
        pytest.param(
            [("0.5]}", "0.5], 名: [就业, ~, 教育]}"), ('name: "{问}"', 'name: "{名}说明"')],
            f"x.yaml:25:40: {AT}.component.name (问 = Q2): '{{名}}' is inside a text, but its value is empty (null); only a "
            'text or a number can go inside a text (a value that is just "{名}" takes any value) [RS059]',
            id="null-inside-a-text",
        ),
    ],
)
def test_each_problem_is_one_located_error(changes: list[tuple[str, str]], expected: str) -> None:
    assert _errors(ENTRY, *changes) == [expected]


def test_a_mistake_in_the_template_is_said_once_naming_the_first_repetition() -> None:
    assert _errors(ENTRY, ("points: 100", "poins: 100")) == [
        f"x.yaml:25:75: {AT}.component.poins (问 = Q1): unknown key 'poins'; did you mean 'points'? [RS012]",
    ]


def test_a_problem_of_each_repetition_names_it() -> None:
    assert _errors(ENTRY, ('column: "{问}"', 'column: "{问}x"')) == [
        f"x.yaml:25:68: {AT}.component.column (问 = {q}): unknown column '{q}x'; did you mean '{q}'? [RS020]" for q in ("Q1", "Q2", "Q3")
    ]


def test_a_long_value_is_cut_in_the_name_of_its_repetition_and_a_number_shown_as_written() -> None:
    long_names = ("over: {问: [Q1, Q2, Q3]", "over: {名: [增加收入和扩大就业的各项工作, 医疗, 教育], 问: [Q1, Q2, Q3]")
    assert _errors(ENTRY, long_names, ('column: "{问}"', 'column: "{问}{名}"'))[0] == (
        f"x.yaml:25:68: {AT}.component.column (名 = 增加收入和扩大就业的各项…): unknown column 'Q1增加收入和扩大就业的各项工作' [RS020]"
    )
    quarters = ("over: {问: [Q1, Q2, Q3]", "over: {季: [01, 2, 3], 问: [Q1, Q2, Q3]")
    assert _errors(ENTRY, quarters, ('column: "{问}"', 'column: "{问}_{季}"'))[0] == (
        f"x.yaml:25:68: {AT}.component.column (季 = 01): unknown column 'Q1_01' [RS020]"
    )


def test_a_bad_value_a_whole_placeholder_took_is_located_at_the_value() -> None:
    assert _errors(ENTRY, ("0.2, 0.3, 0.5", "0.2, -0.3, 0.5")) == [
        f"x.yaml:24:44: {AT}.repeat.over.权[1] (问 = Q2): -0.3: Input should be greater than 0 [RS016]",
    ]


def test_a_hand_written_sibling_after_a_repeat_keeps_its_own_place() -> None:
    sibling = "      - {id: 其他, name: 其他, kind: input, column: Q9, points: 100, weight: 0.1}\n"
    assert _errors(ENTRY + sibling, ("0.2, 0.3, 0.5", "0.2, 0.3, 0.4")) == [
        "x.yaml:26:49: components[0].components[1].column: unknown column 'Q9' [RS020]",
    ]


NESTED = """      - repeat:
          over: {渠道: [电话, 问卷], 权: [0.6, 0.4]}
        component:
          id: "{渠道}"
          name: "{渠道}"
          kind: weighted
          points: 100
          weight: "{权}"
          components:
            - repeat:
                over: {问: [Q1, Q2, Q3]}
              component: {id: "{渠道}{问}", name: "{问}", kind: input, column: "{问}", points: 100, weight: 0.25}
            - {id: "{渠道}其他", name: 其他, kind: input, column: Q1, points: 100, weight: 0.25}
"""
INNER = f"{AT}.component.components[0]"


def test_nested_repeats_name_both_repetitions() -> None:
    assert _errors(NESTED, ("[Q1, Q2, Q3]", "[Q1, Q9, Q3]")) == [  # said once: the same place in both channels
        f"x.yaml:33:32: {INNER}.repeat.over.问[1] (渠道 = 电话, 问 = Q9): unknown column 'Q9' [RS020]",
    ]
    assert _errors(NESTED, ("{渠道}其他", "电话其他")) == [
        (f"x.yaml:35:20: {AT}.component.components[1].id (渠道 = 问卷): component id '电话其他' is used twice "
        f"(first at {AT}.component.components[1] (渠道 = 电话)) [RS025]"),
    ]


def test_an_inner_repeat_needs_its_own_names_in_its_ids_and_new_names() -> None:
    assert _errors(NESTED, ('id: "{渠道}{问}"', 'id: "{渠道}题"')) == [
        (f"x.yaml:34:31: {INNER}.component.id: the template's id has no placeholder of this repeat (问), so every repetition "
        'would have the same id; put one in it (id: "…{问}") [RS057]'),
    ]
    assert _errors(NESTED, ("over: {问: [Q1, Q2, Q3]}", "over: {渠道: [Q1, Q2, Q3]}"), ('"{渠道}{问}"', '"{渠道}x"')) == [
        (f"x.yaml:33:24: {INNER}.repeat.over.渠道: '渠道' is already a name of the enclosing repeat; give this repeat's "
        "name another word [RS054]"),
    ]


def test_a_base_with_a_bad_repeat_stops_the_ruleset_that_extends_it(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        ruleset(*COLUMNS, rest="points: 100\ncomponents:\n  - id: 合计\n    name: 合计\n    kind: weighted\n    points: 100\n    components:\n"
                + ENTRY.replace("0.2, 0.3, 0.5", "0.5, 0.5")),
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text("extends: base.yaml\nid: child\n", encoding="utf-8")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(child)
    assert caught.value.code == "RS055"
    assert caught.value.location is not None and caught.value.location.file == str(base)
