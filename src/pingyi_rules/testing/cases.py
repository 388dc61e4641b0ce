"""Worked cases (`*.cases.yaml`): read a cases file, run each case, and describe every difference
unit by unit and component by component. Used by the pytest plugin and by `pingyi test`; no
pytest here.

A cases file names a ruleset and a default facts folder (or workbook); each case may replace some
tables with inline CSV text, then states the expected numbers (worked by hand from the source
document) or the expected error:

    ruleset: 某县-2025.yaml
    facts: facts
    cases:
      - id: 满分单位
        tables: {units: "单位编码,...\\nA01,..."}   # optional: replaces units.csv for this case
        expect:
          A01: {total: "95.50", rank: 1, tiers: [好], components: {群众满意度: "40.00"}}
        void: [ballot-7]                           # optional: void ballots that must be reported
      - id: 缺少数据
        error: "not in table"                      # the scoring error must contain this text

A unit's expectation compares with the unit's JSON (`pingyi score --format json`): numbers by
value (`17` equals `"17.00"`), everything else exactly; `components` compares points by
component id at any depth.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core.errors import Location, PingyiError
from ..core.messages import LANGUAGES, Message, Text, say, use_language
from ..core.safe_text import visible
from ..loading import load_ruleset
from ..render.output import to_json_data
from ..scoring.evaluate import score
from ..source.strict_yaml import parse_yaml

CASES_SUFFIX = ".cases.yaml"
_FILE_KEYS = {"ruleset", "facts", "cases"}
_CASE_KEYS = {"id", "ruleset", "facts", "tables", "expect", "error", "void"}


class CasesFileError(PingyiError):
    """A cases file that cannot be read as one (PY003)."""

    code = "PY003"


@dataclass(frozen=True)
class Case:
    """One worked case: where it is written and what it expects."""

    file: Path
    line: int
    id: str
    ruleset: Path
    facts: Path
    tables: dict[str, str]
    expect: dict[str, dict[str, Any]]
    error: str | None
    void: list[str]

    @property
    def where(self) -> str:
        """`file:line`, the file relative to the working folder when it lies under it."""
        try:
            shown = self.file.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = self.file
        return f"{shown}:{self.line}"


@dataclass
class Outcome:
    """What running one case found: nothing (passed), or the differences and a headline."""

    case: Case
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """`file:line: case 'id' failed` and the differences, one per line, grouped by unit."""
        head = f"{self.case.where}: {say('cli.case_failed', case=self.case.id, ruleset=self.case.ruleset.name)}"
        return "\n".join([head, *(f"  {line}" for line in self.problems)])


def read_cases(path: str | Path) -> list[Case]:
    """Every case of a cases file; PY003 names the place of anything malformed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasesFileError(say("PY003.unreadable", why=Text(str(exc))), Location(file=str(path))) from None
    document = parse_yaml(text, str(path))
    data = document.data

    def fail(message: Message, at: tuple[Any, ...]) -> CasesFileError:
        return CasesFileError(message, document.location(at), code="PY003")

    if not isinstance(data, dict):
        raise fail(say("PY003.file_mapping"), ())
    for key in data:
        if key not in _FILE_KEYS:
            raise CasesFileError(say("PY003.file_key", key=key), document.location((key,), key=True))
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise fail(say("PY003.cases"), ("cases",))
    base = path.parent
    found: list[Case] = []
    seen: set[str] = set()
    for index, case in enumerate(cases):
        at: tuple[Any, ...] = ("cases", index)
        if not isinstance(case, dict):
            raise fail(say("PY003.case_mapping"), at)
        for key in case:
            if key not in _CASE_KEYS:
                raise CasesFileError(
                    say("PY003.case_key", key=key, keys=sorted(_CASE_KEYS)), document.location((*at, key), key=True)
                )
        case_id = case.get("id")
        if case_id is None or str(case_id) == "":
            raise fail(say("PY003.no_id"), at)
        if str(case_id) in seen:
            raise fail(say("PY003.id_twice", id=case_id), (*at, "id"))
        seen.add(str(case_id))
        ruleset = case.get("ruleset", data.get("ruleset"))
        if not isinstance(ruleset, str):
            raise fail(say("PY003.no_ruleset"), at)
        if case.get("expect") is None and case.get("error") is None:
            raise fail(say("PY003.neither"), at)
        if case.get("expect") is not None and case.get("error") is not None:
            raise fail(say("PY003.both"), (*at, "error"))
        expect = case.get("expect") or {}
        if not isinstance(expect, dict) or not all(isinstance(v, dict) for v in expect.values()):
            raise fail(say("PY003.expect"), (*at, "expect"))
        tables = case.get("tables") or {}
        if not isinstance(tables, dict) or not all(isinstance(v, str) for v in tables.values()):
            raise fail(say("PY003.tables"), (*at, "tables"))
        void = case.get("void") or []
        if not isinstance(void, list):
            raise fail(say("PY003.void"), (*at, "void"))
        found.append(Case(
            file=path,
            line=document.marks.get(at, (1, 1))[0],
            id=str(case_id),
            ruleset=base / ruleset,
            facts=base / str(case.get("facts", data.get("facts", "."))),
            tables={str(k): v for k, v in tables.items()},
            expect={str(k): v for k, v in expect.items()},
            error=None if case.get("error") is None else str(case["error"]),
            void=[str(v) for v in void],
        ))
    return found


