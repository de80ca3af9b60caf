"""The annotated Word report: the contract itself, with a review comment on each paragraph
that evidences a requirement (which requirement it satisfies, or why it is weak or in
conflict) and a closing section that lists the missing requirements with suggested text.

For a DOCX contract the comments go into a *copy*: the original's bytes are read, never
written, and an ``--output`` that names the original is refused. Evidence is mapped back
through its block's :class:`~clausecheck.model.Location` (body paragraph index, or table /
row / grid column) the way the DOCX extractor counted them, and the paragraph's text is
checked before a comment is anchored; when the two disagree the paragraph is found by its
text instead. For PDF, TXT and other inputs the extracted blocks become a new document
(headings, paragraphs, tables, page markers) annotated the same way.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from clausecheck.errors import UsageError
from clausecheck.model import Block
from clausecheck.report.common import (
    FOUND,
    block_of,
    citations,
    doc_name,
    missing_elements,
    primary_evidence,
    profile_label,
    reason_label,
    scope_label,
    status_label,
    strength_label,
    where,
)
from clausecheck.report.labels import STATUS, SYMBOL, t
from clausecheck.result import CheckResult, Evidence, Finding

AUTHOR = "clausecheck"
INITIALS = "CC"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_TEXT = {
    "zh": {
        "closing": "clausecheck 檢核：缺漏之要求",
        "intro": "下列要求於本合約中未見相關約定，建議增訂如下條文：",
        "none_missing": "本合約未缺漏任何適用之要求。",
        "satisfies": "符合",
        "unanchored": "下列依據未能對應至本文件之段落：",
        "not_checked": "本文件未能檢核（狀態：{status}），未加註任何審閱意見。",
        "page": "— 第 {n} 頁 —",
        "rebuilt": "本文件由 {name} 擷取之文字重建，供加註審閱意見之用；版面以原件為準。",
        "also": "其他依據",
        "checked": "檢核日期",
    },
    "en": {
        "closing": "clausecheck review: missing requirements",
        "intro": "The contract says nothing on the following requirements; suggested clauses:",
        "none_missing": "No applicable requirement is missing from this contract.",
        "satisfies": "satisfies",
        "unanchored": "Evidence that could not be placed on a paragraph of this document:",
        "not_checked": "This document was not checked (status: {status}); no review comments were added.",
        "page": "— page {n} —",
        "rebuilt": "Rebuilt from the text extracted from {name} to carry review comments; the original's layout prevails.",
        "also": "Also",
        "checked": "Checked on",
    },
}


def render(result: CheckResult, lang: str = "zh", output: Path | None = None, **_: object) -> bytes:
    source = Path(result.document.path)
    if output is not None and source.exists() and Path(output).resolve() == source.resolve():
        raise UsageError(f"--output {output} is the contract itself; write the annotated copy elsewhere")
    original = _original_docx(result)
    if original is not None:
        document = docx.Document(io.BytesIO(original))
        anchors = _DocxAnchors(document, result)
    else:
        document = docx.Document()
        anchors = _rebuild(document, result, lang)
    annotate(document, anchors, result, lang)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _original_docx(result: CheckResult) -> bytes | None:
    """The contract's bytes when it is a DOCX that still matches what was checked."""
    doc = result.document
    if doc.format != "docx":
        return None
    try:
        data = Path(doc.path).read_bytes()
    except OSError:
        return None
    if doc.sha256 and hashlib.sha256(data).hexdigest() != doc.sha256:
        return None  # changed since the check: offsets would point at the wrong text
    return data


# -- where evidence goes ---------------------------------------------------------------------


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _xml_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def _children(container: etree._Element):
    from clausecheck.extract.docx import block_children

    return block_children(container)


