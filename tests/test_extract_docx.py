"""DOCX reading: Word numbering rebuilt, tables, text boxes, tracked changes, hostile files."""

from __future__ import annotations

import collections
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from clausecheck.errors import InputError
from clausecheck.extract import docx as docx_mod
from clausecheck.extract import extract
from clausecheck.extract.docx import TRACKED_CHANGES_WARNING, extract_docx
from clausecheck.extract.numbering import Numbering, Styles, format_number, zh_counting

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import docgen  # noqa: E402

REAL = REPO.parent / "shared" / "fixtures" / "real"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CN = "一二三四五六七八九十"
ARTICLE_TITLES = [
    "定義",
    "服務範圍",
    "保密義務",
    "資訊安全",
    "稽核權",
    "服務水準",
    "分包",
    "資料返還",
    "營運持續",
    "損害賠償",
    "終止",
    "準據法",
]


def contract_source() -> str:
    """Twelve 第X條 articles with 一、 items, (一) sub-items and 1. points."""
    lines = ["# 資訊服務委外合約書", "甲方：宏泰期貨股份有限公司", "乙方：聯碩資訊股份有限公司"]
    for i, title in enumerate(ARTICLE_TITLES, start=1):
        label = zh_counting(i)
        lines.append(f"## 第{label}條　{title}")
        lines.append(f"一、乙方就{title}應遵守本合約第{label}條之約定。")
        lines.append(f"二、乙方應於每月十日前提交{title}報告予甲方。")
        lines.append("(一)報告應載明執行情形。")
        lines.append("(二)報告應經乙方主管簽認。")
        if i == 4:
            lines.append("1.存取控制。")
            lines.append("2.日誌保存。")
        lines.append(f"三、甲方得隨時查核{title}之辦理情形。")
    return "\n".join(lines) + "\n"


def read(path: Path):
    return extract(path)


@pytest.fixture(scope="module")
def zh_doc(tmp_path_factory):
    out = tmp_path_factory.mktemp("zh") / "contract.docx"
    notes: list[str] = []
    docgen.build_docx(
        contract_source(), out, auto_number="zh", header="資訊服務委外合約書", notes=notes
    )
    assert notes == []
    return out, extract(out)


# -- numbering --------------------------------------------------------------------------------


def test_auto_numbered_articles_read_back(zh_doc):
    path, doc = zh_doc
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    # the labels really are Word numbering: no run of text starts with one
    assert not re.search(
        r"<w:t(?: [^>]*)?>(第[一二三四五六七八九十]+條|[一二三]、|\([一二]\))", xml
    )
    assert xml.count("<w:numPr>") == 12 * 6 + 2
    headings = [b.text for b in doc.blocks if b.kind == "heading"]
    assert headings == [f"第{zh_counting(i)}條 {t}" for i, t in enumerate(ARTICLE_TITLES, 1)]
    assert headings[9].startswith("第十條") and headings[10].startswith("第十一條")
    assert headings[11].startswith("第十二條")


def test_article_paths_of_numbered_items(zh_doc):
    _, doc = zh_doc
    by_text = {b.text: b for b in doc.blocks}
    item = by_text["二、乙方應於每月十日前提交保密義務報告予甲方。"]
    assert item.kind == "list_item" and item.article_path == ["第三條", "二、"]
    assert item.section_title == "保密義務"
    sub = [b for b in doc.blocks if b.article_path[:1] == ["第三條"] and b.text.startswith("(二)")]
    assert sub[0].article_path == ["第三條", "二、", "(二)"]
    third = [b for b in doc.blocks if b.article_path == ["第十二條", "三、"]]
    assert third and third[0].text == "三、甲方得隨時查核準據法之辦理情形。"


def test_nested_list_levels_restart(zh_doc):
    _, doc = zh_doc
    art4 = [b.text for b in doc.blocks if b.article_path[:1] == ["第四條"]]
    assert "1.存取控制。" in art4 and "2.日誌保存。" in art4
    points = [b for b in doc.blocks if b.text.startswith("1.存取")]
    assert points[0].article_path == ["第四條", "二、", "(二)", "1."]
    assert points[0].level == 4
    # (一) restarts under every 二、
    assert sum(b.text == "(一)報告應載明執行情形。" for b in doc.blocks) == 12


def test_cjk_characters_recovered(zh_doc):
    _, doc = zh_doc
    assert cjk_recovery(contract_source(), doc.text) >= 0.995


