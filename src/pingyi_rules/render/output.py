"""Rendering a Result: the JSON contract, a terminal table, CSV, and the per-subject explanation."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..core.errors import Location
from ..core.numbers import fixed, fixed_or, plain
from ..core.safe_text import csv_text, json_visible, visible
from ..results.result import STATUS_LABELS, ComponentResult, Result, SubjectResult, VoidRecord, ranked_groups
from .margins import MARGIN_TITLES, Margin, margin_cells, margin_line


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain(value)
    return value


def _max(component: ComponentResult) -> str | None:
    """A component's full marks as published: null when it has none."""
    return None if component.max is None else format(component.max, "f")


def unit_values(subject: SubjectResult, places: int, rounding: str) -> dict[str, Any]:
    """The unit's `values`: each named value (published like a component's points, null when it
    has none), then the consequence values."""
    values: dict[str, Any] = {v.id: fixed_or(v.points, places, rounding, None) for v in subject.named}
    values.update((k, _value(v)) for k, v in subject.values.items())
    return values


def _component_json(component: ComponentResult, places: int, rounding: str) -> dict[str, Any]:
    points = component.points
    data: dict[str, Any] = {
        "id": component.id,
        "name": component.name,
        "points": None if points is None else fixed(points, places, rounding),
        "max": _max(component),
    }
    if component.children:
        data["components"] = [_component_json(c, places, rounding) for c in component.children]
    return data


def _unit_json(subject: SubjectResult, places: int, rounding: str) -> dict[str, Any]:
    unit: dict[str, Any] = {
        "id": subject.id,
        "name": subject.name,
        "category": subject.category,
        "group": subject.group,
        "total": fixed_or(subject.total, places, rounding, None),
        "rank": subject.rank,
        **({"ranks": dict(subject.ranks)} if subject.ranks else {}),
        "tiers": list(subject.tiers),
        "values": unit_values(subject, places, rounding) if subject.values or subject.named else {},
        "notes": list(subject.notes),
        "components": [_component_json(c, places, rounding) for c in subject.components],
    }
    if subject.stages:
        unit["stages"] = _unit_json_stages(subject, places, rounding)
    return unit


_quote = json.encoder.encode_basestring  # what the encoder does to a str (ensure_ascii=False)


def _strings(items: Iterable[str]) -> str:
    return "[" + ", ".join([_quote(item) for item in items]) + "]"


def _unit_text(subject: SubjectResult, places: int, rounding: str, parts: dict[Any, tuple[str, str]]) -> str:
    """`_dumps(_unit_json(subject, places, rounding))`, assembled from pre-quoted pieces.

    A million units spent most of the writing time building dicts for the encoder; the
    fixed keys, component ids, names and maxima are quoted once per component (`parts`) and
    only the numbers and texts of each unit are added. tests/render/test_json_writer.py checks the two agree.
    """
    total = subject.total
    rank = subject.rank
    text = (
        '{"id": ' + _quote(subject.id)
        + ', "name": ' + _quote(subject.name)
        + ', "category": ' + ("null" if subject.category is None else _quote(subject.category))
        + ', "group": ' + ("null" if subject.group is None else _quote(subject.group))
        + ', "total": ' + ("null" if total is None else '"' + fixed(total, places, rounding) + '"')
        + ', "rank": ' + ("null" if rank is None else int.__repr__(rank))
        + (', "ranks": ' + _dumps(subject.ranks) if subject.ranks else "")
        + ', "tiers": ' + _strings(subject.tiers)
        + ', "values": ' + (_dumps(unit_values(subject, places, rounding)) if subject.values or subject.named else "{}")
        + ', "notes": ' + _strings(subject.notes)
        + ', "components": [' + ", ".join([_component_text(c, places, rounding, parts) for c in subject.components]) + "]"
    )
    if subject.stages:
        text += ', "stages": ' + _dumps(_unit_json_stages(subject, places, rounding))
    return text + "}"


