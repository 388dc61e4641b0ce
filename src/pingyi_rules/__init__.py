"""pingyi_rules: Chinese public-evaluation schemes as YAML rulesets, scored exactly and explained."""

from ._compile import CompiledRuleset
from ._errors import EvaluationError, FactsError, Location, PingyiError, RulesetError, UnknownSubjectError
from ._evaluate import score
from ._facts import FactSet, read_facts
from ._loading import check_ruleset, load_ruleset
from ._results import ComponentResult, Result, SubjectResult, TraceEntry

__version__ = "0.1.0"

__all__ = [
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
    "UnknownSubjectError",
    "check_ruleset",
    "load_ruleset",
    "read_facts",
    "score",
]