def run_case(case: Case) -> Outcome:
    """Score the case and compare; a ruleset that does not load is a problem of the case too."""
    outcome = Outcome(case)
    try:
        ruleset = load_ruleset(case.ruleset)
    except PingyiError as exc:
        outcome.problems.extend(str(say("cli.case_ruleset", line=visible(line))) for line in str(exc).splitlines())
        return outcome
    with tempfile.TemporaryDirectory() as tmp:
        facts: Path = case.facts
        if case.tables or not case.facts.exists():
            facts = Path(tmp)
            if case.facts.is_dir():
                for item in case.facts.iterdir():
                    if item.suffix.lower() == ".csv":
                        shutil.copy(item, facts / item.name)
            for table, text in case.tables.items():
                (facts / f"{table}.csv").write_text(text, encoding="utf-8")
        try:
            result = score(ruleset, facts)
        except PingyiError as exc:
            message = visible(str(exc).replace(str(facts), "<facts>"))
            if case.error is None:
                outcome.problems.append(str(say("cli.case_scoring_failed", message=message)))
            elif not _says(exc, case.error, str(facts)):
                outcome.problems.append(str(say("cli.case_error_expected", text=repr(case.error))))
                outcome.problems.append(str(say("cli.case_error_got", message=message)))
            return outcome
    if case.error is not None:
        outcome.problems.append(str(say("cli.case_error_succeeded", text=repr(case.error))))
        return outcome
    data = to_json_data(result)
    outcome.problems.extend(compare(case, data))
    return outcome


def _says(error: PingyiError, text: str, facts: str) -> bool:
    """Whether the error's message contains the expected text in one of its languages (a case written
    against the English or the Chinese message holds whatever language the run is in)."""
    for language in LANGUAGES:
        with use_language(language):
            shown = str(error)
        if text in visible(shown.replace(facts, "<facts>")):
            return True
    return False


def compare(case: Case, data: dict[str, Any]) -> Iterator[str]:
    """The differences between the case's expectations and a result's JSON data, unit by unit."""
    units = {unit["id"]: unit for unit in data["units"]}
    for unit_id, expect in case.expect.items():
        unit = units.get(unit_id)
        if unit is None:
            known = ", ".join(list(units)[:8]) + (", ..." if len(units) > 8 else "")
            yield str(say("cli.diff_no_unit", unit=unit_id, units=known))
            continue
        lines = list(_unit_differences(unit, expect))
        if lines:
            yield str(say("cli.diff_unit", unit=unit_id))
            yield from (f"  {line}" for line in lines)
    for key in case.void:
        if not any(v["key"] == key for v in data["void"]):
            yield str(say("cli.diff_void", key=key))


def _unit_differences(unit: dict[str, Any], expect: dict[str, Any]) -> Iterator[str]:
    for key, want in expect.items():
        if key == "components":
            if not isinstance(want, dict):
                yield str(say("cli.diff_components_mapping"))
                continue
            flat = _flatten(unit["components"])
            for cid, points in want.items():
                got = flat.get(str(cid), _MISSING)
                if not same(got, points):
                    yield str(say("cli.diff_component", component=cid, expected=_show(points), got=_show(got)))
            continue
        got = unit.get(key, _MISSING)
        if key == "values" and isinstance(want, dict) and isinstance(got, dict):
            for name, value in want.items():
                have = got.get(str(name), _MISSING)
                if not same(have, value):
                    yield str(say("cli.diff_value", name=name, expected=_show(value), got=_show(have)))
            continue
        if not same(got, want):
            yield str(say("cli.diff_field", field=key, expected=_show(want), got=_show(got)))


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def same(got: Any, want: Any) -> bool:
    """Numbers compare by value (17 == "17.00"); everything else exactly."""
    if isinstance(got, str) and isinstance(want, (str, int, Decimal)) and not isinstance(want, bool):
        try:
            return Decimal(got) == Decimal(str(want))
        except InvalidOperation:
            return got == str(want)
    return bool(got == want)


def _show(value: Any) -> str:
    if value is _MISSING:
        return "<missing>"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return visible(str(value))


def _flatten(components: list[dict[str, Any]]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for component in components:
        flat[component["id"]] = component["points"]
        flat.update(_flatten(component.get("components", [])))
    return flat


def cases_for(path: str | Path) -> list[Path]:
    """The cases files for a path: a cases file itself, a folder's cases files (recursively), or
    for a ruleset file the cases files beside it that name it."""
    path = Path(path)
    if path.name.endswith(CASES_SUFFIX):
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{CASES_SUFFIX}")
                      if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
    found = []
    target = path.resolve()
    for candidate in sorted(path.parent.glob(f"*{CASES_SUFFIX}")):
        try:
            data = parse_yaml(candidate.read_text(encoding="utf-8"), str(candidate)).data
        except (OSError, UnicodeDecodeError, PingyiError):
            if candidate.name == path.name.removesuffix(path.suffix) + CASES_SUFFIX:
                found.append(candidate)  # read again (and reported) when run
            continue
        named = {data.get("ruleset")} if isinstance(data, dict) else set()
        if isinstance(data, dict) and isinstance(data.get("cases"), list):
            named |= {c.get("ruleset") for c in data["cases"] if isinstance(c, dict)}
        if any(isinstance(n, str) and (candidate.parent / n).resolve() == target for n in named):
            found.append(candidate)
    return found
