"""`aggregate`: one value per subject computed over rows — the subject's rows of a cases table (one
row per ballot, answer, month, case), or every subject (`table: subjects`, the population form).

Over a cases table: the rows meeting `where` count; `per_row` gives each counted row's value (a row
whose `per_row` is blank is an error, or left out with `on_blank: skip`); `function` reduces the values
(count, sum, mean, min, max, share of rows `meeting` a condition, mean without the `trim.drop`
highest and lowest when more than `trim.more_than` rows count, ratio: Σ `per_row` / Σ `over`); `groups` splits the counted rows by
a column, reduces each group (capped at `cap`) and combines the group results (sum, mean, or
`weighted`, with the weights of absent groups rescaled under `missing: renormalise`); no counted
row gives `empty`. Every row of the subject ends in exactly one RowTrace; with `void_detail`, the
subject's rows the table's rules voided are listed too, as void, with their reason. The evaluation is in
`aggregate_rows`, the population form in `aggregate_population`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from ..compile.context import VOID_DETAIL_UNSURE, CompileContext, adds_rules
from ..compile.row_expr import compile_row_expression
from ..core.errors import close_matches
from ..core.messages import Message, say
from ..model.base import FactKeyed, Model, Num, Slug
from ..model.components import ComponentBase, RowCondition
from ..model.inputs import NonNegative, Positive
from ..model.lookup_rows import EmptyValue
from ..results.runtime import Evaluate, Slot
from ..source.strict_yaml import PathKey
from .aggregate_population import compile_population
from .aggregate_rows import Combine, Detail, RowsAggregate, Voided, voided_rows
from .aggregate_step_keys import (
    Exempt,
    Highest,
    Multiply,
    PerRow,
    RowCheck,
    RowTable,
    compile_steps,
    declares_steps,
)
from .protocol import KindSpec
from .rows import optional_row_condition

Function = Literal["count", "sum", "mean", "min", "max", "share", "trimmed_mean", "ratio"]
POPULATION = "subjects"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `table: subjects`: the population form


class Trim(Model):
    """去高去低：计入行数多于 more_than 时，去掉 drop 个最高和 drop 个最低再平均；否则直接平均。"""

    drop: int = Field(ge=1, le=100, title="去掉个数", description="最高、最低各去掉几个")
    more_than: int = Field(ge=0, le=100000, title="多于", description="计入行数多于此数时才去高去低")


class Groups(Model):
    """分组：计入的行按一列分组，每组按 function 计算，再合并各组结果。"""

    column: str = Field(title="列", description="分组所在的列")
    combine: Literal["sum", "mean", "weighted"] = Field(
        title="合并", description="sum：各组相加；mean：各组平均；weighted：按 weights 加权"
    )
    weights: FactKeyed[Num] | None = Field(
        None, title="权重", description="weighted：分组列取值 → 权重（大于 0，合计为 1），每个取值都须列出"
    )
    cap: Positive | None = Field(None, title="每组上限", description="每组结果至多此数")
    missing: Literal["error", "renormalise"] = Field(
        "error", title="缺项", description="缺组：weighted：列出的组无计入行时 error（默认）或 renormalise（其余权重按比例还原为 1）"
    )


class AggregateComponent(ComponentBase):
    """汇总：按对象汇总案例表的行（计数、合计、平均、最低、最高、占比、去高去低平均），或汇总全体对象。"""

    kind: Literal["aggregate"] = Field(title="类型")
    table: Slug = Field(title="表", description="layout: cases 的表；subjects 为全体对象")
    function: Function = Field(title="函数")
    per_row: PerRow | None = Field(
        None, title="每行取值",
        description="每行的取值：表达式（行的列与对象的字段），或行表 {hit, rows, empty}（各行 when 为行条件，给出取值、名称、限额分组）；count、share 不用",
    )
    over: str | None = Field(
        None, title="除以", max_length=2000,
        description="ratio：每行的分母表达式；结果为 Σ of / Σ over（如 满意率 = Σ 满意 / Σ 总票数）",
    )
    where: RowCondition | None = Field(None, title="行条件", description="符合条件的行才计入")
    meeting: RowCondition | None = Field(None, title="占比条件", description="share：计入行中符合此条件的占比")
    on_blank: Literal["error", "skip"] = Field(
        "error", title="空值时", description="per_row 的值为空：error（默认）报错；skip 不计入（计算过程中注明）"
    )
    empty: EmptyValue = Field(
        "error", title="无行时", description="无计入行时：error（默认）报错；blank 无数据；或一个数"
    )
    trim: Trim | None = Field(None, title="去高去低", description="trimmed_mean 用")
    groups: Groups | None = Field(None, title="分组")
    traced: Literal["all", "selected"] = Field(
        "all", title="列出的行",
        description="计算过程列出对象的哪些行：all（默认）全部行；selected 只列符合 where 的行（其余行属于别的评分项）",
    )
    totals: dict[str, Annotated[str, Field(max_length=2000)]] | None = Field(
        None, min_length=1, title="合计",
        description="名称 → 每行的取值表达式：其在计入行上的合计列入计算过程的输入（如 各等次票数、总票数）",
    )
    detail: str | None = Field(
        None, title="行说明", max_length=500,
        description="计入行在计算过程中的说明，{列名} 处写该行此列的值（如 满意 {满意}，不满意 {不满意}）",
    )
    within: str | None = Field(None, title="分组", description="table: subjects：按此字段分组，各对象取本组的值")
    in_period: str | None = Field(None, title="统计期内", description="日期列：日期在规则集 period 之外（或未填）的行不计（记为统计期外）")
    exempt: list[Exempt] | None = Field(None, min_length=1, title="免计", description="条件成立的行不计（记为免计），unless 成立时不予免计")
    multipliers: list[Multiply] | None = Field(
        None, min_length=1, title="倍数", description="条件成立的行，取值乘以 multiply（一个数，写明事由；或一列，如 人次）",
    )
    keep_highest: Highest | None = Field(None, title="就高", description="matter 各列相同的行只计取值最高的一行")
    caps: dict[str, Positive] = Field(
        default_factory=dict, title="分组上限", description="per_row 行表的 group → 该组按行序合计至多此数（越过上限的行少计）",
    )
    above_points: Literal["error", "cap", "keep"] = Field(
        "error", title="超出分值时",
        description="结果超出 0–分值：error（默认）报错；cap 合计按行序至多为分值（越过的行少计，function: sum）；keep 照计（分值只作展示）",
    )
    base: NonNegative | None = Field(None, title="基准分", description="取值为 基准分 − 结果（倒扣）")
    checks: list[RowCheck] | None = Field(
        None, min_length=1, max_length=200, title="核对",
        description="取得取值的每一行都须满足的条件（如 视情扣分在 3–5 内）；不满足是错误，在所涉的列的单元格指明（EV027）",
    )
    floor: Num | None = Field(Decimal(0), title="保底", description="有 base 时：最低得分（扣完为止），null 不设下限")
    void_detail: str | None = Field(
        None, title="作废行说明", max_length=500,
        description="列出作废行：对象在此表中被表规则作废的行（traced: selected 时只列符合 where 的行）在计算过程中记为作废，"
                    "说明按此文字：{列名} 为该行此列的值，{reason} 为作废原因（如 {票号} {等次}：作废票（{reason}））",
    )

    def walks_rows(self) -> bool:
        """Its row steps walk each subject's rows in order, one by one (a folded table would be read again)."""
        return declares_steps(self)


