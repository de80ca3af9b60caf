"""OCR of a PDF's pages: which pages get it, and putting what it reads in their place.

``auto`` sends the pages without a usable text layer (no text, or garbage) to OCR,
``always`` every page. An OCR result replaces the page's text layer only when it reads as text
Tesseract is reasonably sure of: a mojibake layer renders as mojibake, and OCR of that must
not pass for a contract with every clause missing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from clausecheck.errors import MissingToolError
from clausecheck.extract.garbage import MIN_TEXT_CHARS, assess
from clausecheck.extract.limits import Deadline

if TYPE_CHECKING:
    from clausecheck.extract.ocr import OcrPage
    from clausecheck.extract.pdf import Page


@dataclass
class OcrState:
    """What the OCR step did, for the warnings."""

    mode: str
    reason: str = ""  # why pages that need OCR did not get it (tool missing, damaged file)
    languages: str = ""
    ran_out: bool = False  # the time budget stopped it
    empty: list[int] = field(default_factory=list)  # pages OCR found no text on


def ocr_pages(
    data: bytes, password: str | None, pages: list[Page], state: OcrState, deadline: Deadline,
    renderable: bool,
) -> None:
    """OCR the pages that need it (all of them for ``always``) and put the OCR'd lines in
    place of their text layer."""
    from clausecheck.extract.ocr import OcrRun

    wanted = [p for p in pages if state.mode == "always" or p.verdict in ("no_text", "garbage", "error")]
    if not wanted:
        return
    if not renderable:
        state.reason = "the PDF is too damaged to be rendered for OCR"
        return
    hint = "\n".join(ln.text for p in pages if p.verdict == "usable" for ln in p.lines)
    try:
        run = OcrRun(deadline, hint=hint)
    except MissingToolError as exc:
        if state.mode == "always":
            raise
        state.reason = str(exc)
        return
    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except Exception as exc:  # noqa: BLE001 - it opened a moment ago; be safe anyway
        state.reason = f"the PDF could not be rendered for OCR ({exc})"
        return
    try:
        results = run.read((p.number, _renderer(pdf, p.number)) for p in wanted)
    finally:
        pdf.close()
    state.languages = run.languages
    state.ran_out = deadline.hit
    for page in wanted:
        result = results.get(page.number)
        if result is not None:
            apply_ocr(page, result, state)


def apply_ocr(page: Page, result: OcrPage, state: OcrState) -> None:
    """Put an OCR result in place of the page's text layer, if it reads as text that
    Tesseract is reasonably sure of."""
    from clausecheck.extract.ocr import MIN_PAGE_CONFIDENCE

    if result.error:
        page.ocr_error = result.error
        return
    quality = assess(result.text)
    if quality.chars < MIN_TEXT_CHARS:
        if page.verdict == "no_text":
            page.verdict = "blank"
            state.empty.append(page.number)
        return
    confidence = result.mean_confidence or 0.0
    if quality.is_garbage or confidence < MIN_PAGE_CONFIDENCE:
        # Junk read off junk (a mojibake layer renders as mojibake) must not pass for a
        # contract with every clause missing.
        page.ocr_error = (
            "it read debris too" if quality.is_garbage
            else f"it read only unreliable text (mean confidence {confidence:.0f}/100)"
        )
        if page.verdict != "usable":
            page.verdict = "garbage"
        return
    page.lines = result.lines
    page.tables = []
    page.confidence = result.confidence
    page.verdict = "usable"
    page.ocr = True
    page.turned = result.turned
    if result.width and result.height:
        page.width, page.height = result.width, result.height


def _renderer(pdf: pdfium.PdfDocument, number: int):
    from clausecheck.extract.ocr import DPI, MAX_PIXELS

    def render():
        page = pdf[number - 1]
        try:
            width, height = page.get_size()
            scale = DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = math.sqrt(MAX_PIXELS / max(width * height, 1.0))
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                image = bitmap.to_pil().convert("L")  # a copy: the bitmap's buffer is freed below
            finally:
                bitmap.close()
            return image, width, height
        finally:
            page.close()

    return render
