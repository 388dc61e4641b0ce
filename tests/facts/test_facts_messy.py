"""Messy and hostile fact files: numbers only as written, invisible characters, rows wider than
their header, special files, UTF-16, the office's own text in the outputs."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.core.errors import FactsErrors, Location
from pingyi_rules.facts.cells import _FORMAT, ColumnSpec, Text, nfkc, type_cell
from pingyi_rules.facts.reading import TableSpec, read_facts

BASE = Path(__file__).parents[1] / "corpus" / "base"
DECIMAL = ColumnSpec("分", "分", "decimal")
COUNT = ColumnSpec("次", "次", "count")
ID = ColumnSpec("编码", "编码", "id")
TEXT = ColumnSpec("名称", "名称", "text")
HERE = Location(file="f.csv", row=2)


def _typed(raw: str, column: ColumnSpec = DECIMAL) -> object:
    return type_cell(raw, column, HERE)


def _refused(raw: str, column: ColumnSpec = DECIMAL) -> FactsError:
    with pytest.raises(FactsError) as caught:
        _typed(raw, column)
    return caught.value


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1,013", "1013"), ("12,345.6", "12345.6"), ("1,234,567", "1234567"), ("-1,013.25", "-1013.25"),
        ("１，０１３", "1013"), ("１２．５", "12.5"), ("－３", "-3"), ("\u30001,013\u3000", "1013"), ("1\u200b5", "15"),
    ],
)
def test_thousands_separators_and_full_width_digits_are_read(raw: str, value: str) -> None:
    assert _typed(raw) == Decimal(value)


@pytest.mark.parametrize("raw", ["1,5", "1,0000", ",5", "1,,0", "1,", "12,34.5", "1,013,5", "１，５"])
def test_a_comma_that_separates_no_thousands_is_refused(raw: str) -> None:
    error = _refused(raw)
    assert error.code == "FA014"
    assert "a comma may only separate thousands" in str(error)


@pytest.mark.parametrize(
    ("raw", "char"),
    [("1¹", "¹"), ("8₂", "₂"), ("1½", "½"), ("Ⅱ", "Ⅱ"), ("③", "③"), ("𝟏0", "𝟏"), ("٣", "٣"), ("⁻1", "⁻"), ("1ℯ5", "ℯ"), ("１﹒５", "﹒")],
)
def test_digit_look_alikes_are_refused_by_name(raw: str, char: str) -> None:
    for column in (DECIMAL, COUNT):
        error = _refused(raw, column)
        assert error.code == "FA014"
        assert f"contains '{char}' (U+{ord(char):04X} {unicodedata.name(char)})" in str(error)


# What an office may type in a number cell, mapped by hand (not by NFKC) to ASCII.
_ORDINARY = {**{chr(0xFF10 + d): str(d) for d in range(10)}, "＋": "+", "－": "-", "．": ".", "，": ",", "ｅ": "e", "Ｅ": "E"}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=8) | st.from_regex(r"\A[-+]?[0-9,.]{1,9}\Z"))
def test_a_number_cell_is_read_only_from_ordinary_characters(raw: str) -> None:
    try:
        value = _typed(raw)
    except FactsError as exc:
        assert exc.code in ("FA011", "FA014", "FA016")
        return
    if value is None:
        return
    visible = _FORMAT.sub("", raw).strip().strip("\u3000")
    ascii_form = "".join(_ORDINARY.get(c, c) for c in visible)
    assert ascii_form.isascii(), raw
    assert value == Decimal(ascii_form.replace(",", "")), raw
    if "," in ascii_form:
        whole = ascii_form.lstrip("+-").split(".")[0].split(",")
        assert 1 <= len(whole[0]) <= 3 and all(len(group) == 3 for group in whole[1:]), raw


_LOOK_ALIKES = [chr(c) for c in range(0x80, 0x20000) if unicodedata.category(chr(c)) in ("Nd", "No", "Nl")
                and not 0xFF10 <= c <= 0xFF19]


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 999), st.sampled_from(_LOOK_ALIKES), st.booleans())
def test_any_digit_of_another_form_is_refused(number: int, char: str, before: bool) -> None:
    raw = f"{char}{number}" if before else f"{number}{char}"
    assert _refused(raw).code == "FA014"


# --------------------------------------------------------------------------- invisible and unwritable characters

_FORMATS = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]


def test_every_format_character_is_removed_and_nothing_else() -> None:
    assert all(_FORMAT.fullmatch(c) for c in _FORMATS)
    assert all(unicodedata.category(m) in ("Cf", "Cn") for m in map(chr, range(0x110000)) if _FORMAT.fullmatch(m))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.sampled_from(_FORMATS)), max_size=4), st.sampled_from(["U1", "甲类", "（一）"]))
def test_format_characters_make_no_new_value(inserts: list[tuple[int, str]], text: str) -> None:
    spoilt = text
    for at, char in inserts:
        spoilt = spoilt[:at] + char + spoilt[at:]
    assert _typed(spoilt, ID) == _typed(text, ID) == nfkc(text)
    assert _typed(spoilt, TEXT) == nfkc(text)


@pytest.mark.parametrize("char", ["\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0001fffe", "\U0010ffff", chr(0xD800), chr(0xDFFF), "\x85", "\x00"])
def test_noncharacters_surrogates_and_controls_are_refused(char: str) -> None:
    for column in (ID, TEXT, DECIMAL):
        error = _refused(f"U{char}1", column)
        assert error.code == "FA014"
        assert f"U+{ord(char):04X}" in str(error)


def test_text_keeps_the_office_text_and_matches_in_normal_form() -> None:
    value = _typed(" 二科（综合）Ⅱ\u200b ", TEXT)
    assert isinstance(value, Text)
    assert value == "二科(综合)II" and hash(value) == hash("二科(综合)II")
    assert value.shown == "二科（综合）Ⅱ"
    assert _typed("ＺＦ０３", ID) == "ZF03" and not isinstance(_typed("ＺＦ０３", ID), Text)


def _base(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(BASE, folder, ignore=shutil.ignore_patterns("*.yaml"))
    return folder


RULESET = BASE / "ruleset.yaml"


def test_subject_names_are_published_as_written(tmp_path: Path) -> None:
    folder = _base(tmp_path)
    units = folder / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("U2,二科,", "U2,二科（综合）Ⅱ,"), encoding="utf-8")
    result = score(load_ruleset(RULESET), folder)
    assert result.subject("U2").name == "二科（综合）Ⅱ"
    out, err = io.StringIO(), io.StringIO()
    assert run(["score", str(RULESET), str(folder), "--format", "json"], out, err) == 0
    assert [s["name"] for s in json.loads(out.getvalue())["units"]] == ["一科", "二科（综合）Ⅱ", "三科"]


# --------------------------------------------------------------------------- rows wider than their header


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.integers(0, 2), spare=st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Zs", "Zl", "Zp")), min_size=1, max_size=4),
       blanks=st.integers(0, 3))
def test_text_beyond_the_header_is_refused_naming_the_row(tmp_path: Path, row: int, spare: str, blanks: int) -> None:
    if not nfkc(spare) or '"' in spare or "," in spare:
        return
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        folder = _base(Path(tmp))
        lines = (folder / "extra.csv").read_text(encoding="utf-8").splitlines()
        lines = [line + "," * blanks for line in lines]  # empty spare cells are allowed
        lines[row + 1] += "," + spare
        (folder / "extra.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(FactsError) as caught:
            score(load_ruleset(RULESET), folder)
    assert caught.value.code == "FA032"
    assert caught.value.location is not None and caught.value.location.row == row + 2


def test_empty_spare_cells_change_nothing(tmp_path: Path) -> None:
    plain = score(load_ruleset(RULESET), _base(tmp_path / "a"))
    folder = _base(tmp_path / "b")
    for path in folder.glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(line + ",,," for line in lines) + "\n", encoding="utf-8")
    padded = score(load_ruleset(RULESET), folder)
    assert [(s.id, s.exact_total) for s in padded.subjects] == [(s.id, s.exact_total) for s in plain.subjects]


def test_a_quoted_thousands_number_is_read_whole(tmp_path: Path) -> None:
    folder = _base(tmp_path)
    units = folder / "units.csv"
    units.write_text(units.read_text(encoding="utf-8").replace("U1,一科,甲类,90,8,", 'U1,一科,甲类,90,"1,008",'), encoding="utf-8")
    result = score(load_ruleset(RULESET), folder)
    rating = result.subject("U1").component("综合").children[1]
    assert dict(rating.trace.inputs)["测评_好"] == Decimal(1008)


# --------------------------------------------------------------------------- encodings


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_read_with_or_without_a_bom(tmp_path: Path, encoding: str) -> None:
    plain = score(load_ruleset(RULESET), _base(tmp_path / "a"))
    folder = _base(tmp_path / "b")
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    wide = score(load_ruleset(RULESET), folder)
    assert [(s.id, s.name, s.exact_total) for s in wide.subjects] == [(s.id, s.name, s.exact_total) for s in plain.subjects]


def _read_one(path: Path, data: bytes) -> Any:
    path.write_bytes(data)
    spec = TableSpec(id="t", rows="cases", subject="编码", columns=(ColumnSpec(header="编码", name="编码", type="id"), ColumnSpec(header="数", name="数", type="count")))
    try:
        return [row.values for row in read_facts([spec], path).tables["t"].rows]
    except FactsError as exc:
        errors = exc.errors if isinstance(exc, FactsErrors) else [exc]
        return [(e.code, e.location.field if e.location else None) for e in errors]


def test_nul_bytes_typed_in_a_utf8_file_are_reported_at_their_cells(tmp_path: Path) -> None:
    # NULs at every other byte of a short row looked like UTF-16 without a byte-order mark: the
    # file was decoded as UTF-16 and its header not found (FA010) instead of the cells' FA014
    text = "编码,数\r\n \x00,\x00\r\n".encode()
    assert _read_one(tmp_path / "t.csv", text) == [("FA014", "编码"), ("FA014", "数")]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_of_chinese_without_a_bom_is_still_recognised(tmp_path: Path, encoding: str) -> None:
    # NUL bytes in fewer than a third of the bytes (commas, digits and line ends only), but the
    # bytes do not read as UTF-8
    text = "编码,数\r\n市发改委,7\r\n市卫健委,12\r\n".encode(encoding)
    assert len(text) // 8 <= text.count(0) and text.count(0) * 3 < len(text)
    assert _read_one(tmp_path / "t.csv", text) == [{"编码": "市发改委", "数": 7}, {"编码": "市卫健委", "数": 12}]


# --------------------------------------------------------------------------- special files


def _score_in_a_process(facts: Path) -> tuple[int, str]:
    """The CLI in its own process, so a hang fails the test instead of stopping the suite."""
    import pingyi_rules

    src = str(Path(pingyi_rules.__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-m", "pingyi_rules", "score", str(RULESET), str(facts)],
        capture_output=True, text=True, encoding="utf-8", env={**os.environ, "PYTHONPATH": src}, timeout=120, check=False,
    )
    return done.returncode, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_a_table_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = _base(tmp_path)
    (folder / "extra.csv").unlink()
    os.mkfifo(folder / "extra.csv")
    code, err = _score_in_a_process(folder)
    assert (code, err) == (1, f"{folder / 'extra.csv'}: cannot read the file: it is a FIFO (named pipe), not a regular file [FA022]\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_the_facts_workbook_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "facts.xlsx")
    code, err = _score_in_a_process(tmp_path / "facts.xlsx")
    assert (code, err) == (1, f"{tmp_path / 'facts.xlsx'}: cannot read the file: it is a FIFO (named pipe), not a regular file [FA022]\n")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_as_a_table_is_refused() -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:  # a short path: socket names are limited
        folder = _base(Path(tmp))
        (folder / "extra.csv").unlink()
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(folder / "extra.csv"))
            with pytest.raises(FactsError) as caught:
                score(load_ruleset(RULESET), folder)
    assert caught.value.code == "FA022"
    assert "socket" in str(caught.value) or "No such device" in str(caught.value)


# --------------------------------------------------------------------------- ballots


def test_ballot_messages_name_the_rows_in_file_order(tmp_path: Path) -> None:
    from ..kinds.test_ballots import RULESET as BALLOTS

    (tmp_path / "r.yaml").write_text(BALLOTS, encoding="utf-8")
    facts = tmp_path / "f"
    facts.mkdir()
    (facts / "units.csv").write_text("编码,名称\nA,甲\nB,乙\nC,丙\n", encoding="utf-8")
    (facts / "ballots.csv").write_text("票号,投票人,被评,等次\nL1,领导,C,一般\nL1,互评,A,优秀\n", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(tmp_path / "r.yaml"), facts)
    assert str(caught.value) == (
        f"{facts / 'ballots.csv'}, row 2: table 'ballots', form L1: 一张选票的各行须为同一投票人类别：有 领导 的行，另有 1 行是别的投票人类别 [FA100]"
    )
    (facts / "ballots.csv").write_text(
        "票号,投票人,被评,等次\nL1,领导,C,一般\nL1,领导,A,优秀\nL1,领导,B,良好\nL1,领导,B,良好\n"
        "H1,互评,A,优秀\nH1,互评,B,良好\nH1,互评,C,一般\nL2,领导,A,优秀\nL2,领导,B,良好\nL2,领导,C,一般\n",
        encoding="utf-8",
    )
    result = score(load_ruleset(tmp_path / "r.yaml"), facts)
    (void,) = result.void
    assert void.reason == "领导: 良好 2 个（应为 1 个）；重复评 B（第 4、5 行）"
    assert str(void.location) == f"{facts / 'ballots.csv'}, row 2"


# --------------------------------------------------------------------------- grouping columns


def test_every_kind_of_grouping_column_is_found() -> None:
    from pingyi_rules.scoring.evaluate import grouping_fields as said_grouping_fields

    def grouping_fields(ruleset: object) -> dict[str, str]:  # what each groups, as the English messages say it
        return {name: str(what) for name, what in said_grouping_fields(ruleset).items()}

    rulesets = Path(__file__).parents[2] / "rulesets"
    wenzhou = load_ruleset(rulesets / "wenzhou-2023.yaml")
    assert grouping_fields(wenzhou) == {
        "主管单位": "groups distribution '主管单位评价等次比例'", "部门类型": "groups the ranks of '热线年度评价'",
    }
    qianren = load_ruleset(rulesets / "county-qianren-2022.yaml")
    assert grouping_fields(qianren) == {"县候选类型": "chooses the consequences"}
    base = load_ruleset(RULESET)
    assert grouping_fields(base) == {"类别": "groups the ranking"}
