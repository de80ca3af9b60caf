"""Build realistic DOCX (and PDF) contracts from the small markdown-like sample format.

Tests and ``samples/`` need Word files that look like the ones firms really sign: Word's
automatic numbering (the 第X條 label is *not* in the text), running headers, a page-number
field in the footer, CJK fonts, tables, text boxes, tracked changes. This module writes them
with python-docx from a source such as::

    # 資訊服務委外合約書
    ## 第一條　合約標的
    一、乙方應提供下列服務：
    (一)系統維護。
    | 項目 | 內容 |
    |---|---|
    | 期間 | 三年 |

``build_docx(..., auto_number="zh")`` replaces typed 第X條 / 一、 / (一) / 1. / (1) labels by
real Word numbering when (and only when) the label Word would show equals the typed one,
so the document reads back to the same text. Output is reproducible: fixed core
properties and zip timestamps give identical bytes for identical input.

Importable (``sys.path.insert(0, "scripts")``) and runnable:
``python scripts/docgen.py in.md out.docx [--auto-number zh] [--pdf]``.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Cm, Pt
from lxml import etree

from clausecheck.extract.numbering import format_number

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DEFAULT_FONT = "Noto Serif CJK TC"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------------------------------------
# Source format


@dataclass
class Item:
    """One source element: title, h2, h3, para or table (``rows``)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header_row: bool = False
    lineno: int = 0


_SEPARATOR_ROW = re.compile(r"^\|[\s:|-]+\|$")


def parse_source(source: str) -> list[Item]:
    """Split the sample format into items (see the module docstring)."""
    items: list[Item] = []
    table: Item | None = None
    for lineno, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            if _SEPARATOR_ROW.match(line):
                if table is not None and len(table.rows) == 1:
                    table.header_row = True
                continue
            cells = [c.strip() for c in line[1:-1].split("|")]
            if table is None:
                table = Item("table", lineno=lineno)
                items.append(table)
            table.rows.append(cells)
            continue
        table = None
        if not line:
            continue
        for prefix, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "title")):
            if line.startswith(prefix):
                items.append(Item(kind, line[len(prefix) :].strip(), lineno=lineno))
                break
        else:
            items.append(Item("para", line, lineno=lineno))
    return items


def source_text(source: str) -> str:
    """The text a reader should get back: markdown markers and table rules removed."""
    out: list[str] = []
    for item in parse_source(source):
        if item.kind == "table":
            out.extend(cell for row in item.rows for cell in row if cell)
        else:
            out.append(item.text)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Automatic numbering schemes

_ZH_NUM = "一二三四五六七八九十百千零〇"


@dataclass
class LevelSpec:
    """How a typed label at one list level looks, and the Word level that reproduces it."""

    pattern: re.Pattern[str]  # group "label" is the typed label, group "sep" what follows
    fmt: Callable[[re.Match[str]], str]  # numFmt for the typed label
    text: Callable[[re.Match[str]], str]  # lvlText for the typed label
    headings_only: bool = False
    indent: tuple[int, int] = (0, 0)  # w:ind left, hanging (twips)


def _zh_fmt(m: re.Match[str]) -> str:
    if m.group("n").isdigit():
        return "decimal"
    if "u" in m.re.groupindex and m.group("u") == "条":
        return "chineseCountingThousand"  # a Simplified-Chinese contract
    return "taiwaneseCountingThousand"


