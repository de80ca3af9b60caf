"""Which lines make one block: paragraphs, list items, headings, cut where a reader would.

A PDF has no paragraphs, only lines. A contract clause that wraps over four lines must come
back as one block, or a requirement that spans the wrap is never found; and a new article
must start a new block, or it lands in the previous article's path. The rules are the ones
a reader applies without thinking:

- a line that stops short of the right margin ended its paragraph; one that is full was
  broken only by the page width (full: the next line's first word, or first CJK character
  with the punctuation that must stay with it, would not have fit); a centred title that
  wraps is full when the next word would not fit on either side;
- a paragraph gap, an indented first line (a hanging indent under a label is fine), a
  change of font size, a row of an unruled table (wide gaps), or a numbering label after a
  sentence end (``第三條``, ``一、``, ``(一)``, ``1.1``) starts a new block — but a label
  after a full line that stops mid-sentence is a reference that happened to wrap
  (依本契約第|十條), and ``（6）`` after ``…（5）…；`` continues an inline list;
- a block may continue on the next page.

Measures that depend on the document (text column edges, usual line gap, body font) are
taken once by :meth:`Layout.measure`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from clausecheck.extract.articles import match_style
from clausecheck.extract.pdf_layout import (
    HYPHEN_MARK,
    HYPHENS,
    SOFT_HYPHEN,
    Line,
    is_space,
    is_tight,
    join_lines,
)

#: Characters after which a sentence (or a heading) has ended.
_TERMINAL = frozenset("。．.！!？?；;：:」』）)】]>》")
_WORDS = re.compile(r"[A-Za-z]{3,}")


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



@dataclass
class Layout:
    """Document-wide measures the block rules compare against."""

    body_font: float  # the commonest font size (same unit as Line.font)
    line_gap: dict[int, float]  # usual gap between a paragraph's lines, per page, in line heights
    right: dict[int, float]  # right edge of the text column, per page
    left: dict[int, float]  # left edge of the text column, per page
    settled: set[int] = field(default_factory=set)  # pages whose right edge is well measured
    widths: dict[int, float] = field(default_factory=dict)  # page widths
    words: set[str] = field(default_factory=set)  # the document's Latin words, lower case

    @classmethod
    def measure(cls, pages: dict[int, list[Line]], widths: dict[int, float] | None = None) -> Layout:
        fonts: Counter[float] = Counter()
        all_gaps: Counter[float] = Counter()
        page_gap: dict[int, float] = {}
        page_right: dict[int, float] = {}
        page_left: dict[int, float] = {}
        settled: list[float] = []
        settled_pages: set[int] = set()
        for page, lines in pages.items():
            horizontal = [ln for ln in lines if not ln.vertical]
            for ln in horizontal:
                fonts[round(ln.font * 2) / 2] += len(ln.text)
            gaps: Counter[float] = Counter()
            for a, b in zip(horizontal, horizontal[1:], strict=False):
                if (
                    len(a.text) >= 8
                    and len(b.text) >= 8
                    and not (a.tabular or b.tabular)
                    and abs(a.size - b.size) < 0.15 * a.size
                    and b.top > a.top
                ):
                    gap = (b.top - a.bottom) / a.size
                    if -0.2 < gap < 2:
                        gaps[round(gap * 20) / 20] += 1
            all_gaps.update(gaps)
            if sum(gaps.values()) >= 3:
                page_gap[page] = gaps.most_common(1)[0][0]
            long_lines = [ln for ln in horizontal if len(ln.text) >= 8]
            edge = _edge(sorted((ln.x1 for ln in long_lines), reverse=True))
            if edge is not None:
                page_right[page] = edge
                settled.append(edge)
                settled_pages.add(page)
            elif long_lines:
                page_right[page] = max(ln.x1 for ln in long_lines)
            low = _edge(sorted(ln.x0 for ln in horizontal))
            if low is not None:
                page_left[page] = low
        body = fonts.most_common(1)[0][0] if fonts else 0.0
        gap = all_gaps.most_common(1)[0][0] if all_gaps else 0.3
        doc_right = statistics.median(settled) if settled else None
        doc_left = statistics.median(page_left.values()) if page_left else None
        right: dict[int, float] = {}
        left: dict[int, float] = {}
        for page, lines in pages.items():
            mine = page_right.get(page)
            if doc_right is not None:
                # a page's own edge may be a coincidence (monospaced CJK lines of equal
                # length); the text column is rarely narrower than the document's
                right[page] = max(doc_right, mine or 0.0)
                settled_pages.add(page)
            else:
                right[page] = mine if mine is not None else max((ln.x1 for ln in lines), default=0.0)
            mine_left = page_left.get(page)
            if doc_left is not None:
                left[page] = min(doc_left, mine_left if mine_left is not None else doc_left)
            else:
                left[page] = min((ln.x0 for ln in lines), default=0.0)
        gap_by_page = {page: page_gap.get(page, gap) for page in pages}
        words = {
            w.lower() for lines in pages.values() for ln in lines for w in _WORDS.findall(ln.text)
        }
        return cls(body, gap_by_page, right, left, settled_pages, dict(widths or {}), words)


#: Characters that may not start a line (kinsoku): they travel with the character before.
_NO_LINE_START = frozenset("。，、；：！？）」』】〕》〉”’．，：；！？）｝〗〙ー々…‥・,.;:!?)]}%")
#: Characters that may not end a line: they travel with the character after.
_NO_LINE_END = frozenset("（「『【〔《〈“‘｛〖〘([{")


def _edge(values: list[float]) -> float | None:
    """The outermost value that three lines share (within 3 pt), scanning from the outside;
    None when no three lines line up — a page of centred or scattered lines."""
    for i in range(len(values) - 2):
        if abs(values[i] - values[i + 2]) <= 3.0:
            return values[i]
    return None


def _first_word_width(line: Line) -> float:
    """Width of what the line before could not take: the first word, or the first CJK
    character with the punctuation that must stay with it (作。 or （一）."""
    visible = [c for c in line.chars if not is_space(c)]
    if not visible:
        return 0.0
    first = visible[0]
    end = first
    i = 1
    cjk_bracket = first.text in _NO_LINE_END and len(visible) > 1 and is_tight(visible[1].text[0])
    if is_tight(first.text[0]) or cjk_bracket:
        while i < len(visible) and visible[i - 1].text in _NO_LINE_END:
            end = visible[i]
            i += 1
        while i < len(visible) and visible[i].text in _NO_LINE_START:
            end = visible[i]
            i += 1
        return max(end.x1 - first.x0, 0.0)
    rest = line.chars[line.chars.index(first) + 1 :]
    j = 0
    while j < len(rest) and not (is_space(rest[j]) or is_tight(rest[j].text[0])):
        end = rest[j]
        j += 1
    while j < len(rest) and rest[j].text in _NO_LINE_START:  # 2019） keeps its bracket
        end = rest[j]
        j += 1
    return max(end.x1 - first.x0, 0.0)


def _centred(prev: Line, nxt: Line, layout: Layout) -> bool:
    """Two lines of different lengths centred on the text column (a title over two lines)."""
    if prev.page != nxt.page or abs(prev.x0 - nxt.x0) <= 2.0:
        return False
    left = layout.left.get(prev.page, prev.x0)
    middle = (left + layout.right.get(prev.page, prev.x1)) / 2
    return all(
        abs((ln.x0 + ln.x1) / 2 - middle) < max(0.5 * ln.size, 2.0) and ln.x0 > left + ln.size
        for ln in (prev, nxt)
    )


def is_full(prev: Line, nxt: Line, layout: Layout) -> bool:
    """Was ``prev`` broken only by the page width (the next word would not have fit)?

    On a page with too few long lines to know its text column (a cover, a signature page of
    a one-page file), a line must also span most of the page: a centred title is not full.
    """
    right = layout.right.get(prev.page, prev.x1)
    left = layout.left.get(prev.page, prev.x0)
    needed = _first_word_width(nxt) + max(0.5 * prev.size, 2.0)
    if _centred(prev, nxt, layout):  # a wrapped centred title: no room on either side
        return (right - left) - (prev.x1 - prev.x0) < needed
    if right - prev.x1 >= needed:
        return False
    if prev.page not in layout.settled:
        width = layout.widths.get(prev.page, 0.0)
        return width <= 0 or prev.x1 - prev.x0 >= 0.6 * width
    return True


def _ends_hyphenated(prev: Line, nxt: Line) -> bool:
    t = prev.text
    if t.endswith((HYPHEN_MARK, SOFT_HYPHEN)):
        return True
    return len(t) >= 2 and t[-1] in HYPHENS and t[-2].isalpha() and nxt.text[:1].islower()


def continues(
    prev: Line, nxt: Line, layout: Layout, *, first_of_block: bool, block_text: str | None = None
) -> bool:
    """Does ``nxt`` continue the block whose last line is ``prev`` (and whose text so far is
    ``block_text``)?"""
    if prev.vertical or nxt.vertical or prev.tabular or nxt.tabular:
        return False
    size = max(prev.size, nxt.size)
    if prev.font > 0 and nxt.font > 0:
        if abs(prev.font - nxt.font) > 0.15 * max(prev.font, nxt.font):
            return False
    elif abs(prev.size - nxt.size) > 0.2 * size:
        return False
    same_page = prev.page == nxt.page
    if same_page:
        gap = nxt.top - prev.bottom
        if gap < -0.3 * prev.size or gap > (layout.line_gap.get(prev.page, 0.3) + 0.5) * prev.size:
            return False
        if nxt.x0 >= prev.x1 or nxt.x1 <= prev.x0:
            return False
    elif nxt.page != prev.page + 1:
        return False
    hyphenated = _ends_hyphenated(prev, nxt)
    if not hyphenated and not is_full(prev, nxt, layout):
        return False
    indent = 0.0 if _centred(prev, nxt, layout) else nxt.x0 - prev.x0
    if indent > 0.8 * size and not (first_of_block and match_style(prev.text)):
        return False  # an indented first line (a hanging indent only under a label)
    if indent < -0.8 * size and not first_of_block:
        return False  # back to the margin after indented lines: a new paragraph
    label = match_style(nxt.text)
    if label is None or prev.text[-1:] not in _TERMINAL:
        return True
    # A label after a sentence end starts a new item, unless the block already holds the
    # label before it mid-text: an inline list （1）…；（2）… wrapped just before the next one.
    return block_text is not None and _continues_inline_list(label[1], block_text)


_INLINE_LABEL = re.compile(r"^([(（])(\d{1,2}|[一二三四五六七八九十]|[a-z])([)）])$")
_CN_SEQ = "一二三四五六七八九十"


def _continues_inline_list(label: str, block_text: str) -> bool:
    m = _INLINE_LABEL.match(label)
    if m is None:
        return False
    value = m.group(2)
    if value.isdigit():
        before = str(int(value) - 1) if int(value) > 1 else ""
    elif value in _CN_SEQ:
        before = _CN_SEQ[_CN_SEQ.index(value) - 1] if value != "一" else ""
    else:
        before = chr(ord(value) - 1) if value != "a" else ""
    if not before:
        return False
    return any(
        block_text.find(f"{o}{before}{c}", 1) > 0 for o in "(（" for c in ")）"
    )


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
                cur.lines[-1], item, layout, first_of_block=len(cur.lines) == 1,
                block_text=cur.text,
            ):
                cur.lines.append(item)
                continue
            cur = LineGroup([item])
            out.append(cur)
    return out
