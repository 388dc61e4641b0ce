"""Typing one cell: what a number, date, enum, yes/no or text cell may hold, and the normal
form every value is matched in (format characters removed, NFKC, stripped).

Numbers are read only from ordinary characters: a digit look-alike that NFKC would turn into
a digit (¹ ½ Ⅱ) is refused by name, and a comma only separates thousands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Self

from ..core.errors import FactsError, Location, close_matches
from ..core.messages import Message, say
from ..core.numbers import LIMIT
from ..core.text import FORMAT as _FORMAT
from ..core.text import nfkc as nfkc  # noqa: PLC0414 - re-exported: the normal form cells are matched in

YES, NO = "是", "否"
# Characters no cell may hold: C0/C1 controls, lone surrogates and noncharacters (invisible in
# a message, and they corrupt the workbooks and CSV files the results are written to).
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17))
    + "]"
)



@dataclass(frozen=True)
class ColumnSpec:
    """A compiled column declaration."""

    header: str  # NFKC-normalised header text
    name: str  # how rules refer to it
    type: str
    values: tuple[str, ...] | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    required: bool = True
    default: Any = None
    places: int | None = None  # count/decimal: at most this many decimals (trailing zeros not counted)
    invalid: str = "error"  # error | void: a cell that fails its check voids its row instead
    scale: str | None = None  # grade: the scale's id
    grades: tuple[tuple[str, Decimal | None], ...] | None = None  # grade: word → value (None: no value)
    invalid_reason: str | None = None  # invalid: void: the reason written instead ({value}, {header})

    def describe(self) -> Message:
        """What a valid cell of this column looks like, for messages."""
        if self.type == "count":  # never below 0, so say the range once
            low = self.min if self.min is not None else 0
            if self.max is not None:
                return say("phrase.cell_count_between", low=low, high=self.max)
            return say("phrase.cell_count_at_least", low=low)
        text: Message
        if self.type == "decimal":
            text = say("phrase.cell_number")
        elif self.type == "bool":
            text = say("phrase.cell_yes_no", yes=YES, no=NO)
        elif self.type == "enum":
            text = say("phrase.cell_one_of", values=" / ".join(self.values or ()))
        elif self.type == "date":
            text = say("phrase.cell_date")
        elif self.type == "month":
            text = say("phrase.cell_month")
        elif self.type == "grade":
            text = say("phrase.cell_grade", scale=self.scale,
                       grades=" / ".join(word for word, _ in self.grades or ()))
        else:
            text = say("phrase.cell_text")
        if self.min is not None and self.max is not None:
            text = say("phrase.cell_between", what=text, low=self.min, high=self.max)
        elif self.min is not None:
            text = say("phrase.cell_at_least", what=text, low=self.min)
        elif self.max is not None:
            text = say("phrase.cell_at_most", what=text, high=self.max)
        if self.places is not None:
            if self.places == 1:
                text = say("phrase.cell_one_decimal", what=text)
            else:
                text = say("phrase.cell_decimals", what=text, places=self.places)
        return text


class Month(dt.date):
    """A month column's value: the month, held as its first day and written 2023-06."""

    __slots__ = ()

    def isoformat(self) -> str:  # a month has no day to write
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"Month({self.year}, {self.month})"


class Text(str):
    """A text cell as the office wrote it, equal to and hashed as its normalised form.

    Every comparison, lookup and join uses the string itself (the `nfkc` form, as the ruleset's
    names are); `shown` keeps the office's own text (（）, Ⅱ) for the outputs that publish it.
    Made only when the two differ.
    """

    shown: str

    def __new__(cls, normal: str, shown: str) -> Self:
        text = super().__new__(cls, normal)
        text.shown = shown
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (str(self), self.shown))


def shown(value: Any) -> str:
    """The text of a cell value as the office wrote it (a `Text`'s `shown`, else `str`)."""
    return value.shown if isinstance(value, Text) else str(value)


# --------------------------------------------------------------------------- typing cells


_NUMERIC = frozenset({"count", "decimal", "date", "month"})
# The ordinary characters of a number or date cell: ASCII and full-width digits, signs, point,
# comma, exponent, spaces, and a date's separators. Any other character that NFKC would turn
# into one of them (¹ ₂ ① ½ Ⅱ 𝟏 ⁻ ﹒), or a digit of another script (٣), is refused by name.
_NUMBER_CHARS = re.compile("[^0-9+\\-.,eE \u00a0\u3000\uff10-\uff19\uff0b\uff0d\uff0e\uff0c\uff45\uff25/\uff0f年月日]")
_NUMBER_PARTS = re.compile("[0-9+\\-.,/eE\u2212]")  # U+2212 MINUS SIGN: NFKC of ⁻ and ₋
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?", re.ASCII)
_DATE = re.compile(r"(\d+)([-/.])(\d{1,2})\2(\d+)|(\d+)年(\d{1,2})月(\d{1,2})日", re.ASCII)
_MONTH = re.compile(r"(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月)", re.ASCII)
# What separates two marks in one cell (较多、一般): a grade cell with two grades was ticked twice.
_MARKS = re.compile("[、,，;；/ ]+")


