"""OCR of scanned contracts: image-only PDFs, image files, and what happens without Tesseract.

The scan is made here: the pages of a labelled sample PDF are rendered at 200 dpi, turned by
up to a degree, given a little noise and dust, and saved as an image-only PDF. Checked with
the sample's profile and scope, its statuses must agree with the labels within 5 points of
what the text PDF scores. OCR costs 1–2 s a page, so that scan is read once per module.
"""

from __future__ import annotations

import json
import shutil
import struct
import tempfile
import time
import zlib
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image
from test_hostile import ENGLISH, hand_pdf

from clausecheck.check import check
from clausecheck.cli import main
from clausecheck.errors import InputError, MissingToolError
from clausecheck.evaluate.labels import load_sample
from clausecheck.extract import extract
from clausecheck.extract import ocr as ocr_mod
from clausecheck.extract.limits import Limits

from conftest import ROOT, SHARED

NO_TESSERACT = "tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-chi-tra tesseract-ocr-eng"
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None or not {"chi_tra", "eng"} <= ocr_mod.available_languages(),
    reason=NO_TESSERACT,
)
LABELS = ROOT / "samples" / "tier1_fcm_trading_host_maintenance.labels.yaml"
DOCLING = SHARED / "fixtures" / "real" / "docling_ocr_test.pdf"
SCAN_DPI = 200


def scanned_images(pdf_path: Path, pages: list[int] | None = None, seed: int = 7) -> list[Image.Image]:
    """The pages as a scanner would give them: grey, 200 dpi, turned by up to 1°, with noise
    (σ = 10 grey levels) and dust (0.03% of pixels black)."""
    rng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        out = []
        for i in pages if pages is not None else range(len(pdf)):
            page = pdf[i]
            image = page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
            page.close()
            image = image.rotate(float(rng.uniform(-1, 1)), resample=Image.BICUBIC, fillcolor=255)
            a = np.asarray(image).astype(np.int16) + rng.normal(0, 10, (image.height, image.width))
            a[rng.random(a.shape) < 0.0003] = 0
            out.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
        return out
    finally:
        pdf.close()


def image_pdf(images: list[Image.Image], target: Path) -> Path:
    images[0].save(target, "PDF", resolution=SCAN_DPI, save_all=True, append_images=images[1:])
    return target


