"""The shipped rulesets with an examples folder (found through their worked-cases files, so rulesets
added later are picked up automatically) and the package's fact strategies for them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pingyi_rules import load_ruleset

from .helpers import shipped as shipped_pairs

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BASE = Path(__file__).resolve().parent / "corpus" / "base"


def shipped() -> list[tuple[str, Path, Path]]:
    """(name, ruleset, facts folder) of every rulesets/*.yaml whose worked cases name a facts folder
    (`helpers.shipped`), each once, and the corpus base."""
    found: dict[str, tuple[str, Path, Path]] = {}
    for ruleset, facts in shipped_pairs():
        found.setdefault(ruleset.name, (ruleset.stem, ruleset, facts))
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
