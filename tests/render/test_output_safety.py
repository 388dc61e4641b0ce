"""Text is data in every output (docs/errors.md, "Output safety"), over arbitrary text as ids, names, groups,
tiers, notes and component names: never a formula in a CSV or workbook, never a forged line in a text
output, never a corrupt workbook or page, and JSON gives back the exact text.

Results are built in Python (as a library user may) from a scored base result, so the text reaches the
writers even where the facts reader would refuse it. The rules are restated here, not imported.
"""

from __future__ import annotations

import csv
import dataclasses
import html.parser
import io
import json
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, load_ruleset, score
from pingyi_rules.compile.ruleset import CompiledRuleset
from pingyi_rules.render.html import render_html
from pingyi_rules.render.output import explain, to_csv, to_json, to_table
from pingyi_rules.render.report import build_report
from pingyi_rules.render.template import template_bytes
from pingyi_rules.render.xlsx_out import result_workbook
from pingyi_rules.results.result import Result

from ..corpus_runner import BASE

# ---------------------------------------------------------------- the rules, restated

XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def hidden(ch: str) -> bool:
    code = ord(ch)
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def formula_like(text: str) -> bool:
    """What a spreadsheet might evaluate: a control character first, or (after blanks and format
    characters) '=', '+', '-' or '@' in any width."""
    if not text:
        return False
    if unicodedata.category(text[0]) == "Cc":
        return True
    rest = [ch for ch in text if not (ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"))]
    return bool(rest) and unicodedata.normalize("NFKC", rest[0])[:1] in "=+-@"


def raw_hidden(text: str) -> list[str]:
    return [ch for ch in text if ch != "\n" and hidden(ch)]


# ---------------------------------------------------------------- arbitrary text

_LEADS = ["", "", "=", "＝", "﹦", "⁼", "+", "＋", "-", "－", "﹣", "@", "＠", "\t", "\r", "\n", " =", "\u3000＋",
          "\u200b=", "\ufeff@", "'", "#"]
_SPECIAL = ["", "\" onmouseover=\"x", "</td><script>", "&amp;", "\ufffe", "\uffff", "\x00", "\x0b", "\x1b[2J", "\u2028", "\u2029", "\u202e", "\x85", "\ufdd0",
            "\U0001fffe", "\r\n", "\n甲类,1,X", "N/A", "=HYPERLINK(\"http://x\",\"y\")", "1+1", "\u0301"]
TEXT = st.builds(
    lambda lead, body, tail: lead + body + tail,
    st.sampled_from(_LEADS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.sampled_from(_SPECIAL),
)
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@cache
def _base() -> tuple[CompiledRuleset, Result]:
    ruleset = load_ruleset(BASE / "ruleset.yaml")
    return ruleset, score(ruleset, BASE)


def _hostile(ids: list[str], names: list[str], group: str, tier: str, note: str, component: str) -> Result:
    """The base result with every subject's texts replaced (the first group renamed too)."""
    _, result = _base()
    subjects = []
    for subject, new_id, name in zip(result.subjects, ids, names, strict=True):
        components = (subject.components[0].replace(name=component), *subject.components[1:])
        subjects.append(dataclasses.replace(
            subject, id=new_id, name=name, group=group if subject.group == "甲类" else subject.group,
            tiers=[*subject.tiers, tier], notes=[*subject.notes, note], components=components,
        ))
    return dataclasses.replace(result, subjects=subjects)


HOSTILE = st.tuples(
    st.lists(TEXT, min_size=3, max_size=3, unique=True),
    st.lists(TEXT, min_size=3, max_size=3),
    TEXT.filter(lambda g: g not in ("乙类", "")),
    TEXT, TEXT, TEXT,
)


def _texts(result: Result) -> list[str]:
    """The texts the result workbook holds (its component names come from the ruleset, not the result)."""
    return [t for s in result.subjects for t in (s.id, s.name, s.group or "", *s.tiers, *s.notes)]


# ---------------------------------------------------------------- JSON, CSV, table, explain


@SETTINGS
@given(HOSTILE)
def test_json_gives_back_the_exact_text(texts: Any) -> None:
    result = _hostile(*texts)
    text = to_json(result)
    assert raw_hidden(text) == []
    units = json.loads(text)["units"]
    assert [(u["id"], u["name"], u["group"], u["tiers"], u["notes"]) for u in units] == [
        (s.id, s.name, s.group, s.tiers, s.notes) for s in result.subjects
    ]


@SETTINGS
@given(HOSTILE)
def test_csv_has_no_formula_and_no_forged_row(texts: Any) -> None:
    result = _hostile(*texts)
    rows = list(csv.reader(io.StringIO(to_csv(result), newline="")))
    n = len(result.subjects)
    assert len(rows) == 1 + n + 1 + 1 + len(result.inputs)  # header, subjects, blank, ruleset, inputs
    header, body = rows[0], rows[1 : 1 + n]
    number_columns = {i for i, h in enumerate(header) if h in ("名次", "总分") or h.endswith(")")}
    for at, row in enumerate([header, *body, *rows[n + 1 :]]):
        for index, field in enumerate(row):
            if 1 <= at <= n and index in number_columns:
                assert field == "—" or re.fullmatch(r"\d+(\(并列\))?|-?\d+\.\d\d", field), field
            else:
                assert field.startswith("'") or not formula_like(field), field

    def shown(text: str) -> str:
        return "'" + text if formula_like(text) else text

    pairs = {(r[header.index("编码")], r[header.index("名称")]) for r in body}
    assert pairs == {(shown(s.id), shown(s.name)) for s in result.subjects}


@SETTINGS
@given(HOSTILE)
def test_the_table_has_one_line_per_subject(texts: Any) -> None:
    result = _hostile(*texts)
    text = to_table(result)
    assert raw_hidden(text) == []
    assert len(text.splitlines()) == 2 + len(result.subjects) + 1 + 1 + len(result.inputs)


@SETTINGS
@given(HOSTILE)
def test_explain_has_the_lines_of_the_base(texts: Any) -> None:
    result = _hostile(*texts)
    _, base = _base()
    for subject, original in zip(result.subjects, base.subjects, strict=True):
        text = explain(result, subject.id)
        assert raw_hidden(text) == []
        assert len(text.splitlines()) == len(explain(base, original.id).splitlines()) + len(subject.notes) - len(original.notes)


# ---------------------------------------------------------------- workbooks and the page


def _check_workbook(data: bytes) -> None:
    """Every XML part parses; every cell a string or a number, never a formula; formula-like text quote-prefixed."""
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ET.fromstring(archive.read(name))
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                # text (shared or inline; an empty cell reads as inline), or a number: never 'f' (formula) or 'e' (error)
                assert cell.data_type in ("s", "inlineStr", "n"), (sheet.title, cell.coordinate, cell.data_type, cell.value)
                if isinstance(cell.value, str) and formula_like(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate, cell.value)


def _unwritable(texts: list[str]) -> bool:
    return any(XML_ILLEGAL.search(t) for t in texts)


def _writable(texts: Any) -> Any:
    """The same texts without the characters a workbook cannot hold."""
    if isinstance(texts, str):
        return XML_ILLEGAL.sub("", texts)
    return type(texts)(_writable(t) for t in texts)


@SLOW
@given(HOSTILE, st.booleans())
def test_the_result_workbook_is_never_a_formula_nor_corrupt(texts: Any, writable: bool) -> None:
    if writable:  # half the cases reach the file, half are refused
        texts = _writable(texts)
        assume(len(set(texts[0])) == len(texts[0]) and texts[2] not in ("乙类", ""))
    result = _hostile(*texts)
    ruleset, _ = _base()
    report = build_report(result, ruleset)
    if _unwritable(_texts(result)):
        with pytest.raises(PingyiError) as refused:
            result_workbook(report)
        assert refused.value.code == "PY002"
        return
    data = result_workbook(report)
    _check_workbook(data)
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    names = {c.value or "" for sheet in book.worksheets[:2] for c in sheet["C"][2:]}
    assert names == {s.name.replace("\r\n", "\n").replace("\r", "\n") for s in result.subjects}  # XML's line ends


class _Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(name for name, _ in attrs)))


def _tags(page: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every start tag with the names of its attributes, in order."""
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser.tags


@SLOW
@given(HOSTILE)
def test_the_page_keeps_its_structure(texts: Any) -> None:
    """The page has the tags of the same result with every text replaced by a tame one."""
    ids, names, _, tier, note, component = texts
    ruleset, _ = _base()
    page = render_html(build_report(_hostile(*texts), ruleset))
    assert raw_hidden(page) == []

    def tame(text: str) -> str:
        return "x" if text else ""

    plain = _hostile([f"id{i}" for i in range(len(ids))], [tame(n) for n in names], "x", tame(tier), tame(note), tame(component))
    assert _tags(page) == _tags(render_html(build_report(plain, ruleset)))


# ---------------------------------------------------------------- the template (ruleset text)


def _yaml_quoted(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if 0x20 <= code < 0x7F and ch not in '"\\':
            out.append(ch)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


# What a ruleset refuses (RS047), restated: C0/C1 controls but tab and \n, DEL, surrogates,
# noncharacters, U+2028/U+2029 — a template is only ever made from a ruleset that loaded.
RULESET_REFUSES = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\u2028\u2029"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)
RULESET_TEXT = TEXT.map(lambda text: RULESET_REFUSES.sub("", text))
_TEMPLATE_RUNS = {"tried": 0, "checked": 0}


@SLOW
@given(RULESET_TEXT, RULESET_TEXT, st.lists(RULESET_TEXT.filter(str.strip), min_size=2, max_size=2, unique=True),
       RULESET_TEXT)
def test_the_template_is_never_a_formula_nor_corrupt(name: str, header: str, values: list[str], unit: str) -> None:
    _TEMPLATE_RUNS["tried"] += 1
    text = (BASE / "ruleset.yaml").read_text(encoding="utf-8")
    column = (f"        - {{header: {_yaml_quoted(header)}, type: enum, choices: [{', '.join(map(_yaml_quoted, values))}], "
              f"required: false, unit: {_yaml_quoted(unit)}, description: {_yaml_quoted(name)}}}\n")
    anchor = "        - {header: 报送日期, type: date, required: false}\n"
    text = text.replace(anchor, anchor + column).replace("name: 语料基准", f"name: {_yaml_quoted(name)}")
    try:
        ruleset = load_ruleset("generated.yaml", text=text)
    except PingyiError:
        return  # e.g. a header that is blank or equal to another once normalised; counted below
    assert not _unwritable([name, header, *values, unit]), "a ruleset that loaded holds only writable text"
    _check_workbook(template_bytes(ruleset))
    _TEMPLATE_RUNS["checked"] += 1


def test_the_template_property_reached_its_check() -> None:
    """The property above must have checked a template in most of its examples, not returned early."""
    if _TEMPLATE_RUNS["tried"] == 0:
        pytest.skip("run together with test_the_template_is_never_a_formula_nor_corrupt")
    assert _TEMPLATE_RUNS["checked"] >= _TEMPLATE_RUNS["tried"] // 2, _TEMPLATE_RUNS


# ---------------------------------------------------------------- zero, and a few fixed cases


def test_zero_is_published_without_a_sign() -> None:
    ruleset, base = _base()
    subject = base.subjects[0]
    negative = Decimal("-0.004")  # rounds to -0.00
    components = tuple(c.replace(points=negative) for c in subject.components)
    result = dataclasses.replace(base, subjects=[dataclasses.replace(subject, total=negative, exact_total=negative,
                                                                     components=components, values={"x": Decimal("-0")})])
    outputs = {
        "json": to_json(result), "csv": to_csv(result), "table": to_table(result), "explain": explain(result, subject.id),
        "html": render_html(build_report(result, ruleset)),
    }
    for fmt, text in outputs.items():
        assert re.search(r"-0(\.0+)?(?![\d.])", text) is None, fmt  # a signed zero; -0.004 itself may be shown
    assert json.loads(outputs["json"])["units"][0]["total"] == "0.00"
    assert "总分：0.00（精确值 -0.004）" in outputs["explain"]
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(result_workbook(build_report(result, ruleset))))
    numbers = [c.value for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, (int, float))]
    assert numbers and all(str(v) != "-0.0" and not (v == 0 and str(v).startswith("-")) for v in numbers)


@pytest.mark.parametrize(("text", "expected"), [
    ("=1+1", True), ("＝1+1", True), ("﹦1", True), ("+1", True), ("－5", True), ("@SUM(A1)", True), ("\t=1", True),
    ("\r1", True), ("\n", True), (" =1", True), ("\u200b=1", True), ("\u3000＠x", True),
    ("一科", False), ("1-2", False), ("'=1", False), ("", False), ("#N/A", False), ("a=b", False),
])
def test_formula_lead_rule(text: str, expected: bool) -> None:
    from pingyi_rules.core.safe_text import csv_text, formula_lead

    assert formula_lead(text) is expected is formula_like(text)
    assert csv_text(text) == ("'" + text if expected else text)


@pytest.mark.parametrize(("text", "shown"), [
    ("甲\n乙", "甲\\x0a乙"), ("a\rb", "a\\x0db"), ("\x1b[2J", "\\x1b[2J"), ("x\u202ey", "x\\u202ey"), ("\ufeffU1", "\\ufeffU1"),
    ("\u2028", "\\u2028"), ("\ufffe", "\\ufffe"), ("\U0010ffff", "\\U0010ffff"), ("\x85", "\\x85"), ("一　科", "一　科"),
])
def test_visible_form(text: str, shown: str) -> None:
    from pingyi_rules.core.safe_text import visible

    assert visible(text) == shown


# ---------------------------------------------------------------- Result.subject and explain's SUBJECT


def test_an_unknown_subject_is_ev001_with_suggestions() -> None:
    from pingyi_rules import UnknownSubjectError

    _, result = _base()
    with pytest.raises(UnknownSubjectError) as raised:
        result.subject("U33")
    assert isinstance(raised.value, KeyError)
    assert (raised.value.code, raised.value.suggestions) == ("EV001", ("U3",))
    assert str(raised.value) == "no subject 'U33' in the facts; did you mean 'U3'? [EV001]"
    # format characters are removed as they are from the facts' ids: '\u202eU1' is U1
    assert result.subject("\u202eU1").id == "U1"
    with pytest.raises(KeyError):
        result.subject("U1\x00")


@pytest.mark.parametrize("written", ["Ｕ３", " U3 ", "U3\u3000", "U3"])
def test_a_subject_id_is_normalised_as_the_facts_ids_are(written: str) -> None:
    from pingyi_rules.render.margins import margins

    from ..helpers import cli

    ruleset, result = _base()
    assert result.subject(written).id == "U3"
    code, out, err = cli("explain", str(BASE / "ruleset.yaml"), str(BASE), written)
    assert (code, err) == (0, "")
    assert out == explain(result, "U3", margins(result, ruleset))


# ---------------------------------------------------------------- diff and stderr


@SETTINGS
@given(TEXT, TEXT, TEXT)
def test_diff_has_one_line_per_change(subject_id: str, name: str, value: str) -> None:
    from pingyi_rules.render.diff import RuleChange, RulesetDiff, SubjectChange, render_diff

    diff = RulesetDiff("a.yaml", "b.yaml", [RuleChange(f"components.{value}", value, name)], "facts",
                       [SubjectChange(subject_id, name, (("total", "1.00", "2.00"), (value, value, name)))])
    text = render_diff(diff)
    assert raw_hidden(text) == []
    assert len(text.splitlines()) == 6


def test_stderr_has_one_line_per_problem(tmp_path: Path) -> None:
    from ..helpers import cli

    folder = tmp_path / "x\ny"
    folder.mkdir()
    code, out, err = cli("score", str(BASE / "ruleset.yaml"), str(BASE), "-o", str(folder))
    assert (code, out) == (2, "")
    assert err == f"pingyi: cannot write {tmp_path}/x\\x0ay: it is a folder; -o writes only regular files\n"
    code, out, err = cli("explain", str(BASE / "ruleset.yaml"), str(BASE), "U\u20281")
    assert (code, out, err) == (1, "", "no subject 'U\\u20281' in the facts; did you mean 'U1'? [EV001]\n")
