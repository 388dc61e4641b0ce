"""Structurally generated rulesets (hand-written strategies over plain data, dumped as JSON, which
is YAML): whatever their shape, only the engine's own errors escape check / load / score."""

from __future__ import annotations

import datetime as _dt
import json
import sys as _sys
import types as _types
import typing as _typing
from decimal import Decimal as _Decimal
from fractions import Fraction
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pingyi_rules import PingyiError, RulesetError, check_ruleset, load_ruleset, score
from pingyi_rules.facts.reading import FactSet, read_facts
from pingyi_rules.kinds import cases as _cases
from pingyi_rules.kinds import deduction as _deduction
from pingyi_rules.kinds.registry import KINDS
from pingyi_rules.model import components as _m
from pingyi_rules.source import strict_yaml as _yaml

# every model of a kind (and of its parts: items, exemptions, ...), by class name
_kind_models = _types.SimpleNamespace(
    **{k.model.__name__: k.model for k in KINDS.values()},
    CaseItem=_cases.CaseItem, DeductionItem=_deduction.DeductionItem,
)

from .arith import near, published
from .corpus_runner import BASE

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BASE_DATA: dict[str, Any] = {}  # the base ruleset's inputs, reused so the base facts fit

NUMERIC = ["领导评分", "测评_好", "测评_中", "测评_差", "未整改", "附加分"]
OTHER = ["名称", "类别", "立案", "报送日期", "编码", "领导评份", "不存在"]
IDS = ["a", "b", "c", "d", "e", "综合", "整改", "附加", "a b", ""]
NUMBERS = [0, 1, 2, 3, 5, 10, 20, 50, 80, 100, 0.5, 0.25, 0.2, 0.8, -1, 1e20, "x", None, True]
POINTS = [0, 1, 5, 10, 20, 50, 100, 0.5, -5]


def _base_inputs() -> dict[str, Any]:
    if not BASE_DATA:
        from pingyi_rules.source.strict_yaml import parse_yaml

        BASE_DATA.update(parse_yaml((BASE / "ruleset.yaml").read_text(encoding="utf-8"), "base").data)
    return json.loads(json.dumps(BASE_DATA["inputs"], default=str))


@st.composite
def spoil(draw: st.DrawFn, data: dict[str, Any], wild: bool) -> dict[str, Any]:
    """Mostly leave a node alone; sometimes drop a key, add a stray one, or put a wrong type in."""
    choice = draw(st.integers(0, 9)) if wild else 9
    if choice == 0 and data:
        data.pop(draw(st.sampled_from(sorted(data))))
    elif choice == 1:
        data[draw(st.sampled_from(["poinst", "colum", "weigth", "kind", "分值", "items"]))] = draw(
            st.sampled_from(NUMBERS)
        )
    elif choice == 2 and data:
        data[draw(st.sampled_from(sorted(data)))] = draw(st.sampled_from([[], {}, "text", 7, None, [1, 2]]))
    return data


_SERIAL = [0]


def _id(draw: st.DrawFn, wild: bool) -> str:
    if wild:
        return draw(st.sampled_from(IDS))
    _SERIAL[0] += 1
    return f"c{_SERIAL[0]}"


def _pick(draw: st.DrawFn, wild: bool, tame: list[Any], odd: list[Any]) -> Any:
    return draw(st.sampled_from(tame + odd if wild else tame))


