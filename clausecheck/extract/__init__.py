"""Reading contracts into the :class:`~clausecheck.model.Document` model.

``extract(path)`` looks at the bytes (not the extension) and hands the file to the reader for
its format. Every reader returns a finished ``Document`` whose blocks carry their location;
:func:`~clausecheck.extract.articles.assign_article_paths` then gives each block its article
path. A file that cannot be read raises :class:`~clausecheck.errors.InputError` with a status
and a message that says what to do.

Input is untrusted: archives come with zip bombs, scans of 2,000 pages, files named for the
wrong format. Each read is bounded (:mod:`~clausecheck.extract.limits`: pages, a time budget,
unzipped size, characters) and says what it cut; scanned pages are read by OCR
(``ocr="auto"``) or reported as ``needs_ocr`` (``ocr="never"``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from clausecheck.errors import InputError, UsageError
from clausecheck.extract.articles import assign_article_paths
from clausecheck.extract.limits import ENV_MAX_CHARS, Deadline, Limits
from clausecheck.extract.sniff import looks_like_office, sniff
from clausecheck.model import Document

__all__ = ["OCR_MODES", "Limits", "extract"]

#: ``auto``: OCR pages with no usable text layer; ``always``: every page; ``never``: none.
OCR_MODES = ("auto", "always", "never")

#: How each content kind is named in messages, and which suffixes it may carry silently.
_SUFFIXES = {
    "pdf": {"pdf"},
    "docx": {"docx", "dotx"},
    "docm": {"docm", "dotm"},
    "ole": {"doc", "dot", "docx"},  # an encrypted .docx is an OLE file
    "odt": {"odt"},
    "rtf": {"rtf", "doc"},  # Word saves RTF as .doc on request
    "image": {"png", "jpg", "jpeg", "tif", "tiff"},
}


def extract(
    path: str | Path,
    *,
    password: str | None = None,
    ocr: str = "auto",
    limits: Limits | None = None,
) -> Document:
    """Read ``path`` (PDF, DOCX, TXT/MD, images, or .doc/.odt/.rtf through LibreOffice).

    ``password`` opens an encrypted PDF; ``ocr`` is one of :data:`OCR_MODES`; ``limits``
    defaults to :meth:`Limits.resolve` (environment variables, then defaults).
    """
    if ocr not in OCR_MODES:
        raise UsageError(f"ocr must be one of {', '.join(OCR_MODES)}, not {ocr!r}")
    limits = limits or Limits.resolve()
    deadline = Deadline(limits.time_budget)
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file", status="unreadable")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; use `clausecheck scan` for folders")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", status="unreadable") from None
    kind = sniff(path, data[:4096], data)
    doc = _read(path, data, kind, password=password, ocr=ocr, limits=limits, deadline=deadline)
    doc.sha256 = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower().lstrip(".")
    if suffix and kind not in ("text", "empty") and suffix not in _SUFFIXES.get(kind, {kind}):
        doc.warn(f"the file is named .{suffix} but its content is {kind}; read as {kind}")
    elif kind == "text" and any(suffix in names for names in _SUFFIXES.values()):
        doc.warn(f"the file is named .{suffix} but its content is plain text; read as text")
    _cut_text(doc, limits.max_chars)
    assign_article_paths(doc.blocks)
    return doc


def _read(
    path: Path, data: bytes, kind: str, *, password: str | None, ocr: str, limits: Limits,
    deadline: Deadline,
) -> Document:
    if kind == "empty":
        doc = Document(path=str(path), format=path.suffix.lower().lstrip(".") or "txt")
        doc.status = "empty"
        doc.warn("the file is empty (0 bytes)")
        return doc.finish()
    if kind == "pdf":
        from clausecheck.extract.pdf import extract_pdf

        return extract_pdf(path, data, password=password, ocr=ocr, limits=limits, deadline=deadline)
    if kind in ("docx", "docm"):
        from clausecheck.extract.docx import extract_docx

        doc = extract_docx(path, data, max_unzipped=limits.max_unzipped_bytes)
        if kind == "docm":
            doc.warn("macro-enabled document: text read, macros ignored (never run)")
        return doc
    if kind == "ole":
        from clausecheck.extract.convert import extract_ole

        return extract_ole(path, data, timeout=_tool_time(deadline), max_unzipped=limits.max_unzipped_bytes)
    if kind in ("odt", "rtf"):
        from clausecheck.extract.convert import extract_via_libreoffice

        return extract_via_libreoffice(
            path, kind, timeout=_tool_time(deadline), max_unzipped=limits.max_unzipped_bytes
        )
    if kind == "image":
        from clausecheck.extract.image import extract_image

        return extract_image(path, ocr=ocr, limits=limits, deadline=deadline)
    if kind in ("xlsx", "pptx"):
        what = "an Excel workbook" if kind == "xlsx" else "a PowerPoint presentation"
        raise InputError(f"{path}: is {what}, not a contract document", status="unsupported")
    if kind == "zip":
        if path.suffix.lower() in (".docx", ".docm", ".dotx") or looks_like_office(data[:4096]):
            raise InputError(
                f"{path}: is a damaged DOCX (its zip structure is incomplete or it has no "
                "word/document.xml); open it in Word and save it again, or ask for a new copy",
                status="unreadable",
            )
        raise InputError(
            f"{path}: is a zip archive, not a document; use `clausecheck scan` to check archives",
            status="unsupported",
        )
    from clausecheck.extract.text import extract_text

    return extract_text(path, data)


def _tool_time(deadline: Deadline) -> float:
    """Seconds an external converter may take: what is left of the budget, at least 10."""
    from clausecheck.extract.convert import SOFFICE_TIMEOUT

    return max(10.0, min(SOFFICE_TIMEOUT, deadline.remaining()))


def _cut_text(doc: Document, max_chars: int) -> None:
    """Keep the first ``max_chars`` characters of the text (whole blocks, the last one cut)."""
    if len(doc.text) <= max_chars:
        return
    total = len(doc.text)
    kept = []
    for block in doc.blocks:
        if block.start >= max_chars:
            break
        if block.end > max_chars:
            block.text = block.text[: max_chars - block.start]
        kept.append(block)
    doc.blocks = kept
    doc._text = None
    doc.finish()
    doc.status = "partial" if doc.status in ("ok", "partial") else doc.status
    doc.warn(
        f"only the first {max_chars:,} of {total:,} characters were read; the rest was cut "
        f"(raise the limit with ${ENV_MAX_CHARS})"
    )
