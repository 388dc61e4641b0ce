"""Every key of the ruleset language has one meaning wherever it is written.

The JSON Schema (`pingyi schema`, the same one editors validate with) is walked: every property
of every object is collected with its *meaning* — its title, the office's name for what the key
says — and its *shape* — the JSON type of its value. A key whose title or shape differs between
two places means two things, and the test fails naming both places. A description may still say
what the key applies to at its place (`at_least` compares a total in a tier and a row count in a
form condition: one meaning, "the value is at least this").

Two lists say where that rule is bent, each entry with its reason:
- SHAPES: keys whose one meaning takes a different value shape in different places;
- NOT_YET_ONE: keys that still carry several meanings and are not yet renamed — empty, and kept
  so: the keys renamed or given one title so that each means one thing (RENAMED: `scale`, `by`,
  `when`, `id`, `rows`, `of`, `column`, …) may never be listed.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from pingyi_rules.kinds.schema import ruleset_schema

# key → why its one meaning takes more than one shape
SHAPES: dict[str, str] = {
    "multiply": "a number (weighted, a cases modifier) where the factor is one constant, a field name (rating) "
    "where each subject has its own factor",
    "at_least": "a comparison: of a value (a number), or of a count of a form's rows (a whole number)",
    "above": "a comparison: of a value (a number), or of a count of a form's rows (a whole number)",
    "below": "a comparison: of a value (a number), or of a count of a form's rows (a whole number)",
    "at_most": "a comparison: of a value (a number), or of a count of a form's rows (a whole number)",
    "between": "a comparison: its shape is the same; listed for the whole family",
    "equals": "a comparison: of a value (a text, a number or 是/否), or of a count of a form's rows (a whole number)",
    "matter": "the columns whose equal values make one matter: a list (cases highest_only) or one column or a list "
    "(an aggregate's keep_highest)",
    "checks": "conditions that must hold: an expression's on its subject; the ruleset's on each subject, or with "
    "`within` on each group (a group check); an aggregate's on each row that has a value (row conditions)",
    "rows": "a lookup table's rows: subject conditions (a lookup, a lookups entry, a let table) or row conditions "
    "(an aggregate's per_row table, whose rows also name a label and a cap group)",
    "scale": "the id of a scales entry: required on a rating, grade or ballots, optional (grade columns only) on a column",
    "count_rows": "a count of rows: of a table (a subject condition, filtered by where) or of a form's rows meeting a row condition",
    "items": "a component's items: a cases component's (code → amount) or a deduction component's (column → amount)",
    "min": "a lower bound: of a number (a column, an input, an expression) or of a whole count (a proportional quota's floor)",
}

# key → the meanings it still has in different places (outside the renamed keys): none left. A key
# listed here must really still differ; a renamed key may never be listed.
NOT_YET_ONE: dict[str, str] = {}

# The one condition language: its atoms depend on what a condition is about — a subject (tiers,
# vetoes, exclude, checks, conditions, a lookup row), a row (void rules, exemptions, modifiers, row
# filters), a form or a group (gates) — but `when`, `all`, `any`, `not` mean the same in each.
CONDITIONS = {"Condition", "RowCondition", "FormCondition", "GateCondition"}

RENAMED = {
    "scale", "factor", "by", "when", "at_least", "at_most", "above", "below", "multiply", "key", "key_value", "matter", "shares",
    # keys that had several meanings, kept where they meant the common one and renamed elsewhere
    # (model/renamed.py), and the keys they were renamed to
    "id", "name", "rows", "title", "values", "places", "round", "ranking", "tier", "subjects", "min", "max", "form",
    "components", "of", "blank", "code", "amount", "items", "grade",
    "id_column", "name_column", "layout", "choices", "max_places", "round_at", "count_rows", "in_ranking", "forces",
    "count_subjects", "lowest", "highest", "form_when", "results", "adds", "per_row", "on_blank", "code_column",
    "amount_column", "codes",
    "times", "exactly", "same", "equals",
    # keys that always meant one thing, now under one title
    "points", "empty", "range", "reason", "share", "caps", "table", "within", "column", "count", "missing",
}


def _shape(schema: dict[str, Any] | bool, defs: dict[str, Any]) -> str:
    """The JSON type of a property's value, without its bounds, patterns and texts; null left out."""
    if isinstance(schema, bool):
        return "any"
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return "condition" if name in CONDITIONS else name
    for union in ("anyOf", "oneOf"):
        if union in schema:
            parts = sorted({_shape(s, defs) for s in schema[union]} - {"null"})
            return parts[0] if len(parts) == 1 else "|".join(parts)
    if "enum" in schema:
        return "enum"
    if "const" in schema:
        return "const" if isinstance(schema["const"], str) else f"const {json.dumps(schema['const'])}"
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_shape(schema.get('items', {}), defs)}"
    if kind == "object" and "additionalProperties" in schema:
        return f"map of {_shape(schema['additionalProperties'], defs)}"
    return str(kind)


def _places() -> dict[str, list[tuple[str, str | None, str]]]:
    """key → [(the object it is written in, its title, its shape)] over the whole schema."""
    schema = ruleset_schema()
    defs = schema.get("$defs", {})
    found: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    for name, model in [("Ruleset", schema), *defs.items()]:
        for key, prop in (model.get("properties") or {}).items():
            found[key].append((name, prop.get("title"), _shape(prop, defs)))
    return found


