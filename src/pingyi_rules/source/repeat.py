"""`repeat`: one component template written once and repeated over lists of values.

An entry of any `components:` list (top level, a parent's children) or of `values:` may be

    - repeat:
        over: {问: [Q1, Q2, Q3], 名: [增加收入和扩大就业, 医疗卫生, 中小学教育]}
      component: {id: "电话{问}", name: "{名}（电话随机访问）", kind: aggregate, of: "{问}", …}

The lists under `over` are taken together (the first value of each, then the second, …); each
repetition is the template with every `{name}` in its texts (values and keys) replaced by that
repetition's value. A text that is just `"{name}"` takes the value as written (a number stays a
number, a mapping a mapping); inside a longer text the value must be a text or a number. `{{` and `}}`
write a brace itself. A template's children may repeat in turn (their names added to the outer ones).

The expansion runs on the document's plain data, before the models validate it, so every kind and
check sees ordinary components. The expanded document keeps, for every value it made, the place of
the template (or of the `over` value a whole placeholder took) it came from, so an error inside a
repetition points into the file and names the repetition: `components[0].component.of (问 = Q3)`.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from ..core.errors import Location, RulesetError, close_matches
from ..core.messages import Message, say
from ..core.text import SPACE
from .strict_yaml import Document, PathKey, format_path

ENTRY_KEYS = ("repeat", "component")
COMPONENT_LISTS = ("components", "values")  # the top-level lists of components; a component's children are `components`
_OVER_EXAMPLE = "{问: [Q1, Q2], 名: [就业, 医疗]}"  # how a repeat's over is written, for the messages

# The entry in the ruleset's JSON Schema (kinds.schema adds it beside the kinds in every list of components).
REPEAT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "重复",
    "description": "一个指标模板按 over 中的各列表逐项重复；模板文字中的 {名称} 换成该次的值",
    "properties": {
        "repeat": {
            "type": "object",
            "title": "重复",
            "properties": {
                "over": {
                    "type": "object",
                    "title": "逐项取值",
                    "description": "名称 → 值的列表；各列表等长，按位置一一对应，每个位置重复一次",
                    "minProperties": 1,
                    "propertyNames": {"pattern": "^[^" + SPACE + "{}]+$"},
                    "additionalProperties": {"type": "array", "minItems": 1},
                },
            },
            "required": ["over"],
            "additionalProperties": False,
        },
        "component": {
            "type": "object",
            "title": "模板",
            "description": "被重复的指标（id 中须含占位符）；\"{名称}\" 单独成值时取原值，{{ 与 }} 写花括号本身",
        },
    },
    "required": ["repeat", "component"],
    "additionalProperties": False,
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_SHOWN_LENGTH = 12  # a repetition's value is shown up to this many characters in an error's path


@dataclass
class ExpandedDocument(Document):
    """A document whose `repeat` entries are expanded; every location leads back into `inner`."""

    inner: Document | None = None
    origin: dict[PathKey, tuple[PathKey, str]] = field(default_factory=dict)  # expanded path → (path in inner, repetition)
    key_origin: dict[PathKey, tuple[PathKey, str]] = field(default_factory=dict)  # the same for keys a template renamed
    digest: str = ""  # the inner document's chain digest (see source.extends), when it has one

    def _source(self, path: PathKey, key: bool) -> tuple[PathKey, str] | None:
        probe = tuple(path)
        if key and probe in self.key_origin:
            return self.key_origin[probe]
        while probe:
            if probe in self.origin:
                original, label = self.origin[probe]
                return original + tuple(path[len(probe):]), label
            probe = probe[:-1]
        return None

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        assert self.inner is not None
        found = self._source(path, key)
        if found is None:
            return self.inner.location(path, key=key)
        original, label = found
        where = self.inner.location(original, key=key)
        shown = format_path(original)
        return replace(where, path=f"{shown} ({label})" if label else shown or None)

    def written(self, path: PathKey) -> str | None:
        assert self.inner is not None
        found = self._source(path, False)
        return self.inner.written(found[0] if found is not None else path)


@dataclass(frozen=True)
class _Binding:
    """One name's value in one repetition, and where that value is written."""

    value: Any
    path: PathKey


