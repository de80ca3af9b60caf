from __future__ import annotations

from clausecheck.extract.articles import assign_article_paths, match_style
from clausecheck.model import Block, Location


def blocks(*texts: str, kinds: dict[int, str] | None = None) -> list[Block]:
    kinds = kinds or {}
    out = [Block(kinds.get(i, "paragraph"), t, Location(line=i + 1)) for i, t in enumerate(texts)]
    assign_article_paths(out)
    return out


def test_chinese_nesting_and_titles():
    b = blocks(
        "資訊系統維護合約書",
        "第一條 合約期間",
        "本合約期間為三年。",
        "第十二條　保密義務",
        "一、乙方應保密。",
        "(一)不得洩漏。",
        "二、本條於終止後仍有效。",
        "第十三條 其他約定事項",
    )
    assert b[0].article_path == []  # the document title is not a section
    assert b[2].article_path == ["第一條"] and b[2].section_title == "合約期間"
    assert b[5].article_path == ["第十二條", "一、", "(一)"]
    assert b[5].section_title == "保密義務"
    assert b[6].article_path == ["第十二條", "二、"]
    assert b[7].article_path == ["第十三條"]


def test_formal_numbering():
    b = blocks("壹、契約標的", "一、系統維護。", "貳、契約期間", "一、自簽約日起一年。")
    assert b[1].article_path == ["壹、", "一、"]
    assert b[3].article_path == ["貳、", "一、"]
    assert b[3].section_title == "契約期間"


def test_english_decimal_nesting():
    b = blocks("Master Services Agreement", "Article 7 Audit", "7.1 Customer may audit.", "(a) annually;", "Article 8 Term")
    assert b[3].article_path == ["Article7", "7.1", "(a)"]
    assert b[4].article_path == ["Article8"]
    assert b[3].section_title == "Audit"


def test_match_style_does_not_take_amounts_or_dates():
    assert match_style("3.5% of the fees") is None
    assert match_style("2025.01.01 起") is None
    assert match_style("1. Definitions") == ("dec1", "1.", "Definitions")


def test_a_numbered_heading_is_not_inside_the_parties_list():
    b = blocks(
        "Services Agreement",
        "(1) ALPHA FUTURES LIMITED, Taiwan Branch;",
        "(2) BETA SYSTEMS PTE. LTD.",
        "1. Definitions",
        "1.1 In this Agreement:",
        "13. Business Continuity",
        "13.1 The Supplier shall maintain a plan.",
        kinds={3: "heading", 5: "heading"},
    )
    assert b[2].article_path == ["(2)"]
    assert b[4].article_path == ["1.", "1.1"]
    assert b[6].article_path == ["13.", "13.1"] and b[6].section_title == "Business Continuity"


def test_a_schedule_heading_ends_the_last_article():
    b = blocks(
        "第二十條 其他",
        "一、本合約未盡事宜依法令辦理。",
        "附件一 服務水準協議",
        "一、系統可用率99.9%。",
        "Schedule 2 Security Requirements",
        "1. Vulnerability management.",
        kinds={2: "heading", 4: "heading"},
    )
    assert b[3].article_path == ["附件一 服務水準協議", "一、"]
    assert b[3].section_title == "附件一 服務水準協議"
    assert b[5].article_path == ["Schedule 2 Security Requirements", "1."]