SCHEMES: dict[str, list[LevelSpec]] = {
    "zh": [
        LevelSpec(
            re.compile(rf"^(?P<label>第(?P<n>[{_ZH_NUM}]+|\d+)(?P<u>[條条]))(?P<sep>\s*)"),
            _zh_fmt,
            lambda m: f"第%1{m.group('u')}",
            headings_only=True,
        ),
        LevelSpec(
            re.compile(rf"^(?P<label>(?P<n>[{_ZH_NUM}]+)、)(?P<sep>\s*)"),
            _zh_fmt,
            lambda m: "%2、",
            indent=(480, 480),
        ),
        LevelSpec(
            re.compile(rf"^(?P<label>(?P<o>[(（])(?P<n>[{_ZH_NUM}]+)(?P<c>[)）]))(?P<sep>\s*)"),
            _zh_fmt,
            lambda m: f"{m.group('o')}%3{m.group('c')}",
            indent=(960, 480),
        ),
        LevelSpec(
            re.compile(r"^(?P<label>(?P<n>\d{1,2})(?P<d>[.．])(?!\d))(?P<sep>\s*)"),
            lambda m: "decimal",
            lambda m: f"%4{m.group('d')}",
            indent=(1200, 360),
        ),
        LevelSpec(
            re.compile(r"^(?P<label>(?P<o>[(（])(?P<n>\d{1,2})(?P<c>[)）]))(?P<sep>\s*)"),
            lambda m: "decimal",
            lambda m: f"{m.group('o')}%5{m.group('c')}",
            indent=(1440, 480),
        ),
    ],
    "decimal": [
        LevelSpec(
            re.compile(
                r"^(?=(?:Article|Section|Clause) |\d{1,2}\.)(?P<label>(?:(?P<word>Article|Section|Clause) )?(?P<n>\d{1,2})(?P<d>\.?))"
                r"(?!\d)(?P<sep>\s*)"
            ),
            lambda m: "decimal",
            lambda m: f"{m.group('word') + ' ' if m.group('word') else ''}%1{m.group('d')}",
            headings_only=True,
        ),
        LevelSpec(
            re.compile(r"^(?P<label>\d{1,2}\.(?P<n>\d{1,2}))(?![.\d])(?P<sep>\s*)"),
            lambda m: "decimal",
            lambda m: "%1.%2",
            indent=(567, 567),
        ),
        LevelSpec(
            re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}\.(?P<n>\d{1,2}))(?![.\d])(?P<sep>\s*)"),
            lambda m: "decimal",
            lambda m: "%1.%2.%3",
            indent=(1134, 680),
        ),
    ],
}


@dataclass
class _Level:
    fmt: str
    text: str
    suffix: str
    indent: tuple[int, int]


