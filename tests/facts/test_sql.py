"""Facts from SQL on a real SQLite database: a SQLite file or a sources file as FACTS, and
`read_sql` on a DB-API connection; every error names the query, the row and the column."""

from __future__ import annotations

import json
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import FactsError, load_ruleset, read_facts, read_sql, score
from pingyi_rules.render.output import to_json_data

from ..helpers import EXAMPLES, RULESETS, cli
from .databases import load_folder

WENZHOU = RULESETS / "wenzhou-2023.yaml"


def without_inputs(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "inputs"}


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "评议数据.sqlite"
    with closing(sqlite3.connect(path)) as connection:
        load_folder(connection, load_ruleset(WENZHOU).tables, EXAMPLES / "wenzhou-2023", native=False, mark="?")
    return path


def csv_json() -> dict[str, Any]:
    code, out, err = cli("score", WENZHOU, EXAMPLES / "wenzhou-2023", "--format", "json")
    assert (code, err) == (0, "")
    return json.loads(out)  # type: ignore[no-any-return]


def test_wenzhou_from_a_sqlite_file_gives_the_csv_json(database: Path) -> None:
    code, out, err = cli("score", WENZHOU, database, "--format", "json")
    assert (code, err) == (0, "")
    from_sql = json.loads(out)
    assert without_inputs(from_sql) == without_inputs(csv_json())
    assert [item["name"] for item in from_sql["inputs"]] == [
        f"{database}: table {spec.id}, query 'SELECT * FROM \"{spec.id}\"'" for spec in load_ruleset(WENZHOU).tables
    ]
    assert all(len(item["sha256"]) == 64 for item in from_sql["inputs"])
    code, again, _ = cli("score", WENZHOU, database, "--format", "json")
    assert again == out  # the same rows give the same digests


def test_explain_reads_the_database_too(database: Path) -> None:
    from_sql = cli("explain", WENZHOU, database, "WZ003")[1]
    assert f"{database}: table supervision, query 'SELECT * FROM \"supervision\"', row 5: 计入 11.25" in from_sql
    # the same rows, placed by query and result row (the first row 1) instead of file and line (the header row 1)
    as_files = re.sub(
        re.escape(str(database)) + r": table (\w+), query '[^']*', row (\d+)",
        lambda m: f"{EXAMPLES / 'wenzhou-2023' / m[1]}.csv, row {int(m[2]) + 1}",
        from_sql,
    )
    assert as_files == cli("explain", WENZHOU, EXAMPLES / "wenzhou-2023", "WZ003")[1]


def test_a_sources_file_maps_tables_to_queries(database: Path, tmp_path: Path) -> None:
    # the platform's own table names and English columns, renamed to the ruleset's headers in the query
    with closing(sqlite3.connect(database)) as connection:
        connection.execute('ALTER TABLE "hotline" RENAME TO "hotline_2023"')
        connection.execute('ALTER TABLE "hotline_2023" RENAME COLUMN "H8扣分" TO "h8_deduction"')
        connection.commit()
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        f"sqlite: {database.name}\n"
        "tables:\n"
        "  hotline: |\n"
        '    SELECT 单位编码, H1, H2, H3, H4, H5, H6, H7, H8件数, h8_deduction AS "H8扣分"\n'
        "    FROM hotline_2023\n",
        encoding="utf-8",
    )
    code, out, err = cli("score", WENZHOU, sources, "--format", "json")
    assert (code, err) == (0, "")
    assert without_inputs(json.loads(out)) == without_inputs(csv_json())


def test_a_bad_cell_names_the_query_row_and_column(database: Path) -> None:
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("UPDATE units SET 服务数据量 = '一百' WHERE 单位编码 = 'WZ003'")
        connection.execute("UPDATE units SET 主管单位评价 = '优' WHERE 单位编码 = 'WZ005'")
        connection.commit()
    code, out, err = cli("score", WENZHOU, database)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{database}: table units, query 'SELECT * FROM \"units\"', row 3: column 服务数据量: '一百' is not a whole number ≥ 0 [FA014]",
        (f"{database}: table units, query 'SELECT * FROM \"units\"', row 5: column 主管单位评价: '优' is not one of 优秀 / 良好 / 一般; "
         "did you mean '优秀'? [FA012]"),
    ]


