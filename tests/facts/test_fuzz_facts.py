"""Spoiled facts for every shipped ruleset: cells replaced by hostile text, files cut or garbled —
scoring either succeeds or raises a PingyiError naming a place in the facts; nothing else escapes."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, score

from ..factgen import COMPILED, RULESETS

HOSTILE = [
    "", " ", "-1", "1e400", "1e-400", "NaN", "inf", "-0", "0x10", "1_000", "１２", "一", "是", "否", "true",
    "2023-02-30", "2023-13-01", "9999-12-31", "0000-01-01", "2023/1/1", "\x00", "\ufeff", "\u3000", "'", '"',
    "=1+1", "@SUM(A1)", "\u202e", "😀", "x" * 300, "9" * 40, "1,5", "1.5.5", "+", "合计", "U1", "S00",
    "1,013", "１，０１３", "1,0000", ",5", "1¹", "½", "Ⅱ", "③", "𝟏", "٣", "⁻1", "U1\u200b", "\u200bU1", "\ufffe", "\uffff",
    "\ufdd0", "\x85", "\u00ad", "23-5-1", "5/1/23", "2023年5月1日", "2023.5.1", "20230501", "(一)", "（一）",
]


@pytest.mark.parametrize("name", [r[0] for r in RULESETS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_spoiled_example_facts(name: str, data: st.DataObject) -> None:
    _, _, folder = next(r for r in RULESETS if r[0] == name)
    ruleset = COMPILED[name]
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "facts"
        shutil.copytree(folder, target)
        files = sorted(target.glob("*.csv"))
        victim = data.draw(st.sampled_from(files))
        rows = list(csv.reader(io.StringIO(victim.read_text(encoding="utf-8-sig"))))
        how = data.draw(st.sampled_from(["cells", "cells", "truncate", "bytes"]))
        if how == "cells":
            for _ in range(data.draw(st.integers(1, 4))):
                row = data.draw(st.integers(0, len(rows) - 1))
                if rows[row]:
                    col = data.draw(st.integers(0, len(rows[row]) - 1))
                    rows[row][col] = data.draw(st.sampled_from(HOSTILE) | st.text(max_size=8))
            out = io.StringIO()
            csv.writer(out, lineterminator="\n").writerows(rows)
            victim.write_text(out.getvalue(), encoding="utf-8")
        elif how == "truncate":
            raw = victim.read_bytes()
            victim.write_bytes(raw[: data.draw(st.integers(0, len(raw)))])
        else:
            victim.write_bytes(data.draw(st.binary(max_size=200)))
        try:
            score(ruleset, target)
        except PingyiError as exc:
            assert str(exc).strip(), "an error says something"
            locations = [e.location for e in getattr(exc, "errors", [exc])]
            assert all(loc is not None for loc in locations), str(exc)
