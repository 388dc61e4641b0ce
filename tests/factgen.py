"""The shipped rulesets with an examples folder (found through their worked-cases files, so rulesets
added later are picked up automatically) and the package's fact strategies for them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pingyi_rules import load_ruleset
from pingyi_rules.source.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BASE = Path(__file__).resolve().parent / "corpus" / "base"


def shipped() -> list[tuple[str, Path, Path]]:
    """(name, ruleset, facts folder) of every rulesets/*.yaml named by a *.cases.yaml with a facts folder
    (a folder holding CSV files; a cases file whose cases give every table inline names none)."""
    found: dict[str, tuple[str, Path, Path]] = {}
    for cases in sorted((ROOT / "rulesets").glob("*.cases.yaml")):
        data = parse_yaml(cases.read_text(encoding="utf-8"), str(cases)).data
        ruleset = (cases.parent / data["ruleset"]).resolve()
        facts = (cases.parent / str(data.get("facts", "."))).resolve()
        has_facts = facts.is_dir() and any(facts.glob("*.csv"))  # cases with only inline tables name no folder
        if has_facts and ruleset.name not in found:
            found[ruleset.name] = (ruleset.stem, ruleset, facts)
    found["corpus-base"] = ("corpus-base", CORPUS_BASE / "ruleset.yaml", CORPUS_BASE)
    return list(found.values())


def write(folder: Path, tables: dict[str, list[list[str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table, rows in tables.items():
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        (folder / f"{table}.csv").write_text(out.getvalue(), encoding="utf-8")


RULESETS = shipped()
COMPILED = {name: load_ruleset(path) for name, path, _ in RULESETS}