@st.composite
def leaf(draw: st.DrawFn, wild: bool) -> dict[str, Any]:
    kind = draw(st.sampled_from(["input", "rating", "deduction", "expression", "cases"]))
    node: dict[str, Any] = {"id": _id(draw, wild), "name": "项", "kind": kind,
                            "points": _pick(draw, wild, [5, 10, 20, 100], POINTS)}
    column = _pick(draw, wild, ["领导评分"], NUMERIC + OTHER)
    if kind == "input":
        node["column"] = column
        if draw(st.booleans()):
            node["max"] = draw(st.sampled_from(NUMBERS))
    elif kind == "rating":
        node["scale"] = draw(st.sampled_from(["三档", "五档"]))
        node["scale"] = _pick(draw, wild, ["三档"], ["五档"])
        node["counts"] = [_pick(draw, wild, ["测评_{grade}"], ["测评_好", "x_{grade}"])]
    elif kind == "deduction":
        node["items"] = [
            {"id": _id(draw, wild), "name": "扣", "column": _pick(draw, wild, ["未整改", "附加分"], NUMERIC + OTHER),
             "amount": _pick(draw, wild, [1, 2, 0.5], NUMBERS), **({"group": "g"} if draw(st.booleans()) else {})}
            for _ in range(draw(st.integers(0 if wild else 1, 2)))
        ]
        if draw(st.booleans()):
            node["caps"] = {_pick(draw, wild, ["g"], ["h"]): _pick(draw, wild, [1, 3], NUMBERS)}
            for item in node["items"]:
                item["group"] = "g"
        if draw(st.booleans()):
            node["floor"] = draw(st.sampled_from([None, 0, -5, 3]))
        if draw(st.booleans()):
            node["base"] = _pick(draw, wild, [node["points"]], POINTS)
    elif kind == "expression":
        node["expr"] = _pick(draw, wild, [
            "min(附加分, 5)", "领导评分 / 10", "附加分 ** 2", "领导评分 / 未整改", "round(领导评分 / 3, 2)",
            "附加分 if 立案 else 0", "clamp(领导评分, 0, 5)", "1 / 0", "名称",
        ], ["a + 1", "x.y"])
        node["clamp"] = draw(st.booleans())
    else:
        node["table"] = _pick(draw, wild, ["cases"], ["units", "extra", "nope"])
        node["code"] = _pick(draw, wild, ["事项"], ["日期", "编码"])
        if draw(st.booleans()):
            node["date"] = _pick(draw, wild, ["日期"], ["事项"])
        if draw(st.booleans()) or not wild:
            node["amount"] = "分值"
        node["effect"] = _pick(draw, wild, ["deduct", "add"], ["multiply"])
        items = [{"code": "A", "name": "甲", "amount": 3}, {"code": "B", "name": "乙", "range": [1, 5]}]
        node["items"] = items if not wild else draw(st.lists(st.sampled_from(items), min_size=0, max_size=3))
        if draw(st.booleans()):
            node["exemptions"] = [{"when": {"column": "事项", "equals": _pick(draw, wild, ["A"], ["C", 1])},
                                   "reason": "免"}]
        if draw(st.booleans()):
            node["modifiers"] = [{"when": {"column": "事项", "in": ["A"]}, "multiply": _pick(draw, wild, [2, 0.5], NUMBERS),
                                  "reason": "倍", "after_highest": draw(st.booleans())}]
        if draw(st.booleans()):
            node["highest_only"] = {"matter": [_pick(draw, wild, ["编码", "事项"], ["无"])]}
    return draw(spoil(node, wild))


def component(depth: int, wild: bool) -> st.SearchStrategy[dict[str, Any]]:
    if depth == 0:
        return leaf(wild)
    return st.one_of(leaf(wild), parent(depth, wild))


@st.composite
def parent(draw: st.DrawFn, depth: int, wild: bool) -> dict[str, Any]:
    kind = draw(st.sampled_from(["sum", "weighted"]))
    children = draw(st.lists(component(depth - 1, wild), min_size=1, max_size=3))
    total = sum((c["points"] for c in children if isinstance(c.get("points"), (int, float))
                 and not isinstance(c.get("points"), bool)), 0)
    node: dict[str, Any] = {"id": _id(draw, wild), "name": "父", "kind": kind, "components": children}
    if kind == "weighted":
        tame = {1: [[1]], 2: [[0.5, 0.5], [0.25, 0.75]], 3: [[0.2, 0.3, 0.5]]}[len(children)]
        weights = _pick(draw, wild, tame, [[0.6, 0.6], [None]])
        for child, weight in zip(children, weights):
            if weight is not None:
                child["weight"] = weight
        if not wild:
            for child in children:  # equal points, so scale 1 gives the parent's points
                child["points"] = 10
            total = 10
        node["multiply"] = _pick(draw, wild, [1], [0.8, 100])
    node["points"] = total if not wild or draw(st.booleans()) else draw(st.sampled_from(POINTS))
    return draw(spoil(node, wild))


