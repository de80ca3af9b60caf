"""From positioned characters to lines, and from lines to paragraph-sized blocks.

A PDF has no paragraphs, only glyphs at positions. A contract clause that wraps over four
lines must come back as one block, or a requirement that spans the wrap is never found; and
a new article must start a new block, or it lands in the previous article's path. The rules
here are the ones a reader applies without thinking:

- a line that stops short of the right margin ended its paragraph; one that is full was
  broken only by the page width (full means the next line's first word would not have fit);
- a paragraph gap, an indented first line, a change of font size, or a numbering label
  (``第三條``, ``一、``, ``(一)``, ``1.1``) starts a new block — unless the line above is full
  and stops mid-sentence, where ``第三條`` is a reference that happened to wrap;
- across a break, CJK characters join without a space, a hyphenated English word is
  de-hyphenated, anything else joins with one space.

Characters arrive in content-stream order with a ``brk`` flag where the PDF library saw a
line break. Coordinates are PDF points with a top-left origin (``x0, top, x1, bottom``), as
in pdfplumber.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from clausecheck.extract.articles import match_style

#: pdfium's code for a hyphen it found at a line end (a soft hyphen that broke the line).
HYPHEN_MARK = "\x02"
_SPACES = frozenset(" \t\r\n\xa0\u2002\u2003\u2009\u200b")
_HYPHENS = "-\u2010\u00ad"
#: Characters after which a sentence (or a heading) has ended.
_TERMINAL = frozenset("。．.！!？?；;：:」』）)】]>》")
_TIGHT_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation, ideographic space
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3200, 0x32FF),  # enclosed CJK
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE4F),  # CJK compatibility forms (︰)
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3134F),
)


def is_tight(ch: str) -> bool:
    """True for characters written without spaces between them (CJK, kana, full-width)."""
    o = ord(ch)
    if o < 0x2E80:
        return False
    return any(lo <= o <= hi for lo, hi in _TIGHT_RANGES)


_TIGHT_CLASS = "\u2e80-\u2fdf\u3000-\u312f\u3200-\u32ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
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

    @property
    def size(self) -> float:
        """The glyph size across the writing direction (about the font size)."""
        return (self.x1 - self.x0) if self.vertical else (self.bottom - self.top)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class LineGroup:
    """Lines that make one block; ``page`` and ``bbox`` are those of its first page."""

    lines: list[Line] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        first = [ln for ln in self.lines if ln.page == self.page]
        return (
            round(min(ln.x0 for ln in first), 2),
            round(min(ln.top for ln in first), 2),
            round(max(ln.x1 for ln in first), 2),
            round(max(ln.bottom for ln in first), 2),
        )

    @property
    def text(self) -> str:
        return join_lines(ln.text for ln in self.lines)


def _is_space(ch: Char) -> bool:
    return ch.text in _SPACES


# -- characters --------------------------------------------------------------------------


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop characters printed twice at (nearly) the same spot: fake bold by overprinting.

    Word and some Chinese report generators draw bold text twice, a fraction of a point
    apart; every extractor then reads 安安徽徽. A character is dropped when the same
    character already sits within a fifth of its size. The parts of a ligature (``ffi``)
    share one box and are kept.
    """
    seen: dict[tuple[str, int, int], list[Char]] = {}
    out: list[Char] = []
    prev: Char | None = None
    for ch in chars:
        if ch.generated:
            out.append(ch)
            continue
        size = max(ch.bottom - ch.top, ch.x1 - ch.x0, 1.0)
        tol = max(0.2 * size, 0.5)
        cell = 4.0 * tol
        gx, gy = ch.x0 / cell, ch.bottom / cell
        ix, iy = round(gx), round(gy)
        duplicate = False
        for kx in (ix, ix + (1 if gx > ix else -1)):
            for ky in (iy, iy + (1 if gy > iy else -1)):
                for other in seen.get((ch.text, kx, ky), ()):
                    if abs(other.x0 - ch.x0) <= tol and abs(other.bottom - ch.bottom) <= tol:
                        ligature = other is prev and ch.text.isascii() and ch.text.isalpha()
                        duplicate = not ligature
                        break
                if duplicate:
                    break
            if duplicate:
                break
        if duplicate:
            continue
        seen.setdefault((ch.text, ix, iy), []).append(ch)
        out.append(ch)
        prev = ch
    return out


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
        if _is_space(ch):
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
            cur.x0 = min(cur.x0, ch.x0)
            cur.top = min(cur.top, ch.top)
            cur.x1 = max(cur.x1, ch.x1)
            cur.bottom = max(cur.bottom, ch.bottom)
        else:
            cur = Line([ch], ch.x0, ch.top, ch.x1, ch.bottom, page=page)
            lines.append(cur)
        last = ch
    kept = []
    for line in lines:
        line.text = line_text(line.chars, vertical=line.vertical)
        if line.text:
            kept.append(line)
    return _order_vertical(kept)


def _starts_vertical(cur: Line, last: Char, ch: Char) -> bool:
    if sum(1 for c in cur.chars if not _is_space(c)) != 1:
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
        if t == "\u00ad":
            continue
        if prev is not None and not pending and not vertical:
            size = max(ch.bottom - ch.top, 1.0)
            if ch.x0 - prev.x1 > 0.3 * size and not (is_tight(prev.text[-1]) and is_tight(t[0])):
                pending = True
        if pending:
            out.append(" ")
            pending = False
        out.append(t)
        prev = ch
    text = "".join(out)
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


