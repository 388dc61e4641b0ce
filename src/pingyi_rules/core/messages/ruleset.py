"""The ruleset messages: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
    "RS012": ("unknown key '{key}'", "未知的键 '{key}'"),
    "RS013": ("missing key '{key}'", "缺少键 '{key}'"),
    "RS013.points": (
        "missing key 'points': a {kind} scores a share of its points, so it needs them",
        "缺少键 'points'：{kind} 按其分值的比例计分，必须写明分值",
    ),
}
