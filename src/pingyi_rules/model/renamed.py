"""Keys that once meant different things in different places, and the key each place writes now.

Every key of the ruleset language has one meaning (tests/model/test_one_meaning.py checks the
schema). Where a place used to spell its meaning with a key that means something else elsewhere,
the old spelling is refused with the new one (RS088), at the key, instead of "unknown key".
"""

from __future__ import annotations

from ..core.messages import Message, say

# model class name → {old key: (the key written now, the catalogue entry saying so)}
RENAMED: dict[str, dict[str, tuple[str, str]]] = {
    "WeightedComponent": {"scale": ("multiply", "RS088.weighted_scale")},
    "RatingComponent": {"factor": ("multiply", "RS088.rating_factor")},
    "CaseModifier": {"factor": ("multiply", "RS088.modifier_factor")},
    "CaseItem": {"by": ("key", "RS088.item_by")},
    "HighestOnly": {"by": ("matter", "RS088.highest_only_by")},
    "Consequences": {"by": ("key", "RS088.consequences_by")},
    "ConsequenceBand": {"when": ("key_value", "RS088.band_when")},
    "Distribution": {
        "at_most": ("shares", "RS088.distribution_at_most"),
        "at_least": ("shares", "RS088.distribution_at_least"),
    },
    "ShareLimit": {"share": ("at_most", "RS088.share_limit_share")},
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
