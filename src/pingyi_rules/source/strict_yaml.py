"""Strict YAML reading: safe, YAML 1.2 scalars, Decimal numbers, no aliases, no duplicate keys.

The document becomes plain Python data plus a table of source positions, so any
later error (pydantic's or the compiler's) can be shown at `file:line:col`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import yaml
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..core.errors import Location, RulesetError
from ..core.messages import Message, Text, say
from ..core.text import nfkc

MAX_RULESET_BYTES = 1024 * 1024
# Nested mappings and lists. Deeper than any real ruleset (a component tree of ~10 levels needs ~25); refused before
# PyYAML's recursive composer or our own recursion can exhaust the stack.
MAX_YAML_DEPTH = 64

PathKey = tuple[str | int, ...]

_INT = re.compile(r"[-+]?[0-9]+\Z")
_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {_STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_TAG_PREFIX = "tag:yaml.org,2002:"


def _unwanted_characters(extra: str = "") -> re.Pattern[str]:
    """C0/C1 controls but tab and line breaks, DEL, surrogates, noncharacters, U+2028/U+2029 (plus extra)."""
    planes = "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(17))
    return re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\ud800-\\udfff\\ufdd0-\\ufdef\\u2028\\u2029{planes}{extra}]")


# Characters no ruleset needs and no editor shows: refused in the text and in every value (an escape like
# "\x00" or "\uFFFE" in a quoted string makes them too). A value may still hold a tab or a line break.
UNWANTED = _unwanted_characters()
_UNWANTED_IN_VALUE = _unwanted_characters("\\r")


def describe_character(ch: str) -> Message:
    """'the control character U+0000', 'the noncharacter U+FFFE', … (for messages)."""
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        key = "phrase.char_surrogate"
    elif code in (0x2028, 0x2029):
        key = "phrase.char_line_separator" if code == 0x2028 else "phrase.char_paragraph_separator"
    elif 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        key = "phrase.char_noncharacter"
    else:
        key = "phrase.char_control"
    return say(key, code=f"U+{code:04X}")


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that types nothing itself and refuses anchors and aliases."""

    depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if self.depth >= MAX_YAML_DEPTH and isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            raise RulesetError(
                say("RS010", MAX_YAML_DEPTH=MAX_YAML_DEPTH),
                _mark_location(self.name, event.start_mark),
            )
        if isinstance(event, AliasEvent):
            raise RulesetError(
                say("RS006.alias_allowed_repeat", anchor=event.anchor),
                _mark_location(self.name, event.start_mark),
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise RulesetError(
                say("RS006.anchor_allowed_repeat", anchor=anchor),
                _mark_location(self.name, event.start_mark),
            )
        self.depth += 1
        try:  # Composer's own method: this one also serves the libyaml loader below
            node = yaml.composer.Composer.compose_node(self, parent, index)  # type: ignore[no-untyped-call,unused-ignore]
        finally:
            self.depth -= 1
        tag = getattr(event, "tag", None)
        if tag is not None and node is not None:  # written in the document (!!str, !x, !): refused where the path is known
            node.written_tag = tag  # type: ignore[attr-defined]
        return node  # type: ignore[no-any-return,unused-ignore]


# Every plain scalar is left as a string; _to_python types it the YAML 1.2 way.
_StrictLoader.yaml_implicit_resolvers = {}

_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser as _CParser  # type: ignore[attr-defined,unused-ignore]

    class _CStrictLoader(yaml.composer.Composer, _CParser, yaml.resolver.BaseResolver):  # type: ignore[misc,name-defined,unused-ignore]
        """libyaml's scanner and parser (several times faster) under the same strict composer.

        Only a document that parses cleanly is taken from it; a YAML error is reported by
        reading the text again with the pure-Python loader, so messages stay word for word.
        """

        depth = 0
        compose_node = _StrictLoader.compose_node

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)  # type: ignore[attr-defined,unused-ignore]
            yaml.composer.Composer.__init__(self)  # type: ignore[no-untyped-call,unused-ignore]
            yaml.resolver.BaseResolver.__init__(self)  # type: ignore[no-untyped-call,unused-ignore]

    _CStrictLoader.yaml_implicit_resolvers = {}
    _FastLoader = _CStrictLoader


