"""Finding every pattern of the library in a prepared document, cheapest matcher first.

Exact phrases go to one spaCy ``PhraseMatcher`` and token patterns to one ``Matcher``, both run
over a ``Doc`` built from our own tokens (one token per CJK character, words for Latin text —
the char segmentation of ``spacy.blank("zh")``, without any model). Regular expressions run once
over the whole normalised text. Fuzzy reference sentences (rapidfuzz ``partial_ratio``) are the
most expensive and run last, only for elements nothing else found, and only on sentences that
contain all of the pattern's key phrases (scancode's "key phrases").

Every :class:`Hit` records the matcher that made it and its score.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from clausecheck.library.load import Library, Pattern
from clausecheck.match.segment import Prepared, Sentence

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")

#: Default score of a hit by matcher when the pattern does not set one.
MATCHER_SCORE = {"phrase": 90, "token": 90, "regex": 95}


@dataclass(frozen=True)
class Hit:
    pattern: Pattern
    start: int  # offsets in Prepared.text
    end: int
    sentence: Sentence
    matcher: str  # phrase | token | regex | fuzzy | heading
    score: int


def tokenize(text: str) -> tuple[list[str], list[int]]:
    words, starts = [], []
    for m in _TOKEN.finditer(text):
        words.append(m.group())
        starts.append(m.start())
    return words, starts


class _LiteralIndex:
    """Which sentences contain a literal; each literal is looked up once per document."""

    def __init__(self, prepared: Prepared) -> None:
        self.text = prepared.text
        self.starts = [s.start for s in prepared.sentences]
        self.cache: dict[str, set[int]] = {}

    def _of(self, literal: str) -> set[int]:
        found = self.cache.get(literal)
        if found is None:
            found = set()
            find, pos = self.text.find, 0
            while True:
                pos = find(literal, pos)
                if pos < 0:
                    break
                found.add(bisect.bisect_right(self.starts, pos) - 1)
                pos += 1
            self.cache[literal] = found
        return found

    def sentences(self, literals: frozenset[str] | None) -> set[int] | None:
        if literals is None:
            return None
        out: set[int] = set()
        for lit in literals:
            out |= self._of(lit)
        return out


class Engine:
    """Compiled form of a library. Build once per process; reuse for every document."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.patterns: list[Pattern] = list(library.patterns())
        self.by_uid = {p.uid: p for p in self.patterns}
        self.regexes = [p for p in self.patterns if p.kind == "regex"]

    @cached_property
    def _spacy(self):
        import spacy
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        nlp = spacy.blank("en")  # English lexical attributes (LIKE_NUM knows "twenty"); CJK stays one token a character
        phrase = PhraseMatcher(nlp.vocab, attr="ORTH")
        token = Matcher(nlp.vocab, validate=True)
        for p in self.patterns:
            if p.kind == "phrases":
                phrase.add(p.uid, [Doc(nlp.vocab, words=tokenize(s)[0]) for s in p.phrases if s])
            elif p.kind == "tokens":
                token.add(p.uid, [list(p.tokens)])
        return nlp, phrase, token

    def warm(self) -> None:
        """Build the spaCy matchers now (a worker does this once, before its first document)."""
        _ = self._spacy

    def find(self, prepared: Prepared) -> dict[str, list[Hit]]:
        """All phrase, token and regex hits, by pattern uid."""
        hits: dict[str, list[Hit]] = defaultdict(list)
        text = prepared.text
        if any(p.kind in ("phrases", "tokens") for p in self.patterns):
            self._spacy_hits(prepared, hits)
        where = _LiteralIndex(prepared)
        full_scan_above = max(8, len(prepared.sentences) // 3)
        for p in self.regexes:
            candidates = where.sentences(p.literals)
            if candidates is not None and not candidates:
                continue  # cannot match here: not even compiled
            rx = p.regex
            assert rx is not None
            if candidates is None or len(candidates) > full_scan_above:
                spans = [(0, len(text))]
            else:
                sents = prepared.sentences
                spans = [(sents[i].start, sents[i].end) for i in sorted(candidates)]
            for a, b in spans:
                for m in rx.finditer(text, a, b):
                    if m.end() > m.start():
                        self._add(hits, p, prepared, m.start(), m.end(), "regex")
        return hits

    def _spacy_hits(self, prepared: Prepared, hits: dict[str, list[Hit]]) -> None:
        from spacy.tokens import Doc

        nlp, phrase, token = self._spacy
        words, starts = tokenize(prepared.text)
        if not words:
            return
        doc = Doc(nlp.vocab, words=words)
        strings = nlp.vocab.strings
        for matcher, name in ((phrase, "phrase"), (token, "token")):
            if len(matcher) == 0:
                continue
            for match_id, s, e in matcher(doc):
                p = self.by_uid[strings[match_id]]
                start, end = starts[s], starts[e - 1] + len(words[e - 1])
                self._add(hits, p, prepared, start, end, name)

    @staticmethod
    def _add(hits, p: Pattern, prepared: Prepared, start: int, end: int, matcher: str) -> None:
        sent = prepared.sentence_at(start)
        if end > sent.end:  # a match may not run across sentences
            return
        if p.heading is not None and not p.heading.search(sent.heading):
            return
        hits[p.uid].append(Hit(p, start, end, sent, matcher, p.score or MATCHER_SCORE[matcher]))

    def fuzzy(self, prepared: Prepared, p: Pattern) -> list[Hit]:
        """Reference-sentence hits for one fuzzy pattern (called only when needed)."""
        from rapidfuzz import fuzz

        out: list[Hit] = []
        text = prepared.text
        for sent in prepared.sentences:
            chunk = text[sent.start : sent.end]
            if p.fuzzy_keys and not all(k in chunk for k in p.fuzzy_keys):
                continue
            if p.heading is not None and not p.heading.search(sent.heading):
                continue
            al = fuzz.partial_ratio_alignment(p.fuzzy_text, chunk, score_cutoff=p.fuzzy_min)
            if al is None:
                continue
            start, end = sent.start + al.dest_start, sent.start + al.dest_end
            out.append(Hit(p, start, end, sent, "fuzzy", int(round(al.score))))
        return out