CONDITIONS = st.recursive(
    st.one_of(
        st.builds(lambda n: {"top": n}, st.sampled_from([1, 2])),
        st.builds(lambda n: {"bottom": n}, st.sampled_from([1, 3])),
        st.builds(lambda x: {"below": x}, st.sampled_from([60, 70.5])),
        st.builds(lambda x: {"at_least": x}, st.sampled_from([60, 10])),
        st.builds(lambda f: {"flag": f}, st.sampled_from(["立案", "立案", "名称"])),
    ),
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=2).map(lambda c: {"all": c}),
        st.lists(inner, min_size=1, max_size=2).map(lambda c: {"any": c}),
        inner.map(lambda c: {"not": c}),
    ),
    max_leaves=4,
)


@st.composite
def ruleset(draw: st.DrawFn) -> dict[str, Any]:
    wild = draw(st.booleans())
    _SERIAL[0] = 0
    components = draw(st.lists(component(2, wild), min_size=1, max_size=4))
    total = sum((c["points"] for c in components if isinstance(c.get("points"), (int, float))
                 and not isinstance(c.get("points"), bool) and not c.get("outside")), 0)
    data: dict[str, Any] = {
        "id": "fuzz", "name": "模糊", "version": "1", "source": {"title": "t"},
        "inputs": _base_inputs(),
        "scales": [{"id": "三档", "grades": {"好": 100, "中": 60, "差": 0}}],
        "points": total if not wild or draw(st.booleans()) else draw(st.sampled_from(POINTS)),
        "components": components,
    }
    if draw(st.booleans()):
        data["period"] = _pick(draw, wild, [{"start": "2023-01-01", "end": "2023-12-31"}],
                               [{"start": "2023-12-31", "end": "2023-01-01"}, {"start": "x"}])
    if draw(st.booleans()):
        data["ranking"] = {"within": _pick(draw, wild, ["类别", "名称"], ["无"]),
                           "ties": _pick(draw, wild, ["competition", "dense"], ["olympic"])}
    tiers = []
    names = ["优秀", "合格", "不合格"]
    for name in draw(st.lists(st.sampled_from(names), max_size=3, unique=not wild)):
        if draw(st.booleans()):
            tiers.append({"name": name, "when": draw(CONDITIONS)})
        else:
            tiers.append({"name": name, "quota": _pick(draw, wild, [{"best": 1}, {"worst": 2}], [{"best": 0}])})
    data["tiers"] = tiers
    if draw(st.booleans()):
        data["vetoes"] = [{"name": "否决", "when": draw(CONDITIONS), "tier": "不合格",
                           "bars": _pick(draw, wild, [[], [n for n in names if n in {t["name"] for t in tiers}][:1]],
                                         [["良好"]])}]
    if draw(st.booleans()):
        data["numbers"] = {"places": _pick(draw, wild, [0, 2], [11]),
                           "round": draw(st.sampled_from(["total", "components"]))}
    return draw(spoil(data, wild))


_FACTS: list[FactSet] = []


def _base_facts() -> FactSet:
    if not _FACTS:
        _FACTS.append(read_facts(load_ruleset(BASE / "ruleset.yaml").tables, BASE))
    return _FACTS[0]


@FUZZ
@given(data=ruleset())
def test_generated_rulesets_raise_only_engine_errors(data: dict[str, Any]) -> None:
    text = json.dumps(data, ensure_ascii=False)
    errors = check_ruleset("fuzz.yaml", text=text)
    assert all(isinstance(e, RulesetError) for e in errors)
    try:
        compiled = load_ruleset("fuzz.yaml", text=text)
    except RulesetError as exc:
        assert errors and str(exc) == str(errors[0])
        return
    assert errors == []
    try:
        result = score(compiled, _base_facts())
    except PingyiError:
        return
    numbers = compiled.model.numbers
    for subject in result.subjects:  # checked in exact rationals and with the documented rounding
        if subject.exact_total is not None:
            assert near(subject.exact_total, sum((Fraction(c.points) for c in subject.components if c.points is not None), Fraction(0)))
            assert subject.total is not None
            assert Fraction(subject.total) == published(subject.exact_total, numbers.places, numbers.rounding)
            if numbers.round_at == "components":
                for c in subject.components:
                    assert c.points is None or Fraction(c.points) == published(c.points, numbers.places, numbers.rounding)


