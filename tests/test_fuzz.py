"""Property tests: normalisation, segmentation and matching never raise, and every offset they
report maps back into the original text; the extractors, fed mutated real files, only ever
return a Document or raise a ClauseCheckError.

``make test`` runs these briefly (a fixed seed, a few seconds). ``make fuzz`` sets
``FUZZ_SECONDS`` (default 300): the examples per target grow with it, the seed is random,
each example gets a deadline (a hang is a finding), and failures are kept in ``.hypothesis/``
for replay.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausecheck.check import check
from clausecheck.errors import ClauseCheckError
from clausecheck.extract import extract
from clausecheck.extract.limits import Limits
from clausecheck.match.segment import prepare
from clausecheck.model import DOCUMENT_STATUSES, Block, Document, Location
from clausecheck.normalize import normalize
from clausecheck.profile import Profile

from conftest import ROOT, SHARED

FUZZ_SECONDS = float(os.environ.get("FUZZ_SECONDS", "0") or 0)
TARGETS = 4  # the @given tests below share FUZZ_SECONDS


def fuzz_settings(quick: int, per_second: float, deadline: float):
    """``quick`` examples in the normal suite; under ``make fuzz``, as many as this target's
    share of FUZZ_SECONDS allows at ``per_second``, each within ``deadline`` seconds."""
    common = {"suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
              "print_blob": True}
    if FUZZ_SECONDS <= 0:
        return settings(max_examples=quick, deadline=None, derandomize=True, database=None, **common)
    examples = max(quick, int(FUZZ_SECONDS / TARGETS * per_second))
    return settings(max_examples=examples, deadline=timedelta(seconds=deadline), **common)


# -- text that looks like contracts, and text that does not ------------------------------------

SAMPLE_LINES = [
    line.lstrip("#").strip()
    for path in sorted((ROOT / "samples").glob("*.md"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("|---")
]
FRAGMENTS = sorted({part for line in SAMPLE_LINES for part in re.split(r"(?<=[。；;，,])", line) if part})
ODD = (
    "\u3000 \t\n\r\xa0\u200b\ufeff\ufffd\x00\x01\x7f\u0301\u0300ﬁ½²Ⅻ①⑩㈠"
    "０１２３４５６７８９ＡＢｚ（）「」『』【】〔〕：；，。．、"
    "二十四小時零壹貳參廿卅百千萬億兆个们资讯台臺裏著于週"
    "ıßẞǅΣςﬀ\U0001f600\U00020000\ue000\uf8ff\ud7a3ー〻々"
)
#: U+0130 (İ) lengthens when lowered; it has its own test below, so that the properties keep
#: finding other things while it is open. Lone surrogates are not text: no extractor produces
#: them (the extractor target below checks that), so they are not generated.
LENGTHENS = "\u0130"
unicode_text = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters=LENGTHENS), max_size=80
)
_SURROGATE = re.compile("[\ud800-\udfff]")


@st.composite
def contract_text(draw) -> str:
    """Fragments of the labelled samples, cut, spliced and sprinkled with odd characters."""
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=0, max_size=6))
    text = "".join(parts)
    for _ in range(draw(st.integers(0, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text)))
        what = draw(st.sampled_from(["insert", "delete", "space"]))
        if what == "insert":
            text = text[:at] + draw(st.text(alphabet=ODD, min_size=1, max_size=3)) + text[at:]
        elif what == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 4)):]
        else:
            text = text[:at] + " " + text[at:]
    return text


any_text = st.one_of(contract_text(), unicode_text, st.text(alphabet=ODD, max_size=40))


@st.composite
def documents(draw) -> Document:
    """Documents of random blocks: paragraphs, headings, list items and table rows."""
    blocks: list[Block] = []
    for i in range(draw(st.integers(0, 10))):
        kind = draw(st.sampled_from(["paragraph", "heading", "list_item", "table_cell"]))
        loc = Location(page=draw(st.sampled_from([None, 1, 2])), line=i + 1)
        if kind == "table_cell":
            loc.table, loc.row, loc.col = 0, draw(st.integers(0, 2)), draw(st.integers(0, 2))
        text = draw(any_text)
        blocks.append(Block(kind, text, loc, ocr_confidence=draw(st.sampled_from([None, 55.0, 93.5]))))
    doc = Document(path="fuzz.txt", format="txt", blocks=blocks)
    from clausecheck.extract.articles import assign_article_paths

    doc.finish()
    assign_article_paths(doc.blocks)
    return doc


# -- normalisation, segmentation, matching -------------------------------------------------------


def test_normalize_letters_that_lengthen_when_lowered():
    """'İ'.lower() is two characters (i + combining dot): the index must still line up."""
    for text in ("İ", "甲方İSTANBUL分公司", "İİ 第一條"):
        norm = normalize(text)
        assert len(norm.index) == len(norm.text) + 1 and norm.index[-1] == len(text)


@fuzz_settings(quick=150, per_second=700, deadline=2)
@given(any_text)
def test_normalize_maps_every_character_back(text):
    norm = normalize(text)
    assert len(norm.index) == len(norm.text) + 1
    assert norm.index[-1] == len(text)
    assert all(0 <= i <= len(text) for i in norm.index)
    assert all(a <= b for a, b in zip(norm.index, norm.index[1:], strict=False)), "index goes backwards"
    for start in range(0, len(norm.text) + 1, 3):
        a, b = norm.span_to_original(start, min(start + 5, len(norm.text)))
        assert 0 <= a <= b <= len(text)


@fuzz_settings(quick=60, per_second=200, deadline=5)
@given(documents())
def test_segmentation_offsets_stay_inside_the_text(doc):
    prepared = prepare(doc)
    n = len(prepared.text)
    last = -1
    for sentence in prepared.sentences:
        assert 0 <= sentence.start <= sentence.end <= n
        assert sentence.start >= last
        last = sentence.start
        assert 0 <= sentence.block < max(len(doc.blocks), 1)
        a, b = prepared.original(sentence.start, sentence.end)
        assert 0 <= a <= b <= len(doc.text)
    for end in prepared.clause_ends:
        assert 0 <= end <= n


PROFILES = [Profile(), Profile(firm_type="leverage_dealer", tier=2), Profile(scope={"cloud": True})]


@fuzz_settings(quick=40, per_second=90, deadline=10)
@given(documents(), st.sampled_from(PROFILES))
def test_check_never_raises_and_evidence_quotes_the_text(doc, profile):
    result = check(doc, profile)
    text = doc.text
    assert len(result.findings) == 45 or not doc.checkable
    for finding in result.findings:
        for ev in finding.evidence + finding.conflicts:
            assert 0 <= ev.start <= ev.end <= len(text), (finding.id, ev.start, ev.end, len(text))
            assert ev.quote == text[ev.start : ev.end]
            assert ev.text in text
        assert 0 <= finding.confidence <= 100


# -- the extractors on mutated real files --------------------------------------------------------

REAL = sorted((SHARED / "fixtures" / "real").glob("*.pdf")) + sorted((ROOT / "samples").glob("*.docx"))
SEEDS = [(p.suffix, p.read_bytes()) for p in REAL]
FUZZ_LIMITS = Limits(max_pages=20, time_budget=20.0, max_chars=200_000)


@st.composite
def mutations(draw) -> tuple[int, list[tuple[str, float, int, int]]]:
    """A seed file (by index, to keep failure reports short) and edits to make to it:
    (operation, where as a fraction of the length, size, value)."""
    seed = draw(st.integers(0, len(SEEDS) - 1))
    ops = draw(st.lists(
        st.tuples(st.sampled_from(["flip", "flip", "truncate", "splice", "zero"]),
                  st.floats(0, 1, allow_nan=False), st.integers(1, 4096), st.integers(1, 255)),
        max_size=3,
    ))
    return seed, ops


def mutate(data: bytes, ops: list[tuple[str, float, int, int]]) -> bytes:
    out = bytearray(data)
    for op, where, size, value in ops:
        if not out:
            break
        at = min(int(where * len(out)), len(out) - 1)
        if op == "flip":
            for k in range(at, min(at + size % 16 + 1, len(out))):
                out[k] ^= value
        elif op == "truncate":
            del out[at:]
        elif op == "splice":
            chunk = out[at : at + size]
            dest = (at * 7 + size) % (len(out) + 1)
            out[dest:dest] = chunk
        else:
            out[at : at + size % 512 + 1] = bytes(len(out[at : at + size % 512 + 1]))
    return bytes(out)


@fuzz_settings(quick=40, per_second=100, deadline=30)
@given(mutations())
def test_extract_returns_a_document_or_a_clausecheck_error(mutation):
    seed, ops = mutation
    suffix, data = SEEDS[seed]
    with tempfile.TemporaryDirectory(prefix="clausecheck-fuzz-") as tmp:
        path = Path(tmp) / f"mutant{suffix}"
        path.write_bytes(mutate(data, ops))
        try:
            doc = extract(path, ocr="never", limits=FUZZ_LIMITS)
        except ClauseCheckError as exc:
            assert str(exc)
            return
    assert isinstance(doc, Document) and doc.status in DOCUMENT_STATUSES
    text = doc.text
    assert not _SURROGATE.search(text)
    for block in doc.blocks:
        assert text[block.start : block.end] == block.text


def test_fuzz_corpus_is_there():
    assert len(SEEDS) >= 10 and any(s == ".docx" for s, _ in SEEDS)
    assert len(FRAGMENTS) > 100


if FUZZ_SECONDS > 0:
    pytestmark = pytest.mark.slow
