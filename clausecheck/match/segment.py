"""Cutting a document into sentences and clauses over its normalised text.

Matching runs over ``Prepared.text``: the whole document normalised once, one sentence per
line-like unit. Table cells of one row are joined with ``|`` so that a label cell (保固期間)
and its value cell (驗收後一年) read as one sentence, as a reviewer reads them. Sentences end
at 。 ! ? and block ends; English sentences also at ". " (except after common abbreviations).
Clauses split sentences further at ; for look-alike filtering.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from clausecheck.model import Block, Document
from clausecheck.normalize import Normalized, normalize

_SENT_END = re.compile(r"[。!?]+|\.(?=\s+[^\s\d])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|no|art|arts|sec|cl|co|ltd|inc|mr|ms|dr|vs|cf|st|p|pp)|\b[a-z])$")
_CLAUSE_END = re.compile(r";")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # in Prepared.text (normalised)
    end: int
    block: int  # index into Document.blocks
    heading: str  # normalised section title the sentence sits under


@dataclass
class Prepared:
    """A document ready for matching: normalised text, sentences, clause ends, back-mapping."""

    doc: Document
    norm: Normalized
    text: str
    sentences: list[Sentence]
    clause_ends: list[int]
    aliases: list = field(default_factory=list)  # party aliases rewritten (match/parties.py)

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_at(self, pos: int) -> Sentence:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self.sentences[max(i, 0)]

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The ;-delimited clause around ``pos``, bounded by its sentence."""
        sent = self.sentence_at(pos)
        i = bisect.bisect_left(self.clause_ends, pos)
        start = self.clause_ends[i - 1] + 1 if i > 0 else 0
        end = self.clause_ends[i] if i < len(self.clause_ends) else len(self.text)
        return max(start, sent.start), min(end, sent.end)

    def original(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span_to_original(start, end)

    def original_text(self, start: int, end: int) -> str:
        a, b = self.original(start, end)
        return self.doc.text[a:b]

    def block_of(self, sentence: Sentence) -> Block:
        return self.doc.blocks[sentence.block]


def _row_key(block: Block) -> tuple | None:
    if block.kind != "table_cell":
        return None
    loc = block.location
    return (loc.part, loc.page, loc.table, loc.row)


def prepare(doc: Document) -> Prepared:
    """Normalise the document once, name its parties canonically, cut it into sentences."""
    from clausecheck.match.parties import find_aliases, rewrite
    from clausecheck.normalize import conversion_for

    hans = conversion_for(doc.text) or False  # one decision for the body and its headings
    norm = normalize(doc.text, hans)
    aliases = find_aliases(norm.text)
    norm = rewrite(norm, aliases)
    chars = list(norm.text)
    blocks = doc.blocks
    # Which block each normalised "\n" ends; join cells of one table row with "|".
    block_starts = [b.start for b in blocks]
    heading_cache: dict[str, str] = {}

    def block_index(norm_pos: int) -> int:
        orig = norm.index[min(norm_pos, len(norm.index) - 1)]
        return max(bisect.bisect_right(block_starts, orig) - 1, 0)

    if blocks:
        for pos, ch in enumerate(chars):
            if ch == "\n":
                bi = block_index(pos)
                if bi + 1 < len(blocks):
                    key = _row_key(blocks[bi])
                    if key is not None and key == _row_key(blocks[bi + 1]):
                        chars[pos] = "|"
    text = "".join(chars)

    # English sentence ends become line ends too (the space after ". " turns into "\n", same
    # length), so that {gap} and "." in patterns never run from one sentence into the next.
    chars = list(text)
    for m in _SENT_END.finditer(text):
        if m.group() != ".":
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _ABBREV.search(text, max(line_start, m.start() - 6), m.start()):
            continue
        chars[m.end()] = "\n"
    text = "".join(chars)

    sentences: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        line_end = pos + len(line)
        cut = pos
        for m in _SENT_END.finditer(line):
            if m.group() == ".":
                continue
            end = pos + m.end()
            _add(sentences, text, cut, end, block_index, blocks, heading_cache, hans)
            cut = end
        _add(sentences, text, cut, line_end, block_index, blocks, heading_cache, hans)
        pos = line_end + 1
    clause_ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    return Prepared(doc=doc, norm=norm, text=text, sentences=sentences, clause_ends=clause_ends, aliases=aliases)


def _add(sentences, text, start, end, block_index, blocks, cache, hans: bool | str = False) -> None:
    while start < end and text[start] == " ":
        start += 1
    if start >= end:
        return
    bi = block_index(start) if blocks else 0
    title = blocks[bi].section_title if blocks else ""
    if title not in cache:
        cache[title] = normalize(title, hans).text if title else ""
    sentences.append(Sentence(len(sentences), start, end, bi, cache[title]))
