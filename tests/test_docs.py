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
TUTORIALS = ["tutorial.md", "tutorial-scheme.md"]


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


def test_every_doc_link_resolves() -> None:
    for doc in (ROOT / "docs").rglob("*.md"):
        for link in re.findall(r"\]\(([^)#:]+)\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / link).exists(), f"{doc.name} links to missing {link}"


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
