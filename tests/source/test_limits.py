"""Resource limits on rulesets: size caps, alias bombs, deep nesting — each refused quickly with a clear,
located error."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from pingyi_rules import RulesetError, check_ruleset, load_ruleset
from pingyi_rules.cli import run
from pingyi_rules.source import strict_yaml as _yaml

from ..corpus_runner import BASE

BASE_TEXT = (BASE / "ruleset.yaml").read_text(encoding="utf-8")


def _only_error(text: str) -> RulesetError:
    errors = check_ruleset("r.yaml", text=text)
    assert len(errors) == 1, errors
    return errors[0]


def test_billion_laughs_is_refused_in_milliseconds() -> None:
    lines = ["a: &a [" + ", ".join(["lol"] * 9) + "]"]
    for level in range(1, 30):  # 9**30 expansions if aliases were followed
        prev, name = chr(96 + level) if level < 27 else f"x{level - 1}", chr(97 + level) if level < 26 else f"x{level}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    start = time.perf_counter()
    error = _only_error(text)
    elapsed = time.perf_counter() - start
    assert str(error) == "r.yaml:1:4: anchor '&a' is not allowed; repeat the value or use 'extends' [RS006]"
    assert elapsed < 0.05


@pytest.mark.parametrize("depth", [65, 1_000, 200_000])
def test_deep_flow_nesting_is_refused_quickly(depth: int) -> None:
    text = "a: " + "[" * depth + "1" + "]" * depth + "\n"
    start = time.perf_counter()
    error = _only_error(text)
    assert time.perf_counter() - start < 0.5
    assert error.code == "RS010"
    assert str(error) == "r.yaml:1:68: the document is nested deeper than 64 levels [RS010]"


def test_flow_nesting_at_the_limit_parses() -> None:
    text = "a: " + "[" * 63 + "1" + "]" * 63 + "\n"
    assert _yaml.parse_yaml(text, "r.yaml").data["a"] is not None


def test_brackets_inside_quotes_and_comments_do_not_count() -> None:
    text = "a: '" + "[" * 100 + "'  # " + "{" * 100 + "\nb: \"" + "[" * 100 + "\"\n"
    assert _yaml.parse_yaml(text, "r.yaml").data["a"] == "[" * 100


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v: 1\n"
    start = time.perf_counter()
    error = _only_error(text)
    assert time.perf_counter() - start < 0.5
    assert str(error) == "r.yaml:65:129: the document is nested deeper than 64 levels [RS010]"


def _nested_components(levels: int) -> str:
    """The base ruleset with 附加 wrapped in `levels` sum components."""
    node = '{id: 附加, name: 附加, kind: expression, points: 5, expr: "min(附加分, 5)"}'
    for level in range(levels):
        outside = ", outside: true" if level == levels - 1 else ""
        node = f"{{id: s{level}, name: s{level}, kind: sum, points: 5{outside}, components: [{node}]}}"
    start = BASE_TEXT.index("  - id: 附加\n")
    end = BASE_TEXT.index("ranking:")
    return BASE_TEXT[:start] + f"  - {node}\n" + BASE_TEXT[end:]


def test_component_tree_depth_limit() -> None:
    load_ruleset("r.yaml", text=_nested_components(11))  # 12 levels with the leaf: allowed
    error = _only_error(_nested_components(12))
    assert error.code == "RS037"
    assert error.message == "components are nested deeper than 12 levels"
    assert error.location is not None and error.location.path == "components[3]" + ".components[0]" * 12
    assert error.location.line == BASE_TEXT[: BASE_TEXT.index("  - id: 附加\n")].count("\n") + 1


def test_ruleset_size_cap() -> None:
    text = BASE_TEXT + "#" * (_yaml.MAX_RULESET_BYTES - len(BASE_TEXT.encode()) + 1) + "\n"
    error = _only_error(text)
    assert error.code == "RS003"
    assert str(error).startswith("r.yaml: the ruleset is ")
    assert str(error).endswith(f"bytes; the limit is {_yaml.MAX_RULESET_BYTES} bytes [RS003]")


def test_missing_ruleset_file(tmp_path: Path) -> None:
    stderr = io.StringIO()
    assert run(["check", str(tmp_path / "none.yaml")], io.StringIO(), stderr) == 1
    assert stderr.getvalue() == f"{tmp_path}/none.yaml: cannot read the ruleset: No such file or directory [RS001]\n"
