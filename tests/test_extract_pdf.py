"""The PDF extractor, on PDFs these tests make with LibreOffice (and by hand).

The contracts are built as DOCX with python-docx, so the text that went in is known exactly;
LibreOffice turns them into PDFs with real running headers, page-number fields, justified
lines and soft hyphens. Conversions run once per module, in one LibreOffice call per set of
export options, with a throw-away profile.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from clausecheck.errors import EncryptedInputError, InputError
from clausecheck.extract import extract
from clausecheck.extract.garbage import assess, is_garbage, page_verdict, private_use_chars
from clausecheck.extract.pdf import MAX_PAGES, extract_pdf
from clausecheck.extract.pdf_headers import find_running_lines, is_page_number
from clausecheck.extract.pdf_layout import (
    Char,
    Line,
    build_lines,
    dedupe_chars,
    join_lines,
    remove_letter_spacing,
)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_SOFFICE = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui fonts-noto-cjk)"


def needs_soffice(test):
    """Skip (naming the packages) without LibreOffice; mark for ``-m needs_libreoffice``."""
    return pytest.mark.needs_libreoffice(pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)(test))


CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
CJK_FONT = "Noto Serif CJK TC"
HEADER = "資訊作業委外服務契約書　機密"

# -- the contracts ---------------------------------------------------------------------------

NUMS = "一二三四五六七八九十"
TOPICS = [
    ("契約標的", "資訊系統之開發、維護及營運服務"),
    ("服務水準", "系統可用率每月不低於百分之九十九點九"),
    ("資料保護", "甲方交付之客戶資料及交易資料"),
    ("保密義務", "因履行本契約而知悉之營業秘密"),
    ("稽核權利", "甲方、主管機關及其指定之會計師"),
    ("複委託", "將本契約之全部或一部委由第三人辦理"),
    ("營運持續", "備援機制、災害復原計畫及演練紀錄"),
    ("契約終止", "重大違約、破產或喪失履約能力"),
    ("損害賠償", "因可歸責於乙方之事由致甲方受有損害"),
    ("資訊安全", "弱點掃描、滲透測試及資安事件通報"),
    ("軟體更新", "交易時段以外之時間進行系統變更"),
    ("爭議處理", "臺灣臺北地方法院為第一審管轄法院"),
]
CLAUSES = [
    "乙方應就{b}訂定作業程序，並於每季結束後十五日內提出執行報告，經甲方書面確認後始得結案，甲方得隨時要求補正。",
    "前項報告應載明{b}之辦理情形、發現之缺失及改善措施，乙方未依限改善者，甲方得暫停給付當期服務費用並通知主管機關。",
    "乙方對於{b}，應盡善良管理人之注意義務，並確保其受僱人、代理人及使用人遵守本契約之約定。",
    "雙方同意{b}相關事項如有未盡事宜，應本於誠信原則協商解決；協商不成者，依本契約第十二條辦理。",
]


def zh_paragraphs() -> list[tuple[str, str]]:
    """(kind, text) of the Chinese contract, in order: title, article headings, clauses."""
    out = [("title", "資訊服務委外契約書")]
    for i, (title, body) in enumerate(TOPICS):
        label = NUMS[i] if i < 10 else "十" + NUMS[i - 10]
        out.append(("article", f"第{label}條　{title}"))
        for j, clause in enumerate(CLAUSES[: 2 + i % 3]):
            out.append(("clause", f"{NUMS[j]}、" + clause.format(b=body)))
    return out


EN_PARAGRAPHS = [
    ("article", "Article 1 Confidentiality"),
    (
        "clause",
        "The Vendor shall keep confi\u00adden\u00adtial all information received from the "
        "Company, including trans\u00adac\u00adtion records and cus\u00adtomer data, and shall "
        "not disclose such information to any third party without the prior written consent "
        "of the Company. This obligation shall survive the termi\u00adna\u00adtion of this "
        "Agreement for a period of five years, and the Vendor shall return or destroy the "
        "information upon request. A state-of-the-art encryption standard shall be used.",
    ),
    ("article", "Article 2 Audit"),
    (
        "clause",
        "The Company, its auditors and the competent authority may audit the Vendor's "
        "premises, systems and records relating to the services at any time upon reasonable "
        "notice, and the Vendor shall provide all reasonable assis\u00adtance, documents and "
        "access required for the audit without additional charge to the Company.",
    ),
    ("article", "Article 3 Terms"),
    (
        "clause",
        "Confidential information, transaction records, customer data, termination and "
        "assistance have the meanings given above; self-regulatory rules are those of the "
        "futures association.",
    ),
]


def _cjk_document():
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = CJK_FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), CJK_FONT)
    return d


def _docx_zh(path: Path) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = _cjk_document()
    section = d.sections[0]
    section.header.paragraphs[0].text = HEADER
    footer = section.footer.paragraphs[0]
    footer.add_run("第 ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    footer._p.append(field)
    footer.add_run(" 頁")
    for kind, para in zh_paragraphs():
        p = d.add_paragraph(para)
        if kind == "title":
            p.runs[0].font.size = Pt(18)
        p.paragraph_format.space_after = Pt(6)
    d.save(path)


def _docx_en(path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    d = docx.Document()
    for kind, para in EN_PARAGRAPHS:
        p = d.add_paragraph(para)
        if kind == "clause":
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    d.save(path)


TABLE_ROWS = [
    ["項目", "服務水準", "罰則"],
    ["系統可用率", "每月百分之九十九點九以上", "每降低百分之零點一扣減服務費百分之五"],
    ["問題回應時間", "一級事件三十分鐘內回應", "逾時每次扣減新臺幣一萬元"],
]


def _docx_table(path: Path) -> None:
    d = _cjk_document()
    d.add_paragraph("第五條　服務水準")
    d.add_paragraph("乙方提供之服務應符合下表所列之服務水準：")
    table = d.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for r, row in enumerate(TABLE_ROWS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph("前項服務水準每季檢討一次。")
    d.save(path)


def _convert(sources: list[Path], outdir: Path, profile: Path, export: dict | None = None) -> None:
    target = "pdf"
    if export:
        target = "pdf:writer_pdf_Export:" + json.dumps(export)
    outdir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         target, "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=180,
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The generated PDFs, by name."""
    if SOFFICE is None:
        pytest.skip(NO_SOFFICE)
    root = tmp_path_factory.mktemp("pdfs")
    profile = root / "profile"
    sources = {"zh": root / "zh.docx", "en": root / "en.docx", "table": root / "table.docx"}
    _docx_zh(sources["zh"])
    _docx_en(sources["en"])
    _docx_table(sources["table"])
    _convert(list(sources.values()), root / "plain", profile)
    _convert(
        [sources["zh"]], root / "user", profile,
        {"EncryptFile": {"type": "boolean", "value": "true"},
         "DocumentOpenPassword": {"type": "string", "value": "secret"}},
    )
    _convert(
        [sources["zh"]], root / "owner", profile,
        {"RestrictPermissions": {"type": "boolean", "value": "true"},
         "PermissionPassword": {"type": "string", "value": "owner"},
         "EnableCopyingOfContent": {"type": "boolean", "value": "false"}},
    )
    out = {name: root / "plain" / f"{name}.pdf" for name in sources}
    out["encrypted"] = root / "user" / "zh.pdf"
    out["owner"] = root / "owner" / "zh.pdf"
    return out


