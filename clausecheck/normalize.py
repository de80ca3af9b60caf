"""Normalisation for matching, never for display, with a map back to the original.

Contracts write the same thing many ways: 二十四小時 / 24小時 / ２４小時, 臺 / 台, zh-Hans
from some vendors, spaces between every CJK character from some PDF exports. Patterns are
written once, against the normalised form. Every step here records, for each character it
outputs, the index of the input character it came from, so evidence found in normalised text
is always reported as the original characters (the ``TextMap`` idea of pdfplumber).

Steps, in order: NFKC (full-width → half-width, presentation forms), Simplified → Traditional
(OpenCC ``s2twp``), variant characters, lower case, white space (removed between CJK
characters and around digits next to CJK, collapsed elsewhere), and Chinese numerals before a
unit or counter → digits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK_RANGE}]")

#: Variant characters folded to one form (the form patterns are written in).
VARIANTS = str.maketrans(
    {
        "臺": "台",
        "裏": "裡",
        "著": "著",
        "綫": "線",
        "峯": "峰",
        "衞": "衛",
        "衆": "眾",
        "爲": "為",
        "啓": "啟",
        "敎": "教",
        "册": "冊",
        "戸": "戶",
        "户": "戶",
        "内": "內",
        "吿": "告",
        "却": "卻",
        "眞": "真",
        "于": "於",
        "製": "製",
        "週": "周",
        "繫": "系",
        "\u3000": " ",
        "︰": ":",
        "﹕": ":",
        "：": ":",
        "「": "「",
        "『": "「",
        "』": "」",
        "〔": "(",
        "〕": ")",
        "【": "[",
        "】": "]",
        "－": "-",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "\u00a0": " ",
        "\t": " ",
        "\r": " ",
    }
)

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "貳": 2, "贰": 2, "兩": 2, "两": 2,
    "三": 3, "參": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "廿": 20, "卅": 30, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_NUM = "零〇○一壹二貳贰兩两三參叁四肆五伍六陸七柒八捌九玖十拾廿卅百佰千仟萬万"
#: Chinese numerals become digits only before a unit or counter: 二十四小時, 三十日, 每年一次.
#: 一方, 一般, 統一, 第三人, 第一條 stay as they are (人, 方, 條 are not units); 第三十日 → 第30日.
_NUMERAL_BEFORE_UNIT = re.compile(
    f"(?<![{_CN_NUM}])[{_CN_NUM}]+(?=個?(?:小時|時|分鐘|分|秒|日曆天|日|天|工作天|營業日|工作日|個工作日|周|星期|個?月|年|次|倍|份|%|百分)|個月)"
)


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the index in the original text.

    ``index[i]`` is where ``text[i]`` came from; ``index[len(text)]`` is the original length,
    so an end offset maps too.
    """

    text: str
    index: tuple[int, ...]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text to the original text."""
        if end <= start:
            o = self.index[start]
            return o, o
        return self.index[start], self.index[end - 1] + 1


def cn_to_int(numeral: str) -> int | None:
    """二十四 → 24, 廿四 → 24, 一百二十 → 120, 三十 → 30, 十 → 10, 二四 → 24; None if not a number."""
    if not numeral:
        return None
    if all(c in _CN_DIGITS for c in numeral):
        if len(numeral) == 1:
            return _CN_DIGITS[numeral]
        return int("".join(str(_CN_DIGITS[c]) for c in numeral))
    total, section, digit = 0, 0, None
    for c in numeral:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in ("萬", "万"):
            section = (section + (digit or 0)) * 10_000
            total += section
            section, digit = 0, None
        elif c in _CN_UNITS:
            unit = _CN_UNITS[c]
            if c in "廿卅":
                section += unit
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
        else:
            return None
    return total + section + (digit or 0)


def _apply_char_map(text: str, index: list[int], fn) -> tuple[str, list[int]]:
    out: list[str] = []
    out_index: list[int] = []
    for ch, src in zip(text, index, strict=True):
        rep = fn(ch)
        out.append(rep)
        out_index.extend([src] * len(rep))
    return "".join(out), out_index


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("s2twp")


_HANS_HINT = re.compile("[们这说对时间务费约应该发开关条认议书协员质计设证资结术软数据签总办处责权违规则与验终转价门执险决单诉确维护统]")
#: The Traditional forms of the same characters: which script a document is mostly in.
_HANT_HINT = re.compile("[們這說對時間務費約應該發開關條認議書協員質計設證資結術軟數據簽總辦處責權違規則與驗終轉價門執險決單訴確維護統]")
_CHUNK = re.compile(r"[^\n。；;，,！？!?]+[\n。；;，,！？!?]*")


def conversion_for(text: str) -> str | None:
    """How to bring ``text`` to Traditional Chinese: ``s2twp`` (OpenCC: characters and Taiwan
    phrasing, 数据 → 資料) for a Simplified document; ``mixed`` for a Traditional one with some
    Simplified words in it — a Taiwanese contract quoting a mainland affiliate — where only the
    clauses showing Simplified characters are converted, since s2twp also rewrites Taiwanese
    wording (保存 → 儲存); None when nothing is Simplified."""
    hans = len(_HANS_HINT.findall(text))
    if not hans:
        return None
    return "s2twp" if hans > len(_HANT_HINT.findall(text)) else "mixed"


def is_simplified(text: str) -> bool:
    """Is the text mostly Simplified? Decided once per document, so that its short headings
    (交付与验收) are converted like its body."""
    return conversion_for(text) == "s2twp"


def _to_traditional(text: str, index: list[int], hans: bool | str | None = None) -> tuple[str, list[int]]:
    """OpenCC s2twp, chunk by chunk so that a phrase that changes length (内存 → 記憶體) only
    blurs the offsets of its own clause. ``hans``: True (s2twp), False (none), ``"mixed"``
    (only chunks with Simplified characters), or None (decided from the text)."""
    mode = conversion_for(text) if hans is None else ("s2twp" if hans is True else (hans or None))
    if not mode:
        return text, index
    cc = _opencc()
    out: list[str] = []
    out_index: list[int] = []
    covered = 0
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        conv = cc.convert(chunk) if mode != "mixed" or _HANS_HINT.search(chunk) else chunk
        src = index[m.start() : m.end()]
        if len(conv) == len(chunk):
            out_index.extend(src)
        else:
            n = len(chunk)
            out_index.extend(src[min(n - 1, i * n // len(conv))] for i in range(len(conv)))
        out.append(conv)
        covered += len(chunk)
    if covered != len(text):  # the chunk regex covers everything; be safe all the same
        return text, index
    return "".join(out), out_index


def _numerals(text: str, index: list[int]) -> tuple[str, list[int]]:
    out: list[str] = []
    out_index: list[int] = []
    pos = 0
    for m in _NUMERAL_BEFORE_UNIT.finditer(text):
        if text[m.start() - 1 : m.start()] == "第" and text.startswith("時間", m.end()):
            continue  # 第一時間 is "at once", not a first hour
        value = cn_to_int(m.group())
        if value is None:
            continue
        out.append(text[pos : m.start()])
        out_index.extend(index[pos : m.start()])
        digits = str(value)
        out.append(digits)
        src = index[m.start() : m.end()]
        out_index.extend(src[min(i, len(src) - 1)] for i in range(len(digits)))
        pos = m.end()
    out.append(text[pos:])
    out_index.extend(index[pos:])
    return "".join(out), out_index


def _is_tight(ch: str) -> bool:
    return bool(_CJK_CHAR.match(ch))


def _spaces(text: str, index: list[int]) -> tuple[str, list[int]]:
    """Drop spaces next to CJK characters; collapse other runs of spaces to one."""
    out: list[str] = []
    out_index: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == " ":
            j = i
            while j < n and text[j] == " ":
                j += 1
            prev = out[-1] if out else "\n"
            nxt = text[j] if j < n else "\n"
            if prev == "\n" or nxt == "\n" or _is_tight(prev) or _is_tight(nxt):
                i = j
                continue
            out.append(" ")
            out_index.append(index[i])
            i = j
            continue
        out.append(ch)
        out_index.append(index[i])
        i += 1
    return "".join(out), out_index


#: Presentation forms whose NFKC form is not what Chinese text means by them (︰ is a colon).
_BEFORE_NFKC = {"︰": ":", "﹕": ":", "︔": ";", "︐": ",", "︑": "、", "︒": "。"}


def _nfkc(c: str) -> str:
    return _BEFORE_NFKC.get(c) or unicodedata.normalize("NFKC", c)


def normalize(text: str, hans: bool | str | None = None) -> Normalized:
    """Normalise ``text`` for matching; see the module docstring for the steps. ``hans``
    forces (True, or the mode from :func:`conversion_for`) or skips (False) the
    zh-Hans conversion; by default the text itself decides."""
    index = list(range(len(text)))
    s, index = _apply_char_map(text, index, _nfkc)
    s, index = _to_traditional(s, index, hans)
    s = s.translate(VARIANTS)  # every entry maps one character to one
    lowered = s.lower()
    if len(lowered) != len(index):  # lower() lengthens a few rare letters (İ → i̇)
        lowered, index = _apply_char_map(s, index, str.lower)
    s = lowered
    s, index = _spaces(s, index)
    s, index = _numerals(s, index)
    index.append(len(text))
    return Normalized(s, tuple(index))