def type_cell(raw: Any, column: ColumnSpec, where: Location) -> Any:
    """Convert a raw cell (str from CSV, or an openpyxl value) into the column's type."""
    office = None  # a non-ASCII text cell as written, for `Text` and messages
    if isinstance(raw, str):
        if raw.isascii():  # NFKC is the identity on ASCII and it holds no format characters
            raw = raw.strip()
        else:
            office = _FORMAT.sub("", raw).strip()
            raw = unicodedata.normalize("NFKC", office).strip()
        if raw == "":
            raw = None
        elif column.type == "count" and office is None and raw.isdigit() and len(raw) < 16:  # common, fast
            number = Decimal(int(raw))
            if (column.min is not None and number < column.min) or (column.max is not None and number > column.max):
                raise FactsError(say("FA016.out_of_range", value=raw, expected=column.describe()), where)
            return number
        else:
            _refuse_unreadable(raw, office, column, where)
    if raw is None:
        return _blank(column, where)
    kind = column.type
    if kind == "text" and office is not None and office != raw:
        return Text(raw, office)
    if kind in ("id", "text"):
        return _text(raw)
    if kind == "enum":
        return _enum(raw, column, where)
    if kind == "bool":
        return _bool(raw, where)
    if kind == "date":
        return _date(raw, where)
    if kind == "month":
        return _month(raw, where)
    if kind == "grade":
        return _grade(raw, column, where)
    return _checked_number(raw, column, where)


def _refuse_unreadable(raw: str, office: str | None, column: ColumnSpec, where: Location) -> None:
    """Refuse a control character anywhere, and a digit look-alike in a number or date cell."""
    if bad := _CONTROL.search(office or raw):  # invisible in any message; name it
        raise FactsError(say("FA014.unwritable", value=repr(office or raw), char=_unwritable(bad.group())), where)
    if office is not None and column.type in _NUMERIC and (odd := _digit_lookalike(office)):
        raise FactsError(
            say("FA014.lookalike", value=office, char=odd, codepoint=f"U+{ord(odd):04X} {unicodedata.name(odd, '')}",
                expected=column.describe()),
            where,
        )


def _blank(column: ColumnSpec, where: Location) -> Any:
    if column.default is not None:
        return column.default
    if not column.required:
        return None
    raise FactsError(say("FA011", expected=column.describe()), where)


def _enum(raw: Any, column: ColumnSpec, where: Location) -> str:
    text = _text(raw)
    if column.values is None or text in column.values:
        return text
    # matched in normal form on both sides; the value is the ruleset's own spelling, so
    # codes, amounts and conditions written like the declared values match it
    declared = next((v for v in column.values if nfkc(v) == text), None)
    if declared is None:
        raise FactsError(
            say("FA012", value=text, expected=column.describe()), where, suggestions=close_matches(text, column.values),
        )
    return declared


def _bool(raw: Any, where: Location) -> bool:
    text = _text(raw)
    if text == YES:
        return True
    if text == NO:
        return False
    raise FactsError(say("FA013", value=text, yes=YES, no=NO), where)


def _checked_number(raw: Any, column: ColumnSpec, where: Location) -> Decimal:
    """A count or decimal cell within the column's range (a count whole and not negative)."""
    number = _number(raw, column, where)
    if column.type == "count":
        if number != number.to_integral_value():
            raise FactsError(say("FA014.not", value=_text(raw), expected=column.describe()), where)
        number = number.quantize(Decimal(1))
        if number < 0:
            raise FactsError(say("FA015", value=number, expected=column.describe()), where)
    if (column.min is not None and number < column.min) or (
        column.max is not None and number > column.max
    ):
        raise FactsError(say("FA016.out_of_range", value=_text(raw), expected=column.describe()), where)
    if column.places is not None and decimals(number) > column.places:
        raise FactsError(
            say("FA040", value=_text(raw), decimals=decimals(number), expected=column.describe()), where
        )
    return number


def decimals(number: Decimal) -> int:
    """How many decimals a number has, trailing zeros not counted (85.10 has 1)."""
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _grade(raw: Any, column: ColumnSpec, where: Location) -> Decimal | None:
    """A grade word's value in the column's scale (None for a grade that carries none)."""
    text = _text(raw)
    for word, value in column.grades or ():
        if word == text:
            return value
    words = [word for word, _ in column.grades or ()]
    raise FactsError(say("FA012", value=text, expected=column.describe()), where, suggestions=close_matches(text, words))


