"""Facts as Python rows (`read_facts(ruleset, {table: rows})`): the same typing, checks and errors
as files, every place `table[i]: column H`."""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import string
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pingyi_rules import FactsError, load_ruleset, read_facts, score
from pingyi_rules.core.errors import FactsErrors
from pingyi_rules.facts.reading import ColumnSpec, TableSpec
from pingyi_rules.render.output import to_json_data

from ..helpers import EXAMPLES, RULESETS

WENZHOU = RULESETS / "wenzhou-2023.yaml"
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "base"


def csv_dicts(folder: Path) -> dict[str, list[dict[str, str]]]:
    return {p.stem: list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8-sig")))) for p in folder.glob("*.csv")}


def csv_lists(folder: Path) -> dict[str, list[list[str]]]:
    return {p.stem: list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig")))) for p in folder.glob("*.csv")}


def without_inputs(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != "inputs"}


def message(tables: dict[str, Any], ruleset: Path = CORPUS / "ruleset.yaml") -> str:
    with pytest.raises(FactsError) as caught:
        read_facts(load_ruleset(ruleset), tables)
    return str(caught.value)


def base() -> dict[str, list[dict[str, Any]]]:
    return csv_dicts(CORPUS)


def test_wenzhou_from_mappings_and_from_sequences_gives_the_csv_result() -> None:
    ruleset = load_ruleset(WENZHOU)
    from_csv = to_json_data(score(ruleset, EXAMPLES / "wenzhou-2023"))
    from_dicts = to_json_data(score(ruleset, read_facts(ruleset, csv_dicts(EXAMPLES / "wenzhou-2023"))))
    from_lists = to_json_data(score(ruleset, read_facts(ruleset.tables, csv_lists(EXAMPLES / "wenzhou-2023"))))
    assert without_inputs(from_dicts) == without_inputs(from_csv)
    assert without_inputs(from_lists) == without_inputs(from_csv)
    assert [item["name"] for item in from_dicts["inputs"]] == [spec.id for spec in ruleset.tables]


def test_the_input_digest_is_the_rows_given() -> None:
    ruleset = load_ruleset(CORPUS / "ruleset.yaml")
    first = read_facts(ruleset, base()).inputs
    assert read_facts(ruleset, base()).inputs == first  # the same rows, the same digest
    changed = base()
    changed["extra"][0]["附加分"] = "1.4"
    digests = dict(read_facts(ruleset, changed).inputs)
    assert digests["extra"] != dict(first)["extra"]
    assert digests["units"] == dict(first)["units"]


def test_python_values_are_typed_as_cells() -> None:
    tables: dict[str, Any] = base()
    tables["units"] = [
        {"编码": "Ｕ１", "名称": "一科", "类别": "甲类", "领导评分": 90.5, "测评_好": 8, "测评_中": Decimal(2),
         "测评_差": 0.0, "未整改": 1, "立案": True, "报送日期": dt.date(2023, 5, 1)},
        {"编码": "U2", "名称": "二科", "类别": "甲类", "领导评分": Decimal("80.25"), "测评_好": 5, "测评_中": 4,
         "测评_差": 1, "未整改": 0, "立案": False, "报送日期": None},
        {"编码": "U3", "名称": "三科", "类别": "乙类", "领导评分": "70", "测评_好": "3", "测评_中": "3",
         "测评_差": "4", "未整改": "2", "立案": "否", "报送日期": dt.datetime(2023, 6, 1, 9, 30)},
    ]
    facts = read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables)
    rows = [row.values for row in facts.tables["units"].rows]
    assert rows[0]["编码"] == "U1"  # matched in normal form, as a file's cells are
    assert rows[0]["领导评分"] == Decimal("90.5") and rows[1]["领导评分"] == Decimal("80.25")
    assert rows[0]["测评_差"] == Decimal(0) and rows[0]["测评_中"] == Decimal(2)
    assert [r["立案"] for r in rows] == [True, False, False]
    assert [r["报送日期"] for r in rows] == [dt.date(2023, 5, 1), None, dt.date(2023, 6, 1)]
    assert str(facts.tables["units"].rows[1].cells["领导评分"]) == "units[1]: column 领导评分"


def test_rows_may_be_any_iterable_read_once() -> None:
    tables: dict[str, Any] = base()

    def generated() -> Iterator[dict[str, str]]:
        yield from base()["units"]

    tables["units"] = generated()
    facts = read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables)
    assert [row.values["编码"] for row in facts.tables["units"].rows] == ["U1", "U2", "U3"]


