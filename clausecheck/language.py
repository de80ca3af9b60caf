"""A cheap language guess: zh-Hant, zh-Hans, en, or mixed. No model, just character counts;
whether Chinese is Simplified is the same test normalisation uses to convert it."""

from __future__ import annotations

import re

_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def detect_language(text: str) -> str:
    sample = text[:200_000]
    cjk = _CJK.findall(sample)
    words = _LATIN_WORD.findall(sample)
    latin_chars = sum(len(w) for w in words)
    if not cjk and not words:
        return ""
    if len(cjk) * 3 < latin_chars * 0.25:
        return "en"
    from clausecheck.normalize import is_simplified

    zh = "zh-Hans" if is_simplified(sample) else "zh-Hant"
    if latin_chars > len(cjk) * 1.5:
        return f"{zh}+en"
    return zh
