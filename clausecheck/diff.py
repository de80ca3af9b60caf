"""Comparing two drafts of one contract: which requirements improved, got weaker, disappeared
(present or weak → missing) or turned into a conflict, with both drafts' evidence.

Negotiations go through many drafts; a reviewer wants to know what the vendor's mark-up did
to the firm's position without re-reading 45 findings. Both drafts are checked with the same
profile and library; each draft's scope is inferred on its own (unless given), and a change
of scope is reported, since it changes which requirements apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clausecheck.library.load import Library
from clausecheck.profile import Profile
from clausecheck.result import CheckResult, Evidence, Finding

#: Kinds of change, most urgent first (the order reports list them in).
KINDS = ("conflict", "disappeared", "weaker", "improved", "applicability", "added", "removed", "unchanged")
#: Kinds that make the new draft worse for the firm.
REGRESSIONS = ("conflict", "disappeared", "weaker")
_RANK = {"conflict": 0, "missing": 1, "weak": 2, "present": 3}


def classify(old: str | None, new: str | None) -> str:
    """The kind of change from status ``old`` to status ``new`` (None: not in that check)."""
    if old is None:
        return "added"
    if new is None:
        return "removed"
    if old == new:
        return "unchanged"
    if new == "conflict":
        return "conflict"
    if "not_applicable" in (old, new):
        return "applicability"
    if old in ("present", "weak") and new == "missing":
        return "disappeared"
    return "improved" if _RANK[new] > _RANK[old] else "weaker"


def _texts(f: Finding | None) -> list[str]:
    if f is None:
        return []
    return sorted({" ".join(e.text.split()) for e in f.conflicts + f.evidence})


@dataclass
class Change:
    id: str
    kind: str
    old: Finding | None
    new: Finding | None

    @property
    def finding(self) -> Finding:
        """The finding to take titles and citations from (the new draft's, if any)."""
        f = self.new or self.old
        assert f is not None
        return f

    @property
    def old_status(self) -> str | None:
        return self.old.status if self.old else None

    @property
    def new_status(self) -> str | None:
        return self.new.status if self.new else None

    @property
    def reworded(self) -> bool:
        """Same status, different wording of the evidence."""
        return self.kind == "unchanged" and _texts(self.old) != _texts(self.new)

    @property
    def regression(self) -> bool:
        return self.kind in REGRESSIONS

    def to_dict(self, redact: bool = False) -> dict[str, Any]:
        f = self.finding

        def side(x: Finding | None) -> dict[str, Any] | None:
            if x is None:
                return None
            return {
                "status": x.status,
                "missing_elements": x.missing_elements,
                "evidence": [e.to_dict(redact) for e in x.evidence],
                "conflicts": [e.to_dict(redact) for e in x.conflicts],
                "confidence": x.confidence,
            }

        return {
            "id": self.id,
            "kind": self.kind,
            "reworded": self.reworded,
            "citation": f.citation,
            "title": {"zh": f.title_zh, "en": f.title_en},
            "strength": f.strength,
            "old": side(self.old),
            "new": side(self.new),
            "suggestion": ({"zh": f.suggestion_zh, "en": f.suggestion_en}
                           if self.regression and self.new is not None else None),
        }


@dataclass
class DiffResult:
    old: CheckResult
    new: CheckResult
    changes: list[Change]

    @property
    def redacted(self) -> bool:
        return self.old.redacted or self.new.redacted

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    def summary(self) -> dict[str, int]:
        return {k: len(self.of_kind(k)) for k in KINDS}

    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    def scope_changes(self) -> list[tuple[str, bool, bool]]:
        """(flag, old value, new value) for each scope flag the drafts disagree on."""
        old, new = self.old.scope_values, self.new.scope_values
        return [(k, old.get(k, False), new.get(k, False)) for k in dict.fromkeys([*old, *new])
                if old.get(k, False) != new.get(k, False)]

    def to_dict(self) -> dict[str, Any]:
        def side(r: CheckResult) -> dict[str, Any]:
            return {
                "document": r.document.to_dict(with_blocks=False),
                "scope": {k: v.to_dict() for k, v in r.scope.items()},
                "summary": r.summary(),
            }

        return {
            "diff_version": "1.0",
            "tool": {"name": "clausecheck", "version": self.new.tool_version,
                     "library": self.new.library_version},
            "profile": self.new.profile.to_dict(),
            "old": side(self.old),
            "new": side(self.new),
            "scope_changes": [{"flag": k, "old": a, "new": b} for k, a, b in self.scope_changes()],
            "changes": [c.to_dict(self.redacted) for c in self.changes],
            "summary": self.summary(),
        }


def diff_results(old: CheckResult, new: CheckResult) -> DiffResult:
    """Pair the two checks' findings by requirement id, in the new check's order."""
    olds = {f.id: f for f in old.findings}
    news = {f.id: f for f in new.findings}
    ids = list(dict.fromkeys([*news, *olds]))
    changes = [Change(i, classify(olds[i].status if i in olds else None,
                                  news[i].status if i in news else None), olds.get(i), news.get(i))
               for i in ids]
    return DiffResult(old, new, changes)


def diff(old: str | Path, new: str | Path, profile: Profile | None = None,
         library: Library | None = None, *, password: str | None = None,
         redact: bool = False) -> DiffResult:
    """Check both drafts with one profile and library and compare them."""
    from clausecheck.check import check
    from clausecheck.library.load import load_library

    library = library or load_library()
    a = check(old, profile, library, password=password, redact=redact)
    b = check(new, profile, library, password=password, redact=redact)
    return diff_results(a, b)


def primary(change: Change, side: str) -> Evidence | None:
    """The sentence to show for one side of a change."""
    from clausecheck.report.common import primary_evidence

    f = change.old if side == "old" else change.new
    return primary_evidence(f) if f is not None else None
