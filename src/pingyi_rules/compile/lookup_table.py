"""The one lookup table: rows of a condition and a value under a declared hit policy.

Every lookup of the language is a table of rows tried under `hit: first` (the first row that holds
gives the value) or `hit: unique` (exactly one row may hold). This module holds what all of them
share: the hit policy itself (`pick`), and the load-time checks on rows that are plain intervals or
lists of values of one name — overlapping rows under `unique` (RS068), rows never reached under
`first` (RS079). Intervals are written one way, the four ends of a comparison (`at_least`, `above`,
`below`, `at_most`, any lower with any upper); `between: [a, b]` is `at_least: a, at_most: b` and an
`equals` number is the interval of that one number.

A keyed table — a mapping of one text value to a value, such as `amounts`, `free`, `caps` or a
scale's `grades` — is the table of `equals` rows on that value under `unique`: its keys are
distinct (overlap is impossible), and picking its row is looking the key up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from ..core.numbers import ZERO, plain
from ..model.components import Condition

# (low, low included, high, high included); None: unbounded on that side
Interval = tuple[Decimal | None, bool, Decimal | None, bool]
_NOT_INTERVAL = ("top", "bottom", "blank", "flag", "tier", "count_rows", "expr", "is_", "all", "any", "not_", "in_")
EVERYTHING: Interval = (None, False, None, False)


class TwoRowsHold(Exception):
    """Under `hit: unique`, two rows held: their indexes (0-based, in order)."""

    def __init__(self, earlier: int, later: int) -> None:
        super().__init__(earlier, later)
        self.earlier, self.later = earlier, later


def pick(count: int, holds: Callable[[int], bool], unique: bool) -> int | None:
    """The hit policy: the index of the row that holds (rows tried in order), or None when none does.

    `first` stops at the first row that holds; `unique` tries every row and raises TwoRowsHold when a
    second one holds."""
    held: int | None = None
    for index in range(count):
        if not holds(index):
            continue
        if not unique:
            return index
        if held is not None:
            raise TwoRowsHold(held, index)
        held = index
    return held


# --------------------------------------------------------------------------- intervals


def interval(cond: Condition | None) -> tuple[str, Interval] | None:
    """A row's condition as an interval of one value, when it is a plain comparison (else None)."""
    if cond is None or cond.of is None or any(getattr(cond, key) is not None for key in _NOT_INTERVAL):
        return None
    if cond.equals is not None:
        if isinstance(cond.equals, bool) or not isinstance(cond.equals, Decimal):
            return None
        return cond.of, (cond.equals, True, cond.equals, True)
    if cond.between is not None:
        return cond.of, (cond.between[0], True, cond.between[1], True)
    low = cond.at_least if cond.at_least is not None else cond.above
    high = cond.at_most if cond.at_most is not None else cond.below
    return cond.of, (low, cond.above is None, high, cond.below is None)


def contains(span: Interval, x: Decimal) -> bool:
    """`x` lies in the interval."""
    low, low_in, high, high_in = span
    return (low is None or x > low or (x == low and low_in)) and (high is None or x < high or (x == high and high_in))


def describe(span: Interval) -> str:
    """The interval in the usual notation: [300, +∞), (100, 300), (−∞, 100)."""
    low, low_in, high, high_in = span
    left = "(−∞" if low is None else ("[" if low_in else "(") + plain(low)
    right = "+∞)" if high is None else plain(high) + ("]" if high_in else ")")
    return f"{left}, {right}"


def is_empty(span: Interval) -> bool:
    """No number lies in the interval (its lower end above its upper end, or one open point)."""
    low, low_in, high, high_in = span
    if low is None or high is None:
        return False
    return low > high or (low == high and not (low_in and high_in))


def common(a: Interval, b: Interval) -> Decimal | None:
    """A value both intervals hold, or None when they do not overlap."""
    lows = [(v, inc) for v, inc in ((a[0], a[1]), (b[0], b[1])) if v is not None]
    highs = [(v, inc) for v, inc in ((a[2], a[3]), (b[2], b[3])) if v is not None]
    low = max((v for v, _ in lows), default=None)
    high = min((v for v, _ in highs), default=None)
    low_in = all(inc for v, inc in lows if v == low)
    high_in = all(inc for v, inc in highs if v == high)
    if low is not None and high is not None:
        if low < high:
            return low if low_in else high if high_in else (low + high) / 2
        return low if low == high and low_in and high_in else None
    if low is not None:
        return low if low_in else low + 1
    if high is not None:
        return high if high_in else high - 1
    return ZERO


