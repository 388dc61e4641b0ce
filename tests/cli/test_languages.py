"""Messages in the users' language, end to end: `pingyi` under a Chinese locale or with `--lang zh`
prints the same problems as in English — the same places and codes, one line each — worded in
Chinese; the bad-input corpus's facts cases are run again in Chinese and compared line by line."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pingyi_rules.cli import run

from ..corpus.test_corpus import FACTS_CASES
from ..corpus_runner import LIMITS, materialise

SRC = str(Path(__file__).parents[2] / "src")
BASE = Path(__file__).parents[1] / "corpus" / "base"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
CODE = re.compile(r" \[([A-Z]{2}\d{3})\]$")
_OURS = re.compile(r"\[(?:FA|EV|PY)\d{3}\]$")


def _pingyi(*argv: str, lang: str) -> subprocess.CompletedProcess[str]:
    """The command in a fresh process, the locale `lang` (PINGYI_LANG and the other locale variables unset)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PINGYI_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(PYTHONPATH=SRC, LANG=lang)
    return subprocess.run([sys.executable, "-m", "pingyi_rules", *argv], capture_output=True, text=True,
                          encoding="utf-8", env=env, check=False)


def _place_in_chinese(line: str) -> str:
    """An English line with its place's words in Chinese (`, row 3` → ` 第 3 行`, `: column X` → `: 列 X`)."""
    line = re.sub(r"^([^:]*?), row (\d+)", r"\1 第 \2 行", line, count=1)
    return re.sub(r"^(.*?): column ", r"\1: 列 ", line, count=1) if ": column " in line else line


def _same_problem(english: str, chinese: str) -> None:
    """The same place and code; the message after the place is in Chinese."""
    assert CODE.search(english) and CODE.search(chinese), (english, chinese)
    assert CODE.search(english).group(1) == CODE.search(chinese).group(1), (english, chinese)  # type: ignore[union-attr]
    expected = _place_in_chinese(english)
    common = os.path.commonprefix([expected, chinese])
    place = common[: common.rfind(": ") + 2] if ": " in common else ""  # where the wording starts to differ
    rest = chinese[len(place):]
    assert not re.match(r"(?:row|column) ", rest), f"an English place left in: {chinese}"
    assert CJK.search(rest), f"no Chinese after the place: {chinese}"
    if re.match(r"^(?:<dir>|/|--set|\w+\[)", english):  # a line with a place keeps all of it
        assert place, (english, chinese)


def _problems(text: str) -> list[str]:
    return [line for line in text.splitlines() if CODE.search(line)]


def test_check_under_a_chinese_locale_speaks_chinese_with_the_same_places_and_codes(tmp_path: Path) -> None:
    ruleset = tmp_path / "方案.yaml"
    text = (BASE / "ruleset.yaml").read_text(encoding="utf-8")
    ruleset.write_text(text.replace("name: 语料基准", "name: 语料基准\nnmae: 多余"), encoding="utf-8")
    english = _pingyi("check", str(ruleset), lang="en_US.UTF-8")
    chinese = _pingyi("check", str(ruleset), lang="zh_CN.UTF-8")
    assert english.returncode == chinese.returncode == 1
    assert english.stdout == chinese.stdout == ""
    assert english.stderr == f"{ruleset}:4:1: nmae: unknown key 'nmae'; did you mean 'name'? [RS012]\n"
    assert chinese.stderr == f"{ruleset}:4:1: nmae: 未知的键 'nmae'；是否想写 'name'？ [RS012]\n"