def test_a_bad_cell_is_named_by_table_index_and_column() -> None:
    tables = base()
    tables["units"][2]["领导评分"] = "九十"
    assert message(tables) == "units[2]: column 领导评分: '九十' is not a number from 0 to 100 [FA014]"


def test_every_bad_cell_of_a_table_is_reported() -> None:
    tables: dict[str, Any] = base()
    tables["units"][0]["未整改"] = -1
    tables["units"][2]["类别"] = "乙"
    tables["units"][2]["立案"] = 1
    with pytest.raises(FactsErrors) as caught:
        read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables)
    assert [str(e) for e in caught.value.errors] == [
        "units[0]: column 未整改: -1 is negative; expected a whole number from 0 to 50 [FA015]",
        "units[2]: column 类别: '乙' is not one of 甲类 / 乙类; did you mean '乙类'? [FA012]",
        "units[2]: column 立案: '1' is not 是 or 否 [FA013]",
    ]


def test_a_value_no_column_takes_is_refused_where_it_is() -> None:
    tables: dict[str, Any] = base()
    tables["units"][1]["名称"] = b"\xe4\xba\x8c"
    assert message(tables) == (
        "units[1]: column 名称: a bytes value (b'\\xe4\\xba\\x8c') cannot be a cell value "
        "(text, a number, a date, True/False or None) [FA047]"
    )
    tables = base()
    tables["units"][0]["报送日期"] = dt.time(9, 30)
    assert message(tables).startswith("units[0]: column 报送日期: a time value (datetime.time(9, 30)) cannot be")


def test_subclasses_of_the_cell_types_are_read_as_their_values() -> None:
    class Grade(enum.StrEnum):
        JIA = "甲类"

    class Mixed(str, enum.Enum):  # str() of this one would be 'Mixed.U1'
        U1 = "U1"

    class Count(enum.IntEnum):
        EIGHT = 8

    tables: dict[str, Any] = base()
    tables["units"][0].update({"编码": Mixed.U1, "类别": Grade.JIA, "测评_好": Count.EIGHT})
    row = read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables).tables["units"].rows[0].values
    assert (row["编码"], row["类别"], row["测评_好"]) == ("U1", "甲类", 8)
    assert type(row["编码"]) is str and type(row["测评_好"]) is Decimal


def test_sequences_with_a_header() -> None:
    tables: dict[str, Any] = base()
    tables["extra"] = [("编码", "附加分"), ("U1", 1.5), ["U2", 0], ("U3", "2")]
    facts = read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables)
    assert [row.values["附加分"] for row in facts.tables["extra"].rows] == [Decimal("1.5"), 0, 2]
    tables["extra"] = [("编码", "附加分"), ("U1", 1.5), ("U2", 0, 3), ("U3", "2")]
    assert message(tables) == "extra[2]: the row has 3 values, the header row 2 [FA045]"
    tables["extra"] = [("编码", "附加分"), ("U1", 1.5), {"编码": "U2", "附加分": 0}]
    assert message(tables) == (
        "extra[2]: the row is a dict value ({'编码': 'U2', '附加分': 0}); the rows of table 'extra' are "
        "sequences (as its first row, the header, is) [FA045]"
    )
    tables["extra"] = [("编码", 3), ("U1", 1.5)]
    assert message(tables) == "extra: a column name is a int value (3); column names are text [FA045]"


