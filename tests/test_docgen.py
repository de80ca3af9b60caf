"""scripts/docgen.py and scripts/build_samples.py: realistic, reproducible test documents."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from clausecheck.extract import extract
from clausecheck.extract.convert import find_soffice
from clausecheck.extract.sniff import sniff

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import build_samples  # noqa: E402
import docgen  # noqa: E402

SOURCE = """# 資訊服務委外合約書
甲方：宏泰期貨股份有限公司
## 第一條　合約標的
一、乙方應提供維護服務。
(一)硬體維護。
(二)軟體維護。
二、附件為本合約之一部分。
## 第二條　保密義務
乙方應負保密義務。
### 保密期間
一、保密義務於本合約終止後五年內仍有效。
| 項目 | 內容 |
|---|---|
| 期間 | 三年 |
| 費用 | 每月十萬元 |
## 第三條　稽核
一、甲方得稽核乙方。
"""


def _xml(path: Path, member: str = "word/document.xml") -> str:
    return zipfile.ZipFile(path).read(member).decode("utf-8")


def test_parse_source():
    items = docgen.parse_source(SOURCE)
    kinds = [i.kind for i in items]
    assert kinds[:4] == ["title", "para", "h2", "para"]
    assert kinds.count("h2") == 3 and kinds.count("h3") == 1
    table = next(i for i in items if i.kind == "table")
    assert table.header_row and table.rows == [
        ["項目", "內容"],
        ["期間", "三年"],
        ["費用", "每月十萬元"],
    ]
    assert docgen.source_text(SOURCE).splitlines()[2] == "第一條　合約標的"


def test_zh_auto_numbering_written_as_word_numbering(tmp_path):
    out = docgen.build_docx(SOURCE, tmp_path / "a.docx", auto_number="zh")
    numbering = _xml(out, "word/numbering.xml")
    assert 'w:val="第%1條"' in numbering and 'w:val="taiwaneseCountingThousand"' in numbering
    assert 'w:val="%2、"' in numbering and 'w:val="(%3)"' in numbering
    body = _xml(out)
    assert body.count("<w:numPr>") == 9  # 3 articles, 4 一、/二、, 2 (一)/(二)
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body)
    assert "合約標的" in texts and "硬體維護。" in texts
    assert not any(re.match(r"第.條|[一二]、|\([一二]\)", t) for t in texts)
    doc = extract(out)
    assert [b.text for b in doc.blocks if b.kind == "heading"] == [
        "第一條 合約標的",
        "第二條 保密義務",
        "保密期間",
        "第三條 稽核",
    ]
    item = next(b for b in doc.blocks if b.text.startswith("一、保密義務"))
    assert item.article_path[0] == "第二條" and item.article_path[-1] == "一、"


def test_out_of_sequence_labels_stay_typed(tmp_path):
    src = "# 合約\n## 第一條　甲\n## 第三條　乙\n一、內容。\n三、跳號。\n"
    notes: list[str] = []
    out = docgen.build_docx(src, tmp_path / "gap.docx", auto_number="zh", notes=notes)
    assert any("第三條" in n for n in notes) and any("三、" in n for n in notes)
    assert [b.text for b in extract(out).blocks] == [
        "合約",
        "第一條 甲",
        "第三條　乙",
        "一、內容。",
        "三、跳號。",
    ]


def test_restart_under_unnumbered_headings(tmp_path):
    """壹、 headings are typed; 一、 lists under each restart through a new w:num."""
    src = "# 合約\n## 壹、標的\n一、甲。\n二、乙。\n## 貳、期間\n一、丙。\n(一)丁。\n"
    notes: list[str] = []
    out = docgen.build_docx(src, tmp_path / "r.docx", auto_number="zh", notes=notes)
    assert notes == []
    assert "<w:startOverride" in _xml(out, "word/numbering.xml")
    doc = extract(out)
    assert [b.text for b in doc.blocks] == [
        "合約",
        "壹、標的",
        "一、甲。",
        "二、乙。",
        "貳、期間",
        "一、丙。",
        "(一)丁。",
    ]
    assert doc.blocks[-1].article_path == ["貳、", "一、", "(一)"]


def test_reproducible_bytes_and_metadata(tmp_path):
    a = docgen.build_docx(SOURCE, tmp_path / "a.docx", auto_number="zh", header="合約")
    b = docgen.build_docx(SOURCE, tmp_path / "b.docx", auto_number="zh", header="合約")
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = _xml(a, "docProps/core.xml")
    assert "2025-01-01T00:00:00Z" in core and "clausecheck docgen" in core
    assert "資訊服務委外合約書" in core


def test_header_footer_and_fonts(tmp_path):
    out = docgen.build_docx(SOURCE, tmp_path / "h.docx", header="資訊服務委外合約書")
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        headers = [zf.read(n).decode() for n in names if re.match(r"word/header\d*\.xml", n)]
        footers = [zf.read(n).decode() for n in names if re.match(r"word/footer\d*\.xml", n)]
    assert any("資訊服務委外合約書" in h for h in headers)
    assert any("PAGE" in f and 'fldCharType="begin"' in f for f in footers)
    styles = _xml(out, "word/styles.xml")
    assert 'w:eastAsia="Noto Serif CJK TC"' in styles and 'w:eastAsia="zh-TW"' in styles
    assert "eastAsiaTheme" not in styles
    no_footer = docgen.build_docx(SOURCE, tmp_path / "n.docx", footer_page_numbers=False)
    assert not extract(no_footer).headers


def test_decimal_scheme(tmp_path):
    src = "# MSA\n## Article 1 Definitions\n1.1 Terms.\n1.2 More.\n## Article 2 Term\n2.1 Three years.\n"
    out = docgen.build_docx(src, tmp_path / "d.docx", auto_number="decimal")
    numbering = _xml(out, "word/numbering.xml")
    assert 'w:val="Article %1"' in numbering and 'w:val="%1.%2"' in numbering
    assert [b.text for b in extract(out).blocks][1:] == [
        "Article 1 Definitions",
        "1.1 Terms.",
        "1.2 More.",
        "Article 2 Term",
        "2.1 Three years.",
    ]


def test_ole_container_is_well_formed(tmp_path):
    path = docgen.build_ole_container(
        tmp_path / "x.bin", {"EncryptionInfo": b"a", "EncryptedPackage": b"b"}
    )
    data = path.read_bytes()
    assert sniff(path, data[:4096]) == "ole"
    assert len(data) % 512 == 0
    directory = data[512 * 2 : 512 * 3]  # header, FAT sector 0, directory sector 1
    assert "Root Entry".encode("utf-16-le") in directory
    assert "EncryptedPackage".encode("utf-16-le") in directory


# -- samples ----------------------------------------------------------------------------------


def _sample_dir(tmp_path: Path) -> Path:
    d = tmp_path / "samples"
    d.mkdir()
    (d / "numbered.md").write_text(SOURCE, encoding="utf-8")
    (d / "typed.md").write_text("# 合約書\n## 壹、標的\n一、維護服務。\n", encoding="utf-8")
    (d / "build.yaml").write_text(
        yaml.safe_dump({"samples": {"numbered": {"auto_number": "zh", "big5_txt": True}}}),
        encoding="utf-8",
    )
    return d


def test_build_samples_without_pdf(tmp_path):
    d = _sample_dir(tmp_path)
    written = build_samples.build(d, pdf=False, log=lambda _m: None)
    assert {p.name for p in written} == {"numbered.docx", "typed.docx", "numbered.big5.txt"}
    big5 = (d / "numbered.big5.txt").read_bytes()
    assert b"\r\n" in big5 and big5.decode("cp950").startswith("資訊服務委外合約書\r\n")
    assert "期間\t三年" in big5.decode("cp950")
    assert extract(d / "numbered.big5.txt").text.startswith("資訊服務委外合約書")
    assert "<w:numPr>" in _xml(d / "numbered.docx") and "<w:numPr>" not in _xml(d / "typed.docx")
    assert build_samples.build(d, pdf=False, log=lambda _m: None) == []  # nothing changed
    assert build_samples.build(d, only=["typed"], pdf=False, force=True, log=lambda _m: None) == []


def test_build_samples_rejects_bad_input(tmp_path):
    d = _sample_dir(tmp_path)
    with pytest.raises(SystemExit, match="no sample named"):
        build_samples.build(d, only=["nope"], pdf=False, log=lambda _m: None)
    (d / "build.yaml").write_text("samples:\n  typed: {auto_numbr: zh}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="unknown options"):
        build_samples.build(d, pdf=False, log=lambda _m: None)


def test_repository_build_yaml():
    """auto_numbered_articles gets Word numbering; formal_numbering_service keeps 壹、貳、."""
    defaults, config = build_samples.load_config(REPO / "samples" / "build.yaml")
    if (REPO / "samples" / "auto_numbered_articles.md").exists():
        assert config["auto_numbered_articles"]["auto_number"] == "zh"
    if (REPO / "samples" / "formal_numbering_service.md").exists():
        assert {**defaults, **config.get("formal_numbering_service", {})}["auto_number"] is None


@pytest.mark.skipif(
    not (REPO / "samples" / "auto_numbered_articles.md").exists(), reason="sample not written yet"
)
def test_auto_numbered_sample_reads_back(tmp_path):
    source = (REPO / "samples" / "auto_numbered_articles.md").read_text(encoding="utf-8")
    out = docgen.build_docx(source, tmp_path / "s.docx", auto_number="zh")
    doc = extract(out)
    typed = [t.split("\u3000")[0] for t in re.findall(r"^## (.+)$", source, re.M)]
    headings = [b.text.split(" ")[0] for b in doc.blocks if b.kind == "heading"]
    assert headings == typed and len(headings) >= 12
    assert not re.search(r"<w:t(?: [^>]*)?>第[一二三四五六七八九十]+條", _xml(out))


@pytest.fixture(scope="module")
def built_pdf(tmp_path_factory):
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
    d = _sample_dir(tmp_path_factory.mktemp("pdf"))
    build_samples.build(d, only=["numbered"], log=lambda _m: None)
    return d / "numbered.pdf"


@pytest.mark.needs_libreoffice
def test_pdf_shows_word_numbering_and_cjk(built_pdf):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(built_pdf))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for phrase in (
        "第一條 合約標的",
        "一、乙方應提供維護服務。",
        "(二)軟體維護。",
        "第三條 稽核",
        "第 1 頁",
    ):
        assert phrase in text, phrase
    assert text.count("資訊服務委外合約書") >= 2  # title and running header