def test_score_with_lang_zh_on_broken_facts(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    units = (facts / "units.csv").read_text(encoding="utf-8")
    units = units.replace("U1,一科,甲类,90,8,", "U1,一科,丙类,,8,").replace("U2,二科,甲类,80,5,", "U2,二科,甲类,八十,5,")
    (facts / "units.csv").write_text(units, encoding="utf-8")
    ruleset = str(facts / "ruleset.yaml")
    english = _pingyi("score", ruleset, str(facts), lang="C.UTF-8")
    chinese = _pingyi("--lang", "zh", "score", ruleset, str(facts), lang="C.UTF-8")
    assert english.returncode == chinese.returncode == 1
    assert _problems(english.stderr) == [
        f"{facts}/units.csv, row 2: column 类别: '丙类' is not one of 甲类 / 乙类 [FA012]",
        f"{facts}/units.csv, row 2: column 领导评分: blank; expected a number from 0 to 100 [FA011]",
        f"{facts}/units.csv, row 3: column 领导评分: '八十' is not a number from 0 to 100 [FA014]",
    ]
    assert _problems(chinese.stderr) == [
        f"{facts}/units.csv 第 2 行: 列 类别: '丙类' 不是可选的值，应为以下之一：甲类 / 乙类 [FA012]",
        f"{facts}/units.csv 第 2 行: 列 领导评分: 未填写，应为介于 0 和 100 之间的数字 [FA011]",
        f"{facts}/units.csv 第 3 行: 列 领导评分: '八十' 不是有效的值，应为介于 0 和 100 之间的数字 [FA014]",
    ]
    for en, zh in zip(_problems(english.stderr), _problems(chinese.stderr), strict=True):
        _same_problem(en, zh)


def test_warnings_and_evaluation_errors_in_chinese(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(BASE, facts)
    extra = (facts / "extra.csv").read_text(encoding="utf-8")
    (facts / "extra.csv").write_text(extra.replace("编码,附加分", "编码,附加分,备注"), encoding="utf-8")
    ruleset = str(facts / "ruleset.yaml")
    chinese = _pingyi("explain", ruleset, str(facts), "U9", lang="zh_CN.UTF-8")
    english = _pingyi("explain", ruleset, str(facts), "U9", lang="en_US.UTF-8")
    assert english.returncode == chinese.returncode == 1
    assert english.stderr.splitlines()[-1] == "no subject 'U9' in the facts [EV001]"
    assert chinese.stderr.splitlines()[-1] == "数据中没有对象 'U9' [EV001]"
    scored = _pingyi("score", ruleset, str(facts), lang="zh_CN.UTF-8")
    assert scored.returncode == 0
    assert f"警告：{facts}/extra.csv 第 1 行: 列 '备注' 未被规则集使用，已忽略\n" in scored.stderr


def _qualifies(case: dict[str, Any]) -> bool:
    """A facts case whose every line is a problem of the FA/EV/PY families or a warning."""
    lines = case.get("stderr") or []
    return bool(lines) and all(_OURS.search(line) or line.startswith("warning: ") for line in lines)


_CASES = [c for c in FACTS_CASES if _qualifies(c)]


def _run(case: dict[str, Any], folder: Path, head: list[str]) -> tuple[int, list[str]]:
    folder.mkdir(exist_ok=True)
    argv = materialise(case, folder, "score")
    saved = []
    for name, value in (case.get("limits") or {}).items():
        module, attr = LIMITS[name]
        saved.append((module, attr, getattr(module, attr)))
        setattr(module, attr, value)
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        code = run([*head, *argv], stdout, stderr)
    finally:
        for module, attr, value in saved:
            setattr(module, attr, value)
    return code, stderr.getvalue().replace(str(folder), "<dir>").splitlines()


def test_the_corpus_cases_chosen_are_many() -> None:
    assert len(_CASES) > 100


@pytest.mark.parametrize("case", _CASES, ids=[c["id"] for c in _CASES])
def test_a_corpus_case_in_chinese_has_the_same_places_and_codes(case: dict[str, Any], tmp_path: Path) -> None:
    code, lines = _run(case, tmp_path, ["--lang", "zh"])
    assert code == case["exit"]
    assert len(lines) == len(case["stderr"]), lines
    for english, chinese in zip(case["stderr"], lines, strict=True):
        if english.startswith("warning: "):
            assert chinese.startswith("警告：") and CJK.search(chinese.removeprefix("警告：")), chinese
        else:
            _same_problem(english, chinese)


@pytest.mark.parametrize("case", _CASES[::25], ids=[c["id"] for c in _CASES[::25]])
def test_a_chinese_locale_gives_the_chinese_lines(case: dict[str, Any], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    code, by_flag = _run(case, tmp_path / "flag", ["--lang", "zh"])
    for name in ("PINGYI_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code_locale, by_locale = _run(case, tmp_path / "locale", [])
    assert code_locale == code
    assert by_locale == by_flag
    assert by_flag != case["stderr"]
    monkeypatch.setenv("PINGYI_LANG", "en")
    _, english = _run(case, tmp_path / "english", [])
    assert english == case["stderr"]


def test_the_last_words_follow_lang_before_the_command_then_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from pingyi_rules.cli import _asked_language

    for name in ("PINGYI_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert _asked_language(["score", "r.yaml", "facts"]) == "zh"
    assert _asked_language(["--lang", "en", "score", "r.yaml", "facts"]) == "en"
    assert _asked_language(["--lang=en", "score"]) == "en"
    assert _asked_language(["score", "--lang", "en"]) == "zh"  # after the command it is not pingyi's --lang
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert _asked_language(["--lang", "zh", "score"]) == "zh"
    assert _asked_language(["--lang"]) == "en"


def test_a_worked_case_expecting_an_error_holds_in_either_language(tmp_path: Path) -> None:
    from pingyi_rules.core.messages import use_language
    from pingyi_rules.scaffold import init_folder
    from pingyi_rules.testing.cases import read_cases, run_case

    folder = init_folder("某县-2025", tmp_path)
    bad = '{units: "单位编码,单位名称,满意,基本满意,不满意,投诉查实\\nB01,乙,十,0,0,0\\n"}'
    cases = folder / "某县-2025.cases.yaml"
    cases.write_text(cases.read_text(encoding="utf-8") + "".join(
        f"\n  - id: {name}\n    tables: {bad}\n    error: \"{text}\"\n"
        for name, text in (("英文", "is not a whole number"), ("中文", "不是有效的值"), ("都不是", "no such words"))
    ), encoding="utf-8")
    for language in ("en", "zh"):
        with use_language(language):
            passed = {case.id: run_case(case).passed for case in read_cases(cases) if case.id in ("英文", "中文", "都不是")}
        assert passed == {"英文": True, "中文": True, "都不是": False}, language
    with use_language("zh"):
        failed = run_case(next(c for c in read_cases(cases) if c.id == "都不是")).report()
    assert "报错：预期信息包含 'no such words'" in failed and "不是有效的值" in failed
