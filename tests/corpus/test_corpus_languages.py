"""The ruleset corpus in Chinese: `pingyi --lang zh check` and `LANG=zh_CN.UTF-8 pingyi check` print
every problem at the same place and with the same code as in English, worded in Chinese."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules.cli import run
from pingyi_rules.core.safe_text import visible
from pingyi_rules.loading import check_ruleset

from ..corpus_runner import LIMITS, load_cases, materialise

_HERE = Path(__file__).parent
CASES = [c for f in sorted(_HERE.glob("rulesets*.yaml")) for c in load_cases(f.name)]
_CODE = re.compile(r" \[((?:RS|FA|EV|PY)\d{3})\]$")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _problems(argv: list[str], case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    with monkeypatch.context() as patch:
        for name, value in (case.get("limits") or {}).items():
            module, attr = LIMITS[name]
            patch.setattr(module, attr, value)
        stderr = io.StringIO()
        run(argv, io.StringIO(), stderr)
    return [line for line in stderr.getvalue().splitlines() if _CODE.search(line)]


def _chinese(text: str) -> int:
    return len(_CJK.findall(text))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_the_ruleset_corpus_in_chinese(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("PINGYI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    argv = materialise(case, tmp_path, "check")
    english = _problems(argv, case, monkeypatch)
    chinese = _problems(["--lang", "zh", *argv], case, monkeypatch)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert _problems(argv, case, monkeypatch) == chinese  # the locale chooses Chinese as --lang does
    monkeypatch.delenv("LANG")
    if not english:
        return
    with monkeypatch.context() as patch:
        for name, value in (case.get("limits") or {}).items():
            module, attr = LIMITS[name]
            patch.setattr(module, attr, value)
        errors = check_ruleset(tmp_path / "ruleset.yaml")
    assert len(english) == len(chinese) == len(errors)
    for en, zh, error in zip(english, chinese, errors, strict=True):
        place = visible(str(error.location)) + ": " if error.location else ""
        assert en.startswith(place) and zh.startswith(place), (en, zh)
        code = _CODE.search(en)
        assert code is not None and zh.endswith(f" [{code.group(1)}]"), (en, zh)
        if code.group(1).startswith("RS"):  # the ruleset's own messages (other codes are worded by their owners)
            said, said_en = zh[len(place) : -len(code.group(0))], en[len(place) : -len(code.group(0))]
            assert _chinese(said) > _chinese(said_en), f"not worded in Chinese: {zh!r}"