def cjk_recovery(source: str, text: str) -> float:
    def count(s: str) -> collections.Counter[str]:
        return collections.Counter(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", s))

    want, got = count(docgen.source_text(source)), count(text)
    if not want:
        return 1.0
    return sum(min(n, got[c]) for c, n in want.items()) / sum(want.values())


SAMPLES = sorted((REPO / "samples").glob("*.md"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_samples_round_trip(sample: Path, tmp_path):
    """Every sample, built as its build.yaml says, reads back to its source text."""
    import build_samples

    defaults, config = build_samples.load_config(REPO / "samples" / "build.yaml")
    opts = {**defaults, **config.get(sample.stem, {})}
    source = sample.read_text(encoding="utf-8")
    out = docgen.build_docx(
        source, tmp_path / "s.docx", auto_number=opts["auto_number"], header="HEADER-TEXT"
    )
    doc = extract(out)
    assert doc.status == "ok"
    assert cjk_recovery(source, doc.text) >= 0.995
    want = [_norm(t) for t in docgen.source_text(source).split("\n")]
    assert [_norm(b.text) for b in doc.blocks] == want
    assert "HEADER-TEXT" not in doc.text


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", " ", text).strip()


def test_decimal_numbering(tmp_path):
    src = (
        "# Master Agreement\n## Article 1 Definitions\n1.1 Services means the services.\n"
        "1.2 Data means data.\n## Article 2 Term\n2.1 Two years.\n2.1.1 Renewal.\n2.2 Notice.\n"
    )
    doc = extract(docgen.build_docx(src, tmp_path / "d.docx", auto_number="decimal"))
    xml = zipfile.ZipFile(tmp_path / "d.docx").read("word/document.xml").decode()
    assert "2.1.1" not in xml and "Article 2" not in xml
    texts = [b.text for b in doc.blocks]
    assert texts[1:] == [
        "Article 1 Definitions",
        "1.1 Services means the services.",
        "1.2 Data means data.",
        "Article 2 Term",
        "2.1 Two years.",
        "2.1.1 Renewal.",
        "2.2 Notice.",
    ]
    assert doc.blocks[-2].article_path[-2:] == ["2.1", "2.1.1"]


@pytest.mark.parametrize(
    ("fmt", "values"),
    [
        (
            "taiwaneseCountingThousand",
            {
                1: "一",
                10: "十",
                11: "十一",
                20: "二十",
                21: "二十一",
                101: "一百零一",
                110: "一百一十",
                1010: "一千零一十",
                10001: "一萬零一",
            },
        ),
        ("chineseCountingThousand", {12: "十二", 10000: "一万"}),
        ("ideographTraditional", {1: "甲", 3: "丙", 10: "癸", 11: "11"}),
        (
            "ideographLegalTraditional",
            {1: "壹", 3: "參", 10: "壹拾", 12: "壹拾貳", 101: "壹佰零壹"},
        ),
        ("ideographZodiac", {1: "子", 12: "亥"}),
        ("lowerLetter", {1: "a", 26: "z", 27: "aa", 28: "bb"}),
        ("upperLetter", {3: "C"}),
        ("lowerRoman", {4: "iv", 9: "ix", 14: "xiv"}),
        ("upperRoman", {1999: "MCMXCIX"}),
        ("decimalFullWidth", {12: "１２"}),
        ("decimalEnclosedCircle", {1: "①", 20: "⑳", 21: "㉑", 51: "51"}),
        ("decimalZero", {3: "03", 12: "12"}),
        ("ideographDigital", {10: "一〇"}),
        ("none", {5: ""}),
        ("someFutureFormat", {7: "7"}),
    ],
)
def test_number_formats(fmt, values):
    assert {n: format_number(n, fmt) for n in values} == values


def _numbering(numbering_xml: str, styles_xml: str = "") -> Numbering:
    styles = Styles(etree.fromstring(f"<w:styles {W}>{styles_xml}</w:styles>"))
    return Numbering(etree.fromstring(f"<w:numbering {W}>{numbering_xml}</w:numbering>"), styles)


def _lvl(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _ppr(num_id: str | None = None, ilvl: int | None = None, style: str | None = None):
    inner = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None or ilvl is not None:
        inner += "<w:numPr>"
        inner += f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        inner += f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        inner += "</w:numPr>"
    return etree.fromstring(f"<w:pPr {W}>{inner}</w:pPr>"), style


def _labels(numbering: Numbering, paragraphs) -> list[str]:
    out = []
    for ppr, style in paragraphs:
        found = numbering.paragraph_numbering(ppr, style)
        label = numbering.label(*found) if found else None
        out.append(label.text if label else "")
    return out


def test_overrides_restart_and_shared_counters():
    n = _numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "%1.")
        + _lvl(1, "%1.%2")
        + _lvl(2, "(%3)", "lowerLetter", extra='<w:lvlRestart w:val="0"/>')
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
        '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="Part %1"/></w:lvl></w:lvlOverride></w:num>'
    )
    got = _labels(
        n,
        [
            _ppr("1", 0),
            _ppr("1", 1),
            _ppr("1", 2),
            _ppr("1", 1),
            _ppr("1", 0),
            _ppr("1", 1),
            _ppr("1", 2),
            _ppr("2", 0),
            _ppr("3", 0),
            _ppr("3", 0),
            _ppr("4", 0),
            _ppr("4", 0),
            _ppr("0", 0),
        ],
    )
    assert got == [
        "1.",
        "1.1",
        "(a)",
        "1.2",
        "2.",
        "2.1",
        "(b)",  # lvlRestart 0: never restarts
        "3.",  # num 2 shares the abstract list's counters with num 1
        "7.",
        "8.",  # startOverride restarts num 3 on its own
        "Part I",
        "Part II",  # a level redefined by lvlOverride
        "",
    ]


def test_numbering_through_styles_and_style_links():
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Art"><w:name w:val="Article"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
        '<w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="ArtBold"><w:name w:val="Article Bold"/>'
        '<w:basedOn w:val="Art"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Item"><w:name w:val="Item"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="numbering" w:styleId="ContractList"><w:name w:val="Contract List"/>'
        '<w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>'
    )
    n = _numbering(
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="ContractList"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ContractList"/>'
        + _lvl(0, "第%1條", "taiwaneseCountingThousand", extra='<w:pStyle w:val="Art"/>')
        + _lvl(1, "%2、", "taiwaneseCountingThousand", extra='<w:pStyle w:val="Item"/>')
        + "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>',
        styles,
    )
    got = _labels(
        n,
        [
            _ppr(style="Art"),
            _ppr(style="Item"),
            _ppr(style="Item"),
            _ppr(style="ArtBold"),
            _ppr(style="Item"),
            _ppr(ilvl=1, style="Art"),
            _ppr(style="Normal"),
        ],
    )
    assert got == ["第一條", "一、", "二、", "第二條", "一、", "二、", ""]
    assert n.styles.outline_level("ArtBold") == 0


def test_suffix_legal_and_bullets():
    n = _numbering(
        '<w:abstractNum w:abstractNumId="0">'
        + _lvl(0, "第%1章", "taiwaneseCountingThousand", extra='<w:suff w:val="nothing"/>')
        + _lvl(1, "%1.%2", extra='<w:isLgl/><w:suff w:val="space"/>')
        + '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    first = n.label("1", 0)
    assert first is not None and first.prefix("總則") == "第一章總則"
    second = n.label("1", 1)
    assert second is not None and second.prefix("定義") == "1.1 定義"  # isLgl: 一 shown as 1
    bullet = n.label("1", 2)
    assert bullet is not None and bullet.bullet and bullet.prefix("要點") == "要點"


def test_numbering_from_heading_style_in_docx(tmp_path):
    """Numbering set on the Heading 1 style (as firm templates do), not on paragraphs."""
    b = docgen.DocBuilder()
    numbering = b.doc.part.numbering_part.element
    numbering.find(docgen._w("num")).addprevious(
        etree.fromstring(
            f'<w:abstractNum {W} w:abstractNumId="90">'
            + _lvl(0, "第%1條", "taiwaneseCountingThousand", extra='<w:suff w:val="space"/>')
            + "</w:abstractNum>"
        )
    )
    numbering.append(
        etree.fromstring(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    ppr = b.doc.styles["Heading 1"].element.get_or_add_pPr()
    ppr.insert(0, etree.fromstring(f'<w:numPr {W}><w:numId w:val="90"/></w:numPr>'))
    for title in ("定義", "保密", "稽核"):
        b.paragraph(title, "Heading 1")
        b.paragraph("本條內容。")
    doc = extract(b.save(tmp_path / "styled.docx"))
    assert [x.text for x in doc.blocks if x.kind == "heading"] == [
        "第一條 定義",
        "第二條 保密",
        "第三條 稽核",
    ]
    assert doc.blocks[-1].article_path == ["第三條"]


# -- structure --------------------------------------------------------------------------------


def test_tables_with_merged_and_nested_cells(tmp_path):
    b = docgen.DocBuilder()
    b.paragraph("前言")
    t = b.doc.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"格{r}{c}"
    t.cell(0, 0).merge(t.cell(0, 1))  # gridSpan
    t.cell(1, 2).merge(t.cell(2, 2))  # vMerge
    inner = t.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "內甲", "內乙"
    b.paragraph("後文")
    doc = extract(b.save(tmp_path / "t.docx"))
    cells = [
        (x.text, x.location.table, x.location.row, x.location.col)
        for x in doc.blocks
        if x.kind == "table_cell"
    ]
    assert cells == [
        ("格00\n格01", 0, 0, 0),
        ("格02", 0, 0, 2),
        ("格10", 0, 1, 0),
        ("格11", 0, 1, 1),
        ("格12\n格22", 0, 1, 2),
        ("格20", 0, 2, 0),
        ("內甲", 1, 0, 0),
        ("內乙", 1, 0, 1),  # nested, in place
        ("格21", 0, 2, 1),
    ]
    assert all(x.location.paragraph is None for x in doc.blocks if x.kind == "table_cell")
    assert [x.location.paragraph for x in doc.blocks if x.kind != "table_cell"] == [0, 1]
    assert doc.text.count("格22") == 1


def test_markdown_table_cells_located(tmp_path):
    src = (
        "# 合約\n## 第一條　服務水準\n| 項目 | 標準 |\n|---|---|\n| 可用率 | 99.9%以上 |\n結尾。\n"
    )
    doc = extract(docgen.build_docx(src, tmp_path / "t.docx", auto_number="zh"))
    cell = next(b for b in doc.blocks if b.text == "99.9%以上")
    assert (cell.location.table, cell.location.row, cell.location.col) == (0, 1, 1)
    assert cell.article_path == ["第一條"]


def test_text_box_read_once_after_its_anchor(tmp_path):
    out = docgen.build_docx_with_textbox(
        tmp_path / "box.docx",
        before="第一段本文。",
        anchor="錨定段落",
        box=["方框內第一行：乙方應保密。", "方框內第二行。"],
        after="最後一段。",
    )
    doc = extract(out)
    assert [b.text for b in doc.blocks] == [
        "第一段本文。",
        "錨定段落",
        "方框內第一行：乙方應保密。",
        "方框內第二行。",
        "最後一段。",
    ]
    box = doc.blocks[2]
    assert box.location.part == "textbox" and box.location.paragraph == 1
    assert doc.blocks[4].location.paragraph == 2


def test_text_box_without_fallback(tmp_path):
    out = docgen.build_docx_with_textbox(
        tmp_path / "box.docx", before="甲", anchor="", box=["框中文字"], after="乙", fallback=False
    )
    assert [b.text for b in extract(out).blocks] == ["甲", "框中文字", "乙"]


@pytest.mark.skipif(not (REAL / "docling_textbox.docx").exists(), reason="shared fixture missing")
def test_real_text_box_document():
    doc = extract(REAL / "docling_textbox.docx")
    text = doc.text
    expected_order = [
        "Chiayi County Shuishang Township",
        "Student falls ill",
        "Suggested Reportable Symptoms:",
        "＊ Fever",
        "If a caregiver suspects that within one week",
        "A report must be submitted within 24 hours via the Ministry",
        "Health Bureau:",
        "Case closed.",
    ]
    positions = [text.find(s) for s in expected_order]
    assert -1 not in positions and positions == sorted(positions)
    for s in expected_order + ["Department of Education:", "Whether the epidemic has eased."]:
        assert text.count(s) == 1, s  # the VML Fallback copy is not read again
    assert all(b.location.part == "textbox" for b in doc.blocks[2:])
    assert "＊" in text  # full-width CJK punctuation kept


def test_tracked_changes(tmp_path):
    out = docgen.build_docx_with_tracked_changes(
        tmp_path / "tc.docx",
        kept="乙方應保密，",
        inserted="期間至合約終止後五年。",
        deleted="期間至合約終止時止。",
        deleted_paragraph="本段已刪除。",
    )
    doc = extract(out)
    assert doc.text == "乙方應保密，期間至合約終止後五年。"
    assert "合約終止時止" not in doc.text and "本段已刪除" not in doc.text
    assert TRACKED_CHANGES_WARNING in doc.warnings


def test_headers_and_footers_kept_apart(zh_doc):
    _, doc = zh_doc
    assert doc.headers, "running header and footer are read"
    parts = {b.location.part: b.text for b in doc.headers}
    assert parts["header"] == "資訊服務委外合約書"
    assert parts["footer"] == "第 1 頁，共 1 頁"  # field results read, field codes not
    assert "PAGE" not in parts["footer"]
    assert all(b.location.part == "body" for b in doc.blocks)
    assert doc.text.count("資訊服務委外合約書") == 1  # only the title, not the header


def test_runs_tabs_breaks_fields_hidden_and_symbols(tmp_path):
    b = docgen.DocBuilder()
    b.raw(
        f"<w:p {docgen.NSDECL}><w:r><w:t>甲方</w:t><w:tab/><w:t>乙方</w:t></w:r>"
        "<w:r><w:br/><w:t>(一)第二行</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> REF _Ref123 \\h </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>第五條</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隱藏文字</w:t></w:r>"
        '<w:r><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="SimSun" w:char="00D7"/></w:r>'
        "<w:hyperlink><w:r><w:t>連結文字</w:t></w:r></w:hyperlink>"
        "<w:sdt><w:sdtContent><w:r><w:t>控制項</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    doc = extract(b.save(tmp_path / "runs.docx"))
    assert [x.text for x in doc.blocks] == ["甲方 乙方", "(一)第二行第五條×連結文字控制項"]
    assert {x.location.paragraph for x in doc.blocks} == {0}
    assert "REF" not in doc.text and "隱藏文字" not in doc.text
    assert any("hidden text" in w for w in doc.warnings)


def test_block_level_content_controls_and_footnotes(tmp_path):
    b = docgen.DocBuilder()
    b.raw(
        f"<w:sdt {docgen.NSDECL}><w:sdtContent><w:p><w:r><w:t>控制項內段落</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    b.paragraph("最後")
    doc = extract(b.save(tmp_path / "sdt.docx"))
    assert [x.text for x in doc.blocks] == ["控制項內段落", "最後"]
    assert [x.location.paragraph for x in doc.blocks] == [0, 1]


def test_docm_is_read_with_a_warning(tmp_path):
    src = docgen.build_docx("# 合約\n乙方應保密。\n", tmp_path / "a.docx")
    ctypes = zipfile.ZipFile(src).read("[Content_Types].xml").decode()
    ctypes = ctypes.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    out = docgen.rewrite_docx(src, tmp_path / "a.docm", {"[Content_Types].xml": ctypes.encode()})
    doc = extract(out)
    assert doc.text == "合約\n乙方應保密。"
    assert any("macro" in w for w in doc.warnings)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0\0"))
        + chunk(b"IEND", b"")
    )


def test_image_only_document_needs_ocr(tmp_path):
    (tmp_path / "scan.png").write_bytes(_png())
    b = docgen.DocBuilder()
    b.doc.add_picture(str(tmp_path / "scan.png"))
    doc = extract(b.save(tmp_path / "scan.docx"))
    assert doc.status == "needs_ocr"
    assert any("OCR" in w for w in doc.warnings)


# -- hostile and broken input -----------------------------------------------------------------


def test_zip_bomb_refused_before_opening(tmp_path, monkeypatch):
    src = docgen.build_docx("# 合約\n本文。\n", tmp_path / "a.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info.filename))
        chunk = b"\0" * (1 << 20)
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as f:
            for _ in range(docx_mod.MAX_UNCOMPRESSED_BYTES // len(chunk) + 1):
                f.write(chunk)
    assert bomb.stat().st_size < 2 * 2**20  # small on disk, huge inflated

    def must_not_open(*_a, **_k):
        raise AssertionError("python-docx opened a zip bomb")

    monkeypatch.setattr("docx.package.Package.open", must_not_open)
    with pytest.raises(InputError) as err:
        extract_docx(bomb, bomb.read_bytes())
    assert err.value.status == "too_large"
    assert "limit" in str(err.value)


def test_external_entities_and_dtds_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-7731", encoding="utf-8")
    base = docgen.build_docx("# 合約\n本文。\n", tmp_path / "base.docx")
    uri = secret.as_uri()
    bodies = {
        "entity": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n'
            f'<!ENTITY xxe SYSTEM "{uri}">\n<!ENTITY a "哈哈哈哈哈哈哈哈">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
            f"<w:document {W}><w:body><w:p><w:r><w:t>甲方&xxe;乙方&c;</w:t></w:r></w:p>"
            "</w:body></w:document>"
        ),
        "external_dtd": (
            f'<?xml version="1.0"?>\n<!DOCTYPE w:document SYSTEM "{uri}">\n'
            f"<w:document {W}><w:body><w:p><w:r><w:t>甲方乙方</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    for name, xml in bodies.items():
        out = docgen.rewrite_docx(
            base, tmp_path / f"{name}.docx", {"word/document.xml": xml.encode()}
        )
        try:
            doc = extract(out)
        except InputError:
            continue  # refusing the file is as good as ignoring the entity
        assert "SECRET-MARKER" not in doc.text, name
        assert "甲方" in doc.text and "乙方" in doc.text
        assert "哈" * 80 not in doc.text  # entities not expanded (no billion laughs)


def test_entity_in_numbering_part_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER-99", encoding="utf-8")
    base = docgen.build_docx(
        "# 合約\n## 第一條　定義\n一、本文。\n", tmp_path / "b.docx", auto_number="zh"
    )
    numbering = zipfile.ZipFile(base).read("word/numbering.xml").decode()
    numbering = numbering.replace("第%1條", "第%1條&xxe;", 1)
    head, rest = numbering.split("?>", 1)
    numbering = f'{head}?><!DOCTYPE w:numbering [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>{rest}'
    out = docgen.rewrite_docx(base, tmp_path / "n.docx", {"word/numbering.xml": numbering.encode()})
    try:
        doc = extract(out)
    except InputError:
        return
    assert "SECRET-MARKER" not in doc.text


def test_corrupt_files_raise_input_error(tmp_path):
    good = docgen.build_docx("# 合約\n本文。\n", tmp_path / "good.docx").read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError) as err:
        extract_docx(truncated, truncated.read_bytes())
    assert err.value.status == "unreadable" and "damaged" in str(err.value)

    broken_xml = docgen.rewrite_docx(
        tmp_path / "good.docx",
        tmp_path / "broken.docx",
        {"word/document.xml": b"<w:document><w:body><w:p>"},
    )
    with pytest.raises(InputError) as err:
        extract(broken_xml)
    assert err.value.status == "unreadable" and "Word document" in str(err.value)

    not_docx = tmp_path / "other.docx"
    with zipfile.ZipFile(not_docx, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError) as err:
        extract_docx(not_docx, not_docx.read_bytes())
    assert err.value.status == "unreadable"


def test_bad_crc_member_raises_input_error(tmp_path):
    good = docgen.build_docx("# 合約\n本文內容很長很長。\n", tmp_path / "good.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "good.docx") as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    damaged = bytearray(good)
    for i in range(start + 10, start + 40):
        damaged[i] ^= 0x55
    with pytest.raises(InputError) as err:
        extract_docx(tmp_path / "crc.docx", bytes(damaged))
    assert err.value.status == "unreadable"


def test_document_metadata(zh_doc):
    _, doc = zh_doc
    assert doc.format == "docx" and doc.pages is None and doc.status == "ok"
    assert doc.language.startswith("zh")
    assert doc.sha256


def test_deleted_numbered_paragraph_does_not_count(tmp_path):
    """Word's final view neither shows nor numbers a paragraph deleted with tracking on."""
    src = "# 合約\n## 第一條　標的\n一、第一項。\n二、將被刪除。\n三、第三項。\n"
    base = docgen.build_docx(src, tmp_path / "base.docx", auto_number="zh")
    xml = zipfile.ZipFile(base).read("word/document.xml").decode()
    meta = 'w:id="9" w:author="審閱者" w:date="2025-01-01T00:00:00Z"'
    xml, n = re.subn(
        r"(<w:p>|<w:p [^>]*>)(<w:pPr>.*?)(</w:pPr>)(<w:r>(?:(?!</w:p>).)*?將被刪除。.*?</w:r>)",
        lambda m: (
            m.group(1)
            + m.group(2)
            + f"<w:rPr><w:del {meta}/></w:rPr>"
            + m.group(3)
            + f"<w:del {meta}>"
            + m.group(4).replace("<w:t>", "<w:delText>").replace("</w:t>", "</w:delText>")
            + "</w:del>"
        ),
        xml,
        count=1,
    )
    assert n == 1
    out = docgen.rewrite_docx(base, tmp_path / "del.docx", {"word/document.xml": xml.encode()})
    doc = extract(out)
    assert [b.text for b in doc.blocks] == ["合約", "第一條 標的", "一、第一項。", "二、第三項。"]
    assert TRACKED_CHANGES_WARNING in doc.warnings
