"""Running headers, footers and page numbers: found by repetition, kept apart.

Word and LibreOffice print the contract's title and ``第 3 頁`` on every page. Left in the
body, they split clauses that run over a page break and put the title into evidence quotes.
A line is taken for a running header or footer when it sits in the top or bottom band of
the page, among the outermost lines, and its text — with digits masked, so ``第 3 頁`` and
``第 4 頁`` are the same — recurs (exactly or nearly) in the same band on most pages, at the
same place and in the same font size. A page number (``第 3 頁``, ``Page 3 of 10``, ``- 3 -``, a
bare number) in that band needs only to recur on two pages. The title on page 1 that
repeats the running header's text stays: it is not where the header is.
"""

from __future__ import annotations

import math
import re

from rapidfuzz import fuzz

from clausecheck.extract.pdf_layout import Line

#: Share of the page height, from the top or the bottom edge, where running lines sit.
BAND = 0.13
#: How many of the outermost lines of a page may be running lines, at each edge.
MAX_PER_EDGE = 3
#: Near-same running lines (a header with the chapter title in it) by rapidfuzz ratio.
FUZZY_RATIO = 85

_PAGE_NUMBER = re.compile(
    r"""^(?:
        第\s*\d+\s*[頁页](?:\s*[/，,、]?\s*共\s*\d+\s*[頁页])?
      | 共\s*\d+\s*[頁页]\s*[，,]?\s*第\s*\d+\s*[頁页]
      | (?:page|p\.|pp\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?
      | [-–—]\s*\d+\s*[-–—]
      | \d+\s*(?:(?:/|of)\s*\d+)?
      | \d+\s*[頁页]
      | [ivxlc]{1,6}
    )$""",
    re.I | re.X,
)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def find_running_lines(
    pages: dict[int, list[Line]], heights: dict[int, float]
) -> dict[int, str]:
    """Return ``{id(line): "header" | "footer"}`` for the running lines of ``pages``."""
    if len(pages) < 2:
        return {}
    candidates: list[tuple[str, int, Line]] = []  # (band, page, line)
    for page, lines in pages.items():
        height = heights.get(page, 0.0)
        horizontal = [ln for ln in lines if not ln.vertical]
        if not horizontal or height <= 0:
            continue
        by_top = sorted(horizontal, key=lambda ln: ln.top)
        head = [ln for ln in by_top[:MAX_PER_EDGE] if ln.bottom <= height * BAND]
        foot = [ln for ln in by_top[-MAX_PER_EDGE:] if ln.top >= height * (1 - BAND)]
        taken = {id(ln) for ln in head}
        candidates.extend(("header", page, ln) for ln in head)
        candidates.extend(("footer", page, ln) for ln in foot if id(ln) not in taken)
    if not candidates:
        return {}
    need = max(2, math.ceil(0.5 * len(pages)))
    running: dict[int, str] = {}

    def offset(band: str, page: int, ln: Line) -> float:
        return ln.top if band == "header" else heights.get(page, 0.0) - ln.bottom

    def steady(band: str, members: list[tuple[int, Line]], reach: float) -> list[Line]:
        """The members in the cluster's usual font, about its usual distance from the page
        edge (within ``reach`` line heights): a running line sits at a fixed place, the
        title on page 1 that repeats the header's text is bigger or further in."""
        offsets = sorted(offset(band, page, ln) for page, ln in members)
        usual = offsets[len(offsets) // 2]
        fonts = sorted(ln.font for _, ln in members)
        font = fonts[len(fonts) // 2]
        return [
            ln
            for page, ln in members
            if abs(offset(band, page, ln) - usual) <= max(4.0, reach * (ln.bottom - ln.top))
            and (font <= 0 or abs(ln.font - font) <= 0.15 * font)
        ]

    for band in ("header", "footer"):
        numbered = [(page, ln) for b, page, ln in candidates if b == band and is_page_number(ln.text)]
        kept = steady(band, numbered, 3.0) if numbered else []
        if len({ln.page for ln in kept}) >= 2:
            running.update((id(ln), band) for ln in kept)

    # Cluster the remaining candidates of each band by their masked text, near-same together.
    for band in ("header", "footer"):
        clusters: list[tuple[str, set[int], list[tuple[int, Line]]]] = []
        exact: dict[str, int] = {}
        for b, page, ln in candidates:
            if b != band or id(ln) in running:
                continue
            key = _key(ln.text)
            if not key:
                continue
            idx = exact.get(key)
            if idx is None:
                idx = next(
                    (
                        i
                        for i, (k, _, _) in enumerate(clusters)
                        if len(key) >= 6 and fuzz.ratio(k, key) >= FUZZY_RATIO
                    ),
                    None,
                )
                if idx is None:
                    clusters.append((key, set(), []))
                    idx = len(clusters) - 1
                exact[key] = idx
            clusters[idx][1].add(page)
            clusters[idx][2].append((page, ln))
        for _key_text, cpages, members in clusters:
            if len(cpages) < need:
                continue
            kept = steady(band, members, 1.5)
            if len({ln.page for ln in kept}) >= need:
                running.update((id(ln), band) for ln in kept)
    return running