def covers(outer: Interval, inner: Interval) -> bool:
    """Every value in `inner` is in `outer`."""
    olow, olow_in, ohigh, ohigh_in = outer
    ilow, ilow_in, ihigh, ihigh_in = inner
    low = olow is None or (ilow is not None and (ilow > olow or (ilow == olow and (olow_in or not ilow_in))))
    high = ohigh is None or (ihigh is not None and (ihigh < ohigh or (ihigh == ohigh and (ohigh_in or not ihigh_in))))
    return low and high


# --------------------------------------------------------------------------- lists of values


def members(cond: Condition | None) -> tuple[str, frozenset[Any]] | None:
    """A row's condition as the set of values it accepts, when it is an `equals` or `in` of one value (else None)."""
    if cond is None or cond.of is None or any(getattr(cond, key) is not None for key in _NOT_INTERVAL if key != "in_"):
        return None
    if cond.in_ is not None:
        return cond.of, frozenset((isinstance(v, bool), v) for v in cond.in_)
    if cond.equals is not None:
        return cond.of, frozenset({(isinstance(cond.equals, bool), cond.equals)})
    return None


def _shown(member: tuple[bool, Any]) -> str:
    flag, value = member
    if flag:
        return "是" if value else "否"
    return plain(value) if isinstance(value, Decimal) else str(value)


# --------------------------------------------------------------------------- load-time checks


def clash(conditions: Sequence[Condition | None]) -> tuple[int, int, str, str] | None:
    """Under `unique`: the first two rows, intervals (or lists of values) of one name, that share a
    value — (earlier, later, the name, the value shown); None when no two do, or when the rows are
    not all of that form (then each subject is checked as it is scored)."""
    return _interval_clash(conditions) or _member_clash(conditions)


def unreached(conditions: Sequence[Condition | None]) -> tuple[int, int] | None:
    """Under `first`: (earlier, later) for the first row that an earlier row on the same value holds
    for wherever it holds — never reached (bands written in the wrong order); None when every row
    can be reached as far as intervals and lists of values tell."""
    spans = [interval(cond) for cond in conditions]
    sets = [members(cond) for cond in conditions]
    for later in range(1, len(conditions)):
        for earlier in range(later):
            a, b = spans[earlier], spans[later]
            covered = a is not None and b is not None and a[0] == b[0] and covers(a[1], b[1])
            m, n = sets[earlier], sets[later]
            covered = covered or (m is not None and n is not None and m[0] == n[0] and n[1] <= m[1])
            if covered:
                return earlier, later
    return None


def _interval_clash(conditions: Sequence[Condition | None]) -> tuple[int, int, str, str] | None:
    found = [interval(cond) for cond in conditions]
    ranges = [i for i in found if i is not None]
    if len(ranges) != len(found) or len({name for name, _ in ranges}) != 1:
        return None
    for later in range(1, len(ranges)):
        for earlier in range(later):
            shared = common(ranges[earlier][1], ranges[later][1])
            if shared is not None:
                return earlier, later, ranges[later][0], plain(shared)
    return None


def _member_clash(conditions: Sequence[Condition | None]) -> tuple[int, int, str, str] | None:
    found = [members(cond) for cond in conditions]
    sets = [m for m in found if m is not None]
    if len(sets) != len(found) or len({name for name, _ in sets}) != 1:
        return None
    for later in range(1, len(sets)):
        for earlier in range(later):
            both = sets[earlier][1] & sets[later][1]
            if both:
                return earlier, later, sets[later][0], _shown(min(both, key=str))
    return None


def uncovered(conditions: Sequence[Condition | None], values: Sequence[str] | None) -> tuple[str, list[str]] | None:
    """When every row is an `equals` / `in` of one name whose values are declared (an enum column),
    the name and the declared values no row accepts; None when every value has a row, when a row
    has no condition, or when the rows are not of that form."""
    found = [members(cond) for cond in conditions]
    sets = [m for m in found if m is not None]
    if values is None or not sets or len(sets) != len(found) or len({name for name, _ in sets}) != 1:
        return None
    accepted = {value for _, accepted in sets for flag, value in accepted if not flag}
    missing = [value for value in values if value not in accepted]
    return (sets[0][0], missing) if missing else None
