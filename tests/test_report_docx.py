"""The annotated Word report: one review comment per requirement the contract speaks to,
anchored on the paragraph (or table cell) of its evidence, a closing section with the missing
requirements' suggested clauses, and the original file untouched."""

from __future__ import annotations

import io
import re

import docx
import pytest
from test_report_common import contracts, result_for, sha256

from clausecheck.cli import main
from clausecheck.report import render
from clausecheck.report.common import FOUND, block_of, primary_evidence
from clausecheck.report.docx_report import AUTHOR

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def anchors(document) -> dict[int, object]:
    """comment id → the w:p element holding its range start."""
    out = {}
    for p in document.element.body.iter(f"{W}p"):
        for start in p.iter(f"{W}commentRangeStart"):
            out[int(start.get(f"{W}id"))] = p
    return out


def para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def in_block(result, ev) -> str:
    """The matched words inside the evidence's own block (a match may run into the next cell)."""
    block = block_of(result, ev)
    return result.document.text[ev.start:min(ev.end, block.end)]


def check_annotations(result, data: bytes) -> docx.document.Document:
    document = docx.Document(io.BytesIO(data))
    comments = list(document.comments)
    found = [f for f in result.findings if f.status in FOUND]
    assert len(comments) == len(found)
    where = anchors(document)
    by_id = {}
    for cm in comments:
        assert cm.author == AUTHOR
        rid = re.search(r"\(([a-z_]+);", cm.text).group(1)
        by_id[rid] = cm
    assert set(by_id) == {f.id for f in found}
    for f in found:
        cm = by_id[f.id]
        p = where[cm.comment_id]
        ev = primary_evidence(f)
        assert squeeze(in_block(result, ev)) in squeeze(para_text(p)), (f.id, ev.quote, para_text(p))
        if f.status == "weak":
            assert all(m in cm.text for m in f.missing_elements)
        if f.status in ("weak", "conflict"):
            assert f.suggestion("zh")[:15] in cm.text
    return document


def closing_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    start = next(i for i, t in enumerate(texts) if t.startswith("clausecheck 檢核"))
    return "\n".join(texts[start:])


def test_docx_input_gets_comments_on_a_copy(c, tmp_path):
    result = result_for(c, "docx")
    before = sha256(c.docx)
    out = tmp_path / "annotated.docx"
    data = render(result, "docx", "zh", out)
    assert sha256(c.docx) == before
    document = check_annotations(result, data)
    # the copy keeps the contract's own paragraphs, in order, before the closing section
    original = [p.text for p in docx.Document(str(c.docx)).paragraphs]
    assert [p.text for p in document.paragraphs][: len(original)] == original
    # the SLA evidence sits in a table: its comment is anchored inside a cell
    sla = next(cm for cm in document.comments if "(service_levels;" in cm.text)
    p = anchors(document)[sla.comment_id]
    assert any(a.tag == f"{W}tc" for a in p.iterancestors())
    closing = closing_text(document)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2" and p.text.startswith("✘ ")]
    missing = [f for f in result.findings if f.status == "missing"]
    assert headings == [f"✘ {f.title('zh')}" for f in missing]
    assert all(f.suggestion("zh") in closing for f in missing)


def test_pdf_input_becomes_a_new_annotated_document(c, tmp_path):
    result = result_for(c, "pdf")
    data = render(result, "docx", "en", tmp_path / "annotated.docx")
    document = docx.Document(io.BytesIO(data))
    body = squeeze("".join(para_text(p) for p in document.element.body.iter(f"{W}p")))
    for block in result.document.blocks:
        assert squeeze(block.text) in body
    assert document.tables, "the PDF's table is rebuilt as a Word table"
    comments = list(document.comments)
    assert len(comments) == sum(f.status in FOUND for f in result.findings)
    assert all(cm.text.startswith("clausecheck — ") for cm in comments)
    where = anchors(document)
    for cm in comments:
        rid = re.search(r"\(([a-z_]+);", cm.text).group(1)
        ev = primary_evidence(result.finding(rid))
        assert squeeze(in_block(result, ev)) in squeeze(para_text(where[cm.comment_id]))
    assert any(p.text == "clausecheck review: missing requirements" for p in document.paragraphs)


def test_cli_writes_docx_and_never_overwrites_the_contract(c, tmp_path, capsys):
    copy = tmp_path / "draft.docx"
    copy.write_bytes(c.docx.read_bytes())
    before = sha256(copy)
    out = tmp_path / "review.docx"
    code = main(["check", str(copy), "--library", str(c.overlay), "--scope", "over_one_year,development",
                 "--format", "docx", "-o", str(out), "--fail-on", "never"])
    assert code == 0 and out.is_file()
    check_annotations(result_for(c, "docx"), out.read_bytes())
    code = main(["check", str(copy), "--library", str(c.overlay), "--format", "docx", "-o", str(copy)])
    _, err = capsys.readouterr()
    assert code == 2 and "the contract itself" in err
    assert sha256(copy) == before


def test_a_changed_contract_is_rebuilt_not_mis_annotated(c, tmp_path):
    """If the file changed after the check, offsets no longer fit it: rebuild from the text."""
    import copy as _copy

    result = _copy.copy(result_for(c, "docx"))
    result.document = _copy.copy(result.document)
    moved = tmp_path / "moved.docx"
    moved.write_bytes(c.docx.read_bytes() + b"")
    result.document.path = str(moved)
    result.document.sha256 = "0" * 64
    document = docx.Document(io.BytesIO(render(result, "docx", "zh", tmp_path / "o.docx")))
    assert "擷取之文字重建" in document.paragraphs[0].text
    assert len(list(document.comments)) == sum(f.status in FOUND for f in result.findings)
