"""Plain text and Markdown, in whatever encoding the archive kept them.

Taiwan's older archives are full of Big5 (CP950) files; mainland vendors send GB18030; Windows
tools write UTF-16 with a BOM. The encoding is detected from the bytes (BOMs first, then
charset-normalizer), and a file that is not text at all is refused rather than decoded into
garbage.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from clausecheck.errors import InputError
from clausecheck.model import Block, Document, Location

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_CANDIDATES = ["utf-8", "cp950", "big5hkscs", "gb18030", "utf-16"]
_MD_HEADING = re.compile(r"^(#{1,6})\s+")


def detect_encoding(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    sample = data[:200_000]
    if len(sample) >= 4 and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: NULs in every other byte of ASCII-range text.
        evens = sample[0::2].count(b"\x00")
        odds = sample[1::2].count(b"\x00")
        return "utf-16-be" if evens > odds else "utf-16-le"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # cut inside a character at the sample's end
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    if best is not None:
        enc = best.encoding.replace("_", "-")
        return {"big5": "cp950"}.get(enc, enc)
    return "cp950"


def decode(data: bytes) -> tuple[str, str, int]:
    """Decode bytes, returning (text, encoding, number of undecodable bytes replaced)."""
    enc = detect_encoding(data)
    text = data.decode(enc, errors="replace")
    bad = text.count("\ufffd")
    return text, enc, bad


def extract_text(path: Path, data: bytes | None = None) -> Document:
    data = path.read_bytes() if data is None else data
    fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
    doc = Document(path=str(path), format=fmt)
    if not data.strip():
        doc.status = "empty"
        doc.warn("the file is empty")
        return doc.finish()
    text, enc, bad = decode(data)
    if "\x00" in text:
        nuls = text.count("\x00")
        text = text.replace("\x00", "")
        doc.warn(f"removed {nuls} NUL characters: the file may be binary or damaged")
    if bad:
        doc.warn(f"{bad} bytes could not be decoded as {enc} and were replaced")
        if bad > max(20, len(text) // 20):
            raise InputError(
                f"{path}: does not look like text in any known encoding "
                f"({bad} undecodable bytes as {enc}); convert it to UTF-8 or give the original file",
                status="unreadable_text",
            )
    if enc not in ("utf-8", "utf-8-sig"):
        doc.warn(f"decoded as {enc}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for lineno, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        kind = "paragraph"
        m = _MD_HEADING.match(stripped) if fmt == "md" else None
        if m:
            kind = "heading"
            stripped = stripped[m.end() :]
        elif stripped.startswith("|") and stripped.endswith("|") and fmt == "md":
            if re.fullmatch(r"\|[\s:|-]+\|", stripped):
                continue
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            for col, cell in enumerate(cells):
                doc.blocks.append(
                    Block("table_cell", cell, Location(line=lineno, row=lineno, col=col))
                )
            continue
        doc.blocks.append(Block(kind, stripped, Location(line=lineno)))
    return doc.finish()
