"""The JSON result contract (`pingyi score --format json`, `render.output.to_json`) as types, and
the JSON Schema generated from them (schemas/result.schema.json, draft 2020-12).

The writer in render.output assembles the text piece by piece for speed; these types say what
it must produce, and the tests validate every shipped ruleset's output against the schema.
Regenerate the committed file with `pingyi schema --result -o schemas/result.schema.json`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_ID = "https://pingyi-rules.invalid/schemas/result.schema.json"

# A published number: plain digits, a point and the places the ruleset declares, a sign only below zero.
Number = Annotated[str, Field(pattern=r"^-?[0-9]+(\.[0-9]+)?$")]
Digest = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256, 64 lowercase hex digits")]


class _Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RulesetJson(_Contract):
    """The ruleset that produced the result."""

    id: str = Field(description="the ruleset's id")
    name: str = Field(description="the ruleset's name (方案名称)")
    version: str = Field(description="the ruleset's version")
    sha256: Digest = Field(description="SHA-256 of the ruleset file (of the merged text for a ruleset that extends another)")


class InputJson(_Contract):
    """One input read: a CSV file, the workbook, a table handed over as Python rows, or a SQL query."""

    name: str = Field(
        description="the file's name, the table id (Python rows), or the database and query (SQL)"
    )
    sha256: Digest = Field(description="SHA-256 of the file's bytes, or of the rows as given or returned")


class ComponentJson(_Contract):
    """One component's points for the unit (指标得分), with its children."""

    id: str = Field(description="the component's id")
    name: str = Field(description="the component's name (指标名称)")
    points: Number | None = Field(
        description="the points, rounded as the ruleset declares; null when the component gives none (not applicable, or the unit was not scored)"
    )
    max: Number | None = Field(
        description="the component's full points (满分), as the ruleset writes them; null when it declares none"
    )
    components: list[ComponentJson] = Field(
        default_factory=list, description="the child components, in the ruleset's order (only when there are any)"
    )


class StageJson(_Contract):
    """The unit's standing at the end of a stage that selects units for the next (分阶段评议)."""

    id: str = Field(description="the stage's id")
    name: str = Field(description="the stage's name")
    total: Number | None = Field(description="the cumulative total at the end of the stage, rounded as declared; null when none")
    rank: int | None = Field(description="the rank the selection used (1 is first); null when not ranked")
    selected: bool = Field(description="whether the unit went on to the next stage (入选)")


class UnitJson(_Contract):
    """One evaluated unit (参评单位), in the order of the subject table."""

    id: str = Field(description="the unit's code (编码), as matched (normal form)")
    name: str = Field(description="the unit's name, as the facts write it")
    category: str | None = Field(description="the unit's category (类别), null when the ruleset declares none")
    group: str | None = Field(description="the ranking group the unit is ranked within, null when all rank together")
    total: Number | None = Field(description="the total (总分), rounded as declared; null when the unit has none (not ranked, or vetoed to no score)")
    rank: int | None = Field(description="the rank within the group (名次; tied units share it); null when not ranked")
    ranks: dict[str, int | None] = Field(
        default_factory=dict,
        description="each named ranking (rankings:) by its name: the unit's rank there, null when not ranked; "
        "only for rulesets that declare rankings",
    )
    tiers: list[str] = Field(description="the tiers (等次) the unit reached, in the ruleset's order")
    values: dict[str, Number | None] = Field(
        description="the ruleset's named values (values:, in order; null when a value has none), then the values its "
        "consequences give the unit (如 负责人绩效); {} when none"
    )
    notes: list[str] = Field(description="remarks (备注): vetoes, exemptions, not being selected, in order")
    components: list[ComponentJson] = Field(description="the top-level components, in the ruleset's order")
    stages: list[StageJson] = Field(
        default_factory=list, description="one entry per selecting stage (only for rulesets with stages)"
    )


class VoidJson(_Contract):
    """An input record the ruleset set aside without failing the run (作废, e.g. an off-quota ballot)."""

    table: str = Field(description="the table id")
    key: str = Field(description="the record's key (a ballot's id)")
    reason: str = Field(description="why it was voided")
    location: str | None = Field(description="where the record is (file and row, sheet cell, table[i] or query and row)")


class GateJson(_Contract):
    """A gate's decision for one group (门槛): whether it held there, and what a group it does not hold for is told."""

    name: str = Field(description="the gate's name")
    group: str | None = Field(description="the value of the gate's `within` field for the group; null when the gate is on the whole population")
    held: bool = Field(description="whether the gate held for the group; false: its units keep their totals but have no rank and no tier")
    outcome: str = Field(description="the gate's declared outcome, written in the notes of every unit of a group it does not hold for")


class ResultJson(_Contract):
    """The result of scoring one fact set under one ruleset (`pingyi score --format json`)."""

    ruleset: RulesetJson
    inputs: list[InputJson] = Field(description="every input read, in the order read")
    units: list[UnitJson] = Field(description="every unit, in the order of the subject table")
    void: list[VoidJson] = Field(description="voided records; [] when none")
    gates: list[GateJson] = Field(
        default_factory=list,
        description="only for a ruleset with gates: every gate's decision for every group, in gate order, the groups in the order of the subject table",
    )
    generated_at: str = Field(
        default="", pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
        description="UTC time of the run, only with --stamp",
    )


def result_schema() -> dict[str, Any]:
    """The schema as data: every key named, no other key allowed."""
    schema = _without_defaults(ResultJson.model_json_schema(mode="validation"))
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def _without_defaults(node: Any) -> Any:
    """The schema without `default`: a key that is not required is left out, never filled in."""
    if isinstance(node, dict):
        return {key: _without_defaults(value) for key, value in node.items() if key != "default"}
    if isinstance(node, list):
        return [_without_defaults(item) for item in node]
    return node


def result_schema_text() -> str:
    """The schema as the stable text committed in schemas/result.schema.json."""
    return json.dumps(result_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
