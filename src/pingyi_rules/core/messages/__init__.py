"""Messages in the users' language: one catalogue keyed by error code, rendered in English or Chinese.

An error carries a `Message` — a catalogue key and its parameters (the place and the values stay
data) — and is rendered when it is shown, in the language in force then. A key is an error code
(`RS012`) or an error code and a slug for the variants one code has (`RS045.free_by`); warnings
and the phrases that frame every message (`column`, `row`, "did you mean") have keys of their own
(`warn.…`, `phrase.…`). The entries live beside this module, one file per family of codes.

Inside the ruleset models' pydantic validators a message is raised as `ValueError(say(…))` (pydantic
keeps the exception in its error's ctx `error`), or, where the error type matters, as
`PydanticCustomError(type, "{message}", {"message": said.render("en"), "said": said})`;
`loading._said` takes the Message back out. Pydantic's own errors (`greater_than`, `literal_error`, …)
are worded by the entries `RS016.<type>` with pydantic's ctx as parameters.

The language: `use_language("zh")` for a block, `set_language("zh")` for the rest of the context;
otherwise `PINGYI_LANG`, else English. The command line also follows the locale (`LANG=zh_CN.UTF-8`)
and `--lang`; the library does not, so that a program's messages do not change with the machine it
runs on unless it asks.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from pingyi_rules.core.messages.evaluation import ENTRIES as _EVALUATION
from pingyi_rules.core.messages.expressions import ENTRIES as _EXPRESSIONS
from pingyi_rules.core.messages.facts import ENTRIES as _FACTS
from pingyi_rules.core.messages.general import ENTRIES as _GENERAL
from pingyi_rules.core.messages.ruleset import ENTRIES as _RULESET
from pingyi_rules.core.messages.ruleset_compile import ENTRIES as _RULESET_COMPILE
from pingyi_rules.core.messages.ruleset_late import ENTRIES as _RULESET_LATE

Language = Literal["en", "zh"]
LANGUAGES: tuple[Language, ...] = ("en", "zh")
KEY = re.compile(r"(?:(?:RS|FA|EV|PY)\d{3}|warn|phrase|cli)(?:\.[a-z0-9_]+)?")


def _merged(*parts: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    catalogue: dict[str, tuple[str, str]] = {}
    for part in parts:
        for key, entry in part.items():
            if key in catalogue:
                raise RuntimeError(f"message key {key} is in the catalogue twice")
            catalogue[key] = entry
    return catalogue


CATALOGUE: dict[str, tuple[str, str]] = _merged(_GENERAL, _RULESET, _RULESET_COMPILE, _RULESET_LATE, _EXPRESSIONS, _FACTS, _EVALUATION)


def language_of(value: str | None) -> Language | None:
    """The language a `--lang` value or a locale name asks for (`zh`, `zh_CN.UTF-8`, `en_US`), or None."""
    if not value:
        return None
    head = value.strip().lower().replace("-", "_")
    if head.startswith("zh"):
        return "zh"
    if head.startswith(("en", "c.", "posix")) or head in ("c", "posix"):
        return "en"
    return None


def _default_language() -> Language:
    return language_of(os.environ.get("PINGYI_LANG")) or "en"


_LANGUAGE: ContextVar[Language | None] = ContextVar("pingyi_language", default=None)


def current_language() -> Language:
    """The language messages are rendered in now."""
    return _LANGUAGE.get() or _default_language()


def set_language(language: Language) -> None:
    """Render messages in `language` from now on (in this context)."""
    _LANGUAGE.set(_checked(language))


@contextmanager
def use_language(language: Language) -> Iterator[None]:
    """Render messages in `language` inside the block."""
    token = _LANGUAGE.set(_checked(language))
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def locale_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language of the command line: `PINGYI_LANG`, else the locale (LC_ALL, LC_MESSAGES, LANG)."""
    env = os.environ if environ is None else environ
    for name in ("PINGYI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        chosen = language_of(env.get(name))
        if chosen is not None:
            return chosen
    return "en"


def _checked(language: str) -> Language:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: one of {', '.join(LANGUAGES)}")
    return language


@dataclass(frozen=True)
class Message:
    """A catalogue key and its parameters; rendered on demand in the language in force.

    A parameter may itself be a Message (a phrase inside a message), rendered in the same language.
    """

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def code(self) -> str:
        """The error code the key belongs to (`RS045` for `RS045.free_by`)."""
        return self.key.split(".", 1)[0]

    def render(self, language: Language | None = None) -> str:
        chosen = language or current_language()
        template = CATALOGUE[self.key][LANGUAGES.index(chosen)]
        values = {name: _shown(value, chosen) for name, value in self.params.items()}
        return template.format_map(values)

    def __str__(self) -> str:
        return self.render()


def say(key: str, /, **params: object) -> Message:
    """The message `key` of the catalogue with its parameters (checked against the entry's fields)."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    expected = fields_of(CATALOGUE[key][0])
    if set(params) != expected:
        raise TypeError(f"message {key!r} takes {sorted(expected)}, given {sorted(params)}")
    return Message(key, params)


@dataclass(frozen=True)
class Text:
    """Text that is not translated (a user's own words, an outside library's message) but shown as is."""

    text: str

    def render(self, language: Language | None = None) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _shown(value: object, language: Language) -> object:
    if isinstance(value, (Message, Text)):
        return value.render(language)
    if isinstance(value, (list, tuple)):
        separator = "、" if language == "zh" else ", "
        return separator.join(str(_shown(item, language)) for item in value)
    return value


@cache
def fields_of(template: str) -> frozenset[str]:
    """The named fields of a template (`{name}`, `{value!r}`, `{n:>3}`); parsed once per template."""
    return frozenset({name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name})


def phrase(key: str, language: Language | None = None, /, **params: object) -> str:
    """A framing phrase of the catalogue (`phrase.column`), rendered now."""
    return Message(f"phrase.{key}", params).render(language)
