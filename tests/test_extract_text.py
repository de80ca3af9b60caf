"""Plain text in the encodings archives keep it in; lines and article paths survive."""

from __future__ import annotations

import codecs

import pytest

from clausecheck.extract import extract

TEXT = "資訊系統維護合約書\r\n第一條　合約期間\r\n本合約期間自民國一一四年一月一日起為期三年。\r\n第二條　保密義務\r\n乙方對甲方之資料應負保密責任，臺北地方法院為管轄法院。\r\n"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""),
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-16-le", b""),  # no BOM: detected from the NUL pattern
        ("cp950", b""),  # Big5 archives
        ("gb18030", b""),
    ],
)
def test_encodings_are_detected_and_every_character_recovered(tmp_path, encoding, prefix):
    source = TEXT if encoding != "gb18030" else TEXT.replace("臺北", "台北")
    path = tmp_path / "contract.txt"
    path.write_bytes(prefix + source.encode(encoding))
    doc = extract(path)
    assert doc.status == "ok"
    expected = [ln for ln in source.replace("\r\n", "\n").split("\n") if ln]
    assert [b.text for b in doc.blocks] == expected
    assert doc.blocks[4].location.line == 5
    assert doc.blocks[4].article_path == ["第二條"] and doc.blocks[4].section_title == "保密義務"
    if encoding not in ("utf-8",):
        assert any(encoding.split("-")[0] in w.replace("_", "-") or "decoded" in w for w in doc.warnings) or prefix


def test_markdown_tables_become_cells_of_one_row(tmp_path):
    path = tmp_path / "c.md"
    path.write_text("# 合約\n| 項目 | 內容 |\n|---|---|\n| 保固期間 | 驗收後一年 |\n", encoding="utf-8")
    doc = extract(path)
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert [c.text for c in cells] == ["項目", "內容", "保固期間", "驗收後一年"]
    assert cells[2].location.row == cells[3].location.row != cells[0].location.row