class _DocxAnchors:
    """Paragraphs of the copy, indexed the way the DOCX extractor numbered them."""

    def __init__(self, document, result: CheckResult) -> None:
        self.document = document
        self.result = result
        body = document.element.body
        self.paragraphs = [el for el in _children(body) if el.tag == f"{{{W}}}p"]
        self.tables: list[etree._Element] = []
        for el in _children(body):
            if el.tag == f"{{{W}}}tbl":
                self._collect(el)
        self._all = list(body.iter(f"{{{W}}}p"))

    def _collect(self, tbl: etree._Element) -> None:
        """Tables in the order the extractor numbers them: each, then those nested in it."""
        self.tables.append(tbl)
        for tr in (el for el in _children(tbl) if el.tag == f"{{{W}}}tr"):
            for tc in (el for el in _children(tr) if el.tag == f"{{{W}}}tc"):
                for inner in (el for el in _children(tc) if el.tag == f"{{{W}}}tbl"):
                    self._collect(inner)

    def _cell(self, table: int, row: int, col: int) -> etree._Element | None:
        if table >= len(self.tables):
            return None
        rows = [el for el in _children(self.tables[table]) if el.tag == f"{{{W}}}tr"]
        if row >= len(rows):
            return None
        tr = rows[row]
        pos = _grid_before(tr)
        for tc in (el for el in _children(tr) if el.tag == f"{{{W}}}tc"):
            span = _grid_span(tc)
            if pos <= col < pos + span:
                return tc
            pos += span
        return None

    def paragraph(self, ev: Evidence) -> etree._Element | None:
        block = block_of(self.result, ev)
        want = _squeeze(_in_block(self.result, ev, block))
        if block is not None:
            loc = block.location
            if loc.table is not None:
                tc = self._cell(loc.table, loc.row or 0, loc.col or 0)
                if tc is not None:
                    paras = [p for p in tc.iter(f"{{{W}}}p")]
                    hit = next((p for p in paras if want and want in _squeeze(_xml_text(p))), None)
                    if hit is not None or _agrees(_squeeze(_xml_text(tc)), block):
                        return hit if hit is not None else (paras[0] if paras else None)
            elif loc.paragraph is not None and loc.paragraph < len(self.paragraphs):
                p = self.paragraphs[loc.paragraph]
                if loc.part != "body" or _agrees(_squeeze(_xml_text(p)), block):
                    return p
        return self._search(want, block)

    def _search(self, want: str, block: Block | None) -> etree._Element | None:
        if not want:
            return None
        hits = [p for p in self._all if want in _squeeze(_xml_text(p))]
        if not hits and block is not None:
            hits = [p for p in self._all if _agrees(_squeeze(_xml_text(p)), block)]
        return hits[0] if hits else None


def _in_block(result: CheckResult, ev: Evidence, block: Block | None) -> str:
    """The part of the matched words inside the evidence's block (a match can run on into
    the next cell of a table row, which the matcher reads as one sentence)."""
    if block is None:
        return ev.quote or ev.text
    return result.document.text[ev.start:min(ev.end, block.end)] or ev.quote


def _agrees(para_text: str, block: Block) -> bool:
    """The paragraph is the block's (the block may carry a rebuilt numbering label first,
    or be one line of a paragraph split at a line break)."""
    text = _squeeze(block.text)
    return bool(para_text) and bool(text) and (para_text in text or text in para_text)


def _grid_before(tr: etree._Element) -> int:
    el = tr.find(f"{{{W}}}trPr/{{{W}}}gridBefore")
    return _int(el, 0)


def _grid_span(tc: etree._Element) -> int:
    el = tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan")
    return max(_int(el, 1), 1)


def _int(el: etree._Element | None, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(f"{{{W}}}val", default))
    except ValueError:
        return default


@dataclass
class _BuiltAnchors:
    """Anchors of a document rebuilt from blocks: block start offset → its paragraph."""

    result: CheckResult
    by_block: dict[int, etree._Element] = field(default_factory=dict)

    def paragraph(self, ev: Evidence) -> etree._Element | None:
        block = block_of(self.result, ev)
        return self.by_block.get(block.start) if block is not None else None


