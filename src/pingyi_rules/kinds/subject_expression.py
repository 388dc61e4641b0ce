"""An expression over what a component sees while a subject is scored, compiled and checked at load:
the subject's fields, the named values, the components computed before it (a later one is named as
such) and the intermediate values given. Shared by `expression` (its `expr` and `let` values) and
`lookup` (a row's value), including the lookup tables that are an expression's `let` values."""

from __future__ import annotations

from ..compile.context import CompileContext
from ..core.messages import say
from ..expressions.compiler import (
    COMPONENT,
    NUMBER,
    Expression,
    ExpressionProblem,
    NameType,
    column_type,
    compile_expression,
)
from ..source.strict_yaml import PathKey
from .protocol import component_ids


def compile_subject_expression(
    text: str, own: str, path: PathKey, ctx: CompileContext, lets: tuple[str, ...] = ()
) -> Expression:
    """An expression of component `own` over the subject's fields, the named values and the components
    computed before it (a later one is named as such), and the intermediate values `lets` (numbers),
    checked at load; RS030 at `path`."""
    known = set(ctx.fields) | set(ctx.order) | set(lets)
    try:
        later = [i for i in component_ids([*ctx.model.values, *ctx.model.components]) if i != own]
        types = {name: column_type(spec.type, spec.values) for name, spec in ctx.fields.items()}
        types.update(dict.fromkeys(ctx.order, COMPONENT))
        types.update(dict.fromkeys(lets, NameType(NUMBER)))
        return compile_expression(text, known, later, own=own, types=types)
    except ExpressionProblem as exc:
        raise ctx.error(
            say("RS030.expression_column", text=text, value=exc.offset + 1, problem=exc.said), path, list(exc.suggestions),
        ) from None
