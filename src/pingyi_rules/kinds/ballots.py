"""The `ballots` kind: quota ballots (每票 优秀 2 个、良好 1 个、一般 1 个), void ones left out.

For example (a 县供销社 联评 scheme): a voter grades every 科室 with exactly the quota of each
grade; a ballot off quota (不按要求勾选的为无效票) is void.

Sugar (see kinds.sugar): the node is an `aggregate` mean of its voter types' grade values, scaled to
the points, and its table gains the rules that void a ballot off quota and stop the run at a row no
ballot may hold (compile.ballots writes both; compile.voids adds the rules to the table once every
component is compiled). The kind's own load-time checks (the scale's top value, the quotas, the
voter types, one node per voter type) are made here, at its keys; the phrase words the aggregate's
trace as the mean of the valid votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, Literal

from pydantic import Field

from ..compile.ballots import expand_ballots, grade_rule, void_rules, voter_rules
from ..compile.context import ADDED_RULES, CompileContext, TallyScale
from ..compile.rating import rating_scale
from ..core.errors import close_matches
from ..core.messages import say
from ..core.numbers import plain
from ..model.base import FactKeyed, FactTexts, Identifier, Slug
from ..model.components import ComponentBase
from ..model.inputs import Positive
from ..results.runtime import Outcome, Slot
from ..source.strict_yaml import PathKey
from .protocol import Expansion, SugarSpec, table_of
from .sugar import nameable


class BallotsComponent(ComponentBase):
    """限额投票：每张票须按名额评定等次并评遍全部对象，否则作废；得分为有效票分值的平均。"""

    kind: Literal["ballots"] = Field(title="类型")
    points: Positive = Field(title="分值", description="此项满分（大于 0：得分按分值折算）")
    table: Slug = Field(title="表", description="选票表：layout: cases 表，每行一张票对一个对象的等次；对象编码列即被评对象")
    ballot: str = Field(title="票号列", description="同一票号的各行为同一张选票")
    voter: str = Field(title="投票人列", description="投票人类型（如 主要领导、科室互评）")
    voters: FactTexts = Field(min_length=1, title="计入的投票人", description="此项只计这些投票人类型的选票")
    column: str = Field(title="列")
    scale: Identifier = Field(title="分值表", description="scales 中的分值表名：等次 → 每票分值（优秀 10 / 良好 8 / 一般 6）")
    quotas: FactKeyed[Annotated[int, Field(ge=0)]] = Field(
        min_length=1, title="名额", description="等次 → 每张票恰好应投的个数（优秀 2 / 良好 1 / 一般 1）"
    )
    complete: bool = Field(True, title="须评遍", description="为 true 时每张票须评遍全部评议对象，且每个对象只评一次")


@dataclass(frozen=True)
class _Node:
    """One ballots node of a table, as its table's rules are written from it."""

    model: BallotsComponent
    path: PathKey
    scale: str
    grades: tuple[str, ...]
    text_grades: bool  # the grade column is free text or may be blank: a grade off the scale (a blank) is refused by a rule
    voter_values: tuple[str, ...] | None  # the voter column's choices (an enum), None for free text or a column that may be blank


@dataclass
class _Table:
    """The ballots nodes of one table, in the order compiled, and who counts each voter type."""

    nodes: list[_Node]
    claimed: dict[str, str]  # voter type → the id of the node that counts it


# table id → its ballots nodes (the rules of the table are written from all of them)
_TABLES: Slot[dict[str, _Table]] = Slot("ballots: the nodes of each ballot table")


@dataclass(frozen=True)
class BallotsWording:
    """What the trace is worded with: the scale's grade values, its top value, the points."""

    grades: dict[str, Decimal]
    top: Decimal
    points: Decimal


def expand_ballots_node(model: BallotsComponent, path: PathKey, ctx: CompileContext) -> Expansion:
    """The node written as an aggregate, after the kind's own load-time checks (at its keys); its
    table's rules are registered to be added once every node of the table is known."""
    table = ctx.table(model.table, path + ("table",), "cases")
    ctx.table_column(table, model.ballot, path + ("ballot",))
    voter_spec = ctx.table_column(table, model.voter, path + ("voter",), ("enum", "text", "id"))
    grade_spec = ctx.table_column(table, model.column, path + ("column",), ("enum", "text"))
    nameable("ballots", model.column, path + ("column",), ctx)  # the grade column is named in an expression
    scale, top = rating_scale(model.scale, path + ("scale",), ctx)
    _check_quotas(model, scale, grade_spec.values, path, ctx)
    _check_voters(model, voter_spec.values, path, ctx)
    held = ctx.state(_TABLES, dict).setdefault(table.id, _Table([], {}))
    for index, voter in enumerate(model.voters):  # every voter type is counted by one node: every row traced once
        if voter in held.claimed:
            raise ctx.error(say("RS038.voter_type_already", voter=voter, claimed=held.claimed[voter]), path + ("voters", index))
        held.claimed[voter] = model.id
    # a column that may be blank is held to its rules like free text: a blank voter type or grade is an error at its cell
    held.nodes.append(_Node(
        model, path, scale.id, tuple(scale.grades), grade_spec.values is None or not grade_spec.required,
        voter_spec.values if voter_spec.required else None,
    ))
    ctx.state(ADDED_RULES, dict).setdefault(table.id, {})["ballots"] = partial(_table_rules, held)
    written_at: dict[PathKey, PathKey] = {
        ("table",): ("table",), ("where",): ("voters",), ("per_row",): ("column",), ("detail",): ("ballot",),
        ("void_detail",): ("ballot",),
    }
    wording = BallotsWording(dict(scale.grades), top, model.points)
    return Expansion(expand_ballots(model, scale.grades, top), written_at, wording)


