"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network), printable on A4 landscape.

Offices are often offline and publish on paper: nothing is fetched, the SVG
text uses the reader's own CJK fonts, and the print CSS repeats table headers
on every page. Chart coordinates are computed in Decimal and written with one
decimal, so the same result always gives the same bytes.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from html import escape as _html_escape
from typing import Any

from ..core.numbers import ZERO, plain
from ..core.safe_text import visible
from ..results.result import STATUS_LABELS, ComponentResult, SubjectResult
from .margins import MARGIN_HEADER, margin_detail
from .report import (
    KIND_LABELS,
    RankingTable,
    Report,
    full_marks,
    inputs_text,
    own_notes,
    period_text,
    provenance,
    scoring_rules,
)


def escape(text: str) -> str:
    """Text for an element or a quoted attribute: hidden characters shown escaped (`visible`), then &<>"' escaped."""
    return _html_escape(visible(text), quote=True)

# Tier colours, light enough for black text and for printing: green/blue for the tiers declared
# good (earned by ranking well), red/amber for those declared bad (consequences); see Tier.severity_in.
GOOD_COLOURS = ("#c6efce", "#bdd7ee", "#e4dfec", "#d9d9d9")
BAD_COLOURS = ("#ffc7ce", "#ffeb9c", "#fce4d6", "#f8cbad")
TIER_COLOURS = GOOD_COLOURS + BAD_COLOURS
SERIES_COLOURS = ("#4472c4", "#ed7d31", "#70ad47", "#ffc000", "#5b9bd5", "#a5a5a5", "#9e480e", "#264478")
STEPS = tuple(Decimal(s) for s in ("0.01", "0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10", "20", "50", "100"))

CSS = """
:root { --ink: #1f2328; --line: #c9ced6; --head: #ddebf7; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: var(--ink); margin: 24px; font-size: 14px; line-height: 1.5; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: #555; margin: 0 0 8px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; font-size: 12px; margin: 8px 0; }
dl.provenance dt { color: #555; } dl.provenance dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 6px; vertical-align: top; }
th { background: var(--head); font-weight: bold; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.kind { white-space: nowrap; }
td.formula { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 8px; border: 1px solid var(--line); }
.small { font-size: 12px; color: #555; }
svg { display: block; margin: 6px 0 14px; max-width: 100%; height: auto; }
svg text { font-size: 11px; fill: var(--ink); }
article.subject { margin-bottom: 12px; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  body { margin: 0; font-size: 11px; }
  thead { display: table-header-group; }
  tr, svg { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  section.breakdown { break-before: page; }
}
"""


def _num(value: Decimal) -> str:
    """An SVG coordinate: one decimal, no exponent."""
    return format(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f")


def _tier_classes(report: Report) -> dict[str, int | None]:
    """Tier name -> index into TIER_COLOURS by its severity (None: neutral, not coloured); the last
    declared bad tier gets red. A tier only a veto names is bad."""
    model = report.ruleset.model
    vetoed = {v.forces for v in model.vetoes if v.forces is not None}
    good: list[str] = []
    bad: list[str] = []
    neutral: list[str] = []
    for tier in model.tiers:
        {"good": good, "bad": bad, "neutral": neutral}[tier.severity_in(vetoed)].append(tier.name)
    declared = {tier.name for tier in model.tiers}
    bad += [name for name in sorted(vetoed) if name not in declared]
    order: dict[str, int | None] = {name: index % len(GOOD_COLOURS) for index, name in enumerate(good)}
    for index, name in enumerate(reversed(bad)):
        order[name] = len(GOOD_COLOURS) + index % len(BAD_COLOURS)
    order.update(dict.fromkeys(neutral))
    return {name: order[name] for name in [*good, *bad, *neutral]}


def render_html(report: Report) -> str:
    """The whole report as HTML text."""
    model = report.ruleset.model
    tiers = _tier_classes(report)
    css = CSS + "".join(f"tr.t{i} td {{ background: {c}; }} .legend .t{i} {{ background: {c}; }}\n" for i, c in enumerate(TIER_COLOURS))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(model.name)} 评议结果</title>",
        f"<style>{css}</style></head><body>",
        f"<header><h1>{escape(model.name)} 评议结果</h1>",
        f'<p class="meta">{escape(period_text(model) or "")}</p>',
        '<dl class="provenance">',
        *(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in provenance(report)),
        "</dl></header>",
    ]
    if tiers:
        parts.append('<p class="legend">等次：' + "".join(_legend(n, i) for n, i in tiers.items()) + "</p>")
    parts.append('<section class="ranking"><h2>排名</h2>')
    for table in report.tables:
        parts.append(_ranking_table(report, table, tiers))
    parts.append("</section>")
    parts.append(_margins_section(report))
    parts.append('<section class="charts"><h2>图表</h2>')
    for table in report.tables:
        label = f"（{table.group}）" if table.group else ""
        parts.append(f"<h3>得分分布{escape(label)}</h3>")
        parts.append(_histogram(report, table))
        parts.append(f"<h3>各项得分{escape(label)}</h3>")
        parts.append(_stacked_bars(report, table))
    parts.append("</section>")
    parts.append('<section class="breakdown"><h2>逐项计分明细</h2>')
    notes = own_notes(report.ruleset)
    for table in report.tables:
        for row in table.rows:
            parts.append(_breakdown(report, row.subject, row.rank, row.remarks, notes))
    parts.append("</section>")
    parts.append('<section class="rules"><h2>计分说明</h2><table><thead><tr><th>项目</th><th>内容</th></tr></thead><tbody>')
    parts.extend(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in scoring_rules(report))
    parts.append("</tbody></table></section>")
    if report.result.void:
        parts.append('<section class="void"><h2>作废记录</h2><table><thead><tr><th>表</th><th>记录</th><th>原因</th><th>位置</th></tr></thead><tbody>')
        for v in report.result.void:
            parts.append(f"<tr><td>{escape(v.table)}</td><td>{escape(v.key)}</td><td>{escape(v.reason)}</td>"
                         f"<td>{escape(str(v.location) if v.location else '')}</td></tr>")
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _cell(value: Any, report: Report) -> str:
    if isinstance(value, Decimal) or value is None:
        return f'<td class="num">{escape(report.text(value))}</td>'
    return f"<td>{escape(str(value))}</td>"