def join_lines(texts: Iterable[str]) -> str:
    """Join the lines of one block: CJK without a space, hyphenated words de-hyphenated."""
    out = ""
    for text in texts:
        out = _join(out, text)
    return out.replace(HYPHEN_MARK, "-")


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if not b:
        return a
    if a.endswith(HYPHEN_MARK):
        return a[:-1] + b
    if a[-1] in _HYPHENS and len(a) >= 2 and a[-2].isalpha() and b[0].islower():
        word = a.rsplit(" ", 1)[-1]
        if any(h in word[:-1] for h in _HYPHENS):  # state-of-the-|art keeps its hyphens
            return a + b
        return a[:-1] + b
    if is_tight(a[-1]) or is_tight(b[0]):
        return a + b
    return a + " " + b


# -- blocks ------------------------------------------------------------------------------


@dataclass
class Layout:
    """Document-wide measures the block rules compare against."""

    body_size: float
    line_gap: float
    right: dict[int, float]  # right edge of the text column, per page

    @classmethod
    def measure(cls, pages: dict[int, list[Line]]) -> Layout:
        sizes: Counter[float] = Counter()
        gaps: Counter[float] = Counter()
        page_right: dict[int, float] = {}
        settled: list[float] = []
        for page, lines in pages.items():
            horizontal = [ln for ln in lines if not ln.vertical]
            for ln in horizontal:
                sizes[round(ln.size * 2) / 2] += len(ln.text)
            for a, b in zip(horizontal, horizontal[1:]):
                if abs(a.size - b.size) < 0.15 * a.size and b.top > a.top:
                    gap = b.top - a.bottom
                    if -0.2 * a.size < gap < 2 * a.size:
                        gaps[round(gap * 2) / 2] += 1
            long_x1 = sorted((ln.x1 for ln in horizontal if len(ln.text) >= 8), reverse=True)
            if long_x1:
                # the right edge reached by at least two lines, so one stray line does not count
                edge = next(
                    (x for i, x in enumerate(long_x1[:-1]) if x - long_x1[i + 1] <= 2.0),
                    long_x1[0],
                )
                page_right[page] = edge
                if len(long_x1) >= 5:
                    settled.append(edge)
        body = sizes.most_common(1)[0][0] if sizes else 10.0
        gap = gaps.most_common(1)[0][0] if gaps else 0.3 * body
        doc_right = statistics.median(settled) if settled else None
        right: dict[int, float] = {}
        for page, lines in pages.items():
            mine = page_right.get(page)
            long_lines = sum(1 for ln in lines if len(ln.text) >= 8)
            if doc_right is not None and (mine is None or long_lines < 5):
                right[page] = max(doc_right, mine or 0.0)
            elif mine is not None:
                right[page] = mine
            else:
                right[page] = max((ln.x1 for ln in lines), default=0.0)
        return cls(body_size=body, line_gap=gap, right=right)


def _first_word_width(line: Line) -> float:
    first: Char | None = None
    end: Char | None = None
    for ch in line.chars:
        if _is_space(ch):
            if first is not None:
                break
            continue
        if first is None:
            first = end = ch
            if is_tight(ch.text[0]):
                break
            continue
        if is_tight(ch.text[0]):
            break
        end = ch
    if first is None or end is None:
        return 0.0
    return max(end.x1 - first.x0, 0.0)


def is_full(prev: Line, nxt: Line, layout: Layout) -> bool:
    """Was ``prev`` broken only by the page width (the next word would not have fit)?"""
    remaining = layout.right.get(prev.page, prev.x1) - prev.x1
    return remaining < _first_word_width(nxt) + max(0.5 * prev.size, 2.0)


def _ends_hyphenated(prev: Line, nxt: Line) -> bool:
    t = prev.text
    if t.endswith(HYPHEN_MARK):
        return True
    return len(t) >= 2 and t[-1] in _HYPHENS and t[-2].isalpha() and nxt.text[:1].islower()


def continues(prev: Line, nxt: Line, layout: Layout, *, first_of_block: bool) -> bool:
    """Does ``nxt`` continue the block whose last line is ``prev``?"""
    if prev.vertical or nxt.vertical:
        return False
    size = max(prev.size, nxt.size)
    if abs(prev.size - nxt.size) > 0.2 * size:
        return False
    same_page = prev.page == nxt.page
    if same_page:
        gap = nxt.top - prev.bottom
        if gap < -0.3 * prev.size or gap > layout.line_gap + 0.6 * prev.size:
            return False
        if nxt.x0 >= prev.x1 or nxt.x1 <= prev.x0:
            return False
    elif nxt.page != prev.page + 1:
        return False
    hyphenated = _ends_hyphenated(prev, nxt)
    if not hyphenated and not is_full(prev, nxt, layout):
        return False
    indent = nxt.x0 - prev.x0
    if indent > 0.8 * size and not (first_of_block and match_style(prev.text)):
        return False  # an indented first line (a hanging indent only under a label)
    if indent < -0.8 * size and not first_of_block:
        return False  # back to the margin after indented lines: a new paragraph
    if match_style(nxt.text) and prev.text[-1:] in _TERMINAL:
        return False
    if match_style(nxt.text) and not is_full(prev, nxt, layout):
        return False
    return True


def group_lines(
    pages: list[tuple[int, list[Line | object]]], layout: Layout
) -> list[LineGroup | object]:
    """Group each page's lines into blocks, in order; non-``Line`` items (tables) pass
    through and end the block before them. A block can continue onto the next page."""
    out: list[LineGroup | object] = []
    cur: LineGroup | None = None
    for _page, items in pages:
        for item in items:
            if not isinstance(item, Line):
                cur = None
                out.append(item)
                continue
            if cur is not None and continues(
                cur.lines[-1], item, layout, first_of_block=len(cur.lines) == 1
            ):
                cur.lines.append(item)
                continue
            cur = LineGroup([item])
            out.append(cur)
    return out
