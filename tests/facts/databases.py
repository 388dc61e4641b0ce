"""Loading an example's CSV folder into a database, columns typed as the ruleset declares them,
for the tests that score from SQL (tests/facts/test_sql.py, tests/facts/test_postgres.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from pingyi_rules.facts.reading import TableSpec

SQL_TYPES = {"count": "INTEGER", "decimal": "NUMERIC", "date": "DATE", "bool": "BOOLEAN"}


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def typed(text: str, kind: str | None, native: bool) -> Any:
    """A CSV cell as a database would hold it: NULL for blank; with `native`, numbers, dates and
    yes/no as the driver's own types (PostgreSQL), else numbers only (SQLite keeps dates and 是/否 as text)."""
    if text == "":
        return None
    if kind == "count":
        return int(text)
    if kind == "decimal":
        return Decimal(text) if native else float(text)
    if native and kind == "date":
        return dt.date.fromisoformat(text)
    if native and kind == "bool":
        return text == "是"
    return text


def load_folder(connection: Any, specs: tuple[TableSpec, ...], folder: Path, *, native: bool, mark: str) -> None:
    """CREATE and fill one table per declared table from `folder`'s CSV files (`mark`: the driver's paramstyle)."""
    cursor = connection.cursor()
    for spec in specs:
        header, *rows = list(csv.reader(io.StringIO((folder / f"{spec.id}.csv").read_text(encoding="utf-8-sig"))))
        kinds = {c.header: c.type for c in spec.columns}
        types = {h: SQL_TYPES.get(kinds.get(h, ""), "TEXT") for h in header}
        if not native:  # SQLite: numbers typed, dates and 是/否 as text
            types = {h: t if t in ("INTEGER", "NUMERIC") else "TEXT" for h, t in types.items()}
        cursor.execute(f"CREATE TABLE {quoted(spec.id)} ({', '.join(f'{quoted(h)} {types[h]}' for h in header)})")
        insert = f"INSERT INTO {quoted(spec.id)} VALUES ({', '.join([mark] * len(header))})"
        cursor.executemany(insert, [[typed(c, kinds.get(h), native) for h, c in zip(header, row, strict=True)] for row in rows])
    connection.commit()
    cursor.close()
