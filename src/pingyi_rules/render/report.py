"""What a published result shows, independent of the file format: ranking tables, detail rows, 计分说明.

The xlsx and html writers render these; everything is derived from the Result
and the ruleset's declarations. 加分 and 扣分 are what the bonus components add
to the total and what the deductions take from it: each kind's role is declared
by its kind (`kinds.registry.KINDS`), a deduction takes its base minus its points,
and both reach the total times the weights and scales of the components above.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..compile.conditions import condition_text, gate_text, row_condition_text
from ..compile.ruleset import CompiledRuleset
from ..core.numbers import CONTEXT, ZERO, fixed, plain, round_to, unsigned_zero
from ..kinds.registry import KINDS, walk_models
from ..model import components as m
from ..results.result import (
    STATUS_LABELS,
    ComponentResult,
    Result,
    SubjectResult,
    TraceEntry,
    ranked_groups,
)
from .margins import Margin, margins
from .output import gate_lines

# the Chinese label of each kind the xlsx/html '规则' cells name (the others show the kind as written)
KIND_LABELS = {kind.name: kind.label for kind in KINDS.values() if kind.labelled_in_reports}
ROUNDING_LABELS = {"half_up": "四舍五入", "half_even": "四舍六入五成双（GB/T 8170）"}


@dataclass(frozen=True)
class RankingRow:
    subject: SubjectResult
    rank: str  # "3（并列）"
    components: tuple[Decimal | None, ...]
    bonus: Decimal | None
    deducted: Decimal | None
    total: Decimal | None
    tiers: str
    remarks: str
    values: tuple[Decimal | None, ...] = ()  # the named values, published like the components


@dataclass(frozen=True)
class RankingTable:
    group: str | None
    component_titles: tuple[str, ...]
    has_bonus: bool
    has_deduction: bool
    rows: tuple[RankingRow, ...]
    value_titles: tuple[str, ...] = ()  # the named values' columns, after the components'

    @property
    def header(self) -> list[str]:
        return [
            "名次", "编码", "单位", *self.component_titles, *self.value_titles,
            *(["加分"] if self.has_bonus else []), *(["扣分"] if self.has_deduction else []),
            "总分", "等次", "备注",
        ]

    def cells(self, row: RankingRow) -> list[Any]:
        return [
            row.rank, row.subject.id, row.subject.name, *row.components, *row.values,
            *([row.bonus] if self.has_bonus else []), *([row.deducted] if self.has_deduction else []),
            row.total, row.tiers, row.remarks,
        ]


@dataclass(frozen=True)
class DetailRow:
    subject: SubjectResult
    entry: TraceEntry
    depth: int
    max: Decimal | None
    remarks: tuple[str, ...]


@dataclass
class Report:
    """Everything the writers need, computed once."""

    result: Result
    ruleset: CompiledRuleset
    stamp: dt.datetime | None = None
    tables: list[RankingTable] = field(default_factory=list)
    margins: dict[str, Margin] = field(default_factory=dict)  # by unit id (render.margins)

    @property
    def places(self) -> int:
        return self.result.places

    def fixed(self, value: Decimal | None) -> Decimal | None:
        return None if value is None else unsigned_zero(round_to(value, self.places, self.result.rounding))

    def text(self, value: Decimal | None) -> str:
        return "—" if value is None else fixed(value, self.places, self.result.rounding)


def build_report(result: Result, ruleset: CompiledRuleset, stamp: dt.datetime | None = None) -> Report:
    report = Report(result, ruleset, stamp)
    report.tables = _ranking_tables(report)
    report.margins = margins(result, ruleset)
    return report


# --------------------------------------------------------------------------- components


def role_of(model: Any) -> str:
    """score, bonus or deduction, as the component's kind (and `outside` / `effect`) declares."""
    if model.outside:
        return "bonus"
    role = KINDS[model.kind].role
    if role == "effect":
        return "bonus" if model.effect == "add" else "deduction"
    return role


def _deduction_base(model: Any) -> Decimal:
    """What a deduction takes from: its declared base, else its points."""
    base: Decimal | None = getattr(model, "base", None)  # only deduction and cases declare a base
    taken: Decimal = model.points if base is None else base  # one of them, or the ruleset is refused (RS077)
    return taken


