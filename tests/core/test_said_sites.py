"""Every FA, EV and PY error, warning and command-line message is said through the catalogue:
no raise site of these families keeps an f-string or a plain string as its message."""

from __future__ import annotations

import ast
from pathlib import Path

import pingyi_rules

SOURCE = Path(pingyi_rules.__file__).parent
CATALOGUE_DIR = SOURCE / "core" / "messages"

# The errors of the facts (FA), evaluation (EV) and general (PY) families and the command line's
# own exceptions, by the name they are made with; the value is the position of the message argument.
_MADE_WITH = {
    "FactsError": 0, "EvaluationError": 0, "UnknownSubjectError": 0, "PingyiError": 0, "evaluation_error": 2,
    "CasesFileError": 0, "NoCases": 0, "MissingHypothesis": 0, "PropertyBroken": 0, "TargetError": 0,
    "InitError": 0, "_UsageError": 0, "Refused": 0, "RowValueProblem": 0, "InvariantBroken": 1, "_fail": 1,
}
# Where the text comes from outside (a library's or argparse's message), shown as is in a Text.
_TEXT = {"Text", "Verbatim"}


def _calls() -> list[tuple[str, int, str, ast.expr | None]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if CATALOGUE_DIR in path.parents:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            at = _MADE_WITH.get(name)
            if name == "located_error":  # the compile errors of the PY family (RS sites are worded elsewhere)
                code = next((k.value for k in node.keywords if k.arg == "code"), None)
                if isinstance(code, ast.Constant) and str(code.value).startswith("PY"):
                    at = 1
            if at is None:
                continue
            message = node.args[at] if len(node.args) > at else None
            found.append((f"{path.relative_to(SOURCE)}", node.lineno, name, message))
    return found


def _is_words(expr: ast.expr | None) -> bool:
    """Whether the message is English written in the code: an f-string, a string, or text built from them."""
    if expr is None:
        return False
    if isinstance(expr, ast.JoinedStr) or (isinstance(expr, ast.Constant) and isinstance(expr.value, str)):
        return True
    if isinstance(expr, ast.BinOp):
        return _is_words(expr.left) or _is_words(expr.right)
    if isinstance(expr, ast.IfExp):
        return _is_words(expr.body) or _is_words(expr.orelse)
    if isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Name) and func.id == "str":
            return True
        if isinstance(func, ast.Attribute) and func.attr in ("format", "join"):
            return True
    return False


def _said(expr: ast.expr | None) -> bool:
    """`say("KEY", …)`, an outside text in `Text(…)`, or a value already said (a Message held in a name)."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        return expr.func.id == "say" or expr.func.id in _TEXT or not _is_words(expr)
    return not _is_words(expr)


def test_the_sites_are_found() -> None:
    names = {name for _, _, name, _ in _calls()}
    assert {"FactsError", "EvaluationError", "evaluation_error", "CasesFileError", "TargetError", "_UsageError"} <= names
    assert len(_calls()) > 150


def test_no_fa_ev_py_site_keeps_an_english_string() -> None:
    worded = [f"{file}:{line} {name}" for file, line, name, message in _calls() if not _said(message)]
    assert not worded, f"messages written in the code instead of said through the catalogue: {worded}"


def test_the_words_check_can_fail() -> None:
    tree = ast.parse('FactsError(f"{x} is blank", where)\nFactsError("plain", where)\nFactsError(say("FA011"), where)')
    messages = [node.value.args[0] for node in tree.body if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]
    assert [_said(m) for m in messages] == [False, False, True]


def test_warnings_are_said() -> None:
    """`warnings.append(…)` in the facts readers: the text after the place is a `say("warn.…")`."""
    for path in sorted((SOURCE / "facts").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append"
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "warnings"
            ):
                shown = ast.unparse(node.args[0])
                assert "say(" in shown or "said" in shown, f"{path.name}:{node.lineno}: {shown}"
