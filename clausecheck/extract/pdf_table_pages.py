"""Tables that run over a page break, put back together.

Word and LibreOffice break a long table at the page end: the next page starts a new ruled
table, often with the header row repeated, and a row that did not fit is split — its first
part at the foot of one page, the rest (with an empty label cell) at the top of the next. Read
page by page, 「稽核｜甲方…得每年至少一次，或於知悉…之資安」 and 「｜事件時，對乙方進行稽核…」
become two rows, and the second has lost its label. Here the second page's table continues
the first: a repeated header row is dropped, a split row is joined to the row it belongs to,
and the rest are numbered on as rows of the same table.
"""

from __future__ import annotations

from itertools import groupby

from clausecheck.extract.pdf_layout import join_lines
from clausecheck.model import Block

_X_TOLERANCE = 3.0  # points: the same column on two pages


def join_page_split_tables(blocks: list[Block], words: set[str]) -> list[Block]:
    """``blocks`` in reading order; returns them with split tables joined and tables renumbered."""
    runs = [list(group) for _, group in groupby(blocks, key=lambda b: (b.kind == "table_cell", b.location.table))]
    out: list[Block] = []
    previous: list[Block] | None = None  # the table just emitted, if nothing came after it
    for run in runs:
        if run[0].kind != "table_cell":
            out.extend(run)
            previous = None
        elif previous is not None and _continues(previous, run):
            kept = _continue(previous, run, words)
            out.extend(kept)
            previous = previous + kept  # the same table, one page longer
        else:
            out.extend(run)
            previous = run
    _renumber(out)
    return out


def _rows(run: list[Block]) -> dict[int, dict[int, Block]]:
    rows: dict[int, dict[int, Block]] = {}
    for b in run:
        rows.setdefault(b.location.row or 0, {})[b.location.col or 0] = b
    return rows


def _columns(run: list[Block]) -> list[tuple[int, float, float]]:
    seen: dict[int, tuple[float, float]] = {}
    for b in run:
        if b.location.bbox is not None:
            seen.setdefault(b.location.col or 0, (b.location.bbox[0], b.location.bbox[2]))
    return sorted((c, x0, x1) for c, (x0, x1) in seen.items())


def _continues(prev: list[Block], run: list[Block]) -> bool:
    """The next page's first table, its columns at the places of the previous page's."""
    if run[0].location.page != max(b.location.page or 0 for b in prev) + 1:
        return False
    a = {c: (x0, x1) for c, x0, x1 in _columns(prev)}
    b = _columns(run)  # a page of only a split row's tail may lack the label column
    return bool(b) and all(c in a and abs(x0 - a[c][0]) <= _X_TOLERANCE and abs(x1 - a[c][1]) <= _X_TOLERANCE
                           for c, x0, x1 in b)


def _continue(prev: list[Block], run: list[Block], words: set[str]) -> list[Block]:
    """The cells of ``run`` that remain, relabelled as rows of ``prev``'s table; a split row's
    text is appended to ``prev``'s last row in place."""
    prev_rows, rows = _rows(prev), _rows(run)
    order = sorted(rows)
    first_prev = prev_rows[min(prev_rows)]
    if order and {c: b.text for c, b in rows[order[0]].items()} == {c: b.text for c, b in first_prev.items()}:
        order = order[1:]  # the header row, repeated
    last_prev = prev_rows[max(prev_rows)]
    if order and 0 not in rows[order[0]] and 0 in last_prev:
        for col, cell in rows[order[0]].items():
            if col in last_prev:
                last_prev[col].text = join_lines([last_prev[col].text, cell.text], words)
        order = order[1:]
    table, next_row = prev[0].location.table, max(prev_rows) + 1
    kept: list[Block] = []
    for i, r in enumerate(order):
        for cell in sorted(rows[r].values(), key=lambda b: b.location.col or 0):
            cell.location.table = table
            cell.location.row = next_row + i
            kept.append(cell)
    return kept


def _renumber(blocks: list[Block]) -> None:
    """Tables numbered 0, 1, 2… in order again after some were joined."""
    mapping: dict[int, int] = {}
    for b in blocks:
        t = b.location.table
        if b.kind == "table_cell" and t is not None:
            b.location.table = mapping.setdefault(t, len(mapping))
