"""The JSON result contract: schemas/result.schema.json is generated from the contract types,
every JSON output of every shipped ruleset on its examples validates against it, and
docs/outputs.md documents every field."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from pingyi_rules import load_ruleset, read_facts, score
from pingyi_rules.render.contract import result_schema_text
from pingyi_rules.render.output import to_json

from ..helpers import EXAMPLES, ROOT, RULESETS, cli

SCHEMA_FILE = ROOT / "schemas" / "result.schema.json"
OUTPUTS = ROOT / "docs" / "outputs.md"
SHIPPED = sorted(p for p in RULESETS.rglob("*.yaml") if not p.name.endswith(".cases.yaml"))


def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_committed_schema_matches_the_contract_types() -> None:
    # Regenerate with: pingyi schema --result -o schemas/result.schema.json
    assert SCHEMA_FILE.read_text(encoding="utf-8") == result_schema_text(), "schemas/result.schema.json has drifted"
    code, out, _ = cli("schema", "--result")
    assert (code, out) == (0, result_schema_text())


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _cases_runs() -> Iterator[tuple[str, Path, dict[str, str], Path | None]]:
    """(id, ruleset, tables written as CSV, facts folder) for every worked case that scores."""
    for cases_file in sorted(RULESETS.rglob("*.cases.yaml")):
        spec = yaml.safe_load(cases_file.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            if case.get("error") is not None:
                continue
            ruleset = cases_file.parent / case.get("ruleset", spec["ruleset"])
            folder = cases_file.parent / case.get("facts", spec.get("facts", "."))
            yield (f"{cases_file.name}:{case['id']}", ruleset, case.get("tables") or {},
                   folder if folder.is_dir() and folder != cases_file.parent else None)


CASES = list(_cases_runs())


def _score_case(ruleset: Path, tables: dict[str, str], folder: Path | None, tmp: Path) -> Any:
    if folder is not None:
        for item in folder.glob("*.csv"):
            shutil.copy(item, tmp / item.name)
    for table, text in tables.items():
        (tmp / f"{table}.csv").write_text(text, encoding="utf-8")
    return score(load_ruleset(ruleset), tmp)


@pytest.mark.parametrize(("case_id", "ruleset", "tables", "folder"), CASES, ids=[c[0] for c in CASES])
def test_every_worked_case_output_validates(
    case_id: str, ruleset: Path, tables: dict[str, str], folder: Path | None, tmp_path: Path
) -> None:
    result = _score_case(ruleset, tables, folder, tmp_path)
    for text in (to_json(result), to_json(result, "2026-01-02T03:04:05Z")):
        validator().validate(json.loads(text))


@pytest.mark.parametrize("ruleset", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_ruleset_on_its_examples_validates(ruleset: Path) -> None:
    """Through the command, on every example folder the ruleset scores (at least one)."""
    scored = 0
    for folder in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        code, out, _ = cli("score", ruleset, folder, "--format", "json", "--stamp")
        if code != 0:
            continue
        data = json.loads(out)
        validator().validate(data)
        assert data["units"] and "generated_at" in data
        scored += 1
    assert scored or any(c[1].resolve() == ruleset for c in CASES), f"{ruleset.name} scores none of examples/"


def test_python_and_sql_inputs_validate(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    from ..facts.databases import load_folder

    ruleset = load_ruleset(RULESETS / "county-qianren-2022.yaml")  # with values and void records
    database = tmp_path / "facts.sqlite"
    with closing(sqlite3.connect(database)) as connection:
        load_folder(connection, ruleset.input_tables(), EXAMPLES / "seed-000", native=False, mark="?")
    data = json.loads(to_json(score(ruleset, database)))
    validator().validate(data)
    # the nested 县社联评 scores from the same rows when they are handed over
    assert json.loads(to_json(score(ruleset, read_facts(ruleset, database)))) == data
    assert data["void"] and data["void"][0]["location"].startswith(f"{database}: table ballots, query ")
    assert any(unit["values"] for unit in data["units"])


def _good() -> dict[str, Any]:
    return json.loads(to_json(score(load_ruleset(RULESETS / "wenzhou-2023.yaml"), EXAMPLES / "wenzhou-2023")))


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda d: d["units"][0].update(extra=1), "Additional properties are not allowed"),
        (lambda d: d["units"][0].update(total=71.57), "is not valid under any of the given schemas"),
        (lambda d: d["units"][0]["components"][0].update(points="1e2"), "is not valid under any of the given schemas"),
        (lambda d: d["units"][0].pop("rank"), "'rank' is a required property"),
        (lambda d: d["inputs"][0].update(sha256="abc"), "does not match"),
        (lambda d: d.update(generated_at="yesterday"), "does not match"),
        (lambda d: d["units"][0]["stages"][0].update(selected="是"), "is not of type 'boolean'"),
    ],
)
def test_the_schema_refuses_what_the_contract_does_not_say(change: Any, why: str) -> None:
    data = _good()
    validator().validate(data)
    change(data)
    with pytest.raises(jsonschema.ValidationError, match=re.escape(why)):
        validator().validate(data)


def _field_paths(schema: dict[str, Any], node: dict[str, Any], prefix: str, seen: set[str]) -> Iterator[str]:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        if name in seen:  # the components of a component: the same shape again
            return
        yield from _field_paths(schema, schema["$defs"][name], prefix, seen | {name})
        return
    for key, sub in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        yield path
        if sub.get("type") == "array" and "$ref" in sub.get("items", {}):
            yield from _field_paths(schema, sub["items"], path + "[]", seen)
        elif "$ref" in sub:
            yield from _field_paths(schema, sub, path, seen)


def test_outputs_md_documents_every_field() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    text = OUTPUTS.read_text(encoding="utf-8").split("### The JSON contract", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([^`]+)` \|", text, re.MULTILINE))
    paths = set(_field_paths(schema, schema, "", set()))
    assert paths - documented == set(), "fields the schema has and docs/outputs.md does not document"
    assert documented - paths == set(), "fields docs/outputs.md documents and the schema does not have"


def test_outputs_md_points_only_inside_the_repository() -> None:
    text = OUTPUTS.read_text(encoding="utf-8")
    for link in re.findall(r"\]\(([^)#]+)", text):
        assert ":" not in link, f"docs/outputs.md links outside the repository: {link}"
        target = (OUTPUTS.parent / link).resolve()
        assert target.is_relative_to(ROOT) and target.exists(), link
    assert "schemas/result.schema.json" in text

