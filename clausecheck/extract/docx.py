"""DOCX: body paragraphs and tables in reading order, with Word's numbering rebuilt.

python-docx opens the package (it parses every part with entity resolution off, no DTD
loading, no network), and the body is then walked as XML because the parts of a contract
that matter most are the ones ``paragraph.text`` does not show: automatic 第X條 labels
(:mod:`clausecheck.extract.numbering`), text in tracked insertions, text boxes, content
controls and nested tables. Running headers and footers go to ``Document.headers`` so a
title repeated on every page never counts as a clause.

Input is untrusted: the zip's declared sizes are checked before anything is inflated, and
every failure becomes an :class:`~clausecheck.errors.InputError` with a status.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from clausecheck.errors import InputError
from clausecheck.extract.numbering import Numbering, Styles, is_on, w, wattr
from clausecheck.model import Block, BlockKind, Document, Location

#: Refuse a package that would inflate to more than this (a zip bomb, or not a contract).
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
#: ... or that holds more members than any real document does.
MAX_ZIP_MEMBERS = 10_000

TRACKED_CHANGES_WARNING = (
    "the file has unaccepted tracked changes: insertions read, deletions ignored"
)

MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#: For parts python-docx does not parse itself (e.g. the main part of a .docm).
SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)

_HEADING_STYLE = re.compile(r"^(heading|標題)\s*\d", re.I)
_TOC_STYLE = re.compile(r"^toc\s*\d", re.I)
_PUA = range(0xE000, 0xF900)

P, TBL, TR, TC = w("p"), w("tbl"), w("tr"), w("tc")
_CONTAINERS = {w("sdt"), w("sdtContent"), w("customXml"), f"{{{MC_NS}}}AlternateContent"}
_MC_CHOICE, _MC_FALLBACK = f"{{{MC_NS}}}Choice", f"{{{MC_NS}}}Fallback"


def extract_docx(path: Path, data: bytes, *, max_unzipped: int | None = None) -> Document:
    """Read a DOCX (or DOCM) from its bytes; ``path`` names it in messages and the result.
    ``max_unzipped`` bytes (default :data:`MAX_UNCOMPRESSED_BYTES`) is the most its parts may
    inflate to."""
    check_zip(path, data, max_unzipped)
    parts = _open(path, data)
    doc = Document(path=str(path), format="docx")
    reader = _Reader(doc, parts)
    reader.read_story(parts.body)
    reader.read_headers()
    reader.report()
    doc.pages = None
    return doc.finish()


def check_zip(path: Path, data: bytes, limit: int | None = None) -> None:
    """Refuse a corrupt zip or one whose declared contents exceed ``limit`` bytes.

    The declared sizes can be trusted as an upper bound: :mod:`zipfile` never inflates a
    member past its declared size (it fails the CRC check instead).
    """
    limit = MAX_UNCOMPRESSED_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(
            f"{path}: is damaged: not a readable zip package ({exc}); "
            "open it in Word and save it again",
            status="unreadable",
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > limit or len(infos) > MAX_ZIP_MEMBERS:
        raise InputError(
            f"{path}: would unpack to {total / 2**20:.0f} MB in {len(infos)} parts, over the "
            f"{limit / 2**20:.0f} MB limit; refusing it (a zip bomb or not a contract; the "
            "limit is $CLAUSECHECK_MAX_UNZIPPED_MB)",
            status="too_large",
        )


@dataclass
class _Parts:
    body: etree._Element
    styles: etree._Element | None
    numbering: etree._Element | None
    main: object  # the python-docx Part, for headers and footers reached by rId
    notes: dict[str, etree._Element] = field(default_factory=dict)


def _element(part: object) -> etree._Element:
    """The XML of a python-docx part; parts it keeps as bytes are parsed safely here."""
    el = getattr(part, "element", None)
    if el is not None:
        return el
    return etree.fromstring(part.blob, SAFE_PARSER)  # type: ignore[attr-defined]


def _related(part: object, name: str) -> object | None:
    for rel in part.rels.values():  # type: ignore[attr-defined]
        if not rel.is_external and rel.reltype == _RT + name:
            return rel.target_part
    return None


def _open(path: Path, data: bytes) -> _Parts:
    from docx.package import Package

    try:
        main = Package.open(io.BytesIO(data)).main_document_part
        root = _element(main)
        body = root.find(w("body"))
        if body is None:
            raise ValueError("word/document.xml has no body")
        styles = _related(main, "styles")
        numbering = _related(main, "numbering")
        parts = _Parts(
            body,
            _element(styles) if styles is not None else None,
            _element(numbering) if numbering is not None else None,
            main,
        )
        for kind in ("footnotes", "endnotes"):
            notes = _related(main, kind)
            if notes is None:
                continue
            for note in _element(notes):
                if isinstance(note.tag, str) and wattr(note, "type") in (None, "normal"):
                    parts.notes[f"{note.tag}:{wattr(note, 'id')}"] = note
        return parts
    except InputError:
        raise
    except Exception as exc:  # hostile or broken input: every failure is "unreadable"
        raise InputError(
            f"{path}: is not a readable Word document ({type(exc).__name__}: {exc}); "
            "open it in Word and save it again",
            status="unreadable",
        ) from exc


@dataclass
class _Para:
    """What one paragraph's runs hold, collected in one walk."""

    lines: list[list[str]] = field(default_factory=lambda: [[]])
    boxes: list[etree._Element] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fields: list[bool] = field(default_factory=list)  # True while in a field's instruction
    tracked: bool = False
    hidden: int = 0
    mark_deleted: bool = False

    def add(self, text: str) -> None:
        if text and not any(self.fields):
            self.lines[-1].append(text)

    def newline(self) -> None:
        if not any(self.fields):
            self.lines.append([])

    def texts(self) -> list[str]:
        return [t for t in ("".join(parts).strip() for parts in self.lines) if t]