def _component_text(component: ComponentResult, places: int, rounding: str, parts: dict[Any, tuple[str, str]]) -> str:
    key = (component.id, component.name, component.max)
    pieces = parts.get(key)
    if pieces is None:
        pieces = parts[key] = (
            '{"id": ' + _quote(component.id) + ', "name": ' + _quote(component.name) + ', "points": ',
            ', "max": ' + ("null" if component.max is None else _quote(format(component.max, "f"))),
        )
    points = component.points
    text = pieces[0] + ("null" if points is None else '"' + fixed(points, places, rounding) + '"') + pieces[1]
    if component.children:
        text += ', "components": [' + ", ".join([_component_text(c, places, rounding, parts) for c in component.children]) + "]"
    return text + "}"


def _unit_json_stages(subject: SubjectResult, places: int, rounding: str) -> list[dict[str, Any]]:
    return [
        {"id": st.id, "name": st.name, "total": fixed_or(st.total, places, rounding, None), "rank": st.rank, "selected": st.selected}
        for st in subject.stages
    ]


def _head_json(result: Result) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    ruleset = {
        "id": result.ruleset_id,
        "name": result.ruleset_name,
        "version": result.ruleset_version,
        "sha256": result.ruleset_sha256,
    }
    inputs = [{"name": name, "sha256": sha} for name, sha in result.inputs]
    void = [
        {"table": v.table, "key": v.key, "reason": v.reason, "location": str(v.location) if v.location else None}
        for v in result.void
    ]
    return ruleset, inputs, void


def to_json_data(result: Result) -> dict[str, Any]:
    """The result as the JSON contract's plain data (Decimals as strings)."""
    ruleset, inputs, void = _head_json(result)
    units = [_unit_json(subject, result.places, result.rounding) for subject in result.subjects]
    data = {"ruleset": ruleset, "inputs": inputs, "units": units, "void": void}
    if result.gates:
        data["gates"] = _gates_json(result)
    return data


def _gates_json(result: Result) -> list[dict[str, Any]]:
    """Every gate's decision for every group (the key is written only for a ruleset with gates)."""
    return [{"name": g.name, "group": g.group, "held": g.held, "outcome": g.outcome} for g in result.gates]


def gate_lines(result: Result) -> list[str]:
    """One line per group a gate does not hold for: what its subjects are told."""
    return [f"{g.name}（{'全体' if g.group is None else g.group}）：{g.outcome}" for g in result.gates if not g.held]


# One encoder for every unit: json.dumps with options builds a new encoder per call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _dumps(value: Any) -> str:
    return _ENCODER.encode(value)


def iter_json(result: Result, stamp: str | None = None) -> Iterator[str]:
    """The JSON contract text in pieces, one unit at a time (see `to_json`).

    A million units would otherwise sit in memory three times over (the data, each line, the
    joined text); written piece by piece, only one unit's text exists at a time.
    """
    ruleset, inputs, void = _head_json(result)

    def block(key: str, items: Iterable[str]) -> Iterator[str]:
        yield f'  "{key}": ['
        first = True
        for item in items:
            yield ("\n    " if first else ",\n    ") + item
            first = False
        yield "]" if first else "\n  ]"

    places, rounding = result.places, result.rounding
    parts: dict[Any, tuple[str, str]] = {}
    yield "{\n"
    yield f'  "ruleset": {json_visible(_dumps(ruleset))},\n'
    yield from block("inputs", (json_visible(_dumps(item)) for item in inputs))
    yield ",\n"
    yield from block("units", (json_visible(_unit_text(subject, places, rounding, parts)) for subject in result.subjects))
    yield ",\n"
    yield from block("void", (json_visible(_dumps(item)) for item in void))
    if result.gates:
        yield ",\n"
        yield from block("gates", (json_visible(_dumps(item)) for item in _gates_json(result)))
    if stamp is not None:
        yield f',\n  "generated_at": {_dumps(stamp)}'
    yield "\n}\n"


def to_json(result: Result, stamp: str | None = None) -> str:
    """The JSON contract text: stable keys, UTF-8 Chinese, one unit per line, trailing newline.

    `generated_at` appears only when stamped. One compact line per unit keeps large results fast to write (the C encoder) and still
    easy to read and diff.
    """
    return "".join(iter_json(result, stamp))


