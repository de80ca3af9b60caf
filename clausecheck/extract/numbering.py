"""Word's automatic numbering, rebuilt from numbering.xml and styles.xml.

Taiwanese contracts are usually drafted in Word with 第X條 / 一、 / (一) set as *automatic*
numbering: the label is not in the paragraph's text but computed by Word when it lays the
page out. A reader that takes ``paragraph.text`` loses every article number, and with it
every article path. This module computes the labels the way Word does: it resolves a
paragraph's ``numPr`` (directly or through its style and the styles it is based on), finds
the abstract definition of the list (following ``numStyleLink``), applies ``lvlOverride``,
keeps one counter per level and restarts deeper levels when a higher one is used.

Counters: Word lets list instances (``w:num``) that share an abstract definition continue
each other's numbering; a ``w:num`` that overrides a level (``startOverride``) restarts and
counts on its own. The :class:`Numbering` keys its counters the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAX_LEVELS = 9


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag (``w("p")`` → ``{...main}p``)."""
    return f"{{{W_NS}}}{tag}"


def wattr(el: etree._Element | None, name: str = "val") -> str | None:
    """The ``w:``-namespaced attribute of ``el`` (``w:val`` by default), or None."""
    if el is None:
        return None
    return el.get(w(name))


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def is_on(el: etree._Element | None) -> bool:
    """A WordprocessingML on/off property (``<w:b/>``, ``<w:vanish w:val="0"/>``)."""
    if el is None:
        return False
    return (wattr(el) or "true").lower() not in ("0", "false", "off", "none")


# ---------------------------------------------------------------------------------------------
# Number formats (ST_NumberFormat)

