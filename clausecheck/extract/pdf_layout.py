"""From positioned characters to lines of text, and the rules for joining lines.

Characters arrive in content-stream order with a ``brk`` flag where the PDF library saw a
line break. Here they are cleaned (fake-bold reprints dropped), grouped into lines
(horizontal, or vertical columns read right to left), and turned into text: spaces from
visible gaps, the letter-spacing some exports put between every CJK character removed.
:func:`join_lines` joins the lines of a block: CJK without a space, a word broken at a
line-end hyphen whole when the document's own vocabulary knows it, anything else with one
space. Which lines belong to one block is :mod:`~clausecheck.extract.pdf_blocks`' business.

Coordinates are PDF points with a top-left origin (``x0, top, x1, bottom``), as in
pdfplumber, measured from the visible page (the crop box).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: pdfium's code for a hyphen at a line end (it reports soft and hard hyphens alike).
HYPHEN_MARK = "\x02"
_SPACES = frozenset(" \t\r\n\xa0\u2002\u2003\u2009\u200b")
HYPHENS = "-\u2010"
SOFT_HYPHEN = "\u00ad"

_TIGHT_CLASS = "\u2e80-\u2fdf\u3000-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
_TIGHT = re.compile(f"[{_TIGHT_CLASS}]")


def is_tight(ch: str) -> bool:
    """True for characters written without spaces between them (CJK, kana, full-width)."""
    return ch >= "\u2e80" and _TIGHT.match(ch) is not None


_SPACE_BETWEEN_TIGHT = re.compile(f"(?<=[{_TIGHT_CLASS}]) (?=[{_TIGHT_CLASS}])")
_TIGHT_PAIR = re.compile(f"[{_TIGHT_CLASS}]( ?)(?=[{_TIGHT_CLASS}])")


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    generated: bool = False  # a space the PDF library inferred, not one in the file
    brk: bool = False  # the library saw a line break just before this character
    size: float = 0.0  # font size, when known


@dataclass(slots=True)
class Line:
    chars: list[Char]
    x0: float
    top: float
    x1: float
    bottom: float
    vertical: bool = False
    text: str = ""
    page: int = 0
    size: float = 0.0  # glyph height across the writing direction, in points
    font: float = 0.0  # font size as the PDF states it (median); only comparable to others
    max_gap: float = 0.0  # widest gap between two characters, in points

    @property
    def tabular(self) -> bool:
        """Columns separated by wide gaps: a row of an unruled table, a label and its value."""
        return self.max_gap > 2.5 * self.size

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


def is_space(ch: Char) -> bool:
    """A space of any width (the ideographic space U+3000 is text, not a space)."""
    return ch.text in _SPACES


# -- characters --------------------------------------------------------------------------


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop characters printed twice at (nearly) the same spot: fake bold by overprinting.

    Word and some Chinese report generators draw bold text twice, a fraction of a point
    apart; every extractor then reads 安安徽徽. A character is dropped when the same
    character was already printed within a fifth of the usual glyph height of it. The parts
    of a ligature (``ffi``, ``——``) follow each other with one box, and are kept.

    Twice sorting by (text, baseline bucket, x) — the second time with buckets shifted by
    half — puts every such pair next to each other, which keeps this linear after the sorts.
    """
    real = [i for i, ch in enumerate(chars) if not ch.generated]
    if len(real) < 2:
        return chars
    heights = sorted(chars[i].bottom - chars[i].top for i in real)
    tol = max(0.2 * heights[len(heights) // 2], 0.5)
    drop: set[int] = set()
    for shift in (0.0, tol):
        order = sorted(
            real, key=lambda i: (chars[i].text, int((chars[i].bottom + shift) // (2 * tol)), chars[i].x0)
        )
        for i, j in zip(order, order[1:], strict=False):
            a, b = chars[i], chars[j]
            if (
                a.text == b.text
                and abs(a.x0 - b.x0) <= tol
                and abs(a.bottom - b.bottom) <= tol
                and not (abs(i - j) == 1 and _same_box(a, b))
            ):
                drop.add(max(i, j))
    if not drop:
        return chars
    return [ch for i, ch in enumerate(chars) if i not in drop]


def _same_box(a: Char, b: Char) -> bool:
    """One glyph standing for several characters (ffi, a two-em dash ——) gives each of
    them the same box; a reprint is offset, or comes later in the content."""
    return abs(a.x0 - b.x0) < 0.01 and abs(a.x1 - b.x1) < 0.01 and abs(a.bottom - b.bottom) < 0.01


# -- lines -------------------------------------------------------------------------------


def build_lines(chars: Iterable[Char], page: int = 0) -> list[Line]:
    """Group characters into lines, in the order they came.

    A line ends where the PDF library saw a break, unless the next character continues on
    the same baseline further right (the pieces of one visual line, e.g. a label and its
    value); it also ends where the baseline moves without a break flag (pdfium joins a
    line hyphenated with a soft hyphen to the next one). A character directly below a
    single-character line, with no break between them, makes the line vertical.
    """
    lines: list[Line] = []
    cur: Line | None = None
    last: Char | None = None
    for ch in chars:
        if is_space(ch):
            if cur is not None:
                cur.chars.append(ch)
            continue
        if cur is None or last is None:
            cur = Line([ch], ch.x0, ch.top, ch.x1, ch.bottom, page=page)
            last = ch
            lines.append(cur)
            continue
        h = ch.bottom - ch.top
        same = False
        if cur.vertical:
            overlap = min(ch.x1, cur.x1) - max(ch.x0, cur.x0)
            same = not ch.brk and overlap >= 0.5 * min(ch.x1 - ch.x0, cur.x1 - cur.x0) and (
                ch.top >= last.top
            )
        else:
            overlap = min(ch.bottom, cur.bottom) - max(ch.top, cur.top)
            band = overlap >= 0.5 * max(min(h, cur.bottom - cur.top), 0.1)
            if ch.brk:
                same = band and ch.x0 >= cur.x1 - 0.2 * h
            else:
                same = band
                if not band and _starts_vertical(cur, last, ch):
                    cur.vertical = True
                    same = True
        if same:
            cur.chars.append(ch)
            if ch.x0 < cur.x0:
                cur.x0 = ch.x0
            if ch.top < cur.top:
                cur.top = ch.top
            if ch.x1 > cur.x1:
                cur.x1 = ch.x1
            if ch.bottom > cur.bottom:
                cur.bottom = ch.bottom
        else:
            cur = Line([ch], ch.x0, ch.top, ch.x1, ch.bottom, page=page)
            lines.append(cur)
        last = ch
    kept = []
    for line in lines:
        line.text = line_text(line.chars, vertical=line.vertical)
        if line.text:
            _measure_line(line)
            kept.append(line)
    return _order_vertical(kept)


def _measure_line(line: Line) -> None:
    visible = [c for c in line.chars if not is_space(c)]
    heights = sorted((c.x1 - c.x0) if line.vertical else (c.bottom - c.top) for c in visible)
    line.size = max(heights[len(heights) // 2], 0.1)
    fonts = sorted(c.size for c in visible if c.size > 0)
    line.font = fonts[len(fonts) // 2] if fonts else 0.0
    if not line.vertical:
        line.max_gap = max((b.x0 - a.x1 for a, b in zip(visible, visible[1:], strict=False)), default=0.0)


def _starts_vertical(cur: Line, last: Char, ch: Char) -> bool:
    if sum(1 for c in cur.chars if not is_space(c)) != 1:
        return False
    w = min(ch.x1 - ch.x0, last.x1 - last.x0)
    overlap = min(ch.x1, last.x1) - max(ch.x0, last.x0)
    h = last.bottom - last.top
    return overlap >= 0.5 * w > 0 and ch.top > last.top + 0.5 * h and ch.top - last.bottom < 0.3 * h


def _order_vertical(lines: list[Line]) -> list[Line]:
    """Vertical columns read right to left: reorder each run of vertical lines."""
    if not any(ln.vertical for ln in lines):
        return lines
    out: list[Line] = []
    run: list[Line] = []
    for line in lines:
        if line.vertical:
            run.append(line)
            continue
        out.extend(sorted(run, key=lambda ln: -ln.x1))
        run = []
        out.append(line)
    out.extend(sorted(run, key=lambda ln: -ln.x1))
    return out


def line_text(chars: list[Char], *, vertical: bool = False) -> str:
    """The text of one line: spaces collapsed, gaps between Latin words made spaces, and
    the spaces some exports put between every CJK character removed."""
    out: list[str] = []
    prev: Char | None = None
    pending = False
    for ch in chars:
        t = ch.text
        if t in _SPACES:
            pending = prev is not None
            continue
        if prev is not None and not pending and not vertical:
            # a visible gap is a space (pdfium infers these itself; pdfminer does not):
            # a third of the size between words, a full em between CJK characters
            size = max(ch.bottom - ch.top, 1.0)
            gap = ch.x0 - prev.x1
            if gap > 0.3 * size and (gap > size or not (is_tight(prev.text[-1]) and is_tight(t[0]))):
                pending = True
        if pending:
            out.append(" ")
            pending = False
        out.append(t)
        prev = ch
    text = "".join(out).rstrip()
    if text.endswith(SOFT_HYPHEN):
        text = text[:-1].replace(SOFT_HYPHEN, "") + SOFT_HYPHEN
    else:
        text = text.replace(SOFT_HYPHEN, "")
    if HYPHEN_MARK in text[:-1]:
        text = text[:-1].replace(HYPHEN_MARK, "-") + text[-1]
    return remove_letter_spacing(text)


def remove_letter_spacing(text: str) -> str:
    """Remove spaces between CJK characters when the text is letter-spaced (开 票 通 知 单).

    Only when most adjacent CJK pairs have a space: a single deliberate space, as in a
    label and its value (甲方 乙方 among unspaced text), is kept.
    """
    if " " not in text:
        return text
    spaced = unspaced = 0
    for m in _TIGHT_PAIR.finditer(text):
        if m.group(1):
            spaced += 1
        else:
            unspaced += 1
    if spaced and spaced > unspaced:
        return _SPACE_BETWEEN_TIGHT.sub("", text)
    return text


_WORD_END = re.compile(r"([A-Za-z]+)$")
_WORD_START = re.compile(r"^([A-Za-z]+)")


def join_lines(texts: Iterable[str], words: set[str] | None = None) -> str:
    """Join the lines of one block: CJK without a space, hyphenated words de-hyphenated.

    A soft hyphen (U+00AD) at a line end goes. Any other line-end hyphen — pdfium reports
    hard and soft ones alike as its hyphen mark — may be part of the word (self-|regulatory,
    data-|centre: word processors break lines at hyphens even with hyphenation off), so it
    stays, unless ``words``, the document's own vocabulary, has the word without it.
    """
    out = ""
    for text in texts:
        out = _join(out, text, words)
    return out.replace(HYPHEN_MARK, "-").replace(SOFT_HYPHEN, "")


def _join(a: str, b: str, words: set[str] | None = None) -> str:
    if not a:
        return b
    if not b:
        return a
    if a.endswith(SOFT_HYPHEN):
        return a[:-1] + b
    if (a[-1] == HYPHEN_MARK or a[-1] in HYPHENS) and len(a) >= 2 and a[-2].isalpha() and b[0].isalpha():
        head, tail = _WORD_END.search(a[:-1]), _WORD_START.match(b)
        if words and head and tail and (head.group(1) + tail.group(1)).lower() in words:
            return a[:-1] + b  # confiden-|tial, when "confidential" is used elsewhere
        return a[:-1] + "-" + b  # self-|regulatory, state-of-the-|art keep their hyphens
    if a.endswith(HYPHEN_MARK):
        return a[:-1] + "-" + b
    if a[-1] in HYPHENS and len(a) >= 2 and a[-2].isdigit() and b[0].isdigit():
        return a + b  # GB/T 22239-|2019, 2025-|03-31: a number broken at its hyphen
    if is_tight(a[-1]) or is_tight(b[0]):
        return a + b
    return a + " " + b
