"""The `pingyi` process as a shell sees it: a reader that stops early, Ctrl-C, SIGTERM and SIGHUP while
`-o` is being written — each in a real child process, on a facts set large enough to be caught mid-write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pingyi_rules

from ..corpus_runner import BASE

SRC = str(Path(pingyi_rules.__file__).resolve().parent.parent)
UNITS = 20000  # about 12 MB of JSON: its writing takes long enough to be interrupted


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "facts"
    folder.mkdir()
    with open(folder / "units.csv", "w", encoding="utf-8") as units:
        units.write("编码,名称,类别,领导评分,测评_好,测评_中,测评_差,未整改,立案,报送日期\n")
        units.writelines(f"U{i},单位{i},{'甲类' if i % 2 else '乙类'},{i % 100},8,2,0,1,否,2023-05-01\n" for i in range(UNITS))
    with open(folder / "extra.csv", "w", encoding="utf-8") as extra:
        extra.write("编码,附加分\n")
        extra.writelines(f"U{i},{i % 5}\n" for i in range(UNITS))
    (folder / "cases.csv").write_text("编码,事项,日期,分值\nU1,A,2023-03-01,\n", encoding="utf-8")
    return folder


def _start(*argv: str, stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen([sys.executable, "-m", "pingyi_rules", *argv], stdout=stdout, stderr=subprocess.PIPE, env=env)


def _temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _interrupt(big: Path, folder: Path, target: Path, signum: int) -> tuple[int, str]:
    """Start a run writing -o TARGET, send SIGNUM once its temporary file exists; (exit, stderr).

    On a busy machine the run can finish between seeing its temporary file and the signal landing:
    such a run must have left a complete result and no temporary file, and is tried again (at most
    five times) with the target put back as it was. A run the signal stopped must leave the target
    as it was.
    """
    before = target.read_bytes() if target.exists() else None
    for _ in range(5):
        child = _start("score", str(BASE / "ruleset.yaml"), str(big), "--format", "json", "-o", str(target))
        deadline = time.monotonic() + 120
        while not _temporaries(folder):  # the temporary file exists: the result is being written
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.002)
        child.send_signal(signum)
        _, err = child.communicate(timeout=120)
        finished = target.exists() and target.read_bytes() != before
        if not finished:  # the signal landed while the result was being written
            return child.returncode, err.decode("utf-8")
        # the run had renamed its result into place when the signal landed (it may then have exited
        # 0, by the signal's default action once the CLI was done, or through its handler)
        assert _temporaries(folder) == []
        assert target.read_bytes().rstrip().endswith(b"}"), "a finished run leaves the whole result"
        if before is None:
            target.unlink()
        else:
            target.write_bytes(before)
    raise AssertionError("five runs finished before the signal landed; the facts set is too small")


@pytest.mark.parametrize(("signum", "line"), [
    (signal.SIGINT, "pingyi: interrupted"),
    (signal.SIGTERM, "pingyi: stopped by SIGTERM"),
    (signal.SIGHUP, "pingyi: stopped by SIGHUP"),
])
def test_a_signal_while_writing_leaves_no_temporary_file(big: Path, tmp_path: Path, signum: int, line: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "result.json"
    assert _interrupt(big, out, target, signum) == (128 + signum, line + "\n")
    assert _temporaries(out) == []
    assert not target.exists()


def test_a_signal_keeps_the_previous_result(big: Path, tmp_path: Path) -> None:
    target = tmp_path / "result.json"
    target.write_text("previous\n", encoding="utf-8")
    code, _ = _interrupt(big, tmp_path, target, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert _temporaries(tmp_path) == []


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_reader_that_stops_early_ends_the_run_quietly(big: Path, fmt: str) -> None:
    """`pingyi … | head -1`: the reader closes the pipe after one line; no BrokenPipeError traceback."""
    with _start("score", str(BASE / "ruleset.yaml"), str(big), "--format", fmt, stdout=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        first = child.stdout.readline()
        assert first
        child.stdout.close()
        err = child.stderr.read()
        child.wait(timeout=120)
    assert (child.returncode, err.decode("utf-8")) == (141, "")


def test_head_in_a_shell_pipeline(big: Path) -> None:
    env = {**os.environ, "PYTHONPATH": SRC}
    command = f"'{sys.executable}' -m pingyi_rules score '{BASE / 'ruleset.yaml'}' '{big}' | head -n 2"
    done = subprocess.run(["sh", "-c", command], capture_output=True, env=env, timeout=120, check=False)
    assert done.returncode == 0
    assert done.stderr == b""
    assert done.stdout.decode("utf-8").splitlines()[0] == "语料基准（corpus-base 1）"
