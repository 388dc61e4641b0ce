"""Damaged and hostile workbooks: zip bombs (real, lying about their sizes, over the byte budget) and
spoilt bytes or wrong values anywhere in any part. Each is a located FactsError, never a traceback,
a hang or exhausted memory.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, load_ruleset
from pingyi_rules.facts import xlsx as _facts_xlsx
from pingyi_rules.facts.reading import read_facts

from ..corpus_runner import BASE
from .test_workbooks_foreign import MAIN, SHEET, base_tables, rezip, write_openpyxl

# --------------------------------------------------------------------------- zip bombs


def _zip(path: Path, parts: list[tuple[str, bytes, int, int]]) -> None:
    """A zip written by hand from (name, deflated bytes, CRC, declared unzipped size): sizes may lie."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in parts:
        encoded = name.encode()
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0,
            len(out),
        ) + encoded
        out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(data), size, len(encoded), 0)
        out += encoded + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(out), 0)
    path.write_bytes(bytes(out + central + end))


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def _bomb(path: Path, mebibytes: int, declared: int | None = None) -> None:
    """The base workbook whose extra sheet holds `mebibytes` MiB of spaces, deflated ~1000 to 1."""
    source = tmp = path.with_name("raw.xlsx")
    write_openpyxl(tmp, base_tables())
    with zipfile.ZipFile(source) as book:
        parts = [(n, book.read(n)) for n in book.namelist()]
    head, tail = f'<worksheet xmlns="{MAIN}"><sheetData>'.encode(), b"</sheetData></worksheet>"
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b" " * 2**20) + compressor.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every MiB
    bomb = start + block * mebibytes + compressor.compress(tail) + compressor.flush()
    size = len(head) + mebibytes * 2**20 + len(tail)
    entries = []
    for name, data in parts:
        if name == "xl/worksheets/sheet2.xml":
            entries.append((name, bomb, 0, size if declared is None else declared))
        else:
            entries.append((name, _deflate(data), zlib.crc32(data), len(data)))
    _zip(path, entries)


def test_a_zip_bomb_is_refused_before_it_is_unzipped(tmp_path: Path) -> None:
    book = tmp_path / "facts.xlsx"
    _bomb(book, 3 * 1024)  # 3 GiB of XML in about 3 MB
    assert book.stat().st_size < 4 * 2**20
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert str(caught.value) == (
        f"{book}: the workbook's XML parts unzip to more than 512.0 MiB, the limit "
        "(xl/worksheets/sheet2.xml is 3072.0 MiB) [FA027]"
    )


def test_a_part_unzipping_far_beyond_its_size_is_refused(tmp_path: Path) -> None:
    book = tmp_path / "facts.xlsx"
    _bomb(book, 64)
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert caught.value.code == "FA027"
    assert re.fullmatch(
        r".*: xl/worksheets/sheet2\.xml unzips to 1\d\d\d times its zipped size \(.* to 64\.0 MiB\); "
        r"refused as a possible zip bomb \(the limit is 100 times\) \[FA027\]",
        str(caught.value),
    )


def test_a_zip_that_lies_about_its_sizes_is_read_no_further_than_it_declares(tmp_path: Path) -> None:
    book = tmp_path / "facts.xlsx"
    _bomb(book, 3 * 1024, declared=5000)  # claims 5000 bytes; holds 3 GiB
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert str(caught.value) == (
        f"{book}: the workbook is damaged: cannot unzip xl/worksheets/sheet2.xml: "
        "Bad CRC-32 for file 'xl/worksheets/sheet2.xml' [FA026]"
    )


def test_the_unzipped_limit_counts_every_part_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "facts.xlsx"
    write_openpyxl(book, base_tables())
    with zipfile.ZipFile(book) as saved:
        total = sum(saved.getinfo(n).file_size for n in saved.namelist() if not n.startswith(("docProps", "xl/theme")))
    monkeypatch.setattr(_facts_xlsx, "MAX_WORKBOOK_XML_BYTES", total)
    read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)  # exactly at the limit
    monkeypatch.setattr(_facts_xlsx, "MAX_WORKBOOK_XML_BYTES", total - 1)
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert caught.value.code == "FA027"


