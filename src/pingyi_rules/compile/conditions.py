"""The one walker over conditions: `all` / `any` / `not` around leaves that each use of a condition reads.

A condition (`Condition` on a ranked subject, `RowCondition` on a row of a cases table) is a leaf
or a combination of conditions. `fold_condition` walks the combinations and hands each leaf, with
its path in the document, to the caller; `compile_predicate` is the fold that builds a predicate,
and `condition_text` folds a subject condition into words (且 / 或 / 非), for the reports and traces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from ..core.numbers import plain
from ..expressions.compiler import YESNO, compile_expression
from ..model.outcomes import Comparison, Condition, GateCondition, GroupShare, RowCondition
from ..source.strict_yaml import PathKey
from .context import CompileContext

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


# --------------------------------------------------------------------------- a condition in words


def condition_text(cond: Condition) -> str:
    """A subject condition in words (a tier, a veto, a lookup row), combinations through the one condition walker."""
    return fold_condition(
        cond, (), _leaf_text,
        lambda parts: "且".join(f"（{part}）" for part in parts),
        lambda parts: "或".join(f"（{part}）" for part in parts),
        lambda part: f"非（{part}）",
    )


_COMPARED = {"at_least": "≥", "above": ">", "below": "<", "at_most": "≤"}


def _leaf_text(cond: Condition, _path: object) -> str:
    if cond.top is not None:
        return f"组内前 {cond.top} 名（严格优于它的少于 {cond.top} 个）"
    if cond.bottom is not None:
        return f"组内后 {cond.bottom} 名（严格低于它的少于 {cond.bottom} 个）"
    if cond.flag is not None:
        return f"“{cond.flag}”为“是”"
    if cond.blank is not None:
        return f"“{cond.blank}”为空"
    if cond.tier is not None:
        return f"已列入{cond.tier}"
    if cond.expr is not None:
        return cond.expr
    if cond.is_ is not None:
        return f"符合“{cond.is_}”"
    if cond.count_rows is not None:
        where = "" if cond.where is None else "（按条件）"
        return f"表 {cond.count_rows}{where}的行数 {comparison_text(cond)}"
    return f"{'总分' if cond.of is None else '“' + cond.of + '”'} {comparison_text(cond)}"


def row_condition_text(cond: RowCondition) -> str:
    """A row condition in words (a named row condition's report line)."""
    return fold_condition(
        cond, (), _row_leaf_text,
        lambda parts: "且".join(f"（{part}）" for part in parts),
        lambda parts: "或".join(f"（{part}）" for part in parts),
        lambda part: f"非（{part}）",
    )


def _row_leaf_text(cond: RowCondition, _path: object) -> str:
    if cond.flag is not None:
        return f"“{cond.flag}”为“是”"
    if cond.blank is not None:
        return f"“{cond.blank}”为空"
    if cond.expr is not None:
        return cond.expr
    if cond.is_ is not None:
        return f"符合“{cond.is_}”"
    return f"“{cond.column}” {comparison_text(cond)}"


_MEASURED = {"sum": "合计", "mean": "平均", "lowest": "最小值", "highest": "最大值"}


def gate_text(cond: GateCondition) -> str:
    """A gate's condition in words: 对象数 ≥ 5, 满足（…）的对象数 ≥ 5, “有效票”合计 ≥ 300."""
    return fold_condition(
        cond, (), _gate_leaf_text,
        lambda parts: "且".join(f"（{part}）" for part in parts),
        lambda parts: "或".join(f"（{part}）" for part in parts),
        lambda part: f"非（{part}）",
    )


def _gate_leaf_text(cond: GateCondition, _path: object) -> str:
    key, of = cond.measure()
    if key == "count_subjects":
        counted = "对象数" if of == "all" else f"满足（{condition_text(of)}）的对象数"
        return f"{counted} {comparison_text(cond)}"
    return f"“{of}”{_MEASURED[key]} {comparison_text(cond)}"


def comparison_text(cond: Comparison) -> str:
    """A condition's comparison in symbols: ≥ 70 且 < 90, 在 [60, 70] 内, = 是, 属于 甲、乙."""
    if cond.between is not None:
        return f"在 [{plain(cond.between[0])}, {plain(cond.between[1])}] 内"
    if cond.equals is not None:
        return f"= {_literal(cond.equals)}"
    if cond.in_ is not None:
        return "属于 " + "、".join(_literal(v) for v in cond.in_)
    parts = [f"{_COMPARED[k]} {_bound(getattr(cond, k))}" for k in _COMPARED if getattr(cond, k) is not None]
    return " 且 ".join(parts)


def _bound(bound: Decimal | GroupShare) -> str:
    """A number, or a group condition's share of the group's size: 20%×对象数（向上取整，至少 1）."""
    if not isinstance(bound, GroupShare):
        return plain(bound)
    rounding = {"up": "向上取整", "down": "向下取整", "half_up": "四舍五入"}[bound.round]
    return f"{plain(bound.share * 100)}%×对象数（{rounding}{f'，至少 {bound.min}' if bound.min else ''}）"


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return plain(value) if isinstance(value, Decimal) else str(value)


def names_read(cond: Condition, ctx: CompileContext) -> list[str]:
    """The names a condition reads (`of`, `blank`, an `expr`'s names), for the trace's inputs."""
    found: list[str] = []
    known = set(ctx.fields) | set(ctx.order)

    def leaf(c: Condition, _path: PathKey) -> None:
        names = [c.of, c.blank]
        if c.expr is not None:  # compiled already where the condition is compiled: here only its names are read
            names.extend(compile_expression(c.expr, known, [], result=YESNO).names)
        for name in names:
            if name is not None and name not in found:
                found.append(name)

    fold_condition(cond, (), leaf, lambda _parts: None, lambda _parts: None, lambda _part: None)
    return found
