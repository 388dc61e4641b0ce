"""Population passes: work a kind must do over all subjects before any one of them is scored.

A quota ballot is valid only if it rates every subject; a nested ruleset is
scored over the whole population at once. Such a kind registers a pass while
it compiles (`ctx.population`); `score()` runs the passes in order after the
facts are joined into subjects. A pass puts what each subject needs in the
component's typed slot (`subject.put(slot, value)`, see `results.runtime.Slot`)
and reports void records, extra inputs read, and warnings. The per-subject
evaluation stays a pure function of (compiled ruleset, subject facts).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..facts.reading import FactSet
from ..results.result import Result, VoidRecord
from ..results.runtime import SubjectFacts

if TYPE_CHECKING:
    from .ruleset import CompiledRuleset


class ScoreRuleset(Protocol):
    """The scoring driver (`scoring.evaluate.score`), handed to passes that score a ruleset of their own."""

    def __call__(self, ruleset: CompiledRuleset, facts: FactSet, *, encoding: str | None = None) -> Result: ...


@dataclass(frozen=True)
class PopulationInput:
    """What a pass may read: every subject, the facts as read, and where they came from."""

    subjects: Sequence[SubjectFacts]
    facts: FactSet
    source: Path | None  # the folder or workbook, when score() was given a path
    encoding: str | None = None
    score: ScoreRuleset = field(kw_only=True)  # the driver itself, for nested rulesets


@dataclass
class PopulationOutput:
    """What a pass reports besides what it puts in the subjects' slots."""

    void: list[VoidRecord] = field(default_factory=list)
    inputs: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


PopulationPass = Callable[[PopulationInput], PopulationOutput]


def run_passes(passes: Sequence[PopulationPass], given: PopulationInput) -> PopulationOutput:
    """Run every pass in order; gather their reports (inputs without repeats)."""
    total = PopulationOutput()
    seen = {name for name, _ in given.facts.inputs}
    for run in passes:
        out = run(given)
        total.void.extend(out.void)
        total.warnings.extend(out.warnings)
        for name, sha in out.inputs:
            if name not in seen:
                seen.add(name)
                total.inputs.append((name, sha))
    return total