def test_the_generator_reaches_scoring() -> None:
    """Guard against a generator that only ever produces rulesets failing at load."""
    loaded = 0

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(data=ruleset())
    def probe(data: dict[str, Any]) -> None:
        nonlocal loaded
        try:
            load_ruleset("fuzz.yaml", text=json.dumps(data, ensure_ascii=False))
            loaded += 1
        except RulesetError:
            pass

    probe()
    assert loaded > 0


# --------------------------------------------------------------------------- every kind, from its model's types

_POOL = NUMERIC + OTHER + ["units", "extra", "cases", "三档", "好", "中", "差", "A", "B", "事项", "日期", "分值",
                           "综合", "整改", "min(附加分, 5)", "领导评分 / 10", "x", ""]


def _value(draw: st.DrawFn, annotation: Any, depth: int) -> Any:
    """A value shaped like the annotation (sometimes a wrong one), written by hand: no st.builds."""
    origin, args = _typing.get_origin(annotation), _typing.get_args(annotation)
    if origin is _typing.Annotated:
        if any(getattr(a, "discriminator", None) for a in args[1:]):  # the Component union
            return draw(any_component(depth - 1)) if depth > 0 else draw(leaf(False))
        return _value(draw, args[0], depth)
    if origin is _typing.Literal:
        return draw(st.sampled_from([*args, "wrong"])) if draw(st.integers(0, 9)) == 0 else draw(st.sampled_from(args))
    if origin in (_typing.Union, _types.UnionType):
        arms = [a for a in args if a is not type(None)]
        return _value(draw, draw(st.sampled_from(arms)), depth)
    if origin is list:
        return [_value(draw, args[0], depth) for _ in range(draw(st.integers(0, 2)))]
    if origin is dict:
        return {str(draw(st.sampled_from(_POOL))): _value(draw, args[1], depth) for _ in range(draw(st.integers(0, 2)))}
    if isinstance(annotation, type) and issubclass(annotation, _m.Model):
        return _fill(draw, annotation, depth - 1) if depth > 0 else {}
    if annotation is bool:
        return draw(st.booleans())
    if annotation is int:
        return draw(st.sampled_from([0, 1, 2, 3, -1]))
    if annotation is _Decimal:
        return draw(st.sampled_from(NUMBERS))
    if annotation is _dt.date:
        return draw(st.sampled_from(["2023-01-01", "2023-12-31", "2023-02-30"]))
    return draw(st.sampled_from(_POOL))


