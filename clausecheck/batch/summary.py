"""Archive-level outputs from the results store: the summary table (CSV or colour-coded,
filterable XLSX) and an HTML dashboard of what is most often missing and which contracts are
worst."""

from __future__ import annotations

import csv
import html
from collections import Counter
from pathlib import Path
from typing import Any

from clausecheck.report.labels import STATUS

FILL = {"present": "C6EFCE", "weak": "FFEB9C", "missing": "FFC7CE", "conflict": "E4C1F9", "not_applicable": "EDEDED"}
COUNTS = ("present", "weak", "missing", "conflict", "not_applicable")


def _columns(rows: list[dict[str, Any]], ids: list[str]) -> list[str]:
    return ["path", "profile", "outcome", "document_status", *COUNTS, "error", *ids]


def _record(row: dict[str, Any], ids: list[str]) -> list[Any]:
    summary = row.get("summary") or {}
    statuses = row.get("statuses") or {}
    return [
        row["path"], row.get("profile") or "", row.get("outcome") or "", row.get("status") or "",
        *[summary.get(c, "") if summary else "" for c in COUNTS],
        row.get("error") or "",
        *[statuses.get(i, "") for i in ids],
    ]


def write_summary(rows: list[dict[str, Any]], ids: list[str], dest: str | Path) -> Path:
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    header = _columns(rows, ids)
    if dest.suffix.lower() == ".csv":
        with open(dest, "w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(header)
            for row in rows:
                w.writerow(_record(row, ids))
        return dest
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "contracts"
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    fills = {k: PatternFill("solid", fgColor=v) for k, v in FILL.items()}
    first_req = len(header) - len(ids) + 1
    for row in rows:
        ws.append(_record(row, ids))
        r = ws.max_row
        for c in range(first_req, len(header) + 1):
            cell = ws.cell(row=r, column=c)
            if cell.value in fills:
                cell.fill = fills[cell.value]
        if row.get("outcome") == "failed":
            ws.cell(row=r, column=3).fill = fills["missing"]
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
    ws.column_dimensions["A"].width = 60
    wb.save(dest)
    return dest


def write_dashboard(rows: list[dict[str, Any]], titles: dict[str, str], dest: str | Path, lang: str = "zh") -> Path:
    """One self-contained HTML page: requirements most often missing or weak across the
    archive, the worst contracts, and the failures with their reasons."""
    dest = Path(dest)
    checked = [r for r in rows if r.get("outcome") in ("checked", "duplicate") and r.get("statuses")]
    failed = [r for r in rows if r.get("outcome") == "failed"]
    gaps: Counter[str] = Counter()
    weak: Counter[str] = Counter()
    for r in checked:
        for rid, st in r["statuses"].items():
            if st in ("missing", "conflict"):
                gaps[rid] += 1
            elif st == "weak":
                weak[rid] += 1
    worst = sorted(
        checked,
        key=lambda r: -((r["summary"] or {}).get("missing", 0) + (r["summary"] or {}).get("conflict", 0) * 2
                        + (r["summary"] or {}).get("weak", 0) * 0.5),
    )[:25]
    e = html.escape
    n = max(len(checked), 1)
    req_rows = "".join(
        f"<tr><td>{e(rid)}</td><td>{e(titles.get(rid, ''))}</td><td>{gaps[rid]}</td><td>{weak[rid]}</td>"
        f"<td><div class=bar style='width:{int(200 * gaps[rid] / n)}px'></div></td></tr>"
        for rid in sorted(set(gaps) | set(weak), key=lambda k: (-gaps[k], -weak[k]))
    )
    worst_rows = "".join(
        f"<tr><td>{e(r['path'])}</td><td>{e(r.get('profile') or '')}</td>"
        + "".join(f"<td class={c}>{(r['summary'] or {}).get(c, 0)}</td>" for c in COUNTS)
        + "</tr>"
        for r in worst
    )
    fail_rows = "".join(
        f"<tr><td>{e(r['path'])}</td><td>{e(r.get('status') or '')}</td><td>{e(r.get('error') or '')}</td></tr>"
        for r in failed
    )
    heads = "".join(f"<th>{e(STATUS[lang][c])}</th>" for c in COUNTS)
    page = f"""<!doctype html><html lang="{'zh-Hant' if lang == 'zh' else 'en'}"><meta charset="utf-8">
<title>clausecheck archive dashboard</title>
<style>body{{font-family:"Noto Sans CJK TC",sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;margin-bottom:2em}}
td,th{{border:1px solid #ccc;padding:4px 8px;font-size:14px}}th{{background:#f3f3f3}}.bar{{height:10px;background:#d9534f}}
.missing{{background:#ffc7ce}}.conflict{{background:#e4c1f9}}.weak{{background:#ffeb9c}}.present{{background:#c6efce}}</style>
<h1>clausecheck — archive dashboard</h1>
<p>{len(rows)} files: {len(checked)} checked, {len(failed)} failed.</p>
<h2>{'最常缺漏或牴觸之要求' if lang == 'zh' else 'Requirements most often missing or in conflict'}</h2>
<table><tr><th>id</th><th>{'要求' if lang == 'zh' else 'requirement'}</th><th>{'缺漏/牴觸' if lang == 'zh' else 'missing/conflict'}</th><th>{'不完整' if lang == 'zh' else 'weak'}</th><th></th></tr>{req_rows}</table>
<h2>{'缺漏最多之合約' if lang == 'zh' else 'Worst contracts'}</h2>
<table><tr><th>path</th><th>profile</th>{heads}</tr>{worst_rows}</table>
<h2>{'無法檢查之檔案' if lang == 'zh' else 'Failures'}</h2>
<table><tr><th>path</th><th>status</th><th>reason</th></tr>{fail_rows}</table></html>"""
    dest.write_text(page, encoding="utf-8")
    return dest
