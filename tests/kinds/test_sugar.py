"""Sugar kinds (kinds.sugar): every shipped ruleset agrees with its expansion on the facts of every
worked case; a sugar kind's module computes nothing; errors in an expansion are located at the sugar
node's own keys; `pingyi expand` writes a ruleset of core kinds that `pingyi check` accepts."""

from __future__ import annotations

import ast
import importlib
import io
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import yaml

from pingyi_rules import RulesetError, check_ruleset, expand_ruleset, load_ruleset
from pingyi_rules.cli import run
from pingyi_rules.kinds.registry import CORE, KINDS, SUGAR, walk_models
from pingyi_rules.kinds.sugar import compile_sugar
from pingyi_rules.testing.cases import Case, read_cases

from ..rules_helpers import HEAD, subject_table
from .sugar_checks import expansion_disagreements, load_expanded

ROOT = Path(__file__).resolve().parents[2]
RULESETS = sorted(p for p in (ROOT / "rulesets").rglob("*.yaml") if not p.name.endswith(".cases.yaml"))


def _with_sugar(path: Path) -> bool:
    return bool(load_ruleset(path).expansions)


SUGARED = [p for p in RULESETS if _with_sugar(p)]


def _cases(ruleset: Path) -> list[Case]:
    """The worked cases of a ruleset, one per distinct set of facts."""
    cases_file = ruleset.with_name(ruleset.name.removesuffix(".yaml") + ".cases.yaml")
    seen, kept = set(), []
    for case in read_cases(cases_file) if cases_file.exists() else []:
        key = (case.facts, tuple(sorted(case.tables.items())))
        if key not in seen:
            seen.add(key)
            kept.append(case)
    return kept


def _facts(case: Case, folder: Path) -> Path:
    """The case's facts as `pingyi test` reads them: its folder, with the tables it replaces."""
    if not case.tables and case.facts.exists():
        return case.facts
    folder.mkdir(parents=True)
    if case.facts.is_dir():
        for item in case.facts.iterdir():
            if item.suffix.lower() == ".csv":
                shutil.copy(item, folder / item.name)
    for table, text in case.tables.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


def test_the_shipped_rulesets_use_sugar() -> None:
    """The check below runs on something: the seeds' grade nodes (and every other sugar kind's) are expanded."""
    used = {kind for p in SUGARED for kind in _sugar_kinds(p)}
    assert "grade" in used


def _sugar_kinds(path: Path) -> set[str]:
    model = load_ruleset(path).model
    return {str(node.kind) for node in walk_models([*model.values, *model.components]) if node.kind in SUGAR}


@pytest.mark.parametrize("ruleset", SUGARED, ids=lambda p: p.stem)
def test_a_shipped_ruleset_and_its_expansion_agree_on_every_worked_case(ruleset: Path, tmp_path: Path) -> None:
    cases = _cases(ruleset)
    assert cases, f"{ruleset.name} has no worked case"
    for index, case in enumerate(cases):
        facts = _facts(case, tmp_path / f"case{index}")
        assert expansion_disagreements(ruleset, facts) == [], case.id


@pytest.mark.parametrize("ruleset", SUGARED, ids=lambda p: p.stem)
def test_the_expansion_of_a_shipped_ruleset_checks_clean(ruleset: Path, tmp_path: Path) -> None:
    out = tmp_path / "expanded.yaml"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["expand", str(ruleset), "-o", str(out)], stdout, stderr) == 0, stderr.getvalue()
    assert out.read_text(encoding="utf-8") == stdout.getvalue() or stdout.getvalue() == ""
    load_expanded(ruleset)  # no sugar node left, and it loads under the ruleset's own name


# --------------------------------------------------------------------------- the kinds' modules


def test_the_registry_splits_core_and_sugar() -> None:
    assert set(CORE) | set(SUGAR) == set(KINDS) and not set(CORE) & set(SUGAR)
    assert {"sum", "weighted", "input", "expression", "aggregate", "lookup"} <= set(CORE)
    assert "grade" in SUGAR


