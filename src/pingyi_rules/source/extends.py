"""`extends`: a ruleset written as another ruleset plus a few changed values.

Every county copies the city's scheme and changes a few numbers.
A ruleset with `extends: <path>` (relative to its own file) starts from that
ruleset's data; its other top-level keys replace the base's, and `overrides`
sets values by path:

    extends: ../city-gongshu-minping-2012.yaml
    overrides:
      components.日常考评.items.投诉查实.amount: 4

A path is keys joined by '.'; inside a list an element is chosen by its `id`,
`code` or `name` (or its index). The merged data is validated and compiled like
any ruleset; every error points into the file that holds the offending value
(the base for an inherited value, this file for a replaced or overridden one).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..core.errors import Location, RulesetError, close_matches
from ..core.messages import say
from .chain import cycle, loading_from, resolve, show
from .repeat import ExpandedDocument, expand_repeats
from .strict_yaml import Document, PathKey, format_path, parse_yaml

SELECTORS = ("id", "code", "name")


@dataclass
class MergedDocument(Document):
    """A base document with some values replaced from a child document; locations follow the value."""

    base: Document | None = None
    child: Document | None = None
    owned: dict[PathKey, PathKey] = field(default_factory=dict)  # merged path → path in the child document
    digest: str = ""  # sha256 over the chain of files

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        probe = tuple(path)
        while True:
            if probe in self.owned and self.child is not None:
                inner = self.owned[probe] + tuple(path[len(probe):])
                found = self.child.location(inner, key=key)
                return replace(found, path=format_path(path) or None)
            if not probe:
                break
            probe = probe[:-1]
        assert self.base is not None
        return self.base.location(path, key=key)

    def written(self, path: PathKey) -> str | None:
        probe = tuple(path)
        while True:
            if probe in self.owned and self.child is not None:
                return self.child.written(self.owned[probe] + tuple(path[len(probe):]))
            if not probe:
                break
            probe = probe[:-1]
        assert self.base is not None
        return self.base.written(path)


def read_source(path: str | Path) -> tuple[str, bytes]:
    """A ruleset file's text and bytes (RS001 when unreadable, RS002 when not UTF-8)."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise RulesetError(say("RS001", strerror=exc.strerror), Location(file=name)) from None
    try:
        return raw.decode("utf-8-sig"), raw
    except UnicodeDecodeError as exc:
        raise RulesetError(say("RS002", start=exc.start), Location(file=name)) from None


def _read(path: str | Path) -> tuple[Document, bytes]:
    """A ruleset file as data with positions, `extends` resolved (recursively), and its bytes."""
    text, raw = read_source(path)
    document: Document = parse_yaml(text, str(path))
    if isinstance(document.data, dict) and "extends" in document.data:
        document = extend(document, raw)
    expanded, problems = expand_repeats(document)  # so that an override can name a repetition's id
    if problems:
        raise problems[0]
    return expanded, raw


def extend(child: Document, raw: bytes) -> MergedDocument:
    """Merge a child document that has `extends` onto its base."""
    data = child.data
    target_text = data.get("extends")
    if not isinstance(target_text, str) or not target_text:
        raise RulesetError(say("RS040.extends_path_ruleset"), child.location(("extends",)))
    target = resolve(child.name, target_text)
    loop = cycle(child.name, target)
    if loop is not None:
        what = "RS041.extends_itself" if len(loop) == 2 else "RS041.extends_circle"
        raise RulesetError(say(what, show=show(loop)), child.location(("extends",)), code="RS041")
    if not target.is_file():
        raise RulesetError(say("RS040.ruleset_file_looked", ruleset=target_text, target=target), child.location(("extends",)))
    with loading_from(child.name):
        base, base_raw = _read(_shown(child.name, target_text, target))
    if not isinstance(base.data, dict):
        raise RulesetError(say("RS040.base_ruleset_mapping"), child.location(("extends",)))
    merged = copy.deepcopy(base.data)
    owned: dict[PathKey, PathKey] = {}
    for key, value in data.items():
        if key in ("extends", "overrides"):
            continue
        merged[key] = copy.deepcopy(value)
        owned[(key,)] = (key,)
    overrides = data.get("overrides") or {}
    if not isinstance(overrides, dict):
        raise RulesetError(say("RS040.overrides_maps_paths"), child.location(("overrides",)))
    for spec, value in overrides.items():
        where = child.location(("overrides", spec), key=True)
        path = set_by_path(merged, str(spec), copy.deepcopy(value), where)
        owned[path] = ("overrides", spec)
    chained = base.digest if isinstance(base, (MergedDocument, ExpandedDocument)) else ""
    base_digest = chained or hashlib.sha256(base_raw).hexdigest()
    digest = hashlib.sha256(raw + b"\0" + base_digest.encode()).hexdigest()
    return MergedDocument(data=merged, name=child.name, base=base, child=child, owned=owned, digest=digest)


def _shown(child_name: str, written: str, target: Path) -> str:
    """The base's name as the user would write it from where they stand (for messages)."""
    if child_name.startswith("<"):
        return str(target)
    joined = Path(child_name).parent / written
    return str(Path(*_normal(joined.parts))) if joined.parts else str(target)


def _normal(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if part == ".." and out and out[-1] not in ("..", "/"):
            out.pop()
        elif part != ".":
            out.append(part)
    return out or ["."]


def set_by_path(data: dict[str, Any], spec: str, value: Any, where: Location) -> PathKey:
    """Set `value` at the dotted path in data; return the path with list positions resolved."""
    parts = spec.split(".")
    if not spec or any(p == "" for p in parts):
        raise RulesetError(say("RS040.path_like_components", spec=spec, example="components.日常考评.points"), where)
    node: Any = data
    resolved: list[str | int] = []
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, dict):
            if part not in node and not last:
                raise RulesetError(
                    say("RS040.key", value=format_path(tuple(resolved)), part=part) if resolved else say("RS040.ruleset_key", part=part),
                    where,
                    suggestions=close_matches(part, [str(k) for k in node]), code="RS040",
                )
            resolved.append(part)
            if last:
                node[part] = value
            else:
                node = node[part]
        elif isinstance(node, list):
            index = _select(node, part)
            if index is None:
                names = [str(e.get(k)) for e in node if isinstance(e, dict) for k in SELECTORS if k in e]
                raise RulesetError(
                    say("RS040.element_chosen_id", format_path=format_path(tuple(resolved)), part=part),
                    where,
                    suggestions=close_matches(part, names),
                )
            resolved.append(index)
            if last:
                node[index] = value
            else:
                node = node[index]
        else:
            raise RulesetError(say("RS040.single_value", format_path=format_path(tuple(resolved)), part=part), where)
    return tuple(resolved)


def _select(items: list[Any], part: str) -> int | None:
    for key in SELECTORS:
        for index, element in enumerate(items):
            if isinstance(element, dict) and key in element and str(element[key]) == part:
                return index
    if part.isdigit() and int(part) < len(items):
        return int(part)
    return None
