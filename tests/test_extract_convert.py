"""Legacy formats through LibreOffice, and OLE containers (legacy .doc vs encrypted OOXML)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from pathlib import Path

import pytest

from clausecheck.errors import EncryptedInputError, InputError, MissingToolError
from clausecheck.extract import convert, extract
from clausecheck.extract.convert import (
    convert_with_libreoffice,
    extract_ole,
    extract_via_libreoffice,
    find_soffice,
    is_encrypted_ooxml,
)
from clausecheck.extract.sniff import sniff

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import docgen  # noqa: E402

needs_soffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui",
)

SOURCE = """# 系統維護合約書
甲方：宏泰期貨股份有限公司
## 第一條　服務範圍
一、乙方應提供交易主機之維護服務。
(一)硬體預防性維護。
(二)故障排除。
二、乙方應指派工程師駐點。
## 第二條　保密義務
一、乙方對因履約知悉之甲方資料負保密義務，於本合約終止後仍繼續有效。
| 項目 | 服務水準 |
|---|---|
| 可用率 | 99.95%以上 |
## 第三條　稽核
甲方得隨時派員稽核乙方之作業。
"""


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory) -> dict[str, Path]:
    """The contract saved by LibreOffice as .doc and .odt (Word auto-numbering) and .rtf.

    The .rtf is made from typed labels: LibreOffice 7.4's RTF export writes the CJK
    literals of a list label as ``?`` (``\\leveltext \\'03\\'3f\\'00\\'3f``), which
    would test LibreOffice's writer, not our reader.
    """
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")
    base = tmp_path_factory.mktemp("legacy")
    numbered = docgen.build_docx(SOURCE, base / "contract.docx", auto_number="zh")
    typed = docgen.build_docx(SOURCE, base / "typed" / "contract.docx")
    files = {}
    for kind, src, target in (
        ("doc", numbered, "doc:MS Word 97"),
        ("odt", numbered, "odt"),
        ("rtf", typed, "rtf"),
    ):
        (files[kind],) = convert_with_libreoffice([src], target, base / kind)
    return files


@needs_soffice
@pytest.mark.needs_libreoffice
@pytest.mark.parametrize("kind", ["doc", "odt", "rtf"])
def test_legacy_formats_read_through_libreoffice(legacy_files, kind):
    path = legacy_files[kind]
    assert sniff(path, path.read_bytes()[:4096]) == ("ole" if kind == "doc" else kind)
    doc = extract(path)
    assert doc.format == kind and doc.path == str(path) and doc.status == "ok"
    assert any("LibreOffice" in w for w in doc.warnings)
    text = doc.text
    for phrase in (
        "宏泰期貨股份有限公司",
        "硬體預防性維護。",
        "於本合約終止後仍繼續有效。",
        "99.95%以上",
        "甲方得隨時派員稽核乙方之作業。",
    ):
        assert phrase in text, (kind, phrase)
    # Word numbering survives the round trip through LibreOffice.
    headings = [b.text.replace("\u3000", " ") for b in doc.blocks if b.text.startswith("第")]
    assert headings[:3] == ["第一條 服務範圍", "第二條 保密義務", "第三條 稽核"], kind
    item = next(b for b in doc.blocks if "故障排除" in b.text)
    assert item.article_path == ["第一條", "一、", "(二)"], kind


@needs_soffice
def test_conversion_leaves_no_temporary_files(legacy_files, tmp_path, monkeypatch):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    doc = extract_via_libreoffice(legacy_files["rtf"], "rtf")
    assert "第二條" in doc.text
    assert list(scratch.iterdir()) == []


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(convert.shutil, "which", lambda _name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(MissingToolError) as err:
        extract(path)
    assert err.value.status == "needs_tool"
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)
    assert ".doc" in str(err.value)


def _fake_soffice(tmp_path: Path, script: str) -> str:
    exe = tmp_path / "soffice"
    exe.write_text(f"#!/bin/sh\n{script}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IEXEC)
    return str(exe)


def test_conversion_timeout_kills_libreoffice(tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    fake = _fake_soffice(tmp_path, f"sleep 30 & echo $! > {pid_file}; wait")
    monkeypatch.setattr(convert, "find_soffice", lambda: fake)
    src = tmp_path / "a.rtf"
    src.write_text("{\\rtf1 x}")
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        convert_with_libreoffice([src], "docx", tmp_path / "out", timeout=1)
    assert time.monotonic() - started < 10
    assert err.value.status == "unreadable" and "did not finish" in str(err.value)
    child = int(pid_file.read_text())
    time.sleep(0.2)
    # The whole process group is gone, not just the shell: the orphaned child is dead
    # (reaped, or a zombie waiting for an init that does not reap).
    stat_file = Path(f"/proc/{child}/stat")
    if stat_file.exists():
        assert stat_file.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")


def test_failed_conversion_is_unreadable(tmp_path, monkeypatch):
    fake = _fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 0")
    monkeypatch.setattr(convert, "find_soffice", lambda: fake)
    src = tmp_path / "broken.odt"
    src.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError) as err:
        extract_via_libreoffice(src, "odt")
    assert err.value.status == "unreadable"
    assert "could not be loaded" in str(err.value)


def test_encrypted_ooxml_in_ole_is_refused(tmp_path, monkeypatch):
    """An OLE container with the streams Office uses for a password-protected .docx.

    The streams hold placeholder bytes (real encryption needs the Office tooling), but the
    container is a well-formed compound file, as Office writes it.
    """
    path = docgen.build_ole_container(
        tmp_path / "locked.docx",
        {
            "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00<encryption/>",
            "EncryptedPackage": os.urandom(2048),
        },
    )
    data = path.read_bytes()
    assert sniff(path, data[:4096]) == "ole"
    monkeypatch.setattr(convert, "find_soffice", lambda: pytest.fail("must not convert"))
    with pytest.raises(EncryptedInputError) as err:
        extract(path)
    assert err.value.status == "encrypted"
    assert "password-protected" in str(err.value) and "unprotected copy" in str(err.value)


def test_plain_ole_is_treated_as_legacy_doc(tmp_path, monkeypatch):
    path = docgen.build_ole_container(
        tmp_path / "old.doc", {"WordDocument": b"\xec\xa5" + bytes(64)}
    )
    data = path.read_bytes()
    assert not is_encrypted_ooxml(data)
    calls = []
    monkeypatch.setattr(
        convert, "extract_via_libreoffice", lambda p, k: calls.append((p, k)) or "read"
    )
    assert extract_ole(path, data) == "read"
    assert calls == [(path, "doc")]
