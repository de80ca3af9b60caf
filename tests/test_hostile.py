"""Hostile and broken input: every file ends in a one-line error or a named document status.

The corpus is generated here, small and fast (the zip bomb is 1 MB on disk, the 2,000-page
PDF shares one content stream). Each case says what ``extract`` must give (a status, and a
phrase of the error or of a warning); ``clausecheck check`` must then exit 3 for every
document it could not check, and one ``clausecheck scan`` over the whole corpus plus a good
contract must check the good ones, fail the others with their reasons, and reconcile its
counts. Nothing may be left in the temporary folder, or written beside the input.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausecheck.cli import main
from clausecheck.errors import ClauseCheckError, EncryptedInputError, InputError, MissingToolError
from clausecheck.extract import extract
from clausecheck.extract.limits import Limits
from clausecheck.extract.sniff import sniff

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import docgen  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
NO_SOFFICE = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
SAMPLE_PDF = ROOT / "samples" / "tier1_fcm_trading_host_maintenance.pdf"
GOOD = (ROOT / "samples" / "tier1_fcm_trading_host_maintenance.md").read_text(encoding="utf-8")
SMALL = """# 設備維護合約
## 第一條 合約期間
本合約期間自民國114年1月1日起至114年6月30日止。
## 第二條 稽核
甲方得每年至少一次自行或委託第三方對乙方進行稽核。
"""
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MARKER = "SECRET-MARKER-4471"
READABLE = ("ok", "partial")


@dataclass(frozen=True)
class Case:
    status: str  # the document status, or the status of the error raised
    says: str  # a phrase of the error message, or of one of the warnings
    error: bool = False  # extract() raises (an InputError) rather than returning a Document


# -- building the corpus ---------------------------------------------------------------------


def hand_pdf(pages: int, lines: list[bytes], *, eof: bool = True) -> bytes:
    """A PDF with ``pages`` pages that all show ``lines`` in Helvetica (one shared content
    stream, so 2,000 pages take 300 KB), with a correct cross-reference table."""
    content = b"BT /F1 12 Tf 72 760 Td 16 TL " + b" ".join(b"(" + ln + b") '" for ln in lines) + b" ET"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}

    def obj(num: int, body: bytes) -> None:
        offsets[num] = out.tell()
        out.write(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    obj(2, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    obj(3, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    obj(4, b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    for i in range(pages):
        obj(5 + i, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                   b"/Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>")
    xref, size = out.tell(), 5 + pages
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for num in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[num])
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n" % (size, xref))
    if eof:
        out.write(b"%%EOF\n")
    return out.getvalue()


ENGLISH = [b"Article 1 Term", b"This Agreement runs for two years from the date of signing.",
           b"Article 2 Audit", b"The Company may audit the Vendor once a year."]


def _pdf_escape(raw: bytes) -> bytes:
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _docx_with_ctypes(src: Path, out: Path, extra: dict[str, bytes], macro: bool) -> Path:
    ctypes = zipfile.ZipFile(src).read("[Content_Types].xml").decode()
    if macro:
        ctypes = ctypes.replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
        )
    return docgen.rewrite_docx(src, out, {"[Content_Types].xml": ctypes.encode(), **extra})


def zip_bomb(out: Path, inflated_mb: int = 260) -> Path:
    """A DOCX whose [Content_Types].xml alone inflates to ``inflated_mb`` MB (about 1 MB on
    disk): the member a sniffer reads first."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("[Content_Types].xml", "w", force_zip64=True) as fh:
            fh.write(b'<?xml version="1.0"?><Types>')
            chunk = b" " * (1 << 20)
            for _ in range(inflated_mb):
                fh.write(chunk)
            fh.write(b"</Types>")
        zf.writestr("word/document.xml", f"<w:document {W}><w:body/></w:document>")
    return out


def xxe_docx(base: Path, out: Path, target: Path) -> Path:
    uri = target.as_uri()
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n'
        f'<!ENTITY xxe SYSTEM "{uri}">\n<!ENTITY % remote SYSTEM "{uri}">\n%remote;\n]>\n'
        f"<w:document {W}><w:body><w:p><w:r><w:t>甲方應保密&xxe;乙方同意</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    return docgen.rewrite_docx(base, out, {"word/document.xml": xml.encode()})


