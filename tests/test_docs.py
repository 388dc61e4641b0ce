"""The tutorials are executed: their files are written, their commands run, their output compared;
the fragments a page builds a file from are in that file, a file a page says is shipped is the
shipped one, and a worked-cases file a page writes passes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import ROOT, cli

BLOCK = re.compile(r"<!-- (file|run): (.+?) -->\n```[a-z]*\n(.*?)```", re.DOTALL)
PART = re.compile(r"<!-- part of: (.+?) -->\n```[a-z]*\n(.*?)```", re.DOTALL)
SHIPPED = re.compile(r"<!-- shipped as: (.+?) -->")
# the English pages and their Chinese versions (docs/zh/), executed alike
TUTORIALS = ["tutorial.md", "tutorial-scheme.md", "zh/tutorial-from-scratch.md", "zh/tutorial.md", "zh/ruleset-format.md"]
MARKED = re.compile(r"<!-- (?:file|run|part of|shipped as): ")


def blocks(doc: str) -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in BLOCK.finditer(doc)]


@pytest.mark.parametrize("name", TUTORIALS)
def test_doc_runs_as_written(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
    found = blocks(doc)
    assert any(kind == "run" for kind, _, _ in found)
    monkeypatch.chdir(tmp_path)
    for kind, target, body in found:
        if kind == "file":
            (tmp_path / target).write_text(body, encoding="utf-8")
            continue
        argv = target.split()
        assert argv[0] == "pingyi"
        code, out, err = cli(*argv[1:])
        assert code == 0, err
        assert out == body, f"`{target}` printed something else than the doc shows"


@pytest.mark.parametrize("name", [name for name in TUTORIALS if name.startswith("zh/")])
def test_a_chinese_page_shows_what_pingyi_prints_in_chinese(name: str) -> None:
    doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
    runs = [target for kind, target, _ in blocks(doc) if kind == "run"]
    assert runs and all(target.startswith("pingyi --lang zh ") for target in runs), runs


@pytest.mark.parametrize("name", TUTORIALS)
def test_fragments_are_parts_of_the_file_they_build(name: str) -> None:
    doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
    files = {target: body for kind, target, body in blocks(doc) if kind == "file"}
    for target, fragment in PART.findall(doc):
        assert target in files, f"{name}: a fragment of '{target}', which the page never writes"
        assert fragment in files[target], f"{name}: this fragment is not in '{target}' as written there:\n{fragment}"


@pytest.mark.parametrize("name", TUTORIALS)
def test_a_file_the_page_says_is_shipped_is_the_shipped_one(name: str) -> None:
    doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
    files = {target: body for kind, target, body in blocks(doc) if kind == "file"}
    for shipped in SHIPPED.findall(doc):
        path = ROOT / shipped
        assert path.name in files, f"{name}: says {shipped} is shipped but writes no file of that name"
        assert files[path.name] == path.read_text(encoding="utf-8"), f"{name}: its {path.name} differs from {shipped}"


@pytest.mark.parametrize("name", TUTORIALS)
def test_worked_cases_a_page_writes_pass(name: str, tmp_path: Path) -> None:
    doc = (ROOT / "docs" / name).read_text(encoding="utf-8")
    written = [(target, body) for kind, target, body in blocks(doc) if kind == "file"]
    cases = [target for target, _ in written if target.endswith(".cases.yaml")]
    if not cases:
        return
    for target, body in written:
        (tmp_path / target).write_text(body, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    for target in cases:
        count = (tmp_path / target).read_text(encoding="utf-8").count("\n  - id: ")
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider", "-p", "pingyi_rules.testing.plugin", target],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert re.search(rf"\b{count} passed\b", done.stdout), done.stdout


def test_every_page_with_executable_blocks_is_executed() -> None:
    marked = {doc.relative_to(ROOT / "docs").as_posix() for doc in (ROOT / "docs").rglob("*.md")
              if MARKED.search(doc.read_text(encoding="utf-8"))}
    assert marked == set(TUTORIALS), "a page marks blocks to write or run but is not in TUTORIALS (or the reverse)"


def anchors(page: Path) -> set[str]:
    """The anchors of a page's headings as GitHub makes them: lower case, punctuation other than
    '-' and '_' dropped (CJK kept), each space a '-', a repeated heading suffixed -1, -2, ..."""
    text = re.sub(r"^```.*?^```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL | re.MULTILINE)
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        seen[slug] = seen.get(slug, -1) + 1
    return {slug if count == 0 else f"{slug}-{count}" for slug, counts in seen.items() for count in range(counts + 1)}


def broken_links(page: Path) -> list[str]:
    """The links of a page (relative ones, with or without an anchor) to a missing file or to a
    heading its target does not have."""
    broken = []
    for link in re.findall(r"\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        path, _, anchor = link.partition("#")
        if ":" in path:
            continue
        target = page.parent / path if path else page
        if not target.exists():
            broken.append(f"{link} (no such file)")
        elif anchor and target.suffix == ".md" and anchor not in anchors(target):
            broken.append(f"{link} (no such heading)")
    return broken


@pytest.mark.parametrize("page", [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"],
                         ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_doc_link_resolves(page: Path) -> None:
    assert broken_links(page) == []


def test_the_link_check_sees_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# 规则集格式 / The format\n\n## `numbers` — places\n\n## Top level\n\n## Top level\n",
                                   encoding="utf-8")
    page = tmp_path / "b.md"
    page.write_text("[ok](a.md) [ok](a.md#numbers--places) [ok](a.md#规则集格式--the-format) [ok](a.md#top-level-1) "
                    "[bad](c.md) [bad](a.md#numbers) [bad](#nothing) [skip](https://example.invalid/x)\n", encoding="utf-8")
    assert broken_links(page) == ["c.md (no such file)", "a.md#numbers (no such heading)", "#nothing (no such heading)"]


def test_the_reference_lists_every_top_level_key() -> None:
    from pingyi_rules.model.components import Ruleset

    page = (ROOT / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    section = page.split("\n## Top level\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)
    assert len(listed) == len(set(listed)), "a key listed twice"
    assert set(listed) == set(Ruleset.model_fields), "the top-level table of docs/ruleset-format.md and the Ruleset model differ"
    for row in re.findall(r"^\| `[a-z_]+` \|.*$", section, re.MULTILINE):
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 4 and all(cells), f"a row without its meaning or its page: {row}"


def test_the_chinese_overview_lists_every_top_level_key_and_kind() -> None:
    from pingyi_rules.kinds.registry import KINDS
    from pingyi_rules.model.components import Ruleset

    page = (ROOT / "docs" / "zh" / "ruleset-format.md").read_text(encoding="utf-8")
    section = page.split("\n## 顶层键\n", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)
    assert len(listed) == len(set(listed)), "a key listed twice"
    assert set(listed) == set(Ruleset.model_fields), "the top-level table of docs/zh/ruleset-format.md and the Ruleset model differ"
    for row in re.findall(r"^\| `[a-z_]+` \|.*$", section, re.MULTILINE):
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 4 and all(cells) and "](../" in cells[3], f"a row without its meaning or its English reference: {row}"
    kinds = re.findall(r"^\| \[`([a-z_]+)`\]\(\.\./kinds/\1\.md\) \|", page, re.MULTILINE)
    assert sorted(kinds) == sorted(KINDS), "the kinds table of docs/zh/ruleset-format.md and the kind registry differ"


def test_the_chinese_index_shows_the_commands_the_testing_page_runs() -> None:
    """docs/zh/README.md repeats the fresh-folder commands of docs/zh/testing.md, which
    tests/testing/test_fresh_folder.py runs."""
    shown = [re.findall(r"```console\n(\$ pingyi init .*?)```", (ROOT / "docs" / "zh" / name).read_text(encoding="utf-8"), re.DOTALL)
             for name in ("README.md", "testing.md")]
    assert len(shown[0]) == 1 and shown[0] == shown[1]


def _renamed_rows(page: str, heading: str) -> list[tuple[str, str]]:
    """(what was written, write now) of each row of the renamed-keys table under `heading`."""
    section = (ROOT / "docs" / page).read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    rows = []
    for row in re.findall(r"^\|.*\|$", section, re.MULTILINE)[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        if len(cells) == 4:
            rows.append((cells[0], cells[2]))
    return rows


def _writes(cell: str, key: str) -> bool:
    """Whether a table cell writes `key` as a key: `key`, `key: …`, `{key: …}`, `…, key: …`."""
    return re.search(rf"(?:`|\{{|, |/ |\[)\{{?{re.escape(key)}(?:`|:)", cell) is not None


@pytest.mark.parametrize(("page", "heading"), [("ruleset-format.md", "### Every key one meaning"), ("zh/ruleset-format.md", "## 一个键只有一个含义")])
def test_every_renamed_key_is_in_the_renames_table(page: str, heading: str) -> None:
    """Each old spelling the loader refuses with its new key (RS088, model/renamed.py) has a row
    in the reference's table naming the old key and the key to write now."""
    from pingyi_rules.model.renamed import RENAMED

    rows = _renamed_rows(page, heading)
    assert rows, f"{page}: no table under {heading}"
    missing = [f"{model}.{old} → {new}" for model, keys in RENAMED.items() for old, (new, _) in keys.items()
               if not any(_writes(was, old) and _writes(now, new) for was, now in rows)]
    assert missing == [], f"{page}: renamed keys without a row in its table"


