"""`input`: a score read from a column as it is, checked to lie within `min`–`max`."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from ..compile.context import (
    CompileContext,
)
from ..core.messages import Message, say
from ..core.numbers import ZERO, plain
from ..model.base import Num
from ..model.components import ScoreRange
from ..results.runtime import Evaluate, Outcome, Scope, SubjectFacts, evaluation_error
from ..source.strict_yaml import PathKey
from .protocol import KindSpec


class InputComponent(ScoreRange):
    """直接取自表格的得分（如 领导小组评议得分），检查范围。"""

    kind: Literal["input"] = Field(title="类型")
    column: str = Field(title="列")
    min: Num | None = Field(None, title="最小值", description="省略时为 0；不高于分值")
    max: Num | None = Field(None, title="最大值", description="省略时为分值（无分值则不设上限）；不高于分值（列值即得分）")


def compile_input(model: InputComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    spec = ctx.field(model.column, path + ("column",), ("count", "decimal"))
    low = ZERO if model.min is None else model.min
    high = model.points if model.max is None else model.max
    name = spec.name

    def evaluate(subject: SubjectFacts, scope: Scope) -> Outcome:
        value = subject.fields[name]
        if value is None:
            return Outcome(None, f"{name}: 无数据", ((name, None),), ("无数据",))
        if value < low or (high is not None and value > high):
            raise evaluation_error(subject, trace_path, _outside(name, value, low, high), subject.cell(name), code="EV003")
        return Outcome(value, lambda: f"{name} = {plain(value)}", ((name, value),))

    return evaluate


def _outside(name: str, value: Decimal, low: Decimal, high: Decimal | None) -> Message:
    """How a value misses its range, as messages say it (no upper end without points or max)."""
    if high is not None:
        return say("EV003.outside", name=name, value=plain(value), low=plain(low), high=plain(high))
    return say("EV003.below", name=name, value=plain(value), low=plain(low))


KIND = KindSpec(
    name="input", label="直接取数", model=InputComponent, compile=compile_input, role="score",
)
