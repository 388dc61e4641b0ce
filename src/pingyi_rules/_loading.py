"""Load a ruleset: read YAML strictly, validate with the models, compile; every error located."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import _models as m
from ._compile import CompileContext, CompiledRuleset, check_children_sum, compile_component, compile_tables
from ._consequences import compile_consequences
from ._errors import Location, RulesetError, close_matches
from ._extends import extend
from ._joins import check_keyed, compile_lookups
from ._outcomes import compile_outcomes
from ._stages import compile_stages
from ._yaml import Document, PathKey, parse_yaml

_VOCABULARY = m.field_vocabulary()


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


def _load(source: str | Path, text: str | None) -> CompiledRuleset:
    name = str(source)
    if text is None:
        path = Path(source)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise RulesetError(f"cannot read the ruleset: {exc.strerror}", Location(file=name)) from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RulesetError(
                f"the ruleset is not UTF-8 (byte {exc.start}); save it as UTF-8", Location(file=name)
            ) from None
    else:
        raw = text.encode("utf-8")
    document = parse_yaml(text, name)
    if not isinstance(document.data, dict):
        raise RulesetError("a ruleset is a mapping of keys (id, name, components, …)", document.location(()))
    digest = hashlib.sha256(raw).hexdigest()
    if "extends" in document.data:  # a county copying the city's scheme: see _extends
        document = extend(document, raw)
        digest = document.digest
    model = validate(document)
    return compile_model(model, document, name, digest)


def validate(document: Document) -> m.Ruleset:
    """Validate plain data against the models, turning pydantic's errors into located ones."""
    try:
        return m.Ruleset.model_validate(document.data)
    except ValidationError as exc:
        errors = [_convert(error, document) for error in exc.errors()]
        raise _Problems(sorted(errors, key=_position)) from None


def _position(error: RulesetError) -> tuple[int, int]:
    loc = error.location
    return ((loc.line or 0) if loc else 0, (loc.column or 0) if loc else 0)


def _convert(error: Any, document: Document) -> RulesetError:
    path = _data_path(document.data, error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        key = str(path[-1])
        return RulesetError(
            f"unknown key '{key}'", document.location(path, key=True), suggestions=close_matches(key, _VOCABULARY)
        )
    if kind == "missing":
        return RulesetError(f"missing key '{path[-1]}'", document.location(path[:-1]))
    if kind == "union_tag_invalid":
        context = error.get("ctx", {})
        tag = str(context.get("tag", ""))
        expected = sorted(m.KIND_MODELS)
        return RulesetError(
            f"unknown kind '{tag}' (kinds: {', '.join(expected)})",
            document.location(path + ("kind",)),
            suggestions=close_matches(tag, expected),
        )
    if kind == "union_tag_not_found":
        return RulesetError(
            f"missing key 'kind' (one of {', '.join(sorted(m.KIND_MODELS))})", document.location(path)
        )
    message = error["msg"]
    message = message.removeprefix("Value error, ")
    value = error.get("input")
    if kind not in ("model_type", "dict_type", "list_type") and isinstance(value, (str, int, float)) and not isinstance(value, bool):
        message = f"{value!r}: {message}"
    return RulesetError(message, document.location(path))


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """pydantic's loc without discriminator tags, as a path into the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
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


def compile_model(
    model: m.Ruleset, document: Document | None = None, source: str = "<ruleset>", sha256: str = ""
) -> CompiledRuleset:
    """Compile a validated model; raise every problem (the first one first)."""
    errors: list[RulesetError] = []

    def locate(path: PathKey) -> Location:
        if document is not None:
            return document.location(path)
        return Location(path=".".join(str(p) for p in path))

    tables, fields = compile_tables(model, errors, locate)
    check_keyed(model, tables, fields, errors, locate)
    lookups = compile_lookups(model, fields, errors, locate)
    ctx = CompileContext(
        model, document, fields, {s.id: s for s in model.scales}, {t.id: t for t in tables}
    )
    ctx.errors.extend(errors)
    if len(ctx.scales) != len(model.scales):
        ctx.errors.append(ctx.error("two scales have the same id", ("scales",)))
    check_children_sum(model.points, model.components, (), ctx, "the top-level components' points")
    evaluators = []
    for index, component in enumerate(model.components):
        compiled = compile_component(component, ("components", index), "", ctx)
        if compiled is not None:
            evaluators.append(compiled)
    outcomes = compile_outcomes(model, ctx)
    consequences = compile_consequences(model, ctx)
    stages = compile_stages(model, ctx)
    if ctx.errors:
        raise _Problems(sorted(ctx.errors, key=_position))
    return CompiledRuleset(
        model=model,
        source=source,
        sha256=sha256,
        tables=tables,
        fields=fields,
        evaluators=tuple(evaluators),
        outcomes=outcomes,
        population=tuple(ctx.population),
        consequences=consequences,
        nested=tuple(ctx.nested),
        lookups=lookups,
        stages=stages,
    )
