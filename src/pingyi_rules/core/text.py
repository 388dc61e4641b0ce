"""The one normal form in which text is matched: cells, headers and ruleset text alike."""

from __future__ import annotations

import re
import unicodedata

# Format characters (Unicode category Cf: zero-width space and joiners, U+FEFF, soft hyphen,
# bidi marks, U+2060 …): invisible, so they are removed before any text is typed or compared.
FORMAT = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def nfkc(text: str) -> str:
    """The form text is matched in: format characters removed, NFKC-normalised (full-width
    digits, letters and brackets and U+3000 become ASCII), surrounding whitespace stripped."""
    return unicodedata.normalize("NFKC", FORMAT.sub("", text)).strip()


# White space as a regular-expression class body: the characters for which Python's str.isspace()
# holds, spelled out because `\s` means different things in Python, Rust (pydantic) and ECMA-262
# (JSON Schema in editors); used by the patterns the schema publishes.
SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