_NEEDS_OF = ("sum", "mean", "min", "max", "trimmed_mean", "ratio")
_POPULATION_FUNCTIONS = ("count", "sum", "mean", "min", "max")


def _check_keys(model: AggregateComponent, path: PathKey, ctx: CompileContext) -> None:
    """The keys the function needs are given, and no key is given where it has no effect."""
    function, given = model.function, model.model_fields_set
    if function in _NEEDS_OF and model.per_row is None:
        raise ctx.error(say("RS060.function_needs_value", function=function), path)
    if function not in _NEEDS_OF and model.per_row is not None:
        ctx.errors.append(ctx.no_effect(say("RS053.function_counts_rows", function=function), path + ("per_row",)))
    if function == "ratio" and model.over is None:
        raise ctx.error(say("RS060.function_ratio_over"), path)
    if function != "ratio" and model.over is not None:
        ctx.errors.append(ctx.no_effect(say("RS053.over_function_ratio"), path + ("over",)))
    if function == "share" and model.meeting is None:
        raise ctx.error(say("RS060.function_share_needs"), path)
    if function != "share" and model.meeting is not None:
        ctx.errors.append(ctx.no_effect(say("RS053.meeting_function_share"), path + ("meeting",)))
    if function == "trimmed_mean" and model.trim is None:
        raise ctx.error(say("RS060.function_trimmed_mean"), path)
    if function != "trimmed_mean" and model.trim is not None:
        ctx.errors.append(ctx.no_effect(say("RS053.trim_function_trimmed"), path + ("trim",)))
    if model.per_row is None and "on_blank" in given:
        ctx.errors.append(ctx.no_effect(say("RS053.blank_says_what"), path + ("on_blank",)))
    if model.trim is not None and model.trim.more_than < 2 * model.trim.drop:
        raise ctx.error(
            say("RS064", drop=model.trim.drop, value=model.trim.more_than + 1, max=max(model.trim.more_than + 1 - 2 * model.trim.drop, 0), value2=2 * model.trim.drop),
            path + ("trim", "more_than"),
        )
    groups = model.groups
    if groups is None:
        return
    gpath = path + ("groups",)
    gset = groups.model_fields_set
    if groups.combine == "weighted" and groups.weights is None:
        raise ctx.error(say("RS061.combine_weighted_needs"), gpath)
    if groups.combine != "weighted":
        for key in ("weights", "missing"):
            if key in gset:
                ctx.errors.append(ctx.no_effect(say("RS053.combine_weighted", key=key), gpath + (key,)))


