"""Facts from PostgreSQL: a throw-away cluster on a local socket (Debian's postgresql package,
which .ci/run installs), the Wenzhou example loaded with native column types (INTEGER, NUMERIC,
DATE, BOOLEAN) and scored through `read_sql` on a pg8000 connection.

Outside CI the test is skipped, with the reason, when no server can be started here; in CI
(the environment variable CI set) it must run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import FactsError, load_ruleset, read_sql, score
from pingyi_rules.render.output import to_json_data

from ..helpers import EXAMPLES, RULESETS
from .databases import load_folder

WENZHOU = RULESETS / "wenzhou-2023.yaml"
PORT = 5432  # names the socket file only: the server listens on no TCP address


def _unavailable(reason: str) -> Any:
    if os.environ.get("CI"):
        pytest.fail(f"CI must score from PostgreSQL, but {reason}")
    pytest.skip(f"no PostgreSQL server can be started here: {reason}")


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return candidates[-1].parent if candidates else None


@pytest.fixture(scope="module")
def socket_dir() -> Iterator[Path]:
    """A running cluster's socket folder; the server runs as a non-root user (PostgreSQL refuses root)."""
    try:
        import pg8000.dbapi  # noqa: F401
    except ImportError:
        _unavailable("the pg8000 driver is not installed (pip install '.[test]')")
    binaries = _bin_dir()
    if binaries is None:
        _unavailable("initdb is not installed (apt-get install postgresql)")
    assert binaries is not None
    user: str | None = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres").pw_name
        except KeyError:
            _unavailable("running as root and there is no 'postgres' user to run the server as")
    folder = Path(tempfile.mkdtemp(prefix="pingyi-pg-"))
    if user is not None:
        shutil.chown(folder, user)
    data = folder / "data"

    def run(*argv: str) -> None:
        done = subprocess.run(argv, user=user, capture_output=True, text=True, timeout=120, check=False)
        if done.returncode != 0:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            _unavailable(f"{Path(argv[0]).name} failed: {done.stderr.strip()} {log.strip()}"[:2000])

    run(str(binaries / "initdb"), "-D", str(data), "-U", "pingyi", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
    run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60",
        "-o", f"-k {folder} -c listen_addresses='' -p {PORT} -F", "start")
    try:
        yield folder
    finally:
        subprocess.run([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                       user=user, capture_output=True, timeout=60, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _connect(socket_dir: Path, database: str) -> Any:
    import pg8000.dbapi

    return pg8000.dbapi.connect(user="pingyi", database=database, unix_sock=str(socket_dir / f".s.PGSQL.{PORT}"))


@pytest.fixture(scope="module")
def wenzhou(socket_dir: Path) -> Iterator[Any]:
    with closing(_connect(socket_dir, "postgres")) as admin:
        admin.autocommit = True
        admin.cursor().execute("CREATE DATABASE wenzhou")
    with closing(_connect(socket_dir, "wenzhou")) as connection:
        load_folder(connection, load_ruleset(WENZHOU).tables, EXAMPLES / "wenzhou-2023", native=True, mark="%s")
        yield connection


def test_wenzhou_from_postgresql_gives_the_csv_json(wenzhou: Any) -> None:
    ruleset = load_ruleset(WENZHOU)
    from_sql = to_json_data(score(ruleset, read_sql(ruleset, wenzhou, label="postgresql:wenzhou")))
    from_csv = to_json_data(score(ruleset, EXAMPLES / "wenzhou-2023"))
    assert from_sql["inputs"][0]["name"] == "postgresql:wenzhou: table units, query 'SELECT * FROM \"units\"'"
    assert {k: v for k, v in from_sql.items() if k != "inputs"} == {k: v for k, v in from_csv.items() if k != "inputs"}


def test_a_bad_cell_in_postgresql_names_the_query_row_and_column(wenzhou: Any) -> None:
    ruleset = load_ruleset(WENZHOU)
    query = 'SELECT * FROM units ORDER BY "单位编码"'
    cursor = wenzhou.cursor()
    cursor.execute("""UPDATE units SET "履职成效得分" = 12.5 WHERE "单位编码" = 'WZ003'""")
    try:
        with pytest.raises(FactsError) as caught:
            read_sql(ruleset, wenzhou, {"units": query}, label="postgresql:wenzhou")
    finally:
        wenzhou.rollback()
    assert str(caught.value) == (
        "postgresql:wenzhou: table units, query 'SELECT * FROM units ORDER BY \"单位编码\"', row 3: "
        "column 履职成效得分: 12.5 is out of range; expected a number from 0 to 10 [FA016]"
    )
