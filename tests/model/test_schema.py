"""The published JSON Schema: generated from the models, committed, and valid for every shipped ruleset."""

from __future__ import annotations

import json

import jsonschema
import pytest

from pingyi_rules import check_ruleset
from pingyi_rules.kinds.schema import schema_text
from pingyi_rules.source.strict_yaml import parse_yaml

from ..helpers import ROOT, RULESETS, cli, jsonable

SCHEMA_FILE = ROOT / "schemas" / "ruleset.schema.json"
SHIPPED = sorted(p for p in RULESETS.rglob("*.yaml") if not p.name.endswith(".cases.yaml"))


def test_committed_schema_matches_the_models() -> None:
    # Regenerate with: pingyi schema -o schemas/ruleset.schema.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), "schemas/ruleset.schema.json has drifted"


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_forbids_unknown_keys_and_has_chinese_titles() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["additionalProperties"] is False
    assert schema["properties"]["points"]["title"] == "分值"
    kinds = schema["properties"]["components"]["items"]
    assert kinds["discriminator"]["propertyName"] == "kind"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_ruleset_is_valid_for_jsonschema_and_pydantic(path) -> None:  # type: ignore[no-untyped-def]
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    depth = len(path.relative_to(ROOT).parts) - 1
    assert first_line == f"# yaml-language-server: $schema={'../' * depth}schemas/ruleset.schema.json"
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = parse_yaml(path.read_text(encoding="utf-8"), str(path)).data
    if "extends" not in data:  # a partial ruleset is only complete after merging
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(jsonable(data)))
        assert errors == []
    assert check_ruleset(path) == []


def test_schema_command_prints_the_committed_schema() -> None:
    code, out, _ = cli("schema")
    assert code == 0
    assert out == SCHEMA_FILE.read_text(encoding="utf-8")