_Env = dict[str, _Binding]


def expand_repeats(document: Document) -> tuple[Document, list[RulesetError]]:
    """The document with every `repeat` entry expanded (the same document when it has none), and
    the problems found (then the document is not to be used)."""
    data = document.data
    if not isinstance(data, dict) or not any(_has_repeat(data.get(key)) for key in COMPONENT_LISTS):
        return document, []
    expander = _Expander(document)
    expanded = dict(data)
    for key in COMPONENT_LISTS:
        if isinstance(data.get(key), list):
            expanded[key] = expander.component_list(data[key], (key,), (key,), None, ())
    digest = getattr(document, "digest", "")
    result = ExpandedDocument(
        data=expanded, name=document.name, inner=document, origin=expander.origin,
        key_origin=expander.key_origin, digest=digest if isinstance(digest, str) else "",
    )
    return result, said_once(expander.errors)


def said_once(errors: list[RulesetError]) -> list[RulesetError]:
    """The errors with each problem said once per place: a mistake in a template is found in every
    repetition, at the same line and column (the first repetition's is kept, naming it)."""
    seen: set[tuple[object, ...]] = set()
    out: list[RulesetError] = []
    for error in errors:
        where = error.location
        place = None if where is None else (where.file, where.line, where.column, where.sheet, where.cell, where.row)
        key = (error.code, error.message, error.suggestions, place)
        if key not in seen:
            seen.add(key)
            out.append(error)
    return out


def _has_repeat(items: Any) -> bool:
    if not isinstance(items, list):
        return False
    for item in items:
        if isinstance(item, dict) and ("repeat" in item or _has_repeat(item.get("components"))):
            return True
    return False


