"""PDF contracts: pdfium for the text, pdfplumber for table cells, a doubt for every page.

pypdfium2 reads the characters and their boxes: it maps CJK fonts that pdfminer turns into
mojibake, and it is some fifty times faster. Pages whose drawing objects look like a ruled
table get their cells from pdfplumber's table finder, fed with pdfium's ruling lines (see
:mod:`~clausecheck.extract.pdf_tables`); pdfplumber's own parser (pdfminer) reads the file
only when pdfium cannot open it.

Each page is judged before its text is used (:mod:`~clausecheck.extract.garbage`): a scan
without a text layer, or a layer of ``(cid:…)`` debris, would otherwise be checked and
reported as a contract with every clause missing. The document's status says so instead.

Pages without a usable text layer are read by OCR instead (``ocr="auto"``, the default:
pages with no text layer or a garbage one; ``"always"``: every page; ``"never"``: none, the
status says ``needs_ocr``), see :mod:`~clausecheck.extract.ocr`. OCR'd lines join the same
flow as the text layer's.

Characters become lines in :mod:`~clausecheck.extract.pdf_layout`, lines become blocks by
the rules in :mod:`~clausecheck.extract.pdf_blocks`; running headers,
footers and page numbers are moved to ``doc.headers``
(:mod:`~clausecheck.extract.pdf_headers`).

Reading stops at the page limit and when the document's time budget runs out
(:mod:`~clausecheck.extract.limits`); the document is then ``partial`` and says what was cut.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from clausecheck.errors import EncryptedInputError, InputError
from clausecheck.extract.articles import match_style
from clausecheck.extract.garbage import (
    TextQuality,
    assess,
    page_verdict,
    private_use_chars,
)
from clausecheck.extract.limits import DEFAULT_MAX_PAGES, Deadline, Limits
from clausecheck.extract.pdf_blocks import Layout, LineGroup, group_lines
from clausecheck.extract.pdf_headers import find_running_lines
from clausecheck.extract.pdf_layout import (
    HYPHEN_MARK,
    Char,
    Line,
    build_lines,
    dedupe_chars,
    join_lines,
)
from clausecheck.extract.pdf_ocr import OcrState, ocr_pages
from clausecheck.extract.pdf_status import check_trailer, judge, note_cut
from clausecheck.extract.pdf_table_pages import join_page_split_tables
from clausecheck.extract.pdf_tables import (
    PageObjects,
    Table,
    find_tables,
    path_edges,
    plumber_tables,
    scan_objects,
    split_chars,
)
from clausecheck.model import Block, BlockKind, Document, Location

__all__ = ["MAX_PAGES", "OCR_MODES", "extract_pdf"]

#: Pages read at most by default; the rest of a longer file is cut, with a warning.
MAX_PAGES = DEFAULT_MAX_PAGES
OCR_MODES = ("auto", "always", "never")

_HEADING_STYLES = ("chapter", "article", "en_article", "formal")
_SENTENCE = re.compile(r"[。；;]|[.:：]\s*\S")


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    quality: TextQuality = field(default_factory=lambda: TextQuality(chars=0))
    verdict: str = "usable"  # usable | garbage | no_text | blank | error
    private_use: list[str] = field(default_factory=list)
    ocr: bool = False  # the lines come from OCR
    confidence: dict[int, float] = field(default_factory=dict)  # OCR: id(line) -> 0-100
    ocr_error: str = ""  # why OCR of this page failed
    turned: int = 0  # OCR: degrees clockwise the scan was turned to be read upright


_PDFIUM_ERRORS = {
    pdfium_c.FPDF_ERR_FILE: "file not found or could not be opened",
    pdfium_c.FPDF_ERR_FORMAT: "not a PDF or corrupted",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security scheme",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}


class _PdfiumFailed(Exception):
    """pdfium could not open the file; the pdfplumber fallback gets a try."""


def extract_pdf(
    path: Path,
    data: bytes,
    *,
    password: str | None = None,
    max_pages: int | None = None,
    ocr: str = "auto",
    limits: Limits | None = None,
    deadline: Deadline | None = None,
) -> Document:
    """Read a PDF into a finished :class:`Document` (see the module docstring)."""
    limits = limits or Limits.resolve()
    max_pages = limits.max_pages if max_pages is None else max_pages
    deadline = deadline or Deadline(limits.time_budget)
    doc = Document(path=str(path), format="pdf")
    renderable = True
    try:
        total, pages = _read_with_pdfium(path, data, password, max_pages, doc, deadline)
    except _PdfiumFailed as exc:
        renderable = False
        total, pages = _read_with_pdfplumber(path, data, password, max_pages, doc, str(exc), deadline)
    doc.pages = total
    note_cut(doc, total, len(pages), max_pages, deadline, unit="page")
    check_trailer(doc, data)
    state = OcrState(ocr)
    if ocr != "never":
        ocr_pages(data, password, pages, state, deadline, renderable)
    build_document(doc, pages, state)
    return doc.finish()


def build_document(doc: Document, pages: list[Page], state: OcrState) -> None:
    """Pages (text layer or OCR) to blocks, and the document's status and warnings."""
    _assemble(doc, pages)
    judge(doc, pages, state)


