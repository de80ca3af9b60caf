"""A table that runs over a page break is one table: repeated header dropped, split row joined."""

from __future__ import annotations

from clausecheck.extract.pdf_table_pages import join_page_split_tables
from clausecheck.model import Block, Location

from conftest import SAMPLES

COLS = [(60.0, 290.0), (290.0, 520.0)]


def cell(page: int, table: int, row: int, col: int, text: str, cols=COLS) -> Block:
    x0, x1 = cols[col]
    return Block("table_cell", text, Location(page=page, bbox=(x0, 100.0 + row, x1, 110.0 + row),
                                              table=table, row=row, col=col))


def para(page: int, text: str) -> Block:
    return Block("paragraph", text, Location(page=page, bbox=(60.0, 50.0, 520.0, 60.0)))


def rows(blocks):
    out: dict[tuple[int, int], dict[int, str]] = {}
    for b in blocks:
        if b.kind == "table_cell":
            out.setdefault((b.location.table, b.location.row), {})[b.location.col] = b.text
    return out


def test_repeated_header_dropped_and_split_row_joined():
    blocks = [
        para(1, "第五條 主要條款"),
        cell(1, 0, 0, 0, "項目"), cell(1, 0, 0, 1, "內容"),
        cell(1, 0, 1, 0, "稽核"), cell(1, 0, 1, 1, "甲方得每年至少一次，或於知悉乙方發生資安"),
        cell(2, 1, 0, 0, "項目"), cell(2, 1, 0, 1, "內容"),
        cell(2, 1, 1, 1, "事件時，對乙方進行稽核。"),
        cell(2, 1, 2, 0, "分包"), cell(2, 1, 2, 1, "乙方不得分包。"),
        para(2, "第六條 其他"),
        cell(2, 2, 0, 0, "甲"), cell(2, 2, 0, 1, "乙"),
    ]
    out = join_page_split_tables(blocks, set())
    assert rows(out) == {
        (0, 0): {0: "項目", 1: "內容"},
        (0, 1): {0: "稽核", 1: "甲方得每年至少一次，或於知悉乙方發生資安事件時，對乙方進行稽核。"},
        (0, 2): {0: "分包", 1: "乙方不得分包。"},
        (1, 0): {0: "甲", 1: "乙"},  # renumbered: the second page's table was joined to the first
    }
    assert [b.text for b in out if b.kind == "paragraph"] == ["第五條 主要條款", "第六條 其他"]


def test_latin_split_rows_keep_a_space():
    blocks = [
        cell(1, 0, 0, 0, "Audit"), cell(1, 0, 0, 1, "The Customer may audit the Supplier at"),
        cell(2, 1, 0, 1, "least once a year."),
    ]
    out = join_page_split_tables(blocks, set())
    assert rows(out)[(0, 0)][1] == "The Customer may audit the Supplier at least once a year."


def test_tables_are_not_joined_across_text_other_columns_or_a_page_gap():
    other_cols = [(60.0, 200.0), (200.0, 520.0)]
    cases = [
        [cell(1, 0, 0, 0, "a"), cell(1, 0, 0, 1, "b"), para(2, "text between"), cell(2, 1, 0, 1, "c")],
        [cell(1, 0, 0, 0, "a"), cell(1, 0, 0, 1, "b"), cell(2, 1, 0, 1, "c", cols=other_cols)],
        [cell(1, 0, 0, 0, "a"), cell(1, 0, 0, 1, "b"), cell(3, 1, 0, 1, "c")],
    ]
    for blocks in cases:
        out = join_page_split_tables(blocks, set())
        assert {b.location.table for b in out if b.kind == "table_cell"} == {0, 1}
        assert rows(out)[(1, 0)] == {1: "c"}


def test_a_sample_pdf_whose_table_breaks_over_a_page():
    """tables_key_terms.pdf: LibreOffice breaks the key-terms table inside the 稽核 row."""
    from clausecheck.extract import extract

    doc = extract(SAMPLES / "tables_key_terms.pdf")
    texts = [b.text for b in doc.blocks if b.kind == "table_cell"]
    assert any(t.startswith("甲方或其委託之第三方得每年至少一次") and t.endswith("乙方不得拒絕。") for t in texts)
    assert texts.count("項目") == 1
