"""Fact tables from SQL queries on a DB-API 2.0 connection (sqlite3, pg8000, psycopg, …), typed
and checked as a file's cells are (facts.memory), every error naming the query and the row.

A table's query returns the table as its file would hold it: one column per header, named by
the header (`SELECT code AS 单位编码, …`); without a query a table is `SELECT * FROM "<table id>"`.
Rows are numbered from 1, the first row the query returns.

On the command line the facts may be a SQLite file (each table read with its default query) or
a sources file (.yaml) naming a SQLite file and the queries:

    sqlite: 评议数据.sqlite      # relative to the sources file
    tables:                      # optional: a table not listed is SELECT * FROM "<table id>"
      satisfaction: SELECT 单位编码, 满意, 一般, 不满意 FROM 回访汇总 WHERE 年度 = 2023
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from ..core.errors import FactsError, Location, PingyiError
from ..core.messages import Text as Verbatim
from ..core.messages import say
from ..source.strict_yaml import parse_yaml
from .memory import HEADER, check_table_ids, every_table, records_of
from .tables import MAX_FACTS_BYTES, FactSet, TableData, TableSpec, _build_table, _read_bytes

SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db")
SOURCES_SUFFIXES = (".yaml", ".yml")
SQLITE_MAGIC = b"SQLite format 3\x00"
_FETCH = 1000  # rows fetched at a time: a large table is typed as it arrives, never held as returned


def default_query(table: str) -> str:
    return 'SELECT * FROM "' + table.replace('"', '""') + '"'


def read_sql(
    ruleset: Any, connection: Any, queries: Mapping[str, str] | None = None, *, label: str = ""
) -> FactSet:
    """Every declared table from its query on `connection` (any DB-API 2.0 connection).

    `ruleset` is a compiled ruleset (every table it reads, its nested rulesets' included) or table
    specs; `queries` maps table ids to SQL, a table not named being `SELECT * FROM "<table id>"`;
    `label` (the database's name) begins every place and input name.
    """
    specs = every_table(ruleset)
    queries = dict(queries or {})
    prefix = f"{label}: " if label else ""
    check_table_ids(specs, [*queries, *(s.id for s in specs if s.id not in queries)],
                    lambda table: Location(file=f"{prefix}table {table}"), say("phrase.queries_given"))
    tables: dict[str, TableData] = {}
    inputs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for spec in specs:
        query = queries.get(spec.id) or default_query(spec.id)
        place = f"{prefix}table {spec.id}, query '{' '.join(query.split())}'"

        def locate(row: int, column: int, header: str | None, place: str = place) -> Location:
            return Location(file=place, row=None if row == HEADER else row, field=header)

        digest = hashlib.sha256()
        with closing(connection.cursor()) as cursor:
            header = _execute(cursor, query, place)
            records = records_of(_fetched(cursor, place), spec.id, locate, digest, header)
            tables[spec.id] = _build_table(spec, records, place, locate, warnings)
        inputs.append((place, digest.hexdigest()))
    return FactSet(tables, inputs, warnings)


def _execute(cursor: Any, query: str, place: str) -> list[Any]:
    """Run the query; the names of the columns it returns."""
    try:
        cursor.execute(query)
    except PingyiError:
        raise
    except Exception as exc:  # noqa: BLE001 - each driver has its own error classes; its message is reported
        raise FactsError(say("FA048.failed", why=_message(exc)), Location(file=place)) from None
    if not cursor.description:
        raise FactsError(say("FA048.no_rows"), Location(file=place))
    return [column[0] for column in cursor.description]


def _fetched(cursor: Any, place: str) -> Iterator[tuple[int, Any]]:
    number = 0
    while True:
        try:
            batch = cursor.fetchmany(_FETCH)
        except Exception as exc:  # noqa: BLE001 - as in _execute
            raise FactsError(say("FA048.fetch", row=number, why=_message(exc)), Location(file=place)) from None
        if not batch:
            return
        for row in batch:
            number += 1
            yield number, row


def _message(exc: Exception) -> Verbatim:
    """The driver's own message (not translated), with its class."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return Verbatim(f"{type(exc).__name__}: {text}")


def is_database(path: Path) -> bool:
    """Whether the facts path names a SQLite file or a sources file (by its suffix)."""
    return path.suffix.lower() in SQLITE_SUFFIXES + SOURCES_SUFFIXES


def read_database(specs: Sequence[TableSpec], path: Path) -> FactSet:
    """The facts from a SQLite file, or from the SQLite file and queries a sources file names."""
    if path.suffix.lower() in SOURCES_SUFFIXES:
        database, queries = read_sources(path)
    else:
        database, queries = path, {}
    return _read_sqlite(specs, database, queries)


def _read_sqlite(specs: Sequence[TableSpec], database: Path, queries: Mapping[str, str]) -> FactSet:
    where = Location(file=str(database))
    try:
        with database.open("rb") as file:
            magic = file.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise FactsError(say("FA001.file"), where) from None
    except OSError as exc:
        raise FactsError(say("FA022.file", why=Verbatim(str(exc.strerror))), where) from None
    if magic != SQLITE_MAGIC:
        raise FactsError(say("FA049.not_sqlite"), where)
    if database.stat().st_size > MAX_FACTS_BYTES:
        _read_bytes(database)  # the size limit's error (FA003)
    uri = database.resolve().as_uri() + "?mode=ro"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise FactsError(say("FA049.open", why=_message(exc)), where) from None
    with closing(connection):
        return read_sql(specs, connection, queries, label=str(database))


def read_sources(path: Path) -> tuple[Path, dict[str, str]]:
    """The SQLite file and the queries a sources file names; every mistake located in it."""
    data = _read_bytes(path)
    try:
        document = parse_yaml(data.decode("utf-8-sig"), str(path))
    except UnicodeDecodeError as exc:
        raise FactsError(say("FA049.utf8", why=Verbatim(str(exc))), Location(file=str(path))) from None
    except PingyiError as exc:  # the YAML reader's located syntax errors, reported as the sources file's
        raise FactsError(exc.said, exc.location, code="FA049") from None
    body = document.data
    if not isinstance(body, dict):
        raise FactsError(say("FA049.mapping"), document.location(()))
    for key in body:
        if key not in ("sqlite", "tables"):
            raise FactsError(say("FA049.unknown_key", key=key), document.location((key,), key=True))
    if "sqlite" not in body:
        raise FactsError(say("FA049.no_sqlite"), document.location(()))
    database = body["sqlite"]
    if not isinstance(database, str) or not database.strip():
        raise FactsError(say("FA049.sqlite"), document.location(("sqlite",)))
    tables = body.get("tables", {})
    if not isinstance(tables, dict):
        raise FactsError(say("FA049.tables"), document.location(("tables",)))
    queries: dict[str, str] = {}
    for table, query in tables.items():
        if not isinstance(query, str) or not query.strip():
            raise FactsError(say("FA049.query", table=table), document.location(("tables", table)))
        queries[str(table)] = query
    return path.parent / database, queries
