"""Ruled tables: found cheaply with pdfium, cut into cells by pdfplumber, filled by pdfium.

pdfplumber's table finder needs pdfminer's full layout of a page, which costs far more
than pdfium's text; most contract pages have no table. So pdfium first counts the page's
thin line and rectangle objects (:func:`scan_objects`), and only a page with enough of
them is given to pdfplumber for its cell grid. The text of each cell still comes from
pdfium's characters, which read CJK fonts that pdfminer misreads.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Iterable
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

from clausecheck.extract.pdf_layout import Char

#: Thin path objects (or rectangle edges) a page needs before pdfplumber looks for tables.
MIN_RULINGS = 4
_MAX_OBJECTS = 20_000


@dataclass
class PageObjects:
    """What a page draws besides text: how much of it images cover, and its rulings."""

    image_coverage: float = 0.0
    rulings: int = 0

    @property
    def may_have_table(self) -> bool:
        return self.rulings >= MIN_RULINGS


@dataclass
class Cell:
    row: int
    col: int
    bbox: tuple[float, float, float, float]
    chars: list[Char] = field(default_factory=list)


@dataclass
class Table:
    bbox: tuple[float, float, float, float]
    cells: list[Cell]
    _row_tops: list[float] = field(default_factory=list, repr=False)
    _rows: list[list[Cell]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        rows: dict[float, list[Cell]] = {}
        for cell in self.cells:
            rows.setdefault(cell.bbox[1], []).append(cell)
        self._row_tops = sorted(rows)
        self._rows = [sorted(rows[t], key=lambda c: c.bbox[0]) for t in self._row_tops]

    def contains(self, x: float, y: float, tol: float = 1.0) -> bool:
        x0, top, x1, bottom = self.bbox
        return x0 - tol <= x <= x1 + tol and top - tol <= y <= bottom + tol

    def cell_at(self, x: float, y: float) -> Cell | None:
        i = bisect.bisect_right(self._row_tops, y + 0.5) - 1
        for r in (i, i - 1):
            if r < 0:
                continue
            for cell in self._rows[r]:
                x0, top, x1, bottom = cell.bbox
                if x0 - 0.5 <= x <= x1 + 0.5 and top - 0.5 <= y <= bottom + 0.5:
                    return cell
        return None


def _bounds(obj) -> tuple[float, float, float, float] | None:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    ok = pdfium_c.FPDFPageObj_GetBounds(
        obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
    )
    if not ok:
        return None
    return left.value, bottom.value, right.value, top.value


def _form_has_image(form, depth: int = 0) -> bool:
    n = pdfium_c.FPDFFormObj_CountObjects(form)
    for i in range(min(max(n, 0), _MAX_OBJECTS)):
        obj = pdfium_c.FPDFFormObj_GetObject(form, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            return True
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3 and _form_has_image(obj, depth + 1):
            return True
    return False


def scan_objects(raw_page, crop: tuple[float, float, float, float]) -> PageObjects:
    """Count image coverage and ruling-like path objects with pdfium's raw API (cheap)."""
    cl, cb, cr, ct = crop
    page_area = max((cr - cl) * (ct - cb), 1.0)
    image_area = 0.0
    rulings = 0
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    for i in range(min(max(n, 0), _MAX_OBJECTS)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            b = _bounds(obj)
            if b is None:
                continue
            w, h = b[2] - b[0], b[3] - b[1]
            if (h <= 3 and w >= 8) or (w <= 3 and h >= 8):
                rulings += 1
            elif w >= 8 and h >= 8:
                rulings += 2
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE or (
            kind == pdfium_c.FPDF_PAGEOBJ_FORM and _form_has_image(obj)
        ):
            b = _bounds(obj)
            if b is None:
                continue
            w = max(0.0, min(b[2], cr) - max(b[0], cl))
            h = max(0.0, min(b[3], ct) - max(b[1], cb))
            image_area += w * h
    return PageObjects(image_coverage=min(image_area / page_area, 1.0), rulings=rulings)


def plumber_tables(plumber_page) -> list[Table]:
    """The ruled tables pdfplumber finds on a page, as cell grids (two cells at least)."""
    tables: list[Table] = []
    for found in plumber_page.find_tables():
        cells = [
            Cell(r, c, tuple(float(v) for v in bbox))  # type: ignore[arg-type]
            for r, row in enumerate(found.rows)
            for c, bbox in enumerate(row.cells)
            if bbox is not None
        ]
        if len(cells) >= 2:
            tables.append(Table(tuple(float(v) for v in found.bbox), cells))  # type: ignore[arg-type]
    return tables


def split_chars(chars: Iterable[Char], tables: list[Table]) -> list[Char]:
    """Move the characters inside the tables' cells into those cells; return the rest."""
    if not tables:
        return list(chars)
    body: list[Char] = []
    last_in: Cell | None = None
    for ch in chars:
        if ch.generated:
            (last_in.chars if last_in is not None else body).append(ch)
            continue
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        cell = None
        for table in tables:
            if table.contains(cx, cy):
                cell = table.cell_at(cx, cy)
                if cell is not None:
                    break
        if cell is None:
            body.append(ch)
        else:
            cell.chars.append(ch)
        last_in = cell
    return body
