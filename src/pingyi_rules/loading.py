"""Load a ruleset: read YAML strictly, validate with the models, compile; every error located."""

from __future__ import annotations

import hashlib
import re
import types
import typing
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .compile.context import CompileContext, check_children_sum
from .compile.field_lookups import compile_lookups
from .compile.joins import check_keyed
from .compile.monotone import check_monotone_columns
from .compile.ruleset import CompiledRuleset
from .compile.tables import compile_tables
from .compile.tree import compile_component, compile_values
from .compile.voids import compile_table_rules, screen
from .core.errors import RulesetError, close_matches
from .core.messages import CATALOGUE, Message, Text, fields_of, say
from .core.numbers import LIMIT
from .kinds.registry import KINDS
from .kinds.sugar import EXPANSIONS
from .model import components as m
from .model.outcomes import UNION_TAGS
from .model.renamed import renamed, written_as_before
from .scoring.conditions import compile_scored_condition
from .scoring.consequences import compile_consequences
from .scoring.group_checks import compile_group_checks
from .scoring.outcomes import compile_outcomes
from .scoring.stages import compile_stages
from .source.extends import extend, read_source
from .source.repeat import expand_repeats, said_once
from .source.strict_yaml import Document, PathKey, parse_yaml, text_expected


def _alternatives(annotation: Any) -> list[Any]:
    """A type with Annotated, Optional and unions taken apart: the shapes a value there may have."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _alternatives(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _alternatives(arg)]
    return [annotation]


def _field(model: type[m.Model], key: str) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _step(shape: Any, part: str | int) -> list[Any]:
    """The shapes one step further along a pydantic error's loc (a key, an index, or a union's tag)."""
    origin = typing.get_origin(shape)
    if isinstance(shape, type) and issubclass(shape, m.Model):
        if isinstance(part, str):
            found = _field(shape, part)
            if found is not None:
                return _alternatives(found)
        return []
    if origin in (list, tuple) and isinstance(part, int):
        return _alternatives(typing.get_args(shape)[0])
    if origin is dict and isinstance(part, str):
        return _alternatives(typing.get_args(shape)[1])
    return []


def _tag_of(shape: Any) -> str | None:
    kind = shape.model_fields.get("kind") if isinstance(shape, type) and issubclass(shape, m.Model) else None
    tags = typing.get_args(kind.annotation) if kind is not None else ()
    return str(tags[0]) if len(tags) == 1 else None


def models_at(loc: tuple[str | int, ...]) -> list[type[m.Model]]:
    """The models a value at this pydantic loc is validated against (one, or the members of a union)."""
    shapes: list[Any] = [m.Ruleset]
    for part in loc:
        tagged = [shape for shape in shapes if _tag_of(shape) == part]  # a discriminated union's tag (kind)
        following = tagged or [found for shape in shapes for found in _step(shape, part)]
        if following:
            shapes = following
        elif not isinstance(part, str):
            return []
        # otherwise a union member's name (pydantic adds one per non-discriminated union): nothing to step over
    narrowed = [s for s in shapes if isinstance(s, type) and issubclass(s, m.Model)]
    return list(dict.fromkeys(narrowed))


def key_suggestions(key: str, loc: tuple[str | int, ...]) -> list[str]:
    """Close keys valid at this place, else the key whose Chinese title was typed (分值 → points); never key itself."""
    keys: list[str] = []
    titles: list[str] = []
    for model in models_at(loc):
        for name, info in model.model_fields.items():
            written = info.alias or name
            if written != key:
                keys.append(written)
                if info.title == key:
                    titles.append(written)
    keys = list(dict.fromkeys(keys))
    return close_matches(key, keys) or list(dict.fromkeys(titles))


def check_ruleset(source: str | Path, *, text: str | None = None) -> list[RulesetError]:
    """Every problem found in a ruleset (empty when it is valid)."""
    try:
        _load(source, text)
    except _Problems as problems:
        return problems.errors
    except RulesetError as exc:
        return [exc]
    return []


def load_ruleset(source: str | Path, *, text: str | None = None) -> CompiledRuleset:
    """Parse, validate and compile a ruleset file (or `text`, named `source`); raise its first error."""
    try:
        return _load(source, text)
    except _Problems as problems:
        raise problems.errors[0] from None


class _Problems(Exception):
    def __init__(self, errors: list[RulesetError]) -> None:
        self.errors = errors


def load_with_document(source: str | Path) -> tuple[CompiledRuleset, Document]:
    """load_ruleset, also returning the (merged) document it was compiled from."""
    try:
        return _load_document(source, None)
    except _Problems as problems:
        raise problems.errors[0] from None


def _load(source: str | Path, text: str | None) -> CompiledRuleset:
    return _load_document(source, text)[0]


def _load_document(source: str | Path, text: str | None) -> tuple[CompiledRuleset, Document]:
    name = str(source)
    if text is None:
        text, raw = read_source(source)
        document = parse_yaml(text, name)
    else:
        document = parse_yaml(text, name)  # first: it refuses a lone surrogate, which has no UTF-8
        raw = text.encode("utf-8")
    if not isinstance(document.data, dict):
        raise RulesetError(say("RS011"), document.location(()))
    digest = hashlib.sha256(raw).hexdigest()
    if "extends" in document.data:  # a county copying the city's scheme: see source.extends
        document = extend(document, raw)
        digest = document.digest
    document, problems = expand_repeats(document)  # one template over periods, groups, questions: see source.repeat
    if problems:
        raise _Problems(problems)
    model = validate(document)
    return compile_model(model, document, name, digest), document


def validate(document: Document) -> m.Ruleset:
    """Validate plain data against the models, turning pydantic's errors into located ones."""
    try:
        model = m.Ruleset.model_validate(document.data)
    except ValidationError as exc:
        errors = [_convert(error, document) for error in exc.errors() if not _missing_as_before(error, document)]
        raise _Problems(sorted(said_once(errors), key=_position)) from None
    too_large = [
        RulesetError(say("RS016.number_must_smaller", value=value), document.location(path))
        for path, value in _numbers_in(model, ())
        if abs(value) >= LIMIT
    ]
    if too_large:
        raise _Problems(too_large)
    return model


