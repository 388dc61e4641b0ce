"""Every error the engine raises carries a stable, documented code; str() shows it last."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pingyi_rules
from pingyi_rules import FactsError, Location, PingyiError, RulesetError
from pingyi_rules.core.errors import FactsErrors, MultipleErrors
from pingyi_rules.core.messages import CATALOGUE

SOURCE = Path(pingyi_rules.__file__).parent
DOCS = Path(__file__).parent.parent / "docs" / "errors.md"
CATALOGUE_DIR = SOURCE / "core" / "messages"
_RAISERS = {"RulesetError", "FactsError", "EvaluationError", "UnknownSubjectError", "evaluation_error"}
_CODE = re.compile(r"\b(?:RS|FA|EV|PY)\d{3}\b")


def _error_calls() -> list[tuple[str, int, ast.Call]]:
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            is_ctx_error = (
                isinstance(func, ast.Attribute) and func.attr == "error" and isinstance(func.value, ast.Name)
                and func.value.id in ("ctx", "self")
            )
            if name in _RAISERS or is_ctx_error:
                calls.append((path.name, node.lineno, node))
    return calls


def _said_key(call: ast.Call) -> str | None:
    """The catalogue key of a call whose message is `say("KEY", …)` (core.messages), else None: the
    first argument, or for `evaluation_error(subject, path, message, …)` the first `say` among them."""
    for given in call.args:
        if (
            isinstance(given, ast.Call) and isinstance(given.func, ast.Name) and given.func.id == "say"
            and given.args and isinstance(given.args[0], ast.Constant) and isinstance(given.args[0].value, str)
        ):
            return given.args[0].value
    return None


def _code_of(call: ast.Call) -> ast.expr | None:
    keyed = next((k.value for k in call.keywords if k.arg == "code"), None)
    if keyed is None and (key := _said_key(call)) is not None:
        return ast.Constant(key.split(".")[0])
    return keyed


def test_every_raise_site_passes_a_code() -> None:
    missing = [f"{f}:{line}" for f, line, call in _error_calls() if _code_of(call) is None]
    assert not missing, f"error raised without code= or say(CODE…): {missing}"


def _source_codes() -> set[str]:
    """The codes the code raises (the message catalogue left out: it only words them)."""
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if CATALOGUE_DIR not in path.parents:
            codes |= set(_CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_the_catalogue_words_only_codes_that_exist() -> None:
    worded = {key.split(".")[0] for key in CATALOGUE if _CODE.fullmatch(key.split(".")[0])}
    assert worded - _source_codes() == set()


def test_every_code_is_documented_and_every_documented_code_exists() -> None:
    documented = set(_CODE.findall(DOCS.read_text(encoding="utf-8")))
    assert _source_codes() - documented == set()
    assert documented - _source_codes() == set()


def test_codes_belong_to_their_branch() -> None:
    for _, _, call in _error_calls():
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        code = _code_of(call)
        if not isinstance(code, ast.Constant):
            continue
        prefix = {"RulesetError": "RS", "error": "RS", "FactsError": "FA"}.get(name, "EV")
        assert code.value.startswith(prefix), (name, code.value)


def test_str_puts_location_first_and_code_last() -> None:
    error = RulesetError("unknown key 'poinst'", Location(file="r.yaml", line=3, column=5, path="components[0]"),
                         suggestions=["points"], code="RS012")
    assert str(error) == "r.yaml:3:5: components[0]: unknown key 'poinst'; did you mean 'points'? [RS012]"
    assert error.code == "RS012"
    assert RulesetError("x").code == "RS000"  # the class default stays
    assert str(FactsError("x")) == "x [FA000]"


def test_facts_errors_is_both_a_facts_error_and_a_list() -> None:
    errors = FactsErrors([FactsError("a", code="FA011"), FactsError("b", code="FA014")])
    assert isinstance(errors, FactsError) and isinstance(errors, MultipleErrors) and isinstance(errors, PingyiError)
    assert str(errors) == "a [FA011]\nb [FA014]"
