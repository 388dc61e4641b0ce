"""The `monotone` declarations of components (read by the test kit, pingyi_rules.testing), checked when the ruleset is compiled: each `monotone` column of
a component must be a number column of a per-subject table (PY005), so that the declaration has an
effect (`pingyi test --properties` steps that column)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.messages import say
from ..facts.tables import TableSpec
from .context import CompileContext, located_error


def _components(items: Any, path: tuple[str | int, ...]) -> Iterator[tuple[Any, tuple[str | int, ...]]]:
    for index, component in enumerate(items or ()):
        here = (*path, index)
        yield component, here
        yield from _components(getattr(component, "components", None), (*here, "components"))


def check_monotone_columns(model: Any, tables: tuple[TableSpec, ...], ctx: CompileContext) -> None:
    numbers = {
        key: spec.id
        for spec in tables if spec.rows == "per_subject"
        for column in spec.columns if column.type in ("count", "decimal")
        for key in (column.header, column.name)
    }
    found = [*_components(model.values, ("values",)), *_components(model.components, ("components",))]
    for component, path in found:
        for column in getattr(component, "monotone", None) or {}:
            if column not in numbers:
                known = sorted({k for k in numbers})[:12]
                said = say("PY005", column=column, known=known) if known else say("PY005.none", column=column)
                ctx.errors.append(located_error(ctx.location, said, (*path, "monotone", column), code="PY005"))
