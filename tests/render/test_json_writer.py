"""The streamed JSON writer gives the JSON text, and each unit's line is what the encoder writes."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.render.output import iter_json, to_json

from ..helpers import EXAMPLES, RULESETS

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"
WENZHOU = RULESETS / "wenzhou-2023.yaml"


@pytest.mark.parametrize("ruleset, folder", [(SEED4, "seed-004"), (WENZHOU, "wenzhou-2023")])
def test_streamed_json_is_the_json_text(ruleset: Path, folder: str) -> None:
    result = score(load_ruleset(ruleset), EXAMPLES / folder)
    assert "".join(iter_json(result)) == to_json(result)
    assert "".join(iter_json(result, "2026-01-01T00:00:00Z")).endswith('"generated_at": "2026-01-01T00:00:00Z"\n}\n')
    assert '"units": []' in to_json(dataclasses.replace(result, subjects=[]))


EXAMPLE_PAIRS = [
    ("city-gongshu-minping-2012.yaml", "seed-001"),
    ("county-qianren-2022.yaml", "seed-000"),
    ("district-neishe-ceping-2012.yaml", "seed-004"),
    ("service-center-windows.yaml", "seed-003"),
    ("wenzhou-2023.yaml", "wenzhou-2023"),
    ("examples/county-minping-variant.yaml", "seed-001"),
]


@pytest.mark.parametrize("ruleset, folder", EXAMPLE_PAIRS)
def test_unit_lines_are_what_the_encoder_writes(ruleset: str, folder: str) -> None:
    from pingyi_rules.render.output import _dumps, _unit_json, _unit_text

    result = score(load_ruleset(RULESETS / ruleset), EXAMPLES / folder)
    subject = result.subjects[0]
    # the awkward texts too: quotes, backslashes, control characters, values of every kind
    subject = dataclasses.replace(subject, name='say "hi"\\ \n\t\x01 名', notes=[*subject.notes, "a \"note\""],
                                  values={**subject.values, "x": Decimal("1.50"), "flag": True})
    result = dataclasses.replace(result, subjects=[subject, *result.subjects[1:]])
    parts: dict = {}  # type: ignore[type-arg]
    for unit in result.subjects:
        assert _unit_text(unit, result.places, result.rounding, parts) == _dumps(_unit_json(unit, result.places, result.rounding))
