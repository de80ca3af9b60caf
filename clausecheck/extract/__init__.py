"""Reading contracts into the :class:`~clausecheck.model.Document` model.

``extract(path)`` looks at the bytes (not the extension) and hands the file to the reader for
its format. Every reader returns a finished ``Document`` whose blocks carry their location;
:func:`~clausecheck.extract.articles.assign_article_paths` then gives each block its article
path. A file that cannot be read raises :class:`~clausecheck.errors.InputError` with a status
and a message that says what to do.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from clausecheck.errors import InputError
from clausecheck.extract.articles import assign_article_paths
from clausecheck.extract.sniff import sniff
from clausecheck.model import Document

__all__ = ["extract"]


def extract(path: str | Path, *, password: str | None = None) -> Document:
    """Read ``path`` (PDF, DOCX, TXT/MD, or .doc/.odt/.rtf through LibreOffice)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file", status="unreadable")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; use `clausecheck scan` for folders")
    data = path.read_bytes()
    kind = sniff(path, data[:4096])
    doc = _read(path, data, kind, password=password)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower().lstrip(".")
    if suffix and kind not in ("text", "empty") and suffix != kind and not (
        kind == "ole" and suffix == "doc"
    ):
        doc.warn(f"the file is named .{suffix} but its content is {kind}; read as {kind}")
    assign_article_paths(doc.blocks)
    return doc


def _read(path: Path, data: bytes, kind: str, *, password: str | None) -> Document:
    if kind == "empty":
        doc = Document(path=str(path), format=path.suffix.lower().lstrip(".") or "txt")
        doc.status = "empty"
        doc.warn("the file is empty (0 bytes)")
        return doc.finish()
    if kind == "pdf":
        from clausecheck.extract.pdf import extract_pdf

        return extract_pdf(path, data, password=password)
    if kind in ("docx", "docm"):
        from clausecheck.extract.docx import extract_docx

        doc = extract_docx(path, data)
        if kind == "docm":
            doc.warn("macro-enabled document: text read, macros ignored (never run)")
        return doc
    if kind == "ole":
        from clausecheck.extract.convert import extract_ole

        return extract_ole(path, data)
    if kind in ("odt", "rtf"):
        from clausecheck.extract.convert import extract_via_libreoffice

        return extract_via_libreoffice(path, kind)
    if kind == "image":
        raise InputError(
            f"{path}: is an image; it needs OCR (install Tesseract: apt-get install "
            "tesseract-ocr tesseract-ocr-chi-tra)",
            status="needs_ocr",
        )
    if kind == "zip":
        raise InputError(
            f"{path}: is a zip archive, not a document; use `clausecheck scan` to check archives",
            status="unsupported",
        )
    from clausecheck.extract.text import extract_text

    return extract_text(path, data)
