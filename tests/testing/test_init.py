"""`pingyi init NAME`: the starting folder, its three commands, and what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import cli


def test_init_writes_a_folder_whose_three_commands_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("init", "某县-2025")
    assert (code, err) == (0, "")
    assert out == f"{tmp_path / '某县-2025'}: ruleset, worked cases and example facts written; cd 某县-2025 and run the three commands in README.md\n"
    monkeypatch.chdir(tmp_path / "某县-2025")
    assert cli("check", "某县-2025.yaml") == (0, "某县-2025.yaml: ok\n", "")
    code, out, err = cli("score", "某县-2025.yaml", "facts", "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:3] == ["1,A01,甲局,75.84,20.00,95.84,好,", "2,A02,乙局,62.40,14.00,76.40,,"]
    assert cli("test", "某县-2025.yaml") == (0, "2 cases passed\n", "")


def test_init_refuses_a_folder_in_use_and_a_name_that_is_no_id(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "甲").mkdir()
    assert cli("init", "甲")[0] == 0  # an empty folder is taken
    code, out, err = cli("init", "甲")
    assert (code, out) == (2, "")
    assert err == f"pingyi: {tmp_path / '甲'} already exists and is not an empty folder\n"
    code, _, err = cli("init", "某 县")
    assert code == 2
    assert err == "pingyi: '某 县' cannot be a ruleset id: no spaces or path characters (/ \\ : * ? \" < > |)\n"
    assert cli("init", "a/b")[0] == 2
    assert not (tmp_path / "a").exists()


def test_init_and_template_say_what_they_wrote_in_the_users_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli("--lang", "zh", "init", "某县-2026")
    assert (code, err) == (0, "")
    assert out == f"{tmp_path / '某县-2026'}: 规则集、算例、示例数据已写好；cd 某县-2026 后运行 README.md 中的三个命令\n"
    ruleset = tmp_path / "某县-2026" / "某县-2026.yaml"
    assert cli("template", str(ruleset), "-o", "模板.xlsx") == (0, "模板.xlsx: a fill-in template of 1 table(s)\n", "")
    assert cli("--lang", "zh", "template", str(ruleset), "-o", "模板.xlsx") == (0, "模板.xlsx: 1 张数据表的填报模板\n", "")