def test_mapping_rows_share_the_first_rows_keys() -> None:
    tables: dict[str, Any] = base()
    tables["extra"] = [{"编码": "U1", "附加分": 1}, {"编码": "U2", "附加分": 0, "备注": "x"}, {"编码": "U3", "附加分": 0}]
    assert message(tables) == (
        "extra[1]: the row has the key '备注', which the first row of table 'extra' does not have "
        "(the first row's keys name the columns) [FA045]"
    )
    tables["extra"] = [{"编码": "U1", "附加分": 1}, {"编码": "U2"}, {"编码": "U3", "附加分": 0}]
    assert message(tables) == "extra[1]: column 附加分: blank; expected a number from 0 to 5 [FA011]"  # a key left out is blank
    tables["extra"] = [{"编码": "U1", "附加分": 1}, ("U2", 0)]
    assert message(tables).startswith("extra[1]: the row is a tuple value (('U2', 0)); the rows of table 'extra' are mappings")
    tables["extra"] = [{"编码": "U1", "附加": 1}]
    assert message(tables) == "extra: column 附加: column '附加分' is missing (found '附加': rename it?) [FA009]"


def test_tables_by_id() -> None:
    tables: dict[str, Any] = base()
    tables["extras"] = tables.pop("extra")
    assert message(tables) == (
        "extras: table 'extras' is not declared by the ruleset (its tables: units, extra, cases); "
        "did you mean 'extra'? [FA046]"
    )
    del tables["extras"]
    assert message(tables) == "extra: table 'extra' is missing from the tables given [FA004]"
    tables["extra"] = "编码,附加分\nU1,1"
    assert message(tables) == (
        "extra: the rows of table 'extra' are a str value ('编码,附加分\\nU1,1'); give a list (or any iterable) of rows [FA045]"
    )
    tables["extra"] = []
    assert message(tables) == "extra: the table is empty (no header row) [FA010]"


def test_totals_rows_and_blank_rows_are_left_out_as_in_a_file() -> None:
    tables: dict[str, Any] = base()
    tables["extra"] = [*tables["extra"], {"编码": "合计", "附加分": "2.5"}, {"编码": None, "附加分": ""}]
    facts = read_facts(load_ruleset(CORPUS / "ruleset.yaml"), tables)
    assert len(facts.tables["extra"].rows) == 3
    assert facts.warnings == ["extra[3]: the 合计 row was left out"]


# ---------------------------------------------------------------- the same as a file, for any cells

_CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "7", "12", "-3", "1,013", "3.5", "五", "好", "甲类", "乙", "是", "否", "2023-06-01",
                     "２３", "U1", "U2", "合计", "\x00"]),
    st.text(alphabet=string.digits + ".,-是否甲乙类 ", max_size=5),
)
_SPEC = TableSpec(
    id="t", rows="cases", subject="编码",
    columns=(
        ColumnSpec(header="编码", name="编码", type="id"),
        ColumnSpec(header="数", name="数", type="count", max=Decimal(50)),
        ColumnSpec(header="分", name="分", type="decimal", required=False),
        ColumnSpec(header="类", name="类", type="enum", values=("甲类", "乙类")),
        ColumnSpec(header="是否", name="是否", type="bool"),
        ColumnSpec(header="日", name="日", type="date", required=False),
    ),
)


def _outcome(read: Any) -> Any:
    try:
        facts = read()
    except FactsError as exc:
        errors = exc.errors if isinstance(exc, FactsErrors) else [exc]
        return [(e.code, e.message, e.location.field if e.location else None) for e in errors]
    return [row.values for row in facts.tables["t"].rows], facts.warnings and len(facts.warnings)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=6, max_size=6), min_size=1, max_size=6))
@example(rows=[[" ", "\x00", "\x00", "\x00", "\x00", "\x00"]])  # NULs at one parity: not UTF-16
def test_python_rows_are_read_exactly_as_the_same_csv(tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]) -> None:
    header = [c.header for c in _SPEC.columns]
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    from_csv = _outcome(lambda: read_facts([_SPEC], path))
    from_rows = _outcome(lambda: read_facts([_SPEC], {"t": [header, *rows]}))
    assert from_rows == from_csv
