"""The JSON Schema of the ruleset format, generated from the models with the registry's union of kinds (draft 2020-12)."""

from __future__ import annotations

import json
from typing import Any

from ..model.components import Ruleset
from . import registry  # noqa: F401 - completes Ruleset with the union of the registered kinds

SCHEMA_ID = "https://pingyi-rules.invalid/schemas/ruleset.schema.json"


def ruleset_schema() -> dict[str, Any]:
    """The schema as data: Chinese titles, no extra keys, kinds as a discriminated oneOf."""
    schema = Ruleset.model_json_schema(mode="validation")
    # a ruleset that extends another is complete only once merged: it needs none of the keys itself
    required = schema.pop("required")
    schema["anyOf"] = [{"required": ["extends"]}, {"required": required}]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as the stable text committed in schemas/ruleset.schema.json."""
    return json.dumps(ruleset_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
