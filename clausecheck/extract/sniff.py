"""What a file really is, from its bytes: a DOCX named .pdf is still a DOCX.

Only the zip's directory is read here, and at most one small member of it
(``[Content_Types].xml`` or ``mimetype``, and only when its declared size is small): a zip
bomb is refused later by :func:`clausecheck.extract.docx.check_zip`, never inflated while
sniffing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Members read while sniffing must declare at most this many bytes.
MAX_SNIFF_MEMBER = 1024 * 1024

_OFFICE_NAMES = (b"[Content_Types].xml", b"word/", b"_rels/.rels", b"docProps/")


def sniff(path: Path, head: bytes, data: bytes | None = None) -> str:
    """Return one of pdf, docx, docm, odt, ole (legacy .doc or an encrypted DOCX), rtf,
    zip, xlsx, pptx, image, text, or empty.

    ``head`` is the start of the file; ``data``, when given, the whole of it (else the file
    is opened again for a zip's directory).
    """
    if not head:
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(io.BytesIO(data) if data is not None else path)
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head[:8] == b"\x89PNG\r\n\x1a\n" or head[:3] == b"\xff\xd8\xff" or head[:4] in (
        b"II*\x00",
        b"MM\x00*",
    ):
        return "image"
    return "text"


def _zip_kind(source) -> str:
    try:
        with zipfile.ZipFile(source) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                ctype = _small(zf, "[Content_Types].xml")
                return "docm" if b"macroEnabled" in ctype else "docx"
            if "mimetype" in names and _small(zf, "mimetype").startswith(
                b"application/vnd.oasis.opendocument.text"
            ):
                return "odt"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "ppt/presentation.xml" in names:
                return "pptx"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, EOFError,
            NotImplementedError, RuntimeError, zlib.error):
        return "zip"
    return "zip"


def _small(zf: zipfile.ZipFile, name: str) -> bytes:
    """A member's bytes when it declares itself small; nothing otherwise (a bomb is refused
    by the reader, with its size in the message)."""
    try:
        info = zf.getinfo(name)
    except KeyError:
        return b""
    if info.file_size > MAX_SNIFF_MEMBER:
        return b""
    try:
        with zf.open(info) as fh:
            return fh.read(MAX_SNIFF_MEMBER)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError,
            zlib.error):
        return b""


def looks_like_office(head: bytes) -> bool:
    """A zip whose first entries are those of an Office package: a damaged DOCX rather than
    an archive, even when its directory at the end is gone."""
    return any(name in head for name in _OFFICE_NAMES)
