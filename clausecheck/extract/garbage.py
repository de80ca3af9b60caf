"""Is this extracted text real text, or the debris a broken font leaves behind?

A PDF can carry a text layer that is no use for reading: pdfminer writes ``(cid:123)`` for
glyphs it cannot map; a CJK font without a ToUnicode map comes out as Latin-1 mojibake
(``ÈÙ¹úÎÞ²úÕß``, GBK bytes read one by one); some producers map every glyph to the
private-use area or to U+FFFD. Checking such a layer would report every requirement as
missing, so the extractor asks these functions first and reports the document as needing
OCR or as unreadable instead.

Everything here is a pure function on a string, so other extractors (and the OCR step) can
use it too. The thresholds are deliberately conservative: accented Latin in a genuine French
or German clause stays well below them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

PageVerdict = Literal["usable", "garbage", "no_text", "blank"]

_CID = re.compile(r"\(cid:\d+\)")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
#: Latin-1 symbols that are rare in real text but make up most of CJK-as-Latin-1 mojibake.
_LATIN1_HIGH = re.compile(r"[\u0080-\u009f\u00a1-\u00bf\u00c0-\u00ff]")
_C1 = re.compile(r"[\u0080-\u009f]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")
_SYMBOL_SOUP = re.compile(r"[!\"#$&'*+<=>?@\[\\\]^_`{|}~]")

#: Share of garbage characters above which a text is not worth reading.
GARBAGE_RATIO = 0.3
#: Share of Latin-1 high characters above which accented Latin is taken for mojibake.
MOJIBAKE_RATIO = 0.25
#: Fewer visible characters than this on a page means "no text layer" (when it has images).
MIN_TEXT_CHARS = 10
#: Share of the page that images must cover for a textless page to count as scanned.
MIN_IMAGE_COVERAGE = 0.25


@dataclass(frozen=True)
class TextQuality:
    """Counts of the kinds of debris found in a text, over its visible characters."""

    chars: int  # characters other than white space
    cid: int = 0  # characters inside (cid:N) runs
    replacement: int = 0  # U+FFFD
    control: int = 0  # C0/C1 control characters
    mojibake: int = 0  # Latin-1 characters, counted only when they look like mojibake
    symbols: int = 0  # ASCII symbol soup, counted only when it dominates
    private_use: int = 0  # U+E000–U+F8FF; reported, not counted as garbage unless dominant

    @property
    def garbage(self) -> int:
        bad = self.cid + self.replacement + self.control + self.mojibake + self.symbols
        if self.chars and self.private_use > self.chars / 2:
            bad += self.private_use
        return min(bad, self.chars)

    @property
    def garbage_ratio(self) -> float:
        return self.garbage / self.chars if self.chars else 0.0

    @property
    def is_garbage(self) -> bool:
        return self.chars > 0 and self.garbage_ratio > GARBAGE_RATIO


def assess(text: str) -> TextQuality:
    """Count the debris in ``text`` (see :class:`TextQuality`)."""
    visible = len(text) - sum(text.count(ws) for ws in (" ", "\n", "\r", "\t", "\u3000"))
    if visible <= 0:
        return TextQuality(chars=0)
    cid = sum(len(m) for m in _CID.findall(text))
    replacement = text.count("\ufffd")
    control = len(_CONTROL.findall(text)) + len(_C1.findall(text))
    return TextQuality(
        chars=visible,
        cid=cid,
        replacement=replacement,
        control=control,
        mojibake=_mojibake_count(text, visible),
        symbols=_symbol_soup_count(text, visible - cid),
        private_use=len(_PRIVATE.findall(text)),
    )


def is_garbage(text: str) -> bool:
    """True when most of ``text`` is extraction debris rather than words."""
    return assess(text).is_garbage


def private_use_chars(text: str) -> list[str]:
    """The distinct private-use characters in ``text``, in order of first appearance."""
    return list(dict.fromkeys(_PRIVATE.findall(text)))


def _mojibake_count(text: str, visible: int) -> int:
    """Latin-1 characters in a text that does not read as a Latin-script language.

    GBK or Big5 bytes read as Latin-1 turn every CJK character into two characters from
    U+0080–U+00FF. Real French or German text has a few per cent of these at most, and a text
    that is mostly CJK already is not mojibake.
    """
    high = _LATIN1_HIGH.findall(text)
    if len(high) < 3 or len(high) < visible * MOJIBAKE_RATIO:
        return 0
    if len(_CJK.findall(text)) > len(high):
        return 0
    # C1 controls are already counted as control characters.
    return sum(1 for ch in high if ch > "\u009f")


def _symbol_soup_count(text: str, visible: int) -> int:
    """ASCII symbols when they dominate a text with no CJK: a font mapped to ASCII codes."""
    if visible < 20 or _CJK.search(text):
        return 0
    symbols = len(_SYMBOL_SOUP.findall(_CID.sub("", text)))
    letters = sum(ch.isalpha() for ch in text)
    if symbols > visible * 0.4 and letters < visible * 0.4:
        return symbols
    return 0


def page_verdict(quality: TextQuality, *, image_coverage: float) -> PageVerdict:
    """Classify a page from its text quality and the share of it covered by images.

    ``no_text``: (almost) no text but images cover a good part of the page — a scan.
    ``blank``: no text and no image worth reading. ``garbage``: a text layer of debris.
    """
    if quality.chars < MIN_TEXT_CHARS and image_coverage >= MIN_IMAGE_COVERAGE:
        return "no_text"
    if quality.chars == 0:
        return "blank"
    if quality.is_garbage:
        return "garbage"
    return "usable"