def _mark_location(name: str, mark: Any) -> Location:
    return Location(file=name, line=mark.line + 1, column=mark.column + 1)


@dataclass
class Document:
    """Plain data read from YAML, with the position of every value and key."""

    data: Any
    name: str
    marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    plain: dict[PathKey, str] = field(default_factory=dict)  # the text of each unquoted number, true/false, null

    def written(self, path: PathKey) -> str | None:
        """How an unquoted non-text value at path was written (`007`, `1.50`, `~`), or None."""
        return self.plain.get(tuple(path))

    def location(self, path: PathKey, *, key: bool = False) -> Location:
        """The nearest known position of path (its key's position when key=True)."""
        probe = tuple(path)
        table = self.key_marks if key else self.marks
        while probe:
            if probe in table:
                line, col = table[probe]
                return Location(file=self.name, line=line, column=col, path=format_path(path))
            if key:
                table = self.marks
                key = False
                continue
            probe = probe[:-1]
        line, col = self.marks.get((), (1, 1))
        return Location(file=self.name, line=line, column=col, path=format_path(path) or None)


def format_path(path: PathKey) -> str:
    """components[2].items[0].amount"""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Characters a Chinese input method slips in that YAML reads silently into a wrong structure.
_IME_CHECKS = (
    (re.compile(r"^[ \t]*\u3000"), say("RS005.ideographic_space")),
    (re.compile(r"^[ \u3000]*[－—–]\s"), say("RS005.full_width_dash")),
    (re.compile(r"^[ \u3000]*(- )?[^\s#:'\"{}\[\]]+：(\s|$)"), say("RS005.full_width_colon", colon="：")),
    (re.compile(r":\s+“[^”]*”\s*(#.*)?$"), say("RS005.chinese_quotes", quotes="“”")),
)


