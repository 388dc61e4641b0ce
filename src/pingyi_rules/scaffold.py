"""`pingyi init NAME`: a new author's starting folder — a minimal ruleset, its worked cases, a facts
folder with one filled example, and a README with the three commands (check, score, test).

Everything written is a worked example that passes: `pingyi check`, `pingyi score` and
`pingyi test` (or `pytest`, through the installed plugin) all succeed in the new folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from .core.messages import Message, say

RULESET = """\
# {name}：民主评议规则集（由 pingyi init 生成的起点，请按方案原文修改）。
# 百分制：群众满意度 80 分 + 日常考评 20 分（扣分制，扣完为止）；按总分排名；90 分以上为“好”。
id: {name}
name: {name} 民主评议
version: "1"
source:
  title: {name} 民主评议实施方案
  issued_by: 评议办

numbers:
  places: 2
  rounding: half_up
  round_at: total

inputs:
  subjects:
    table: units
    id_column: 单位编码
    name_column: 单位名称
  tables:
    - id: units
      name: 参评单位
      subject: 单位编码
      columns:
        - {{header: 单位编码, type: id}}
        - {{header: 单位名称, type: text}}
        - {{type: count, unit: 票, headers: [满意, 基本满意, 不满意]}}
        - {{header: 投诉查实, type: count, unit: 件}}

scales:
  - id: 满意度
    grades: {{满意: 100, 基本满意: 60, 不满意: 0}}

points: 100
components:
  - id: 群众满意度
    name: 群众满意度测评
    kind: rating
    scale: 满意度
    points: 80
    counts: ["{{grade}}"]
    clause: 满意度 = Σ(票数 × 分值) / 总票数，折算为 80 分
    monotone: {{满意: increasing, 不满意: decreasing}}
  - id: 日常考评
    name: 日常考评
    kind: deduction
    points: 20
    floor: 0
    clause: 投诉查实每件扣 2 分，扣完为止
    monotone: {{投诉查实: decreasing}}
    items:
      - {{id: 投诉查实, name: 投诉查实, column: 投诉查实, amount: 2}}

tiers:
  - name: 好
    when: {{at_least: 90}}
"""

CASES = """\
# {name} 的算例：按方案原文手算，每个数字写明算式。
ruleset: {name}.yaml
facts: facts
cases:
  - id: 示例数据
    # A01: 满意 90、基本满意 8、不满意 2 → (90×100 + 8×60 + 2×0) / 100 = 94.8 → × 0.8 = 75.84;
    #      投诉 0 → 日常考评 20;  总分 95.84，第 1 名，好。
    # A02: 满意 60、基本满意 30、不满意 10 → (6000 + 1800) / 100 = 78 → 62.40;
    #      投诉 3 → 20 − 6 = 14;  总分 76.40，第 2 名。
    expect:
      A01: {{total: "95.84", rank: 1, tiers: [好], components: {{群众满意度: "75.84", 日常考评: "20.00"}}}}
      A02: {{total: "76.40", rank: 2, tiers: [], components: {{群众满意度: "62.40", 日常考评: "14.00"}}}}

  - id: 扣完为止
    # B01: 满意 10 → 100 → 80; 投诉 12 件 → 20 − 24 < 0 → 扣完为止 0;  总分 80.00。
    tables:
      units: |
        单位编码,单位名称,满意,基本满意,不满意,投诉查实
        B01,乙单位,10,0,0,12
    expect:
      B01: {{total: "80.00", rank: 1, components: {{日常考评: "0.00"}}}}
"""

FACTS = """\
单位编码,单位名称,满意,基本满意,不满意,投诉查实
A01,甲局,90,8,2,0
A02,乙局,60,30,10,3
"""

README = """\
# {name}

规则集 `{name}.yaml`，算例 `{name}.cases.yaml`，数据 `facts/`。三个命令：

    pingyi check {name}.yaml && pingyi score {name}.yaml facts && pingyi test {name}.yaml

`pytest` 也会收集并运行算例（安装 pingyi-rules 即带有 pytest 插件）。见 docs/testing.md。
"""

_SLUG = re.compile(r'^[^/\\\s:*?"<>|]+$')


class InitError(Exception):
    """NAME cannot be a ruleset id, or its folder already holds files (said in the language in force)."""

    def __init__(self, said: Message) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return self.said.render()


def init_folder(name: str, where: Path) -> Path:
    """Write the starting folder `where/name`; refuse a name that cannot be an id or a folder in use."""
    if not _SLUG.fullmatch(name) or len(name) > 100 or name in (".", ".."):
        raise InitError(say("cli.init_name", name=name))
    folder = where / name
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InitError(say("cli.init_folder", folder=str(folder)))
    (folder / "facts").mkdir(parents=True, exist_ok=True)
    files = {
        f"{name}.yaml": RULESET,
        f"{name}.cases.yaml": CASES,
        "facts/units.csv": FACTS,
        "README.md": README,
    }
    for relative, text in files.items():
        (folder / relative).write_text(text.format(name=name), encoding="utf-8")
    return folder
