"""Plain text and Markdown, in whatever encoding the archive kept them.

Taiwan's older archives are full of Big5 (CP950) files; mainland vendors send GB18030; Windows
tools write UTF-16 with a BOM. The encoding is detected from the bytes (BOMs first, then
charset-normalizer), and a file that is not text at all is refused rather than decoded into
garbage.

Files that were pasted together from several sources mix encodings line by line (a Big5
body with UTF-8 lines added later): each line that is valid UTF-8 is read as UTF-8 and the
others in the encoding detected from them alone, with a warning. NUL bytes (a file padded
or damaged) are dropped with a warning; a file of mostly NULs is UTF-16 only when the NULs
fall on one side of each character, as they do there.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from clausecheck.errors import InputError
from clausecheck.extract.garbage import assess
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
    nuls = sample.count(b"\x00")
    if len(sample) >= 4 and nuls > len(sample) // 4:
        # UTF-16 without a BOM: NULs in every other byte of ASCII-range text, on one side.
        evens = sample[0::2].count(b"\x00")
        odds = sample[1::2].count(b"\x00")
        if max(evens, odds) >= 0.9 * nuls:
            return "utf-16-be" if evens > odds else "utf-16-le"
        sample = sample.replace(b"\x00", b"")  # padding or damage: judge what is left
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # cut inside a character at the sample's end
            return "utf-8"
    bom_less = _utf16_without_bom(sample)
    if bom_less:
        return bom_less
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=_CANDIDATES).best()
    if best is not None:
        enc = best.encoding.replace("_", "-")
        return {"big5": "cp950"}.get(enc, enc)
    return "cp950"


_PLAUSIBLE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\r\n\t]")


def _utf16_without_bom(sample: bytes) -> str | None:
    """Chinese UTF-16 without a BOM has almost no NUL bytes; recognise it by decoding both
    ways and keeping the one that reads as Chinese and ASCII (random bytes decoded as UTF-16
    scatter over every script)."""
    even = sample[: len(sample) - len(sample) % 2]
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(enc)
        except UnicodeDecodeError:
            continue
        if text and len(_PLAUSIBLE.findall(text)) >= 0.97 * len(text):
            return enc
    return None


def decode(data: bytes) -> tuple[str, str, int]:
    """Decode bytes, returning (text, encoding, number of undecodable bytes replaced).

    The encoding is e.g. ``cp950``, or ``utf-8+cp950`` for a file that mixes the two by line.
    """
    enc = detect_encoding(data)
    if enc.startswith("utf-16") or enc.startswith("utf-32"):
        text = data.decode(enc, errors="replace")
        return text, enc, text.count("\ufffd")
    if enc not in ("utf-8", "utf-8-sig"):
        mixed = _decode_mixed(data)
        if mixed is not None:
            return mixed
    text = data.decode(enc, errors="replace")
    return text, enc, text.count("\ufffd")


def _decode_mixed(data: bytes) -> tuple[str, str, int] | None:
    """Line by line: UTF-8 where a line is valid UTF-8 with non-ASCII text in it, the
    encoding detected from the other lines elsewhere. None when no line is such UTF-8."""
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            utf8[i] = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
    rest = [line for i, line in enumerate(lines) if i not in utf8 and not line.isascii()]
    if not utf8 or not rest:
        return None
    legacy = detect_encoding(b"\n".join(rest))
    if legacy in ("utf-8", "utf-8-sig") or legacy.startswith("utf-16"):
        legacy = "cp950"
    out = [utf8[i] if i in utf8 else line.decode(legacy, errors="replace") for i, line in enumerate(lines)]
    text = "\n".join(out)
    return text, f"utf-8+{legacy}", text.count("\ufffd")


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
    if assess(text[:200_000]).is_garbage:
        raise InputError(
            f"{path}: does not look like text (control characters or symbol debris, read as "
            f"{enc}); it may be a binary file named .{fmt}: give the original document",
            status="unreadable_text",
        )
    if "+" in enc:
        legacy = enc.split("+", 1)[1]
        doc.warn(f"mixed encodings: lines valid as UTF-8 were read as UTF-8, the others as {legacy}")
    elif enc not in ("utf-8", "utf-8-sig"):
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
