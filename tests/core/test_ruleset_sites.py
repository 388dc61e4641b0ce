"""Every ruleset error and every expression problem is said through the message catalogue.

No site in the ruleset's packages builds its message as English text (an f-string, a string, a
join or a format): it passes `say(KEY, …)` (core.messages), or a value that is one (a Message made
elsewhere, such as `text_expected(…)`), so the message follows the language in force.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pingyi_rules

SOURCE = Path(pingyi_rules.__file__).parent
# the ruleset's packages: every message site in them is converted
WHOLE = ("compile", "source", "model", "expressions", "loading.py")
# the packages shared with the facts and evaluation errors: their ruleset sites only
RULESET_SITES = ("kinds", "scoring", "render/template.py")
_RULESET_CALLS = {"RulesetError", "located_error", "ExpressionProblem"}
_CONTEXT_CALLS = {"error", "no_effect", "_error"}  # ctx.error, ctx.no_effect, the repeat expander's self._error


def _files(parts: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = SOURCE / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return found


def _message(call: ast.Call) -> ast.expr | None:
    name = _name(call)
    index = 1 if name == "located_error" else 0
    return call.args[index] if len(call.args) > index else None


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _is_context_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute) and func.attr in _CONTEXT_CALLS
        and isinstance(func.value, ast.Name) and func.value.id in ("ctx", "self")
    )


def _english(node: ast.expr) -> bool:
    """A message built as text: a string or f-string, joined, formatted or concatenated."""
    if isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return True
    if isinstance(node, ast.BinOp):
        return _english(node.left) or _english(node.right)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Attribute) and func.attr in ("format", "join")) or (
            isinstance(func, ast.Name) and func.id in ("str", "repr")
        )
    return False


def _sites() -> list[tuple[str, int, ast.Call]]:
    sites = []
    for path in _files(WHOLE) + _files(RULESET_SITES):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        in_models = "model" in path.parts or "kinds" in path.parts
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            code = next((k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(code, ast.Constant) and not str(code.value).startswith("RS"):
                continue  # another family's code (PY005 in compile.monotone): worded by its owner
            if name in _RULESET_CALLS or _is_context_call(node) or (name == "ValueError" and in_models):
                sites.append((f"{path.relative_to(SOURCE)}:{node.lineno}", node.lineno, node))
    return sites


def test_the_ruleset_sites_are_found() -> None:
    assert len(_sites()) > 250


def test_every_ruleset_message_is_said_through_the_catalogue() -> None:
    english = [where for where, _, call in _sites() if (message := _message(call)) is not None and _english(message)]
    assert not english, f"messages written as English text (use say(KEY, …)): {english}"


def test_the_validators_custom_errors_carry_their_message() -> None:
    """A PydanticCustomError of the models keeps its Message in ctx `said` for loading._said."""
    bare = []
    for path in _files(("model", "kinds")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node) == "PydanticCustomError":
                context = node.args[2] if len(node.args) > 2 else None
                keys = [k.value for k in context.keys if isinstance(k, ast.Constant)] if isinstance(context, ast.Dict) else []
                if "said" not in keys:
                    bare.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert not bare, f"PydanticCustomError without its Message in ctx 'said': {bare}"
