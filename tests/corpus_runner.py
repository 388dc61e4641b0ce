"""Materialise and run one bad-input corpus case (tests/corpus/*.yaml) through the CLI, in process.

A case starts from the base ruleset and facts in tests/corpus/base/ and changes
them: `replace` pairs on the ruleset text (each `old` must occur exactly once),
`tables` pairs per CSV, whole `files`, `hex` bytes, `delete`d files, a different
`facts` path, extra `args`, monkeypatched `limits`. It then states the exit code
and the exact lines the CLI prints on stderr, with the temporary folder shown as
<dir>. `python tests/corpus_runner.py FILE` prints what every case gives now, for
reviewing a new case by eye before writing its expectation down.
"""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from pingyi_rules.cli import run
from pingyi_rules.facts import tables as _facts_tables
from pingyi_rules.source import strict_yaml as _yaml

CORPUS = Path(__file__).parent / "corpus"
BASE = CORPUS / "base"


def load_cases(name: str) -> list[dict[str, Any]]:
    cases = yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), "corpus case ids must be unique"
    return cases  # type: ignore[no-any-return]


def _replace(text: str, pairs: list[list[str]], what: str) -> str:
    for old, new in pairs:
        count = text.count(old)
        if count != 1:
            raise AssertionError(f"{what}: {old!r} occurs {count} times in the base, not once")
        text = text.replace(old, new)
    return text


def materialise(case: dict[str, Any], folder: Path, default_command: str) -> list[str]:
    """Write the case's ruleset and facts under folder; return the CLI arguments."""
    ruleset = folder / "ruleset.yaml"
    if "ruleset_hex" in case:
        ruleset.write_bytes(bytes.fromhex(case["ruleset_hex"]))
    else:
        text = case.get("text", (BASE / "ruleset.yaml").read_text(encoding="utf-8"))
        text = _replace(text, case.get("replace", []), "ruleset") + case.get("append", "")
        text = text * case.get("repeat", 1)
        ruleset.write_bytes(text.encode(case.get("encoding", "utf-8")))
    facts = folder / "facts"
    facts.mkdir()
    for item in BASE.glob("*.csv"):
        shutil.copy(item, facts / item.name)
    for table, pairs in (case.get("tables") or {}).items():
        path = facts / f"{table}.csv"
        path.write_text(_replace(path.read_text(encoding="utf-8"), pairs, table), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        (facts / name).write_bytes(content.encode(case.get("files_encoding", "utf-8")))
    for name, content in (case.get("hex") or {}).items():
        (facts / name).write_bytes(bytes.fromhex(content))
    for name in case.get("delete", []):
        (facts / name).unlink()
    for name in case.get("mkdir", []):
        (facts / name).mkdir()
    for name, points_to in (case.get("symlink") or {}).items():
        (facts / name).symlink_to(points_to)
    command = case.get("command", default_command)
    args = [a.replace("<facts>", str(facts)) for a in case.get("args", [])]
    if command == "check":
        return ["check", str(ruleset), *args]
    target = facts / case["facts"] if case.get("facts") else facts
    return [command, str(ruleset), str(target), *args]


LIMITS = {
    "MAX_FACTS_BYTES": (_facts_tables, "MAX_FACTS_BYTES"),
    "MAX_RULESET_BYTES": (_yaml, "MAX_RULESET_BYTES"),
    "MAX_REPORTED": (_facts_tables, "MAX_REPORTED"),
}


def default_command(corpus_file: str) -> str:
    return "score" if corpus_file.startswith("facts") else "check"


def run_case(case: dict[str, Any], folder: Path, command: str) -> tuple[int, list[str], str]:
    """(exit code, stderr lines with the folder shown as <dir>, stdout)."""
    argv = materialise(case, folder, command)
    saved = []
    for name, value in (case.get("limits") or {}).items():
        module, attr = LIMITS[name]
        saved.append((module, attr, getattr(module, attr)))
        setattr(module, attr, value)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        code = run(argv, stdout, stderr)
    finally:
        for module, attr, value in saved:
            setattr(module, attr, value)
    lines = stderr.getvalue().replace(str(folder), "<dir>").splitlines()
    return code, lines, stdout.getvalue()


def _show(name: str) -> None:  # pragma: no cover - a reviewing aid
    import tempfile

    for case in load_cases(name):
        with tempfile.TemporaryDirectory() as tmp:
            code, lines, _ = run_case(case, Path(tmp), default_command(name))
        print(f"- id: {case['id']}\n  exit: {code}\n  stderr:")
        for line in lines:
            print("    - " + yaml.safe_dump(line, allow_unicode=True, width=1000).strip().removesuffix("\n..."))


if __name__ == "__main__":  # pragma: no cover
    for arg in sys.argv[1:]:
        _show(arg)