def _rebuild(document, result: CheckResult, lang: str) -> _BuiltAnchors:
    """A new DOCX of the extracted text: headings, paragraphs, one Word table per source
    table, and a page marker where a PDF page starts."""
    text = _TEXT[lang]
    anchors = _BuiltAnchors(result)
    note = document.add_paragraph()
    _small(note.add_run(text["rebuilt"].format(name=doc_name(result))), italic=True)
    page = None
    blocks = result.document.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        loc = block.location
        if loc.page is not None and loc.page != page:
            page = loc.page
            _small(document.add_paragraph().add_run(text["page"].format(n=page)))
        if block.kind == "table_cell":
            key = (loc.part, loc.page, loc.table)
            j = i
            while j < len(blocks) and blocks[j].kind == "table_cell" and (
                blocks[j].location.part, blocks[j].location.page, blocks[j].location.table
            ) == key:
                j += 1
            _table(document, blocks[i:j], anchors)
            i = j
            continue
        if block.kind == "heading":
            level = min(max(block.level or 1, 1), 4)
            para = document.add_heading(block.text, level=level)
        else:
            para = document.add_paragraph(block.text)
        anchors.by_block[block.start] = para._p
        i += 1
    return anchors


def _table(document, cells: list[Block], anchors: _BuiltAnchors) -> None:
    rows = max((b.location.row or 0) for b in cells) + 1
    cols = max((b.location.col or 0) for b in cells) + 1
    table = document.add_table(rows=rows, cols=cols)
    table.style = "Table Grid" if "Table Grid" in [s.name for s in document.styles] else None
    for b in cells:
        cell = table.cell(b.location.row or 0, b.location.col or 0)
        para = cell.paragraphs[0]
        if para.text:
            para = cell.add_paragraph()
        para.add_run(b.text)
        anchors.by_block[b.start] = para._p


def _small(run, italic: bool = False) -> None:
    run.font.size = Pt(9)
    run.font.italic = italic
    run.font.color.rgb = RGBColor(0x59, 0x63, 0x6E)


# -- comments and the closing section ---------------------------------------------------------


def comment_text(finding: Finding, result: CheckResult, lang: str, others: list[Evidence]) -> str:
    """What the comment on a finding's paragraph says (one line per paragraph of the comment)."""
    text = _TEXT[lang]
    head = (f"{SYMBOL[finding.status]} {status_label(finding.status, lang)}"
            f"{'：' if lang == 'zh' else ': '}{finding.title(lang)}"
            f" ({finding.id}; {citations(finding, lang)}; {strength_label(finding.strength, lang)})")
    lines = [f"clausecheck — {head}"]
    if finding.status == "present" and finding.elements:
        found = [e.id for e in finding.elements if e.found]
        if found:
            lines.append(f"{t(lang, 'elements_found')}: {', '.join(found)}")
    if finding.status == "conflict":
        reasons = list(dict.fromkeys(e.reason for e in finding.conflicts if e.reason))
        if reasons:
            lines.append(f"{t(lang, 'conflict')}: {'; '.join(reasons)}")
    missing = missing_elements(finding)
    if missing and finding.status in ("weak", "conflict"):
        lines.append(f"{t(lang, 'missing_elements')}: "
                     + "; ".join(f"{i} ({d})" if d else i for i, d in missing))
    if others:
        lines.append(f"{text['also']}: " + "; ".join(dict.fromkeys(where(result, e, lang) for e in others)))
    if finding.status in ("weak", "conflict") and finding.suggestion(lang):
        lines.append(f"{t(lang, 'suggestion')}: {finding.suggestion(lang)}")
    return "\n".join(lines)


