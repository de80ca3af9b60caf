"""The pre-signing gate: which findings make ``clausecheck check`` exit 1."""

from __future__ import annotations

from clausecheck.errors import ExitCode
from clausecheck.result import CheckResult, Finding

FAIL_ON = ("missing", "weak", "conflict", "never")
STRENGTH = ("must", "should")

#: For each --fail-on value, the statuses that fail the gate.
FAILING = {
    "missing": {"missing", "conflict"},
    "weak": {"weak", "missing", "conflict"},
    "conflict": {"conflict"},
    "never": set(),
}


def failing_findings(result: CheckResult, fail_on: str = "missing", strength: str = "must") -> list[Finding]:
    """Findings that fail the gate: ``strength=must`` counts only must requirements,
    ``should`` counts both."""
    statuses = FAILING[fail_on]
    strengths = {"must"} if strength == "must" else {"must", "should"}
    return [f for f in result.findings if f.status in statuses and f.strength in strengths]


def exit_code(result: CheckResult, fail_on: str = "missing", strength: str = "must") -> ExitCode:
    """3 when the document could not be checked (whatever ``fail_on`` says: an unreadable
    contract never passes a pre-signing gate), else 1 when a finding fails the gate, else 0."""
    if not result.document.checkable:
        return ExitCode.INPUT_UNREADABLE
    return ExitCode.GAPS_FOUND if failing_findings(result, fail_on, strength) else ExitCode.OK
