"""Reading fact tables from one .xlsx workbook, a sheet per table, as Excel shows them.

The workbook's XML is read here directly (zip + expat, streamed), not through a
spreadsheet library, so that every row the sheet holds is read whatever its stored
dimension says, the number format of each cell is known (percent and date cells),
and a damaged or hostile file is a located error: every part is unzipped through a
byte budget, and a document type declaration (the only road to entity expansion)
is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from ..core.errors import FactsError, Location, close_matches
from ..core.messages import Message, say
from ..core.messages import Text as Verbatim
from .tables import (
    HEADER_SEARCH_ROWS,
    FactSet,
    TableData,
    TableSpec,
    Uncached,
    _build_table,
    _read_bytes,
    _sha,
    nfkc,
)
from .xlsx_formats import CellFormats

# The XML parts read from one workbook may unzip to this many bytes in all, and a part
# over 1 MiB to at most this many times its zipped size (office files: about 5–15×).
MAX_WORKBOOK_XML_BYTES = 512 * 1024 * 1024
MAX_WORKBOOK_RATIO = 100
_RATIO_FROM = 1024 * 1024
# A sheet's rows are lists with a slot for every cell up to the last value, blanks included: beyond
# the first million slots, at most this many per value (a value in column XFD of every row is refused).
MAX_SLOTS_PER_VALUE = 16
_FREE_SLOTS = 1 << 20
_CHUNK = 1 << 16
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's own limits
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML's escape for characters XML cannot hold
_WORKBOOK_TYPES = frozenset({
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
})
# What the zip module raises for a damaged archive or member (a lying header, an unknown method, …)
_ZIP_ERRORS = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
    RuntimeError, struct.error, UnicodeDecodeError, KeyError,
)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an old .xls, or an encrypted .xlsx


@dataclass(frozen=True)
class _Sheet:
    name: str
    part: str | None  # None: not a worksheet (a chart sheet, a dialog sheet)
    state: str  # visible | hidden | veryHidden


def _read_workbook(specs: Sequence[TableSpec], path: Path) -> FactSet:
    data = _read_bytes(path)
    book = _Workbook(path, data)
    tables: dict[str, TableData] = {}
    warnings: list[str] = []
    try:
        for spec in specs:
            sheet = book.choose(spec, warnings)
            records = book.rows(sheet, warnings)
            title = sheet.name

            def locate(row: int, column: int, header: str | None, _t: str = title) -> Location:
                return Location(file=path.name, sheet=_t, cell=f"{column_letters(column + 1)}{row}", field=header)

            tables[spec.id] = _build_table(spec, records, f"{path.name}!{title}", locate, warnings)
    finally:
        book.zip.close()
    return FactSet(tables, [(path.name, _sha(data))], warnings)


def column_letters(number: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _unescape(text: str) -> str:
    """`_xHHHH_` as the character it stands for; a surrogate (half a character, unprintable) stays as written."""
    return _ESCAPE.sub(_character, text) if "_x" in text else text


def _character(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    return match.group() if 0xD800 <= code < 0xE000 else chr(code)


_LOCAL: dict[str, str] = {}  # expat's `namespace}local` names → local, for the names met most


def _local(name: str) -> str:
    local = name.rpartition("}")[2]
    if len(_LOCAL) < 256:
        _LOCAL[name] = local
    return local


class _Workbook:
    """One workbook's zip: its parts found through the package's relationships."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.budget = MAX_WORKBOOK_XML_BYTES
        if data.startswith(_OLE):
            raise self._open_error(say("phrase.encrypted_or_xls"))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as exc:
            raise self._open_error(Verbatim(str(exc) or type(exc).__name__)) from None
        self.names = {name.lower(): name for name in self.zip.namelist()}
        self._check_content_types()
        root = self._relationships("")
        office = [target for kind, target in root.values() if kind.endswith("/officeDocument")]
        if not office:
            raise self.damaged(say("phrase.damaged_no_workbook"))
        self.workbook_part = office[0]
        self._check_workbook_type()
        self.sheets: list[_Sheet] = []
        self.date1904 = False
        self.recalculate = False  # the writer asks for every formula to be calculated on opening
        self._read_workbook_part()
        self.strings: list[str] | None = None
        self.formats: CellFormats | None = None

    # ---------------------------------------------------------------- errors

    def _open_error(self, why: Message | Verbatim) -> FactsError:
        return FactsError(say("FA007", why=why), Location(file=str(self.path)))

    def damaged(self, why: Message, where: Location | None = None) -> FactsError:
        return FactsError(say("FA026", why=why), where or Location(file=str(self.path)))

    # ---------------------------------------------------------------- parts

    def _info(self, part: str, what: Message) -> zipfile.ZipInfo:
        name = self.names.get(part.lower())
        if name is None:
            raise self.damaged(say("phrase.damaged_missing_part", part=part, what=what))
        return self.zip.getinfo(name)

    def chunks(self, part: str, what: Message) -> Iterator[bytes]:
        """The part's bytes, unzipped a chunk at a time within the workbook's byte budget."""
        info = self._info(part, what)
        declared = info.file_size
        if declared > self.budget:
            raise FactsError(
                say("FA027.budget", limit=_mib(MAX_WORKBOOK_XML_BYTES), part=info.filename, size=_mib(declared)),
                Location(file=str(self.path)),
            )
        if declared > _RATIO_FROM and declared > MAX_WORKBOOK_RATIO * max(info.compress_size, 1):
            raise FactsError(
                say("FA027.ratio", part=info.filename, ratio=declared // max(info.compress_size, 1),
                    zipped=_mib(info.compress_size), size=_mib(declared), limit=MAX_WORKBOOK_RATIO),
                Location(file=str(self.path)),
            )
        read = 0
        try:
            with self.zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > declared:  # the zip's own reader stops at the declared size; never trust it alone
                        raise self.damaged(say("phrase.damaged_longer", part=info.filename))
                    yield chunk
        except _ZIP_ERRORS as exc:
            raise self.damaged(say("phrase.damaged_unzip", part=info.filename, why=Verbatim(str(exc)))) from None
        finally:
            self.budget -= read

    def parse(
        self,
        part: str,
        what: Message,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
    ) -> None:
        """Stream one XML part through expat; names are `namespace}local` (the tests use the local part)."""
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True

        def refuse(*_: Any) -> None:
            raise self.damaged(say("phrase.damaged_doctype", part=part))

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            for chunk in self.chunks(part, what):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise self.damaged(say("phrase.damaged_xml", part=part, line=exc.lineno, column=exc.offset + 1,
                                   why=Verbatim(expat.ErrorString(exc.code)))) from None

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target part) of the relationships of `part` ('' for the package)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        found: dict[str, tuple[str, str]] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(target))

        self.parse(rels, say("phrase.part_relationships"), start)
        return found

    def _check_content_types(self) -> None:
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}

        def start(tag: str, attrs: dict[str, str]) -> None:
            kind = _local(tag)
            if kind == "Default":
                self.defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
            elif kind == "Override":
                self.overrides[attrs.get("PartName", "").lstrip("/").lower()] = attrs.get("ContentType", "")

        self.parse("[Content_Types].xml", say("phrase.part_content_types"), start)

    def _check_workbook_type(self) -> None:
        part = self.workbook_part
        declared = self.overrides.get(part.lower()) or self.defaults.get(posixpath.splitext(part)[1][1:].lower())
        if declared not in _WORKBOOK_TYPES:
            if declared:
                raise self.damaged(say("phrase.damaged_type", declared=declared, part=part))
            raise self.damaged(say("phrase.damaged_no_type", part=part))

    def _read_workbook_part(self) -> None:
        rels = self._relationships(self.workbook_part)
        listed: list[tuple[str, str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            kind = _local(tag)
            if kind == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id" and "}" in k), "")
                listed.append((attrs.get("name", ""), rid, attrs.get("state", "visible")))
            elif kind == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
            elif kind == "calcPr":
                self.recalculate = attrs.get("fullCalcOnLoad", "0").lower() in ("1", "true")

        self.parse(self.workbook_part, say("phrase.part_workbook"), start)
        for name, rid, state in listed:
            kind, target = rels.get(rid, ("", ""))
            if not target:
                if rid:
                    raise self.damaged(say("phrase.damaged_sheet_part", sheet=name, id=rid))
                raise self.damaged(say("phrase.damaged_sheet_no_id", sheet=name))
            self.sheets.append(_Sheet(name, target if kind.endswith("/worksheet") else None, state))
        self.shared_strings_part = next((t for k, t in rels.values() if k.endswith("/sharedStrings")), None)
        self.styles_part = next((t for k, t in rels.values() if k.endswith("/styles")), None)

    # ---------------------------------------------------------------- sheets

    def choose(self, spec: TableSpec, warnings: list[str]) -> _Sheet:
        """The sheet that holds `spec`: named by its id or title (NFKC-equal), and visible."""
        wanted = {nfkc(spec.id)} | ({nfkc(spec.title)} if spec.title else set())
        fits = [s for s in self.sheets if s.part is not None and nfkc(s.name) in wanted]
        visible = [s for s in fits if s.state == "visible"]
        if len(visible) > 1:
            names: Message | str = f"'{visible[0].name}'"
            for also in visible[1:]:
                names = say("phrase.and", first=names, second=f"'{also.name}'")
            raise FactsError(say("FA028", sheets=names, table=spec.id), Location(file=str(self.path)))
        if visible:
            for hidden in fits:
                if hidden is not visible[0]:
                    said = say("warn.hidden_sheet", table=spec.id, sheet=visible[0].name)
                    warnings.append(f"{self.path.name}!{hidden.name}: {said}")
            return visible[0]
        if fits:
            raise FactsError(say("FA029", table=spec.id, sheet=fits[0].name), Location(file=str(self.path)))
        other = next((s for s in self.sheets if s.part is None and nfkc(s.name) in wanted), None)
        if other is not None:
            raise FactsError(say("FA004.chart", sheet=other.name), Location(file=str(self.path)))
        found = {nfkc(s.name): s.name for s in self.sheets}
        near = close_matches(spec.id, found)
        if near:
            raise FactsError(say("FA004.sheet_near", sheet=spec.id, found=found[near[0]]), Location(file=str(self.path)))
        raise FactsError(say("FA004.sheet", sheet=spec.id), Location(file=str(self.path)))

    def rows(self, sheet: _Sheet, warnings: list[str]) -> list[tuple[int, list[Any]]]:
        if self.strings is None:
            self.strings = self._shared_strings()
        if self.formats is None:
            self.formats = self._formats()
        assert sheet.part is not None
        reader = _SheetReader(self, sheet, self.strings, self.formats)
        self.parse(sheet.part, say("phrase.part_sheet", sheet=sheet.name), reader.start, reader.end, reader.text)
        if reader.hidden:
            shown = ", ".join(map(str, reader.hidden[:5])) + (", …" if len(reader.hidden) > 5 else "")
            said = say("warn.hidden_rows", count=len(reader.hidden), rows=shown)
            warnings.append(f"{self.path.name}!{sheet.name}: {said}")
        return reader.records()

    def _shared_strings(self) -> list[str]:
        strings: list[str] = []
        if self.shared_strings_part is None:
            return strings
        pieces: list[str] = []
        depth = {"si": 0, "rPh": 0, "t": 0}  # phonetic runs (rPh) are a reading aid, not the text

        def start(tag: str, attrs: dict[str, str]) -> None:
            kind = _local(tag)
            if kind in depth:
                depth[kind] += 1

        def end(tag: str) -> None:
            kind = _local(tag)
            if kind in depth:
                depth[kind] -= 1
            if kind == "si":
                strings.append(_unescape("".join(pieces)))
                pieces.clear()

        def text(data: str) -> None:
            if depth["t"] and depth["si"] and not depth["rPh"]:
                pieces.append(data)

        self.parse(self.shared_strings_part, say("phrase.part_shared_strings"), start, end, text)
        return strings

    def _formats(self) -> CellFormats:
        formats = CellFormats()
        if self.styles_part is None:
            return formats
        inside = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            kind = _local(tag)
            if kind == "numFmt":
                formats.add_code(attrs.get("numFmtId", ""), attrs.get("formatCode", ""))
            elif kind == "cellXfs":
                inside["cellXfs"] = True
            elif kind == "xf" and inside["cellXfs"]:
                formats.add_style(attrs.get("numFmtId", "0"))

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                inside["cellXfs"] = False

        self.parse(self.styles_part, say("phrase.part_styles"), start, end)
        return formats


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


class _SheetReader:
    """Expat handlers that collect one sheet's cells by their references, in any order."""

    def __init__(self, book: _Workbook, sheet: _Sheet, strings: list[str], formats: CellFormats) -> None:
        self.book, self.sheet, self.strings, self.formats = book, sheet, strings, formats
        self.rows: dict[int, list[Any]] = {}  # row number → its cells, None where blank
        self.cells: list[Any] | None = None  # the current row's
        self.in_data = False
        self.row = 0
        self.row_text = ""  # the row number as written, to check cell references cheaply
        self.column = 0
        self.cell: dict[str, str] = {}
        self.collect: list[str] | None = None  # where the text being read goes
        self.v: str | None = None
        self.f: str | None = None
        self.shared_from: str | None = None  # a shared formula's cell that holds its text
        self.inline: list[str] | None = None  # the text runs of an inline string
        self.phonetic = 0
        self.hidden_row = False
        self.hidden: list[int] = []  # hidden rows that hold values
        self.shared: dict[str, str] = {}  # shared formula index → the cell that holds its text
        self.values = 0
        self.slots = 0  # list slots of all rows, blanks included

    @property
    def ref(self) -> str:
        return f"{column_letters(self.column)}{self.row}"

    def where(self) -> Location:
        return Location(file=self.book.path.name, sheet=self.sheet.name, cell=self.ref if self.column else None)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        kind = _LOCAL.get(tag) or _local(tag)
        if not self.in_data:
            self.in_data = kind == "sheetData"
        elif kind == "c":
            self.cell = attrs
            self.v = self.f = self.inline = None
            ref = attrs.get("r")
            if ref is None:
                self.column += 1
            else:
                self._place(ref)
        elif kind == "v":
            self.collect = []
        elif kind == "row":
            number = attrs.get("r")
            if number is None:
                self.row, self.row_text = self.row + 1, ""  # the cells may say which row it is
                self.cells = None
            else:
                self.row, self.row_text = self._number(number, MAX_ROW), number
                self.cells = self.rows.setdefault(self.row, [])
            self.hidden_row = attrs.get("hidden", "0").lower() in ("1", "true")
            self.column = 0
        elif kind == "f":
            self.collect = []
            index = attrs.get("si")
            if attrs.get("t") == "shared" and index is not None:
                self.shared_from = self.shared.setdefault(index, self.ref)
            else:
                self.shared_from = None
        elif kind == "is":
            self.inline = []
        elif kind == "t" and self.inline is not None:
            self.collect = self.inline
        elif kind == "rPh":
            self.phonetic += 1

    def _place(self, ref: str) -> None:
        """Take the column (and, for a row without its number, the row) from a cell reference."""
        letters = ref.rstrip("0123456789")
        digits = ref[len(letters) :]
        column = _COLUMNS.get(letters)
        if column is None or not digits:  # a reference without its row number is damaged, cached column or not
            if not (letters.isascii() and letters.isalpha() and len(letters) <= 3 and digits):
                self.column = 0
                raise self.book.damaged(say("phrase.damaged_reference", row=self.row, ref=ref), self.where())
            column = _column_number(letters)
            if column > MAX_COLUMN:
                self.column = 0
                raise self.book.damaged(say("phrase.damaged_beyond_xfd", row=self.row), self.where())
            _COLUMNS[letters] = column
        self.column = column
        if digits != self.row_text:
            if not self.row_text:  # a row without its number: its cells say which it is
                self.row, self.row_text = self._number(digits, MAX_ROW), digits
                self.cells = self.rows.setdefault(self.row, [])
            elif int(digits) != self.row:
                self.row = self._number(digits, MAX_ROW)
                raise self.book.damaged(say("phrase.damaged_inside_row", ref=ref, row=self.row_text), self.where())

    def _number(self, text: str, limit: int) -> int:
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= limit:
            raise self.book.damaged(say("phrase.damaged_row_number", part=self.sheet.part, number=text))
        return int(text)

    def text(self, data: str) -> None:
        if self.collect is not None and not self.phonetic:
            self.collect.append(data)

    def end(self, tag: str) -> None:
        if not self.in_data:
            return
        kind = _LOCAL.get(tag) or _local(tag)
        if kind == "v":
            self.v = "".join(self.collect or ())
            self.collect = None
        elif kind == "c":
            if self.column > MAX_COLUMN:
                raise self.book.damaged(say("phrase.damaged_beyond_xfd", row=self.row), self.where())
            value = self._value()
            if value is not None:
                self._store(value)
        elif kind == "f":
            self.f = "".join(self.collect or ())
            self.collect = None
        elif kind == "t":
            self.collect = None
        elif kind == "rPh":
            self.phonetic -= 1
        elif kind == "sheetData":
            self.in_data = False

    def _store(self, value: Any) -> None:
        cells = self.cells
        if cells is None:
            cells = self.cells = self.rows.setdefault(self.row, [])
        index = self.column - 1
        self.values += 1
        if index >= len(cells):
            if index > len(cells):
                self.slots += index - len(cells)
                if self.slots > MAX_SLOTS_PER_VALUE * self.values + _FREE_SLOTS:
                    raise FactsError(
                        say("FA027.slots", sheet=self.sheet.name, values=self.values, cells=self.slots,
                            limit=MAX_SLOTS_PER_VALUE),
                        self.where(),
                    )
                cells.extend([None] * (index - len(cells)))
            self.slots += 1
            cells.append(value)
        elif cells[index] is None:
            cells[index] = value
        else:
            raise self.book.damaged(say("phrase.damaged_twice", ref=self.ref), self.where())
        if self.hidden_row and (not self.hidden or self.hidden[-1] != self.row):
            self.hidden.append(self.row)

    def _value(self) -> Any:
        kind = self.cell.get("t", "n")
        v = self.v
        # a formula's value is saved in v (an empty v is an empty text result only when typed str)
        if self.f is not None and (self.book.recalculate or v is None or (not v and kind != "str")):
            return Uncached("=" + self.f) if self.f else Uncached(say("phrase.shared_formula", cell=self.shared_from or "?"))
        if kind == "inlineStr":
            return _unescape("".join(self.inline)) if self.inline is not None else None
        if v is None:
            return None
        if kind == "s":
            return self._shared_string(v)
        if kind in ("str", "e"):
            return _unescape(v)
        if kind in ("b", "d"):
            return self._flag_or_date(kind, v)
        try:
            number = float(v)
        except ValueError:
            raise self.book.damaged(say("phrase.damaged_number", value=v), self.where()) from None
        if not math.isfinite(number):
            raise self.book.damaged(say("phrase.damaged_number", value=v), self.where())
        return self.formats.shown(number, self.cell.get("s"), self.book.date1904)

    def _shared_string(self, v: str) -> str:
        if not (v.isascii() and v.strip().isdigit()) or int(v) >= len(self.strings):
            part = self.book.shared_strings_part
            if part:
                said = say("phrase.damaged_shared_string", index=repr(v.strip()), part=part, count=len(self.strings))
            else:
                said = say("phrase.damaged_no_shared_strings", index=repr(v.strip()))
            raise self.book.damaged(said, self.where())
        return self.strings[int(v)]

    def _flag_or_date(self, kind: str, v: str) -> Any:
        """A true/false cell (t="b") or an ISO date cell (t="d")."""
        if kind == "b":
            flag = _FLAGS.get(v.strip())
            if flag is None:
                raise self.book.damaged(say("phrase.damaged_flag", value=v), self.where())
            return flag
        try:
            return dt.datetime.fromisoformat(v.strip())
        except ValueError:
            raise self.book.damaged(say("phrase.damaged_date", value=v), self.where()) from None

    def records(self) -> list[tuple[int, list[Any]]]:
        out: list[tuple[int, list[Any]]] = []
        for number in sorted(self.rows):
            while len(out) <= HEADER_SEARCH_ROWS and len(out) + 1 < number:  # blank rows count in the header search
                out.append((len(out) + 1, []))
            out.append((number, self.rows[number]))
        return out


_FLAGS = {"1": True, "0": False, "true": True, "false": False}
_COLUMNS: dict[str, int] = {}  # column letters → number, as met (16 384 columns, in any mix of cases)


__all__ = ["MAX_WORKBOOK_RATIO", "MAX_WORKBOOK_XML_BYTES", "column_letters"]