# -- reading with pdfium -----------------------------------------------------------------


def _open_pdfium(path: Path, data: bytes, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password is None:
                raise EncryptedInputError(
                    f"{path}: the PDF is password-protected; pass --password"
                ) from None
            raise EncryptedInputError(
                f"{path}: the PDF is password-protected and the password given does not "
                "open it; pass the right one with --password"
            ) from None
        raise _PdfiumFailed(_PDFIUM_ERRORS.get(code, str(exc))) from None
    except Exception as exc:  # pypdfium2 raises other types for some malformed input
        raise _PdfiumFailed(f"{type(exc).__name__}: {exc}") from None


def _read_with_pdfium(
    path: Path, data: bytes, password: str | None, max_pages: int, doc: Document, deadline: Deadline
) -> tuple[int, list[Page]]:
    pdf = _open_pdfium(path, data, password)
    try:
        if password is None and pdfium_c.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1:
            doc.warn(
                "the PDF is encrypted with an owner password (permissions only); "
                "its text was read without a password"
            )
        total = len(pdf)
        if total == 0:
            raise _PdfiumFailed("pdfium found no pages")
        pages = []
        for index in range(min(total, max_pages)):
            if index and deadline.expired():
                deadline.hit = True
                break
            pages.append(_pdfium_page(pdf, index, doc))
        return total, pages
    finally:
        pdf.close()


def _pdfium_page(pdf: pdfium.PdfDocument, index: int, doc: Document) -> Page:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        doc.warn(f"p. {index + 1}: could not be loaded ({exc})")
        return Page(index + 1, 0.0, 0.0, verdict="error")
    try:
        width, height = page.get_size()
        result = Page(index + 1, width, height)
        crop = page.get_bbox()
        to_page = _PointMapper(page.get_rotation(), crop)
        textpage = page.get_textpage()
        try:
            chars = list(_pdfium_chars(textpage, to_page, width, height))
        finally:
            textpage.close()
        objects = scan_objects(page.raw, crop)
        tables = find_tables(path_edges(page.raw, to_page)) if objects.may_have_table and chars else []
    except pdfium.PdfiumError as exc:
        doc.warn(f"p. {index + 1}: its text could not be read ({exc})")
        return Page(index + 1, 0.0, 0.0, verdict="error")
    finally:
        page.close()
    _fill_page(result, chars, objects, tables)
    return result


class _PointMapper:
    """Map PDF user space (bottom-left origin) to the visible page as displayed: top-left
    origin, after the page's /Rotate, measured from the crop box. ``X = xx*x + xy*y + x0``,
    ``Y = yx*x + yy*y + y0``."""

    def __init__(self, rotation: int, crop: tuple[float, float, float, float]) -> None:
        cl, cb, cr, ct = crop
        self.coefficients = {
            90: (0, 1, -cb, 1, 0, -cl),
            180: (-1, 0, cr, 0, 1, -cb),
            270: (0, -1, ct, -1, 0, cr),
        }.get(rotation % 360, (1, 0, -cl, 0, -1, ct))

    def __call__(self, x: float, y: float) -> tuple[float, float]:
        xx, xy, x0, yx, yy, y0 = self.coefficients
        return xx * x + xy * y + x0, yx * x + yy * y + y0


def _pdfium_chars(
    textpage: pdfium.PdfTextPage, to_page: _PointMapper, width: float, height: float
) -> Iterator[Char]:
    """The page's characters with loose boxes turned to top-left, rotated page coordinates.

    pdfium reports its inferred line breaks as generated ``\\r\\n`` characters; they become
    the ``brk`` flag of the next character. Characters outside the visible page (hidden
    text some generators leave beyond the crop box) are dropped.
    """
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_size = pdfium_c.FPDFText_GetFontSize
    is_generated = pdfium_c.FPDFText_IsGenerated
    rect = pdfium_c.FS_RECTF()
    xx, xy, x0, yx, yy, y0 = to_page.coefficients
    brk = False
    for i in range(max(n, 0)):
        code = get_unicode(raw, i)
        if code in (10, 13):
            brk = True
            continue
        if code == 0:
            continue
        get_box(raw, i, rect)
        left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
        ax, bx = xx * left + xy * top + x0, xx * right + xy * bottom + x0
        ay, by = yx * left + yy * top + y0, yx * right + yy * bottom + y0
        if ax > bx:
            ax, bx = bx, ax
        if ay > by:
            ay, by = by, ay
        generated = code == 32 and bool(is_generated(raw, i))
        cx, cy = (ax + bx) / 2, (ay + by) / 2
        if not generated and not (-1 <= cx <= width + 1 and -1 <= cy <= height + 1):
            continue
        if code in (2, 0xFFFE):
            text = HYPHEN_MARK
        elif 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            text = "\ufffd"
        else:
            text = chr(code)
        size = 0.0 if generated else get_size(raw, i)
        yield Char(text, ax, ay, bx, by, generated, brk, size)
        brk = False


# -- reading with pdfplumber (fallback) --------------------------------------------------


def _read_with_pdfplumber(
    path: Path, data: bytes, password: str | None, max_pages: int, doc: Document, reason: str,
    deadline: Deadline,
) -> tuple[int, list[Page]]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data), password=password or "")
        total = len(pdf.pages)
    except Exception as exc:  # pdfminer's errors have no common base worth naming
        if type(exc).__name__ == "PDFPasswordIncorrect":
            raise EncryptedInputError(f"{path}: the PDF is password-protected; pass --password") from None
        raise InputError(
            f"{path}: the PDF is damaged or incomplete and could not be read (pdfium: {reason}; "
            f"pdfminer: {exc}); ask for a new copy, or open and re-save it in a PDF viewer",
            status="unreadable",
        ) from None
    if total == 0:
        pdf.close()
        raise InputError(
            f"{path}: the PDF is damaged: no pages could be found (pdfium: {reason})",
            status="unreadable",
        )
    doc.warn(f"the PDF is damaged (pdfium: {reason}); read with pdfminer instead, check the result")
    pages: list[Page] = []
    try:
        for index in range(min(total, max_pages)):
            if index and deadline.expired():
                deadline.hit = True
                break
            pages.append(_plumber_page(pdf, index, doc))
    finally:
        pdf.close()
    return total, pages


