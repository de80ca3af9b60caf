"""`clausecheck extract`: what the tool read, as a reader sees it, and the blocks as JSON."""

from __future__ import annotations

import json

import pytest

from clausecheck.cli import main

from conftest import SAMPLES


def _sample(ext: str):
    path = SAMPLES / f"auto_numbered_articles.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} not built (make samples)")
    return path


def test_text_shows_rebuilt_word_numbering(capsys):
    assert main(["extract", str(_sample("docx"))]) == 0
    out = capsys.readouterr().out
    assert "第一條" in out and "第三條" in out  # only in Word's numbering.xml, not in the runs


@pytest.mark.parametrize("ext", ["docx", "pdf"])
def test_json_blocks_have_locations_paths_and_offsets(capsys, ext):
    assert main(["extract", str(_sample(ext)), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["status"] == "ok" and doc["sha256"]
    blocks = doc["blocks"]
    assert blocks
    text_end = 0
    for b in blocks:
        assert b["end"] - b["start"] == len(b["text"]) and b["start"] >= text_end
        text_end = b["end"]
    loc_key = "page" if ext == "pdf" else "paragraph"
    assert all(loc_key in b["location"] or b["kind"] == "table_cell" for b in blocks)
    assert any(b["article_path"][:1] == ["第三條"] for b in blocks)


def test_unreadable_input_exits_3(tmp_path, capsys):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n%broken")
    assert main(["extract", str(bad)]) == 3
    assert "clausecheck:" in capsys.readouterr().err
