"""scripts/spot_check.py stays anchored on the scoring core: every change finds each text it edits
exactly once, and the module it changes still compiles with the change made."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "pingyi_rules"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("spot_check", ROOT / "scripts" / "spot_check.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("spot_check", module)  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


SPOT = _script()


def test_the_labels_are_distinct() -> None:
    labels = [change.label for change in SPOT.CHANGES]
    assert len(labels) == len(set(labels))


def _edits(change: Any) -> tuple[tuple[str, str], ...]:
    """The (old, new) texts a change edits (one pair for a change of one edit)."""
    return tuple(getattr(change, "edits", None) or ((change.old, change.new),))


@pytest.mark.parametrize("change", SPOT.CHANGES, ids=lambda change: change.label)
def test_every_change_finds_its_text_once_and_the_module_compiles(change: Any) -> None:
    target = PACKAGE / change.path
    assert target.is_file(), f"{change.path} is no module of the package"
    source = target.read_text(encoding="utf-8")
    counts = [source.count(old) for old, _ in _edits(change)]
    assert counts == [1] * len(counts), f"{change.label}: the texts to change occur {counts} times in {change.path}"
    changed = SPOT.apply(change, source)  # the script's own edit, which compiles the changed module
    assert changed != source
    for old, new in _edits(change):
        assert old != new
        assert new in changed
    if "_spot_first" in changed:
        assert "def _spot_first(" in changed


def test_the_docs_table_lists_every_change() -> None:
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    section = text[text.index("## Spot-check: a subject's value replaced by a constant"):]
    section = section.split("\n## ", 1)[0]
    listed = [line.split("|")[1].strip().strip("`") for line in section.splitlines()
              if line.startswith("| `")]
    assert listed == [change.label for change in SPOT.CHANGES]