_ZH_DIGITS = "零一二三四五六七八九"
_ZH_UNITS = ("", "十", "百", "千")
_LEGAL_TRAD_DIGITS = "零壹貳參肆伍陸柒捌玖"
_LEGAL_TRAD_UNITS = ("", "拾", "佰", "仟")
_LEGAL_SIMP_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def _zh_group(n: int, digits: str, units: tuple[str, ...]) -> str:
    """0 < n < 10000 in counting form, with 零 for inner zeros (1010 → 一千零一十)."""
    out: list[str] = []
    zero = False
    for power in (3, 2, 1, 0):
        d = (n // 10**power) % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(digits[0])
            zero = False
        out.append(digits[d] + units[power])
    return "".join(out)


def zh_counting(
    n: int,
    *,
    digits: str = _ZH_DIGITS,
    units: tuple[str, ...] = _ZH_UNITS,
    big: tuple[str, ...] = ("", "萬", "億"),
    short_ten: bool = True,
) -> str:
    """Chinese counting numerals: 1→一, 10→十, 11→十一, 21→二十一, 101→一百零一.

    ``short_ten`` drops the 一 of 一十 for 10–19, as Word's taiwaneseCountingThousand does;
    the legal (大寫) forms keep it (壹拾).
    """
    if n <= 0 or n >= 10**12:
        return str(n)
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out: list[str] = []
    zero = False
    for i in range(len(groups) - 1, -1, -1):
        g = groups[i]
        if g == 0:
            zero = bool(out)
            continue
        if out and (zero or g < 1000):
            out.append(digits[0])
        out.append(_zh_group(g, digits, units) + big[i])
        zero = False
    text = "".join(out)
    if short_ten and text.startswith(digits[1] + units[1]) and len(groups) == 1 and groups[0] < 20:
        text = text[1:]
    return text


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    """Word's letters repeat after z: 27 → aa, 28 → bb."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _enclosed(n: int) -> str:
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def _from_table(n: int, table: str) -> str:
    return table[n - 1] if 1 <= n <= len(table) else str(n)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word number format ``fmt``; unknown formats fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n))
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "ordinal":
        return _ordinal(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _enclosed(n)
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "ideographEnclosedCircle":
        return chr(0x3280 + n - 1) if 1 <= n <= 10 else str(n)
    if fmt == "ideographTraditional":
        return _from_table(n, _STEMS)
    if fmt == "ideographZodiac":
        return _from_table(n, _BRANCHES)
    if fmt == "ideographZodiacTraditional":
        return _STEMS[(n - 1) % 10] + _BRANCHES[(n - 1) % 12] if 1 <= n <= 60 else str(n)
    if fmt in ("taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return zh_counting(n)
    if fmt in ("chineseCounting", "chineseCountingThousand"):
        return zh_counting(n, big=("", "万", "亿"))
    if fmt == "ideographLegalTraditional":
        return zh_counting(n, digits=_LEGAL_TRAD_DIGITS, units=_LEGAL_TRAD_UNITS, short_ten=False)
    if fmt == "chineseLegalSimplified":
        return zh_counting(
            n,
            digits=_LEGAL_SIMP_DIGITS,
            units=_LEGAL_TRAD_UNITS,
            big=("", "万", "亿"),
            short_ten=False,
        )
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n)) if n >= 0 else str(n)
    return str(n)


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass
class StyleInfo:
    style_id: str
    name: str = ""
    based_on: str | None = None
    num_id: str | None = None
    ilvl: int | None = None
    outline_level: int | None = None


class Styles:
    """Paragraph styles: names, ``basedOn`` chains, numbering and outline levels."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, StyleInfo] = {}
        self.default_paragraph: str | None = None
        if root is None:
            return
        for st in root.iter(w("style")):
            sid = wattr(st, "styleId")
            if sid is None:
                continue
            info = StyleInfo(sid, name=wattr(st.find(w("name"))) or sid)
            info.based_on = wattr(st.find(w("basedOn")))
            ppr = st.find(w("pPr"))
            if ppr is not None:
                num_pr = ppr.find(w("numPr"))
                if num_pr is not None:
                    info.num_id = wattr(num_pr.find(w("numId")))
                    info.ilvl = _int(wattr(num_pr.find(w("ilvl"))))
                info.outline_level = _int(wattr(ppr.find(w("outlineLvl"))))
            self.by_id[sid] = info
            if wattr(st, "type") == "paragraph" and is_on_attr(wattr(st, "default")):
                self.default_paragraph = sid

    def chain(self, style_id: str | None) -> list[StyleInfo]:
        """The style and those it is based on, nearest first (loops cut)."""
        sid = style_id if style_id in self.by_id else self.default_paragraph
        out: list[StyleInfo] = []
        seen: set[str] = set()
        while sid is not None and sid in self.by_id and sid not in seen:
            seen.add(sid)
            out.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return out

    def name(self, style_id: str | None) -> str:
        chain = self.chain(style_id)
        return chain[0].name if chain else ""

    def outline_level(self, style_id: str | None) -> int | None:
        for info in self.chain(style_id):
            if info.outline_level is not None:
                return info.outline_level
        return None

    def num_pr(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """(numId, ilvl, id of the style that carried it) inherited through ``basedOn``."""
        for info in self.chain(style_id):
            if info.num_id is not None:
                return info.num_id, info.ilvl, info.style_id
        return None, None, None


def is_on_attr(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true", "on")


# ---------------------------------------------------------------------------------------------
# Numbering


@dataclass
class Level:
    start: int = 0
    fmt: str = "decimal"
    text: str = ""
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: show every level in decimal
    restart: int | None = None  # w:lvlRestart
    pstyle: str | None = None

    @classmethod
    def parse(cls, el: etree._Element, base: Level | None = None) -> Level:
        lvl = replace(base) if base is not None else cls()
        if (v := _int(wattr(el.find(w("start"))))) is not None:
            lvl.start = v
        if (v := wattr(el.find(w("numFmt")))) is not None:
            lvl.fmt = v
        text_el = el.find(w("lvlText"))
        if text_el is not None:
            lvl.text = wattr(text_el) or ""
        if (v := wattr(el.find(w("suff")))) is not None:
            lvl.suffix = v
        if el.find(w("isLgl")) is not None:
            lvl.legal = is_on(el.find(w("isLgl")))
        if (v := _int(wattr(el.find(w("lvlRestart"))))) is not None:
            lvl.restart = v
        if (v := wattr(el.find(w("pStyle")))) is not None:
            lvl.pstyle = v
        return lvl


@dataclass
class Label:
    """A computed list label: its text and the separator Word puts after it."""

    text: str
    separator: str
    bullet: bool = False
    ilvl: int = 0

    def prefix(self, text: str) -> str:
        if not self.text:
            return text
        return f"{self.text}{self.separator}{text}" if text else self.text


@dataclass
class _List:
    key: str
    levels: list[Level | None]
    counters: list[int | None] = field(default_factory=lambda: [None] * _MAX_LEVELS)


_SEPARATORS = {"tab": " ", "space": " ", "nothing": ""}
_PLACEHOLDER = re.compile(r"%([1-9])")


class Numbering:
    """Resolves paragraphs to list labels; :meth:`label` advances the counters."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self.styles = styles
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, etree._Element] = {}
        self._lists: dict[str, _List] = {}
        if root is None:
            return
        for el in root.iter(w("abstractNum")):
            if (aid := wattr(el, "abstractNumId")) is not None:
                self._abstract[aid] = el
        for el in root.iter(w("num")):
            if (nid := wattr(el, "numId")) is not None:
                self._nums[nid] = el

    # -- resolution ------------------------------------------------------------------------

    def paragraph_numbering(
        self, ppr: etree._Element | None, style_id: str | None
    ) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, from its own ``numPr`` or its style's; None if none."""
        num_id: str | None = None
        ilvl: int | None = None
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = wattr(num_pr.find(w("numId")))
            ilvl = _int(wattr(num_pr.find(w("ilvl"))))
        style_num, style_ilvl, carrier = self.styles.num_pr(style_id)
        if num_id is None:
            num_id = style_num
            if ilvl is None:
                ilvl = style_ilvl
                if ilvl is None and carrier is not None:
                    ilvl = self._level_for_style(num_id, carrier)
        if num_id is None or num_id == "0" or num_id not in self._nums:
            return None
        ilvl = ilvl or 0
        if not 0 <= ilvl < _MAX_LEVELS:
            return None
        return num_id, ilvl

    def _level_for_style(self, num_id: str | None, style_id: str) -> int | None:
        lst = self._list(num_id) if num_id else None
        if lst is None:
            return None
        for i, lvl in enumerate(lst.levels):
            if lvl is not None and lvl.pstyle == style_id:
                return i
        return None

    def _abstract_for(self, num_id: str) -> tuple[str, etree._Element] | None:
        """The abstractNum of a num, following numStyleLink to the style that defines it."""
        seen: set[str] = set()
        nid: str | None = num_id
        while nid is not None and nid in self._nums and nid not in seen:
            seen.add(nid)
            aid = wattr(self._nums[nid].find(w("abstractNumId")))
            if aid is None or aid not in self._abstract:
                return None
            abstract = self._abstract[aid]
            link = wattr(abstract.find(w("numStyleLink")))
            if link is None:
                return aid, abstract
            nid, _, _ = self.styles.num_pr(link)
        return None

    def _list(self, num_id: str) -> _List | None:
        num = self._nums.get(num_id)
        if num is None:
            return None
        found = self._abstract_for(num_id)
        if found is None:
            return None
        aid, abstract = found
        overrides = num.findall(w("lvlOverride"))
        key = f"num:{num_id}" if overrides else f"abstract:{aid}"
        if key in self._lists:
            return self._lists[key]
        levels: list[Level | None] = [None] * _MAX_LEVELS
        for el in abstract.findall(w("lvl")):
            i = _int(wattr(el, "ilvl"), 0) or 0
            if 0 <= i < _MAX_LEVELS:
                levels[i] = Level.parse(el)
        for ov in overrides:
            i = _int(wattr(ov, "ilvl"), 0) or 0
            if not 0 <= i < _MAX_LEVELS:
                continue
            lvl_el = ov.find(w("lvl"))
            if lvl_el is not None:
                levels[i] = Level.parse(lvl_el, levels[i])
            start = _int(wattr(ov.find(w("startOverride"))))
            if start is not None:
                levels[i] = replace(levels[i] or Level(), start=start)
        lst = _List(key, levels)
        self._lists[key] = lst
        return lst

    # -- counting --------------------------------------------------------------------------

    def label(self, num_id: str, ilvl: int) -> Label | None:
        """Count one paragraph at ``ilvl`` of list ``num_id`` and return its label."""
        lst = self._list(num_id)
        if lst is None or lst.levels[ilvl] is None:
            return None
        lvl = lst.levels[ilvl]
        assert lvl is not None
        current = lst.counters[ilvl]
        lst.counters[ilvl] = lvl.start if current is None else current + 1
        for deeper in range(ilvl + 1, _MAX_LEVELS):
            d = lst.levels[deeper]
            if d is None:
                lst.counters[deeper] = None
                continue
            if d.restart == 0 or (d.restart is not None and ilvl >= d.restart):
                continue
            lst.counters[deeper] = None
        separator = _SEPARATORS.get(lvl.suffix, " ")
        if lvl.fmt == "bullet":
            return Label("", "", bullet=True, ilvl=ilvl)

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = lst.levels[k] if k < _MAX_LEVELS else None
            if other is None:
                return ""
            n = lst.counters[k] if lst.counters[k] is not None else other.start
            assert n is not None
            fmt = other.fmt
            if lvl.legal and fmt not in ("decimalZero", "none"):
                fmt = "decimal"
            return format_number(n, fmt)

        text = _PLACEHOLDER.sub(value, lvl.text).strip()
        return Label(text, separator if text else "", ilvl=ilvl)