def _check_population_keys(model: AggregateComponent, path: PathKey, ctx: CompileContext) -> None:
    """The population form takes `per_row`, `within`, `on_blank`, `empty` and one of its functions."""
    if model.function not in _POPULATION_FUNCTIONS:
        raise ctx.error(
            say("RS062.table_subjects_function", functions=list(_POPULATION_FUNCTIONS), function=model.function),
            path + ("function",),
        )
    for key in ("where", "meeting", "trim", "groups", "over", "detail", "totals", "void_detail", "in_period", "exempt", "multipliers",
                "keep_highest", "base", "checks"):
        if getattr(model, key) is not None:
            raise ctx.error(say("RS062.groups_on_subjects" if key == "groups" else "RS062.rows_cases_table", key=key), path + (key,),
                            code="RS062")
    for key in ("traced", "caps", "above_points", "floor"):
        if key in model.model_fields_set:
            raise ctx.error(say("RS062.rows_cases_table", key=key), path + (key,))
    if isinstance(model.per_row, RowTable):
        raise ctx.error(say("RS062.rows_cases_table", key="per_row"), path + ("per_row",))


def _compile_combine(model: AggregateComponent, path: PathKey, ctx: CompileContext, table: Any) -> Combine | None:
    groups = model.groups
    if groups is None:
        return None
    gpath = path + ("groups",)
    spec = ctx.table_column(table, groups.column, gpath + ("column",))
    weights: dict[str, Decimal] | None = None
    if groups.weights is not None:
        if spec.type not in ("id", "text", "enum"):
            raise ctx.error(
                say("RS061.column_weights_name", column=groups.column, type=spec.type),
                gpath + ("column",),
            )
        weights = dict(groups.weights)
        for value, weight in weights.items():
            if weight <= 0 or weight > 1:
                raise ctx.error(say("RS061.weight_must_above", weight=weight, value=value), gpath + ("weights", value))
            if spec.values is not None and value not in spec.values:
                raise ctx.error(
                    say("RS061.value_column", value=value, column=groups.column, join=' / '.join(spec.values)),
                    gpath + ("weights", value), close_matches(value, spec.values),
                )
        total = sum(weights.values(), Decimal(0))
        if total != 1:
            listing = " + ".join(str(w) for w in weights.values())
            raise ctx.error(say("RS061.weights_add_up", total=total, listing=listing), gpath + ("weights",))
        unlisted = [v for v in spec.values or () if v not in weights]
        if unlisted:
            raise ctx.error(
                say("RS061.values_column_have", unlisted=list(unlisted), column=groups.column),
                gpath + ("weights",),
            )
    return Combine(spec.name, groups.combine, weights, groups.cap, groups.missing == "renormalise")


