"""The libyaml parser reads every ruleset, and refuses bad YAML, as the Python loader does."""

from __future__ import annotations

from pathlib import Path

import pytest

import pingyi_rules
from pingyi_rules.source import strict_yaml as _yaml

from ..helpers import RULESETS


@pytest.mark.parametrize("path", sorted(RULESETS.glob("**/*.yaml")), ids=lambda p: p.name)
def test_libyaml_reads_every_ruleset_as_the_python_loader_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if _yaml._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    text = path.read_text(encoding="utf-8-sig")
    fast = _yaml.parse_yaml(text, path.name)
    monkeypatch.setattr(_yaml, "_FastLoader", None)
    slow = _yaml.parse_yaml(text, path.name)
    assert (fast.data, fast.marks, fast.key_marks) == (slow.data, slow.marks, slow.key_marks)


@pytest.mark.parametrize(
    "text",
    ["a: 1\nb: [1, 2\n", "a: &x 1\nb: *x\n", "a: 1\n\tb: 2\n", "a: 'open\n", "a: 1\na: 2\n", "- a\nb: 1\n"],
)
def test_bad_yaml_says_what_the_python_loader_says(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def message() -> str:
        try:
            _yaml.parse_yaml(text, "r.yaml")
        except pingyi_rules.RulesetError as exc:
            return str(exc)
        return "ok"

    fast = message()
    monkeypatch.setattr(_yaml, "_FastLoader", None)
    assert fast == message() != "ok"