def accuracy(result, expected: dict[str, str]) -> float:
    return sum(expected[f.id] == f.status for f in result.findings) / len(result.findings)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The sample as text PDF and as scan, each checked once: (sample, text, ocr, seconds/page)."""
    if shutil.which("tesseract") is None:
        pytest.skip(NO_TESSERACT)
    sample = load_sample(LABELS)
    root = tmp_path_factory.mktemp("scan")
    scan = image_pdf(scanned_images(sample.files["pdf"]), root / "scan.pdf")
    text_result = check(sample.files["pdf"], sample.profile)
    started = time.perf_counter()
    doc = extract(scan)
    per_page = (time.perf_counter() - started) / doc.pages
    ocr_result = check(doc, sample.profile)
    return sample, text_result, ocr_result, per_page, scan


# -- the scanned sample ------------------------------------------------------------------------


@needs_tesseract
@pytest.mark.slow
def test_scan_statuses_within_5_points_of_the_text_pdf(scanned):
    sample, text_result, ocr_result, per_page, _ = scanned
    assert text_result.document.status == "ok"
    doc = ocr_result.document
    assert doc.status == "ok" and doc.pages == 8
    text_acc, ocr_acc = accuracy(text_result, sample.expected), accuracy(ocr_result, sample.expected)
    print(f"\nstatus accuracy: text PDF {text_acc:.1%}, scan {ocr_acc:.1%}; OCR {per_page:.2f} s/page")
    assert ocr_acc >= text_acc - 0.05, [
        (f.id, sample.expected[f.id], f.status) for f in ocr_result.findings if sample.expected[f.id] != f.status
    ]
    assert per_page < 15


@needs_tesseract
@pytest.mark.slow
def test_scan_blocks_carry_confidence_and_the_document_says_it_was_ocrd(scanned):
    _, _, ocr_result, _, _ = scanned
    doc = ocr_result.document
    assert doc.blocks and all(b.ocr_confidence is not None and 0 <= b.ocr_confidence <= 100 for b in doc.blocks)
    warning = next(w for w in doc.warnings if "read by OCR" in w)
    mean = int(warning.split("mean confidence ")[1].split("/")[0])
    assert "pp. 1-8" in warning and 75 <= mean <= 100
    # the layout rules ran on the OCR'd lines: articles are headings, running lines set apart
    assert [b.article_path[0] for b in doc.blocks if b.kind == "heading" and b.article_path][:3] == [
        "第一條", "第二條", "第三條",
    ]
    assert sum("頁" in h.text for h in doc.headers) >= 6  # 第 N 頁，共 8 頁
    found = [f for f in ocr_result.findings if f.evidence]
    assert found and all(e.ocr for f in found for e in f.evidence)
    assert all(f.confidence <= 84 for f in found), "OCR evidence lowers a finding's confidence"


@needs_tesseract
@pytest.mark.slow
def test_evidence_offsets_point_into_the_ocr_text(scanned):
    _, _, ocr_result, _, _ = scanned
    text = ocr_result.document.text
    for f in ocr_result.findings:
        for e in f.evidence:
            assert 0 <= e.start <= e.end <= len(text) and text[e.start : e.end] == e.quote


def test_real_scanned_fixture_reads_as_text():
    if shutil.which("tesseract") is None:
        pytest.skip(NO_TESSERACT)
    doc = extract(DOCLING)
    assert doc.status == "ok" and doc.language == "en"
    assert "Docling bundles PDF document conversion to JSON and Markdown" in doc.text
    assert any("read by OCR (Tesseract, eng)" in w for w in doc.warnings)
    never = extract(DOCLING, ocr="never")
    assert never.status == "needs_ocr" and not never.blocks
    assert any("OCR is off: --ocr never" in w for w in never.warnings)


# -- modes -------------------------------------------------------------------------------------


@needs_tesseract
def test_auto_ocrs_only_the_scanned_page(tmp_path):
    sample = load_sample(LABELS)
    scan = image_pdf(scanned_images(sample.files["pdf"], [1]), tmp_path / "p2.pdf")
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(sample.files["pdf"]), [0])
    mixed.import_pages(pdfium.PdfDocument(scan))
    target = tmp_path / "mixed.pdf"
    mixed.save(target)
    doc = extract(target)
    assert doc.status == "ok"
    assert {b.location.page for b in doc.blocks if b.ocr_confidence is None} == {1}
    assert {b.location.page for b in doc.blocks if b.ocr_confidence is not None} == {2}
    assert any("text of p. 2 read by OCR" in w for w in doc.warnings)
    assert "第三條" in doc.text and "第一條" in doc.text


@needs_tesseract
def test_always_ocrs_pages_that_have_text(tmp_path):
    path = tmp_path / "text.pdf"
    path.write_bytes(hand_pdf(1, ENGLISH * 3))
    assert all(b.ocr_confidence is None for b in extract(path).blocks)
    doc = extract(path, ocr="always")
    assert doc.blocks and all(b.ocr_confidence is not None for b in doc.blocks)
    assert "The Company may audit the Vendor" in doc.text and "Article 2 Audit" in doc.text


@needs_tesseract
def test_image_files_png_jpeg_and_multipage_tiff(tmp_path):
    sample = load_sample(LABELS)
    page = scanned_images(sample.files["pdf"], [0])[0]
    top = page.crop((0, 0, page.width, page.height // 4))
    png, jpg, tif = tmp_path / "scan.png", tmp_path / "scan.jpg", tmp_path / "scan.tif"
    top.save(png, dpi=(SCAN_DPI, SCAN_DPI))
    top.save(jpg, quality=85, dpi=(SCAN_DPI, SCAN_DPI))
    second = page.crop((0, page.height // 4, page.width, page.height // 2))
    top.save(tif, save_all=True, append_images=[second], dpi=(SCAN_DPI, SCAN_DPI), compression="tiff_lzw")
    for path in (png, jpg):
        doc = extract(path)
        assert doc.format == "image" and doc.status == "ok", doc.warnings
        assert "宏泰期貨股份有限公司" in doc.text
        assert all(b.ocr_confidence is not None for b in doc.blocks)
    doc = extract(tif)
    assert doc.pages == 2 and {b.location.page for b in doc.blocks} == {1, 2}
    assert "第一條" in doc.text
    cut = extract(tif, limits=Limits.resolve(max_pages=1))
    assert cut.status == "partial" and any("only the first 1 of 2 pages" in w for w in cut.warnings)
    never = extract(png, ocr="never")
    assert never.status == "needs_ocr" and any("--ocr never" in w for w in never.warnings)


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


@needs_tesseract
def test_page_scanned_upside_down_is_turned_and_read(tmp_path):
    sample = load_sample(LABELS)
    page = scanned_images(sample.files["pdf"], [0])[0]
    upside = page.crop((0, 0, page.width, page.height // 3)).rotate(180, expand=True)
    doc = extract(image_pdf([upside], tmp_path / "upside.pdf"))
    assert doc.status == "ok" and "宏泰期貨股份有限公司" in doc.text
    assert any("p. 1 scanned sideways or upside down" in w for w in doc.warnings)


def test_damaged_and_huge_images_are_refused(tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(_png(1, 1)[:30])
    with pytest.raises(InputError) as err:
        extract(broken)
    assert err.value.status == "unreadable" and "damaged or unsupported image" in str(err.value)
    huge = tmp_path / "huge.png"
    huge.write_bytes(_png(60_000, 60_000))  # 3.6 gigapixels declared in 60 bytes
    with pytest.raises(InputError) as err:
        extract(huge)
    assert err.value.status == "too_large"


# -- without Tesseract -------------------------------------------------------------------------


@pytest.fixture
def no_tesseract(monkeypatch):
    real = shutil.which

    def which(name, *args, **kwargs):
        return None if name == "tesseract" else real(name, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", which)


def test_without_tesseract_a_scan_needs_ocr_never_45_missing(tmp_path, no_tesseract, capsys):
    sample = load_sample(LABELS)
    scan = image_pdf(scanned_images(sample.files["pdf"], [0, 1]), tmp_path / "scan.pdf")
    result = check(scan, sample.profile)
    assert result.document.status == "needs_ocr" and result.findings == []
    warning = next(w for w in result.document.warnings if "no text layer" in w)
    assert "Tesseract is not installed" in warning and "apt-get install tesseract-ocr" in warning
    code = main(["check", str(scan), "--format", "json"])
    out = capsys.readouterr()
    assert code == 3 and len(out.err.strip().splitlines()) == 1 and "apt-get install tesseract-ocr" in out.err
    assert json.loads(out.out)["document"]["status"] == "needs_ocr"
    png = tmp_path / "page.png"
    scanned_images(sample.files["pdf"], [0])[0].save(png)
    doc = extract(png)
    assert doc.status == "needs_ocr" and any("apt-get install tesseract-ocr" in w for w in doc.warnings)
    with pytest.raises(MissingToolError) as err:
        extract(scan, ocr="always")
    assert err.value.status == "needs_ocr"
    assert main(["check", str(scan), "--ocr", "always"]) == 3


# -- budget, failures, temporary files ---------------------------------------------------------


@needs_tesseract
@pytest.mark.slow
def test_time_budget_stops_ocr_between_pages(scanned):
    scan = scanned[4]
    doc = extract(scan, limits=Limits.resolve(time_budget=1.0))
    ocred = {b.location.page for b in doc.blocks}
    assert 1 in ocred and len(ocred) < 8, ocred  # the first page is read, then the budget is gone
    assert doc.status in ("needs_ocr", "partial")
    assert any("OCR stopped when the time budget ran out" in w for w in doc.warnings)


@needs_tesseract
def test_ocr_temporary_files_are_removed_also_on_error(tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    sample = load_sample(LABELS)
    images = scanned_images(sample.files["pdf"], [0])
    crops = [im.crop((0, 0, im.width, im.height // 5)) for im in images * 3]
    folder = tmp_path / "in"
    folder.mkdir()
    scan = image_pdf(crops, folder / "scan.pdf")
    calls = []
    real = ocr_mod.OcrRun._tesseract

    def failing(self, image, languages, **kwargs):
        calls.append(image)
        assert image.exists() and image.parent.parent == scratch
        if len(calls) == 2:
            raise RuntimeError("tesseract crashed")
        return real(self, image, languages, **kwargs)

    monkeypatch.setattr(ocr_mod.OcrRun, "_tesseract", failing)
    with pytest.raises(RuntimeError):
        extract(scan)
    assert list(scratch.iterdir()) == []
    assert [p.name for p in folder.iterdir()] == ["scan.pdf"]

    def broken(self, image, languages, **_kwargs):
        raise ocr_mod._OcrFailed("Tesseract failed (exit code 1)")

    monkeypatch.setattr(ocr_mod.OcrRun, "_tesseract", broken)
    doc = extract(scan)
    assert doc.status == "needs_ocr"
    assert any("OCR did not help on pp. 1-3: Tesseract failed (exit code 1)" in w for w in doc.warnings)
    assert list(scratch.iterdir()) == []


# -- the pieces --------------------------------------------------------------------------------


def test_tsv_parsing_drops_unsure_words_and_lines():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t10\t10\t300\t40\t-1\t",
        "5\t1\t1\t1\t1\t1\t10\t10\t100\t40\t96.5\t第一條",
        "5\t1\t1\t1\t1\t2\t150\t10\t40\t40\t5.0\t|",
        "5\t1\t1\t1\t1\t3\t200\t10\t110\t40\t91.0\t保密義務",
        "4\t1\t1\t1\t2\t0\t10\t60\t300\t40\t-1\t",
        "5\t1\t1\t1\t2\t1\t10\t60\t60\t40\t20.0\tee",
        "5\t1\t1\t1\t2\t2\t80\t60\t60\t40\t25.0\tA",
    ]
    lines = ocr_mod.parse_tsv("\n".join([header, *rows]))
    assert len(lines) == 1 and lines[0].text == "第一條 保密義務"
    assert lines[0].confidence == pytest.approx(93.75) and lines[0].box == (10, 10, 310, 50)
    page = ocr_mod.OcrPage(1, 595, 842)
    ocr_mod.to_layout(page, lines, 72 / 300)
    assert [ln.text for ln in page.lines] == ["第一條 保密義務"]  # a wide gap is a space
    assert page.confidence[id(page.lines[0])] == 93.8


def test_despeckle_and_deskew():
    image = Image.new("L", (1600, 1200), 255)
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    for row in range(10):
        draw.rectangle((100, 100 + row * 100, 1500, 130 + row * 100), fill=0)  # "lines of text"
    specks = np.asarray(image).copy()
    rng = np.random.default_rng(1)
    ys, xs = rng.integers(0, 1200, 300), rng.integers(0, 1600, 300)
    specks[ys, xs] = 0
    clean = np.asarray(ocr_mod.despeckle(Image.fromarray(specks)))
    assert (clean == np.asarray(image)).mean() > 0.9999  # dust gone, bars intact
    assert ocr_mod.skew_angle(image) == 0.0
    turned = image.rotate(0.8, resample=Image.BICUBIC, fillcolor=255)
    assert abs(ocr_mod.skew_angle(turned) - 0.8) <= 0.15


def test_language_choice(monkeypatch):
    monkeypatch.setattr(ocr_mod, "available_languages", lambda: {"chi_tra", "eng", "osd"})
    monkeypatch.delenv(ocr_mod.ENV_LANG, raising=False)
    assert ocr_mod.first_languages() == "chi_tra"
    assert ocr_mod.languages_for("乙方應遵守個人資料保護法之規定" * 5, "chi_tra") == "chi_tra"
    assert ocr_mod.languages_for("The Vendor shall keep all information confidential.", "chi_tra") == "eng"
    assert ocr_mod.languages_for("第一條 Confidentiality 保密義務 the Vendor shall 乙方應保密", "chi_tra") == "chi_tra+eng"
    assert ocr_mod.languages_for("短", "chi_tra") == "chi_tra"  # too little to judge
    monkeypatch.setenv(ocr_mod.ENV_LANG, "chi_sim+eng")
    assert ocr_mod.default_languages() == "eng"  # chi_sim is not installed here
    assert ocr_mod.languages_for("The Vendor shall keep all information confidential.", "x") == "x"
