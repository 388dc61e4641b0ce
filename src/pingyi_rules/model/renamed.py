"""Keys that once meant different things in different places, and the key each place writes now.

Every key of the ruleset language has one meaning (tests/model/test_one_meaning.py checks the
schema). Where a place used to spell its meaning with a key that means something else elsewhere,
the old spelling is refused with the new one (RS088), at the key, instead of "unknown key".

Each model attribute has the name of the key it is written as (a veto's `forces` is `Veto.forces`;
only `in`, `is` and `not`, Python keywords, are the attributes `in_`, `is_`, `not_`), so the paths
the compile steps build from attribute names are the paths written in the document.
"""

from __future__ import annotations

from ..core.messages import Message, say

# model class name → {old key: (the key written now, the catalogue entry saying so)}
RENAMED: dict[str, dict[str, tuple[str, str]]] = {
    "WeightedComponent": {
        "scale": ("multiply", "RS088.weighted_scale"),
    },
    "RatingComponent": {
        "factor": ("multiply", "RS088.rating_factor"),
        "rows": ("where", "RS088.rating_rows"),
    },
    "CaseModifier": {
        "factor": ("multiply", "RS088.modifier_factor"),
        "items": ("codes", "RS088.modifier_items"),
    },
    "CaseItem": {
        "by": ("key", "RS088.item_by"),
    },
    "HighestOnly": {
        "by": ("matter", "RS088.highest_only_by"),
        "items": ("codes", "RS088.highest_only_items"),
    },
    "Consequences": {
        "by": ("key", "RS088.consequences_by"),
    },
    "ConsequenceBand": {
        "when": ("key_value", "RS088.band_when"),
        "values": ("results", "RS088.band_values"),
    },
    "Distribution": {
        "at_most": ("shares", "RS088.distribution_at_most"),
        "at_least": ("shares", "RS088.distribution_at_least"),
    },
    "ShareLimit": {
        "share": ("at_most", "RS088.share_limit_share"),
    },
    "Veto": {
        "tier": ("forces", "RS088.veto_tier"),
    },
    "GateCondition": {
        "subjects": ("count_subjects", "RS088.gate_subjects"),
        "min": ("lowest", "RS088.gate_min"),
        "max": ("highest", "RS088.gate_max"),
    },
    "Condition": {
        "rows": ("count_rows", "RS088.condition_rows"),
        "ranking": ("in_ranking", "RS088.condition_ranking"),
    },
    "FormCondition": {
        "rows": ("count_rows", "RS088.form_rows"),
        "exactly": ("equals", "RS088.form_exactly"),
    },
    "FormRequirement": {
        "rows": ("count_rows", "RS088.form_rows"),
        "exactly": ("equals", "RS088.form_exactly"),
    },
    "Multiply": {
        "times": ("multiply", "RS088.multipliers_times"),
    },
    "Highest": {
        "same": ("matter", "RS088.keep_highest_same"),
    },
    "Quota": {
        "ranking": ("in_ranking", "RS088.quota_ranking"),
    },
    "VoidRule": {
        "form": ("form_when", "RS088.void_form"),
    },
    "Stage": {
        "components": ("adds", "RS088.stage_components"),
    },
    "Numbers": {
        "round": ("round_at", "RS088.numbers_round"),
    },
    "Column": {
        "values": ("choices", "RS088.column_values"),
        "places": ("max_places", "RS088.column_places"),
    },
    "Table": {
        "title": ("name", "RS088.table_title"),
        "rows": ("layout", "RS088.table_rows"),
    },
    "Subjects": {
        "id": ("id_column", "RS088.subjects_id"),
        "name": ("name_column", "RS088.subjects_name"),
    },
    "ExpressionComponent": {
        "blank": ("on_blank", "RS088.expression_blank"),
    },
    "AggregateComponent": {
        "of": ("per_row", "RS088.aggregate_of"),
        "blank": ("on_blank", "RS088.aggregate_blank"),
    },
    "CasesComponent": {
        "code": ("code_column", "RS088.cases_code"),
        "amount": ("amount_column", "RS088.cases_amount"),
    },
    "CaseExemption": {
        "items": ("codes", "RS088.exemption_items"),
    },
    "BallotsComponent": {
        "grade": ("column", "RS088.ballots_grade"),
    },
}


def renamed(models: list[str], key: str) -> Message | None:
    """The message for an old spelling of a key at a place validated by one of `models`, if it is one."""
    for model in models:
        entry = RENAMED.get(model, {}).get(key)
        if entry is not None:
            return say(entry[1])
    return None


def written_as_before(models: list[str], key: str, written: object) -> bool:
    """Whether the required `key` is missing from the mapping `written` because it spells it the old way."""
    if not isinstance(written, dict):
        return False
    return any(new == key and old in written for model in models for old, (new, _) in RENAMED.get(model, {}).items())