def _table_rules(held: _Table, ctx: CompileContext) -> tuple[str, PathKey, list[dict[str, Any]]]:
    """What the ballots nodes of a table add to it: its form (the ballot column), where that is
    written, and its rules: the voter column's error rules, each node's off-scale grade rule (a text
    grade column), each node's quota rules."""
    first = held.nodes[0]
    for node in held.nodes[1:]:
        for key in ("ballot", "voter"):
            if getattr(node.model, key) != getattr(first.model, key):
                raise ctx.error(
                    say("RS110", key=key, table=node.model.table, first=getattr(first.model, key), id=first.model.id),
                    node.path + (key,),
                )
    rules = voter_rules(first.model.voter, list(held.claimed), first.voter_values)
    rules += [grade_rule(node.model, node.scale, node.grades) for node in held.nodes if node.text_grades]
    for node in held.nodes:
        rules += void_rules(node.model, node.grades)
    return first.model.ballot, first.path + ("ballot",), rules


def _check_quotas(
    model: BallotsComponent, scale: TallyScale, grade_values: tuple[str, ...] | None, path: PathKey, ctx: CompileContext
) -> None:
    """The quotas name grades of the scale and are not all 0; the grade column holds only grades of the scale."""
    grades = scale.grades
    if not any(model.quotas.values()):
        raise ctx.error(say("RS038.quotas_all_valid"), path + ("quotas",))
    for grade in model.quotas:
        if grade not in grades:
            raise ctx.error(
                say("RS038.quota_which_grade", grade=grade, id=scale.id, join=' / '.join(grades)),
                path + ("quotas", grade),
                close_matches(grade, grades),
            )
    if grade_values is not None:
        unknown = [g for g in grade_values if g not in grades]
        if unknown:
            raise ctx.error(
                say("RS038.grades_column_scale", unknown=list(unknown), grade=model.column, id=scale.id), path + ("column",)
            )


def _check_voters(model: BallotsComponent, voter_values: tuple[str, ...] | None, path: PathKey, ctx: CompileContext) -> None:
    """Each voter type counted is a value of the voter column."""
    for index, voter in enumerate(model.voters):
        if voter_values is not None and voter not in voter_values:
            raise ctx.error(
                say("RS034.value_column", voter=voter, voter2=model.voter, join=' / '.join(voter_values)),
                path + ("voters", index),
                close_matches(voter, voter_values),
            )


def phrase_ballots(wording: BallotsWording, outcome: Outcome, subject: Any = None) -> Outcome:
    """The mean of the valid votes: each valid vote's grade and value in file order, their number, the
    result (over the top value, times the points, when they differ); the inputs 有效票 and 作废票 (the
    aggregate's counted rows and the void rows it lists); a note when votes were void. The subject is
    not read."""
    rows = outcome.rows() if callable(outcome.rows) else outcome.rows
    inputs = outcome.inputs if isinstance(outcome.inputs, tuple) else outcome.inputs()
    valid = dict(inputs)["计入"]
    void = [row for row in rows if row.status == "void"]
    counted = [row.reason for row in rows if row.status == "counted"]
    notes = (f"作废票 {len(void)} 张不计",) if void else ()
    listed = (("有效票", valid), ("作废票", str(len(void))))
    return Outcome(outcome.points, partial(_formula, wording, tuple(counted), valid, outcome.points), listed, notes)


def _formula(wording: BallotsWording, counted: tuple[str, ...], valid: str, value: Any) -> str:
    grades = wording.grades
    terms = " + ".join(f"{grade} {plain(grades[grade])}" for grade in map(partial(_grade_of, grades), counted))
    if wording.points == wording.top:
        return f"({terms}) / {valid} 张有效票 = {plain(value)}"
    return f"({terms}) / {valid} 张有效票 / {plain(wording.top)} × {plain(wording.points)} = {plain(value)}"


def _grade_of(grades: dict[str, Decimal], detail: str) -> str:
    """The grade a counted row's detail (票号 投票人 等次) ends with: the longest grade of the scale that ends it."""
    return next(grade for grade in sorted(grades, key=len, reverse=True) if detail.endswith(f" {grade}"))


KIND = SugarSpec(
    name="ballots", label="限额投票", model=BallotsComponent, expand=expand_ballots_node, phrase=phrase_ballots,
    role="score", labelled_in_reports=False, reads=table_of,
)