PLACES = _places()


def _differ(key: str) -> tuple[set[str | None], set[str]]:
    places = PLACES[key]
    return {title for _, title, _ in places}, {shape for _, _, shape in places}


@pytest.mark.parametrize("key", sorted(k for k in PLACES if k not in NOT_YET_ONE))
def test_a_key_means_one_thing_wherever_it_is_written(key: str) -> None:
    titles, shapes = _differ(key)
    where = "; ".join(f"{model}: {title} ({shape})" for model, title, shape in PLACES[key])
    assert len(titles) == 1, f"'{key}' has {len(titles)} meanings: {where}"
    if key not in SHAPES:
        assert len(shapes) == 1, f"'{key}' takes {len(shapes)} shapes; if that is one meaning, say why in SHAPES: {where}"


@pytest.mark.parametrize("key", sorted(SHAPES))
def test_every_shape_exception_still_takes_several_shapes_or_is_a_comparison(key: str) -> None:
    assert key in PLACES, f"'{key}' is not a key of the schema any more; drop it from SHAPES"


def test_every_listed_key_still_has_several_meanings() -> None:
    for key in NOT_YET_ONE:
        titles, shapes = _differ(key)
        assert len(titles) > 1 or len(shapes) > 1, f"'{key}' now means one thing: drop it from NOT_YET_ONE"


def test_the_renamed_keys_are_never_excused() -> None:
    assert not RENAMED & set(NOT_YET_ONE)


def test_every_key_means_one_thing_now() -> None:
    assert NOT_YET_ONE == {}


# renamed keys that are no key anywhere now
GONE = {"factor", "times", "exactly"}


@pytest.mark.parametrize("key", sorted(RENAMED - GONE))
def test_every_renamed_key_is_a_key_with_one_title(key: str) -> None:
    assert key in PLACES, f"'{key}' is not a key of the schema"
    assert len({title for _, title, _ in PLACES[key]}) == 1


@pytest.mark.parametrize(("key", "meaning"), [
    ("id", "编号"), ("name", "名称"), ("points", "分值"), ("column", "列"), ("table", "表"), ("within", "分组"),
    ("reason", "事由"), ("empty", "无行时"), ("rows", "行"), ("count_rows", "行数"), ("forces", "列入等次"),
    ("in_ranking", "按排名"), ("per_row", "每行取值"), ("codes", "适用事项"),
])
def test_each_unified_key_has_the_title_chosen(key: str, meaning: str) -> None:
    assert {title for _, title, _ in PLACES[key]} == {meaning}


def test_each_old_spelling_in_the_table_is_a_key_that_now_means_one_thing() -> None:
    """Every key renamed away from a place still means one thing where it remains, and the new key too."""
    from pingyi_rules.model.renamed import RENAMED as TABLE

    for keys in TABLE.values():
        for old, (new, _) in keys.items():
            for key in (old, new):
                if key in PLACES:
                    assert len({title for _, title, _ in PLACES[key]}) == 1, key


@pytest.mark.parametrize(("key", "meaning"), [
    ("scale", "分值表"), ("by", "排名依据"), ("when", "条件"), ("at_least", "不低于"), ("multiply", "乘以"),
    ("key", "键列"),
])
def test_each_renamed_key_has_the_meaning_chosen(key: str, meaning: str) -> None:
    assert {title for _, title, _ in PLACES[key]} == {meaning}


def test_factor_is_no_key_any_more() -> None:
    assert "factor" not in PLACES


# (a key that is no key any more, the key that says the same everywhere): synonyms the language
# once had; the first is refused (RS088) wherever it was written
SYNONYMS = [
    ("factor", "multiply"),
    ("times", "multiply"),
    ("exactly", "equals"),
]


@pytest.mark.parametrize(("old", "new"), SYNONYMS)
def test_one_meaning_has_one_key(old: str, new: str) -> None:
    assert old not in PLACES, f"'{old}' says what '{new}' says: write '{new}'"
    assert new in PLACES


def test_same_is_a_form_condition_only() -> None:
    """`same` tests that all the form's rows are equal in these columns; the columns that make one
    matter in keep_highest and highest_only are `matter`."""
    assert {model for model, _, _ in PLACES["same"]} == {"FormCondition", "FormRequirement"}
    assert {model for model, _, _ in PLACES["matter"]} == {"HighestOnly", "Highest"}


def test_every_old_spelling_is_refused_where_it_was_written_and_names_a_key_that_is() -> None:
    """The table of old spellings (RS088): each place exists, no longer takes the old key, and takes the new one."""
    from pingyi_rules.core.messages import CATALOGUE
    from pingyi_rules.model.renamed import RENAMED

    schema = ruleset_schema()
    for model, keys in RENAMED.items():
        properties = schema["$defs"][model]["properties"]
        for old, (new, said) in keys.items():
            assert old not in properties, (model, old)
            assert new in properties, (model, new)
            for message in CATALOGUE[said]:  # English and Chinese both name the old key and the new one
                assert f"'{old}'" in message and f"'{new}'" in message, message
