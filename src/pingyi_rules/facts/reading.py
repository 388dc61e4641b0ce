"""Reading fact tables from a folder of CSV files or one .xlsx workbook, typed cell by cell.

Every value keeps the place it came from, so a later error names the file (or
sheet), row and column.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from ..core.errors import FactsError, Location, close_matches
from ..core.messages import Text as Verbatim
from ..core.messages import say

# the cell typing lives in facts.cells; what other modules take from here is re-exported
from .cells import NO as NO  # noqa: PLC0414
from .cells import YES as YES  # noqa: PLC0414
from .cells import ColumnSpec as ColumnSpec  # noqa: PLC0414
from .cells import Text as Text  # noqa: PLC0414
from .cells import nfkc as nfkc  # noqa: PLC0414
from .cells import shown as shown  # noqa: PLC0414
from .cells import type_cell as type_cell  # noqa: PLC0414
from .forms import fold_form_table
from .memory import every_table, read_mapping
from .rows import Row as Row  # noqa: PLC0414 - re-exported: rows are read here, their lazy cells live in facts.rows
from .sql import is_database, read_database
from .stream import csv_locate, csv_records, fold_csv_table
from .tables import _NOWHERE as _NOWHERE  # noqa: PLC0414 - re-exported
from .tables import HEADER_SEARCH_ROWS as HEADER_SEARCH_ROWS  # noqa: PLC0414 - re-exported
from .tables import FactSet as FactSet  # noqa: PLC0414 - re-exported
from .tables import TableData as TableData  # noqa: PLC0414 - re-exported
from .tables import TableSpec as TableSpec  # noqa: PLC0414 - re-exported
from .tables import Uncached as Uncached  # noqa: PLC0414 - re-exported
from .tables import _build_table as _build_table  # noqa: PLC0414 - re-exported
from .tables import _converter as _converter  # noqa: PLC0414 - re-exported
from .tables import _read_bytes as _read_bytes  # noqa: PLC0414 - re-exported
from .tables import _sha as _sha  # noqa: PLC0414 - re-exported
from .xlsx import _read_workbook


class HasTables(Protocol):
    """A compiled ruleset, as far as reading facts goes: its table declarations."""

    @property
    def tables(self) -> Sequence[TableSpec]: ...

    def input_tables(self) -> Sequence[TableSpec]: ...


def read_facts(
    ruleset: Sequence[TableSpec] | HasTables,
    path: str | Path | Mapping[str, Iterable[Any]],
    encoding: str | None = None,
    *,
    fold: Collection[str] = (),
) -> FactSet:
    """Read every declared table from a folder of CSV files, one .xlsx workbook, or Python rows.

    `ruleset` is a compiled ruleset (or its `tables`). `path` is a folder or workbook path, or
    {table id: rows}, each table an iterable of mappings (header → value) or of sequences whose
    first one is the header row (see facts.memory); every cell is typed and checked as a file's.
    Rows are given for every table the ruleset reads, its nested rulesets' included.
    The CSV tables named in `fold` are folded as they stream when they can be (facts.stream):
    no rows, each subject's distinct rows counted.
    """
    if isinstance(path, Mapping):
        return read_mapping(every_table(ruleset), path)
    specs = ruleset if isinstance(ruleset, Sequence) else ruleset.tables
    source = Path(path)
    mode = _mode(source)
    if stat.S_ISDIR(mode):
        return _read_folder(specs, source, encoding, fold)
    if is_database(source):
        if encoding is not None:
            raise FactsError(say("FA049.encoding"), Location(file=str(source)))
        return read_database(every_table(ruleset), source)
    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_workbook(specs, source)
    if suffix == ".csv":
        if len(specs) != 1:
            names = [f"{s.id}.csv" for s in specs]
            raise FactsError(say("FA002.one_csv", count=len(specs), files=names), Location(file=str(source)))
        data = _read_bytes(source)
        warnings: list[str] = []  # unused columns and totals rows, as for a folder
        table = _read_csv_table(specs[0], data, str(source), encoding, warnings, fold=_fold_mode(fold, specs[0].id))
        return FactSet({specs[0].id: table}, [(source.name, _sha(data))], warnings)
    raise FactsError(say("FA002"), Location(file=str(source)))


def _mode(path: Path) -> int:
    """The file type bits of the facts path (followed through links), or the error saying why not."""
    try:
        return path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FactsError(say("FA022.loop", why=Verbatim(str(exc.strerror))), Location(file=str(path))) from None
        if exc.errno == errno.ENOENT and path.is_symlink():
            raise FactsError(say("FA022.broken_link", target=os.readlink(path)), Location(file=str(path))) from None
        if exc.errno == errno.ENOENT:
            raise FactsError(say("FA001.path"), Location(file=str(path))) from None
        raise FactsError(say("FA022.path", why=Verbatim(str(exc.strerror))), Location(file=str(path))) from None



def _read_folder(specs: Sequence[TableSpec], folder: Path, encoding: str | None, fold: Collection[str]) -> FactSet:
    # a table's file is found by its name in the form names are matched in (NFKC); two files
    # whose names differ only in case or width (units.csv, units.CSV, Units.csv, ｕｎｉｔｓ.csv)
    # would leave one unread without a word, so they are an error
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csv")
    files = {nfkc(p.stem): p for p in found}
    alike: dict[str, list[Path]] = {}
    for item in found:
        alike.setdefault(nfkc(item.stem).casefold(), []).append(item)
    tables: dict[str, TableData] = {}
    inputs: list[tuple[str, str]] = []
    warnings: list[str] = []
    for spec in specs:
        same = alike.get(nfkc(spec.id).casefold(), [])
        if len(same) > 1:
            raise FactsError(say("FA034", table=spec.id, count=len(same), files=[p.name for p in same]),
                             Location(file=str(folder)))
        path = files.get(nfkc(spec.id))
        if path is None:
            near = close_matches(spec.id, files)
            if near:
                raise FactsError(say("FA004.csv_near", table=spec.id, found=files[near[0]].name), Location(file=str(folder)))
            raise FactsError(say("FA004.csv", table=spec.id), Location(file=str(folder)))
        data = _read_bytes(path)
        tables[spec.id] = _read_csv_table(spec, data, str(path), encoding, warnings, fold=_fold_mode(fold, spec.id))
        inputs.append((path.name, _sha(data)))
    return FactSet(tables, inputs, warnings)


def _utf16(data: bytes) -> str | None:
    """'utf-16' for a file with a UTF-16 byte-order mark; 'utf-16-le' / 'utf-16-be' for one
    without, when its NUL bytes sit (nearly) all at odd / even offsets, as in a UTF-16 text of
    mostly ASCII (digits, commas, line ends). UTF-8 and GB18030 text holds no NUL byte but one
    typed into a cell: a file that reads as UTF-8 with NUL bytes in fewer than a third of its bytes
    is UTF-8 (its NULs are then reported at their cells), since UTF-16 of mostly ASCII has one in
    about every other byte and UTF-16 of Chinese rarely reads as UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(data) % 2 or even + odd < len(sample) // 8:
        return None
    if 3 * (even + odd) < len(sample) and _reads_as_utf8(sample):
        return None
    if odd >= 4 * even:
        return "utf-16-le"
    if even >= 4 * odd:
        return "utf-16-be"
    return None


