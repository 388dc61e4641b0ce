"""The JSON Schema of the ruleset format, generated from the models with the registry's union of kinds (draft 2020-12)."""

from __future__ import annotations

import json
from typing import Any

from ..model.components import Ruleset
from ..source.repeat import REPEAT_SCHEMA
from . import registry  # noqa: F401 - completes Ruleset with the union of the registered kinds

SCHEMA_ID = "https://pingyi-rules.invalid/schemas/ruleset.schema.json"


def ruleset_schema() -> dict[str, Any]:
    """The schema as data: Chinese titles, no extra keys, kinds as a discriminated oneOf (beside them
    in every list of components, a `repeat` entry, which loading expands before validating)."""
    schema = Ruleset.model_json_schema(mode="validation")
    schema["$defs"]["Repeat"] = REPEAT_SCHEMA
    _add_repeat(schema)
    # a ruleset that extends another is complete only once merged: it needs none of the keys itself
    required = schema.pop("required")
    schema["anyOf"] = [{"required": ["extends"]}, {"required": required}]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def _add_repeat(node: Any) -> None:
    """Put the `repeat` entry beside the kinds wherever a list holds components."""
    if isinstance(node, dict):
        items = node.get("items")
        if isinstance(items, dict) and items.get("discriminator", {}).get("propertyName") == "kind":
            items["oneOf"].append({"$ref": "#/$defs/Repeat"})
        for value in node.values():
            _add_repeat(value)
    elif isinstance(node, list):
        for value in node:
            _add_repeat(value)


def schema_text() -> str:
    """The schema as the stable text committed in schemas/ruleset.schema.json."""
    return json.dumps(ruleset_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