def _plumber_page(pdf, index: int, doc: Document) -> Page:
    try:
        page = pdf.pages[index]
        result = Page(index + 1, float(page.width), float(page.height))
        chars = [
            Char(
                c["text"], float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]),
                size=float(c.get("size") or 0.0),
            )
            for c in _reading_order(page.chars)
            if c.get("text") and _visible(c, page.bbox)
        ]
        area = max(result.width * result.height, 1.0)
        covered = sum(
            max(0.0, float(im["x1"]) - float(im["x0"])) * max(0.0, float(im["bottom"]) - float(im["top"]))
            for im in page.images
        )
        objects = PageObjects(
            image_coverage=min(covered / area, 1.0), rulings=len(page.lines) + 2 * len(page.rects)
        )
        tables = plumber_tables(page, to_crop=False) if objects.may_have_table and chars else []
    except Exception as exc:  # a damaged page must not stop the rest of the document
        doc.warn(f"p. {index + 1}: could not be read ({type(exc).__name__}: {exc})")
        return Page(index + 1, 0.0, 0.0, verdict="error")
    _fill_page(result, chars, objects, tables)
    return result


def _visible(char: dict, bbox: tuple[float, float, float, float]) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _reading_order(chars: list[dict]) -> list[dict]:
    """pdfminer's characters by line (tops within 3 pt), in writing order: pdfminer gives
    no line breaks, and its content order can put a row's value before its label. A line
    written mostly in Arabic or Hebrew runs right to left."""
    from pdfplumber.utils import cluster_objects

    upright = [c for c in chars if c.get("upright", True)]
    rest = [c for c in chars if not c.get("upright", True)]
    ordered = []
    for line in cluster_objects(upright, lambda c: c["top"], 3):
        rtl = sum(1 for c in line if "\u0590" <= c["text"][:1] <= "\u08ff")
        ordered.extend(sorted(line, key=lambda c: c["x0"], reverse=rtl * 2 > len(line)))
    return ordered + rest