def test_the_renames_check_sees_a_missing_row() -> None:
    assert _writes("`scale: 0.8`", "scale") and _writes("`{rows: 投诉, where: …}`", "rows")
    assert _writes("`{min: 有效票, at_least: 30}`, `{max: …}`", "max") and _writes("`id` / `name`", "name")
    assert not _writes("`scales: 五档`", "scale") and not _writes("`amount_column: 扣分`", "amount")


def _entry_keys() -> list[tuple[str, set[str]]]:
    """(entry, keys) of each row of the reference's table "Keys of every entry": the backticked keys of
    the second cell, before any " — " and outside parentheses."""
    page = (ROOT / "docs" / "ruleset-format.md").read_text(encoding="utf-8")
    section = page.split("\n## Keys of every entry\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for row in re.findall(r"^\|.*\|$", section, re.MULTILINE)[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        keys = re.sub(r"\([^)]*\)", "", cells[1].split(" — ")[0])
        rows.append((cells[0], set(re.findall(r"`([a-z_]+)`", keys))))
    return rows


def test_the_reference_lists_the_keys_of_every_entry() -> None:
    """Every mapping the ruleset schema allows outside the components (whose keys their kind pages
    give, tests/kinds/test_registry.py) has a row in docs/ruleset-format.md's "Keys of every entry"
    listing exactly its keys: a key added to the language without its row fails here."""
    from pingyi_rules.kinds.schema import ruleset_schema

    schema = ruleset_schema()
    defs = schema["$defs"]

    def refs(node: object) -> set[str]:
        if isinstance(node, dict):
            found = {node["$ref"].rsplit("/", 1)[1]} if isinstance(node.get("$ref"), str) else set()
            return found.union(*(refs(value) for value in node.values()))
        if isinstance(node, list):
            return set().union(*(refs(value) for value in node))
        return set()

    outside, todo = set(), refs({key: value for key, value in schema.items() if key != "$defs"})
    while todo:
        name = todo.pop()
        if name not in outside and not name.endswith("Component"):
            outside.add(name)
            todo |= refs(defs[name])
    listed = [keys for _, keys in _entry_keys()]
    missing = {name: sorted(defs[name]["properties"]) for name in sorted(outside)
               if "properties" in defs[name] and set(defs[name]["properties"]) not in listed}
    assert missing == {}, "add (or correct) the row of each in docs/ruleset-format.md, 'Keys of every entry'"
