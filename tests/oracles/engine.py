"""The engine's side of every oracle test: the `pingyi score --format json` result of a facts folder
and a unit's component points by id."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from pingyi_rules.cli import run


def engine_json(ruleset: Path, folder: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["score", str(ruleset), str(folder), "--format", "json"], out, err)
    assert code == 0, err.getvalue()
    return json.loads(out.getvalue())


def flat(components: list[dict[str, Any]]) -> dict[str, Any]:
    """Component id → published points, through the whole tree."""
    found: dict[str, Any] = {}
    for c in components:
        found[c["id"]] = c["points"]
        found.update(flat(c.get("components", [])))
    return found