def _legend(name: str, colour: int | None) -> str:
    return f'<span class="t{colour}">{escape(name)}</span>' if colour is not None else f"<span>{escape(name)}</span>"


def _ranking_table(report: Report, table: RankingTable, tiers: dict[str, int | None]) -> str:
    caption = f"<h3>{escape(table.group)}</h3>" if table.group else ""
    head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
    rows = []
    for row in table.rows:
        first = next((t for t in row.subject.tiers if t in tiers), None)
        colour = None if first is None else tiers[first]
        css = f' class="t{colour}"' if colour is not None else ""
        cells = table.cells(row)
        rendered = [f'<td class="num">{escape(cells[0])}</td>'] + [_cell(v, report) for v in cells[1:]]
        rows.append(f"<tr{css}>{''.join(rendered)}</tr>")
    return f'{caption}<table class="rank"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _margins_section(report: Report) -> str:
    """差距: each unit's distance to the nearest tier boundaries and to its neighbours in the ranking (render.margins)."""
    grouped = any(table.group is not None for table in report.tables)
    header = [*(["组别"] if grouped else []), *MARGIN_HEADER]
    rows = []
    for table in report.tables:
        for row in table.rows:
            texts = [*([table.group or ""] if grouped else []), row.rank, row.subject.id, row.subject.name,
                     report.text(row.total), *margin_detail(report.margins[row.subject.id], report.places)]
            offset = len(texts) - len(MARGIN_HEADER)
            numeric = {offset + i for i in (0, 3, 4, 6, 8, 10)}  # 名次, 总分 and the four distances
            rows.append("<tr>" + "".join(
                f'<td class="num">{escape(t)}</td>' if i in numeric else f"<td>{escape(t)}</td>" for i, t in enumerate(texts)
            ) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    return (f'<section class="margins"><h2>差距</h2><table class="margins"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></section>')


def _histogram(report: Report, table: RankingTable) -> str:
    totals = [row.total for row in table.rows if row.total is not None]
    if not totals:
        return '<p class="small">（无总分）</p>'
    low, high = min(totals), max(totals)
    step = next((s for s in STEPS if (high - low) / s <= 12), STEPS[-1])
    start = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    bins: list[int] = []
    edge = start
    while edge <= high:
        bins.append(sum(1 for t in totals if edge <= t < edge + step))
        edge += step
    width, height, left, bottom, top = Decimal(640), Decimal(220), Decimal(40), Decimal(40), Decimal(16)
    plot_w, plot_h = width - left - 10, height - bottom - top
    bar_w = plot_w / len(bins)
    peak = max(bins)
    out = [(f'<svg class="histogram" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="得分分布">')]
    out.append(f'<line x1="{left}" y1="{_num(top + plot_h)}" x2="{_num(left + plot_w)}" y2="{_num(top + plot_h)}" stroke="#333"/>')
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{_num(top + plot_h)}" stroke="#333"/>')
    out.append(f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak}</text>')
    out.append(f'<text x="{left - 6}" y="{_num(top + plot_h)}" text-anchor="end">0</text>')
    for index, count in enumerate(bins):
        x = left + bar_w * index
        h = plot_h * count / peak
        lower = start + step * index
        label = f"{plain(lower)}–{plain(lower + step)}"
        out.append(f'<rect x="{_num(x + 2)}" y="{_num(top + plot_h - h)}" width="{_num(bar_w - 4)}" height="{_num(h)}" '
                   f'fill="{SERIES_COLOURS[0]}"><title>{escape(label)}：{count}</title></rect>')
        if count:
            out.append(f'<text x="{_num(x + bar_w / 2)}" y="{_num(top + plot_h - h - 3)}" text-anchor="middle">{count}</text>')
        out.append(f'<text x="{_num(x + bar_w / 2)}" y="{_num(top + plot_h + 14)}" text-anchor="middle">{plain(lower)}</text>')
    out.append(f'<text x="{_num(left + plot_w / 2)}" y="{_num(height - 6)}" text-anchor="middle">总分（每组 {plain(step)} 分，含下限不含上限）</text>')
    out.append("</svg>")
    return "".join(out)


def _stacked_bars(report: Report, table: RankingTable) -> str:
    names = [c.name for c in report.ruleset.model.components]
    rows = table.rows
    positive = max((sum((v for v in r.components if v is not None and v > 0), ZERO) for r in rows), default=ZERO)
    negative = max((sum((-v for v in r.components if v is not None and v < 0), ZERO) for r in rows), default=ZERO)
    span = positive + negative
    if span == 0:
        return '<p class="small">（各项均为 0）</p>'
    label_w, plot_w, bar_h, gap, top = Decimal(170), Decimal(560), Decimal(16), Decimal(6), Decimal(8)
    legend_h = Decimal(24)
    height = top + (bar_h + gap) * len(rows) + legend_h + 10
    width = label_w + plot_w + 70
    zero = label_w + plot_w * negative / span
    out = [(f'<svg class="stacked" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{_num(height)}" '
            f'viewBox="0 0 {width} {_num(height)}" role="img" aria-label="各项得分">')]
    for index, row in enumerate(rows):
        subject, values = row.subject, row.components
        y = top + (bar_h + gap) * index
        out.append(f'<text x="{label_w - 6}" y="{_num(y + bar_h - 4)}" text-anchor="end">{escape(subject.name)}</text>')
        right, left = zero, zero
        for series, (name, value) in enumerate(zip(names, values, strict=False)):
            if value is None or value == 0:
                continue
            w = plot_w * abs(value) / span
            x = right if value > 0 else left - w
            if value > 0:
                right += w
            else:
                left -= w
            out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{bar_h}" '
                       f'fill="{SERIES_COLOURS[series % len(SERIES_COLOURS)]}"><title>{escape(subject.name)} {escape(name)}：'
                       f"{escape(report.text(value))}</title></rect>")
        out.append(f'<text x="{_num(right + 4)}" y="{_num(y + bar_h - 4)}">{escape(report.text(row.total))}</text>')
    out.append(f'<line x1="{_num(zero)}" y1="{top - 4}" x2="{_num(zero)}" y2="{_num(top + (bar_h + gap) * len(rows))}" stroke="#333"/>')
    y = height - legend_h + 6
    x = label_w
    for series, name in enumerate(names):
        out.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="12" height="12" fill="{SERIES_COLOURS[series % len(SERIES_COLOURS)]}"/>')
        out.append(f'<text x="{_num(x + 16)}" y="{_num(y + 10)}">{escape(name)}</text>')
        x += 16 + Decimal(13) * len(name) + 24
    out.append("</svg>")
    return "".join(out)


