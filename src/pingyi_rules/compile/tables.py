"""Compile the input declarations: tables, their columns and defaults, the field namespace."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ..core.errors import FactsError, Location, RulesetError, close_matches
from ..core.messages import say
from ..facts.reading import NO, YES, ColumnSpec, TableSpec, nfkc, type_cell
from ..model import components as m
from ..source.strict_yaml import PathKey, literal_number
from .context import located_error

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(text: str, known: tuple[str, ...]) -> list[str]:
    """The `{name}` placeholders of a reason that are not among `known`."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in known]


def compile_tables(model: m.Ruleset, ctx_errors: list[RulesetError], locate: Callable[[PathKey], Location]) -> tuple[tuple[TableSpec, ...], dict[str, ColumnSpec]]:
    """Compile the input declarations; per-subject columns form the field namespace."""
    tables: list[TableSpec] = []
    fields: dict[str, ColumnSpec] = {}
    field_origin: dict[str, str] = {}
    table_ids: set[str] = set()
    for t_index, table in enumerate(model.inputs.tables):
        t_path: PathKey = ("inputs", "tables", t_index)
        if table.id in table_ids:
            ctx_errors.append(located_error(locate, say("RS028.table_declared_twice", id=table.id), t_path + ("id",)))
        table_ids.add(table.id)
        tables.append(_table_spec(table, t_path, fields, field_origin, ctx_errors, locate, model.scales))
    _check_subjects(model.inputs.subjects, tables, table_ids, ctx_errors, locate)
    return tuple(tables), fields


def _table_spec(
    table: m.Table, t_path: PathKey, fields: dict[str, ColumnSpec], field_origin: dict[str, str],
    ctx_errors: list[RulesetError], locate: Callable[[PathKey], Location], scales: list[m.Scale],
) -> TableSpec:
    """One declared table; its per-subject columns are added to `fields` (`field_origin`: field → table)."""
    columns: list[ColumnSpec] = []
    headers_seen: set[str] = set()
    subject_header = nfkc((table.key if table.layout == "keyed" else table.subject) or "")
    for c_index, column in enumerate(table.columns):
        headers = [column.header] if column.header is not None else list(column.headers or ())
        for header in headers:
            header_n = nfkc(header)
            if header_n in headers_seen:
                ctx_errors.append(
                    located_error(locate, say("RS028.column_declared_twice", header=header), t_path + ("columns", c_index))
                )
            headers_seen.add(header_n)
            spec = _column_spec(column, header, t_path + ("columns", c_index), ctx_errors, locate, scales)
            if column.invalid_reason is not None and column.invalid != "void":
                ctx_errors.append(
                    located_error(
                        locate, say("RS053.invalid_reason_reason"),
                        t_path + ("columns", c_index, "invalid_reason"),
                    )
                )
            elif column.invalid_reason is not None and (unknown := unknown_placeholders(column.invalid_reason, ("value", "header"))):
                ctx_errors.append(
                    located_error(
                        locate, say("RS066.placeholder_cell_s", unknown=unknown[0]), t_path + ("columns", c_index, "invalid_reason"),
                    )
                )
            if column.invalid == "void" and table.layout != "cases":
                ctx_errors.append(
                    located_error(
                        locate, say("RS065.invalid_void_voids", rows=table.layout), t_path + ("columns", c_index, "invalid"),
                    )
                )
            columns.append(spec)
            if table.layout != "cases" and header_n != subject_header:
                name = spec.name
                if name in fields and fields[name] != spec:
                    ctx_errors.append(
                        located_error(
                            locate,
                            say("RS028.column_name_also", name=name, field_origin=field_origin[name]),
                            t_path + ("columns", c_index),
                        )
                    )
                fields[name] = spec
                field_origin[name] = table.id
    if table.optional and table.layout == "cases":
        ctx_errors.append(
            located_error(
                locate, say("RS053.optional_effect_cases"),
                t_path + ("optional",),
            )
        )
    if subject_header not in headers_seen:
        key = "key" if table.layout == "keyed" else "subject"
        ctx_errors.append(
            located_error(
                locate, say("RS029.column_among_table", key=key, subject_header=subject_header),
                t_path + (key,), close_matches(subject_header, headers_seen),
            )
        )
    return TableSpec(
        id=table.id,
        rows=table.layout,
        subject=subject_header,
        columns=tuple(columns),
        optional=table.optional,
        title=table.name,
        join=nfkc(table.join) if table.join else None,
    )