# what a module on the scoring path uses to compute or to fail a subject
_EVALUATING = {"evaluation_error", "FactsError", "EvaluationError", "Scope", "Evaluate", "round_to", "snap"}
_ARITHMETIC = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow)


@pytest.mark.parametrize("name", sorted(SUGAR))
def test_a_sugar_kind_module_computes_nothing(name: str) -> None:
    """Its compile step is the registry's; its module imports nothing that evaluates a subject, has no
    compile or evaluate step of its own, and its phrasing does no arithmetic (it only words)."""
    kind = SUGAR[name]
    step = kind.compile
    assert isinstance(step, partial) and step.func is compile_sugar
    spec = step.args[0]  # the kind's declaration, compiled by compile_sugar
    module = importlib.import_module(spec.expand.__module__)
    tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
    imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & _EVALUATING, imported & _EVALUATING
    functions = [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    assert not [f.name for f in functions if f.name.startswith(("compile", "evaluate"))]
    for node in ast.walk(tree):  # no function defined inside another: nothing is made per node to run per subject
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            assert not [n for n in ast.walk(node) if n is not node and isinstance(n, (ast.FunctionDef, ast.Lambda))], node.name
    wording = [f for f in functions if f.name in {spec.phrase.__name__, *(n for n in _called(functions, spec.phrase.__name__))}]
    for function in wording:
        assert not [n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, _ARITHMETIC)], function.name
        calls = {n.func.id for n in ast.walk(function) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
        assert not calls & {"sum", "min", "max", "round", "abs"}, function.name


def _called(functions: list[ast.FunctionDef | ast.AsyncFunctionDef], name: str) -> set[str]:
    """The module's functions that `name` names (the formula it defers with partial)."""
    own = {f.name: f for f in functions}
    found: set[str] = set()
    todo = [name]
    while todo:
        function = own.get(todo.pop())
        if function is None:
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id in own and node.id not in found and node.id != function.name:
                found.add(node.id)
                todo.append(node.id)
    return found


def test_the_module_check_can_fail(tmp_path: Path) -> None:
    """A phrase that computes is caught by the arithmetic check above (the check can fail)."""
    source = "def phrase_x(model, outcome, subject):\n    return outcome.points * 2\n"
    function = ast.parse(source).body[0]
    assert [n for n in ast.walk(function) if isinstance(n, ast.BinOp) and isinstance(n.op, _ARITHMETIC)]


# --------------------------------------------------------------------------- errors at the sugar's keys

BODY = "\n" + subject_table(
    "{header: 评价, type: text}",
) + """scales:
  - {id: 评价表, grades: {优秀: 5, 良好: 4, 一般: 3}}
points: 5
components:
  - id: 评价分
    name: 主管单位评价
    kind: grade
    column: 评价
    scale: 评价表
    points: 5
"""


def _error(body: str) -> RulesetError:
    with pytest.raises(RulesetError) as caught:
        load_ruleset("t.yaml", text=HEAD + body)
    return caught.value


def _line_col(body: str, needle: str) -> tuple[int, int]:
    """Where `needle` (the value written) starts in the ruleset text."""
    text = HEAD + body
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


@pytest.mark.parametrize(
    ("change", "needle", "code"),
    [
        (lambda b: b.replace("column: 评价\n", "column: 评语\n"), "评语", "RS020"),
        (lambda b: b.replace("scale: 评价表", "scale: 评价"), "评价\n    points", "RS024"),
        (lambda b: b.replace("优秀: 5,", "优秀: 6,"), "评价表\n    points", "RS031"),
        (lambda b: b.replace("{header: 评价, type: text}", "{header: 评价, type: decimal}"), "评价\n    scale", "RS021"),
    ],
)
def test_a_grade_error_is_at_the_grade_key(change: Callable[[str], str], needle: str, code: str) -> None:
    body = change(BODY)
    error = _error(body)
    assert error.code == code
    assert (error.location.line, error.location.column) == _line_col(body, needle)


def test_an_expansion_error_is_at_the_key_it_maps_to() -> None:
    """An error the core construct raises inside the expansion (a row's condition naming a column) is
    reported at the sugar key the expansion maps the rows to: grade's `column`."""
    from pingyi_rules.compile.context import CompileContext
    from pingyi_rules.kinds.protocol import Expansion
    from pingyi_rules.kinds.sugar import _written_at

    where = _written_at(("components", 0), {("rows",): ("column",)}, None)
    assert where(("components", 0, "rows", 3, "when", "of")) == ("components", 0, "column")
    assert where(("components", 0, "hit")) == ("components", 0)
    assert where(("conditions", 0)) == ("conditions", 0)
    assert Expansion({"kind": "lookup"}).written_at == {}
    assert CompileContext.location  # the context maps every located error through written_at


# --------------------------------------------------------------------------- pingyi expand


def test_expand_writes_the_grade_as_a_lookup(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + BODY, encoding="utf-8")
    data = expand_ruleset(ruleset)
    (node,) = data["components"]
    assert node == {
        "id": "评价分", "name": "主管单位评价", "kind": "lookup", "points": 5, "hit": "unique",
        "rows": [
            {"when": {"blank": "评价"}, "value": "blank"},
            {"when": {"of": "评价", "equals": "优秀"}, "value": 5},
            {"when": {"of": "评价", "equals": "良好"}, "value": 4},
            {"when": {"of": "评价", "equals": "一般"}, "value": 3},
        ],
    }
    out = tmp_path / "x.yaml"
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["expand", str(ruleset), "-o", str(out)], stdout, stderr) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["components"][0]["kind"] == "lookup"
    assert check_ruleset(out) == []


