"""The tutorial is executed: its files are written, its commands run, their output compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import ROOT, cli

BLOCK = re.compile(r"<!-- (file|run): (.+?) -->\n```[a-z]*\n(.*?)```", re.DOTALL)


def blocks(doc: str) -> list[tuple[str, str, str]]:
    return [(m.group(1), m.group(2), m.group(3)) for m in BLOCK.finditer(doc)]


@pytest.mark.parametrize("name", ["tutorial.md"])
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


def test_every_doc_link_resolves() -> None:
    for doc in (ROOT / "docs").rglob("*.md"):
        for link in re.findall(r"\]\(([^)#:]+)\)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / link).exists(), f"{doc.name} links to missing {link}"
