"""pingyi_rules: Chinese public-evaluation schemes as YAML rulesets, scored exactly and explained.

The public names are imported on first use (module `__getattr__`): `pingyi --version` and other
quick commands then start without importing pydantic and the ruleset models (~0.4 s).
`from pingyi_rules import X` and `pingyi_rules.X` work as before.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .core.version import __version__ as __version__

if TYPE_CHECKING:
    from .compile.ruleset import CompiledRuleset
    from .core.errors import (
        EvaluationError,
        FactsError,
        Location,
        PingyiError,
        RulesetError,
        UnknownSubjectError,
    )
    from .expand import expand_ruleset
    from .facts.changes import Change
    from .facts.reading import FactSet, read_facts
    from .facts.sql import read_sql
    from .loading import check_ruleset, load_ruleset
    from .results.result import ComponentResult, Result, SubjectResult, TraceEntry
    from .scoring.evaluate import score
    from .scoring.whatif import UnitChange, WhatIf, whatif

# public name -> the module that defines it
_WHERE = {
    "Change": ".facts.changes",
    "CompiledRuleset": ".compile.ruleset",
    "ComponentResult": ".results.result",
    "EvaluationError": ".core.errors",
    "FactSet": ".facts.reading",
    "FactsError": ".core.errors",
    "Location": ".core.errors",
    "PingyiError": ".core.errors",
    "Result": ".results.result",
    "RulesetError": ".core.errors",
    "SubjectResult": ".results.result",
    "TraceEntry": ".results.result",
    "UnitChange": ".scoring.whatif",
    "UnknownSubjectError": ".core.errors",
    "WhatIf": ".scoring.whatif",
    "check_ruleset": ".loading",
    "expand_ruleset": ".expand",
    "load_ruleset": ".loading",
    "read_facts": ".facts.reading",
    "read_sql": ".facts.sql",
    "score": ".scoring.evaluate",
    "whatif": ".scoring.whatif",
}

__all__ = [
    "Change",
    "CompiledRuleset",
    "ComponentResult",
    "EvaluationError",
    "FactSet",
    "FactsError",
    "Location",
    "PingyiError",
    "Result",
    "RulesetError",
    "SubjectResult",
    "TraceEntry",
    "UnitChange",
    "UnknownSubjectError",
    "WhatIf",
    "check_ruleset",
    "expand_ruleset",
    "load_ruleset",
    "read_facts",
    "read_sql",
    "score",
    "whatif",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