def compile_aggregate(model: AggregateComponent, path: PathKey, trace_path: str, ctx: CompileContext) -> Evaluate:
    if model.table == POPULATION:
        _check_population_keys(model, path, ctx)
        if POPULATION in ctx.tables:
            raise ctx.error(
                say("RS062.table_means_every", POPULATION=POPULATION),
                path + ("table",),
            )
        of = compile_row_expression(model.per_row, None, path + ("per_row",), ctx) if isinstance(model.per_row, str) else None
        if model.per_row is None and "on_blank" in model.model_fields_set:
            ctx.errors.append(ctx.no_effect(say("RS053.blank_says_what"), path + ("on_blank",)))
        within = ctx.field(model.within, path + ("within",)).name if model.within is not None else None
        return compile_population(model, of, within, trace_path, ctx)
    if model.within is not None:
        raise ctx.error(
            say("RS062.within_table_subjects"),
            path + ("within",),
        )
    _check_keys(model, path, ctx)
    table = ctx.table(model.table, path + ("table",), "cases")
    of = compile_row_expression(model.per_row, table, path + ("per_row",), ctx) if isinstance(model.per_row, str) else None
    steps = compile_steps(model, table, path, ctx)
    over = compile_row_expression(model.over, table, path + ("over",), ctx) if model.over is not None else None
    where = optional_row_condition(model.where, table, path + ("where",), ctx)
    meeting = optional_row_condition(model.meeting, table, path + ("meeting",), ctx)
    combine = _compile_combine(model, path, ctx, table)
    if model.traced == "selected" and model.where is None:
        ctx.errors.append(ctx.no_effect(say("RS053.traced_selected_where"), path + ("traced",)))
    detail = _compile_detail(model.detail, table, path + ("detail",), ctx) if model.detail is not None else None
    totals = tuple(
        (label, compile_row_expression(text, table, path + ("totals", label), ctx)) for label, text in (model.totals or {}).items()
    )
    trim = None if model.trim is None else (model.trim.drop, model.trim.more_than)
    voided = None
    if model.void_detail is not None:
        voided = _compile_void_detail(model.void_detail, table, path + ("void_detail",), trace_path, ctx)
    return RowsAggregate(
        table.id, model.function, of, where, meeting, model.on_blank == "skip", model.empty, trim, combine,
        model.points, trace_path, over, model.traced == "all", detail, totals, voided, steps, model.above_points == "keep",
        # `empty` is a key of the node as written (not of a sugar node whose expansion this is, when it has none)
        empty_declarable=ctx.written(path + ("empty",)) != ctx.written(path),
    )


def _compile_detail(text: str, table: Any, path: PathKey, ctx: CompileContext) -> Detail:
    """A counted row's detail: the text with each {column} placeholder naming a column of the table."""
    columns = tuple(ctx.table_column(table, name, path).name for name in dict.fromkeys(_PLACEHOLDER.findall(text)))
    return Detail(text, columns)


def _compile_void_detail(text: str, table: Any, path: PathKey, trace_path: str, ctx: CompileContext) -> Voided:
    """`void_detail`: the text ({column} placeholders naming columns of the table, {reason} the void reason),
    and the population pass that hands each subject its void rows; RS053 on a table whose rules void
    nothing (decided once every component is compiled, when a sugar node may have added rules)."""
    declared = next(t for t in ctx.model.inputs.tables if t.id == table.id)
    if not (declared.void or declared.dated_by or any(c.invalid == "void" for c in declared.columns) or adds_rules(ctx, table.id)):
        # a sugar node compiled later may still add rules to the table: compile.voids decides
        unsure = ctx.no_effect(say("RS053.void_detail_nothing_void", table=table.id), path)
        ctx.state(VOID_DETAIL_UNSURE, list).append((table.id, unsure))
    names = [name for name in dict.fromkeys(_PLACEHOLDER.findall(text)) if name not in ("reason", "failed")]
    columns = tuple(ctx.table_column(table, name, path).name for name in names)
    voided = Voided(Detail(text, columns), Slot(f"{trace_path}: void rows"))
    ctx.population.append(partial(voided_rows, table.id, voided.slot))
    return voided


def _tables(model: Any) -> tuple[str, ...]:
    return () if model.table == POPULATION else (model.table,)


def _groups(model: Any) -> tuple[tuple[str, Message], ...]:
    if model.table == POPULATION and model.within is not None:
        return ((model.within, say("phrase.groups_subjects_of", component=model.id)),)
    return ()


KIND = KindSpec(
    name="aggregate", label="汇总", model=AggregateComponent, compile=compile_aggregate, role="score",
    reads=_tables, grouping=_groups,
)
