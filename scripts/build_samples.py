"""Build samples/<name>.docx and .pdf from every samples/<name>.md.

Options per sample come from samples/build.yaml (``defaults`` plus one entry per sample).
The DOCX is reproducible (fixed dates, author and zip timestamps), so a rebuild only
rewrites a file whose content changed; the PDF is rendered by LibreOffice from the DOCX,
again only when the DOCX changed or the PDF is missing, since LibreOffice stamps every PDF
with the time. All PDFs go through one LibreOffice run.

    .venv/bin/python scripts/build_samples.py [--only NAME ...] [--no-pdf] [--force]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docgen  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DEFAULTS: dict[str, Any] = {
    "auto_number": None,  # None | zh | decimal
    "header": "title",  # title | none | any text
    "footer_page_numbers": True,
    "font": docgen.DEFAULT_FONT,
    "big5_txt": False,  # also write <name>.big5.txt in Big5 (cp950) with CRLF lines
    "pdf": True,
}


def load_config(path: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(defaults, per-sample options) from build.yaml; unknown keys are an error."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    raw = raw or {}
    unknown_top = set(raw) - {"defaults", "samples"}
    if unknown_top:
        raise SystemExit(f"{path}: unknown top-level keys {sorted(unknown_top)}")
    defaults = {**DEFAULTS, **(raw.get("defaults") or {})}
    samples = {name: opts or {} for name, opts in (raw.get("samples") or {}).items()}
    for name, opts in [("defaults", defaults), *samples.items()]:
        bad = set(opts) - set(DEFAULTS)
        if bad:
            raise SystemExit(
                f"{path}: {name}: unknown options {sorted(bad)}; use {sorted(DEFAULTS)}"
            )
    return defaults, samples


def _header(option: Any, title: str) -> str | None:
    if option in (None, False, "none"):
        return None
    if option in (True, "title"):
        return title or None
    return str(option)


def big5_text(source: str) -> bytes:
    """The contract as a plain Big5 text file, as old archives keep them."""
    lines: list[str] = []
    for item in docgen.parse_source(source):
        if item.kind == "table":
            lines.extend("\t".join(row) for row in item.rows)
        else:
            lines.append(item.text)
    text = "\r\n".join(lines) + "\r\n"
    try:
        return text.encode("cp950")
    except UnicodeEncodeError as exc:
        raise SystemExit(
            f"cannot write a Big5 copy: {text[exc.start : exc.end]!r} has no Big5 code; "
            "set big5_txt: false for this sample"
        ) from exc


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def build(
    samples_dir: Path,
    *,
    only: Sequence[str] = (),
    pdf: bool = True,
    force: bool = False,
    log=print,
) -> list[Path]:
    """Build the samples; returns the files written."""
    defaults, config = load_config(samples_dir / "build.yaml")
    sources = {p.stem: p for p in sorted(samples_dir.glob("*.md")) if p.stem.upper() != "README"}
    for name in only:
        if name not in sources:
            raise SystemExit(f"no sample named {name!r} (no {samples_dir / (name + '.md')})")
    for name in sorted(set(config) - set(sources)):
        log(f"note: build.yaml lists {name!r} but there is no {name}.md")
    written: list[Path] = []
    need_pdf: list[Path] = []
    for name, src in sources.items():
        if only and name not in only:
            continue
        opts = {**defaults, **config.get(name, {})}
        source = src.read_text(encoding="utf-8")
        items = docgen.parse_source(source)
        title = next((i.text for i in items if i.kind == "title"), "")
        notes: list[str] = []
        tmp = samples_dir / f".{name}.docx.tmp"
        try:
            docgen.build_docx(
                source,
                tmp,
                auto_number=opts["auto_number"],
                header=_header(opts["header"], title),
                footer_page_numbers=bool(opts["footer_page_numbers"]),
                font=str(opts["font"]),
                notes=notes,
            )
            data = tmp.read_bytes()
        finally:
            tmp.unlink(missing_ok=True)
        for note in notes:
            log(f"{name}: auto numbering: {note}")
        out = samples_dir / f"{name}.docx"
        changed = _write_if_changed(out, data)
        if changed:
            written.append(out)
        pdf_path = out.with_suffix(".pdf")
        if pdf and opts["pdf"] and (changed or force or not pdf_path.exists()):
            need_pdf.append(out)
        if opts["big5_txt"]:
            txt = samples_dir / f"{name}.big5.txt"
            if _write_if_changed(txt, big5_text(source)):
                written.append(txt)
        log(f"{name}: docx {'written' if changed else 'unchanged'}")
    if need_pdf:
        log(f"rendering {len(need_pdf)} PDF(s) with LibreOffice ...")
        written.extend(docgen.docx_to_pdf_many(need_pdf, samples_dir))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build samples/*.docx and *.pdf from samples/*.md")
    ap.add_argument("--only", action="append", default=[], metavar="NAME", help="only this sample")
    ap.add_argument("--samples", type=Path, default=REPO / "samples", help="samples folder")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDFs (no LibreOffice)")
    ap.add_argument("--force", action="store_true", help="re-render PDFs even if unchanged")
    args = ap.parse_args(argv)
    written = build(args.samples, only=args.only, pdf=not args.no_pdf, force=args.force)
    print(f"{len(written)} file(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
