"""Real CJK PDFs that broke other extractors (../shared/fixtures/real/, see its README).

Each test pins what the README says a good extractor does with that file, checked against
what clausecheck's PDF reader returns. docling_textbox.docx belongs to the DOCX reader's tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from clausecheck.extract import extract
from clausecheck.extract import pdf as pdf_module
from clausecheck.extract.garbage import is_garbage
from clausecheck.normalize import normalize

REAL = Path(__file__).resolve().parents[1].parent / "shared/fixtures/real"
if not REAL.is_dir():
    pytest.skip(f"real fixtures not found at {REAL}", allow_module_level=True)


def read(name: str):
    return extract(REAL / name)


def test_every_pdf_fixture_has_a_test_here():
    source = Path(__file__).read_text(encoding="utf-8")
    for path in sorted(REAL.glob("*.pdf")):
        assert f'"{path.name}"' in source, f"{path.name} has no test"


def test_simfang_variant_reads_without_the_letter_spacing():
    doc = read("pdfjs_SimFang-variant.pdf")
    assert doc.status == "ok"
    assert doc.blocks[0].text.startswith("全世界无产者，联合起来")


def test_simfang_variant_mojibake_from_pdfminer_is_caught():
    """pdfminer reads this GBK font as Latin-1; when pdfium cannot open a file and pdfminer
    is all there is, that text must be reported unreadable, not checked."""
    import pdfplumber

    with pdfplumber.open(REAL / "pdfjs_SimFang-variant.pdf") as pdf:
        assert is_garbage(pdf.pages[0].extract_text())


def test_pdfminer_fallback_reports_mojibake_as_unreadable_text(monkeypatch):
    def fail(*_args, **_kwargs):
        raise pdf_module._PdfiumFailed("forced for the test")

    monkeypatch.setattr(pdf_module, "_open_pdfium", fail)
    doc = read("pdfjs_SimFang-variant.pdf")
    assert doc.status == "unreadable_text"
    assert any("read with pdfminer" in w for w in doc.warnings)
    assert any("p. 1" in w and "unreadable" in w for w in doc.warnings)
    good = read("pdfminer.six_issue_566_test_2.pdf")
    assert good.status == "ok" and good.blocks[0].text == "甲方：中国饮料有限公司（盖章）"


def test_xiaobiaosong_table_of_contents_keeps_order_and_normalises():
    doc = read("pdfjs_XiaoBiaoSong.pdf")
    assert doc.blocks[0].text == "目\u3000\u3000录"
    assert normalize(doc.blocks[0].text).text == "目录"
    entries = [normalize(b.text).text for b in doc.blocks[1:]]
    pages = [int(m.group(1)) for e in entries if (m := re.search(r"\.\.\. (\d+)$", e))]
    assert pages == [1, 3, 6, 8, 11, 13, 15, 19, 21]
    assert entries[0].startswith("關於紅軍作戰的原則")  # full-width １ became 1, zh-Hans → zh-Hant
    assert entries[1] == "(1937年8月1日)"  # （一九三七年八月一日）: brackets and numerals folded


def test_issue3521_heiti_cid_font_exact():
    doc = read("pdfjs_issue3521.pdf")
    assert [b.text for b in doc.blocks] == ["我们都是黑体字"]


def test_issue4061_vertical_presentation_forms_fold_when_normalised():
    doc = read("pdfjs_issue4061.pdf")
    assert doc.text == "轉轉︰針針針針針針針針針針針針"  # display text is kept as printed
    assert normalize(doc.text).text == "轉轉:針針針針針針針針針針針針"


def test_issue13316_spaced_characters_are_rejoined():
    doc = read("pdfjs_issue13316_reduced.pdf")
    assert [b.text for b in doc.blocks] == ["开票通知单"]


def test_vertical_japanese_reads_columns_right_to_left():
    doc = read("pdfjs_vertical.pdf")
    assert doc.pages == 3
    assert doc.status == "ok"  # pages 2 and 3 are blank, not scans
    assert [(b.text, b.location.page) for b in doc.blocks] == [("あいうえお", 1), ("日本語", 1)]


def test_issue19182_bilingual_form_keeps_both_scripts_and_flags_private_use():
    doc = read("pdfjs_issue19182.pdf")
    assert "Company Secretary (Natural Person)" in doc.text
    assert "中文姓名" in doc.text and "Name in Chinese" in doc.text
    assert "胡駿" in doc.text
    assert "\ue687" in doc.text  # kept: it may be a real character in a font's private area
    assert any("U+E687" in w and "private-use" in w for w in doc.warnings)
    assert doc.status == "ok"


def test_issue67_quarterly_report_drops_running_headers_and_reads_tables():
    doc = read("pdfplumber_issue-67-example.pdf")
    assert doc.pages == 22 and doc.status == "ok"
    assert not any("季度报告全文" in b.text for b in doc.blocks)
    headers = [h for h in doc.headers if h.location.part == "header"]
    footers = [h for h in doc.headers if h.location.part == "footer"]
    assert len(headers) == 22 and {h.text for h in headers} == {"东北电气发展股份有限公司 2018 年第一季度报告全文"}
    assert [h.text for h in footers] == [str(n) for n in range(1, 23)]
    assert not any(re.fullmatch(r"\d{1,2}", b.text) for b in doc.blocks if b.kind != "table_cell")

    cells = {
        (b.location.table, b.location.row, b.location.col): b
        for b in doc.blocks
        if b.kind == "table_cell" and b.location.page == 3
    }
    assert cells[(0, 1, 0)].text == "营业收入（元）"
    assert cells[(0, 1, 1)].text == "4,755,785.11"
    assert cells[(0, 0, 3)].text == "本报告期比上年同期增减"
    assert cells[(1, 1, 2)].text == (  # a cell of four lines, rejoined without spaces
        "清偿债务减少预计负债，计入营业外收入 3,340,324.88 元；清理固定资产的损失，"
        "计入营业外支出 99,456.06 元。"
    )
    assert "营业收入（元）" not in [b.text for b in doc.blocks if b.kind != "table_cell"]
    # the paragraph above the tables is whole, and comes before them
    para = next(b for b in doc.blocks if b.text.startswith("公司董事会、监事会"))
    assert para.text.endswith("并承担个别和连带的法律责任。")
    assert doc.blocks.index(para) < doc.blocks.index(cells[(0, 1, 0)])


def test_issue71_bold_by_overprint_has_no_doubled_characters():
    doc = read("pdfplumber_issue-71-duplicate-chars.pdf")
    for word in ["教育经历", "北京师范大学珠海分校", "培训经历", "微软", "培训课程："]:
        assert word in doc.text
    for doubled in ["教教育育", "北北京京", "微微软软", "项项目目", "培培训训"]:
        assert doubled not in doc.text


def test_issue461_label_value_pairs_stay_together():
    doc = read("pdfplumber_issue-461-example.pdf")
    texts = [b.text for b in doc.blocks]
    assert "性别: 男 年龄: 50岁 送检科室:" in texts
    assert any("样本类型:EDTA抗凝血" in t and "样本状态: 正常" in t for t in texts)
    assert "白细胞计数(WBC) 仪器法 ↓ 3.9 E+9/L [4.0-10.0]" in texts  # one row, one block
    assert "建议与解释: 无" in texts
    assert "姓名:B" not in doc.text  # printed outside the page: invisible, not read


def test_issue842_repeated_lines_are_deduplicated():
    doc = read("pdfplumber_issue-842-example.pdf")
    assert [b.text for b in doc.blocks] == [
        "安徽安利合成革股份有限公司",
        "ANHUI ANLI ARTIFICIAL LEATHER CO.,LTD.",
        "2011 年年度报告",
        "股票代码：300218",
        "股票简称：安利股份",
        "披露日期：2012 年 3 月 27 日",
    ]


def test_pdfminer_issue566_signature_line_exact():
    doc = read("pdfminer.six_issue_566_test_2.pdf")
    assert [b.text for b in doc.blocks] == ["甲方：中国饮料有限公司（盖章）"]
    x0, top, x1, bottom = doc.blocks[0].location.bbox
    assert 0 <= x0 < x1 <= 244 and 0 <= top < bottom <= 206  # measured from the crop box


def test_pypdf_hello_world_keeps_every_script():
    doc = read("pypdf_hello-world.pdf")
    for text in ["Hello World", "مرحبا بالعالم", "Привет, мир", "你好世界", "สวัสดีชาวโลก", "こんにちは世界"]:
        assert text in [b.text for b in doc.blocks], text


def test_docling_scanned_page_needs_ocr():
    doc = extract(REAL / "docling_ocr_test.pdf", ocr="never")  # OCR'd text: tests/test_ocr.py
    assert doc.status == "needs_ocr"
    assert not doc.blocks
    assert any("OCR" in w for w in doc.warnings)
