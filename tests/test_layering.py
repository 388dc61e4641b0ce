"""The import layering of `src/pingyi_rules`: no cycle, nothing imported from a higher layer, and
no import inside a function except the ones listed here with their reason.

The layer table is the one in docs/architecture.md (read from there, so the page stays true).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "pingyi_rules"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

# Imports inside functions that delay an expensive import for start-up time, with the reason.
# (importer, imported) -> reason; the importer and imported are module names inside the package.
_STARTUP = "keeps `pingyi --version` and `--help` from importing pydantic and the scorer (tests/cli/test_startup.py)"
LAZY_ALLOWED: dict[tuple[str, str], str] = {
    ("cli", "loading"): _STARTUP,
    ("cli", "scoring.evaluate"): _STARTUP,
    ("cli", "render.output"): _STARTUP,
    ("cli", "render.report"): _STARTUP,
    ("cli", "render.xlsx_out"): _STARTUP,
    ("cli", "render.html"): _STARTUP,
    ("cli", "render.template"): _STARTUP,
    ("cli", "render.diff"): _STARTUP,
    ("cli", "kinds.schema"): _STARTUP,
    ("cli", "render.contract"): _STARTUP,
    ("cli", "facts.sql"): _STARTUP,
    ("cli", "scoring.whatif"): _STARTUP,
    ("cli", "render.whatif"): _STARTUP,
    ("cli", "render.margins"): _STARTUP,
    ("cli", "testing.command"): _STARTUP,
    ("cli", "scaffold"): _STARTUP,
    ("cli", "expand"): _STARTUP,
    ("testing.plugin", "testing.cases"): "every pytest run loads the plugin once pingyi-rules is installed: "
                                         "pydantic and the engine are imported only for a cases file",
    ("testing.command", "testing.properties"): "hypothesis comes with the `testing` extra: imported only for --properties",
    ("target", "loading"): _STARTUP + "; the CLI imports target at module level",
    ("target", "source.chain"): _STARTUP + "; the CLI imports target at module level",
    ("target", "source.extends"): _STARTUP + "; the CLI imports target at module level",
    ("target", "source.repeat"): _STARTUP + "; the CLI imports target at module level",
}

# Type-only imports (under `if TYPE_CHECKING:`) that name a type of a higher layer, with the reason.
TYPE_ONLY_UPWARD: dict[tuple[str, str], str] = {
    ("model.components", "kinds.registry"): "a ruleset's `components` hold the union of the kinds' models, which the registry builds from the kind modules (and completes `Ruleset` with)",
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool
    type_only: bool


def layer_table(text: str | None = None) -> dict[str, int]:
    """The layer of each package or module, from the table between the `layers` markers."""
    text = ARCHITECTURE.read_text(encoding="utf-8") if text is None else text
    block = text.split("<!-- layers -->", 1)[1].split("<!-- /layers -->", 1)[0]
    table: dict[str, int] = {}
    for line in block.splitlines():
        found = re.match(r"\|\s*(\d+)\s*\|\s*`([\w.]+)`\s*\|", line)
        if found:
            assert found.group(2) not in table, f"{found.group(2)} is in the layer table twice"
            table[found.group(2)] = int(found.group(1))
    return table


def module_names() -> dict[str, Path]:
    """Every module of the package by its dotted name inside it (`compile.tree`, `__init__` for the root)."""
    names: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            names["__init__"] = path
        elif parts[-1] == "__init__":
            names[".".join(parts[:-1])] = path
        else:
            names[".".join(parts)] = path
    return names


def _package_of(name: str, path: Path) -> list[str]:
    """The package a module's relative imports start from, as parts."""
    if name == "__init__":
        return []
    parts = name.split(".")
    return parts if path.name == "__init__.py" else parts[:-1]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(name: str, path: Path, known: set[str]) -> list[Import]:
    """Every import of a package module in one file, with where it is written."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Import] = []

    def resolve(base: list[str], target: str | None) -> str:
        dotted = ".".join(base + (target.split(".") if target else []))
        return dotted or "__init__"

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True, type_only)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                for item in child.body:
                    visit_one(item, in_function, True)
                for item in child.orelse:
                    visit_one(item, in_function, type_only)
            else:
                visit_one(child, in_function, type_only)

    def visit_one(child: ast.AST, in_function: bool, type_only: bool) -> None:
        targets: list[str] = []
        if isinstance(child, ast.ImportFrom):
            if child.level:
                base = _package_of(name, path)
                base = base[: len(base) - (child.level - 1)] if child.level > 1 else base
                module = resolve(base, child.module)
            elif child.module and (child.module == "pingyi_rules" or child.module.startswith("pingyi_rules.")):
                module = resolve([], child.module.removeprefix("pingyi_rules").lstrip(".") or None)
            else:
                module = None
            if module is not None:
                for alias in child.names:
                    sub = f"{module}.{alias.name}" if module != "__init__" else alias.name
                    targets.append(sub if sub in known else module)
        elif isinstance(child, ast.Import):
            for alias in child.names:
                if alias.name == "pingyi_rules" or alias.name.startswith("pingyi_rules."):
                    targets.append(alias.name.removeprefix("pingyi_rules").lstrip(".") or "__init__")
        for target in targets:
            found.append(Import(name, target, getattr(child, "lineno", 0), in_function, type_only))
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            visit(child, True, type_only)
        elif not targets:
            visit(child, in_function, type_only)

    visit(tree, False, False)
    return found


def all_imports() -> list[Import]:
    modules = module_names()
    known = set(modules)
    return [i for name, path in modules.items() for i in imports_of(name, path, known)]


def layer_of(module: str, table: dict[str, int]) -> int:
    """The layer of a module: the longest name in the table that is the module or a package of it."""
    best: str | None = None
    for key in table:
        if (module == key or module.startswith(key + ".")) and (best is None or len(key) > len(best)):
            best = key
    if module == "__main__":
        best = "__init__"
    assert best is not None, f"module {module} is in no layer of docs/architecture.md"
    return table[best]


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle (as a list of modules, first repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                loop = walk(nxt)
                if loop:
                    return loop
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            loop = walk(node)
            if loop:
                return loop
    return None


def problems(imports: list[Import], table: dict[str, int]) -> list[str]:
    """Every broken rule: cycles (run-time imports), upward imports, unlisted imports inside functions."""
    found: list[str] = []
    runtime: dict[str, set[str]] = {}
    for item in imports:
        if item.importer == item.imported:
            continue
        if not item.type_only:
            runtime.setdefault(item.importer, set()).add(item.imported)
        pair = (item.importer, item.imported)
        upward = layer_of(item.imported, table) > layer_of(item.importer, table)
        if upward and not (item.type_only and pair in TYPE_ONLY_UPWARD):
            found.append(
                f"{item.importer}:{item.line} imports {item.imported} from a higher layer "
                f"({layer_of(item.imported, table)} > {layer_of(item.importer, table)})"
            )
        if item.in_function and pair not in LAZY_ALLOWED:
            found.append(f"{item.importer}:{item.line} imports {item.imported} inside a function")
    loop = find_cycle(runtime)
    if loop:
        found.append("import cycle: " + " -> ".join(loop))
    return found


def test_every_module_has_a_layer() -> None:
    table = layer_table()
    for module in module_names():
        layer_of(module, table)


def test_the_import_graph_follows_the_layers() -> None:
    found = problems(all_imports(), layer_table())
    assert not found, "\n".join(found)


def test_every_allowed_exception_is_still_used() -> None:
    """An allow-list entry whose import is gone must go too (the list stays the truth)."""
    imports = all_imports()
    lazy = {(i.importer, i.imported) for i in imports if i.in_function}
    type_only = {(i.importer, i.imported) for i in imports if i.type_only}
    assert set(LAZY_ALLOWED) - lazy == set()
    assert set(TYPE_ONLY_UPWARD) - type_only == set()


@pytest.mark.parametrize(
    ("importer", "source", "expected"),
    [
        ("core.numbers", "from ..scoring.evaluate import score\n", "core.numbers:1 imports scoring.evaluate from a higher layer (7 > 0)"),
        ("facts.cells", "def f():\n    from ..core import errors\n", "facts.cells:2 imports core.errors inside a function"),
        ("kinds.registry", "import pingyi_rules.compile.tree\n", "import cycle: kinds.registry -> compile.tree -> kinds.registry"),
        ("compile.context", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..scoring import stages\n",
         "compile.context:3 imports scoring.stages from a higher layer (7 > 4)"),
    ],
)
def test_a_violating_import_is_found(importer: str, source: str, expected: str, tmp_path: Path) -> None:
    """The checks can fail: one more import of each forbidden sort is reported."""
    extra = tmp_path / "extra.py"  # read as if it were more of `importer`
    extra.write_text(source, encoding="utf-8")
    imports = all_imports() + imports_of(importer, extra, set(module_names()))
    assert problems(all_imports(), layer_table()) == []
    assert _cycles_from_any_start(expected) & set(problems(imports, layer_table()))


def _cycles_from_any_start(problem: str) -> set[str]:
    """The problem, and an import cycle's report from each of its modules (where the walk starts
    depends on the order the modules are found in)."""
    prefix = "import cycle: "
    if not problem.startswith(prefix):
        return {problem}
    ring = problem.removeprefix(prefix).split(" -> ")[:-1]
    return {prefix + " -> ".join([*ring[i:], *ring[:i], ring[i]]) for i in range(len(ring))}


def test_the_layer_table_is_read_from_the_docs() -> None:
    table = layer_table()
    assert table["core"] == 0 and table["cli"] > table["render"] > table["scoring"] > table["kinds"] > table["compile.context"]
    assert table["compile"] > table["kinds"]