@dataclass
class _Read:
    kind: BlockKind
    texts: list[str]
    level: int | None
    para: _Para


def block_children(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs, tables and rows/cells of ``container``, seen through content controls,
    custom XML and markup-compatibility wrappers (the Choice, never the Fallback)."""
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag == _MC_FALLBACK:
            continue
        if tag in _CONTAINERS or tag == _MC_CHOICE:
            yield from block_children(child)
        else:
            yield child


class _Reader:
    def __init__(self, doc: Document, parts: _Parts, *, numbering: Numbering | None = None):
        self.doc = doc
        self.parts = parts
        self.styles = Styles(parts.styles)
        self.numbering = numbering or Numbering(parts.numbering, self.styles)
        self.paragraph_index = 0
        self.table_index = 0
        self.tracked = False
        self.hidden = 0
        self.toc = 0
        self.alt_chunks = 0

    # -- stories ---------------------------------------------------------------------------

    def read_story(self, container: etree._Element) -> None:
        """The body (or a header): paragraphs and tables in document order."""
        for el in block_children(container):
            if el.tag == P:
                self._body_paragraph(el)
            elif el.tag == TBL:
                self._table(el)
            elif el.tag == w("altChunk"):
                self.alt_chunks += 1

    def _body_paragraph(self, p: etree._Element) -> None:
        index = self.paragraph_index
        self.paragraph_index += 1
        read = self._read(p)
        if read is None:
            return
        for i, text in enumerate(read.texts):
            kind: BlockKind = read.kind if i == 0 or read.kind == "heading" else "paragraph"
            self.doc.blocks.append(
                Block(kind, text, Location(paragraph=index), level=read.level if i == 0 else None)
            )
        self._extras(read.para, index)

    def _extras(self, para: _Para, anchor: int | None) -> None:
        """Text boxes and notes anchored in a paragraph, placed right after it."""
        for box in para.boxes:
            for el in block_children(box):
                if el.tag == P:
                    read = self._read(el)
                    if read is None:
                        continue
                    for text in read.texts:
                        loc = Location(part="textbox", paragraph=anchor)
                        self.doc.blocks.append(Block(read.kind, text, loc, level=read.level))
                    self._extras(read.para, anchor)
                elif el.tag == TBL:
                    self._table(el)
        for key in para.notes:
            note = self.parts.notes.get(key)
            if note is None:
                continue
            for el in block_children(note):
                if el.tag != P:
                    continue
                read = self._read(el)
                if read is not None and read.texts:
                    loc = Location(part="footnote", paragraph=anchor)
                    self.doc.blocks.append(Block("paragraph", " ".join(read.texts), loc))

    def _table(self, tbl: etree._Element) -> None:
        index = self.table_index
        self.table_index += 1
        rows = [el for el in block_children(tbl) if el.tag == TR]
        for r, tr in enumerate(rows):
            col = _int_attr(tr.find(f"{w('trPr')}/{w('gridBefore')}"), 0)
            for tc in (el for el in block_children(tr) if el.tag == TC):
                tc_pr = tc.find(w("tcPr"))
                span = max(_int_attr(_find(tc_pr, "gridSpan"), 1), 1)
                v_merge = _find(tc_pr, "vMerge")
                h_merge = _find(tc_pr, "hMerge")
                continued = (v_merge is not None and wattr(v_merge) != "restart") or (
                    h_merge is not None and wattr(h_merge) != "restart"
                )
                if not continued:
                    self._cell(tc, index, r, col)
                col += span

    def _cell(self, tc: etree._Element, table: int, row: int, col: int) -> None:
        texts: list[str] = []
        nested: list[etree._Element] = []
        extras: list[_Para] = []
        for el in block_children(tc):
            if el.tag == P:
                read = self._read(el)
                if read is not None:
                    texts.extend(read.texts)
                    extras.append(read.para)
            elif el.tag == TBL:
                nested.append(el)
        for para in extras:  # text boxes inside a cell belong to the cell's text
            for box in para.boxes:
                texts.extend(self._box_texts(box))
        if texts:
            loc = Location(table=table, row=row, col=col)
            self.doc.blocks.append(Block("table_cell", "\n".join(texts), loc))
        for inner in nested:
            self._table(inner)

    def _box_texts(self, box: etree._Element) -> list[str]:
        out: list[str] = []
        for el in block_children(box):
            if el.tag == P:
                read = self._read(el)
                if read is not None:
                    out.extend(read.texts)
                    for inner in read.para.boxes:
                        out.extend(self._box_texts(inner))
        return out

    # -- paragraphs ------------------------------------------------------------------------

    def _read(self, p: etree._Element) -> _Read | None:
        """A paragraph's kind, text lines (numbering label first) and anchored extras."""
        para = _Para()
        self._walk(p, para)
        self.tracked |= para.tracked
        self.hidden += para.hidden
        texts = para.texts()
        if para.mark_deleted and not texts:
            return None  # a deleted paragraph: Word neither shows nor numbers it
        ppr = p.find(w("pPr"))
        style_id = wattr(_find(ppr, "pStyle"))
        style_name = self.styles.name(style_id)
        if _TOC_STYLE.match(style_name):
            self.toc += 1
            return _Read("paragraph", [], None, _Para())
        outline = _int_attr(_find(ppr, "outlineLvl"), -1)
        if outline < 0:
            outline = self.styles.outline_level(style_id)
            outline = -1 if outline is None else outline
        heading = bool(_HEADING_STYLE.match(style_name)) or 0 <= outline < 9
        kind: BlockKind = "heading" if heading else "paragraph"
        level: int | None = None
        if heading:
            level = outline + 1 if outline >= 0 else int(re.sub(r"\D", "", style_name) or 1)
        found = self.numbering.paragraph_numbering(ppr, style_id)
        if found is not None:
            label = self.numbering.label(*found)
            if label is not None:
                if not heading:
                    kind, level = "list_item", label.ilvl + 1
                if label.text:
                    texts = [label.prefix(texts[0] if texts else ""), *texts[1:]]
        if heading and len(texts) > 1:
            texts = [" ".join(texts)]
        return _Read(kind, texts, level, para)

    def _walk(self, el: etree._Element, para: _Para) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):  # comments, processing instructions, entity refs
                continue
            handler = _HANDLERS.get(tag)
            if handler is not None:
                handler(self, child, para)
            elif tag in _SKIP:
                continue
            else:
                self._walk(child, para)

    # -- headers and footers ---------------------------------------------------------------

    def read_headers(self) -> None:
        seen: set[str] = set()
        for sect in self.parts.body.iter(w("sectPr")):
            for ref in sect:
                if ref.tag not in (w("headerReference"), w("footerReference")):
                    continue
                rid = ref.get(f"{{{R_NS}}}id")
                rel = self.parts.main.rels.get(rid) if rid else None  # type: ignore[attr-defined]
                if rel is None or rel.is_external or str(rel.target_part.partname) in seen:
                    continue
                seen.add(str(rel.target_part.partname))
                part = "header" if ref.tag == w("headerReference") else "footer"
                self._header(_element(rel.target_part), part)

    def _header(self, root: etree._Element, part: str) -> None:
        story = Document(path=self.doc.path, format="docx")
        sub = _Reader(story, self.parts, numbering=Numbering(self.parts.numbering, self.styles))
        sub.read_story(root)
        for block in story.blocks:
            block.location = Location(part=part)
            self.doc.headers.append(block)
        self.tracked |= sub.tracked

    def report(self) -> None:
        doc = self.doc
        if self.tracked:
            doc.warn(TRACKED_CHANGES_WARNING)
        if self.hidden:
            doc.warn(f"hidden text ignored ({self.hidden} runs formatted as hidden)")
        if self.toc:
            doc.warn(f"table of contents skipped ({self.toc} entries)")
        if self.alt_chunks:
            doc.warn(
                f"{self.alt_chunks} embedded document chunk(s) (altChunk) not read; "
                "open the file in Word and save it again to merge them"
            )
        has_text = any(b.text.strip() for b in doc.blocks)
        if not has_text and _has_images(self.parts.body):
            doc.status = "needs_ocr"
            doc.warn("the document has no text, only images: it looks like a scan and needs OCR")


