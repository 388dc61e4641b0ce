"""The facts messages: (English, 中文) per key (see core.messages)."""

ENTRIES: dict[str, tuple[str, str]] = {
}
