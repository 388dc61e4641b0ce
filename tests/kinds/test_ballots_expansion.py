"""`ballots` written in core constructs (compile.ballots): the ballot table's void rules for the
quota (with the kind's reasons) and an aggregate ratio of the grade values give the same points and void ballots as the kind — on the shipped
county ruleset and its example ballots, and on drawn ballots (on quota, off quota, a subject missed
or rated twice)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import load_ruleset, score
from pingyi_rules.compile.ballots import expand_ballots
from pingyi_rules.kinds.ballots import BallotsComponent

ROOT = Path(__file__).resolve().parents[2]


def expanded(document: dict[str, Any]) -> dict[str, Any]:
    """The ruleset with every ballots node written as its expansion (and its table's rules added)."""
    scales = {s["id"]: {g: Decimal(str(v)) for g, v in s["grades"].items()} for s in document.get("scales", [])}
    tables = {t["id"]: t for t in document["inputs"]["tables"]}

    def walk(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for node in nodes:
            if node.get("kind") == "ballots":
                model = BallotsComponent.model_validate(node)
                grades = scales[model.scale]
                table, core = expand_ballots(model, grades, max(grades.values()))
                declared = tables[model.table]
                declared["form"] = table["form"]
                declared.setdefault("void", []).extend(table["void"])
                node = core
            elif "components" in node:
                node = {**node, "components": walk(node["components"])}
            out.append(node)
        return out

    document["components"] = walk(document["components"])
    return document


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def both(folder: Path, text: str, facts: Path) -> tuple[Any, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sugar.yaml").write_text(text, encoding="utf-8")
    core = _plain(expanded(yaml.safe_load(text)))
    (folder / "core.yaml").write_text(yaml.safe_dump(core, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return score(load_ruleset(folder / "sugar.yaml"), facts), score(load_ruleset(folder / "core.yaml"), facts)


def points(components: Any) -> list[tuple[str, Any]]:
    out = []
    for component in components:
        out += [(component.id, component.points), *points(component.children)]
    return out


def same_points(sugar: Any, core: Any) -> None:
    for mine, its in zip(sugar.subjects, core.subjects, strict=True):
        assert its.exact_total == mine.exact_total
        assert points(its.components) == points(mine.components)


def test_the_county_ruleset_on_its_example_ballots(tmp_path: Path) -> None:
    text = (ROOT / "rulesets" / "county-coop-lianping-2022.yaml").read_text(encoding="utf-8")
    sugar, core = both(tmp_path, text, ROOT / "examples" / "seed-000")
    same_points(sugar, core)
    assert [(v.key, v.reason, v.location) for v in core.void] == [(v.key, v.reason, v.location) for v in sugar.void]


RULESET = """id: b
name: 投票
version: "1"
source: {title: 投票}
inputs:
  subjects: {table: units, id_column: 编码}
  tables:
    - id: units
      subject: 编码
      columns:
        - {header: 编码, type: id}
    - id: 票
      layout: cases
      subject: 编码
      columns:
        - {header: 票号, type: text}
        - {header: 投票人, type: enum, choices: [领导, 互评]}
        - {header: 编码, type: id}
        - {header: 等次, type: text}
scales:
  - {id: 投票, grades: {优秀: 10, 良好: 8, 一般: 6}}
points: 20
components:
  - {id: 领导, name: 领导评价, kind: ballots, points: 10, table: 票, ballot: 票号, voter: 投票人, voters: [领导],
     column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 1, 一般: 1}}
  - {id: 互评, name: 互评, kind: ballots, points: 10, table: 票, ballot: 票号, voter: 投票人, voters: [互评],
     column: 等次, scale: 投票, quotas: {优秀: 1, 良好: 2}, complete: COMPLETE}
"""
UNITS = ("A", "B", "C")
on_quota = st.permutations(["优秀", "良好", "一般"])
ballot = st.one_of(
    on_quota.map(lambda g: list(zip(UNITS, g, strict=True))),
    st.lists(st.tuples(st.sampled_from(UNITS), st.sampled_from(["优秀", "良好", "一般"])), min_size=1, max_size=4),
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(leaders=st.lists(ballot, min_size=0, max_size=4), peers=st.lists(ballot, min_size=1, max_size=5),
       complete=st.booleans())
def test_drawn_ballots(tmp_path_factory: Any, leaders: list[Any], peers: list[Any], complete: bool) -> None:
    rows, number = [], 0
    sure = [("A", "优秀"), ("B", "良好"), ("C", "一般")], [("A", "良好"), ("B", "优秀"), ("C", "良好")]
    for voter, ballots in (("领导", [sure[0], *leaders]), ("互评", [sure[1], *peers])):
        for votes in ballots:  # every subject has a valid vote of each voter type: no subject is left without one
            number += 1
            rows += [f"P{number},{voter},{unit},{grade}" for unit, grade in votes]
    folder = tmp_path_factory.mktemp("ballots")
    (folder / "facts").mkdir()
    (folder / "facts" / "units.csv").write_text("编码\nA\nB\nC\n", encoding="utf-8")
    (folder / "facts" / "票.csv").write_text("票号,投票人,编码,等次\n" + "\n".join(rows) + "\n", encoding="utf-8")
    sugar, core = both(folder, RULESET.replace("COMPLETE", "true" if complete else "false"), folder / "facts")
    same_points(sugar, core)
    # the same void ballots, each with the kind's reason (what it got wrong, after its voter type) at its first row
    # (in file order: the kind lists a component's void ballots together, the table rules every void form in order)
    assert sorted((v.key, v.reason, v.location) for v in core.void) == sorted((v.key, v.reason, v.location) for v in sugar.void)