def _fill(draw: st.DrawFn, model: type[_m.Model], depth: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required() or draw(st.integers(0, 2)) == 0:
            data[info.alias or name] = _value(draw, info.annotation, depth)
    return data


@st.composite
def any_component(draw: st.DrawFn, depth: int = 2) -> dict[str, Any]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    data = _fill(draw, KINDS[kind].model, depth)
    data["kind"] = kind
    data["id"] = _id(draw, False)
    data["name"] = "项"
    data["points"] = draw(st.sampled_from([5, 10, 100]))
    return data


@st.composite
def ruleset_of_any_kind(draw: st.DrawFn) -> dict[str, Any]:
    _SERIAL[0] = 0
    components = draw(st.lists(any_component(), min_size=1, max_size=3))
    return {
        "id": "fuzz", "name": "模糊", "version": "1", "source": {"title": "t"},
        "inputs": _base_inputs(),
        "scales": [{"id": "三档", "grades": {"好": 100, "中": 60, "差": 0}}],
        "points": sum(c["points"] for c in components if not c.get("outside")),
        "components": components,
    }


@FUZZ
@given(data=ruleset_of_any_kind())
def test_every_kind_filled_from_its_types_raises_only_engine_errors(data: dict[str, Any]) -> None:
    test_generated_rulesets_raise_only_engine_errors.hypothesis.inner_test(data)  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- the ruleset as text

_BASE_TEXT = (BASE / "ruleset.yaml").read_text(encoding="utf-8")
_UNWANTED = [chr(c) for c in range(0x110000) if _yaml.UNWANTED.match(chr(c))]


@FUZZ
@given(ch=st.sampled_from(_UNWANTED), offset=st.integers(0, len(_BASE_TEXT)))
def test_an_unwanted_character_anywhere_is_located(ch: str, offset: int) -> None:
    """Wherever it lands — key, value, comment, quotes, indentation — one RS047 at its line and column."""
    text = _BASE_TEXT[:offset] + ch + _BASE_TEXT[offset:]
    line = _BASE_TEXT.count("\n", 0, offset) + 1
    column = offset - (_BASE_TEXT.rfind("\n", 0, offset) + 1) + 1
    errors = [str(e) for e in check_ruleset("x.yaml", text=text)]
    assert errors == [(f"x.yaml:{line}:{column}: the {str(_yaml.describe_character(ch)).removeprefix('the ')} "
                      "is not allowed in a ruleset; delete it [RS047]")]
    assert f"U+{ord(ch):04X}" in errors[0]


@FUZZ
@given(ch=st.sampled_from(_UNWANTED + ["\r"]), where=st.sampled_from(["name: 语料基准", "  title: 测试方案", "    forces: 不合格"]))
def test_an_unwanted_character_made_by_an_escape_is_located(ch: str, where: str) -> None:
    key, _, value = where.partition(": ")
    escaped = f"{key}: \"{value[:1]}\\U{ord(ch):08X}{value[1:]}\""
    errors = check_ruleset("x.yaml", text=_BASE_TEXT.replace(where, escaped))
    assert len(errors) == 1 and errors[0].code == "RS047"
    assert f"contains {_yaml.describe_character(ch)} (written as an escape)" in errors[0].message
    assert errors[0].location is not None and errors[0].location.line == _BASE_TEXT[: _BASE_TEXT.index(where)].count("\n") + 1


@FUZZ
@given(ch=st.characters(exclude_characters="\r\n", exclude_categories=["Cs"]))
def test_any_other_character_in_a_comment_is_accepted(ch: str) -> None:
    text = _BASE_TEXT.replace("    when: {top: 1}", f"    when: {{top: 1}}  # 注{ch}释")
    if _yaml.UNWANTED.match(ch):
        assert [e.code for e in check_ruleset("x.yaml", text=text)] == ["RS047"]
    else:
        assert check_ruleset("x.yaml", text=text) == []


# Where a stray key is inserted, and the model whose keys are valid there.
_PLACES: list[tuple[str, str, type[_m.Model]]] = [
    ("    when: {top: 1}", "    when: {top: 1}\n    KEY: 1", _m.Tier),
    ("{top: 1}", "{top: 1, KEY: 1}", _m.Condition),
    ("    kind: deduction\n", "    kind: deduction\n    KEY: 1\n", _kind_models.DeductionComponent),
    ("    kind: cases\n", "    kind: cases\n    KEY: 1\n", _kind_models.CasesComponent),
    ("    kind: weighted\n", "    kind: weighted\n    KEY: 1\n", _kind_models.WeightedComponent),
    ("kind: input, column: 领导评分,", "kind: input, KEY: 1, column: 领导评分,", _kind_models.InputComponent),
    ("kind: rating, scale: 三档,", "kind: rating, KEY: 1, scale: 三档,", _kind_models.RatingComponent),
    ("{header: 附加分, type: decimal, min: 0, max: 5}", "{header: 附加分, type: decimal, min: 0, max: 5, KEY: 1}", _m.Column),
    ("    - id: extra\n", "    - id: extra\n      KEY: 1\n", _m.Table),
    ("  tables:\n", "  KEY: 1\n  tables:\n", _m.Inputs),
    ("    table: units\n", "    table: units\n    KEY: 1\n", _m.Subjects),
    ("  places: 2\n", "  places: 2\n  KEY: 1\n", _m.Numbers),
    ("  within: 类别", "  within: 类别\n  KEY: 1", _m.Ranking),
    ("  title: 测试方案", "  title: 测试方案\n  KEY: 1", _m.Source),
    ("  start: 2023-01-01", "  start: 2023-01-01\n  KEY: 1", _m.Period),
    ("  - id: 三档\n", "  - id: 三档\n    KEY: 1\n", _m.Scale),
    ("{code: A, name: 甲事项, amount: 3}", "{code: A, name: 甲事项, amount: 3, KEY: 1}", _kind_models.CaseItem),
    ("{id: 未整改, name: 未整改, column: 未整改, amount: 2}", "{id: 未整改, name: 未整改, column: 未整改, amount: 2, KEY: 1}",
     _kind_models.DeductionItem),
    ("    forces: 不合格", "    forces: 不合格\n    KEY: 1", _m.Veto),
    ("points: 100\ncomponents:", "points: 100\nKEY: 1\ncomponents:", _m.Ruleset),
]
_MODELS = [v for v in vars(_m).values() if isinstance(v, type) and issubclass(v, _m.Model) and v is not _m.Model]
_MODELS += [
    v for module in (_cases, _deduction, *(_sys.modules[k.model.__module__] for k in KINDS.values()))
    for v in vars(module).values()
    if isinstance(v, type) and issubclass(v, _m.Model) and v is not _m.Model and v not in _MODELS
]
_EVERY_KEY = sorted(
    {info.alias or name for model in _MODELS for name, info in model.model_fields.items()}
    | {info.title for model in _MODELS for info in model.model_fields.values() if info.title}
)


@FUZZ
@given(place=st.sampled_from(_PLACES), key=st.sampled_from(_EVERY_KEY))
def test_did_you_mean_comes_from_the_keys_valid_at_that_place(place: tuple[str, str, type[_m.Model]], key: str) -> None:
    """Any key of any model, written where it is not valid: the suggestions are keys valid there, never itself."""
    old, new, model = place
    valid = [info.alias or name for name, info in model.model_fields.items()]
    assume(key not in valid)
    found = check_ruleset("x.yaml", text=_BASE_TEXT.replace(old, new.replace("KEY", key)))
    # a key of another condition language (a row's `column`) is said to belong elsewhere, RS070, not unknown
    assume(not any(e.code == "RS070" for e in found))
    # an old spelling of a key renamed at this place (a veto's `tier`) is refused naming the new key, RS088
    assume(not any(e.code == "RS088" for e in found))
    errors = [e for e in found if e.code == "RS012"]
    assert [e.message for e in errors] == [f"unknown key '{key}'"]
    suggestions = list(errors[0].suggestions)
    assert key not in suggestions and set(suggestions) <= set(valid)
    titled = [info.alias or name for name, info in model.model_fields.items() if info.title == key]
    if titled and not key.isascii():
        assert suggestions == titled  # 分值 → points, where points is a key


def test_every_model_is_reached_by_a_place_or_the_walk() -> None:
    """models_at finds every model from a pydantic loc, so no place falls back to suggesting nothing."""
    from pingyi_rules.loading import models_at

    assert models_at(("components", 0, "weighted", "components", 1, "input")) == [_kind_models.InputComponent]
    assert models_at(("components", 0, "cases", "exemptions", 0, "when", "not")) == [_m.RowCondition]
    assert models_at(("components", 0, "cases", "items", 2)) == [_kind_models.CaseItem]
    assert models_at(("tiers", 0, "when", "all", 1)) == [_m.Condition]
    assert models_at(("inputs", "tables", 3, "columns", 0)) == [_m.Column]
    assert models_at(("lookups", 0, "rows", 0, "when")) == [_m.Condition]
    assert models_at(("stages", 0, "select")) == [_m.Condition]
    assert models_at(("consequences", "bands", 0)) == [_m.ConsequenceBand]
    assert models_at(("distributions", 0, "shares", 0)) == [_m.ShareLimit]
    assert models_at(("components", 0, "sum", "components", 0, "ballots")) == [_kind_models.BallotsComponent]
    assert models_at(("components", 0, "grade")) == [_kind_models.GradeComponent]