def bonus_and_deduction(result: ComponentResult, model: Any, factor: Decimal = Decimal(1)) -> tuple[Decimal, Decimal]:
    """What the bonus components under (and including) this one add to the total and what the
    deductions take from it: their points (a deduction: base − points) times `factor`, the
    product of the weights and scales on the way up to the total."""
    role = role_of(model)
    if role == "bonus":
        return (ZERO if result.points is None else factor * result.points), ZERO
    if role == "deduction":
        return ZERO, (ZERO if result.points is None else factor * (_deduction_base(model) - result.points))
    children = KINDS[model.kind].children
    bonus = deducted = ZERO
    if children == "none":
        return bonus, deducted
    held = Decimal(1)  # the weight the children with points hold: less than 1 when a renormalised parent left some out
    if children == "weighted" and result.points is not None and any(c.points is None for c in result.children):
        held = sum((m.weight for c, m in zip(result.children, model.components, strict=True) if c.points is not None), ZERO)
    for child, child_model in zip(result.children, model.components, strict=True):
        step = factor * child_model.weight / held * model.multiply if children == "weighted" else factor
        b, d = bonus_and_deduction(child, child_model, step)
        bonus, deducted = bonus + b, deducted + d
    return bonus, deducted


def own_notes(ruleset: CompiledRuleset) -> dict[str, str]:
    """component id -> the ruleset's own `note:` (an assumption, not an event of one subject)."""
    model = ruleset.model
    return {c.id: c.note for c in walk_models([*model.values, *model.components]) if getattr(c, "note", None)}


def subject_remarks(subject: SubjectResult, notes: dict[str, str]) -> list[str]:
    """备注: vetoes, caps and floors applied, and why a subject has no total."""
    remarks = list(subject.notes)
    for top in subject.components:
        for node in top.walk():
            for note in node.trace.notes:
                if note != notes.get(node.id):
                    remarks.append(f"{node.name}：{note}")
    if subject.total is None:
        missing = [c.name for c in subject.components if c.points is None]
        remarks.append("无总分" + (f"（{'、'.join(missing)} 无得分）" if missing else ""))
    return remarks


def _ranking_tables(report: Report) -> list[RankingTable]:
    result, ruleset = report.result, report.ruleset
    models = list(walk_models(ruleset.model.components))
    tops = ruleset.model.components
    titles = tuple(f"{c.name}（满分 {full_marks(c.points)}）" for c in tops)
    value_titles = tuple(f"{v.name}（取值）" for v in ruleset.model.values)
    has_bonus = any(role_of(c) == "bonus" for c in models)
    has_deduction = any(role_of(c) == "deduction" for c in models)
    notes = own_notes(ruleset)
    tables = []
    for group, members in ranked_groups(result.subjects).items():  # in the order the facts list them
        rows = []
        for subject, tied in members:
            rank = "—" if subject.rank is None else str(subject.rank)
            if tied:
                rank += "（并列）"
            bonus = deducted = ZERO
            with decimal.localcontext(CONTEXT):
                for top, top_model in zip(subject.components, tops, strict=True):
                    b, d = bonus_and_deduction(top, top_model)
                    bonus, deducted = bonus + b, deducted + d
            rows.append(
                RankingRow(
                    subject=subject,
                    rank=rank,
                    components=tuple(report.fixed(c.points) for c in subject.components),
                    bonus=report.fixed(bonus),
                    deducted=report.fixed(deducted),
                    total=report.fixed(subject.total),
                    tiers="、".join(subject.tiers),
                    remarks="；".join(subject_remarks(subject, notes)),
                    values=tuple(report.fixed(v.points) for v in subject.named),
                )
            )
        tables.append(RankingTable(group, titles, has_bonus, has_deduction, tuple(rows), value_titles))
    return tables


def detail_rows(report: Report) -> Iterator[DetailRow]:
    """One row per trace entry, subjects in ranking order, entries depth first."""
    notes = own_notes(report.ruleset)
    for table in report.tables:
        for row in table.rows:
            for top in (*row.subject.named, *row.subject.components):
                yield from _details(row.subject, top, 0, notes)


def _details(subject: SubjectResult, node: ComponentResult, depth: int, notes: dict[str, str]) -> Iterator[DetailRow]:
    remarks = [n for n in node.trace.notes if n != notes.get(node.id)]
    for trace in node.trace.rows:
        amount = f" {plain(trace.amount)}" if trace.amount is not None else ""
        reason = f"（{trace.reason}）" if trace.reason else ""
        remarks.append(f"{trace.location}：{STATUS_LABELS.get(trace.status, trace.status)}{amount}{reason}")
    yield DetailRow(subject, node.trace, depth, node.max, tuple(remarks))
    for child in node.children:
        yield from _details(subject, child, depth + 1, notes)