def _find(el: etree._Element | None, tag: str) -> etree._Element | None:
    return el.find(w(tag)) if el is not None else None


def _int_attr(el: etree._Element | None, default: int) -> int:
    try:
        value = wattr(el)
        return int(value) if value is not None else default
    except ValueError:
        return default


def _has_images(body: etree._Element) -> bool:
    return any(True for _ in body.iter(w("drawing"), w("pict"), w("object")))


# -- run-level handlers: what each element contributes to a paragraph's text ---------------


def _text(_r: _Reader, el: etree._Element, para: _Para) -> None:
    # With entities unresolved, text after an entity reference sits in that node's tail.
    para.add((el.text or "") + "".join(c.tail or "" for c in el))


def _space(_r: _Reader, _el: etree._Element, para: _Para) -> None:
    para.add(" ")


def _newline(_r: _Reader, _el: etree._Element, para: _Para) -> None:
    para.newline()


def _run(r: _Reader, el: etree._Element, para: _Para) -> None:
    rpr = el.find(w("rPr"))
    if rpr is not None and is_on(rpr.find(w("vanish"))):
        if any(isinstance(c.tag, str) and c.tag in (w("t"), w("tab")) for c in el):
            para.hidden += 1
        # a hidden run can still carry a field boundary; keep the field state right
        for c in el:
            if c.tag == w("fldChar"):
                _field(r, c, para)
        return
    r._walk(el, para)


