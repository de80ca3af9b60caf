"""From hits to a finding: filter look-alikes, collect evidence per element, decide status.

present   every applicable, non-optional element has evidence;
weak      the topic is there (an element, a topic pattern, or a section headed for it) but an
          applicable element is not;
missing   nothing of the topic survives the filters;
conflict  contrary language was found, whatever else is there;
not_applicable  the profile or scope excludes the requirement.

Filters return what they discarded and why, so a report can say "found 稽核, but it is the
firm's internal audit".
"""

from __future__ import annotations

import re

from clausecheck.library.load import Pattern, Requirement
from clausecheck.match.engine import Engine, Hit
from clausecheck.match.segment import Prepared, Sentence
from clausecheck.profile import Applicability
from clausecheck.result import Discard, ElementResult, Evidence, Finding

MAX_EVIDENCE_PER_ELEMENT = 3


def _hits_for(p: Pattern, hits: dict[str, list[Hit]], prepared: Prepared, engine: Engine) -> list[Hit]:
    if p.kind == "fuzzy":
        return engine.fuzzy(prepared, p)
    return hits.get(p.uid, [])


def to_evidence(hit: Hit, prepared: Prepared, element: str = "", reason: str = "") -> Evidence:
    a, b = prepared.original(hit.start, hit.end)
    sa, sb = prepared.original(hit.sentence.start, hit.sentence.end)
    block = prepared.block_of(hit.sentence)
    doc_text = prepared.doc.text
    return Evidence(
        text=doc_text[sa:sb].strip(),
        quote=doc_text[a:b],
        start=a,
        end=b,
        page=block.location.page,
        location=block.location.describe(),
        article_path=list(block.article_path),
        matcher=hit.matcher,
        score=hit.score,
        element=element,
        pattern=hit.pattern.uid,
        reason=reason,
        ocr=block.ocr_confidence is not None,
    )


class _Zones:
    """Spans of the text a requirement's look-alikes have claimed."""

    def __init__(self, req: Requirement, hits, prepared: Prepared, engine: Engine) -> None:
        self.spans: list[tuple[int, int, str]] = []
        self.lookalikes = req.lookalikes
        for p in req.lookalikes:
            for h in _hits_for(p, hits, prepared, engine):
                if p.scope == "span":
                    a, b = h.start, h.end
                elif p.scope == "sentence":
                    a, b = h.sentence.start, h.sentence.end
                else:
                    a, b = prepared.clause_bounds(h.start)
                self.spans.append((a, b, p.reason or f"look-alike ({p.source})"))

    def claim(self, hit: Hit) -> str | None:
        for a, b, reason in self.spans:
            if hit.start < b and hit.end > a:
                return reason
        return None

    def heading_claimed(self, heading: str) -> bool:
        for p in self.lookalikes:
            if p.regex is not None and p.regex.search(heading):
                return True
            if any(s in heading for s in p.phrases):
                return True
        return False