def encrypted_pdf(root: Path) -> Path:
    """A PDF that needs the password ``secret`` to open, exported by LibreOffice."""
    src = docgen.build_docx(SMALL, root / "locked-src.docx")
    export = {"EncryptFile": {"type": "boolean", "value": "true"},
              "DocumentOpenPassword": {"type": "string", "value": "secret"}}
    outdir = root / "soffice-out"
    profile = root / "soffice-profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
         "pdf:writer_pdf_Export:" + json.dumps(export), "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    target = root / "corpus" / "encrypted.pdf"
    shutil.move(outdir / "locked-src.pdf", target)
    shutil.rmtree(outdir)
    shutil.rmtree(profile, ignore_errors=True)
    src.unlink()
    return target


def build_corpus(root: Path) -> dict[str, Case]:
    corpus = root / "corpus"
    corpus.mkdir()
    work = root / "work"
    work.mkdir()
    base = docgen.build_docx(SMALL, work / "base.docx")
    sample = SAMPLE_PDF.read_bytes()
    (root / "marker.txt").write_text(MARKER, encoding="utf-8")
    cases: dict[str, Case] = {}

    def add(name: str, data: bytes | Path, case: Case) -> None:
        target = corpus / name
        if isinstance(data, Path):
            shutil.move(data, target)
        else:
            target.write_bytes(data)
        cases[name] = case

    add("empty.pdf", b"", Case("empty", "the file is empty (0 bytes)"))
    add("docx-named.pdf", base.read_bytes(), Case("ok", "named .pdf but its content is docx"))
    add("pdf-named.docx", hand_pdf(1, ENGLISH), Case("ok", "named .docx but its content is pdf"))
    add("truncated.pdf", sample[: len(sample) * 6 // 10],
        Case("unreadable", "the PDF is damaged or incomplete", error=True))
    add("no-eof.pdf", hand_pdf(2, ENGLISH, eof=False), Case("partial", "ends without %%EOF"))
    add("broken-xref.pdf",
        re.sub(rb"startxref\s+\d+", b"startxref\n999999", sample).replace(b"xref", b"xrif", 1),
        Case("ok", "cross-reference table is damaged"))
    if SOFFICE:
        encrypted_pdf(root)
        cases["encrypted.pdf"] = Case("encrypted", "password-protected; pass --password", error=True)
    add("locked.docx", docgen.build_ole_container(
        work / "locked.docx",
        {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
         "EncryptedPackage": os.urandom(2048)},
    ), Case("encrypted", "the Word file is password-protected", error=True))
    add("bomb.docx", zip_bomb(work / "bomb.docx"), Case("too_large", "over the 200 MB limit", error=True))
    add("xxe.docx", xxe_docx(base, work / "xxe.docx", root / "marker.txt"), Case("ok", ""))
    add("macros.docm", _docx_with_ctypes(
        base, work / "macros.docm", {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)}, macro=True,
    ), Case("ok", "macro-enabled document: text read, macros ignored (never run)"))
    add("legacy.doc", docgen.build_ole_container(work / "legacy.doc", {"WordDocument": b"\xec\xa5" + bytes(64)}),
        Case("needs_tool", "apt-get install libreoffice-writer-nogui", error=True))
    add("2000-pages.pdf", hand_pdf(2000, ENGLISH), Case("partial", "only the first 50 of 2000 pages"))
    add("nul.txt", SMALL.replace("。", "。\x00\x00").encode(), Case("ok", "NUL characters"))
    add("mixed-encodings.txt", SMALL.encode("cp950") + "\n## 第三條 保密\n乙方應保密。\n".encode(),
        Case("ok", "mixed encodings"))
    add("one-line.txt", ("乙方應依甲方指示辦理資料備份作業並保存紀錄 " * 250_000).encode()[: 5 * 2**20],
        Case("partial", "characters were read; the rest was cut"))
    add("cid.pdf", hand_pdf(1, [_pdf_escape(b" ".join(b"(cid:%d)" % n for n in range(3, 60, 4)))] * 12),
        Case("unreadable_text", "is unreadable"))
    gbk = _pdf_escape("甲方應於契約終止後三十日內返還全部資料，乙方不得保留任何複本".encode("gbk"))
    add("mojibake.pdf", hand_pdf(1, [gbk] * 12), Case("unreadable_text", "is unreadable"))
    add("truncated.docx", base.read_bytes()[: base.stat().st_size // 2],
        Case("unreadable", "is a damaged DOCX", error=True))
    add("binary.txt", bytes(range(256)) * 64, Case("unreadable_text", "does not look like text", error=True))
    shutil.rmtree(work)
    return cases


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, Case]]:
    root = tmp_path_factory.mktemp("hostile")
    cases = build_corpus(root)
    return root / "corpus", cases


