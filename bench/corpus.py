"""Generated contracts for the benchmark: N contracts of 10–60 pages, zh-Hant and English,
as DOCX (python-docx) and PDF (LibreOffice, one batch conversion). Paragraphs are drawn from
the labelled samples, so the text looks like contracts, not lorem ipsum. Cached on disk."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "corpus"
CHARS_PER_PAGE = {"zh": 700, "en": 2600}


def _paragraphs(lang: str) -> list[str]:
    paras: list[str] = []
    for md in sorted((ROOT / "samples").glob("*.md")):
        text = md.read_text(encoding="utf-8")
        english = sum(c.isascii() for c in text) > 0.8 * len(text)
        if english != (lang == "en"):
            continue
        for line in text.splitlines():
            line = line.lstrip("#").strip()
            if len(line) > 20 and not line.startswith("|"):
                paras.append(line)
    return paras


def build_docx(path: Path, title: str, paragraphs: list[str]) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Noto Serif CJK TC"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK TC")
    doc.add_heading(title, 0)
    for i, p in enumerate(paragraphs):
        if i % 12 == 0:
            doc.add_heading(f"第{i // 12 + 1}條 約定事項" if not p.isascii() else f"Article {i // 12 + 1}", 1)
        doc.add_paragraph(p)
    doc.core_properties.author = "clausecheck bench"
    doc.save(str(path))


def make_corpus(n: int = 200, seed: int = 7, pdf: bool = True, min_pages: int = 10, max_pages: int = 60) -> list[dict]:
    """Return the manifest [{name, lang, pages_target, docx, pdf}], building what is missing."""
    OUT.mkdir(parents=True, exist_ok=True)
    manifest_path = OUT / f"manifest-{n}-{seed}-{min_pages}-{max_pages}.json"
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text())
        if all(Path(m["docx"]).is_file() and (not pdf or not m["pdf"] or Path(m["pdf"]).is_file()) for m in manifest):
            return manifest
    rng = random.Random(seed)
    pools = {lang: _paragraphs(lang) for lang in ("zh", "en")}
    manifest = []
    for i in range(n):
        lang = "en" if i % 4 == 3 else "zh"
        pages = rng.randint(min_pages, max_pages)
        target = pages * CHARS_PER_PAGE[lang]
        paras, size = [], 0
        while size < target:
            p = rng.choice(pools[lang])
            paras.append(p)
            size += len(p)
        name = f"c{i:04d}-{lang}-{pages}p"
        docx = OUT / f"{name}.docx"
        if not docx.is_file():
            build_docx(docx, "資訊服務委外合約書" if lang == "zh" else "Master Services Agreement", paras)
        manifest.append({"name": name, "lang": lang, "pages_target": pages, "docx": str(docx),
                         "pdf": str(OUT / f"{name}.pdf") if pdf else ""})
    if pdf:
        todo = [m for m in manifest if not Path(m["pdf"]).is_file()]
        if todo and shutil.which("soffice"):
            _to_pdf([Path(m["docx"]) for m in todo], OUT)
        for m in manifest:
            if not Path(m["pdf"]).is_file():
                m["pdf"] = ""
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def _to_pdf(files: list[Path], outdir: Path, batch: int = 50) -> None:
    with tempfile.TemporaryDirectory() as profile:
        for k in range(0, len(files), batch):
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(outdir), *map(str, files[k : k + batch])],
                check=False, capture_output=True, timeout=1800,
            )
