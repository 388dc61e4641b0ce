"""Workbook number formats: which cells are dates and which are percentages, and the value Excel shows.

A number cell is read as Excel displays it:
- to 15 significant digits (Excel's display precision), so 70.02499999999999 stored for 70.025 is 70.025;
  a whole number is an int;
- a percentage when the section of its format that Excel uses for the value (positive;negative;zero)
  has a `%` outside quotes, escapes and brackets: 0.805 shown as 80.5% is 80.5;
- a date (or a time, below 1) when its format is a date or time format: a built-in one (14–22,
  27–36, 45–47, 50–58) or a code with d, m, y, h or s outside quotes, escapes and brackets
  (the elapsed [h], [m], [s] count).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

_BUILTIN_DATES = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
_LAST_SERIAL = 2958466  # 10000-01-01: beyond Excel's calendar
_ELAPSED = ("h", "hh", "m", "mm", "s", "ss")


def format_sections(code: str) -> list[str]:
    """The format's sections (split at `;`) with quoted text, escapes, fills, padding and brackets removed."""
    sections: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(code):
        char = code[index]
        if char == '"':
            close = code.find('"', index + 1)
            index = len(code) if close < 0 else close + 1
            continue
        if char in "\\_*":  # an escaped character, a space as wide as one, a fill character
            index += 2
            continue
        if char == "[":
            close = code.find("]", index + 1)
            inner = code[index + 1 : len(code) if close < 0 else close].lower()
            if inner in _ELAPSED:
                kept.append(inner)
            index = len(code) if close < 0 else close + 1
            continue
        if char == ";":
            sections.append("".join(kept))
            kept = []
        else:
            kept.append(char)
        index += 1
    sections.append("".join(kept))
    return sections


def _whole(text: str) -> int | None:
    """An attribute's whole number (ASCII digits only), or None."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _is_date(sections: list[str]) -> bool:
    first = sections[0].lower()
    if first == "general":
        return False
    return any(letter in first for letter in "dmyhs")


class CellFormats:
    """The styles of one workbook: style index → (is a date, which sections are percentages)."""

    def __init__(self) -> None:
        self.codes: dict[int, str] = {}
        self.styles: list[int] = []
        self.kinds: dict[int, tuple[bool, tuple[bool, ...]]] = {}

    def add_code(self, number: str, code: str) -> None:
        if (found := _whole(number)) is not None:
            self.codes[found] = code

    def add_style(self, number: str) -> None:
        self.styles.append(_whole(number) or 0)

    def kind(self, style: str | None) -> tuple[bool, tuple[bool, ...]]:
        index = (_whole(style) if style else None) or 0
        number = self.styles[index] if index < len(self.styles) else 0
        known = self.kinds.get(number)
        if known is None:
            code = self.codes.get(number)
            if code is None:
                code = _BUILTIN_PERCENT.get(number, "")
                date = number in _BUILTIN_DATES
                sections = format_sections(code)
            else:
                sections = format_sections(code)
                date = _is_date(sections)
            known = (date, tuple("%" in section for section in sections))
            self.kinds[number] = known
        return known

    def shown(self, number: float, style: str | None, date1904: bool) -> Any:
        """The cell's value as Excel shows it: int, Decimal, a date or a time."""
        date, percent = self.kind(style) if style else (False, (False,))
        if date:
            moment = serial_date(number, date1904)
            if moment is not None:
                return moment
        value = Decimal(format(number, ".15g"))
        section = 0
        if number < 0 and len(percent) > 1:
            section = 1
        elif number == 0 and len(percent) > 2:
            section = 2
        if percent[section]:
            value = value.scaleb(2)
        if value == value.to_integral_value():
            return int(value)
        return value


def serial_date(serial: float, date1904: bool) -> dt.datetime | dt.time | None:
    """Excel's serial day number as a date (a time below 1); None outside Excel's calendar.

    In the 1900 system day 60 is 29 February 1900, a day that never was (kept by Excel
    for compatibility with Lotus 1-2-3): it is not a date.
    """
    if not 0 <= serial < _LAST_SERIAL:
        return None
    days = int(serial)
    seconds = round((serial - days) * 86400)
    if serial < 1:
        return (dt.datetime.min + dt.timedelta(seconds=seconds % 86400)).time()
    if date1904:
        base = dt.datetime(1904, 1, 1)
    elif days < 60:
        base = dt.datetime(1899, 12, 31)
    elif days == 60:
        return None
    else:
        base = dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=days, seconds=seconds)