@pytest.fixture
def no_soffice(monkeypatch):
    """LibreOffice is absent (shutil.which finds no soffice); every other tool stays."""
    real = shutil.which

    def which(name, *args, **kwargs):
        return None if name in ("soffice", "libreoffice") else real(name, *args, **kwargs)

    monkeypatch.setattr(shutil, "which", which)


@pytest.fixture
def scratch(tmp_path, monkeypatch) -> Path:
    """A private temporary folder for everything the code under test makes."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


LIMITS = Limits.resolve(max_pages=50)


def _extract(path: Path, **kwargs):
    return extract(path, limits=LIMITS, **kwargs)


# -- each case, through the library ----------------------------------------------------------


def test_corpus_has_every_case(corpus):
    folder, cases = corpus
    assert sorted(p.name for p in folder.iterdir()) == sorted(cases)
    assert len(cases) >= 20 or not SOFFICE


@pytest.mark.parametrize("name", [
    "empty.pdf", "docx-named.pdf", "pdf-named.docx", "truncated.pdf", "no-eof.pdf", "broken-xref.pdf",
    "encrypted.pdf", "locked.docx", "bomb.docx", "xxe.docx", "macros.docm", "legacy.doc",
    "2000-pages.pdf", "nul.txt", "mixed-encodings.txt", "one-line.txt", "cid.pdf", "mojibake.pdf",
    "truncated.docx", "binary.txt",
])
def test_extract_gives_a_status_or_a_one_line_error(corpus, name, no_soffice, scratch):
    folder, cases = corpus
    if name not in cases:
        pytest.skip(NO_SOFFICE)
    case = cases[name]
    before = sorted(p.name for p in folder.iterdir())
    try:
        doc = _extract(folder / name, ocr="never")
    except ClauseCheckError as exc:
        assert case.error, f"{name}: unexpected error {exc}"
        assert isinstance(exc, InputError) and exc.status == case.status
        message = str(exc)
        assert "\n" not in message and message.startswith(str(folder / name))
        assert case.says in message
    else:
        assert not case.error, f"{name}: read, but it should have been refused"
        assert doc.status == case.status, (name, doc.warnings)
        assert not case.says or any(case.says in w for w in doc.warnings), doc.warnings
        if doc.status not in READABLE:
            assert not doc.blocks or doc.status == "empty"
    assert sorted(p.name for p in folder.iterdir()) == before, "something was written beside the input"
    assert list(scratch.iterdir()) == [], "temporary files left behind"


def test_wrong_extensions_are_read_by_content(corpus):
    folder, _ = corpus
    docx = _extract(folder / "docx-named.pdf")
    assert docx.format == "docx" and "第二條 稽核" in docx.text
    pdf = _extract(folder / "pdf-named.docx")
    assert pdf.format == "pdf" and "Article 2 Audit" in pdf.text


def test_text_files_with_nuls_mixed_encodings_and_one_huge_line(corpus):
    folder, _ = corpus
    nul = _extract(folder / "nul.txt")
    assert "\x00" not in nul.text and "甲方得每年至少一次自行或委託第三方對乙方進行稽核。" in nul.text
    mixed = _extract(folder / "mixed-encodings.txt")
    assert "第一條 合約期間" in mixed.text and "第三條 保密" in mixed.text  # both halves, no mojibake
    assert "\ufffd" not in mixed.text
    line = _extract(folder / "one-line.txt")
    assert len(line.text) == Limits.resolve().max_chars == 1_000_000
    assert line.text.startswith("乙方應依甲方指示辦理資料備份作業並保存紀錄")
    assert line.checkable


def test_mostly_nul_file_is_not_taken_for_utf16(tmp_path):
    path = tmp_path / "padded.txt"
    path.write_bytes("第一條 合約期間\n本合約期間為一年。\n".encode() + bytes(4096))
    doc = extract(path)
    assert doc.text == "第一條 合約期間\n本合約期間為一年。"
    assert any("NUL" in w for w in doc.warnings)


def test_garbage_text_layers_are_unreadable_even_after_ocr(corpus):
    """OCR of a page whose glyphs are themselves debris reads debris (or Tesseract is unsure
    of it): the page must not pass for a contract with every clause missing."""
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract not installed: apt-get install tesseract-ocr tesseract-ocr-chi-tra")
    folder, _ = corpus
    for name in ("cid.pdf", "mojibake.pdf"):
        doc = _extract(folder / name, ocr="auto")
        assert doc.status == "unreadable_text", (name, doc.warnings)
        assert any("OCR did not help" in w for w in doc.warnings), doc.warnings


# -- passwords -------------------------------------------------------------------------------


@pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)
def test_encrypted_pdf_opens_with_the_password(corpus, capsys):
    folder, _ = corpus
    path = folder / "encrypted.pdf"
    with pytest.raises(EncryptedInputError):
        _extract(path, password="wrong")
    doc = _extract(path, password="secret")
    assert doc.status == "ok" and "第二條 稽核" in doc.text
    code = main(["check", str(path), "--password", "secret", "--format", "json", "--fail-on", "never"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert json.loads(out.out)["document"]["status"] == "ok"
    code = main(["check", str(path), "--password", "wrong"])
    err = capsys.readouterr().err
    assert code == 3 and "the password given does not open it" in err and len(err.strip().splitlines()) == 1


def test_password_protected_docx_says_password_does_not_help(corpus):
    folder, _ = corpus
    with pytest.raises(EncryptedInputError) as err:
        _extract(folder / "locked.docx", password="secret")
    assert "unprotected copy" in str(err.value) and "--password opens PDFs only" in str(err.value)


# -- zip bombs, entities, macros ---------------------------------------------------------------


def test_sniffing_a_zip_bomb_inflates_nothing(corpus):
    folder, _ = corpus
    path = folder / "bomb.docx"
    data = path.read_bytes()
    assert len(data) < 2 * 2**20 and zipfile.ZipFile(path).getinfo("[Content_Types].xml").file_size > 250 * 2**20
    tracemalloc.start()
    try:
        kind = sniff(path, data[:4096], data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert kind == "docx"
    assert peak < 4 * 2**20, f"sniffing allocated {peak / 2**20:.0f} MB"


def test_zip_size_limit_is_configurable(tmp_path, monkeypatch):
    small_bomb = zip_bomb(tmp_path / "small-bomb.docx", inflated_mb=12)
    with pytest.raises(InputError) as err:  # under 200 MB: opened, and found broken
        extract(small_bomb)
    assert err.value.status == "unreadable"
    monkeypatch.setenv("CLAUSECHECK_MAX_UNZIPPED_MB", "10")
    with pytest.raises(InputError) as err:
        extract(small_bomb)
    assert err.value.status == "too_large" and "over the 10 MB limit" in str(err.value)
    with pytest.raises(InputError):
        extract(small_bomb, limits=Limits.resolve(max_unzipped_mb=5))


def test_external_entities_are_never_resolved(corpus):
    folder, _ = corpus
    doc = _extract(folder / "xxe.docx")
    assert "甲方應保密" in doc.text and "乙方同意" in doc.text
    assert MARKER not in doc.text and MARKER not in json.dumps(doc.to_dict(), ensure_ascii=False)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX named pipe")
def test_external_entity_target_is_never_opened(tmp_path):
    """The entity points at a named pipe. Opening it for reading blocks until a writer comes,
    and a watcher here is ready to be that writer: if the parser ever opened the file, the
    watcher would get through (and feed it the marker). It must never get through."""
    pipe = tmp_path / "entity.fifo"
    os.mkfifo(pipe)
    base = docgen.build_docx(SMALL, tmp_path / "base.docx")
    path = xxe_docx(base, tmp_path / "fifo.docx", pipe)
    opened = threading.Event()
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody has it open for reading
                time.sleep(0.005)
                continue
            opened.set()
            os.write(fd, MARKER.encode())
            os.close(fd)
            return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        doc = extract(path)
        time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(5)
    assert not opened.is_set(), "the XML parser opened the external entity's file"
    assert MARKER not in doc.text and "甲方應保密" in doc.text


def test_macro_enabled_document_runs_nothing(corpus, monkeypatch):
    folder, _ = corpus

    def forbidden(*_a, **_k):
        raise AssertionError("a process was started while reading a .docm")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    doc = _extract(folder / "macros.docm")
    assert "甲方得每年至少一次自行或委託第三方對乙方進行稽核。" in doc.text
    assert any("macros ignored (never run)" in w for w in doc.warnings)


def test_truncated_docx_is_damaged_not_an_archive(tmp_path, corpus):
    folder, _ = corpus
    with pytest.raises(InputError) as err:
        _extract(folder / "truncated.docx")
    assert "damaged DOCX" in str(err.value) and "zip archive" not in str(err.value)
    # the same bytes under another name: still a damaged Word file, by its first entry
    renamed = tmp_path / "contract.pdf"
    renamed.write_bytes((folder / "truncated.docx").read_bytes())
    with pytest.raises(InputError) as err:
        _extract(renamed)
    assert "damaged DOCX" in str(err.value)
    plain = tmp_path / "bundle.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.txt", "x")
    with pytest.raises(InputError) as err:
        _extract(plain)
    assert err.value.status == "unsupported" and "zip archive" in str(err.value)


def test_legacy_doc_without_libreoffice_names_the_package(corpus, no_soffice):
    folder, _ = corpus
    with pytest.raises(MissingToolError) as err:
        _extract(folder / "legacy.doc")
    assert err.value.status == "needs_tool"
    assert "libreoffice-writer-nogui" in str(err.value)


# -- page limit and time budget ----------------------------------------------------------------


def test_page_limit_default_option_and_environment(corpus, monkeypatch, capsys):
    folder, _ = corpus
    path = folder / "2000-pages.pdf"
    doc = extract(path, ocr="never")
    assert doc.status == "partial" and doc.pages == 2000
    assert max(b.location.page for b in doc.blocks) == 1000
    assert any("only the first 1000 of 2000 pages" in w and "--max-pages" in w for w in doc.warnings)
    monkeypatch.setenv("CLAUSECHECK_MAX_PAGES", "40")
    doc = extract(path)
    assert max(b.location.page for b in doc.blocks) == 40
    code = main(["check", str(path), "--max-pages", "7", "--format", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)["document"]
    assert code == 0 and report["status"] == "partial"
    assert any("only the first 7 of 2000 pages" in w for w in report["warnings"])
    monkeypatch.setenv("CLAUSECHECK_MAX_PAGES", "many")
    assert main(["check", str(path)]) == 2
    assert "$CLAUSECHECK_MAX_PAGES must be a positive number" in capsys.readouterr().err


def test_time_budget_cuts_reading(corpus, monkeypatch, capsys):
    folder, _ = corpus
    path = folder / "2000-pages.pdf"
    doc = extract(path, limits=Limits.resolve(time_budget=0.05))
    read = max(b.location.page for b in doc.blocks)
    assert 1 <= read < 1000 and doc.status == "partial"
    assert any(f"reading stopped after {read} of 2000 pages because the time budget of 0.05 s" in w
               for w in doc.warnings)
    monkeypatch.setenv("CLAUSECHECK_TIME_BUDGET", "0.05")
    assert extract(path).status == "partial"
    monkeypatch.delenv("CLAUSECHECK_TIME_BUDGET")
    code = main(["check", str(path), "--time-budget", "0.05", "--format", "json", "--fail-on", "never"])
    report = json.loads(capsys.readouterr().out)["document"]
    assert code == 0 and report["status"] == "partial"
    assert any("--time-budget" in w for w in report["warnings"])


# -- the command line: check exits 3, scan records and goes on --------------------------------


def test_check_exits_3_with_one_line_for_every_unreadable_file(corpus, no_soffice, monkeypatch, capsys):
    folder, cases = corpus
    monkeypatch.setenv("CLAUSECHECK_MAX_CHARS", "100000")  # the 5 MB line: keep matching quick
    for name, case in sorted(cases.items()):
        code = main(["check", str(folder / name), "--ocr", "never", "--max-pages", "50", "--format", "json"])
        out = capsys.readouterr()
        if case.status in READABLE:
            assert code in (0, 1), (name, out.err)
            assert json.loads(out.out)["document"]["status"] == case.status
            continue
        assert code == 3, (name, code, out.err)
        lines = out.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("clausecheck: "), (name, out.err)
        assert case.status in lines[0] or case.says in lines[0], (name, lines[0])
        document = json.loads(out.out)["document"]
        assert document["status"] == case.status
        if not case.error:
            assert json.loads(out.out).get("findings") in (None, []), f"{name}: findings for an unread file"


def test_scan_checks_the_good_fails_the_rest_and_reconciles(corpus, tmp_path, no_soffice, scratch,
                                                              monkeypatch, capsys):
    folder, cases = corpus
    monkeypatch.setenv("CLAUSECHECK_MAX_CHARS", "100000")
    good = tmp_path / "good" / "contract.md"
    good.parent.mkdir()
    good.write_text(GOOD, encoding="utf-8")
    bundle = tmp_path / "good" / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("inner/truncated.docx", (folder / "truncated.docx").read_bytes())
    db = tmp_path / "scan.sqlite"
    before = sorted(p.name for p in folder.iterdir())
    code = main(["scan", str(folder), str(good.parent), "--db", str(db), "--format", "json", "--jobs", "1",
                 "--quiet", "--ocr", "never", "--max-pages", "50"])
    out = capsys.readouterr()
    assert code == 0, out.err
    report = json.loads(out.out)
    failed = {Path(f["path"].split("!/")[-1]).name if "!/" in f["path"] else Path(f["path"]).name: f
              for f in report["failed"]}
    unreadable = {n for n, c in cases.items() if c.status not in READABLE}
    assert set(failed) == unreadable | {"truncated.docx"}
    for name in unreadable:
        assert failed[name]["status"] == cases[name].status, failed[name]
        assert failed[name]["reason"], name
        assert cases[name].says in failed[name]["reason"] or cases[name].status in failed[name]["reason"]
    inner = next(f for f in report["failed"] if "!/" in f["path"])
    assert inner["path"].endswith("bundle.zip!/inner/truncated.docx") and "damaged DOCX" in inner["reason"]
    readable = len(cases) - len(unreadable) + 1  # + the good contract
    assert report["checked"] == readable and report["seen"] == len(cases) + 2
    assert report["reconciled"] and report["seen"] == report["checked"] + len(report["failed"])
    assert sorted(p.name for p in folder.iterdir()) == before
    assert list(scratch.iterdir()) == [], "temporary files left behind"


@pytest.mark.skipif(SOFFICE is None, reason=NO_SOFFICE)
def test_scan_passes_the_password_on(corpus, tmp_path):
    from clausecheck.batch.scan import ScanOptions, scan

    folder, _ = corpus
    opts = ScanOptions(paths=[str(folder / "encrypted.pdf")], db=str(tmp_path / "s.sqlite"), jobs=1,
                       password="secret", ocr="never")
    report = scan(opts)
    assert report.checked == 1 and not report.failed
