"""Article paths: which 第X條 > 二、 > (一) (or Article 7 > 7.2 > (b)) each block sits in.

Contracts nest their numbering styles in many orders (第X條 > 一、 > (一), or 壹、 > 一、,
or 1. > 1.1 > (a)). Rather than hard-coding one hierarchy, a style's depth is the order in
which it is first met, as a reader infers it: the first style seen is the outermost. When a
style already on the stack appears again, everything below it is closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from clausecheck.model import Block

_CN = "零〇一二三四五六七八九十百千廿卅"
_CN_FORMAL = "壹貳參肆伍陸柒捌玖拾佰"

#: (style name, regex on the start of a block). Order matters only for ties at one position.
STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^\s*第\s*[{_CN}\d]+\s*[章編]")),
    ("article", re.compile(rf"^\s*第\s*[{_CN}\d]+\s*[條条]")),
    ("formal", re.compile(rf"^\s*[{_CN_FORMAL}]+\s*[、.．]")),
    ("cn_item", re.compile(rf"^\s*[{_CN}]+\s*[、．]")),
    ("cn_paren", re.compile(rf"^\s*[(（]\s*[{_CN}]+\s*[)）]")),
    ("en_article", re.compile(r"^\s*(?:article|section|clause)\s+[\dIVXLC]+\b\.?", re.I)),
    ("dec3", re.compile(r"^\s*\d{1,2}\.\d{1,2}\.\d{1,2}(?=[\s.、)]|[^\d.])")),
    ("dec2", re.compile(r"^\s*\d{1,2}\.\d{1,2}(?=[\s、)]|\.(?!\d)|[^\d.%])")),
    ("dec1", re.compile(r"^\s*\d{1,2}\s*[.、．](?!\d)")),
    ("num_paren", re.compile(r"^\s*[(（]\s*\d{1,2}\s*[)）]")),
    ("alpha_paren", re.compile(r"^\s*[(（]\s*[a-hj-z]\s*[)）]")),
    ("roman_paren", re.compile(r"^\s*[(（]\s*(?:i{1,3}|iv|v|vi{0,3}|ix|x)\s*[)）]")),
    ("circled", re.compile(r"^\s*[\u2460-\u2473\u3251-\u325f]")),
]

_TITLE_MAX = 40
MAJOR = {"chapter", "article", "formal", "en_article"}
#: A schedule or annex heading ends the articles: what follows is inside it, not in the last article.
_ANNEX = re.compile(rf"^\s*(?:附件|附表|附錄|schedule|annex|appendix|exhibit)\s*[{_CN}\dA-Z]*(?![a-z])", re.I)


def match_style(text: str) -> tuple[str, str, str] | None:
    """Return (style, label, rest) when ``text`` starts with a numbering label."""
    for name, rx in STYLES:
        m = rx.match(text)
        if m:
            label = re.sub(r"\s+", "", m.group())
            return name, label, text[m.end() :].strip()
    return None


def _title_of(rest: str, block: Block) -> str:
    """A heading's title: short text without a sentence end (第十條 保密義務 → 保密義務)."""
    sentence_like = (rest.isascii() and (rest.rstrip().endswith(".") or len(rest.split()) > 8)) or (
        rest.rstrip().endswith((":", "：")) or "，" in rest or "," in rest and not rest.isascii()
    )
    rest = rest.strip(" :：.、")
    if not rest:
        return ""
    if sentence_like:
        return rest[:_TITLE_MAX] if block.kind == "heading" else ""
    if len(rest) <= _TITLE_MAX and not re.search(r"[。；;]", rest):
        return rest
    if block.kind == "heading":
        return rest[:_TITLE_MAX]
    return ""


_DOC_TITLE = re.compile(r"(合約|契約|合同|協議|協定|约|议|agreement|contract|terms)", re.I)


def _is_document_title(block: Block) -> bool:
    return (
        len(block.text) <= 60
        and match_style(block.text) is None
        and bool(_DOC_TITLE.search(block.text))
        and not re.search(r"[。；;]", block.text)
    )


def assign_article_paths(blocks: Iterable[Block]) -> None:
    """Fill ``article_path`` and ``section_title`` of each block in place.

    The document's title (its first block, when it reads like one) is not a section: a
    contract called 「維護暨保密合約」 must not put every sentence under a 保密 heading.
    """
    order: dict[str, int] = {}
    stack: list[tuple[int, str, str, str, bool]] = []  # (depth, label, title, style, a heading?)
    for i, block in enumerate(blocks):
        if i == 0 and _is_document_title(block):
            continue
        if block.kind == "table_cell":
            block.article_path = [e[1] for e in stack if e[1]]
            block.section_title = next((e[2] for e in reversed(stack) if e[2]), "")
            continue
        if block.kind == "heading" and _ANNEX.match(block.text) and len(block.text) <= _TITLE_MAX * 2:
            title = block.text.strip()
            stack[:] = [(-1, title, title, "annex", True)]
            block.article_path, block.section_title = [title], title
            continue
        found = match_style(block.text)
        if found is None and block.kind == "heading" and len(block.text) <= _TITLE_MAX:
            found = ("heading", "", block.text.strip())
        if found is not None:
            style, label, rest = found
            depth = order.setdefault(style, len(order))
            while stack and stack[-1][0] >= depth:
                stack.pop()
            if style in MAJOR or (block.kind == "heading" and style != "heading"):
                # An article (or a numbered heading: "13. Business Continuity") is never inside
                # a list item or an unnumbered heading that came first (the parties' "(2)", a
                # "Recitals" heading): close those.
                while stack and stack[-1][3] not in MAJOR and not (stack[-1][4] and stack[-1][3] != "heading"):
                    stack.pop()
            title = rest.strip() if style == "heading" else _title_of(rest, block)
            stack.append((depth, label or title, title, style, block.kind == "heading"))
        block.article_path = [e[1] for e in stack if e[1]]
        block.section_title = next((e[2] for e in reversed(stack) if e[2]), "")
