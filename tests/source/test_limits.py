"""Resource limits: size caps, alias bombs, deep nesting — each refused quickly with a clear, located error."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from pingyi_rules import FactsError, RulesetError, check_ruleset, load_ruleset, score
from pingyi_rules.cli import run
from pingyi_rules.facts import tables as _facts_tables
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


def _facts_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    folder.mkdir()
    for item in BASE.glob("*.csv"):
        (folder / item.name).write_bytes(item.read_bytes())
    return folder


def test_facts_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _facts_copy(tmp_path)
    monkeypatch.setattr(_facts_tables, "MAX_FACTS_BYTES", 150)
    ruleset = load_ruleset(BASE / "ruleset.yaml")
    with pytest.raises(FactsError) as caught:
        score(ruleset, folder)
    size = (folder / "units.csv").stat().st_size
    assert str(caught.value) == f"{folder}/units.csv: the file is {size} bytes; the limit is 150 bytes [FA003]"


def test_facts_size_cap_applies_to_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = tmp_path / "facts.xlsx"
    book.write_bytes(b"x" * 2048)
    monkeypatch.setattr(_facts_tables, "MAX_FACTS_BYTES", 1024)
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), book)
    assert str(caught.value) == f"{book}: the file is 2.0 KiB; the limit is 1.0 KiB [FA003]"


def test_csv_field_over_the_csv_limit(tmp_path: Path) -> None:
    folder = _facts_copy(tmp_path)
    (folder / "extra.csv").write_text('编码,附加分\nU1,"' + "1" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), folder)
    assert str(caught.value) == (
        f"{folder}/extra.csv, row 2: malformed CSV: field larger than field limit (131072) [FA006]"
    )


def test_many_bad_cells_stop_at_the_limit(tmp_path: Path) -> None:
    folder = _facts_copy(tmp_path)
    rows = "".join(f"U{i},x\n" for i in range(150))
    (folder / "extra.csv").write_text("编码,附加分\n" + rows, encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        score(load_ruleset(BASE / "ruleset.yaml"), folder)
    lines = str(caught.value).splitlines()
    assert len(lines) == _facts_tables.MAX_REPORTED + 1
    assert lines[0] == f"{folder}/extra.csv, row 2: column 附加分: 'x' is not a number from 0 to 5 [FA014]"
    assert lines[-1] == f"{folder}/extra.csv: stopped after {_facts_tables.MAX_REPORTED} bad cells [FA098]"