def full_marks(points: Decimal | None) -> str:
    """Full marks as the reports show them: — for a component without points."""
    return "—" if points is None else plain(points)


def inputs_text(entry: TraceEntry) -> str:
    return "；".join(f"{name}={value}" for name, value in entry.inputs)


# --------------------------------------------------------------------------- 计分说明


def provenance(report: Report) -> list[tuple[str, str]]:
    result, model = report.result, report.ruleset.model
    items = [
        ("方案", model.name),
        ("来源", model.source.title + "".join(f"（{part}）" for part in (model.source.issued_by, model.source.issued_on) if part)),
        *((("原文", model.source.document),) if model.source.document else ()),
        ("规则集", f"{result.ruleset_id} 版本 {result.ruleset_version}"),
        ("规则集 SHA-256", result.ruleset_sha256),
    ]
    items.extend((f"输入 {name} SHA-256", sha) for name, sha in result.inputs)
    if report.stamp:
        items.append(("生成时间", report.stamp.isoformat(timespec="seconds") + " UTC"))
    return items


def period_text(model: m.Ruleset) -> str:
    parts = []
    if model.year is not None:
        parts.append(f"{model.year} 年度")
    if model.period is not None:
        parts.append(f"统计期 {model.period.start.isoformat()} 至 {model.period.end.isoformat()}")
    return "，".join(parts)


def scoring_rules(report: Report) -> list[tuple[str, str]]:
    """(section, text) lines of 计分说明: rounding, ranking and ties, vetoes, tiers, assumptions."""
    model = report.ruleset.model
    numbers = model.numbers
    where = "只对总分舍入，各项保留精确值" if numbers.round_at == "total" else "各项先舍入再相加"
    lines = [("舍入", f"总分保留 {numbers.places} 位小数，{ROUNDING_LABELS[numbers.rounding]}；{where}")]
    if period_text(model):
        lines.append(("统计期", period_text(model)))
    lines.append(("排名", _ranking_text(model)))
    for ranking in model.rankings:
        measure = "总分" if ranking.by is None else f"“{ranking.by}”"
        text = f"{ranking.name}：按{measure}" + ("，低者在前" if ranking.order == "ascending" else "")
        text += f"，按“{ranking.within}”分组" if ranking.within else "，全体统一排名"
        lines.append(("命名排名", text + ("；名次连续" if ranking.ties == "dense" else "")))
    for value in walk_models(model.values):
        lines.append(("取值", f"{value.name}：{KIND_LABELS.get(value.kind, value.kind)}，在指标之前计算，不计入总分"
                      + (f"〔{value.clause}〕" if value.clause else "")))
    for component in walk_models(model.components):
        lines.append(("指标", f"{component.name}：满分 {full_marks(component.points)}，{KIND_LABELS.get(component.kind, component.kind)}"
                      + (f"〔{component.clause}〕" if component.clause else "")))
        for item in getattr(component, "items", None) or []:
            if item.clause:
                lines.append(("事项", f"{component.name}·{item.name}〔{item.clause}〕"))
    lines.extend(_table_rules(model))
    lines.extend(_outcome_rules(model))
    lines.extend(("门槛未达到", line) for line in gate_lines(report.result))
    for component in walk_models([*model.values, *model.components]):
        if getattr(component, "note", None):
            lines.append(("假设与解读", f"{component.name}：{component.note}"))
    for lookup in model.lookups:
        if lookup.note:
            lines.append(("假设与解读", f"{lookup.name or lookup.id}：{lookup.note}"))
    return lines


def _ranking_text(model: m.Ruleset) -> str:
    """The 排名 line of 计分说明."""
    ranking = model.ranking_rules
    if ranking is None:
        return "不排名（名次为空）"
    within = ranking.within
    ties = "并列者同名次，其后名次顺延（1, 2, 2, 4）" if ranking.ties == "competition" else "并列者同名次，其后名次连续（1, 2, 2, 3）"
    measure = "总分" if ranking.by is None else f"“{ranking.by}”"
    on = f"以公布的（舍入后的）{measure}排名" if model.numbers.decide == "published" else f"以精确{measure}（不舍入）排名"
    if ranking.order == "ascending":
        on += "，低者在前"
    text = (f"按“{within}”分组排名" if within else "全体统一排名") + f"，{on}；" + ties
    if ranking.last is not None:
        text += f"；{condition_text(ranking.last)}者排在其他对象之后"
    return text