def test_expand_keeps_decimals_exact(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + BODY.replace("优秀: 5, 良好: 4, 一般: 3", "优秀: 5, 良好: 4.125, 一般: 0.1000000000000000055511"), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["expand", str(ruleset)], stdout, stderr) == 0
    assert "value: 4.125\n" in stdout.getvalue() and "value: 0.1000000000000000055511\n" in stdout.getvalue()


def test_expand_lists_every_problem_of_a_bad_ruleset(tmp_path: Path) -> None:
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + BODY.replace("scale: 评价表", "scale: 无此表"), encoding="utf-8")
    stdout, stderr = io.StringIO(), io.StringIO()
    assert run(["expand", str(ruleset)], stdout, stderr) == 1
    assert "[RS024]" in stderr.getvalue() and stdout.getvalue() == ""


def test_expand_writes_sugar_in_values_and_in_repeats(tmp_path: Path) -> None:
    """A grade among the named values and grades repeated from one template are expanded in place,
    and the expansion scores the same."""
    body = "\n" + subject_table(
        "{header: 上半年, type: text}", "{header: 下半年, type: text}",
    ) + """scales:
  - {id: 评价表, grades: {优秀: 5, 良好: 4, 一般: 3}}
points: 10
values:
  - {id: 上半年分, name: 上半年评价, kind: grade, column: 上半年, scale: 评价表, points: 5}
components:
  - repeat: {over: {期: [上半年, 下半年]}}
    component: {id: "{期}评价", name: "{期}", kind: grade, column: "{期}", scale: 评价表, points: 5}
"""
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(HEAD + body, encoding="utf-8")
    data = expand_ruleset(ruleset)
    assert [c["kind"] for c in data["components"]] == ["lookup", "lookup"] and data["values"][0]["kind"] == "lookup"
    assert [c["id"] for c in data["components"]] == ["上半年评价", "下半年评价"]
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "units.csv").write_text("编码,名称,上半年,下半年\nU1,甲,优秀,一般\nU2,乙,,良好\n", encoding="utf-8")
    assert expansion_disagreements(ruleset, facts) == []
