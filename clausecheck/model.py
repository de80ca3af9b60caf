"""The document model every extractor produces and every later step reads.

A :class:`Document` is a list of :class:`Block` s in reading order. ``Document.text`` is the
blocks' text joined with newlines, and each block records its ``start``/``end`` in it, so a
span found anywhere downstream maps back to the block, and from there to its page, paragraph
or line (:class:`Location`) and its article path.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell"]

#: Document statuses. ``ok`` and ``partial`` documents are checked; the others are reported
#: with their reason instead of a list of "missing" findings.
DOCUMENT_STATUSES = (
    "ok",
    "partial",  # read, but something was cut or is doubtful (see warnings)
    "empty",
    "needs_ocr",
    "unreadable_text",
    "encrypted",
    "unsupported",
    "needs_tool",
    "too_large",
    "unreadable",
)
CHECKABLE_STATUSES = ("ok", "partial")


@dataclass
class Location:
    """Where a block sits in its source file. Only the fields that make sense are set."""

    page: int | None = None  # PDF page, 1-based
    bbox: tuple[float, float, float, float] | None = None  # PDF points (x0, top, x1, bottom)
    paragraph: int | None = None  # DOCX body paragraph index, 0-based
    table: int | None = None  # DOCX/PDF table index, 0-based
    row: int | None = None
    col: int | None = None
    line: int | None = None  # TXT line, 1-based
    part: str = "body"  # body | header | footer | textbox | footnote

    def describe(self) -> str:
        """A short human label such as ``p. 3`` or ``table 2, row 4``."""
        bits: list[str] = []
        if self.page is not None:
            bits.append(f"p. {self.page}")
        if self.table is not None:
            bits.append(f"table {self.table + 1}, row {(self.row or 0) + 1}, col {(self.col or 0) + 1}")
        elif self.paragraph is not None:
            bits.append(f"para. {self.paragraph + 1}")
        if self.line is not None:
            bits.append(f"line {self.line}")
        if self.part != "body":
            bits.append(self.part)
        return ", ".join(bits) or "-"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class Block:
    kind: BlockKind
    text: str
    location: Location
    article_path: list[str] = field(default_factory=list)
    section_title: str = ""  # title of the innermost article heading above it (e.g. 保密義務)
    level: int | None = None  # outline level from the source, when it has one
    start: int = 0
    end: int = 0
    ocr_confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "location": self.location.to_dict(),
            "article_path": self.article_path,
            "start": self.start,
            "end": self.end,
        }
        if self.section_title:
            d["section_title"] = self.section_title
        if self.ocr_confidence is not None:
            d["ocr_confidence"] = self.ocr_confidence
        return d


@dataclass
class Document:
    path: str
    format: str  # pdf | docx | txt | md | doc | odt | rtf | image
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    status: str = "ok"
    warnings: list[str] = field(default_factory=list)
    sha256: str = ""
    language: str = ""
    headers: list[Block] = field(default_factory=list)  # running headers/footers, kept apart
    _text: str | None = field(default=None, repr=False)

    def finish(self) -> Document:
        """Assign offsets and join the text; extractors call this once when done."""
        pos = 0
        parts: list[str] = []
        for block in self.blocks:
            block.start = pos
            block.end = pos + len(block.text)
            parts.append(block.text)
            pos = block.end + 1
        self._text = "\n".join(parts)
        if not self.language:
            from clausecheck.language import detect_language

            self.language = detect_language(self._text)
        if self.status == "ok" and not self._text.strip():
            self.status = "empty"
        return self

    @property
    def text(self) -> str:
        if self._text is None:
            self.finish()
        assert self._text is not None
        return self._text

    @property
    def checkable(self) -> bool:
        return self.status in CHECKABLE_STATUSES

    def block_at(self, offset: int) -> Block | None:
        """The block containing ``offset`` of :attr:`text` (the one before, at a newline)."""
        if not self.blocks:
            return None
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        return self.blocks[max(i, 0)]

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def to_dict(self, with_blocks: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "language": self.language,
            "status": self.status,
            "warnings": list(self.warnings),
        }
        if with_blocks:
            d["blocks"] = [b.to_dict() for b in self.blocks]
            if self.headers:
                d["headers_footers"] = [b.to_dict() for b in self.headers]
        return d
