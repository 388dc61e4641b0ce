"""Keys that once meant different things in different places, and the key each place writes now.

Every key of the ruleset language has one meaning (tests/model/test_one_meaning.py checks the
schema). Where a place used to spell its meaning with a key that means something else elsewhere,
the old spelling is refused with the new one (RS088), at the key, instead of "unknown key".
"""

from __future__ import annotations

_RANKING_BY = "; 'by' is what a ranking is ordered by"

# model class name → {old key: (the key written now, the message saying so)}
RENAMED: dict[str, dict[str, tuple[str, str]]] = {
    "WeightedComponent": {
        "scale": ("multiply", ("'scale' on a weighted component is now 'multiply' (the number the weighted sum is "
                  "multiplied by); 'scale' names a scales entry")),
    },
    "RatingComponent": {
        "factor": ("multiply", "'factor' on a rating is now 'multiply' (the field the score is multiplied by)"),
    },
    "CaseModifier": {
        "factor": ("multiply", ("'factor' on a cases modifier is now 'multiply' (the number the matching rows' amounts "
                   "are multiplied by)")),
    },
    "CaseItem": {
        "by": ("key", "'by' on a cases item is now 'key' (the column whose value picks the amount in 'amounts')" + _RANKING_BY),
    },
    "HighestOnly": {
        "by": ("matter", "'by' in highest_only is now 'matter' (the columns whose equal values make one matter)" + _RANKING_BY),
    },
    "RankDeductionComponent": {
        "by": ("key", "'by' on a rank_deduction is now 'key' (the group column whose value picks the places in 'free')"
               + _RANKING_BY),
    },
    "Consequences": {
        "by": ("key", "'by' in consequences is now 'key' (the column holding each subject's type, matched by a band's "
               "'key_value')" + _RANKING_BY),
    },
    "ConsequenceBand": {
        "when": ("key_value", ("'when' on a consequences band is now 'key_value' (a value of the column 'key'); "
                 "'when' is a condition")),
    },
    "Distribution": {
        "at_most": ("shares", ("'at_most' on a distribution is now a limit in 'shares': {grade: …, at_most: <share>, "
                    "round: …}; 'at_most' compares a value")),
        "at_least": ("shares", ("'at_least' on a distribution is now a limit in 'shares': {grade: …, at_least: <share>, "
                     "round: …}; 'at_least' compares a value")),
    },
    "ShareLimit": {
        "share": ("at_most", ("'share' in a distribution limit is now the value of 'at_most' or 'at_least' "
                  "({grade: …, at_most: 0.2, round: …})")),
    },
}


def renamed(models: list[str], key: str) -> str | None:
    """The message for an old spelling of a key at a place validated by one of `models`, if it is one."""
    for model in models:
        entry = RENAMED.get(model, {}).get(key)
        if entry is not None:
            return entry[1]
    return None


def written_as_before(models: list[str], key: str, written: object) -> bool:
    """Whether the required `key` is missing from the mapping `written` because it spells it the old way."""
    if not isinstance(written, dict):
        return False
    return any(new == key and old in written for model in models for old, (new, _) in RENAMED.get(model, {}).items())
