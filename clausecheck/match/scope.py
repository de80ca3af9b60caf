"""Inferring the engagement's scope flags from the contract text (``--scope auto``).

Each flag is set by the patterns in ``clause_library/_scope.yaml`` (cloud, trading hosts, …);
``over_one_year`` is also computed from the term the contract states — a duration (為期三年,
a term of two (2) years, 36個月) or a start and end date (民國114年1月1日起至116年12月31日止,
2025/1/1 – 2026/12/31). Every inferred flag keeps the text that set it.
"""

from __future__ import annotations

import re
from datetime import date

from clausecheck.library.load import Library
from clausecheck.library.schema import SCOPE_FLAGS
from clausecheck.match.engine import Engine
from clausecheck.match.segment import Prepared
from clausecheck.result import ScopeFlag

_TERM_WORDS = r"(?:期間|期限|為期|有效期|合約期|契約期|服務期|租期|授權期|訂閱期|維護期|起|term|period|duration)"
#: Sentences about other periods (keeping data, warranty, confidentiality) do not give the term…
_NOT_TERM = re.compile(r"保存|保留|利用期間|保密|保固|瑕疵|retain|retention|warrant|confidential|survive")
#: … unless the vendor also maintains or operates the system for that period (保固及維運一年).
_SERVICE_PERIOD = re.compile(r"維運|維護|maintenance|support services")
#: A flag's words in a negated clause say what the engagement is *not* (本服務不包含客製化開發,
#: 亦不連接交易主機, "the Services do not include the provision of any cloud computing service").
_NEGATION_ZH = re.compile(r"(?:不|未|無|非)(?:包含|包括|含|涉及|提供|連接|連線|連結|串接|介接|涵蓋|屬|採用|使用|負責|及於)|除外|排除")
_NEGATION_EN = re.compile(r"\b(?:do(?:es)?|shall|will|is|are) not (?:include|cover|involve|extend to|comprise|provide|use|connect)|"
                          r"\bexclud(?:e|es|ed|ing)\b|\bother than\b|\bno\b.*\b(?:shall|will|may)\b")
_CLAUSE_END_ZH = re.compile(r"[，,；;。]")
_ABOUT_CONTRACT = re.compile(r"合約|契約|合同|協議|本約|服務|訂閱|維護|維運|agreement|contract|term|services?|subscription")
# A duration, not a date: 民國114年 and 2025年 are years, not terms of 114 or 2025 years.
_DURATION = re.compile(
    _TERM_WORDS
    + r"[^。!?\n]{0,30}?(?<![\d/.-])(?<!民國)(?<!西元)(\d{1,3}(?:\.\d+)?)\s*\)?\s*(年(?!\d{1,2}月)|個月|月(?!\d{1,2}日)|years?|months?)"
)
_MAX_TERM_YEARS = 30
_ROC = re.compile(r"(?:民國|中華民國)?\s*(\d{2,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO = re.compile(r"\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b")
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
_EN_DATE = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})|\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+(\d{4})")
_RANGE_WORD = re.compile(r"起|至|到|迄|\bto\b|through|until|\bthru\b")
#: A dash or tilde is a range only right between two dates (not in a contract number between them).
_RANGE_MARK = re.compile(r"\s*[-–—~～]\s*")


def _dates(sentence: str) -> list[tuple[int, int, date]]:
    """(start, end, date) of every date in the sentence, in order."""
    found: list[tuple[int, int, date | None]] = []
    for m in _ROC.finditer(sentence):
        y = int(m.group(1))
        y = y + 1911 if y < 1911 else y
        found.append((m.start(), m.end(), _safe_date(y, int(m.group(2)), int(m.group(3)))))
    for m in _ISO.finditer(sentence):
        found.append((m.start(), m.end(), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for m in _EN_DATE.finditer(sentence):
        if m.group(1):
            mon, day, year = _MONTHS.index(m.group(1)) + 1, int(m.group(2)), int(m.group(3))
        else:
            day, mon, year = int(m.group(4)), _MONTHS.index(m.group(5)) + 1, int(m.group(6))
        found.append((m.start(), m.end(), _safe_date(year, mon, day)))
    return sorted((a, b, d) for a, b, d in found if d is not None)


def _longest_range(sentence: str) -> int:
    """Days of the longest from–to pair of dates in the sentence (其中開發期間… inside a term
    sentence gives a shorter pair next to the term's own)."""
    dates = _dates(sentence)
    best = 0
    for i, (_a1, e1, d1) in enumerate(dates):
        for a2, _e2, d2 in dates[i + 1 :]:
            between = sentence[e1:a2]
            if d2 > d1 and (_RANGE_WORD.search(sentence, dates[i][0], a2 + 1) or _RANGE_MARK.fullmatch(between)):
                best = max(best, (d2 - d1).days + 1)
    return best


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def term_in_days(prepared: Prepared) -> tuple[int, str] | None:
    """The longest contract term stated, in days, and the sentence that states it."""
    best: tuple[int, str] | None = None
    text = prepared.text
    for sent in prepared.sentences:
        s = text[sent.start : sent.end]
        if (_NOT_TERM.search(s) and not _SERVICE_PERIOD.search(s)) or not _ABOUT_CONTRACT.search(s):
            continue
        days = 0
        for m in _DURATION.finditer(s):
            n = float(m.group(1))
            if m.group(2).startswith(("年", "year")) and n > _MAX_TERM_YEARS:
                continue
            days = max(days, int(n * 365) if m.group(2).startswith(("年", "year")) else int(n * 30.5))
        days = max(days, _longest_range(s))
        if days and (best is None or days > best[0]):
            best = (days, prepared.original_text(sent.start, sent.end).strip())
    return best


def _negated(prepared: Prepared, start: int) -> bool:
    """Is the hit at ``start`` inside a negated clause of its sentence?"""
    sent = prepared.sentence_at(start)
    before = prepared.text[sent.start : start]
    zh_clause = before[max((m.end() for m in _CLAUSE_END_ZH.finditer(before)), default=0):]
    return bool(_NEGATION_ZH.search(zh_clause) or _NEGATION_EN.search(before))


def infer_scope(prepared: Prepared, library: Library, engine: Engine, hits) -> dict[str, ScopeFlag]:
    """Set each flag from the scope patterns' hits and, for over_one_year, the stated term."""
    flags: dict[str, ScopeFlag] = {}
    for flag in SCOPE_FLAGS:
        evidence: list[str] = []
        for p in library.scope.get(flag, ()):
            found = hits.get(p.uid) if p.kind != "fuzzy" else engine.fuzzy(prepared, p)
            for h in found or []:
                if _negated(prepared, h.start):
                    continue
                quote = prepared.original_text(h.sentence.start, h.sentence.end).strip()
                if quote not in evidence:
                    evidence.append(quote)
            if len(evidence) >= 3:
                break
        flags[flag] = ScopeFlag(bool(evidence), "inferred", evidence[:3])
    term = term_in_days(prepared)
    if term is not None:
        days, sentence = term
        long_enough = days >= 360
        ev = [f"{sentence} (≈{days} days)"]
        if long_enough or not flags["over_one_year"].value:
            flags["over_one_year"] = ScopeFlag(long_enough, "inferred", ev)
    if flags["trading_host"].value and not flags["core_system"].value:
        flags["core_system"] = ScopeFlag(True, "inferred", ["trading hosts are a core system (第二條第五款)"])
    return flags
