"""What every human-readable report needs from a result, computed once so the text, Markdown,
HTML, Word and checklist forms say the same thing in the same words.

Renderers differ in markup only: which evidence to show (one sentence once, even when several
elements matched inside it), where it is (localised page / paragraph / table cell and article
path), which elements are missing, and how the findings group by article of the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from clausecheck.model import Block, Location
from clausecheck.report.labels import ARTICLE, SCOPE, STATUS, STRENGTH, TEXT, citation_label, t
from clausecheck.result import CheckResult, Evidence, Finding

#: Statuses that carry suggested clause text (the JSON report's rule too).
NEEDS_TEXT = ("missing", "weak", "conflict")
#: Statuses where the contract says something about the requirement.
FOUND = ("present", "weak", "conflict")

def doc_name(result: CheckResult) -> str:
    return Path(result.document.path).name or result.document.path


def profile_label(result: CheckResult, lang: str) -> str:
    prof = result.profile
    who = t(lang, "firm_type")[prof.firm_type]  # type: ignore[index]
    if prof.firm_type == "fcm":
        who = (f"第{'一二'[prof.tier - 1]}類{who}" if lang == "zh"
               else f"{who}, {t(lang, 'tier').format(tier=prof.tier)}")
    if prof.foreign:
        who += f" ({t(lang, 'foreign')})"
    return who


def scope_label(result: CheckResult, lang: str) -> str:
    """Scope flags that are on; inferred ones carry an asterisk."""
    on = [f"{SCOPE[lang][k]}{'' if v.source == 'set' else '*'}" for k, v in result.scope.items() if v.value]
    text = "、".join(on) if lang == "zh" else ", ".join(on)
    if any(v.source == "inferred" for v in result.scope.values()):
        text = f"{text or '-'} (* {t(lang, 'inferred')})"
    return text or "-"


def status_label(status: str, lang: str) -> str:
    return STATUS[lang][status]


def strength_label(strength: str, lang: str) -> str:
    return STRENGTH[lang][strength]


def citations(finding: Finding, lang: str) -> str:
    sep = "、" if lang == "zh" else "; "
    return sep.join(citation_label(c, lang) for c in finding.citation)


def article_title(article: str, lang: str) -> str:
    return ARTICLE[lang].get(article, f"{t(lang, 'article_other')} ({article})")


def by_article(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by article of the rule, in the order they come (the rule's order)."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.article, []).append(f)
    return list(groups.items())


def block_of(result: CheckResult, ev: Evidence) -> Block | None:
    """The block the evidence sits in (None when the result carries no blocks)."""
    doc = result.document
    if not doc.blocks:
        return None
    block = doc.block_at(ev.start)
    if block is None or not (block.start <= ev.start <= block.end):
        return None
    return block


def location_label(loc: Location, lang: str) -> str:
    w = TEXT[lang]
    bits: list[str] = []
    if loc.page is not None:
        bits.append(w["page"].format(n=loc.page))
    if loc.table is not None:
        bits.append(w["cell"].format(t=loc.table + 1, r=(loc.row or 0) + 1, c=(loc.col or 0) + 1))
    elif loc.paragraph is not None:
        bits.append(w["para"].format(n=loc.paragraph + 1))
    if loc.line is not None:
        bits.append(w["line"].format(n=loc.line))
    if loc.part != "body":
        bits.append(w["part"].get(loc.part, loc.part))
    return ("，" if lang == "zh" else ", ").join(bits)


def where(result: CheckResult, ev: Evidence, lang: str) -> str:
    """``第3頁，第十一條 > 一、`` / ``p. 3, 第十一條 > 一、``: location, then article path."""
    block = block_of(result, ev)
    loc = location_label(block.location, lang) if block is not None else ""
    if not loc and ev.location and ev.location != "-":
        loc = ev.location
    path = " > ".join(ev.article_path)
    return ("，" if lang == "zh" else ", ").join(x for x in (loc, path) if x)


@dataclass
class Shown:
    """One sentence of evidence to show, with the elements it showed."""

    evidence: Evidence
    elements: list[str]


def shown_evidence(finding: Finding, limit: int = 3) -> list[Shown]:
    """Element evidence, one entry per distinct sentence, in document order; the topic
    evidence only when no element was found. Sentences already shown as contrary text are
    not repeated."""
    evs = [e for e in finding.evidence if e.element != "topic"] or list(finding.evidence)
    contrary = {e.text for e in finding.conflicts}
    evs = [e for e in evs if e.text not in contrary]
    seen: dict[tuple[str, str, tuple[str, ...]], Shown] = {}
    for ev in sorted(evs, key=lambda e: e.start):
        key = (ev.text, ev.location, tuple(ev.article_path))
        if key in seen:
            if ev.element and ev.element not in seen[key].elements:
                seen[key].elements.append(ev.element)
            continue
        seen[key] = Shown(ev, [ev.element] if ev.element else [])
    return list(seen.values())[:limit]


def primary_evidence(finding: Finding) -> Evidence | None:
    """The sentence a reviewer should look at first: the contrary text for a conflict,
    otherwise the first element evidence (or the topic)."""
    if finding.conflicts:
        return finding.conflicts[0]
    shown = shown_evidence(finding, limit=1)
    return shown[0].evidence if shown else None


def missing_elements(finding: Finding) -> list[tuple[str, str]]:
    """(element id, what it is) for each applicable element the contract lacks."""
    texts = {e.id: e.text for e in finding.elements}
    return [(m, texts.get(m, "")) for m in finding.missing_elements]


def quote(result: CheckResult, ev: Evidence, lang: str) -> str:
    """The sentence as the reviewer should read it (nothing when quotes are redacted)."""
    if result.redacted or not ev.text:
        return t(lang, "redacted")
    return " ".join(ev.text.split())


_FIRM_ZH = {"fcm": "期貨商", "leverage_dealer": "槓桿交易商", "futures_service": "期貨服務事業"}


def reason_label(finding: Finding, lang: str) -> str:
    """Why a requirement does not apply, in the report's language (the finding carries it in
    English, as :meth:`clausecheck.profile.Applicability.why_not` wrote it)."""
    reason = finding.reason
    if lang != "zh" or not reason:
        return reason
    if "tier-1" in reason:
        return "僅適用於第一類期貨商"
    m = re.search(r"scope '(\w+)'", reason)
    if m:
        return f"僅適用於委外範圍含「{SCOPE['zh'].get(m.group(1), m.group(1))}」者"
    m = re.match(r"applies only to (.+)$", reason)
    if m:
        firms = [_FIRM_ZH.get(x.strip(), x.strip()) for x in m.group(1).split(",")]
        return "僅適用於" + "、".join(firms)
    return reason
