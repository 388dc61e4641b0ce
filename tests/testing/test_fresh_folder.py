"""docs/testing.md and its Chinese version docs/zh/testing.md, each run as a new author would: this
project built and installed into a fresh virtual environment, `pingyi init` in an empty folder
outside the repository, then `pytest` there collects the worked cases through the installed plugin
(no conftest, no -p) and runs the page's three-line property test; `pingyi test --properties`
prints what the page shows; the page's deliberately broken case fails with the page's diff, under
pytest and under `pingyi test`.

The new environment takes the already installed dependencies (pydantic, pytest, hypothesis, ...)
from this one through a .pth line, so no network is needed; pingyi-rules itself is installed
only from the wheel built here."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from ..helpers import ROOT
from ..test_docs_pages import blocks

PAGES = [ROOT / "docs" / "testing.md", ROOT / "docs" / "zh" / "testing.md"]
NAME = "某县-2025"


def _run(argv: list[str | Path], cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([str(a) for a in argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fresh")
    wheels = base / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, ROOT], base)
    assert built.returncode == 0, built.stderr
    home = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", home], base)
    assert made.returncode == 0, made.stderr
    python = home / "bin" / "python"
    site = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n", encoding="utf-8")
    # --ignore-installed: the .pth above shows pip this environment's own copy (CI installs it non-editable)
    installed = _run([python, "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", *wheels.glob("*.whl")], base)
    assert installed.returncode == 0, installed.stderr
    return home


def _ids(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def _block(page: Path, kind: str, name: str) -> str:
    return next(text for lang, title, text in blocks(page) if lang == kind and title == name)


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_a_new_author_in_an_empty_folder(page: Path, venv: Path, tmp_path: Path) -> None:
    python, pingyi = venv / "bin" / "python", venv / "bin" / "pingyi"
    where = _run([python, "-c", "import pingyi_rules; print(pingyi_rules.__file__)"], tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout  # the installed copy, not this repository's

    made = _run([pingyi, "init", NAME], tmp_path)
    assert made.returncode == 0, made.stderr
    folder = tmp_path / NAME
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "README.md", "facts/units.csv", f"{NAME}.cases.yaml", f"{NAME}.yaml"]
    readme = (folder / "README.md").read_text(encoding="utf-8")
    three = f"pingyi check {NAME}.yaml && pingyi score {NAME}.yaml facts && pingyi test {NAME}.yaml"
    assert three in readme and three in page.read_text(encoding="utf-8")
    for command in three.split(" && "):
        done = _run([venv / "bin" / command.split()[0], *command.split()[1:]], folder)
        assert done.returncode == 0, (command, done.stdout, done.stderr)

    # the page's three-line property test, beside the ruleset; pytest finds the cases through the entry point
    (folder / "test_properties.py").write_text(_block(page, "python", "test_properties.py"), encoding="utf-8")
    passed = _run([python, "-m", "pytest", "-p", "no:cacheprovider", "-q"], folder)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^3 passed", passed.stdout, re.MULTILINE), passed.stdout
    plugins = _run([python, "-m", "pytest", "-p", "no:cacheprovider", "--co", "-q"], folder).stdout
    assert f"{NAME}.cases.yaml::示例数据" in plugins and f"{NAME}.cases.yaml::扣完为止" in plugins

    # the page's `pingyi test --properties` prints what the page shows
    shown_run = next(text for lang, _, text in blocks(page) if lang == "console" and "--properties" in text)
    command, _, printed = shown_run.partition("\n")
    argv = command.removeprefix("$ ").split()
    assert argv[0] == "pingyi"
    properties = _run([pingyi, *argv[1:]], folder)
    assert (properties.returncode, properties.stdout) == (0, printed), properties.stderr

    # the page's deliberately broken case
    cases = folder / f"{NAME}.cases.yaml"
    text = cases.read_text(encoding="utf-8")
    assert 'total: "95.84"' in text and '群众满意度: "75.84"' in text
    cases.write_text(text.replace('total: "95.84"', 'total: "95.85"').replace('群众满意度: "75.84"', '群众满意度: "75.85"'),
                     encoding="utf-8")
    shown = _block(page, "text", "failure")
    failed = _run([python, "-m", "pytest", "-p", "no:cacheprovider", "-q"], folder)
    assert failed.returncode == 1
    assert shown in failed.stdout, failed.stdout
    assert "1 failed, 2 passed" in failed.stdout
    tested = _run([pingyi, "test", f"{NAME}.yaml"], folder)
    assert tested.returncode == 1
    assert tested.stdout == shown + "1 passed, 1 failed\n"


@pytest.mark.parametrize("page", PAGES, ids=_ids)
def test_the_page_cases_file_example_is_a_valid_cases_file(page: Path, venv: Path, tmp_path: Path) -> None:
    made = _run([venv / "bin" / "pingyi", "init", NAME], tmp_path)
    assert made.returncode == 0
    example = next(text for lang, _, text in blocks(page) if lang == "yaml" and text.startswith("ruleset:"))
    (tmp_path / NAME / f"{NAME}.cases.yaml").write_text(example, encoding="utf-8")
    tested = _run([venv / "bin" / "pingyi", "test", f"{NAME}.yaml"], tmp_path / NAME)
    assert (tested.returncode, tested.stdout, tested.stderr) == (0, "2 cases passed\n", "")