# -- from characters to a page -----------------------------------------------------------


def _fill_page(page: Page, chars: list[Char], objects: PageObjects, tables: list[Table]) -> None:
    raw = "".join(c.text for c in chars if not c.generated)
    page.quality = assess(raw)
    page.verdict = page_verdict(page.quality, image_coverage=objects.image_coverage)
    page.private_use = private_use_chars(raw)
    if page.verdict == "garbage":
        return
    chars = dedupe_chars(chars)
    body = split_chars(chars, tables)
    page.lines = build_lines(body, page=page.number)
    page.tables = [t for t in tables if any(c.chars for c in t.cells)]


# -- from pages to blocks ----------------------------------------------------------------


def _assemble(doc: Document, pages: list[Page]) -> None:
    by_page = {p.number: p.lines for p in pages if p.lines}
    heights = {p.number: p.height for p in pages}
    running = find_running_lines(by_page, heights)
    for page in pages:
        if not running:
            break
        kept = []
        for line in page.lines:
            part = running.get(id(line))
            if part is None:
                kept.append(line)
            else:
                doc.headers.append(
                    Block("paragraph", line.text.replace(HYPHEN_MARK, "-"), Location(
                        page=page.number, bbox=_round(line.bbox), part=part
                    ))
                )
        page.lines = kept
    layout = Layout.measure(
        {p.number: p.lines for p in pages if p.lines}, {p.number: p.width for p in pages}
    )
    flow: list[tuple[int, list[Line | object]]] = []
    table_index = 0
    for page in pages:
        items: list[Line | object] = list(page.lines)
        for table in page.tables:
            at = next((i for i, ln in enumerate(items) if isinstance(ln, Line) and ln.top >= table.bbox[1]), len(items))
            items.insert(at, (page.number, table))
        flow.append((page.number, items))
    confidence = {k: v for p in pages for k, v in p.confidence.items()}
    for item in group_lines(flow, layout):
        if isinstance(item, LineGroup):
            block = _block(item, layout)
            if block is not None:
                scores = [confidence[id(ln)] for ln in item.lines if id(ln) in confidence]
                if scores:
                    block.ocr_confidence = round(sum(scores) / len(scores), 1)
                doc.blocks.append(block)
        else:
            page_number, table = item  # type: ignore[misc]
            doc.blocks.extend(_table_blocks(table, page_number, table_index, layout.words))
            table_index += 1
    doc.blocks = join_page_split_tables(doc.blocks, layout.words)


def _block(group: LineGroup, layout: Layout) -> Block | None:
    text = join_lines((ln.text for ln in group.lines), layout.words).strip()
    if not text:
        return None
    font = statistics.median(ln.font for ln in group.lines)
    kind: BlockKind = "paragraph"
    style = match_style(text)
    sentence = _SENTENCE.search(text) is not None
    short = len(text) <= 40 and not sentence
    larger = bool(layout.body_font) and font >= 1.15 * layout.body_font
    if style and style[0] in _HEADING_STYLES:
        # 第十四條　準據法及管轄法院 Article 14 Governing Law: a bilingual title is long
        kind = "heading" if len(text) <= 80 and not sentence else "paragraph"
    elif style:
        # "13. Business Continuity" set larger than the body is an article title, not item 13
        title = style[2]
        titled = larger and len(text) <= 80 and len(group.lines) <= 2 and not _SENTENCE.search(title)
        kind = "heading" if titled else "list_item"
    elif short and len(group.lines) <= 2 and larger:
        kind = "heading"
    return Block(kind, text, Location(page=group.page, bbox=group.bbox))


def _table_blocks(table: Table, page: int, index: int, words: set[str]) -> list[Block]:
    blocks = []
    for cell in table.cells:
        if not cell.chars:
            continue
        text = join_lines((ln.text for ln in build_lines(cell.chars, page=page)), words).strip()
        if text:
            blocks.append(
                Block(
                    "table_cell",
                    text,
                    Location(page=page, bbox=_round(cell.bbox), table=index, row=cell.row, col=cell.col),
                )
            )
    return blocks


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    return (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