# --------------------------------------------------------------------------- damage anywhere


def _stored_copy(source: Path) -> bytes:
    """The workbook with its parts stored uncompressed, so spoilt bytes land in the XML itself."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
    return buffer.getvalue()


@functools.cache
def workbook_bytes() -> tuple[bytes, bytes]:
    """The base workbook as openpyxl saves it, and with its parts stored uncompressed."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "facts.xlsx"
        write_openpyxl(path, base_tables())
        return path.read_bytes(), _stored_copy(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    stored=st.booleans(),
    spoils=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=0, max_size=8)), min_size=1, max_size=4),
    cut=st.none() | st.floats(0, 1),
)
def test_a_spoilt_workbook_is_a_facts_error_never_a_traceback(
    tmp_path: Path, stored: bool,
    spoils: list[tuple[float, bytes]], cut: float | None,
) -> None:
    data = bytearray(workbook_bytes()[stored])
    for where, replacement in spoils:
        at = int(where * (len(data) - 1))
        data[at : at + len(replacement)] = replacement
    if cut is not None:
        del data[int(cut * len(data)) :]
    book = tmp_path / "facts.xlsx"
    book.write_bytes(bytes(data))
    try:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    except FactsError:
        pass


_TOKEN = re.compile(rb'="[^"]*"|>[^<]+<')  # attribute values and text between tags


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    part=st.sampled_from([SHEET, "xl/worksheets/sheet3.xml", "xl/workbook.xml", "xl/styles.xml",
                          "xl/_rels/workbook.xml.rels", "_rels/.rels", "[Content_Types].xml"]),
    changes=st.lists(
        st.tuples(st.floats(0, 1), st.text(alphabet="0123456789-+.:eE/ ABZ%_x²٣", max_size=12) | st.sampled_from(
            ["²", "-1", "", "99999999999999999999", "1e400", "NaN", "A0", "XFE1", "A1048577", "1", "true", "hidden"]
        )),
        min_size=1, max_size=4,
    ),
)
@example(part=SHEET, changes=[(0.125, "A")])  # a cell reference without its row, its column already seen
def test_any_value_in_any_part_is_read_or_a_facts_error(
    tmp_path: Path, part: str, changes: list[tuple[float, str]]
) -> None:
    # Well-formed XML with wrong values where the writer put its numbers, names and references.
    source, target = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    source.write_bytes(workbook_bytes()[0])

    def edit(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        for where, text in changes:
            tokens = list(_TOKEN.finditer(data))
            token = tokens[int(where * (len(tokens) - 1))]
            new = b'="' + text.encode() + b'"' if token.group().startswith(b"=") else b">" + text.encode() + b"<"
            data = data[: token.start()] + new + data[token.end() :]
        return data

    rezip(source, target, edit)
    try:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, target)
    except FactsError:
        pass


def test_values_spread_far_apart_are_refused_before_memory_runs_out(tmp_path: Path) -> None:
    # One value in column XFD of each of 200 000 rows: 3 thousand million blank cells to hold.
    rows = b"".join(b'<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (n, n) for n in range(2, 200_002))
    source, book = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, base_tables())
    rezip(source, book, lambda name, data: data.replace(b"</sheetData>", rows + b"</sheetData>")
          if name == "xl/worksheets/sheet2.xml" else data)
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert caught.value.code == "FA027"
    assert str(caught.value).startswith("facts.xlsx!extra!XFD")
    assert "the limit is 16 cells a value" in str(caught.value)


def test_a_value_far_to_the_right_in_a_few_rows_is_read(tmp_path: Path) -> None:
    # A note in column XFD of every data row of a small table is within the free first million cells.
    source, book = tmp_path / "raw.xlsx", tmp_path / "facts.xlsx"
    write_openpyxl(source, base_tables())
    rezip(source, book, lambda name, data: re.sub(rb'(<row r="(\d+)">)', rb'\1<c r="XFD\2" t="inlineStr"><is><t>x</t></is></c>', data)
          if name == "xl/worksheets/sheet2.xml" else data)
    facts = read_facts(load_ruleset(BASE / "ruleset.yaml").tables, book)
    assert len(facts.tables["extra"].rows) == 3
