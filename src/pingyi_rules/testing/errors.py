"""The test kit's errors: hypothesis missing (PY006), a property broken (PY007, PY008)."""

from __future__ import annotations

from ..core.errors import PingyiError
from ..core.messages import say


class MissingHypothesis(PingyiError):
    """The property checks need hypothesis, installed with the `testing` extra (PY006)."""

    code = "PY006"


def missing_hypothesis() -> MissingHypothesis:
    return MissingHypothesis(say("PY006", command='pip install "pingyi-rules[testing]"'), None)


class PropertyBroken(PingyiError):
    """A generated fact set for which an invariant does not hold (PY007) or a one-defect fact set the
    engine accepted (PY008)."""

    code = "PY007"
