"""`apportion` as sugar over `expression`: for generated shares and parent amounts (blank ones too),
each subject bears −share × its parent's amount (the oracle: worked here from the tables), the
expansion gives the same, and the trace keeps the apportion's wording."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..rules_helpers import HEAD, subject_table
from .sugar_checks import assert_expansion_agrees

PARENTS = ["局A", "局B", "局C"]


def _ruleset(share: Decimal, named: bool) -> str:
    parent = ", parent: 主管单位" if named else ""
    return HEAD + subject_table("{header: 主管单位, type: text}") + f"""    - id: departments
      layout: keyed
      key: 主管单位
      join: 主管单位
      columns:
        - {{header: 主管单位, type: text}}
        - {{header: 报送扣分, type: decimal, required: false}}
points: 0
components:
  - {{id: 报送, name: 未按要求报送材料, kind: apportion, column: 报送扣分, share: {share}{parent}, points: 0, clause: 附件1}}
"""


@st.composite
def _cases(draw: st.DrawFn) -> tuple[Decimal, bool, dict[str, Decimal | None], list[str]]:
    share = Decimal(draw(st.integers(1, 100))) / 100
    amounts = {p: draw(st.one_of(st.none(), st.integers(0, 500).map(lambda n: Decimal(n) / 100))) for p in PARENTS}
    units = draw(st.lists(st.sampled_from(PARENTS), min_size=1, max_size=6))
    return share, draw(st.booleans()), amounts, units


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_cases())
def test_apportion_bears_the_share_and_its_expansion_agrees(case: tuple[Decimal, bool, dict[str, Decimal | None], list[str]]) -> None:
    share, named, amounts, units = case
    tables = {
        "units": "编码,名称,主管单位\n" + "\n".join(f"U{i},单位{i},{p}" for i, p in enumerate(units)),
        "departments": "主管单位,报送扣分\n" + "\n".join(f"{p},{'' if a is None else a}" for p, a in amounts.items()),
    }
    with tempfile.TemporaryDirectory() as tmp:
        result = assert_expansion_agrees(_ruleset(share, named), tables, Path(tmp))
    for i, parent in enumerate(units):
        amount = amounts[parent] or Decimal(0)
        got = result.subject(f"U{i}").component("报送")
        assert got.points == -(amount * share)
        trace = got.trace
        who = f"{parent} " if named else ""
        shown = [format(v.normalize(), "f") if v else "0" for v in (amount, share, -(amount * share))]
        assert trace.formula == f"−({who}报送扣分 {shown[0]} × {shown[1]}) = {shown[2]}"
        assert (trace.inputs, trace.notes, trace.kind) == ((("报送扣分", shown[0]),), (), "apportion")
