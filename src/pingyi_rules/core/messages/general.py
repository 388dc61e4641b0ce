"""The phrases that frame every message, warnings, and the PY codes: (English, 中文) per key."""

ENTRIES: dict[str, tuple[str, str]] = {
    "PY001": ("several problems", "多处问题"),
    "PY005": (
        "monotone column '{column}' is not a number column of a per-subject table (those columns: {known})",
        "monotone 列 '{column}' 不是按对象一行的表中的数字列（这样的列：{known}）",
    ),
    "PY005.none": (
        "monotone column '{column}' is not a number column of a per-subject table (those columns: none)",
        "monotone 列 '{column}' 不是按对象一行的表中的数字列（没有这样的列）",
    ),
    "phrase.column": ("column {name}", "列 {name}"),
    "phrase.did_you_mean": ("did you mean {candidates}?", "是否想写 {candidates}？"),
    "phrase.file_row": ("{file}, row {row}", "{file} 第 {row} 行"),
    "phrase.separator": ("; ", "；"),
    "warn.hidden_rows": (
        "{count} hidden row(s) ({rows}) were read like the others",
        "{count} 个隐藏行（{rows}）与其他行一样读入",
    ),
    "warn.hidden_sheet": (
        "hidden sheet left out; table '{table}' is read from the visible sheet '{sheet}'",
        "隐藏的工作表已略去；表 '{table}' 从可见的工作表 '{sheet}' 读取",
    ),
    "warn.total_row": ("the {label} row was left out", "{label}行已略去"),
    "warn.unused_column": (
        "column '{header}' is not used by the ruleset; ignored",
        "列 '{header}' 未被规则集使用，已忽略",
    ),
}
