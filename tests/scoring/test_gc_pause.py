"""score() leaves the process's garbage collector alone unless asked (pause_gc=True); the CLI,
which owns its process, pauses it around each run."""

from __future__ import annotations

import gc

import pytest

from pingyi_rules import load_ruleset, score
from pingyi_rules.scoring.evaluate import paused_gc

from ..helpers import EXAMPLES, RULESETS, cli

SEED4 = RULESETS / "district-neishe-ceping-2012.yaml"


@pytest.fixture
def switches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call that would switch the collector off, recorded instead of made."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    return calls


def test_a_library_call_leaves_the_collector_alone(switches: list[str]) -> None:
    score(load_ruleset(str(SEED4)), EXAMPLES / "seed-004")
    assert switches == [] and gc.isenabled()


def test_pause_gc_switches_it_off_once_and_back_on(switches: list[str]) -> None:
    score(load_ruleset(str(SEED4)), EXAMPLES / "seed-004", pause_gc=True)
    assert switches == ["disable"] and gc.isenabled()


@pytest.mark.parametrize("command", ["score", "explain"])
def test_the_cli_pauses_it(command: str, switches: list[str]) -> None:
    extra = ["ZF03"] if command == "explain" else []
    code, _, _ = cli(command, SEED4, EXAMPLES / "seed-004", *extra)
    assert code == 0 and switches and gc.isenabled()


def test_scoring_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the outer state is what comes back
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError
    assert gc.isenabled()
    score(load_ruleset(SEED4), EXAMPLES / "seed-004")
    assert gc.isenabled()