def _outcome_rules(model: m.Ruleset) -> list[tuple[str, str]]:
    """The 否决 and 等次 lines of 计分说明."""
    lines: list[tuple[str, str]] = []
    for check in model.checks:
        if isinstance(check, m.GroupCheck):
            among = "" if check.among is None else f"（计入{condition_text(check.among)}的对象）"
            text = f"{check.name}：按“{check.within}”分组，每组{among}须 {gate_text(check.when)}"
        else:
            text = f"{check.name}：{condition_text(check.when)}"
        lines.append(("核对", text + (f"〔{check.clause}〕" if check.clause else "")))
    for gate in model.gates:
        where = "全体对象" if gate.within is None else f"按“{gate.within}”分组，每组"
        lines.append(("门槛", f"{gate.name}：{where}须 {gate_text(gate.when)}，否则该组不排名、不评等次 → {gate.outcome}"
                      + (f"〔{gate.clause}〕" if gate.clause else "")))
    for exclusion in model.exclude:
        lines.append(("不参与排名", f"{condition_text(exclusion.when)} → {exclusion.reason}" + (f"〔{exclusion.clause}〕" if exclusion.clause else "")))
    for named in model.conditions:
        lines.append(("条件", f"{named.name}：{condition_text(named.when)}" + (f"〔{named.clause}〕" if named.clause else "")))
    for named_row in model.row_conditions:
        lines.append(("行条件", f"{named_row.name}：{row_condition_text(named_row.when)}" + (f"〔{named_row.clause}〕" if named_row.clause else "")))
    for veto in model.vetoes:
        text = f"{veto.name}：{condition_text(veto.when)}"
        if veto.forces is not None:
            text += f" → 列入{veto.forces}"
        if veto.bars:
            text += ("，" if veto.forces is not None else " → ") + f"不得列入{'、'.join(veto.bars)}"
        lines.append(("否决", text + (f"〔{veto.clause}〕" if veto.clause else "")))
    for tier in model.tiers:
        if tier.when is not None:
            text = f"{tier.name}：{condition_text(tier.when)}"
        else:
            assert tier.quota is not None
            end = quota_text(tier.quota)
            text = f"{tier.name}：名额，按名次取{end}（否决强制列入者先占名额；临界并列全部列入）"
        lines.append(("等次", text + (f"〔{tier.clause}〕" if tier.clause else "")))
    return lines


_SHARE_ROUNDING = {"up": "向上取整", "down": "向下取整", "half_up": "四舍五入"}


def quota_text(quota: m.Quota) -> str:
    """最好的 3 个; 最差的 5%（向上取整，至少 1 个）; with `within`, 在“类别”各组内."""
    count = quota.best if quota.best is not None else quota.worst
    end = "最好的" if quota.best is not None else "最差的"
    if isinstance(count, m.QuotaShare):
        least = f"，至少 {count.min} 个" if count.min else ""
        base = "，按候选对象数计" if count.share_of == "pool" else ""
        text = f"{end} {plain(count.share * 100)}%（{_SHARE_ROUNDING[count.round]}{least}{base}）"
    else:
        text = f"{end} {count} 个"
    if quota.among is not None:
        text = f"在满足（{condition_text(quota.among)}）的对象中取{text}"
    if quota.short != "fill":
        text += "；候选对象不足名额时" + ("本组不按名额列入" if quota.short == "none" else "报错")
    return text if quota.within is None else f"在“{quota.within}”各组内{text}"


def _clause(clause: str | None) -> str:
    return f"〔{clause}〕" if clause else ""


def _table_rules(model: m.Ruleset) -> list[tuple[str, str]]:
    """计分说明 lines of lookups, forced distributions, stages and consequences, each with its clause."""
    lines = []
    for lookup in model.lookups:
        label = f"{lookup.name}（{lookup.id}）" if lookup.name else lookup.id
        lines.append(("分档查表", f"{label}：按“{lookup.column()}”分 {len(lookup.rows)} 档取值{_clause(lookup.clause)}"))
    for dist in model.distributions:
        lines.append(("强制分布", f"{dist.name}：“{dist.column}”在“{dist.within}”各组内守比例{_clause(dist.clause)}"))
    for stage in model.stages:
        lines.append(("阶段", f"{stage.name}：{'、'.join(stage.adds)}{_clause(stage.clause)}"))
    if model.consequences is not None:
        lines.append(("结果运用", f"按名次段取 {'、'.join(model.consequences.otherwise)}{_clause(model.consequences.clause)}"))
    return lines
