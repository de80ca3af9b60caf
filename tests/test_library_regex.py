"""Regexes of the library: what parsing rejects, and the literals every match must contain."""

from __future__ import annotations

import re

import pytest

from clausecheck.library.literals import required_literals
from clausecheck.library.regex import parse


def lits(text: str):
    return required_literals(parse(text))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("稽核", {"稽核"}),
        ("甲方|乙方", {"甲方", "乙方"}),
        ("(?:查核|稽核)權", {"查核", "稽核"}),  # two of two characters beat one of one
        ("a?稽核", {"稽核"}),
        ("(?:每年|每季)[^。]{0,5}?稽核", {"稽核"}),  # the most selective part is kept
        ("(?:每年|每季)[^。]{0,5}?", {"每年", "每季"}),
        ("[甲乙]", {"甲", "乙"}),
        ("[甲乙]方", {"甲方", "乙方"}),
        ("資安事件|資安事故", {"資安事件", "資安事故"}),  # re factors it into 資安事[件故]
        ("x*", None),
        ("(?i)audit", None),
        ("[^。]+", None),
    ],
)
def test_required_literals(pattern, expected):
    got = lits(pattern)
    assert (None if got is None else set(got)) == expected


def test_every_match_contains_a_required_literal():
    samples = ["乙方應每年接受稽核一次", "甲方得每季查核", "每年度稽核計畫", "無關文字"]
    for pattern in ["(?:每年|每季)[^。]{0,5}?(?:稽核|查核)", "(?:甲方|乙方)[^。]{0,4}?查核"]:
        req = lits(pattern)
        for s in samples:
            for m in re.finditer(pattern, s):
                assert any(lit in m.group() for lit in req), (pattern, s)


def test_parse_rejects_what_compile_rejects():
    with pytest.raises(re.error):
        parse("(?:稽核")
    parse("(?<!甲方|內部)稽核")  # a look-behind of fixed width is fine


def test_variable_width_lookbehind_is_rejected():
    with pytest.raises(re.error, match="look-behind"):
        parse("(?<!甲方內部|內部)稽核")


def test_every_library_regex_match_contains_its_literals():
    """The engine skips a regex in sentences without its literals: that must never lose a
    match. Checked for every regex of the library over the normalised samples."""
    from clausecheck.library.load import load_library
    from clausecheck.normalize import normalize

    from conftest import SAMPLES

    text = "\n".join(normalize(p.read_text(encoding="utf-8")).text for p in sorted(SAMPLES.glob("*.md"))
                     if p.name != "README.md")
    lib = load_library()
    checked = 0
    for p in lib.patterns():
        if not p.regex_text or p.literals is None:
            continue
        for m in p.regex.finditer(text):
            if m.end() > m.start():
                assert any(lit in m.group() for lit in p.literals), (p.uid, m.group(), p.literals)
                checked += 1
    assert checked > 1000
