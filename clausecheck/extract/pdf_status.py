"""A PDF's status and warnings, from what happened to its pages.

A scan without a text layer, a layer of ``(cid:…)`` debris, a file cut short or a page limit
reached: each is said in a warning, and when it concerns most of the document it decides the
status (``needs_ocr``, ``unreadable_text``, ``unreadable``), so the document is reported for
what it is rather than checked as a contract with every clause missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from clausecheck.extract.limits import ENV_MAX_PAGES, Deadline
from clausecheck.model import Document

if TYPE_CHECKING:
    from clausecheck.extract.pdf import Page
    from clausecheck.extract.pdf_ocr import OcrState


def note_cut(doc: Document, total: int, read: int, max_pages: int, deadline: Deadline, unit: str) -> None:
    """Say so when fewer than ``total`` pages were read: the page limit or the time budget."""
    if read >= total:
        return
    doc.status = "partial"
    if read < min(total, max_pages):
        doc.warn(
            f"reading stopped after {read} of {total} {unit}s because {deadline.describe()} "
            f"ran out; {total - read} {unit}(s) were cut"
        )
    else:
        doc.warn(
            f"only the first {max_pages} of {total} {unit}s were read; {total - max_pages} "
            f"{unit}(s) were cut (raise the limit with --max-pages or ${ENV_MAX_PAGES})"
        )


_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_AT = re.compile(rb"\s*(?:xref|\d+\s+\d+\s+obj)")


def check_trailer(doc: Document, data: bytes) -> None:
    """Warn about a damaged end of file that pdfium quietly repaired: a file cut short (no
    ``%%EOF``: pages may be missing, so the document is partial) or a cross-reference table
    that is not where the trailer says (rebuilt by scanning the file)."""
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        doc.status = "partial"
        doc.warn(
            "the file ends without %%EOF: it is incomplete (cut short in transfer?); what could "
            "be read was read, but pages or text may be missing; ask for a complete copy"
        )
        return
    found = _STARTXREF.findall(tail)
    offset = int(found[-1]) if found else -1
    if not (0 <= offset < len(data) and _XREF_AT.match(data, offset)):
        doc.warn(
            "the PDF's cross-reference table is damaged (startxref points nowhere); it was "
            "rebuilt by scanning the file: check the result against the original"
        )


def judge(doc: Document, pages: list[Page], state: OcrState) -> None:
    """Set the status from the pages' verdicts, and warn about what was doubtful."""
    counted = [p for p in pages if p.verdict != "blank"]
    no_text = [p.number for p in pages if p.verdict == "no_text"]
    garbage = [p.number for p in pages if p.verdict == "garbage"]
    errors = [p.number for p in pages if p.verdict == "error"]
    why = why_no_ocr(pages, state, no_text + garbage + errors)
    if no_text:
        doc.warn(
            f"no text layer on {page_ranges(no_text)} ({len(no_text)} of {len(pages)} page(s)): "
            f"scanned images; OCR is needed to read them{why}"
        )
    if garbage:
        doc.warn(
            f"the text layer of {page_ranges(garbage)} is unreadable (a font without a Unicode map: "
            f"(cid:…) codes, mojibake or replacement characters); those pages need OCR{why}"
        )
    ocred = [p for p in pages if p.ocr]
    if ocred:
        chars = sum(len(ln.text) for p in ocred for ln in p.lines)
        mean = sum(p.confidence[id(ln)] * len(ln.text) for p in ocred for ln in p.lines) / max(chars, 1)
        doc.warn(
            f"text of {page_ranges([p.number for p in ocred])} read by OCR (Tesseract, "
            f"{state.languages}), mean confidence {mean:.0f}/100; check the evidence against the scan"
        )
    turned = [p.number for p in ocred if p.turned]
    if turned:
        doc.warn(f"{page_ranges(turned)} scanned sideways or upside down: turned upright to be read")
    if state.empty:
        doc.warn(f"OCR found no text on {page_ranges(state.empty)} (images without writing)")
    for page in pages:
        if page.private_use and page.verdict != "garbage":
            codes = ", ".join(f"U+{ord(c):04X}" for c in page.private_use[:5])
            doc.warn(
                f"p. {page.number}: private-use character(s) kept ({codes}); the font may not "
                "map them to real characters, so nearby text may be incomplete"
            )
    if counted and len(no_text) > len(counted) / 2:
        doc.status = "needs_ocr"
    elif counted and len(garbage) + len(errors) > len(counted) / 2 and len(garbage) >= len(errors):
        doc.status = "unreadable_text"
    elif counted and len(errors) > len(counted) / 2:
        doc.status = "unreadable"
    elif no_text or garbage or errors:
        doc.status = "partial"


def why_no_ocr(pages: list[Page], state: OcrState, unread: list[int]) -> str:
    """Why pages that need OCR were not read by it, as a clause for the warning."""
    if not unread:
        return ""
    if state.mode == "never":
        return " (OCR is off: --ocr never)"
    if state.reason:
        return f"; {state.reason}"
    failed = [p for p in pages if p.number in unread and p.ocr_error]
    bits = []
    if failed:
        bits.append(f"OCR did not help on {page_ranges([p.number for p in failed])}: {failed[0].ocr_error}")
    if state.ran_out:
        bits.append("OCR stopped when the time budget ran out (--time-budget)")
    return "; " + "; ".join(bits) if bits else ""


def page_ranges(numbers: list[int]) -> str:
    """``p. 3`` or ``pp. 1-3, 7``."""
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ("p. " if len(numbers) == 1 else "pp. ") + ", ".join(spans)
