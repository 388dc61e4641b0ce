"""Determinism: byte-identical output across runs and PYTHONHASHSEED values, for every output
format the CLI offers; permuting input rows changes no number, rank or tier."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pingyi_rules
from pingyi_rules import score
from pingyi_rules.cli import _parser
from pingyi_rules.render.output import to_json_data

from ..factgen import COMPILED, RULESETS

SRC = Path(pingyi_rules.__file__).resolve().parent.parent


def _formats() -> list[str]:
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    score_parser = sub.choices["score"]  # type: ignore[union-attr]
    action = next(a for a in score_parser._actions if a.dest == "format")
    return list(action.choices or [])


# One process scores every shipped ruleset in every format, through the CLI, into a folder.
_SCRIPT = """
import io, sys
from pathlib import Path
from pingyi_rules.cli import run
out = Path(sys.argv[1])
jobs = [line.split("\\t") for line in sys.argv[2].splitlines()]
for name, ruleset, facts, fmt in jobs:
    target = out / f"{name}.{fmt}"
    code = run(["score", ruleset, facts, "--format", fmt, "-o", str(target)], io.StringIO(), sys.stderr)
    assert code == 0, (name, fmt, code)
"""


def _run_all(out: Path, seed: str) -> dict[str, bytes]:
    jobs = "\n".join(f"{name}\t{path}\t{facts}\t{fmt}" for name, path, facts in RULESETS for fmt in _formats())
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(SRC)}
    subprocess.run([sys.executable, "-c", _SCRIPT, str(out), jobs], check=True, env=env, timeout=300)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    runs = [_run_all(tmp_path / seed, seed) for seed in ("0", "4242")]
    assert len(runs[0]) == len(RULESETS) * len(_formats())
    for other in runs[1:]:
        assert other.keys() == runs[0].keys()
        for name in runs[0]:
            assert other[name] == runs[0][name], f"{name} differs between PYTHONHASHSEED values"


def _permuted_copy(source: Path, target: Path, rng: random.Random) -> None:
    target.mkdir()
    for item in sorted(source.glob("*.csv")):
        text = item.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        header, body = rows[0], rows[1:]
        rng.shuffle(body)
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([header, *body])
        (target / item.name).write_text(out.getvalue(), encoding="utf-8")


def _meaning(data: dict[str, Any]) -> dict[str, Any]:
    """What the result says, without where the rows happened to be."""
    units = {u["id"]: {k: v for k, v in u.items()} for u in data["units"]}
    void = sorted((v["table"], v["key"], v["reason"]) for v in data["void"])
    return {"units": units, "void": void}


@pytest.mark.parametrize("name", [r[0] for r in RULESETS])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_permuting_rows_changes_nothing(name: str, seed: int, tmp_path: Path) -> None:
    _, _, folder = next(r for r in RULESETS if r[0] == name)
    ruleset = COMPILED[name]
    original = _meaning(to_json_data(score(ruleset, folder)))
    _permuted_copy(folder, tmp_path / "shuffled", random.Random(seed))
    shuffled = _meaning(to_json_data(score(ruleset, tmp_path / "shuffled")))
    assert json.dumps(shuffled, sort_keys=True, ensure_ascii=False) == json.dumps(
        original, sort_keys=True, ensure_ascii=False
    )


def test_same_result_twice_in_process() -> None:
    for name, _, folder in RULESETS:
        first = json.dumps(to_json_data(score(COMPILED[name], folder)), ensure_ascii=False)
        assert json.dumps(to_json_data(score(COMPILED[name], folder)), ensure_ascii=False) == first
