"""The one walker over conditions: `all` / `any` / `not` around leaves that each use of a condition reads.

A condition (`Condition` on a ranked subject, `RowCondition` on a row of a cases table) is a leaf
or a combination of conditions. `fold_condition` walks the combinations and hands each leaf, with
its path in the document, to the caller; `compile_predicate` is the fold that builds a predicate,
and a reader that writes a condition as text folds it with its own words for 且 / 或 / 非.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ..source.strict_yaml import PathKey

T = TypeVar("T")
R = TypeVar("R")


class ConditionTree(Protocol):
    """What every condition model has: at most one of `all`, `any`, `not`; otherwise it is a leaf."""

    @property
    def all(self) -> Sequence[Any] | None: ...

    @property
    def any(self) -> Sequence[Any] | None: ...

    @property
    def not_(self) -> Any: ...


C = TypeVar("C", bound=ConditionTree)


def fold_condition(
    cond: C,
    path: PathKey,
    leaf: Callable[[C, PathKey], R],
    all_of: Callable[[list[R]], R],
    any_of: Callable[[list[R]], R],
    negate: Callable[[R], R],
) -> R:
    """`leaf` applied to each leaf, combined by `all_of`, `any_of` and `negate`; paths as in the document."""
    if cond.all is not None:
        return all_of([fold_condition(c, path + ("all", i), leaf, all_of, any_of, negate) for i, c in enumerate(cond.all)])
    if cond.any is not None:
        return any_of([fold_condition(c, path + ("any", i), leaf, all_of, any_of, negate) for i, c in enumerate(cond.any)])
    if cond.not_ is not None:
        return negate(fold_condition(cond.not_, path + ("not",), leaf, all_of, any_of, negate))
    return leaf(cond, path)


def compile_predicate(cond: C, path: PathKey, leaf: Callable[[C, PathKey], Callable[[T], bool]]) -> Callable[[T], bool]:
    """A predicate: each leaf compiled by `leaf`, combined as all / any / not."""
    return fold_condition(cond, path, leaf, _all_of, _any_of, _negate)


def _all_of(parts: list[Callable[[T], bool]]) -> Callable[[T], bool]:
    return lambda x: all(p(x) for p in parts)


def _any_of(parts: list[Callable[[T], bool]]) -> Callable[[T], bool]:
    return lambda x: any(p(x) for p in parts)


def _negate(inner: Callable[[T], bool]) -> Callable[[T], bool]:
    return lambda x: not inner(x)
