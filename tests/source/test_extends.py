"""`extends` + `overrides`: a ruleset written as another plus a few changed values."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest

from pingyi_rules import RulesetError, check_ruleset, load_ruleset, score
from pingyi_rules.cli import run

ROOT = Path(__file__).resolve().parents[2]
CITY = ROOT / "rulesets" / "city-gongshu-minping-2012.yaml"
VARIANT = ROOT / "rulesets" / "examples" / "county-minping-variant.yaml"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_variant_changes_exactly_its_three_numbers() -> None:
    city, county = load_ruleset(CITY).model, load_ruleset(VARIANT).model
    assert county.id == "county-minping-variant-2012"
    items = {i.code: i.amount for i in county.components[1].items}  # type: ignore[union-attr]
    assert items["投诉查实"] == 3 and items["下属效能责任"] == 3
    assert {i.code: i.amount for i in county.components[2].items}["全国"] == 8  # type: ignore[union-attr]
    # everything else is the city's
    assert county.components[0] == city.components[0]
    assert county.ranking == city.ranking and county.tiers == city.tiers


def test_the_variant_scores_with_its_own_numbers() -> None:
    result = score(load_ruleset(VARIANT), ROOT / "examples" / "seed-001")
    # ZC01: 日常考评 20 − (投诉查实 3 + 未及时整改 5) = 12; 77.277246… + 12 = 89.28
    assert result.subject("ZC01").total == Decimal("89.28")
    # ZC04: 全国 8 + 上级市 2 = 10; 65.053675… + 20 + 10 = 95.05
    assert result.subject("ZC04").total == Decimal("95.05")


def test_an_override_of_a_missing_element_names_the_override_with_suggestions(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "county.yaml",
        f"extends: {CITY}\nid: c\noverrides:\n  components.日常考评.items.投诉查.amount: 3\n",
    )
    errors = check_ruleset(path)
    assert len(errors) == 1
    assert str(errors[0]) == (
        f"{path}:4:3: overrides.components.日常考评.items.投诉查.amount: 'components[1].items' has no element '投诉查' "
        "(chosen by id, code, name or index); did you mean '投诉查实'? [RS040]"
    )


def test_a_bad_overridden_value_is_located_in_the_file_that_holds_it(tmp_path: Path) -> None:
    path = _write(tmp_path, "county.yaml", f"extends: {CITY}\noverrides:\n  components.日常考评.items.投诉查实.amount: -3\n")
    errors = check_ruleset(path)
    assert [(e.location.file, e.location.line) for e in errors if e.location] == [(str(path), 3)]
    assert "components[1].items[0].amount" in str(errors[0])


def test_a_bad_inherited_value_is_located_in_the_base(tmp_path: Path) -> None:
    base = _write(tmp_path, "base.yaml", CITY.read_text(encoding="utf-8").replace("points: 20\n    floor: 0", "points: 25\n    floor: 0"))
    child = _write(tmp_path, "child.yaml", "extends: base.yaml\nid: child\n")
    errors = check_ruleset(child)
    assert errors and all(e.location is not None and e.location.file == str(base) for e in errors)
    assert "add up to 105" in str(errors[0])


def test_a_top_level_key_of_the_child_replaces_the_base_one(tmp_path: Path) -> None:
    child = _write(tmp_path, "child.yaml", f"extends: {CITY}\nid: child\ntiers: []\n")
    result = score(load_ruleset(child), ROOT / "examples" / "seed-001")
    assert all(s.tiers == [] for s in result.subjects)


def test_a_ruleset_that_extends_itself_exits_1_naming_the_place(tmp_path: Path) -> None:
    path = _write(tmp_path, "self.yaml", "id: self\nextends: self.yaml\n")
    out, err = io.StringIO(), io.StringIO()
    assert run(["check", str(path)], out, err) == 1
    assert err.getvalue() == f"{path}:2:10: extends: the ruleset extends itself: self.yaml → self.yaml [RS041]\n"


def test_an_extends_cycle_through_two_files_is_rejected(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", "extends: b.yaml\nid: a\n")
    b = _write(tmp_path, "b.yaml", "extends: a.yaml\nid: b\n")
    with pytest.raises(RulesetError) as caught:
        load_ruleset(tmp_path / "a.yaml")
    assert str(caught.value) == f"{b}:1:10: extends: 'extends' goes round in a circle: a.yaml → b.yaml → a.yaml [RS041]"


def test_a_missing_base_is_located_at_extends(tmp_path: Path) -> None:
    path = _write(tmp_path, "c.yaml", "id: c\nextends: nowhere.yaml\n")
    with pytest.raises(RulesetError, match=r"c.yaml:2:10: extends: no ruleset file 'nowhere.yaml'"):
        load_ruleset(path)


def test_extends_chains_and_the_digest_follows_the_base(tmp_path: Path) -> None:
    base = _write(tmp_path, "base.yaml", CITY.read_text(encoding="utf-8"))
    middle = _write(tmp_path, "middle.yaml", "extends: base.yaml\nid: middle\noverrides:\n  components.日常考评.items.投诉查实.amount: 4\n")
    top = _write(tmp_path, "top.yaml", "extends: middle.yaml\nid: top\noverrides:\n  components.日常考评.items.未及时整改.amount: 4\n")
    first = load_ruleset(top)
    items = {i.code: i.amount for i in first.model.components[1].items}  # type: ignore[union-attr]
    assert (items["投诉查实"], items["未及时整改"]) == (4, 4)
    base.write_text(base.read_text(encoding="utf-8").replace('version: "2012.1"', 'version: "2012.2"'), encoding="utf-8")
    assert load_ruleset(top).sha256 != first.sha256
    assert middle.exists()


@pytest.mark.parametrize(
    "name", ["city-gongshu-minping-2012", "county-qianren-2022", "district-neishe-ceping-2012", "service-center-windows"]
)
def test_extending_without_changes_gives_the_base_model(tmp_path: Path, name: str) -> None:
    base = ROOT / "rulesets" / f"{name}.yaml"
    child = _write(tmp_path, "same.yaml", f"extends: {base}\n")
    assert load_ruleset(child).model == load_ruleset(base).model
