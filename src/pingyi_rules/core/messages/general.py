"""The phrases that frame every message, warnings, and the PY codes: (English, 中文) per key."""

ENTRIES: dict[str, tuple[str, str]] = {
    # the parts of a location and of a message (core.errors)
    "phrase.column": ("column {name}", "列 {name}"),
    "phrase.file_row": ("{file}, row {row}", "{file} 第 {row} 行"),
    "phrase.did_you_mean": ("did you mean {candidates}?", "是否想写 {candidates}？"),
    "phrase.separator": ("; ", "；"),
    "PY001": ("several problems", "多处问题"),
}