def _numbers_in(node: Any, path: PathKey) -> Any:
    """Every Decimal in a validated model, with its path in the document.

    Kept below LIMIT so every sum, product and rounding stays exact in the 60-digit context.
    """
    if isinstance(node, Decimal):
        yield path, node
    elif isinstance(node, m.Model):
        for name, info in type(node).model_fields.items():
            yield from _numbers_in(getattr(node, name), path + (info.alias or name,))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _numbers_in(item, path + (index,))
    elif isinstance(node, dict):
        for key, item in node.items():
            yield from _numbers_in(item, path + (key,))


def _position(error: RulesetError) -> tuple[int, int]:
    loc = error.location
    return ((loc.line or 0) if loc else 0, (loc.column or 0) if loc else 0)


def _missing_as_before(error: Any, document: Document) -> bool:
    """A required key missing only because its place spells it the old way (refused there, RS088)."""
    if error["type"] != "missing":
        return False
    loc = tuple(error["loc"][:-1])
    node: Any = document.data
    for part in _data_path(document.data, loc):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    models = [model.__name__ for model in models_at(loc)]
    return written_as_before(models, str(error["loc"][-1]), node)


def _convert(error: Any, document: Document) -> RulesetError:
    path = _data_path(document.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        moved = renamed([model.__name__ for model in models_at(tuple(error["loc"][:-1]))], key)
        if moved is not None:  # an old spelling of a key that now means one thing everywhere
            return RulesetError(moved, document.location(path, key=True), code="RS088")
        suggestions = key_suggestions(key, tuple(error["loc"][:-1]))
        return RulesetError(say("RS012", key=key), document.location(path, key=True), suggestions=suggestions)
    if kind == "missing":
        kind_needing = _points_needed(tuple(error["loc"][:-1])) if path[-1] == "points" else None
        if kind_needing is not None:
            return RulesetError(say("RS013.points", kind=kind_needing), document.location(path[:-1]))
        return RulesetError(say("RS013", key=path[-1]), document.location(path[:-1]))
    if kind == "replaced_key":  # an older spelling refused, saying what to write (model.lookup_rows)
        return RulesetError(_said(error), document.location(path + (error["ctx"]["key"],), key=True), code="RS095")
    if kind == "condition_context":  # a condition key written where it cannot apply (model.outcomes)
        return RulesetError(_said(error), document.location(path + (error["ctx"]["key"],), key=True), code="RS070")
    if kind == "union_tag_invalid":
        context = error.get("ctx", {})
        tag = str(context.get("tag", ""))
        expected = sorted(KINDS)
        return RulesetError(
            say("RS014.unknown_kind_kinds", tag=tag, expected=list(expected)),
            document.location(path + ("kind",)),
            suggestions=close_matches(tag, expected),
        )
    if kind == "union_tag_not_found":
        return RulesetError(
            say("RS014.missing_key_kind", KINDS=sorted(KINDS)), document.location(path)
        )
    value = error.get("input")
    if kind == "repeated_text":  # see model.base.FactTexts: point at the second of the two
        where = path + (error["ctx"]["index"],)
        return RulesetError(_said(error), document.location(where, key=isinstance(value, dict)), code="RS048")
    if kind == "string_type" and (value is None or isinstance(value, (bool, int, Decimal))):
        return RulesetError(text_expected(value, document.written(path)), document.location(path), code="RS016")
    message = _said(error)
    if kind == "string_pattern_mismatch" and isinstance(value, str):
        message = _pattern_message(value, str(error.get("ctx", {}).get("pattern", "")))
    elif kind.startswith(("date_", "datetime_")):
        message = _date_message(error)
    shown = isinstance(value, (str, int, float, Decimal)) and not isinstance(value, bool)
    if kind not in ("model_type", "dict_type", "list_type") and shown:
        message = say("phrase.value_problem", value=value if isinstance(value, Decimal) else repr(value), problem=message)
    # value_error = a model's own consistency check; anything else = a value of the wrong type or range
    return RulesetError(message, document.location(path), code="RS015" if kind == "value_error" else "RS016")


def _said(error: Any) -> Message | Text:
    """A pydantic error's message as a catalogue Message (core.messages), else pydantic's own English as is.

    A validator of the models raises `ValueError(say(…))` (pydantic keeps the exception in ctx
    `error`) or `PydanticCustomError(type, "{message}", {"message": …, "said": say(…)})`; pydantic's
    own errors are worded by the entries `RS016.<type>` with pydantic's ctx as parameters.
    """
    context = error.get("ctx") or {}
    said = context.get("said")
    if isinstance(said, Message):
        return said
    raised = context.get("error")
    if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    english = str(error["msg"]).removeprefix("Value error, ")
    worded = _pydantic_message(str(error["type"]), context)
    return worded if worded is not None and worded.render("en") == english else Text(english)


_DATE_DETAILS = {  # what pydantic says is wrong with a date it cannot read: phrase.date_…
    "input is too short": "phrase.date_too_short",
    "input is too long": "phrase.date_too_long",
    "day value is outside expected range": "phrase.date_day_out_of_range",
    "month value is outside expected range": "phrase.date_month_out_of_range",
    "invalid character in year": "phrase.date_year_character",
    "invalid character in month": "phrase.date_month_character",
    "invalid character in day": "phrase.date_day_character",
}


def _date_message(error: Any) -> Message:
    """A value that is not a date: pydantic's reason worded by the catalogue where it has it."""
    english = str(error["msg"])
    detail = str((error.get("ctx") or {}).get("error", ""))
    if error["type"] == "date_from_datetime_parsing" and detail in _DATE_DETAILS:
        worded = say("RS016.date_from_datetime_parsing", error=say(_DATE_DETAILS[detail]))
        if worded.render("en") == f"not a date like 2023-06-01 ({english[0].lower()}{english[1:]})":
            return worded
    return say("RS016.date", detail=Text(f"{english[0].lower()}{english[1:]}"))  # pydantic's own words


def _pydantic_message(kind: str, context: dict[str, Any]) -> Message | None:
    """The catalogue's wording of one of pydantic's errors, or None when it has none."""
    if kind == "literal_error":
        head, _, last = str(context.get("expected", "")).rpartition(" or ")
        expected: object = say("phrase.or_list", items=head.split(", "), last=last) if head else last
        return say("RS016.literal_error", expected=expected)
    if kind in ("too_short", "too_long"):
        shape = {"List": "list", "Dictionary": "dict"}.get(str(context.get("field_type")))
        key = f"RS016.{shape}_{kind}" if shape else ""
    elif kind in ("string_too_short", "string_too_long"):
        key = f"RS016.{kind}"
    else:
        key = f"RS016.{kind}"
    if context.get("min_length") == 1 or context.get("max_length") == 1:
        key += "_one"
    if key not in CATALOGUE:
        return None
    wanted = fields_of(CATALOGUE[key][0])
    if not wanted <= set(context):
        return None
    return say(key, **{name: context[name] for name in wanted})


def _points_needed(loc: tuple[str | int, ...]) -> str | None:
    """The kind of the component at loc when it cannot do without its points (most kinds may omit them)."""
    kinds = [tag for model in models_at(loc) if (tag := _tag_of(model)) is not None]
    return kinds[0] if len(kinds) == 1 else None


def _pattern_message(value: str, pattern: str) -> Message:
    """Name the character an identifier or a name may not contain, instead of quoting the regex."""
    for ch in value:
        if not re.fullmatch(pattern, ch):
            return say("RS016.space_not_allowed") if ch.isspace() else say("RS016.character_not_allowed", character=ch)
    return say("RS016.string_pattern_mismatch", pattern=pattern)


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """pydantic's loc without discriminator tags, as a path into the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if part in UNION_TAGS and not (isinstance(node, dict) and part in node):  # a union's tag: not in the document
            continue
        if isinstance(node, dict):
            if part in node:
                path.append(part)
                node = node[part]
            elif part == "not_" and "not" in node:
                path.append("not")
                node = node["not"]
            elif node.get("kind") == part:  # discriminator tag: not in the document
                continue
            else:
                path.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            path.append(part)
            node = node[part]
        else:
            path.append(part)
            node = None
    return tuple(path)


def compile_model(model: m.Ruleset, document: Document, source: str, sha256: str) -> CompiledRuleset:
    """Compile a validated model; raise every problem (the first one first)."""
    errors: list[RulesetError] = []
    locate = document.location
    tables, fields = compile_tables(model, errors, locate)
    check_keyed(model, tables, errors, locate)
    lookups = compile_lookups(model, fields, errors, locate)
    ctx = CompileContext(
        model, document, fields, {s.id: s for s in model.scales}, compile_component, {t.id: t for t in tables},
        load_ruleset=load_ruleset, scored_condition=compile_scored_condition,
    )
    ctx.errors.extend(errors)
    if len(ctx.scales) != len(model.scales):
        ctx.errors.append(ctx.error(say("RS031.two_scales_have"), ("scales",)))
    check_children_sum(model.points, model.components, (), ctx, say("phrase.top_level_points"))
    values = compile_values(model, ctx)
    evaluators = []
    for index, component in enumerate(model.components):
        compiled = compile_component(component, ("components", index), "", ctx)
        if compiled is not None:
            evaluators.append(compiled)
    outcomes = compile_outcomes(model, ctx)
    consequences = compile_consequences(model, ctx)
    stages = compile_stages(model, ctx)
    group_checks = compile_group_checks(model, ctx)
    table_rules = compile_table_rules(model, ctx)
    check_monotone_columns(model, tables, ctx)
    if ctx.errors:
        raise _Problems(sorted(said_once(ctx.errors), key=_position))
    return CompiledRuleset(
        model=model,
        source=source,
        sha256=sha256,
        tables=tables,
        fields=fields,
        evaluators=tuple(evaluators),
        values=values,
        outcomes=outcomes,
        population=tuple(ctx.population),
        consequences=consequences,
        nested=tuple(ctx.nested),
        lookups=lookups,
        stages=stages,
        group_checks=group_checks,
        screen=partial(screen, table_rules) if table_rules else None,
        expansions=dict(ctx.shared.get(EXPANSIONS, {})),
    )