def _field(_r: _Reader, el: etree._Element, para: _Para) -> None:
    kind = wattr(el, "fldCharType")
    if kind == "begin":
        para.fields.append(True)
    elif kind == "separate" and para.fields:
        para.fields[-1] = False
    elif kind == "end" and para.fields:
        para.fields.pop()


def _tracked_skip(_r: _Reader, _el: etree._Element, para: _Para) -> None:
    para.tracked = True


def _tracked_read(r: _Reader, el: etree._Element, para: _Para) -> None:
    para.tracked = True
    r._walk(el, para)


def _text_box(_r: _Reader, el: etree._Element, para: _Para) -> None:
    para.boxes.append(el)


def _note(_r: _Reader, el: etree._Element, para: _Para) -> None:
    note = "footnote" if el.tag == w("footnoteReference") else "endnote"
    para.notes.append(f"{w(note)}:{wattr(el, 'id')}")


def _ppr(_r: _Reader, el: etree._Element, para: _Para) -> None:
    rpr = el.find(w("rPr"))
    if rpr is None:
        return
    if rpr.find(w("del")) is not None or rpr.find(w("moveFrom")) is not None:
        para.mark_deleted = True
        para.tracked = True
    if rpr.find(w("ins")) is not None or rpr.find(w("moveTo")) is not None:
        para.tracked = True


def _symbol(_r: _Reader, el: etree._Element, para: _Para) -> None:
    try:
        code = int(wattr(el, "char") or "", 16)
    except ValueError:
        return
    if code not in _PUA and 0 < code < 0x110000:
        para.add(chr(code))


def _hyphen(_r: _Reader, _el: etree._Element, para: _Para) -> None:
    para.add("-")


_HANDLERS = {
    w("r"): _run,
    w("t"): _text,
    w("tab"): _space,
    w("ptab"): _space,
    w("br"): _newline,
    w("cr"): _newline,
    w("fldChar"): _field,
    w("del"): _tracked_skip,
    w("moveFrom"): _tracked_skip,
    w("ins"): _tracked_read,
    w("moveTo"): _tracked_read,
    w("txbxContent"): _text_box,
    w("footnoteReference"): _note,
    w("endnoteReference"): _note,
    w("pPr"): _ppr,
    w("sym"): _symbol,
    w("noBreakHyphen"): _hyphen,
}

#: Never text: formatting, field instructions, deleted text, ruby guides, the Fallback copy
#: of a drawing (its Choice was read), comment marks.
_SKIP = {
    w("rPr"),
    w("instrText"),
    w("delText"),
    w("delInstrText"),
    w("rt"),
    w("softHyphen"),
    w("commentReference"),
    w("annotationRef"),
    _MC_FALLBACK,
}
