"""`-o FILE`: regular files only, never an input of any kind (through extends, nested, `..`, symbolic and
hard links), refused with exit 2 before anything is written, with real files and special files."""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
from pathlib import Path

import pytest

from pingyi_rules.cli import run

from ..corpus_runner import BASE
from ..kinds.test_nested import INNER, OUTER


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under folder: its mode and its bytes (or where a link points)."""
    found: dict[str, tuple[int, bytes | str]] = {}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            found[str(path)] = (mode, os.readlink(path))
        elif stat.S_ISREG(mode):
            found[str(path)] = (mode, path.read_bytes())
        else:
            found[str(path)] = (mode, b"")
    return found


@pytest.fixture()
def chain(tmp_path: Path) -> tuple[Path, Path]:
    """county.yaml extends outer.yaml, which nests inner.yaml, which extends inner_base.yaml."""
    (tmp_path / "inner_base.yaml").write_text(INNER, encoding="utf-8")
    (tmp_path / "inner.yaml").write_text('extends: inner_base.yaml\nversion: "2"\n', encoding="utf-8")
    (tmp_path / "outer.yaml").write_text(OUTER, encoding="utf-8")
    (tmp_path / "county.yaml").write_text('extends: outer.yaml\nversion: "3"\n', encoding="utf-8")
    facts = tmp_path / "facts"
    facts.mkdir()
    (facts / "units.csv").write_text("编码,名称,其他\nA,甲,90\nB,乙,80\n", encoding="utf-8")
    (facts / "inner.csv").write_text("编码,甲项,乙项\nA,50,40\nB,,30\n", encoding="utf-8")
    return tmp_path / "county.yaml", facts


def test_the_chain_scores(chain: tuple[Path, Path], tmp_path: Path) -> None:
    ruleset, facts = chain
    code, _, err = _cli("score", str(ruleset), str(facts), "--format", "json", "-o", str(tmp_path / "out" / "r.json"))
    assert (code, err) == (0, "")


@pytest.mark.parametrize("name", ["county.yaml", "outer.yaml", "inner.yaml", "inner_base.yaml"])
@pytest.mark.parametrize("how", ["direct", "dotdot", "symlink", "hardlink"])
def test_no_ruleset_of_the_chain_is_overwritten(chain: tuple[Path, Path], tmp_path: Path, name: str, how: str) -> None:
    ruleset, facts = chain
    victim = tmp_path / name
    if how == "direct":
        target = victim
    elif how == "dotdot":
        target = facts / ".." / name
    elif how == "symlink":
        target = tmp_path / "elsewhere" / "link.yaml"
        target.parent.mkdir()
        target.symlink_to(victim)
    else:
        target = tmp_path / "elsewhere" / "hard.yaml"
        target.parent.mkdir()
        os.link(victim, target)
    before = _snapshot(tmp_path)
    for argv in (["score", str(ruleset), str(facts), "-o", str(target)], ["template", str(ruleset), "-o", str(target)]):
        code, out, err = _cli(*argv)
        assert (code, out) == (2, ""), err
        if how == "symlink" and name != "county.yaml":  # a link is refused as such before the chain is known
            assert err == f"pingyi: cannot write {target}: it is a symbolic link; -o writes only regular files\n"
        else:
            assert err.startswith("pingyi: refusing to write the output into the input "), err
            named = err.removeprefix("pingyi: refusing to write the output into the input ").strip()
            assert Path(named).resolve() == victim.resolve()
        assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("how", ["file", "hardlink-to-a-table", "new-file-in-the-folder", "the-folder-by-another-path"])
def test_no_facts_file_is_overwritten(chain: tuple[Path, Path], tmp_path: Path, how: str) -> None:
    ruleset, facts = chain
    if how == "file":
        target = facts / "inner.csv"
    elif how == "hardlink-to-a-table":
        target = tmp_path / "copy.csv"
        os.link(facts / "units.csv", target)
    elif how == "new-file-in-the-folder":
        target = facts / "result.csv"
    else:
        (tmp_path / "alias").symlink_to(facts, target_is_directory=True)
        target = tmp_path / "alias" / "result.csv"
    before = _snapshot(tmp_path)
    code, out, err = _cli("score", str(ruleset), str(facts), "--format", "csv", "-o", str(target))
    assert (code, out, err) == (2, "", f"pingyi: refusing to write the output into the input {facts}\n")
    assert _snapshot(tmp_path) == before


def test_a_facts_workbook_hard_linked_is_refused(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "facts.xlsx"
    openpyxl.Workbook().save(book)
    os.link(book, tmp_path / "same.xlsx")
    before = _snapshot(tmp_path)
    code, _, err = _cli("score", str(BASE / "ruleset.yaml"), str(book), "-o", str(tmp_path / "same.xlsx"))
    assert (code, err) == (2, f"pingyi: refusing to write the output into the input {book}\n")
    assert _snapshot(tmp_path) == before


@pytest.fixture()
def base(tmp_path: Path) -> tuple[Path, Path]:
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    ruleset = facts / ".." / "ruleset.yaml"
    shutil.copy(BASE / "ruleset.yaml", ruleset)
    return ruleset, facts


def _special(kind: str, where: Path) -> Path:
    target = where / kind
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(target))
        server.close()
    elif kind == "folder":
        target.mkdir()
    elif kind == "symlink-to-a-new-file":
        target.symlink_to(where / "nothing-yet.csv")
    elif kind == "symlink-to-a-file":
        (where / "other.csv").write_text("kept\n", encoding="utf-8")
        target.symlink_to(where / "other.csv")
    elif kind == "symlink-to-a-folder":
        (where / "sub").mkdir()
        target.symlink_to(where / "sub", target_is_directory=True)
    return target


KINDS = {
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "folder": "a folder",
    "symlink-to-a-new-file": "a symbolic link",
    "symlink-to-a-file": "a symbolic link",
    "symlink-to-a-folder": "a symbolic link",
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("command", ["score", "template", "schema"])
def test_only_regular_files_are_written(base: tuple[Path, Path], tmp_path: Path, kind: str, command: str) -> None:
    ruleset, facts = base
    where = tmp_path / "out"
    where.mkdir()
    target = _special(kind, where)
    before = _snapshot(tmp_path)
    argv = {
        "score": ["score", str(ruleset), str(facts), "--format", "csv"],
        "template": ["template", str(ruleset)],
        "schema": ["schema"],
    }[command]
    code, out, err = _cli(*argv, "-o", str(target))  # a FIFO would hang a writer that opened it
    assert (code, out, err) == (2, "", f"pingyi: cannot write {target}: it is {KINDS[kind]}; -o writes only regular files\n")
    assert _snapshot(tmp_path) == before


def test_a_device_is_never_replaced(base: tuple[Path, Path]) -> None:
    ruleset, facts = base
    before = os.lstat("/dev/null")
    code, out, err = _cli("score", str(ruleset), str(facts), "-o", "/dev/null")
    assert (code, out, err) == (2, "", "pingyi: cannot write /dev/null: it is a character device; -o writes only regular files\n")
    after = os.lstat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize("command", ["score", "template", "schema"])
def test_an_empty_file_name_is_refused(base: tuple[Path, Path], command: str) -> None:
    ruleset, facts = base
    argv = {"score": ["score", str(ruleset), str(facts)], "template": ["template", str(ruleset)], "schema": ["schema"]}[command]
    code, out, err = _cli(*argv, "-o", "")
    assert (code, out, err) == (2, "", "pingyi: -o needs a file name (it was given as '')\n")


def test_a_regular_file_is_replaced_not_written_through(base: tuple[Path, Path], tmp_path: Path) -> None:
    """The old file is renamed over, so another name for it (a hard link) keeps the old bytes."""
    ruleset, facts = base
    target = tmp_path / "r.csv"
    target.write_text("old\n", encoding="utf-8")
    os.link(target, tmp_path / "old-copy.csv")
    code, _, err = _cli("score", str(ruleset), str(facts), "--format", "csv", "-o", str(target))
    assert (code, err) == (0, "")
    assert target.read_bytes().startswith("\ufeff组别".encode())
    assert (tmp_path / "old-copy.csv").read_text(encoding="utf-8") == "old\n"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o666 & ~_umask()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