class _Expander:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.origin: dict[PathKey, tuple[PathKey, str]] = {}
        self.key_origin: dict[PathKey, tuple[PathKey, str]] = {}
        self.errors: list[RulesetError] = []

    def _error(
        self, message: Message, path: PathKey, *, key: bool = False, suggestions: list[str] | None = None, label: str = ""
    ) -> None:
        """An error at path in the document; label names the repetition it was found in."""
        where = self.document.location(path, key=key)
        if label:
            where = replace(where, path=f"{where.path} ({label})")
        self.errors.append(RulesetError(message, where, suggestions=suggestions or [], code=message.code))

    def component_list(self, items: list[Any], source: PathKey, target: PathKey, env: _Env | None, labels: tuple[str, ...]) -> list[Any]:
        """A list of components with its `repeat` entries expanded; env is None outside any template."""
        out: list[Any] = []
        label = ", ".join(labels)
        self.origin[target] = (source, label)
        for index, item in enumerate(items):
            if isinstance(item, dict) and "repeat" in item:
                out.extend(self._repeat(item, source + (index,), target, len(out), env or {}, labels))
            elif env is None:
                out.append(self._outside(item, source + (index,), target + (len(out),)))
            else:
                out.append(self._substitute(item, source + (index,), target + (len(out),), env, labels))
        return out

    def _outside(self, item: Any, source: PathKey, target: PathKey) -> Any:
        """A component written out by hand: kept as it is, its children's `repeat` entries expanded."""
        self.origin[target] = (source, "")
        if isinstance(item, dict) and isinstance(item.get("components"), list) and _has_repeat(item["components"]):
            item = dict(item)
            item["components"] = self.component_list(item["components"], source + ("components",), target + ("components",), None, ())
        return item

    def _repeat(self, entry: dict[str, Any], source: PathKey, target: PathKey, start: int, env: _Env, labels: tuple[str, ...]) -> list[Any]:
        over = self._over(entry, source, env, labels)
        if over is None:
            return []
        template = entry.get("component")
        if not isinstance(template, dict):
            where = source + ("component",) if "component" in entry else source
            self._error(say("RS054.repeat_entry_component"), where)
            return []
        names = list(over)
        own_ids = self._check_id(template, source + ("component",), names)
        count = len(over[names[0]])
        shown = _label_name(over)
        out: list[Any] = []
        made: dict[str, tuple[int, str]] = {}  # each id made so far → the repetition that made it
        said: set[str] = set()
        for index in range(count):
            bindings = {name: over[name][index] for name in names}
            label = f"{shown} = {self._show(bindings[shown])}" if shown else f"{names[0]} #{index + 1}"
            inner = {**env, **bindings}
            component = self._substitute(template, source + ("component",), target + (start + index,), inner, (*labels, label))
            made_id = component.get("id") if isinstance(component, dict) else None
            if isinstance(made_id, str) and own_ids and made_id not in said:
                if made_id in made:
                    first, first_label = made[made_id]
                    self._error(
                        say("RS058.id_comes_out", made_id=made_id, first=first, first_label=first_label, value=index + 1, label=label),
                        source + ("component", "id"),
                    )
                    said.add(made_id)
                made[made_id] = (index + 1, label)
            out.append(component)
        return out

    def _over(self, entry: dict[str, Any], source: PathKey, env: _Env, labels: tuple[str, ...]) -> dict[str, list[_Binding]] | None:
        """The entry's names and their values (each list substituted with the enclosing repeat's names), or None."""
        for key in entry:
            if key not in ENTRY_KEYS:
                self._error(
                    say("RS054.repeat_entry_only", key=key),
                    source + (key,), key=True, suggestions=close_matches(str(key), ENTRY_KEYS),
                )
                return None
        spec = entry["repeat"]
        if not isinstance(spec, dict) or "over" not in spec:
            self._error(say("RS054.repeat_over_names", example=_OVER_EXAMPLE), source + ("repeat",))
            return None
        for key in spec:
            if key != "over":
                self._error(say("RS054.repeat_only_over", key=key), source + ("repeat", key), key=True)
                return None
        lists = spec["over"]
        where = source + ("repeat", "over")
        if not isinstance(lists, dict) or not lists:
            self._error(say("RS054.over_maps_each", example=_OVER_EXAMPLE), where)
            return None
        over: dict[str, list[_Binding]] = {}
        first: tuple[str, int] | None = None
        for name, values in lists.items():
            if not name or re.search(r"[\s{}]", name):
                self._error(say("RS054.cannot_placeholder_s", name=name), where + (name,), key=True)
                return None
            if name in env:
                self._error(
                    say("RS054.already_name_enclosing", name=name),
                    where + (name,), key=True,
                )
                return None
            written = where + (name,)
            if env:  # an inner repeat's lists may use the outer names, or be one of their values ("{题}")
                whole = self._whole(values, env)
                values = self._substitute(values, written, None, env, labels)
                written = whole or written
            if not isinstance(values, list) or not values:
                self._error(say("RS054.list_least_one", name=name), where + (name,))
                return None
            if first is not None and len(values) != first[1]:
                self._error(
                    say("RS055", name=name, n_values=len(values), first=first[0], first2=first[1]),
                    where + (name,),
                )
                return None
            first = first or (name, len(values))
            raw = lists[name]  # as written: an item that is just "{outer}" is written where the outer value is
            over[name] = [
                _Binding(value, (self._whole(raw[index], env) if isinstance(raw, list) else None) or written + (index,))
                for index, value in enumerate(values)
            ]
        return over

    def _whole(self, value: Any, env: _Env) -> PathKey | None:
        """Where the value a whole placeholder `"{name}"` takes is written, or None."""
        if isinstance(value, str):
            tokens = list(_TOKEN.finditer(value))
            if len(tokens) == 1 and tokens[0].group() == value and tokens[0].group(1) in env:
                return env[tokens[0].group(1)].path
        return None

    def _check_id(self, template: dict[str, Any], source: PathKey, names: list[str]) -> bool:
        """Whether the template's id has a placeholder of its own repeat's names (else an error)."""
        written = template.get("id")
        if isinstance(written, str) and any(token.group(1) in names for token in _TOKEN.finditer(written)):
            return True
        example = f'id: "…{{{names[0]}}}"'
        if "id" not in template:
            self._error(say("RS057.template_needs_id", example=example), source)
        else:
            self._error(
                say("RS057.template_s_id", names=list(names), example=example),
                source + ("id",),
            )
        return False

    def _show(self, binding: _Binding) -> str:
        text = self._text_of(binding)
        return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"

    def _text_of(self, binding: _Binding) -> str:
        """A text or number value as it goes into a text (a number as written)."""
        value = binding.value
        if isinstance(value, str):
            return value
        return self.document.written(binding.path) or str(value)

    def _substitute(self, value: Any, source: PathKey, target: PathKey | None, env: _Env, labels: tuple[str, ...]) -> Any:
        """A copy of value with every placeholder replaced; target None: a value that is not kept in the document."""
        label = ", ".join(labels)
        if target is not None:
            self.origin[target] = (source, label)
        if isinstance(value, dict):
            if len(value) == 1 and next(iter(value)) in env and next(iter(value.values())) is None:
                name = next(iter(value))
                self._error(
                    say("RS056.without_quotes_yaml", name=name),
                    source,
                )
            out: dict[str, Any] = {}
            for key, item in value.items():
                new_key = self._text(key, source + (key,), env, label, key=True)
                if new_key in out:
                    self._error(say("RS058.key_comes_out", new_key=new_key), source + (key,), key=True, label=label)
                    continue
                if target is not None:
                    self.key_origin[target + (new_key,)] = (source + (key,), label)
                inner = None if target is None else target + (new_key,)
                if key == "components" and isinstance(item, list) and inner is not None:
                    out[new_key] = self.component_list(item, source + (key,), inner, env, labels)
                else:
                    out[new_key] = self._substitute(item, source + (key,), inner, env, labels)
            return out
        if isinstance(value, list):
            return [
                self._substitute(item, source + (index,), None if target is None else target + (index,), env, labels)
                for index, item in enumerate(value)
            ]
        if isinstance(value, str):
            whole = self._whole(value, env)
            if whole is not None:
                if target is not None:
                    self.origin[target] = (whole, label)
                return copy.deepcopy(env[_TOKEN.fullmatch(value).group(1)].value)  # type: ignore[union-attr]
            return self._text(value, source, env, label)
        return value

    def _text(self, text: str, source: PathKey, env: _Env, label: str, *, key: bool = False) -> str:
        """The text with its placeholders replaced (`{{`, `}}` → a brace); a problem is an error at source."""
        if "{" not in text and "}" not in text:
            return text
        out: list[str] = []
        end = 0
        for token in _TOKEN.finditer(text):
            out.append(text[end:token.start()])
            end = token.end()
            written = token.group()
            if written in ("{{", "}}"):
                out.append(written[0])
            elif token.group(1) is None:
                self._error(
                    say("RS056.lone_repeated_template", written=written), source, key=key,
                )
                return text
            elif token.group(1) not in env:
                names = ", ".join(env)
                self._error(
                    say("RS056.name_repeat_names", written=written, names=names),
                    source, key=key, suggestions=close_matches(token.group(1), list(env)),
                )
                return text
            else:
                binding = env[token.group(1)]
                if isinstance(binding.value, bool) or not isinstance(binding.value, (str, int, Decimal)):
                    self._error(
                        say("RS059", written=written, what=_what(binding.value)),
                        source, key=key, label=label,
                    )
                    return text
                out.append(self._text_of(binding))
        out.append(text[end:])
        return "".join(out)


def _label_name(over: dict[str, list[_Binding]]) -> str | None:
    """The first name whose values are all texts or numbers: it names each repetition in errors."""
    for name, bindings in over.items():
        if all(isinstance(b.value, (str, int, Decimal)) and not isinstance(b.value, bool) for b in bindings):
            return name
    return None


def _what(value: Any) -> Message:
    if value is None:
        return say("phrase.value_null")
    if isinstance(value, bool):
        return say("phrase.value_bool")
    return say("phrase.value_list") if isinstance(value, list) else say("phrase.value_mapping")