def _column_spec(
    column: m.Column, header: str, path: PathKey, ctx_errors: list[RulesetError], locate: Callable[[PathKey], Location],
    scales: list[m.Scale],
) -> ColumnSpec:
    """One header of a declared column, with its typed default (a grade column with its scale's grades)."""
    header_n = nfkc(header)
    grades = None
    if column.scale is not None:
        scale = next((s for s in scales if s.id == column.scale), None)
        if scale is None:
            ctx_errors.append(
                located_error(locate, say("RS024", name=column.scale), path + ("scale",),
                              close_matches(column.scale, [s.id for s in scales]))
            )
        else:
            grades = tuple(scale.grades.items())
    spec = ColumnSpec(
        header=header_n,
        name=nfkc(column.name) if column.name else header_n,
        type=column.type,
        values=tuple(column.choices) if column.choices else None,
        min=column.min,
        max=column.max,
        required=column.required,
        places=column.max_places,
        invalid=column.invalid,
        scale=column.scale,
        grades=grades,
        invalid_reason=column.invalid_reason,
    )
    if column.default is not None:
        spec = replace(spec, default=_typed_default(column, header, spec, path, ctx_errors, locate))
    return spec


def _check_subjects(
    subjects: m.Subjects, tables: list[TableSpec], table_ids: set[str],
    ctx_errors: list[RulesetError], locate: Callable[[PathKey], Location],
) -> None:
    """The subject table is a declared per-subject table holding the id, name and category columns."""
    s_path: PathKey = ("inputs", "subjects")
    subject_table = next((t for t in tables if t.id == subjects.table), None)
    if subject_table is None:
        ctx_errors.append(
            located_error(
                locate, say("RS022", table_id=subjects.table), s_path + ("table",),
                close_matches(subjects.table, table_ids),
            )
        )
        return
    if subject_table.rows != "per_subject":
        ctx_errors.append(located_error(locate, say("RS029.subject_table_must"), s_path + ("table",)))
    subject_headers = {c.header for c in subject_table.columns}
    for key in ("id_column", "name_column", "category"):
        header = getattr(subjects, key)
        if header is not None and nfkc(header) not in subject_headers:
            ctx_errors.append(
                located_error(
                    locate, say("RS029.column_table", header=header, table=subjects.table), s_path + (key,),
                    close_matches(nfkc(header), subject_headers),
                )
            )


def _typed_default(
    column: m.Column, header: str, spec: ColumnSpec, path: PathKey, errors: list[RulesetError],
    locate: Callable[[PathKey], Location],
) -> Any:
    """A column's default read as a cell of that column would be: a value it can hold, or an error."""
    if "required" in column.model_fields_set and not column.required:
        errors.append(
            located_error(
                locate, say("RS053.required_false_effect"),
                path + ("required",),
            )
        )
    raw = column.default
    if column.type in ("count", "decimal"):
        number = literal_number(raw)
        if number is None:
            shown = str(raw).lower() if isinstance(raw, bool) else raw
            errors.append(located_error(locate, say("RS016.number_column", shown=shown, header=header, type=column.type),
                                        path + ("default",)))
            return None
        raw = number
    if isinstance(raw, bool):
        text = YES if raw else NO
    elif isinstance(raw, dt.date):
        text = raw.isoformat()
    elif isinstance(raw, (str, int, Decimal)):
        text = str(raw)
    else:
        errors.append(located_error(locate, say("RS016.default_single_value", raw=raw), path + ("default",)))
        return None
    try:
        return type_cell(text, spec, locate(path + ("default",)))
    except FactsError as exc:
        errors.append(located_error(locate, say("RS016.default", text=text, problem=exc.said), path + ("default",)))
        return None