def _reads_as_utf8(sample: bytes) -> bool:
    """The bytes are UTF-8 (a character cut at the end of the sample allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


_DECODE_BLOCK = 1 << 24


def _decode(data: bytes, codec: str) -> None:
    """Whether `data` decodes as `codec` (UnicodeDecodeError or LookupError if not), a block at a
    time: the whole text is never held. A failure is raised again by decoding the whole file, so
    the position it names is the file's."""
    if len(data) <= _DECODE_BLOCK:
        data.decode(codec)
        return
    decoder = codecs.getincrementaldecoder(codec)()
    try:
        for start in range(0, len(data), _DECODE_BLOCK):
            decoder.decode(data[start:start + _DECODE_BLOCK])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        data.decode(codec)
        raise


def _codec(data: bytes, name: str, encoding: str | None) -> str:
    """The encoding that decodes the whole file (checked here, so reading it later cannot fail)."""
    if encoding:
        try:
            _decode(data, encoding)
            return encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise FactsError(say("FA005.given", encoding=encoding, why=Verbatim(str(exc))), Location(file=name)) from None
    guess = _utf16(data)
    if guess is not None:
        try:
            _decode(data, guess)
            return guess
        except UnicodeDecodeError:
            raise FactsError(say("FA005.utf16", encoding=guess.upper()), Location(file=name)) from None
    for candidate in ("utf-8-sig", "gb18030"):
        try:
            _decode(data, candidate)
            return candidate
        except UnicodeDecodeError:
            continue
    raise FactsError(say("FA005"), Location(file=name))


def _fold_mode(fold: Collection[str], table: str) -> str | tuple[str, ...] | None:
    """How a table named in `fold` is read: "counted", its form columns (counted by content,
    facts.forms), or None (not folded)."""
    if table not in fold:
        return None
    return getattr(fold, "forms", {}).get(table) or "counted"


def _read_csv_table(
    spec: TableSpec, data: bytes, name: str, encoding: str | None, warnings: list[str] | None = None,
    *, fold: str | tuple[str, ...] | None = None,
) -> TableData:
    """The table typed row by row; with `fold`, folded ("counted", facts.stream; its form columns:
    by content, facts.forms) if it can be."""
    codec = _codec(data, name, encoding)
    if fold:
        if isinstance(fold, tuple):
            folded = fold_form_table(spec, data, name, codec, warnings, fold)
        else:
            folded = fold_csv_table(spec, data, name, codec, warnings)
        if folded is not None:
            return folded
    # streamed: decoded and typed as read, never held as text or as a list of records
    return _build_table(spec, csv_records(data, codec, name), name, csv_locate(name), warnings, spare_cells=True)
