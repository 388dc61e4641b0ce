"""`-o` writes through a temporary file and a rename: a crash never leaves a half-written result,
and an output that would overwrite an input is refused (exit 2)."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules import cli as _cli
from pingyi_rules.cli import run

from ..corpus_runner import BASE
from ..helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"


def _cli_run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture()
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "facts"
    shutil.copytree(BASE, folder)
    ruleset = tmp_path / "ruleset.yaml"
    shutil.copy(BASE / "ruleset.yaml", ruleset)
    return ruleset, folder


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_the_result(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    ruleset, facts = inputs
    target = tmp_path / "out" / "result.json"
    assert _cli_run("score", str(ruleset), str(facts), "--format", "json", "-o", str(target)) == (0, "", "")
    assert target.read_text(encoding="utf-8").startswith("{")
    assert _leftovers(target.parent) == []


class _Crash(Exception):
    pass


@pytest.mark.parametrize("stage", ["while writing", "before the rename"])
def test_a_crash_leaves_the_old_file_and_no_temporary(
    inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    ruleset, facts = inputs
    target = tmp_path / "result.csv"
    target.write_text("previous result\n", encoding="utf-8")
    if stage == "while writing":
        real_fdopen = os.fdopen

        def half_writing_fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
            stream = real_fdopen(fd, *args, **kwargs)
            real_write = stream.write

            def write(text: str) -> int:
                real_write(text[: len(text) // 2])
                stream.flush()
                raise _Crash("disk gone")

            stream.write = write
            return stream

        monkeypatch.setattr(_cli.os, "fdopen", half_writing_fdopen)
    else:

        def failing_replace(*args: Any) -> None:
            raise _Crash("power cut")

        monkeypatch.setattr(_cli.os, "replace", failing_replace)
    with pytest.raises(_Crash):
        _cli_run("score", str(ruleset), str(facts), "--format", "csv", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "previous result\n"
    assert _leftovers(tmp_path) == []


def test_a_crash_leaves_no_new_file(inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset, facts = inputs

    def failing_replace(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(_cli.os, "replace", failing_replace)
    with pytest.raises(KeyboardInterrupt):
        _cli_run("score", str(ruleset), str(facts), "-o", str(tmp_path / "new.txt"))
    assert not (tmp_path / "new.txt").exists()
    assert _leftovers(tmp_path) == []


def test_a_failed_write_is_a_usage_error(inputs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset, facts = inputs

    def full_disk(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_cli.os, "replace", full_disk)
    target = tmp_path / "r.json"
    code, out, err = _cli_run("score", str(ruleset), str(facts), "-o", str(target))
    assert (code, out, err) == (2, "", f"pingyi: cannot write {target}: No space left on device\n")
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("which", ["ruleset", "facts-folder", "csv-in-facts", "dotted-path", "symlink"])
def test_writing_over_an_input_is_refused(inputs: tuple[Path, Path], tmp_path: Path, which: str) -> None:
    ruleset, facts = inputs
    before = {p.name: p.read_bytes() for p in facts.iterdir()}, ruleset.read_bytes()
    target = {
        "ruleset": ruleset,
        "facts-folder": facts,
        "csv-in-facts": facts / "units.csv",
        "dotted-path": tmp_path / "facts" / ".." / "ruleset.yaml",
    }.get(which)
    if which == "symlink":
        target = tmp_path / "link.csv"
        target.symlink_to(facts / "units.csv")
    assert target is not None
    code, out, err = _cli_run("score", str(ruleset), str(facts), "--format", "csv", "-o", str(target))
    assert code == 2 and out == ""
    named = ruleset if which in ("ruleset", "dotted-path") else facts
    assert err == f"pingyi: refusing to write the output into the input {named}\n"
    assert ({p.name: p.read_bytes() for p in facts.iterdir()}, ruleset.read_bytes()) == before


def test_writing_over_an_input_workbook_is_refused(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "facts.xlsx"
    workbook = openpyxl.Workbook()
    workbook.save(book)
    before = book.read_bytes()
    code, _, err = _cli_run("score", str(BASE / "ruleset.yaml"), str(book), "-o", str(book))
    assert code == 2
    assert err == f"pingyi: refusing to write the output into the input {book}\n"  # before reading anything
    assert book.read_bytes() == before


def test_output_into_a_folder_is_refused(inputs: tuple[Path, Path], tmp_path: Path) -> None:
    ruleset, facts = inputs
    (tmp_path / "out").mkdir()
    code, _, err = _cli_run("score", str(ruleset), str(facts), "-o", str(tmp_path / "out"))
    assert (code, err) == (2, f"pingyi: cannot write {tmp_path / 'out'}: it is a folder; -o writes only regular files\n")


def test_output_file_is_written_and_input_is_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "f"
    shutil.copytree(EXAMPLES / "seed-004", folder)
    code, _, _ = cli("score", SEED4, folder, "--format", "csv", "-o", tmp_path / "out.csv")
    assert code == 0
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    code, _, err = cli("score", SEED4, folder, "--format", "csv", "-o", folder / "units.csv")
    assert code == 2 and "refusing to write the output into the input" in err
