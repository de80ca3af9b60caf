"""Ruled tables: rulings from pdfium, cells by pdfplumber's table finder, text from pdfium.

pdfplumber finds a table's cells from the page's ruling lines (snap, join, intersect, the
Nurminen/Tabula method). Getting those lines through ``page.find_tables()`` costs a full
pdfminer parse of the page — a quarter of a second for a page of a report, far more than
pdfium's whole text. So pdfium first counts the page's thin line and rectangle objects
(:func:`scan_objects`); only a page with enough of them has its path segments read
(:func:`path_edges`), and those edges go through pdfplumber's own table algorithm
(:func:`find_tables`). The text of each cell comes from pdfium's characters, which read
CJK fonts that pdfminer misreads. Without pdfium (the damaged-file fallback),
:func:`plumber_tables` runs pdfplumber's finder on its own page.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as pdfium_c
from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

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


Point = tuple[float, float]


def path_edges(raw_page, to_page: Callable[[float, float], Point]) -> list[dict[str, Any]]:
    """Horizontal and vertical straight segments of the page's paths, as pdfplumber edges.

    ``to_page`` maps PDF user space to the top-left, rotated coordinates of the characters.
    Curves and slanted segments are skipped: they never bound a table cell.
    """
    edges: list[dict[str, Any]] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    for i in range(min(max(n, 0), _MAX_OBJECTS)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = prev = None
        for j in range(pdfium_c.FPDFPath_CountSegments(obj)):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj, j)
            if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                continue
            point = to_page(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
                start = prev = point
                continue
            if kind == pdfium_c.FPDF_SEGMENT_LINETO:
                _add_edge(edges, prev, point)
            prev = point
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                _add_edge(edges, prev, start)
                prev = start
    return edges


def _add_edge(edges: list[dict[str, Any]], p: Point, q: Point) -> None:
    x0, x1 = sorted((p[0], q[0]))
    top, bottom = sorted((p[1], q[1]))
    if bottom - top < 0.5 and x1 - x0 >= 1:
        mid = (top + bottom) / 2
        edges.append(_edge("h", x0, mid, x1, mid))
    elif x1 - x0 < 0.5 and bottom - top >= 1:
        mid = (x0 + x1) / 2
        edges.append(_edge("v", mid, top, mid, bottom))


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def find_tables(edges: list[dict[str, Any]]) -> list[Table]:
    """pdfplumber's table finder (default "lines" settings) on ready-made edges."""
    tol = plumber_table.DEFAULT_SNAP_TOLERANCE
    merged = plumber_table.merge_edges(edges, tol, tol, tol, tol)
    merged = filter_edges(merged, min_length=3)
    intersections = plumber_table.edges_to_intersections(merged, tol, tol)
    cells = plumber_table.intersections_to_cells(intersections)
    tables = []
    for group in plumber_table.cells_to_tables(cells):
        found = plumber_table.Table(None, group)  # type: ignore[arg-type]
        grid = [
            Cell(r, c, tuple(float(v) for v in bbox))  # type: ignore[arg-type]
            for r, row in enumerate(found.rows)
            for c, bbox in enumerate(row.cells)
            if bbox is not None
        ]
        if len(grid) >= 2:
            tables.append(Table(tuple(float(v) for v in found.bbox), grid))  # type: ignore[arg-type]
    return tables


def plumber_tables(plumber_page, *, to_crop: bool = True) -> list[Table]:
    """The ruled tables pdfplumber finds on a page, as cell grids (two cells at least).

    pdfplumber measures from the media box; with ``to_crop`` the boxes are moved to the
    visible page's top-left corner, where pdfium's characters are measured from.
    """
    dx, dy = (float(plumber_page.cropbox[0]), float(plumber_page.cropbox[1])) if to_crop else (0, 0)

    def move(b) -> tuple[float, float, float, float]:
        return (float(b[0]) - dx, float(b[1]) - dy, float(b[2]) - dx, float(b[3]) - dy)

    tables: list[Table] = []
    for found in plumber_page.find_tables():
        cells = [
            Cell(r, c, move(bbox))
            for r, row in enumerate(found.rows)
            for c, bbox in enumerate(row.cells)
            if bbox is not None
        ]
        if len(cells) >= 2:
            tables.append(Table(move(found.bbox), cells))
    return tables


def split_chars(chars: Iterable[Char], tables: list[Table]) -> list[Char]:
    """Move the characters inside the tables' cells into those cells; return the rest.

    A "table" with fewer than two cells holding text is a frame drawn around the page or a
    box around one value: its characters stay in the body, read as paragraphs.
    """
    chars = list(chars)
    if not tables:
        return chars
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
    frames = [t for t in tables if sum(1 for c in t.cells if any(not x.generated for x in c.chars)) < 2]
    if not frames:
        return body
    for table in tables:
        for cell in table.cells:
            cell.chars.clear()
    for table in frames:
        tables.remove(table)
    return split_chars(chars, tables)