def evaluate(
    req: Requirement,
    hits: dict[str, list[Hit]],
    prepared: Prepared,
    app: Applicability,
    engine: Engine,
) -> Finding:
    finding = Finding(
        id=req.id,
        citation=list(req.citations),
        title_zh=req.title_zh,
        title_en=req.title_en,
        strength=req.strength,
        status="missing",
        missing_elements=[],
        elements=[],
        evidence=[],
        conflicts=[],
        confidence=0,
        suggestion_zh=req.suggestion_zh,
        suggestion_en=req.suggestion_en,
        checklist=list(req.checklist),
    )
    if not app.holds(req.applies):
        finding.status = "not_applicable"
        finding.reason = app.why_not(req.applies)
        finding.confidence = 100
        finding.elements = [ElementResult(e.id, e.text, False, e.optional, False) for e in req.elements]
        return finding

    zones = _Zones(req, hits, prepared, engine)
    seen_discards: set[tuple[int, str]] = set()

    def kept(candidates: list[Hit]) -> list[Hit]:
        out = []
        for h in candidates:
            reason = zones.claim(h)
            if reason is None:
                out.append(h)
            elif (h.sentence.index, reason) not in seen_discards:
                seen_discards.add((h.sentence.index, reason))
                block = prepared.block_of(h.sentence)
                finding.discarded.append(
                    Discard(prepared.original_text(h.sentence.start, h.sentence.end).strip(),
                            block.location.describe(), reason)
                )
        return out

    # Conflicts first: contrary language decides the status whatever else is found.
    conflict_hits: list[Hit] = []
    for p in req.conflicts:
        conflict_hits.extend(kept(_hits_for(p, hits, prepared, engine)))
    finding.conflicts = [
        to_evidence(h, prepared, reason=h.pattern.reason) for h in _best(conflict_hits, 5)
    ]

    found_any = False
    scores: list[int] = []
    for el in req.elements:
        applies = app.holds(el.applies)
        cheap = [p for p in el.find if p.kind != "fuzzy"]
        el_hits: list[Hit] = []
        for p in cheap:
            el_hits.extend(kept(hits.get(p.uid, [])))
        if not el_hits:
            for p in el.find:
                if p.kind == "fuzzy":
                    el_hits.extend(kept(engine.fuzzy(prepared, p)))
        best = _best(el_hits, MAX_EVIDENCE_PER_ELEMENT)
        result = ElementResult(
            el.id, el.text, applies, el.optional, bool(best),
            [to_evidence(h, prepared, element=el.id) for h in best],
        )
        finding.elements.append(result)
        if best:
            found_any = True
            finding.evidence.extend(result.evidence)
            if applies and not el.optional:
                scores.append(best[0].score)
        elif applies and not el.optional:
            finding.missing_elements.append(el.id)

    topic_hits: list[Hit] = []
    if not found_any:
        for p in req.topic:
            topic_hits.extend(kept(_hits_for(p, hits, prepared, engine)))
        topic_hits.extend(_heading_hits(req, prepared, zones))
        if topic_hits:
            finding.evidence.extend(to_evidence(h, prepared, element="topic") for h in _best(topic_hits, 2))

    if finding.conflicts:
        finding.status = "conflict"
        finding.confidence = max(e.score for e in finding.conflicts)
    elif found_any and not finding.missing_elements:
        finding.status = "present"
        finding.confidence = min(99, sum(scores) // max(len(scores), 1)) if scores else 80
    elif found_any or topic_hits:
        finding.status = "weak"
        n = sum(1 for e in finding.elements if e.applies and not e.optional)
        finding.confidence = 60 + int(30 * (1 - len(finding.missing_elements) / max(n, 1)))
    else:
        finding.status = "missing"
        finding.confidence = 75 if finding.discarded else 90
    if any(e.ocr for e in finding.evidence):
        finding.confidence = int(finding.confidence * 0.85)
    return finding


def _heading_hits(req: Requirement, prepared: Prepared, zones: _Zones) -> list[Hit]:
    """Sentences under a section whose title names the topic (保密義務 → confidentiality) —
    unless what the section says is all look-alike (權利義務之轉讓 over 「甲方非經乙方同意不得轉讓」:
    the firm's own assignment, not the vendor's subcontracting)."""
    if not req.headings:
        return []
    marker = Pattern(uid=f"{req.id}/heading", kind="regex", source="headings")
    sections: dict[str, list[Sentence]] = {}
    for sent in prepared.sentences:
        heading = sent.heading
        if heading and _heading_named(heading, req.headings) and not zones.heading_claimed(heading):
            sections.setdefault(heading, []).append(sent)
    for sents in sections.values():
        body = [s for s in sents if prepared.block_of(s).kind != "heading"]
        free = [s for s in body if not any(s.start < b and s.end > a for a, b, _ in zones.spans)]
        if body and not free:
            continue  # every sentence of the section is a look-alike
        sent = (free or sents)[0]
        return [Hit(marker, sent.start, sent.end, sent, "heading", 60)]
    return []


def _heading_named(heading: str, names: tuple[str, ...]) -> bool:
    """CJK names match as substrings (保密 in 保密義務); Latin ones as whole words, so that
    "term" does not name a "Termination" section."""
    for name in names:
        if name.isascii():
            if re.search(rf"\b{re.escape(name)}\b", heading):
                return True
        elif name in heading:
            return True
    return False


def _best(hits: list[Hit], n: int) -> list[Hit]:
    """Highest score first, then document order; one hit per sentence."""
    seen: set[int] = set()
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-h.score, h.start)):
        if h.sentence.index in seen:
            continue
        seen.add(h.sentence.index)
        out.append(h)
        if len(out) == n:
            break
    return out