def _breakdown(report: Report, subject: SubjectResult, rank: str, remarks: str, notes: dict[str, str]) -> str:
    title = f"{subject.id} {subject.name}"
    summary = [f"名次 {rank}", f"总分 {report.text(subject.total)}"]
    if subject.tiers:
        summary.append("等次 " + "、".join(subject.tiers))
    out = [f'<article class="subject" id="s-{escape(subject.id)}"><h3>{escape(title)}</h3>',
           f'<p class="small">{escape("；".join(summary))}</p>']
    if remarks:
        out.append(f'<p class="small">备注：{escape(remarks)}</p>')
    out.append("<table><thead><tr><th>指标</th><th>规则</th><th>满分</th><th>原始数据</th><th>计算过程</th>"
               "<th>得分</th><th>说明</th></tr></thead><tbody>")
    for top in (*subject.named, *subject.components):
        _breakdown_rows(report, top, 0, notes, out)
    out.append("</tbody></table></article>")
    return "".join(out)


def _breakdown_rows(report: Report, node: ComponentResult, depth: int, notes: dict[str, str], out: list[str]) -> None:
    entry = node.trace
    remarks = [n for n in entry.notes if n != notes.get(node.id)]
    for row in entry.rows:
        amount = f" {plain(row.amount)}" if row.amount is not None else ""
        reason = f"（{row.reason}）" if row.reason else ""
        remarks.append(f"{row.location}：{STATUS_LABELS.get(row.status, row.status)}{amount}{reason}")
    clause = f'<br><span class="small">{escape(entry.clause)}</span>' if entry.clause else ""
    indent = f' style="padding-left: {6 + 16 * depth}px"' if depth else ""
    out.append(
        f"<tr><td{indent}>{escape(entry.name)}{clause}</td><td class='kind'>{escape(KIND_LABELS.get(entry.kind, entry.kind))}</td>"
        f'<td class="num">{escape(full_marks(node.max))}</td><td class="formula">{escape(inputs_text(entry))}</td>'
        f'<td class="formula">{escape(entry.formula)}</td><td class="num">{escape(report.text(node.points))}</td>'
        f"<td>{'<br>'.join(escape(r) for r in remarks)}</td></tr>"
    )
    for child in node.children:
        _breakdown_rows(report, child, depth + 1, notes, out)
