"""The test kit for ruleset authors.

- worked cases (`*.cases.yaml`): `read_cases`, `run_case` (also the pytest plugin and `pingyi test`);
- `facts(ruleset)` and `near_facts(ruleset)` (and `@given_facts(ruleset)`): hypothesis strategies for fact sets built from a
  ruleset's own table declarations (needs the extra: `pip install "pingyi-rules[testing]"`);
- `check_invariants(ruleset, facts)`: the invariants every scoring must keep (see docs/testing.md).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "Case",
    "Outcome",
    "check_invariants",
    "check_monotone",
    "facts",
    "given_facts",
    "near_facts",
    "read_cases",
    "run_case",
    "score_tables",
]

# public name -> its module, imported on first use (the plugin imports this package in every pytest run)
_WHERE = {
    "Case": ".cases",
    "Outcome": ".cases",
    "read_cases": ".cases",
    "run_case": ".cases",
    "facts": ".strategies",
    "near_facts": ".strategies",
    "given_facts": ".strategies",
    "check_invariants": ".invariants",
    "check_monotone": ".invariants",
    "score_tables": ".invariants",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
