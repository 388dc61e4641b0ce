"""Resource limits on facts: file size (CSV and workbook), CSV field size, and the number of bad
cells listed — each refused with a clear, located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingyi_rules import FactsError, load_ruleset, score
from pingyi_rules.facts import tables as _facts_tables

from ..corpus_runner import BASE


def _facts_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    for item in BASE.glob("*.csv"):
        (folder / item.name).write_bytes(item.read_bytes())
    return folder


def test_facts_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _facts_copy(tmp_path)
    monkeypatch.setattr(_facts_tables, "MAX_FACTS_BYTES", 150)
    ruleset = load_ruleset(BASE / "ruleset.yaml")
    with pytest.raises(FactsError) as caught:
        score(ruleset, folder)
    size = (folder / "units.csv").stat().st_size
    assert str(caught.value) == f"{folder}/units.csv: the file is {size} bytes; the limit is 150 bytes [FA003]"


def test_facts_size_cap_applies_to_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "facts.xlsx"
    book.write_bytes(b"x" * 2048)
    monkeypatch.setattr(_facts_tables, "MAX_FACTS_BYTES", 1024)
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), book)
    assert str(caught.value) == f"{book}: the file is 2.0 KiB; the limit is 1.0 KiB [FA003]"


def test_csv_field_over_the_csv_limit(tmp_path: Path) -> None:
    folder = _facts_copy(tmp_path)
    (folder / "extra.csv").write_text('编码,附加分\nU1,"' + "1" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), folder)
    assert str(caught.value) == (
        f"{folder}/extra.csv, row 2: malformed CSV: field larger than field limit (131072) [FA006]"
    )


def test_many_bad_cells_stop_at_the_limit(tmp_path: Path) -> None:
    folder = _facts_copy(tmp_path)
    rows = "".join(f"U{i},x\n" for i in range(150))
    (folder / "extra.csv").write_text("编码,附加分\n" + rows, encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == _facts_tables.MAX_REPORTED + 1
    assert lines[0] == f"{folder}/extra.csv, row 2: column 附加分: 'x' is not a number from 0 to 5 [FA014]"
    assert lines[-1] == f"{folder}/extra.csv: stopped after {_facts_tables.MAX_REPORTED} bad cells [FA098]"
