"""rulesets/renyuan-kaohe-cepingpiao.yaml against the independent reading in renyuan_reference.py on generated
teams: every member's ballot scores every other member, with scores on the grade and rule-2 boundaries
(90.0, 89.9, 70.0, 69.9, 60.0), malformed scores (blank, two decimals, above 100, negative), ballots of
one repeated score, ties for the highest and lowest score received, and teams of 3 to 9 (so a person
receives 5 or fewer valid scores, or more than 5 and is trimmed)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .engine import Reach, try_engine_json, unit_divergences, write_csv
from .renyuan_reference import reference, void_ballots

ROOT = Path(__file__).resolve().parents[2]
RULESET = ROOT / "rulesets" / "renyuan-kaohe-cepingpiao.yaml"
VALUES = ("有效票数", "最高分", "最低分", "去掉的最高分", "去掉的最低分")
HEADERS = {"persons": ["班组", "人员编码", "姓名", "班次"], "ballots": ["班组", "票号", "被评人编码", "被评人姓名", "分数"]}
LOW = ["0", "45.5", "59.9", "60", "64.3", "69.9"]
HIGH = ["70", "75.1", "80", "88.8", "89.9", "90", "90.0", "95.5", "100"]
BAD = ["", "85.25", "100.5", "-1"]


@st.composite
def ballot(draw: st.DrawFn, size: int) -> list[str]:
    """`size` scores; mostly shaped to keep rule 2 (two low scores at least), sometimes not."""
    scores = [draw(st.sampled_from(HIGH + LOW)) for _ in range(size)]
    if size >= 2 and draw(st.sampled_from([True] * 9 + [False])):
        for i in draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=2, unique=True)):
            scores[i] = draw(st.sampled_from(LOW))
    if draw(st.sampled_from([False] * 9 + [True])):
        scores[draw(st.integers(0, size - 1))] = draw(st.sampled_from(BAD))
    if draw(st.sampled_from([False] * 12 + [True])):
        scores = [scores[0]] * size
    return scores


@st.composite
def tables(draw: st.DrawFn) -> dict[str, tuple[list[str], list[list[str]]]]:
    rows: dict[str, list[list[str]]] = {name: [] for name in HEADERS}
    for t, team in enumerate(["运行一班", "运行二班"][: draw(st.integers(1, 2))]):
        size = draw(st.integers(3, 9))
        members = [f"P{t}{i}" for i in range(size)]
        rows["persons"] += [[team, m, f"人员{m}", draw(st.sampled_from(["白班", "倒班"]))] for m in members]
        for author in range(size):
            if draw(st.sampled_from([True] * 6 + [False])):  # a member who handed in no ballot
                others = [m for i, m in enumerate(members) if i != author]
                for member, score in zip(others, draw(ballot(len(others))), strict=True):
                    rows["ballots"].append([team, f"{team[2]}{author}", member, f"人员{member}", score])
    return {name: (HEADERS[name], rows[name]) for name in HEADERS}


def test_engine_agrees_with_the_reference_on_generated_teams(tmp_path: Path) -> None:
    reach = Reach(0.75)
    seen: set[str] = set()

    @settings(max_examples=100, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=tables())
    def agree(facts: dict[str, tuple[list[str], list[list[str]]]]) -> None:
        folder = tmp_path / "facts"
        write_csv(folder, facts)
        result, err = try_engine_json(RULESET, folder)
        expected = reference(folder)
        if expected is None:  # someone with no valid score
            assert result is None and "[EV010]" in err, err
            reach.stopped += 1
            event("stopped: a person with no valid score")
            return
        assert result is not None, err
        reach.scored += 1
        assert unit_divergences(result, expected, ("平均分",), VALUES) == []
        voided = {v["key"]: v["reason"] for v in result["void"]}
        want = void_ballots(folder)
        assert set(voided) == set(want)
        for key, reason in want.items():
            assert voided[key] == reason if reason is not None else voided[key].startswith("分数"), (key, voided[key])
        means = [u["exact"] for u in expected.values()]
        seen.update(what for what, hit in [
            ("trimmed", any(u["去掉的最高分"] is not None for u in expected.values())),
            ("grade boundary", any(m in (90, 70, 60) for m in means)),
            ("x.xx5", any((m * 1000).denominator == 1 and m * 1000 % 10 == 5 for m in means)),
            *((reason or "malformed", True) for reason in want.values())] if hit)

    agree()
    reach.check()
    assert {"trimmed", "grade boundary", "x.xx5", "malformed"} <= seen, seen
