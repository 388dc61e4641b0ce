"""Text from facts and rulesets is data in every output: never a formula, never a forged line, never a corrupt file.

Each rule lives here once and every writer uses it (docs/errors.md, "Output safety"):

- `formula_lead(text)`: whether a spreadsheet could take the text for a formula. CSV fields
  get a `'` in front (`csv_text`); workbook cells are always string cells, marked "quote
  prefix" when this holds (`render.xlsx_common`).
- `visible(text)`: terminal and HTML text. Control and format characters, line and paragraph
  separators, surrogates and noncharacters are shown as `\\xNN`, `\\uNNNN` or `\\UNNNNNNNN`,
  so a name can neither start a new line nor move the cursor nor reorder what follows.
- `json_visible(text)`: the same characters inside JSON strings as `\\uNNNN` escapes (the
  parsed text is unchanged).
- `xml_problem(text)`: the first character an XML part cannot hold (U+FFFE, U+FFFF, most C0
  controls, lone surrogates), for the workbook writers, which refuse such text (PY002).
"""

from __future__ import annotations

import re
import unicodedata

from .messages import Message, say

FORMULA_LEADS = "=+-@"  # after NFKC: '＝', '﹦', '⁼' … lead to '=' as well
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
CELL_LIMIT = 32767  # characters in one spreadsheet cell


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def hidden(ch: str) -> bool:
    """A character a reader cannot see and a terminal may act on."""
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES or _noncharacter(ord(ch))


def escaped(ch: str) -> str:
    """The visible form of one character: \\xNN, \\uNNNN or \\UNNNNNNNN (lower-case hex)."""
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """The text with every hidden character shown as its escape (see `escaped`)."""
    if text.isprintable():  # the usual case, checked in C
        return text
    return "".join(escaped(ch) if hidden(ch) else ch for ch in text)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_visible(text: str) -> str:
    """JSON text with every hidden character inside its strings written as a \\u escape.

    JSON's own structure is printable ASCII and spaces, so a hidden character can only be
    inside a string, where the escape stands for the same character.
    """
    if text.isprintable():  # the usual case (one unit's text has no line break), checked in C
        return text
    return "".join(_json_escape(ch) if hidden(ch) and ch != "\n" else ch for ch in text)


def formula_lead(text: str) -> bool:
    """Whether a spreadsheet could read the text as a formula.

    True when the text starts with a control character (tab, CR, LF, …), or when its first
    character after any whitespace, control and format characters is, after NFKC, one of
    `= + - @` (so the full-width and small forms count too).
    """
    if not text:
        return False
    if unicodedata.category(text[0]) == "Cc":
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_LEADS
    return False


def csv_text(text: str) -> str:
    """A CSV text field: `'` in front when a spreadsheet could read it as a formula."""
    return "'" + text if formula_lead(text) else text


def xml_problem(text: str) -> Message | None:
    """Why the text cannot be a workbook cell (a character XML cannot hold, or too long), or None."""
    bad = _XML_ILLEGAL.search(text)
    if bad is not None:
        return say("phrase.xml_character", char=escaped(bad.group()))
    if len(text) > CELL_LIMIT:
        return say("phrase.cell_too_long", length=len(text), limit=CELL_LIMIT)
    return None
