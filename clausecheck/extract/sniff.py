"""What a file really is, from its bytes: a DOCX named .pdf is still a DOCX."""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path, head: bytes) -> str:
    """Return one of pdf, docx, docm, odt, ole (legacy .doc or an encrypted DOCX), rtf,
    zip, image, text, or empty."""
    if not head:
        return "empty"
    if head.startswith(b"%PDF") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    ctype = zf.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
                    return "docm" if b"macroEnabled" in ctype else "docx"
                if "mimetype" in names and zf.read("mimetype").startswith(
                    b"application/vnd.oasis.opendocument.text"
                ):
                    return "odt"
        except (zipfile.BadZipFile, OSError, KeyError):
            return "zip"
        return "zip"
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