def _month(raw: Any, where: Location) -> Month:
    """A month cell: a date value (its month), or text year first (2023-06, 2023/6, 2023年6月, or a whole date)."""
    if isinstance(raw, (dt.date, dt.datetime)):
        return Month(raw.year, raw.month, 1)
    text = _text(raw)
    match = _MONTH.fullmatch(text)
    if match is None:
        if _DATE.fullmatch(text):
            day = _date(text, where)
            return Month(day.year, day.month, 1)
        raise FactsError(say("FA014.month", value=text), where)
    month = int(match.group(2) or match.group(3))
    if not 1 <= month <= 12:
        raise FactsError(say("FA014.month", value=text), where)
    return Month(int(match.group(1)), month, 1)


def void_reason(raw: Any, column: ColumnSpec, problem: FactsError) -> str | None:
    """Why a cell voids its row (`invalid: void`), in the office's words; None when the problem is
    not the cell's value (a control character, a formula without a saved value) and stays an error."""
    if isinstance(raw, str) and _CONTROL.search(raw):
        return None
    if problem.code not in ("FA011", "FA012", "FA013", "FA014", "FA015", "FA016", "FA040"):
        return None
    header = column.header
    text = "" if problem.code == "FA011" else _text(raw)
    if column.invalid_reason is not None:
        return column.invalid_reason.replace("{value}", text).replace("{header}", header)
    if problem.code == "FA011":
        return f"{header}未填"
    if column.type == "grade":
        marks = [nfkc(part) for part in _MARKS.split(text) if part]
        words = {word for word, _ in column.grades or ()}
        if len(marks) > 1 and all(mark in words for mark in marks):
            return f"{header}多选({text})"
        return f"{header}等次不属于本指标({text})"
    if column.type == "enum":
        return f"{header}不是可选值({text})"
    if column.type == "bool":
        return f"{header}不是“是”或“否”({text})"
    if problem.code == "FA040":
        return f"{header}超过{column.places}位小数({text})"
    if problem.code in ("FA015", "FA016"):
        low = column.min if column.min is not None else 0 if column.type == "count" else None
        if low is not None and column.max is not None:
            bounds = f"应在 {low}–{column.max}"
        else:
            bounds = f"应不低于 {low}" if low is not None else f"应不高于 {column.max}"
        return f"{header}超出范围({text}，{bounds})"
    what = {"date": "日期", "month": "月份", "count": "整数"}.get(column.type, "数字")
    return f"{header}不是{what}({text})"


def _unwritable(char: str) -> Message:
    what = {"Cc": "control", "Cs": "surrogate"}.get(unicodedata.category(char), "noncharacter")
    return say(f"phrase.cell_char_{what}", codepoint=f"U+{ord(char):04X}")


def _digit_lookalike(text: str) -> str | None:
    """The first character NFKC would turn into a digit, sign or separator (or that is a digit
    of another script) and that is not one of the ordinary ASCII and full-width ones."""
    char: str
    for char in _NUMBER_CHARS.findall(text):
        if unicodedata.category(char) in ("Nd", "No", "Nl") or _NUMBER_PARTS.search(unicodedata.normalize("NFKC", char)):
            return char
    return None


def _text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date)):
        return raw.isoformat()[:10]
    return nfkc(str(raw))


def _number(raw: Any, column: ColumnSpec, where: Location) -> Decimal:
    if isinstance(raw, bool):
        raise FactsError(say("FA014.not", value=raw, expected=column.describe()), where)
    if isinstance(raw, (int, float, Decimal)):
        # Excel stores numbers as binary floats; repr gives the shortest text that round-trips
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite() or abs(number) >= LIMIT:
            raise FactsError(say("FA016.too_large", value=_text(raw), expected=column.describe()), where)
        return number
    text = _text(raw)
    if _PLAIN_NUMBER.fullmatch(text):
        number = Decimal(text)
    elif _GROUPED_NUMBER.fullmatch(text):  # 1,013 / 12,345.6: commas between groups of three only
        number = Decimal(text.replace(",", ""))
    elif "," in text:
        raise FactsError(say("FA014.comma", value=text, expected=column.describe()), where)
    else:
        raise FactsError(say("FA014.not", value=text, expected=column.describe()), where)
    if abs(number) >= LIMIT:
        raise FactsError(say("FA016.too_large", value=text, expected=column.describe()), where)
    return number


def _date(raw: Any, where: Location) -> dt.date:
    """A date cell: a date value, or text year first with a four-digit year (2023-06-01,
    2023/6/1, 2023.6.1, 2023年6月1日)."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = _text(raw)
    match = _DATE.fullmatch(text)
    if match is None:
        raise FactsError(say("FA014.date", value=text), where)
    year, month, day = (match.group(1), match.group(3), match.group(4)) if match.group(1) else match.group(5, 6, 7)
    if len(year) != 4:
        if len(day) == 4:
            raise FactsError(say("FA014.date_year_last", value=text), where)
        raise FactsError(say("FA014.date_short_year", value=text), where)
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise FactsError(say("FA014.date", value=text), where) from None
