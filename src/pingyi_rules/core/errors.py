"""The exception tree: one root, a branch for bad rulesets and one for bad facts."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pingyi_rules.core.messages import Message, Text, phrase


@dataclass(frozen=True)
class Location:
    """Where a problem is: a ruleset position, a spreadsheet cell or a CSV row."""

    file: str | None = None
    line: int | None = None  # 1-based, YAML
    column: int | None = None  # 1-based, YAML
    path: str | None = None  # path inside the document, e.g. components[2].items[0]
    sheet: str | None = None  # xlsx sheet
    cell: str | None = None  # xlsx cell, e.g. D5
    row: int | None = None  # CSV line number (the header is row 1)
    field: str | None = None  # the column header of a table

    def __str__(self) -> str:
        parts: list[str] = []
        if self.sheet is not None:
            where = f"{self.file}!{self.sheet}" if self.file else self.sheet
            if self.cell:
                where += f"!{self.cell}"
            elif self.row is not None:
                where += f"!{self.row}"
            parts.append(where)
        elif self.file is not None:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            elif self.row is not None:
                where = phrase("file_row", file=where, row=self.row)
            parts.append(where)
        if self.field is not None:
            parts.append(phrase("column", name=self.field))
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


class PingyiError(Exception):
    """Root of every error the library raises on purpose."""

    code = "PY000"

    def __init__(
        self,
        message: str | Message | Text,
        location: Location | None = None,
        *,
        suggestions: Iterable[str] = (),
        code: str | None = None,
    ) -> None:
        self.said: Message | Text = Text(message) if isinstance(message, str) else message
        self.location = location
        self.suggestions = tuple(suggestions)
        if code is not None:  # the class default stays for sites without a specific code
            self.code = code
        elif isinstance(message, Message):
            self.code = message.code
        super().__init__(message)

    @property
    def message(self) -> str:
        """The message in the language in force (see core.messages), without place or code."""
        return self.said.render()

    def __str__(self) -> str:
        """`location: message; did you mean 'x'? [CODE]` (see docs/errors.md).

        The code goes last so the message still reads as a sentence and a
        substring match on the message keeps working.
        """
        text = self.message
        if self.suggestions:
            quoted = ", ".join(f"'{s}'" for s in self.suggestions)
            text += phrase("separator") + phrase("did_you_mean", candidates=quoted)
        text += f" [{self.code}]"
        where = str(self.location) if self.location else ""
        return f"{where}: {text}" if where else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class RulesetError(PingyiError):
    """The ruleset is wrong; raised while loading or compiling it."""

    code = "RS000"


class FactsError(PingyiError):
    """The facts are wrong; raised while reading them."""

    code = "FA000"


class EvaluationError(PingyiError):
    """The facts cannot be scored under the ruleset (e.g. a method with no measurements)."""

    code = "EV000"


class UnknownSubjectError(EvaluationError, KeyError):
    """A subject id that is not in the facts."""

    code = "EV001"

    def __str__(self) -> str:  # KeyError would quote the message
        return PingyiError.__str__(self)


class MultipleErrors(PingyiError):
    """Several problems found at once; `errors` holds each of them (each with its own code)."""

    code = "PY001"

    def __init__(self, errors: Sequence[PingyiError]) -> None:
        self.errors = list(errors)
        super().__init__(Message("PY001"))

    @property
    def message(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class FactsErrors(MultipleErrors, FactsError):
    """Several bad cells in the facts; still a FactsError, so `except FactsError` catches it."""

    code = "FA099"


def close_matches(word: str, candidates: Iterable[str]) -> list[str]:
    """The candidates that look like a misspelling of word, best first."""
    return difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
