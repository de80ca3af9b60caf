"""The tier matrix: what each requirement's status would be for a tier-1 and for a tier-2
futures commission merchant, side by side.

A firm often asks "what changes if we are (or the group decides we are) tier 2?". The answer
is a re-evaluation of applicability, not a new reading of the contract:

* from a tier-1 result, tier 2 drops every requirement (and element) marked ``tier1`` — a
  tier-1-only requirement becomes not applicable, and a weak provision whose only missing
  elements are tier-1-only becomes present;
* from a tier-2 result, the tier-1-only requirements were never looked at, so the contract is
  evaluated again under a tier-1 profile with the same scope (the document is already read).

Only futures commission merchants have tiers; for other firms there is no matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausecheck.library.load import Library, Requirement, load_library
from clausecheck.profile import Profile
from clausecheck.result import CheckResult, Finding


@dataclass
class TierRow:
    finding: Finding  # as checked (for titles, citations, strength)
    tier1: str
    tier2: str

    @property
    def changed(self) -> bool:
        return self.tier1 != self.tier2


def _tier1_only(applies: dict) -> bool:
    return bool(applies.get("tier1"))


def status_for_tier2(finding: Finding, req: Requirement | None) -> str:
    """The status a tier-1 finding would have for a tier-2 firm."""
    if finding.status == "not_applicable":
        return "not_applicable"
    if req is not None and _tier1_only(req.applies):
        return "not_applicable"
    if finding.status == "weak" and req is not None:
        tier1_elements = {e.id for e in req.elements if _tier1_only(e.applies)}
        if finding.missing_elements and set(finding.missing_elements) <= tier1_elements:
            return "present"
    return finding.status


def tier_matrix(result: CheckResult, library: Library | None = None) -> list[TierRow] | None:
    """Rows in the result's order, or None when tiers do not apply (not an FCM, or the
    document was not checked)."""
    if result.profile.firm_type != "fcm" or not result.document.checkable or not result.findings:
        return None
    library = library or load_library()
    if result.profile.tier == 1:
        tier1 = {f.id: f for f in result.findings}
    else:
        from clausecheck.check import check

        profile = Profile(firm_type="fcm", tier=1, foreign=result.profile.foreign,
                          scope=dict(result.scope_values) or None)
        other = check(result.document, profile, library, redact=result.redacted)
        tier1 = {f.id: f for f in other.findings}
    rows: list[TierRow] = []
    for f in result.findings:
        f1 = tier1.get(f.id, f)
        req = library.requirements.get(f.id)
        t2 = f.status if result.profile.tier == 2 else status_for_tier2(f1, req)
        rows.append(TierRow(f, f1.status, t2))
    return rows
