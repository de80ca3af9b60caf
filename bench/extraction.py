"""PDF extraction speed: clausecheck next to the raw libraries it is built on.

A benchmark, not a test: it fails nothing. For the same files it times

- clausecheck's ``extract`` (pdfium text with boxes, lines, blocks, headers, tables, checks),
- raw pypdfium2 (``get_text_range`` on every page: the floor),
- pdfplumber's ``extract_text`` on every page (what the pure-Python stack costs),

and reports pages per second and the ratios between them, each the median of several runs;
then the cost of ``clausecheck.normalize.normalize`` per page of extracted text.

    python bench/extraction.py [FILE.pdf ...] [--runs N]

Default files: ../shared/fixtures/real/*.pdf and samples/*.pdf. ``bench/run.py`` calls
:func:`run` and :func:`format_figures` on its generated corpus.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "fixtures" / "real"


def default_files() -> list[Path]:
    return sorted(REAL.glob("*.pdf")) + sorted((ROOT / "samples").glob("*.pdf"))


def _median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_count(path: str | Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def _raw_pypdfium2(files: list[Path]) -> None:
    import pypdfium2 as pdfium

    for path in files:
        pdf = pdfium.PdfDocument(path)
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        pdf.close()


def _pdfplumber(files: list[Path]) -> None:
    import pdfplumber

    for path in files:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()


def _clausecheck(files: list[Path]) -> None:
    from clausecheck.extract import extract

    for path in files:
        extract(path)


def run(files: list[Path], runs: int = 5) -> dict:
    """Time the three extractors on ``files``; return the figures as a dict.

    Files that pypdfium2 cannot open (encrypted, damaged) are left out and listed under
    ``skipped``. pdfplumber, being the slowest by far, runs at most three times.
    """
    from clausecheck.extract import extract
    from clausecheck.normalize import normalize

    usable: list[Path] = []
    skipped: list[str] = []
    pages = 0
    for path in files:
        try:
            pages += page_count(path)
            extract(path)  # warm-up, and a check that clausecheck reads it
            usable.append(path)
        except Exception as exc:  # a benchmark reports what it could not read, and goes on
            skipped.append(f"{path.name}: {type(exc).__name__}")
    if not usable or not pages:
        return {"files": 0, "pages": 0, "skipped": skipped}
    pages = sum(page_count(p) for p in usable)

    seconds = {
        "clausecheck": _median_time(lambda: _clausecheck(usable), runs),
        "pypdfium2": _median_time(lambda: _raw_pypdfium2(usable), runs),
        "pdfplumber": _median_time(lambda: _pdfplumber(usable), min(runs, 3)),
    }
    per_s = {name: pages / s if s > 0 else float("inf") for name, s in seconds.items()}

    page_texts: list[str] = []
    for path in usable:
        doc = extract(path)
        by_page: dict[int, list[str]] = {}
        for block in doc.blocks:
            by_page.setdefault(block.location.page or 0, []).append(block.text)
        page_texts.extend("\n".join(texts) for texts in by_page.values())
    norm_seconds = _median_time(lambda: [normalize(t) for t in page_texts], runs)

    return {
        "files": len(usable),
        "pages": pages,
        "runs": runs,
        "pages_per_s": per_s,
        "ms_per_page": {name: 1000 * s / pages for name, s in seconds.items()},
        "ratio": {
            "clausecheck_vs_pypdfium2": per_s["clausecheck"] / per_s["pypdfium2"],
            "clausecheck_vs_pdfplumber": per_s["clausecheck"] / per_s["pdfplumber"],
        },
        "normalize_ms_per_page": 1000 * norm_seconds / max(len(page_texts), 1),
        "normalize_chars_per_page": statistics.mean(len(t) for t in page_texts) if page_texts else 0,
        "skipped": skipped,
    }


def format_figures(figures: dict) -> list[str]:
    """The figures of :func:`run` as lines of text."""
    if not figures.get("pages"):
        return ["no readable PDF files" + (f" (skipped: {figures.get('skipped')})" if figures.get("skipped") else "")]
    per_s, ms, ratio = figures["pages_per_s"], figures["ms_per_page"], figures["ratio"]
    lines = [
        f"{figures['files']} PDF files, {figures['pages']} pages, median of {figures['runs']} runs",
        f"  clausecheck extract : {per_s['clausecheck']:8.0f} pages/s ({ms['clausecheck']:.1f} ms/page)",
        f"  raw pypdfium2 text  : {per_s['pypdfium2']:8.0f} pages/s ({ms['pypdfium2']:.1f} ms/page)",
        f"  pdfplumber text     : {per_s['pdfplumber']:8.0f} pages/s ({ms['pdfplumber']:.1f} ms/page)",
        f"  clausecheck / pypdfium2 = {ratio['clausecheck_vs_pypdfium2']:.2f}x, "
        f"clausecheck / pdfplumber = {ratio['clausecheck_vs_pdfplumber']:.1f}x",
        f"  normalize: {figures['normalize_ms_per_page']:.2f} ms per page "
        f"({figures['normalize_chars_per_page']:.0f} chars per page on average)",
    ]
    if figures.get("skipped"):
        lines.append(f"  skipped: {', '.join(figures['skipped'])}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="PDF files (default: real fixtures and samples)")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure; the median is reported")
    args = parser.parse_args(argv)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # its warnings on damaged streams
    files = args.files or default_files()
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 1
    for line in format_figures(run(files, runs=args.runs)):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