class AutoNumbering:
    """Decides which typed labels become Word numbering and writes numbering.xml for them.

    It counts exactly as :class:`clausecheck.extract.numbering.Numbering` reads (one
    counter per level, deeper levels restarting), and numbers a line only when the label
    Word would show is the typed one. A list that restarts at 一、 under a heading that is
    not numbered gets a new ``w:num`` with a ``startOverride``, as Word itself does.
    """

    def __init__(self, scheme: str) -> None:
        if scheme not in SCHEMES:
            raise ValueError(f"unknown auto_number scheme {scheme!r}; use one of {sorted(SCHEMES)}")
        self.specs = SCHEMES[scheme]
        self.levels: list[_Level | None] = [None] * len(self.specs)
        self.nums: list[dict[int, int]] = [{}]  # per w:num: level → startOverride
        self.counters: list[list[int | None]] = [[None] * len(self.specs)]
        self.current = 0  # index into nums of the list instance in use
        self.notes: list[str] = []

    def match(self, text: str, heading: bool) -> tuple[int, re.Match[str]] | None:
        for ilvl, spec in enumerate(self.specs):
            if spec.headings_only and not heading:
                continue
            m = spec.pattern.match(text)
            if m and text[m.end() :].strip():
                return ilvl, m
        return None

    def _render(self, num: int, ilvl: int, counters: list[int | None]) -> str:
        lvl = self.levels[ilvl]
        assert lvl is not None

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = self.levels[k] if k < len(self.levels) else None
            if other is None:
                return ""
            n = counters[k]
            return format_number(n if n is not None else self._start(num, k), other.fmt)

        return re.sub(r"%([1-9])", value, lvl.text)

    def _start(self, num: int, ilvl: int) -> int:
        return self.nums[num].get(ilvl, 1)

    def _advance(self, num: int, ilvl: int) -> list[int | None]:
        counters = list(self.counters[num])
        current = counters[ilvl]
        counters[ilvl] = self._start(num, ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = None
        return counters

    def number(self, text: str, heading: bool, lineno: int) -> tuple[int, int, str] | None:
        """(numId index, ilvl, text without the typed label) if the line gets numbered."""
        found = self.match(text, heading)
        if found is None:
            return None
        ilvl, m = found
        spec = self.specs[ilvl]
        if self.levels[ilvl] is None:
            self.levels[ilvl] = _Level(
                spec.fmt(m), spec.text(m), "space" if m.group("sep") else "nothing", spec.indent
            )
        typed = m.group("label")
        num = 0 if ilvl == 0 else self.current
        counters = self._advance(num, ilvl)
        if self._render(num, ilvl, counters) != typed:
            num, counters = self._restart(ilvl, typed)
            if num is None or counters is None:
                self.notes.append(
                    f"line {lineno}: kept the typed label {typed!r} (not in sequence)"
                )
                return None
        self.counters[num] = counters
        self.current = num
        return num, ilvl, text[m.end() :].strip()

    def _restart(self, ilvl: int, typed: str) -> tuple[int | None, list[int | None] | None]:
        """A new list instance restarting ``ilvl`` at 1, if that makes the typed label."""
        lvl = self.levels[ilvl]
        assert lvl is not None
        if ilvl == 0 or set(re.findall(r"%([1-9])", lvl.text)) != {str(ilvl + 1)}:
            return None, None
        self.nums.append({ilvl: 1})
        self.counters.append([None] * len(self.specs))
        num = len(self.nums) - 1
        counters = self._advance(num, ilvl)
        if self._render(num, ilvl, counters) != typed:
            self.nums.pop()
            self.counters.pop()
            return None, None
        return num, counters

    def write(self, numbering: etree._Element, abstract_id: int, first_num_id: int) -> None:
        """Add this scheme's abstractNum and nums to a numbering.xml root."""
        lvls = []
        for ilvl, lvl in enumerate(self.levels):
            if lvl is None:
                lvl = _Level("decimal", f"%{ilvl + 1}.", "space", self.specs[ilvl].indent)
            left, hanging = lvl.indent
            lvls.append(
                f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{lvl.fmt}"/>'
                f'<w:suff w:val="{lvl.suffix}"/><w:lvlText w:val="{_esc(lvl.text)}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/>'
                "</w:pPr></w:lvl>"
            )
        abstract = parse_xml(
            f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{0x1A2B3C00 + abstract_id:08X}"/>'
            f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>'
        )
        first_num = numbering.find(_w("num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        for i, overrides in enumerate(self.nums):
            ov = "".join(
                f'<w:lvlOverride w:ilvl="{lv}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                for lv, start in sorted(overrides.items())
            )
            numbering.append(
                parse_xml(
                    f'<w:num {NSDECL} w:numId="{first_num_id + i}">'
                    f'<w:abstractNumId w:val="{abstract_id}"/>{ov}</w:num>'
                )
            )


# ---------------------------------------------------------------------------------------------
# Building


class DocBuilder:
    """A python-docx document set up like a Taiwanese contract: A4, CJK fonts, black headings."""

    def __init__(self, *, font: str = DEFAULT_FONT, title: str = "") -> None:
        self.doc = docx.Document()
        self.body = self.doc.element.body
        self._numbered: list[tuple[etree._Element, int, int]] = []
        self._setup(font, title)

    def _setup(self, font: str, title: str) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        styles = self.doc.styles.element
        rpr_default = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        if rpr_default is not None:
            if rpr_default.find(_w("rFonts")) is None:
                rpr_default.insert(0, parse_xml(f"<w:rFonts {NSDECL}/>"))
            lang = rpr_default.find(_w("lang"))
            if lang is None:
                lang = parse_xml(f"<w:lang {NSDECL}/>")
                rpr_default.append(lang)
            lang.set(_w("eastAsia"), "zh-TW")
        for fonts in styles.iter(_w("rFonts")):
            for attr in list(fonts.attrib):
                if attr.endswith("Theme") or attr.endswith("theme"):
                    del fonts.attrib[attr]
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(_w(attr), font)
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
            st = self.doc.styles[name]
            st.font.color.rgb = None
            st.font.size = {"Title": Pt(18), "Heading 1": Pt(14)}.get(name, Pt(12))
            st.font.bold = True
        self.doc.styles["Normal"].font.size = Pt(12)
        title_style = self.doc.styles["Title"]
        title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        props = self.doc.core_properties
        props.author = props.last_modified_by = "clausecheck docgen"
        props.created = props.modified = FIXED_TIME
        props.last_printed = FIXED_TIME
        props.revision = 1
        props.title = title
        props.comments = props.subject = props.keywords = props.category = ""

    def paragraph(
        self, text: str, style: str | None = None, numbering: tuple[int, int] | None = None
    ):
        p = self.doc.add_paragraph(text, style=style)
        if numbering is not None:
            self._numbered.append((p._p, *numbering))
        return p

    def table(self, rows: Sequence[Sequence[str]], header_row: bool = False) -> None:
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = self.doc.styles["Table Grid"]
        for r, row in enumerate(rows):
            for c in range(width):
                cell = table.cell(r, c)
                cell.text = row[c] if c < len(row) else ""
                if header_row and r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        if header_row:
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            tr_pr.append(parse_xml(f"<w:tblHeader {NSDECL}/>"))

    def raw(self, xml: str) -> etree._Element:
        """Append a raw body element (``<w:p {NSDECL}>...`` or a ``<w:tbl>``)."""
        el = parse_xml(xml)
        self.body.find(_w("sectPr")).addprevious(el)
        return el

    def header_footer(self, header: str | None, page_numbers: bool, cjk: bool) -> None:
        section = self.doc.sections[0]
        if header:
            section.header.is_linked_to_previous = False
            p = section.header.paragraphs[0]
            p.text = header
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if page_numbers:
            section.footer.is_linked_to_previous = False
            p = section.footer.paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            words = ("第 ", " 頁，共 ", " 頁") if cjk else ("Page ", " of ", "")
            p.add_run(words[0])
            _field(p._p, "PAGE", "1")
            p.add_run(words[1])
            _field(p._p, "NUMPAGES", "1")
            if words[2]:
                p.add_run(words[2])

    def apply_numbering(self, auto: AutoNumbering) -> None:
        if not self._numbered:
            return
        numbering = self.doc.part.numbering_part.element
        ids = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        num_ids = [int(x) for x in numbering.xpath("./w:num/@w:numId")]
        abstract_id = max(ids, default=-1) + 1
        first_num_id = max(num_ids, default=0) + 1
        auto.write(numbering, abstract_id, first_num_id)
        for p, num, ilvl in self._numbered:
            num_pr = p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = ilvl
            num_pr.get_or_add_numId().val = first_num_id + num

    def save(self, out: Path) -> Path:
        buf = io.BytesIO()
        self.doc.save(buf)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(reproducible_zip(buf.getvalue()))
        return out


def _field(p: etree._Element, instr: str, shown: str) -> None:
    for xml in (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f"<w:r><w:t>{shown}</w:t></w:r>",
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ):
        p.append(parse_xml(xml.replace("<w:r>", f"<w:r {NSDECL}>", 1)))


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, members in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(
    source: str,
    out: Path,
    *,
    auto_number: str | None = None,
    header: str | None = None,
    footer_page_numbers: bool = True,
    font: str = DEFAULT_FONT,
    notes: list[str] | None = None,
) -> Path:
    """Write ``source`` (sample format) as a DOCX at ``out``.

    ``auto_number``: None keeps labels as typed; ``"zh"`` turns 第X條 headings and 一、 /
    (一) / 1. / (1) paragraphs into Word numbering; ``"decimal"`` does 1. / 1.1 / 1.1.1.
    ``header``: running header text (e.g. the contract title). Lines whose typed label
    is out of sequence keep it as text, and a note is added to ``notes``.
    """
    items = parse_source(source)
    title = next((i.text for i in items if i.kind == "title"), "")
    builder = DocBuilder(font=font, title=title)
    auto = AutoNumbering(auto_number) if auto_number else None
    styles = {"title": "Title", "h2": "Heading 1", "h3": "Heading 2", "para": None}
    for item in items:
        if item.kind == "table":
            builder.table(item.rows, item.header_row)
            continue
        numbered = None
        text = item.text
        if auto is not None and item.kind != "title":
            found = auto.number(text, item.kind in ("h2", "h3"), item.lineno)
            if found is not None:
                num, ilvl, text = found
                numbered = (num, ilvl)
        builder.paragraph(text, styles[item.kind], numbered)
    if auto is not None:
        builder.apply_numbering(auto)
        if notes is not None:
            notes.extend(auto.notes)
    builder.header_footer(header, footer_page_numbers, bool(_CJK.search(source)))
    return builder.save(out)


# ---------------------------------------------------------------------------------------------
# Special documents for tests


def _paragraph_xml(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_esc(text)}</w:t></w:r></w:p>'


def build_docx_with_textbox(
    out: Path,
    *,
    before: str,
    anchor: str,
    box: Sequence[str],
    after: str,
    fallback: bool = True,
    font: str = DEFAULT_FONT,
) -> Path:
    """Paragraphs ``before`` / ``anchor`` / ``after``; ``anchor`` holds a floating text box
    whose paragraphs are ``box``. As Word writes it: a DrawingML shape in
    ``mc:AlternateContent`` with (when ``fallback``) a VML copy of the same text."""
    builder = DocBuilder(font=font)
    builder.paragraph(before)
    inner = "".join(_paragraph_xml(t) for t in box)
    choice = (
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="3600000" cy="900000"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="1" name="Text Box 1"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="3600000" cy="900000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
        f"<wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="t"><a:noAutofit/></wps:bodyPr>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    )
    vml = (
        '<mc:Fallback><w:pict><v:shape id="Text Box 1" o:spid="_x0000_s1026" type="#_x0000_t202" '
        'style="position:absolute;margin-left:0;margin-top:0;width:283.5pt;height:70.85pt;'
        'z-index:251659264" strokeweight=".5pt">'
        f"<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>"
        '<w10:wrap type="topAndBottom"/></v:shape></w:pict></mc:Fallback>'
    )
    builder.raw(
        f'<w:p {NSDECL}><w:r><w:t xml:space="preserve">{_esc(anchor)}</w:t></w:r>'
        f"<w:r><mc:AlternateContent>{choice}{vml if fallback else ''}</mc:AlternateContent></w:r></w:p>"
    )
    builder.paragraph(after)
    return builder.save(out)


def build_docx_with_tracked_changes(
    out: Path,
    *,
    kept: str,
    inserted: str,
    deleted: str,
    deleted_paragraph: str | None = None,
    font: str = DEFAULT_FONT,
) -> Path:
    """One paragraph ``kept`` + an unaccepted insertion + an unaccepted deletion, and
    optionally a whole paragraph deleted with tracking on."""
    builder = DocBuilder(font=font)
    meta = 'w:author="審閱者" w:date="2025-01-01T00:00:00Z"'
    builder.raw(
        f'<w:p {NSDECL}><w:r><w:t xml:space="preserve">{_esc(kept)}</w:t></w:r>'
        f'<w:ins w:id="1" {meta}><w:r><w:t xml:space="preserve">{_esc(inserted)}</w:t></w:r></w:ins>'
        f'<w:del w:id="2" {meta}><w:r><w:delText xml:space="preserve">{_esc(deleted)}</w:delText>'
        "</w:r></w:del></w:p>"
    )
    if deleted_paragraph is not None:
        builder.raw(
            f'<w:p {NSDECL}><w:pPr><w:rPr><w:del w:id="3" {meta}/></w:rPr></w:pPr>'
            f'<w:del w:id="4" {meta}><w:r><w:delText>{_esc(deleted_paragraph)}</w:delText></w:r>'
            "</w:del></w:p>"
        )
    return builder.save(out)


def rewrite_docx(src: Path, out: Path, replace: dict[str, bytes]) -> Path:
    """Copy a DOCX, replacing (or adding) the members named in ``replace``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename not in replace:
                zout.writestr(copy.copy(info), zin.read(info.filename))
        for name, data in replace.items():
            zout.writestr(zipfile.ZipInfo(name, date_time=ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out


def build_ole_container(out: Path, streams: dict[str, bytes]) -> Path:
    """A minimal but well-formed OLE compound file (v3, 512-byte sectors) with ``streams``.

    Enough for sniffing and for telling an encrypted OOXML package (streams
    ``EncryptionInfo`` and ``EncryptedPackage``) from a legacy .doc. Every stream is stored
    in regular sectors (no mini stream), so each is padded to at least 4096 bytes.
    """
    sector = 512
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = list(streams)
    if len(names) > 3:
        raise ValueError("at most 3 streams (one directory sector)")
    blobs = [streams[n].ljust(4096, b"\0") for n in names]
    layout: list[tuple[int, int]] = []  # (first sector, sector count) per stream
    next_sector = 2  # sector 0: FAT, sector 1: directory
    for blob in blobs:
        count = -(-len(blob) // sector)
        layout.append((next_sector, count))
        next_sector += count
    fat = [fat_sector, end]
    for first, count in layout:
        fat.extend(range(first + 1, first + count))
        fat.append(end)
    if len(fat) > sector // 4:
        raise ValueError("streams too large for one FAT sector")
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\0")
            + len(encoded).to_bytes(2, "little")
            + bytes([kind, 1])  # object type, colour black
            + (0xFFFFFFFF).to_bytes(4, "little")  # left sibling
            + right.to_bytes(4, "little", signed=False)
            + child.to_bytes(4, "little", signed=False)
            + bytes(16 + 4 + 16)  # clsid, state bits, times
            + start.to_bytes(4, "little")
            + size.to_bytes(8, "little")
        )

    none = 0xFFFFFFFF
    directory = entry("Root Entry", 5, 1 if names else none, none, end, 0)
    for i, (name, (first, _)) in enumerate(zip(names, layout, strict=True)):
        right = i + 2 if i + 1 < len(names) else none
        directory += entry(name, 2, none, right, first, len(streams[name].ljust(4096, b"\0")))
    directory = directory.ljust(sector, b"\0")
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + (0x003E).to_bytes(2, "little")
        + (3).to_bytes(2, "little")
        + (0xFFFE).to_bytes(2, "little")
        + (9).to_bytes(2, "little")  # 512-byte sectors
        + (6).to_bytes(2, "little")  # 64-byte mini sectors
        + bytes(6)
        + (0).to_bytes(4, "little")  # directory sectors (0 for v3)
        + (1).to_bytes(4, "little")  # FAT sectors
        + (1).to_bytes(4, "little")  # first directory sector
        + bytes(4)
        + (4096).to_bytes(4, "little")  # mini stream cutoff
        + end.to_bytes(4, "little")  # first mini FAT sector
        + (0).to_bytes(4, "little")
        + end.to_bytes(4, "little")  # first DIFAT sector
        + (0).to_bytes(4, "little")
        + (0).to_bytes(4, "little")  # DIFAT[0]: the FAT is sector 0
        + b"\xff" * (4 * 108)
    )
    body = b"".join(x.to_bytes(4, "little") for x in fat) + directory
    body += b"".join(
        blob.ljust(count * sector, b"\0") for blob, (_, count) in zip(blobs, layout, strict=True)
    )
    out.write_bytes(header + body)
    return out


# ---------------------------------------------------------------------------------------------
# PDF


def docx_to_pdf(docx_path: Path, outdir: Path) -> Path:
    """Render a DOCX to PDF with LibreOffice (private profile, time limit)."""
    return docx_to_pdf_many([docx_path], outdir)[0]


def docx_to_pdf_many(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Render several DOCX files in one LibreOffice run (start-up is most of the cost)."""
    from clausecheck.extract.convert import convert_with_libreoffice

    return convert_with_libreoffice(list(paths), "pdf:writer_pdf_Export", outdir)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--auto-number", choices=sorted(SCHEMES))
    ap.add_argument("--header")
    ap.add_argument("--no-page-numbers", action="store_true")
    ap.add_argument("--pdf", action="store_true", help="also write a PDF next to the DOCX")
    args = ap.parse_args(argv)
    notes: list[str] = []
    out = build_docx(
        args.source.read_text(encoding="utf-8"),
        args.out,
        auto_number=args.auto_number,
        header=args.header,
        footer_page_numbers=not args.no_page_numbers,
        notes=notes,
    )
    for note in notes:
        print(f"{args.source}: {note}", file=sys.stderr)
    if args.pdf:
        docx_to_pdf(out, out.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
