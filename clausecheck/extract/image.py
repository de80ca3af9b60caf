"""Image files (PNG, JPEG, TIFF — a fax or a scanner's multi-page TIFF): read by OCR.

Each frame is a page. The frames go through the OCR step and then the same block rules as a
scanned PDF (:func:`clausecheck.extract.pdf.build_document`), so a clause that runs over two
frames comes back whole and a running header is set apart. Without OCR (``--ocr never``, or
no Tesseract) the document is reported as ``needs_ocr``, with the reason.
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

from clausecheck.errors import InputError, MissingToolError
from clausecheck.extract.limits import Deadline, Limits
from clausecheck.model import Document


def extract_image(path: Path, *, ocr: str, limits: Limits, deadline: Deadline) -> Document:
    from PIL import Image, UnidentifiedImageError

    from clausecheck.extract.ocr import OcrRun, image_pages
    from clausecheck.extract.pdf import Page, build_document
    from clausecheck.extract.pdf_ocr import OcrState, apply_ocr
    from clausecheck.extract.pdf_status import note_cut

    doc = Document(path=str(path), format="image")
    stack = contextlib.ExitStack()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            total, pages = stack.enter_context(image_pages(path, limits.max_pages))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InputError(f"{path}: the image is too large to read ({exc})", status="too_large") from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise InputError(f"{path}: is a damaged or unsupported image ({exc})", status="unreadable") from None
    with stack:
        doc.pages = total
        if ocr == "never":
            return _needs_ocr(doc, "the file is an image; OCR is needed to read it (OCR is off: --ocr never)")
        try:
            run = OcrRun(deadline)
        except MissingToolError as exc:
            return _needs_ocr(doc, f"the file is an image; {exc}")
        results = run.read(pages)
    page_list: list[Page] = []
    state = OcrState(ocr, languages=run.languages, ran_out=deadline.hit)
    for number, result in results.items():
        page = Page(number, result.width, result.height, verdict="no_text")
        apply_ocr(page, result, state)
        page_list.append(page)
    note_cut(doc, total, len(page_list), limits.max_pages, deadline, unit="page")
    build_document(doc, page_list, state)
    return doc.finish()


def _needs_ocr(doc: Document, message: str) -> Document:
    doc.status = "needs_ocr"
    doc.warn(message)
    return doc.finish()