def provenance_rows(result: Result, stamp: str | None = None) -> list[list[str]]:
    """Which ruleset and which input files produced a result (and when, if stamped)."""
    rows = [["规则集", result.ruleset_id, "版本", result.ruleset_version, "SHA-256", result.ruleset_sha256]]
    rows.extend(["输入", name, "SHA-256", sha] for name, sha in result.inputs)
    if stamp is not None:
        rows.append(["生成时间", stamp])
    return rows


def display_width(text: str) -> int:
    """Terminal columns: East-Asian wide and full-width characters count 2, combining marks 0."""
    return sum(
        2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text
    )


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def ranking_rows(result: Result, margins: Mapping[str, Margin] | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the ranked table: by group, then rank, then id (text as the facts have it);
    with `margins`, the four margin columns after 总分."""
    first = result.subjects[0] if result.subjects else None
    tops = [(c.id, c.name, c.max) for c in first.components] if first else []
    named = [f"{v.name}(取值)" for v in first.named] if first else []
    grouped = any(s.group is not None for s in result.subjects)
    shown = list(MARGIN_TITLES) if margins is not None else []
    header = ["组别", "名次", "编码", "名称", *(f"{name}({full(mx)})" for _, name, mx in tops), *named, "总分", *shown, "等次", "备注"]
    rows = []
    ordered = [pair for members in ranked_groups(result.subjects).values() for pair in members]
    for subject, tied in ordered:
        rank = "" if subject.rank is None else str(subject.rank)
        if tied:
            rank += "(并列)"
        cells = [
            subject.group or "",
            rank,
            subject.id,
            subject.name,
            *(fixed_or(c.points, result.places, result.rounding, "—") for c in subject.components),
            *(fixed_or(v.points, result.places, result.rounding, "—") for v in subject.named),
            fixed_or(subject.total, result.places, result.rounding, "—"),
            *(margin_cells(margins[subject.id], result.places) if margins is not None else []),
            "、".join(subject.tiers),
            "；".join(subject.notes),
        ]
        rows.append(cells)
    if not grouped:
        header = header[1:]
        rows = [r[1:] for r in rows]
    return header, rows


def _numeric_columns(header: list[str]) -> set[int]:
    """名次, each top-level component, each named value and 总分: the columns that hold numbers, not text from the facts."""
    start = 1 if header[0] == "组别" else 0
    return {start, *range(start + 3, len(header) - 2)}


def to_table(result: Result, stamp: str | None = None, margins: Mapping[str, Margin] | None = None) -> str:
    """A plain-text ranked table, padded by display width so Chinese columns line up; with
    `margins` (render.margins), the four margin columns after 总分.

    Every text is shown with its hidden characters escaped (`visible`): one line per subject.
    """
    header, rows = ranking_rows(result, margins)
    numeric = _numeric_columns(header)
    header = [visible(h) for h in header]
    rows = [[visible(c) for c in row] for row in rows]
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines: list[str] = [
        f"{result.ruleset_name}（{result.ruleset_id} {result.ruleset_version}）",
        "  ".join(_pad(h, w, i in numeric) for i, (h, w) in enumerate(zip(header, widths, strict=True))).rstrip(),
    ]
    for row in rows:
        lines.append(
            "  ".join(_pad(c, w, i in numeric) for i, (c, w) in enumerate(zip(row, widths, strict=True))).rstrip()
        )
    if result.void:
        lines.append("")
        lines.append("作废记录：")
        lines.extend(f"  {v.table} {v.key}: {v.reason}" for v in result.void)
    stopped = gate_lines(result)
    if stopped:
        lines.append("")
        lines.append("门槛未达到：")
        lines.extend(f"  {line}" for line in stopped)
    lines.append("")
    lines.extend(" ".join(row) for row in provenance_rows(result, stamp))
    return "\n".join(map(visible, lines)) + "\n"


def to_csv(result: Result, stamp: str | None = None) -> str:
    """The ranked table as CSV text, provenance rows after a blank row (write it as utf-8-sig for Excel/WPS).

    Every text field that a spreadsheet could read as a formula gets a `'` in front (`csv_text`);
    the number columns are pingyi's own digits and stay numbers.
    """
    header, rows = ranking_rows(result)
    numeric = _numeric_columns(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_text(h) for h in header])
    writer.writerows([c if i in numeric else csv_text(c) for i, c in enumerate(row)] for row in rows)
    writer.writerow([])
    writer.writerows([csv_text(c) for c in row] for row in provenance_rows(result, stamp))
    return buffer.getvalue()


def explain(result: Result, subject_id: str, margins: Mapping[str, Margin] | None = None) -> str:
    """Every rule that gave or took points for one subject, in Chinese, numbers substituted; with
    `margins` (render.margins), a 差距 line after 等次.

    Hidden characters in any text are shown escaped (`visible`), so each line is one line.
    """
    subject = result.subject(subject_id)
    places, rounding = result.places, result.rounding
    lines = [f"{subject.id} {subject.name}" + (f"（{subject.category}）" if subject.category else "")]
    if subject.named:
        lines.append("  取值（不计入总分）：")
        for value in subject.named:
            _explain_component(value, 2, places, rounding, lines, named=True)
    for component in subject.components:
        _explain_component(component, 1, places, rounding, lines)
    total = fixed_or(subject.total, places, rounding, "无")
    exact = f"（精确值 {plain(subject.exact_total)}）" if subject.exact_total is not None else ""
    lines.append(f"总分：{total}{exact}")
    lines.append(f"名次：{subject.rank if subject.rank is not None else '无'}")
    lines.append(f"等次：{'、'.join(subject.tiers) or '无'}")
    if margins is not None:
        lines.append(f"差距：{margin_line(margins[subject.id], places)}")
    for note in subject.notes:
        lines.append(f"备注：{note}")
    for key, value in subject.values.items():
        lines.append(f"{key}：{_value(value)}")
    shown = _void_rows_shown(subject.components)
    for record in result.void:  # forms and rows a table's rules left out, with this subject's rows among them
        if subject.id in record.subjects and not _listed(record, shown):
            where = f"（{record.location}）" if record.location else ""
            lines.append(f"作废：{record.table} {record.key}：{record.reason}{where}")
    return "\n".join(map(visible, lines)) + "\n"


def _void_rows_shown(components: Sequence[ComponentResult]) -> set[tuple[str | None, str | None, int | None]]:
    """The rows the components' traces (and their children's) show as void: (file, sheet, row)."""
    shown = set()
    for component in components:
        for row in component.trace.rows:
            if row.status == "void" and isinstance(row.location, Location):
                shown.add((row.location.file, row.location.sheet, row.location.row))
        shown |= _void_rows_shown(component.children)
    return shown


def _listed(record: VoidRecord, shown: set[tuple[str | None, str | None, int | None]]) -> bool:
    """Whether a component's trace already shows one of the void record's rows (its `void_detail`)."""
    where = record.location
    return where is not None and any((where.file, where.sheet, number) in shown for number in record.rows)


def full(max: Decimal | None) -> str:
    """Full marks as the reports show them: — when the component has none."""
    return "—" if max is None else plain(max)


def _explain_component(
    component: ComponentResult, depth: int, places: int, rounding: str, lines: list[str], *, named: bool = False
) -> None:
    trace = component.trace
    indent = "  " * depth
    points = fixed_or(component.points, places, rounding, "无")
    clause = f"  〔{trace.clause}〕" if trace.clause else ""
    marks = "取值" if named and component.max is None else f"满分 {full(component.max)}"
    lines.append(f"{indent}{component.name}（{marks}）：{points}{clause}")
    lines.append(f"{indent}  计算过程：{trace.formula}")
    for note in trace.notes:
        lines.append(f"{indent}  说明：{note}")
    for row in trace.rows:
        amount = f" {plain(row.amount)}" if row.amount is not None else ""
        reason = f"（{row.reason}）" if row.reason else ""
        status = STATUS_LABELS.get(row.status, row.status)
        lines.append(f"{indent}  {row.location}: {status}{amount}{reason}")
    for child in component.children:
        _explain_component(child, depth + 1, places, rounding, lines)
