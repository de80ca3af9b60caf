"""The rule's annex, 期貨業資訊委外之資安應注意事項檢查表, filled in from the findings.

Reviewers file one checklist per outsourcing case. Rows a contract can evidence (those whose
``evidence`` lists requirement ids, see ``assets/checklist.yaml``, a copy of the spec's
checklist) get 適用狀況 and 執行結果 from the findings of those requirements:

* 執行結果 **NA** (適用狀況 N) when every evidencing requirement is not applicable;
* **Y** when every applicable one is present;
* **N** when an applicable one is weak, missing or in conflict;
* left blank when some evidencing requirement was not checked (it is not in the library in
  use) and the others do not already make it N, because neither Y nor NA can be claimed.

執行說明與日期 cites each requirement's status and where its evidence is. Process rows (project
staffing, vendor selection…) stay blank for the reviewer. XLSX by default, DOCX when
``--output`` ends in ``.docx``; same columns and order as the annex either way.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from clausecheck.report.common import doc_name, primary_evidence, profile_label, where
from clausecheck.result import CheckResult, Finding

TITLE = "期貨業資訊委外之資安應注意事項檢查表"
HEADERS = ("執行階段", "執行事項", "", "", "適用狀況(Y/N)", "執行結果(Y/N/NA)", "執行說明與日期")
STATUS_ZH = {"present": "符合", "weak": "不完整", "missing": "缺漏", "conflict": "牴觸",
             "not_applicable": "不適用"}


@lru_cache(maxsize=1)
def load_checklist() -> dict[str, Any]:
    """The annex as data (bundled; the package never reads the spec folder at run time)."""
    text = (resources.files("clausecheck.report") / "assets" / "checklist.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass
class Row:
    no: int
    stage: str
    phase: str
    item: str
    text: str
    evidence: list[str]
    applicable: str = ""  # Y | N | ""
    outcome: str = ""  # Y | N | NA | ""
    note: str = ""
    findings: list[Finding] = field(default_factory=list)

    @property
    def cells(self) -> tuple[str, ...]:
        """The row as the annex lays it out."""
        return (self.stage, self.phase, self.item, self.text, self.applicable, self.outcome, self.note)


def fill(result: CheckResult) -> list[Row]:
    """Every row of the annex, in order, with what the contract shows."""
    today = date.today().isoformat()
    by_id = {f.id: f for f in result.findings}
    rows: list[Row] = []
    # (``no`` is not read: YAML 1.1 takes the key ``no`` for false. Rows are in annex order.)
    for no, raw in enumerate(load_checklist()["rows"], start=1):
        row = Row(no, raw["stage"], raw["phase"], raw["item"], raw["text"], list(raw["evidence"]))
        rows.append(row)
        if not row.evidence or not result.document.checkable:
            continue
        row.findings = [by_id[i] for i in row.evidence if i in by_id]
        unchecked = [i for i in row.evidence if i not in by_id]
        applicable = [f for f in row.findings if f.status != "not_applicable"]
        if row.findings and not applicable:
            if not unchecked:
                row.applicable, row.outcome = "N", "NA"
        elif applicable:
            row.applicable = "Y"
            if any(f.status != "present" for f in applicable):
                row.outcome = "N"
            elif not unchecked:
                row.outcome = "Y"
        notes = [_note(result, f) for f in row.findings]
        if unchecked:
            notes.append("未檢核：" + "、".join(unchecked))
        notes.append(f"clausecheck {today}")
        row.note = "\n".join(notes)
    return rows


def _note(result: CheckResult, f: Finding) -> str:
    text = f"{f.title_zh}（{f.id}）：{STATUS_ZH[f.status]}"
    ev = primary_evidence(f) if f.status != "not_applicable" else None
    if ev is not None:
        text += f"，見{where(result, ev, 'zh')}"
    return text


def render(result: CheckResult, lang: str = "zh", output: Path | None = None, **_: object) -> bytes:
    """The annex is a zh-Hant form; ``lang`` does not translate it."""
    rows = fill(result)
    if output is not None and Path(output).suffix.lower() == ".docx":
        return _docx(result, rows)
    return _xlsx(result, rows)


def _subtitle(result: CheckResult) -> str:
    status = "" if result.document.checkable else f"（未能檢核：{result.document.status}）"
    return f"業務項目：{doc_name(result)}　適用對象：{profile_label(result, 'zh')}{status}"


# -- XLSX ------------------------------------------------------------------------------------

FILL = {"Y": "E6F4EA", "N": "FDECEA", "NA": "F1F2F4"}
WIDTHS = (14, 12, 18, 48, 10, 12, 56)
FIRST_ROW = 4  # rows 1-3: title, subtitle, header


def _xlsx(result: CheckResult, rows: list[Row]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "檢查表"
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([TITLE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_subtitle(result)])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(HEADERS))
    ws.append(list(HEADERS))
    ws.merge_cells(start_row=3, start_column=2, end_row=3, end_column=4)
    for col in range(1, len(HEADERS) + 1):
        cell = ws.cell(row=3, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE3EA")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    for row in rows:
        ws.append(list(row.cells))
        r = ws.max_row
        for col in range(1, len(HEADERS) + 1):
            cell = ws.cell(row=r, column=col)
            cell.alignment = wrap
            cell.border = border
        for col, value in ((5, row.applicable), (6, row.outcome)):
            cell = ws.cell(row=r, column=col)
            cell.alignment = Alignment(horizontal="center", vertical="top")
            if value in FILL:
                cell.fill = PatternFill("solid", fgColor=FILL[value])
    last = FIRST_ROW + len(rows) - 1
    for col, values in ((5, '"Y,N"'), (6, '"Y,N,NA"')):
        dv = DataValidation(type="list", formula1=values, allow_blank=True)
        ws.add_data_validation(dv)
        letter = get_column_letter(col)
        dv.add(f"{letter}{FIRST_ROW}:{letter}{last}")
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    _evidence_sheet(wb, result, rows)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _evidence_sheet(wb, result: CheckResult, rows: list[Row]) -> None:
    """A second sheet tracing each filled row to its requirements and evidence text."""
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet("依據")
    ws.append(["項次", "要求", "狀態", "條文", "位置", "依據文字"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        for f in row.findings:
            ev = primary_evidence(f) if f.status != "not_applicable" else None
            text = "" if ev is None or result.redacted else " ".join(ev.text.split())
            ws.append([row.no, f.id, STATUS_ZH[f.status], "、".join(f.citation),
                       where(result, ev, "zh") if ev is not None else "", text])
    for i, width in enumerate((6, 28, 8, 16, 28, 70), start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


# -- DOCX ------------------------------------------------------------------------------------


def _docx(result: CheckResult, rows: list[Row]) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    d.add_heading(TITLE, level=1)
    d.add_paragraph(_subtitle(result))
    table = d.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    head = table.rows[0].cells
    for i, text in enumerate(HEADERS):
        head[i].text = text
    head[1].merge(head[3])
    head[1].text = HEADERS[1]
    for cell in table.rows[0].cells:
        for run in (r for p in cell.paragraphs for r in p.runs):
            run.bold = True
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for row in rows:
        cells = table.add_row().cells
        for i, value in enumerate(row.cells):
            cells[i].text = value
            for run in (r for p in cells[i].paragraphs for r in p.runs):
                run.font.size = Pt(9)
    for i, width in enumerate((2.6, 2.2, 3.2, 7.5, 1.8, 2.0, 7.2)):
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()
