"""The annex checklist (檢查表) filled in from the findings, as XLSX and DOCX: same columns
and rows as the annex, Y/N/NA from the evidencing requirements, process rows left blank."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from test_report_common import contracts, result_for

from clausecheck.check import check
from clausecheck.cli import main
from clausecheck.report import render
from clausecheck.report.checklist import HEADERS, TITLE, load_checklist

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT.parent / "shared" / "spec" / "checklist.yaml"
BUNDLED = ROOT / "clausecheck" / "report" / "assets" / "checklist.yaml"


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


def test_bundled_checklist_is_the_spec():
    if not SPEC.is_file():
        pytest.skip(f"{SPEC} is not here (only the source tree has the spec folder)")
    assert BUNDLED.read_bytes() == SPEC.read_bytes()


def spec_rows() -> list[dict]:
    return yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))["rows"]


def expected(result, evidence: list[str]) -> tuple[str, str]:
    """(適用狀況, 執行結果) by the rule, written independently of the renderer."""
    if not evidence:
        return "", ""
    statuses = {f.id: f.status for f in result.findings}
    known = [statuses[i] for i in evidence if i in statuses]
    unknown = len(known) < len(evidence)
    applicable = [s for s in known if s != "not_applicable"]
    if not applicable:
        return ("N", "NA") if known and not unknown else ("", "")
    if any(s != "present" for s in applicable):
        return "Y", "N"
    return "Y", "" if unknown else "Y"


def check_rows(result, rows: list[tuple]) -> None:
    spec = spec_rows()
    assert len(rows) == len(spec) == 34
    ids = {f.id: f for f in result.findings}
    for got, want in zip(rows, spec, strict=True):
        stage, phase, item, text, applicable, outcome, note = (v or "" for v in got)
        assert (stage, phase, item, text) == (want["stage"], want["phase"], want["item"], want["text"])
        assert (applicable, outcome) == expected(result, want["evidence"]), want["text"]
        if not want["evidence"]:
            assert note == ""
            continue
        for rid in want["evidence"]:
            if rid in ids:
                assert f"（{rid}）" in note and ids[rid].title_zh in note
            else:
                assert rid in note  # listed as not checked
        assert "clausecheck" in note


def test_xlsx_rows_follow_the_annex(c, tmp_path):
    result = result_for(c, "docx")
    out = tmp_path / "checklist.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(render(result, "checklist", "zh", out)))
    ws = wb["檢查表"]
    assert ws["A1"].value == TITLE
    assert "contract.docx" in ws["A2"].value
    assert tuple(cell.value or "" for cell in ws[3]) == HEADERS
    check_rows(result, [tuple(cell.value for cell in row) for row in ws.iter_rows(min_row=4)])
    # the pinned requirements decide rows 9, 10 and 32 whatever else the library holds
    values = {i: (ws.cell(3 + i, 5).value, ws.cell(3 + i, 6).value) for i in (9, 10, 32)}
    assert values[9] == ("Y", "N")  # penalties_damages missing
    assert values[32] == ("Y", "N")  # exit_asset_return in conflict
    assert "第四條" in ws.cell(13, 7).value  # row 10 cites where the undertaking is
    evidence = wb["依據"]
    assert [c.value for c in evidence[1]] == ["項次", "要求", "狀態", "條文", "位置", "依據文字"]
    assert any(r[1] == "confidentiality_undertaking" and "保密切結書" in (r[5] or "")
               for r in evidence.iter_rows(min_row=2, values_only=True))


def test_docx_checklist_by_extension(c, tmp_path):
    result = result_for(c, "pdf")
    document = docx.Document(io.BytesIO(render(result, "checklist", "zh", tmp_path / "checklist.docx")))
    table = document.tables[0]
    head = [cell.text for cell in table.rows[0].cells]
    assert head[0] == "執行階段" and head[1:4] == ["執行事項"] * 3 and head[4:] == list(HEADERS[4:])
    check_rows(result, [tuple(cell.text for cell in row.cells) for row in table.rows[1:]])


def test_not_applicable_rows_and_tier2(c, tmp_path):
    result = result_for(c, "docx", tier=2)
    wb = openpyxl.load_workbook(io.BytesIO(render(result, "checklist", "zh", None)))
    check_rows(result, [tuple(cell.value for cell in row) for row in wb["檢查表"].iter_rows(min_row=4)])


def test_unreadable_document_leaves_everything_blank(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    wb = openpyxl.load_workbook(io.BytesIO(render(check(empty), "checklist", "zh", None)))
    ws = wb["檢查表"]
    assert "未能檢核" in ws["A2"].value
    assert all(not any(row[4:]) for row in ws.iter_rows(min_row=4, values_only=True))


@pytest.mark.parametrize("name,kind", [("c.xlsx", "xl/workbook.xml"), ("c.docx", "word/document.xml"),
                                       ("c.out", "xl/workbook.xml")])
def test_cli_picks_the_format_by_extension(c, tmp_path, capsys, name, kind):
    out = tmp_path / name
    code = main(["check", str(c.docx), "--library", str(c.overlay), "--format", "checklist", "-o", str(out),
                 "--fail-on", "never"])
    capsys.readouterr()
    assert code == 0
    assert kind in zipfile.ZipFile(out).namelist()


def test_checklist_loader_keeps_every_row():
    rows = load_checklist()["rows"]
    assert len(rows) == 34 and all({"stage", "phase", "item", "text", "evidence"} <= set(r) for r in rows)