def _page_texts(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


# -- the Chinese contract -------------------------------------------------------------------


@needs_soffice
def test_chinese_contract_recovers_the_cjk_text(pdfs):
    doc = extract(pdfs["zh"])
    assert doc.status == "ok" and doc.format == "pdf" and doc.language == "zh-Hant"
    assert doc.pages == len(_page_texts(pdfs["zh"])) >= 3
    source = Counter(CJK.findall("".join(text for _, text in zh_paragraphs())))
    got = Counter(CJK.findall(doc.text))
    recovered = sum(min(n, got[ch]) for ch, n in source.items()) / sum(source.values())
    assert recovered >= 0.995, f"only {recovered:.2%} of the CJK characters recovered"
    assert sum(got.values()) <= sum(source.values()) * 1.005, "extra text (headers?) in the body"


@needs_soffice
def test_chinese_paragraphs_come_back_whole(pdfs):
    """Every clause wraps over several lines, some over a page break: each must be one block
    with exactly the typed text (no spaces between CJK characters, nothing lost)."""
    doc = extract(pdfs["zh"])
    texts = [b.text for b in doc.blocks]
    for _kind, para in zh_paragraphs():
        assert para in texts, f"not one block: {para[:30]}"


@needs_soffice
def test_running_header_and_page_numbers_move_to_headers(pdfs):
    doc = extract(pdfs["zh"])
    assert not any("機密" in b.text for b in doc.blocks)
    assert not any(re.fullmatch(r"第 ?\d+ ?頁", b.text) for b in doc.blocks)
    headers = [h for h in doc.headers if h.location.part == "header"]
    footers = [h for h in doc.headers if h.location.part == "footer"]
    assert {h.location.page for h in headers} == set(range(1, doc.pages + 1))
    assert all(h.text == HEADER for h in headers)
    assert [re.sub(r"\s", "", h.text) for h in footers] == [f"第{n}頁" for n in range(1, doc.pages + 1)]


@needs_soffice
def test_articles_start_their_own_blocks_with_path_and_page(pdfs):
    doc = extract(pdfs["zh"])
    page_texts = [re.sub(r"\s", "", t) for t in _page_texts(pdfs["zh"])]
    headings = [text for kind, text in zh_paragraphs() if kind == "article"]
    for heading in headings:
        label = heading.split("　")[0]
        block = next(b for b in doc.blocks if b.text == heading)
        assert block.kind == "heading"
        assert block.article_path[-1] == label
        assert block.section_title == heading.split("　")[1]
        expected_page = next(
            n for n, t in enumerate(page_texts, 1) if re.sub(r"\s", "", heading) in t
        )
        assert block.location.page == expected_page
        x0, top, x1, bottom = block.location.bbox
        assert 0 <= x0 < x1 and 0 <= top < bottom <= 842
    clause = next(b for b in doc.blocks if b.text.startswith("二、") and "甲方、主管機關" in b.text)
    assert clause.kind == "list_item"
    assert clause.article_path[-2:] == ["第五條", "二、"]


@needs_soffice
def test_text_pdf_is_fast(pdfs):
    import time

    data = pdfs["zh"].read_bytes()
    extract_pdf(pdfs["zh"], data)
    start = time.perf_counter()
    doc = extract_pdf(pdfs["zh"], data)
    per_page = (time.perf_counter() - start) / doc.pages
    assert per_page < 1.0 / 30, f"{per_page * 1000:.0f} ms per page: a 30-page PDF would take over 1 s"


# -- English, tables ---------------------------------------------------------------------


@needs_soffice
def test_english_contract_is_dehyphenated(pdfs):
    """Soft-hyphenated words come back whole: the contract uses each of them elsewhere too,
    which is how the reader tells confiden-|tial from self-|regulatory."""
    doc = extract(pdfs["en"])
    assert doc.language == "en"
    texts = [b.text for b in doc.blocks]
    for _kind, para in EN_PARAGRAPHS:
        assert para.replace("\u00ad", "") in texts
    assert "\x02" not in doc.text and "\ufffe" not in doc.text
    assert [b.article_path[-1] for b in doc.blocks if b.kind == "heading"] == [
        "Article1", "Article2", "Article3",
    ]


@needs_soffice
def test_soft_hyphens_broke_lines_in_the_english_pdf(pdfs):
    """Guard for the test above: the PDF really has words hyphenated at a line end."""
    pdf = pdfium.PdfDocument(pdfs["en"])
    tp = pdf[0].get_textpage()
    codes = {tp.get_text_range(i, 1) for i in range(tp.count_chars())}
    pdf.close()
    assert codes & {"\x02", "\ufffe"}, "no line ended in a hyphen; the test above proves nothing"


@needs_soffice
def test_ruled_table_becomes_cells(pdfs):
    doc = extract(pdfs["table"])
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert [[c.text for c in cells if c.location.row == r] for r in range(3)] == TABLE_ROWS
    assert {c.location.table for c in cells} == {0}
    assert all(c.location.page == 1 and c.location.bbox for c in cells)
    assert [(c.location.row, c.location.col) for c in cells][:3] == [(0, 0), (0, 1), (0, 2)]
    paragraphs = [b.text for b in doc.blocks if b.kind != "table_cell"]
    assert paragraphs == ["第五條　服務水準", "乙方提供之服務應符合下表所列之服務水準：", "前項服務水準每季檢討一次。"]
    kinds = [b.kind for b in doc.blocks]
    assert kinds.index("table_cell") == 2 and kinds[-1] == "paragraph"
    assert all(c.article_path == ["第五條"] for c in cells)


# -- scans, encryption, damage, limits ------------------------------------------------------


def _image_pdf(source: Path, target: Path, pages: int = 1) -> None:
    pdf = pdfium.PdfDocument(source)
    images = [pdf[i].render(scale=72 / 72).to_pil().convert("RGB") for i in range(pages)]
    pdf.close()
    images[0].save(target, "PDF", resolution=72, save_all=True, append_images=images[1:])


@needs_soffice
def test_scanned_pdf_needs_ocr(pdfs, tmp_path):
    scan = tmp_path / "scan.pdf"
    _image_pdf(pdfs["zh"], scan, pages=2)
    doc = extract(scan, ocr="never")
    assert doc.status == "needs_ocr"
    assert not doc.checkable
    assert any("OCR" in w and "pp. 1-2" in w for w in doc.warnings)


@needs_soffice
def test_one_scanned_page_makes_the_document_partial(pdfs, tmp_path):
    scan = tmp_path / "scan.pdf"
    _image_pdf(pdfs["zh"], scan)
    mixed = pdfium.PdfDocument.new()
    text_pdf = pdfium.PdfDocument(pdfs["zh"])
    mixed.import_pages(text_pdf, [0, 1])
    mixed.import_pages(pdfium.PdfDocument(scan))
    target = tmp_path / "mixed.pdf"
    mixed.save(target)
    doc = extract(target, ocr="never")
    assert doc.status == "partial" and doc.checkable
    assert any("p. 3" in w and "OCR" in w for w in doc.warnings)
    assert "第一條" in doc.text


@needs_soffice
def test_encrypted_pdf_needs_the_password(pdfs):
    with pytest.raises(EncryptedInputError) as err:
        extract(pdfs["encrypted"])
    assert str(err.value) == f"{pdfs['encrypted']}: the PDF is password-protected; pass --password"
    assert err.value.status == "encrypted"
    with pytest.raises(EncryptedInputError):
        extract(pdfs["encrypted"], password="wrong")
    doc = extract(pdfs["encrypted"], password="secret")
    assert doc.status == "ok" and "第十二條　爭議處理" in doc.text


@needs_soffice
def test_owner_password_only_is_read_with_a_warning(pdfs):
    doc = extract(pdfs["owner"])
    assert doc.status == "ok" and "第一條　契約標的" in doc.text
    assert any("owner password" in w for w in doc.warnings)


@needs_soffice
@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf_is_an_input_error_or_a_warned_document(pdfs, tmp_path, cut):
    data = pdfs["zh"].read_bytes()
    target = tmp_path / "cut.pdf"
    target.write_bytes(data[: int(len(data) * cut)])
    try:
        doc = extract(target, ocr="never")
    except InputError as exc:
        assert exc.status == "unreadable"
        assert "damaged" in str(exc) and str(target) in str(exc)
    else:
        assert doc.warnings


@needs_soffice
def test_broken_xref_is_repaired_or_reported(pdfs, tmp_path):
    data = pdfs["zh"].read_bytes()
    target = tmp_path / "xref.pdf"
    target.write_bytes(re.sub(rb"startxref\s+\d+", b"startxref\n999999", data).replace(b"xref", b"xrif", 1))
    try:
        doc = extract(target, ocr="never")
    except InputError as exc:
        assert exc.status == "unreadable"
    else:
        assert "第一條　契約標的" in doc.text


def test_not_a_pdf_at_all_is_an_input_error(tmp_path):
    with pytest.raises(InputError) as err:
        extract_pdf(tmp_path / "x.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8)
    assert err.value.status == "unreadable"


@needs_soffice
def test_page_limit_cuts_and_says_so(pdfs):
    assert MAX_PAGES == 1000
    full = extract_pdf(pdfs["zh"], pdfs["zh"].read_bytes())
    doc = extract_pdf(pdfs["zh"], pdfs["zh"].read_bytes(), max_pages=2)
    assert doc.pages == full.pages and doc.status == "partial"
    assert {b.location.page for b in doc.blocks} == {1, 2}
    assert any(f"first 2 of {full.pages} pages" in w and f"{full.pages - 2} page(s) were cut" in w
               for w in doc.warnings)


# -- a hand-made PDF whose text layer is mojibake ------------------------------------------


def _hand_pdf(lines: list[bytes]) -> bytes:
    """A one-page PDF showing ``lines`` in Helvetica (WinAnsi), built byte by byte."""
    content = b"BT /F1 14 Tf 72 760 Td 18 TL " + b" ".join(b"(" + ln + b") '" for ln in lines) + b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_mojibake_text_layer_is_unreadable_text(tmp_path):
    gbk = "甲方應於契約終止後三十日內返還全部資料，乙方不得保留任何複本".encode("gbk")
    escaped = gbk.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    doc = extract_pdf(tmp_path / "moji.pdf", _hand_pdf([escaped, escaped]))
    assert doc.status == "unreadable_text"
    assert any("p. 1" in w and "unreadable" in w for w in doc.warnings)
    assert not doc.blocks


def test_hand_made_latin_pdf_reads(tmp_path):
    doc = extract_pdf(tmp_path / "ok.pdf", _hand_pdf([b"Article 1 Term", b"This Agreement runs for two years."]))
    assert doc.status == "ok"
    assert [b.text for b in doc.blocks] == ["Article 1 Term", "This Agreement runs for two years."]


# -- pure functions ------------------------------------------------------------------------


def test_garbage_detection():
    assert is_garbage("(cid:12)(cid:34)(cid:56)(cid:78) 甲方")
    assert is_garbage("全世界无产者，联合起来".encode("gbk").decode("latin-1"))
    assert is_garbage("\ufffd\ufffd\ufffd\ufffd ab")
    assert is_garbage("\ue001\ue002\ue003\ue004")  # nothing but private-use code points
    assert not is_garbage("Le prestataire s'engage à préserver la confidentialité des données.")
    assert not is_garbage("乙方應遵守個人資料保護法。")
    assert not is_garbage("胡駿\ue687")  # one private-use character is kept, not garbage
    assert private_use_chars("胡駿\ue687\ue687") == ["\ue687"]
    q = assess("(cid:3) abc")
    assert q.cid == len("(cid:3)") and q.chars == len("(cid:3)abc")


def test_page_verdicts():
    assert page_verdict(assess(""), image_coverage=0.9) == "no_text"
    assert page_verdict(assess("12"), image_coverage=0.9) == "no_text"
    assert page_verdict(assess(""), image_coverage=0.0) == "blank"
    assert page_verdict(assess("(cid:1)" * 20), image_coverage=0.0) == "garbage"
    assert page_verdict(assess("乙方應遵守個人資料保護法之規定。"), image_coverage=0.9) == "usable"


def test_letter_spacing_and_joining():
    assert remove_letter_spacing("开 票 通 知 单") == "开票通知单"
    assert remove_letter_spacing("目 \u3000 \u3000 录") == "目\u3000\u3000录"
    assert remove_letter_spacing("甲方代表人 王大明") == "甲方代表人 王大明"
    assert join_lines(["乙方應於每季結束後十五日內提出", "執行報告。"]) == "乙方應於每季結束後十五日內提出執行報告。"
    # a line-end hyphen goes only when the document uses the word without it elsewhere
    assert join_lines(["the confiden-", "tial information"]) == "the confiden-tial information"
    assert join_lines(["the confiden-", "tial data"], {"confidential"}) == "the confidential data"
    assert join_lines(["the confiden\x02", "tial"], {"confidential"}) == "the confidential"
    assert join_lines(["the self\x02", "regulatory rules"], {"rules"}) == "the self-regulatory rules"
    assert join_lines(["the confiden\u00ad", "tial"]) == "the confidential"  # soft hyphen
    assert join_lines(["a state-of-the-", "art system"]) == "a state-of-the-art system"
    assert join_lines(["see Article", "7 below"]) == "see Article 7 below"
    assert join_lines(["Company-", "Vendor"]) == "Company-Vendor"
    assert join_lines(["依GB/T 22239-", "2019辦理"]) == "依GB/T 22239-2019辦理"  # a number broken at its hyphen


def test_a_line_broken_at_a_hyphenated_number_continues():
    """「（GB/T 22239-」|「2019）中…」: the bracket that must follow 2019 did not fit either."""
    from conftest import SAMPLES

    doc = extract(SAMPLES / "cloud_service_agreement_zh_hans.pdf")
    assert any("（GB/T 22239-2019）中云计算安全扩展要求" in b.text and b.text.startswith("6.2") for b in doc.blocks)


def _chars(text: str, x: float, top: float, size: float = 10.0, step: float | None = None) -> list[Char]:
    step = size if step is None else step
    return [Char(ch, x + i * step, top, x + (i + 1) * step, top + size, size=size) for i, ch in enumerate(text)]


def test_overprinted_bold_is_deduplicated_but_ligatures_kept():
    line = _chars("安徽安利", 100, 100)
    shadow = [Char(c.text, c.x0 + 0.3, c.top + 0.2, c.x1 + 0.3, c.bottom + 0.2, size=10) for c in line]
    assert "".join(c.text for c in dedupe_chars(line + shadow)) == "安徽安利"
    ffi = [Char("f", 10, 10, 16, 20), Char("f", 10, 10, 16, 20), Char("i", 10, 10, 16, 20)]
    assert "".join(c.text for c in dedupe_chars(ffi)) == "ffi"
    twice = _chars("年年", 100, 100)  # the same character side by side is not a duplicate
    assert len(dedupe_chars(twice)) == 2


def test_lines_are_split_on_baseline_changes_and_vertical_text_is_read_right_to_left():
    chars = _chars("第一條", 72, 100) + [Char("保", 72, 115, 82, 125, brk=True, size=10)]
    assert [ln.text for ln in build_lines(chars)] == ["第一條", "保"]
    left = [Char(ch, 100, 100 + 10 * i, 110, 110 + 10 * i, size=10) for i, ch in enumerate("日本語")]
    right = [Char(ch, 120, 100 + 10 * i, 130, 110 + 10 * i, size=10) for i, ch in enumerate("あいうえお")]
    right[0].brk = True
    lines = build_lines(left + right)
    assert [ln.text for ln in lines] == ["あいうえお", "日本語"]
    assert all(ln.vertical for ln in lines)


def test_page_number_patterns():
    for text in ["第 3 頁", "第3页", "Page 3 of 10", "page 3", "- 3 -", "3", "3 / 10", "iv", "第 3 頁，共 10 頁"]:
        assert is_page_number(text), text
    for text in ["第三條", "3.1 Scope", "Article 3", "甲方"]:
        assert not is_page_number(text), text


def _line(text: str, page: int, top: float, x0: float = 72.0) -> Line:
    return Line(_chars(text, x0, top), x0, top, x0 + 10 * len(text), top + 10, text=text, page=page, size=10)


def test_running_lines_found_by_repetition_with_digits_masked_and_near_same_text():
    pages = {}
    for n in range(1, 6):
        pages[n] = [
            _line(f"甲公司資訊委外契約 第{n}章 版本{n}", n, 30),
            _line("第一條本契約之目的在於規範雙方權利義務關係", n, 100),
            _line("乙方應依約提供服務並負擔相關費用及責任", n, 115),
            _line(f"Page {n} of 5", n, 800),
        ]
    running = find_running_lines(pages, {n: 842.0 for n in pages})
    parts = Counter(running.values())
    assert parts == {"header": 5, "footer": 5}
    assert all(id(pages[n][1]) not in running for n in pages)


def test_a_numbered_title_set_larger_is_a_heading():
    """"13. Business Continuity …" in a heading font is article 13's title, not list item 13."""
    from conftest import SAMPLES

    doc = extract(SAMPLES / "outsourcing_agreement_en_conflicts.pdf")
    title = next(b for b in doc.blocks if b.text.startswith("13. Business Continuity"))
    assert title.kind == "heading"
    item = next(b for b in doc.blocks if b.text.startswith("13.1 "))
    assert item.kind == "list_item" and item.article_path == ["13.", "13.1"]
    assert item.section_title.startswith("Business Continuity")