def _precheck(text: str, name: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, hint in _IME_CHECKS:
            match = pattern.search(line)
            if match:
                col = match.start() + 1
                for ch in "\u3000－—–：“":
                    pos = line.find(ch, match.start())
                    if pos >= 0:
                        col = pos + 1
                        break
                raise RulesetError(hint, Location(file=name, line=number, column=col), code=hint.code)


_FLOW_TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?:^|(?<=\s))#[^\n]*|[\[\]{}]""", re.MULTILINE)


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse deeply nested [ / { before PyYAML's scanner, which is quadratic in the nesting depth."""
    if text.count("[") + text.count("{") <= MAX_YAML_DEPTH:
        return
    depth = 0
    for match in _FLOW_TOKEN.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                raise RulesetError(
                    say("RS010", MAX_YAML_DEPTH=MAX_YAML_DEPTH),
                    Location(file=name, line=line, column=column),
                )
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, name: str) -> tuple[Message, Location]:
    """PyYAML's complaint made readable, at the most useful position."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "end of stream" in problem and exc.context_mark is not None:
        mark = exc.context_mark  # an unclosed quote or bracket: show where it was opened
    if exc.context and exc.context != "while scanning for the next token":
        problem = f"{exc.context}: {problem}"
    lines = text.splitlines()
    said = say("RS004.syntax", problem=Text(problem))  # PyYAML's own words, framed
    if "'\\t'" in problem or (mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]):
        said = say("RS004.tabs", problem=Text(problem))
    if exc.context in ("while scanning an alias", "while scanning an anchor"):
        said = say("RS004.alias", problem=said)
    return said, _mark_location(name, mark) if mark else Location(file=name)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _check_characters(text: str, name: str) -> None:
    """Refuse a control character, noncharacter or surrogate anywhere in the text, at its line and column."""
    bad = UNWANTED.search(text)
    if bad is None:
        return
    start = 0
    line = 1
    for match in _LINE_BREAK.finditer(text, 0, bad.start()):
        line += 1
        start = match.end()
    raise RulesetError(
        say("RS047.allowed_ruleset_delete", describe_character=describe_character(bad.group())),
        Location(file=name, line=line, column=bad.start() - start + 1),
    )


def parse_yaml(text: str, name: str) -> Document:
    """Parse one YAML document strictly into plain data with positions."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_RULESET_BYTES:
        raise RulesetError(
            say("RS003", size=size, MAX_RULESET_BYTES=MAX_RULESET_BYTES), Location(file=name)
        )
    _check_characters(text, name)
    _precheck(text, name)
    _check_flow_depth(text, name)
    node = _fast_node(text, name)
    if node is not _FAILED:
        return _document(node, name)
    loader = _StrictLoader(text)
    loader.name = name
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise RulesetError(*_syntax_problem(exc, text, name), code="RS004") from None
    except yaml.YAMLError as exc:
        raise RulesetError(say("RS004", exc=Text(str(exc))), Location(file=name)) from None  # PyYAML's own words
    finally:
        loader.dispose()
    return _document(node, name)


_FAILED: Any = object()


def _fast_node(text: str, name: str) -> Any:
    """The document's node tree read by libyaml, or _FAILED (then the Python loader reads it)."""
    if _FastLoader is None:
        return _FAILED
    loader = _FastLoader(text)
    loader.name = name
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return _FAILED
    finally:
        loader.dispose()


def _document(node: Node | None, name: str) -> Document:
    doc = Document(data=None, name=name)
    if node is None:
        doc.data = None
        return doc
    doc.data = _to_python(node, (), doc)
    return doc


def _refuse_tag(node: Node, path: PathKey, doc: Document, *, key: bool = False) -> None:
    tag = getattr(node, "written_tag", None)
    if tag is None and node.tag in _ALLOWED_TAGS:
        return
    shown = str(tag or node.tag)
    if shown.startswith(_TAG_PREFIX):
        shown = "!!" + shown.removeprefix(_TAG_PREFIX)
    raise RulesetError(
        say("RS008", shown=shown),
        doc.location(path, key=key),
    )


def _refuse_characters(text: str, path: PathKey, doc: Document, *, key: bool = False) -> None:
    """An escape in a quoted string ("\\x00", "\\uFFFE", "\\uD800", "\\r") can make what the text check cannot see."""
    bad = _UNWANTED_IN_VALUE.search(text)
    if bad is not None:
        what = say("phrase.key_word") if key else say("phrase.value_word")
        where = replace(doc.location(path, key=key), path=format_path(path[:-1] if key else path) or None)
        raise RulesetError(
            say("RS047.contains_written_escape", what=what, describe_character=describe_character(bad.group())),
            where,
        )


def _to_python(node: Node, path: PathKey, doc: Document) -> Any:
    doc.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    _refuse_tag(node, path, doc)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise RulesetError(say("RS009"), doc.location(path))
            key = key_node.value
            line = key_node.start_mark.line + 1
            doc.key_marks[path + (key,)] = (line, key_node.start_mark.column + 1)
            _refuse_tag(key_node, path + (key,), doc, key=True)
            _refuse_characters(key, path + (key,), doc, key=True)
            if key in seen:
                raise RulesetError(
                    say("RS007", key=key, seen=seen[key]),
                    Location(
                        file=doc.name,
                        line=line,
                        column=key_node.start_mark.column + 1,
                        path=format_path(path + (key,)),
                    ),
                )
            seen[key] = line
            result[key] = _to_python(value_node, path + (key,), doc)
        return result
    if isinstance(node, SequenceNode):
        return [_to_python(item, path + (i,), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    _refuse_characters(node.value, path, doc)
    if node.style:  # quoted or block scalar: always text (libyaml says "" for plain, PyYAML None)
        return node.value
    value = plain_scalar(node.value)
    if not isinstance(value, str):
        doc.plain[path] = node.value
    return value


def text_expected(value: Any, written: str | None) -> Message:
    """The message for an unquoted number, true/false or null where text belongs (`values: [2, 3]`)."""
    if written is not None:
        shown = written
    else:
        shown = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    if value is None:
        if not shown:
            return say("RS016.empty_text_expected")
        return say("RS016.null_text_expected", shown=shown)
    if isinstance(value, bool):
        return say("RS016.bool_text_expected", shown=shown)
    return say("RS016.number_text_expected", shown=shown)


def literal_number(value: Any) -> Decimal | None:
    """A ruleset value meant as a number (unquoted, or quoted text written like one), or None."""
    if isinstance(value, str):
        value = plain_scalar(nfkc(value))
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def plain_scalar(text: str) -> Any:
    """Type a plain scalar the YAML 1.2 core way, numbers as Decimal from their text."""
    if text in ("", "~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if _INT.match(text):
        return int(text)
    if _NUMBER.match(text):
        return Decimal(text)
    return text