def test_read_sql_on_a_connection() -> None:
    ruleset = load_ruleset(RULESETS / "district-neishe-ceping-2012.yaml")
    with closing(sqlite3.connect(":memory:")) as connection:
        load_folder(connection, ruleset.tables, EXAMPLES / "seed-004", native=False, mark="?")
        facts = read_sql(ruleset, connection)
        assert without_inputs(to_json_data(score(ruleset, facts))) == without_inputs(
            to_json_data(score(ruleset, EXAMPLES / "seed-004"))
        )
        assert facts.inputs[0][0] == "table units, query 'SELECT * FROM \"units\"'"
        limited = read_sql(ruleset, connection, {"units": "SELECT * FROM units WHERE rowid <= 3"}, label="评议库")
        assert len(limited.tables["units"].rows) == 3
        assert str(limited.tables["units"].rows[2].location) == "评议库: table units, query 'SELECT * FROM units WHERE rowid <= 3', row 3"
        with pytest.raises(FactsError) as caught:
            read_sql(ruleset, connection, {"unit": "SELECT 1"})
        assert str(caught.value) == (
            "table unit: table 'unit' is not declared by the ruleset (its tables: units); did you mean 'units'? [FA046]"
        )
        with pytest.raises(FactsError) as caught:
            read_sql(ruleset, connection, {"units": "UPDATE units SET 单位名称 = 'x' WHERE 0"})
        assert str(caught.value) == (
            "table units, query 'UPDATE units SET 单位名称 = 'x' WHERE 0': the query returns no rows (it is not a SELECT) [FA048]"
        )
        with pytest.raises(FactsError) as caught:
            read_sql(ruleset, connection, {"units": "SELECT 编码, FROM units"})
        assert str(caught.value) == (
            "table units, query 'SELECT 编码, FROM units': the query failed: OperationalError: near \"FROM\": syntax error [FA048]"
        )


def test_a_value_no_column_takes(tmp_path: Path) -> None:
    ruleset = load_ruleset(RULESETS / "district-neishe-ceping-2012.yaml")
    with closing(sqlite3.connect(":memory:")) as connection:
        load_folder(connection, ruleset.tables, EXAMPLES / "seed-004", native=False, mark="?")
        connection.execute("UPDATE units SET 单位名称 = x'e4ba8c' WHERE rowid = 2")
        with pytest.raises(FactsError) as caught:
            read_sql(ruleset, connection)
    assert str(caught.value) == (
        "table units, query 'SELECT * FROM \"units\"', row 2: column 单位名称: a bytes value (b'\\xe4\\xba\\x8c') "
        "cannot be a cell value (text, a number, a date, True/False or None) [FA047]"
    )


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    fake = tmp_path / "facts.db"
    fake.write_text("单位编码,单位名称\n", encoding="utf-8")
    assert cli("score", WENZHOU, fake)[2] == (
        f"{fake}: not a SQLite database (it does not begin with 'SQLite format 3') [FA049]\n"
    )


def test_encoding_has_no_effect_on_a_database(database: Path) -> None:
    assert cli("score", WENZHOU, database, "--encoding", "gbk")[2] == (
        f"{database}: --encoding applies to CSV files; a database's text is read as the database holds it [FA049]\n"
    )


def test_the_database_is_opened_read_only(database: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sqlite: {database.name}\ntables:\n  units: DELETE FROM units RETURNING *\n", encoding="utf-8")
    code, _, err = cli("score", WENZHOU, sources)
    assert code == 1 and "attempt to write a readonly database" in err and "[FA048]" in err
    with closing(sqlite3.connect(database)) as connection:
        assert connection.execute("SELECT count(*) FROM units").fetchone()[0] == 40


def test_read_facts_takes_a_database_path(database: Path) -> None:
    ruleset = load_ruleset(WENZHOU)
    assert to_json_data(score(ruleset, read_facts(ruleset, database))) == to_json_data(score(ruleset, database))


def test_o_never_writes_over_the_database_a_sources_file_names(database: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sqlite: {database.name}\n", encoding="utf-8")
    before = database.read_bytes()
    code, _, err = cli("score", WENZHOU, sources, "--format", "csv", "-o", database)
    assert (code, err) == (2, f"pingyi: refusing to write the output into the input {database}\n")
    assert database.read_bytes() == before
    assert cli("score", WENZHOU, database, "-o", database)[0] == 2  # the SQLite file itself, as any facts path
