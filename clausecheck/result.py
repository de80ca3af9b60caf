"""The one result model every report renders (sqlfluff's lesson: one core, many formats)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clausecheck.model import Document
from clausecheck.profile import Profile

SCHEMA_VERSION = "1.0"
STATUS_ORDER = ("conflict", "missing", "weak", "present", "not_applicable")


@dataclass
class Evidence:
    """A sentence of the contract that showed an element (or a conflict), where it is, and
    which matcher found it. ``start``/``end`` are offsets of the matched words in the
    document's text; ``text`` is the whole original sentence around them."""

    text: str
    quote: str
    start: int
    end: int
    page: int | None
    location: str
    article_path: list[str]
    matcher: str
    score: int
    element: str = ""
    pattern: str = ""
    reason: str = ""
    ocr: bool = False

    def to_dict(self, redact: bool = False) -> dict[str, Any]:
        d = {
            "text": "" if redact else self.text,
            "quote": "" if redact else self.quote,
            "page": self.page,
            "location": self.location,
            "article_path": self.article_path,
            "start": self.start,
            "end": self.end,
            "matcher": self.matcher,
            "score": self.score,
            "element": self.element,
        }
        if self.reason:
            d["reason"] = self.reason
        if self.ocr:
            d["ocr"] = True
        return d


@dataclass
class ElementResult:
    id: str
    text: str
    applies: bool
    optional: bool
    found: bool
    evidence: list[Evidence] = field(default_factory=list)

    def to_dict(self, redact: bool = False) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "applies": self.applies,
            "optional": self.optional,
            "found": self.found,
            "evidence": [e.to_dict(redact) for e in self.evidence],
        }


@dataclass
class Discard:
    """A candidate that a filter threw out, and why (reviewers ask "did it see 稽核?")."""

    text: str
    location: str
    reason: str

    def to_dict(self, redact: bool = False) -> dict[str, Any]:
        return {"text": "" if redact else self.text, "location": self.location, "reason": self.reason}


@dataclass
class Finding:
    id: str
    citation: list[str]
    title_zh: str
    title_en: str
    strength: str
    status: str
    missing_elements: list[str]
    elements: list[ElementResult]
    evidence: list[Evidence]
    conflicts: list[Evidence]
    confidence: int
    suggestion_zh: str
    suggestion_en: str
    checklist: list[int] = field(default_factory=list)
    reason: str = ""  # why not applicable, or a note on the status
    discarded: list[Discard] = field(default_factory=list)

    @property
    def article(self) -> str:
        """The rule's article this finding belongs to (4, 5, 7 or 8), for grouping."""
        return self.citation[0].split(".")[0]

    def title(self, lang: str = "zh") -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def suggestion(self, lang: str = "zh") -> str:
        return self.suggestion_zh if lang == "zh" else self.suggestion_en

    def to_dict(self, redact: bool = False) -> dict[str, Any]:
        needs_text = self.status in ("missing", "weak", "conflict")
        return {
            "id": self.id,
            "citation": self.citation,
            "title": {"zh": self.title_zh, "en": self.title_en},
            "strength": self.strength,
            "status": self.status,
            "missing_elements": self.missing_elements,
            "elements": [e.to_dict(redact) for e in self.elements],
            "evidence": [e.to_dict(redact) for e in self.evidence],
            "conflicts": [e.to_dict(redact) for e in self.conflicts],
            "confidence": self.confidence,
            "suggestion": {"zh": self.suggestion_zh, "en": self.suggestion_en} if needs_text else None,
            "checklist": self.checklist,
            "reason": self.reason,
            "discarded": [d.to_dict(redact) for d in self.discarded],
        }


@dataclass
class ScopeFlag:
    value: bool
    source: str  # "set" (given by the user) or "inferred"
    evidence: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "source": self.source, "evidence": self.evidence}


@dataclass
class CheckResult:
    document: Document
    profile: Profile
    scope: dict[str, ScopeFlag]
    findings: list[Finding]
    library_version: str
    tool_version: str
    seconds: float = 0.0
    redacted: bool = False

    @property
    def scope_values(self) -> dict[str, bool]:
        return {k: v.value for k, v in self.scope.items()}

    def summary(self) -> dict[str, int]:
        counts = {s: 0 for s in STATUS_ORDER}
        for f in self.findings:
            counts[f.status] += 1
        return counts

    def finding(self, rid: str) -> Finding:
        return next(f for f in self.findings if f.id == rid)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "clausecheck", "version": self.tool_version, "library": self.library_version},
            "document": self.document.to_dict(with_blocks=False),
            "profile": self.profile.to_dict(),
            "scope": {k: v.to_dict() for k, v in self.scope.items()},
            "findings": [f.to_dict(self.redacted) for f in self.findings],
            "summary": self.summary(),
            "seconds": round(self.seconds, 3),
        }