def _runs(document, p: etree._Element) -> list[Run]:
    """The runs a comment can span in paragraph ``p``: its own runs, including those inside
    hyperlinks and tracked insertions, but not deleted ones or those of a text box anchored in
    it. A paragraph with none (only a field or a drawing) gets an empty run."""
    para = Paragraph(p, document)
    runs = [Run(r, para) for r in p.iter(f"{{{W}}}r") if _own_run(r, p)]
    return runs or [para.add_run("")]


def _own_run(r: etree._Element, p: etree._Element) -> bool:
    parent = r.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (f"{{{W}}}p", f"{{{W}}}del", f"{{{W}}}moveFrom"):
            return False
        parent = parent.getparent()
    return parent is p


def annotate(document, anchors, result: CheckResult, lang: str) -> None:
    """One comment per requirement the contract speaks to, on its primary evidence's
    paragraph (or, when no paragraph can be found, in the closing section)."""
    unanchored: list[tuple[Finding, str]] = []
    if result.document.checkable:
        for f in result.findings:
            if f.status not in FOUND:
                continue
            ev = primary_evidence(f)
            p = anchors.paragraph(ev) if ev is not None else None
            others = [e for e in (f.conflicts + f.evidence) if e is not ev
                      and anchors.paragraph(e) is not p]
            body = comment_text(f, result, lang, others)
            if p is None:
                unanchored.append((f, body))
                continue
            runs = _runs(document, p)
            document.add_comment(runs, text=body, author=AUTHOR, initials=INITIALS)
    _closing(document, result, lang, unanchored)


def _heading(document, text: str, level: int):
    try:
        return document.add_heading(text, level=level)
    except KeyError:  # the contract's template has no heading styles
        para = document.add_paragraph()
        run = para.add_run(text)
        run.bold = True
        run.font.size = Pt(16 if level == 1 else 13)
        return para


def _closing(document, result: CheckResult, lang: str, unanchored: list[tuple[Finding, str]]) -> None:
    text = _TEXT[lang]
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(document, text["closing"], 1)
    meta = document.add_paragraph()
    summary = " · ".join(f"{SYMBOL[k]} {STATUS[lang][k]} {v}" for k, v in result.summary().items())
    lines = (
        f"{t(lang, 'document')}: {doc_name(result)}",
        f"{t(lang, 'profile')}: {profile_label(result, lang)}",
        f"{t(lang, 'scope')}: {scope_label(result, lang)}",
        f"{t(lang, 'summary')}: {summary}",
        f"{text['checked']}: {date.today().isoformat()} · clausecheck {result.tool_version} · "
        f"{t(lang, 'library')} {result.library_version}",
    )
    for i, line in enumerate(lines):
        if i:
            meta.add_run().add_break()
        _small(meta.add_run(line))
    if not result.document.checkable:
        document.add_paragraph(text["not_checked"].format(status=result.document.status))
        return
    missing = [f for f in result.findings if f.status == "missing"]
    document.add_paragraph(text["intro"] if missing else text["none_missing"])
    for f in missing:
        _heading(document, f"{SYMBOL['missing']} {f.title(lang)}", 2)
        cite = document.add_paragraph()
        _small(cite.add_run(f"{f.id} · {citations(f, lang)} · {strength_label(f.strength, lang)}"))
        if f.suggestion(lang):
            para = document.add_paragraph()
            label = para.add_run(f"{t(lang, 'suggestion')}: ")
            label.bold = True
            para.add_run(f.suggestion(lang))
    na = [f for f in result.findings if f.status == "not_applicable"]
    if na:
        _heading(document, t(lang, "na_list"), 2)
        for f in na:
            _small(document.add_paragraph().add_run(f"{f.title(lang)} ({f.id}): {reason_label(f, lang)}"))
    if unanchored:
        _heading(document, text["unanchored"], 2)
        for _f, body in unanchored:
            para = document.add_paragraph(body.splitlines()[0])
            document.add_comment(_runs(document, para._p), text=body, author=AUTHOR, initials=INITIALS)
