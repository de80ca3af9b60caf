"""`make bench`: speed and memory figures of clausecheck. A benchmark, not a test: it fails
nothing, it informs. Every figure is the median of several runs.

Figures: library load time; matching time for all 45 requirements over a 30-page contract
(ms per page); cold `clausecheck check` wall time and peak memory for a 20-page PDF;
extraction pages/s for PDF and DOCX next to raw pypdfium2 and pdfplumber; documents/s of
`scan` with 1 and 2 workers on 500 generated contracts, the unchanged-rescan ratio, and peak
memory per worker.

Environment: BENCH_DOCS (default 200), BENCH_SCAN_DOCS (500), BENCH_RUNS (5), BENCH_QUICK=1
for a fast smoke run.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import make_corpus  # noqa: E402
from extraction import page_count  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK") == "1"
RUNS = int(os.environ.get("BENCH_RUNS", "3" if QUICK else "5"))
N_DOCS = int(os.environ.get("BENCH_DOCS", "20" if QUICK else "200"))
N_SCAN = int(os.environ.get("BENCH_SCAN_DOCS", "60" if QUICK else "500"))
CLI = [sys.executable, "-m", "clausecheck"]


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def timed(fn, runs: int = RUNS) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return median(times), out


def section(title: str) -> None:
    print(f"\n== {title}")


def bench_library() -> None:
    section("library")
    code = (
        "import time, spacy, clausecheck.check as c, clausecheck.library.load as l;"
        "t=time.perf_counter(); lib=l.load_library(); e=c.engine_for(lib); e.warm();"
        "[p.regex for p in e.regexes];"
        "print(time.perf_counter()-t, len(lib))"
    )

    def fresh_process(cache_dir: str) -> tuple[float, int]:
        env = {**os.environ, "CLAUSECHECK_CACHE_DIR": cache_dir}
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env=env).stdout.split()
        return float(out[0]), int(out[1])

    with tempfile.TemporaryDirectory() as tmp:
        first, n = fresh_process(tmp)  # reads the files, writes the cache
        warm = median(fresh_process(tmp)[0] for _ in range(RUNS))
    off = median(fresh_process("")[0] for _ in range(RUNS))
    imp = []
    for _ in range(RUNS):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import clausecheck.check, spacy"], check=True)
        imp.append(time.perf_counter() - t)
    print(f"load {n} requirements + build the matchers + compile every regex (fresh process):")
    print(f"  from the library cache: {warm * 1000:.0f} ms  [target < 500 ms]")
    print(f"  first run after a library change (reads the files, writes the cache): {first * 1000:.0f} ms")
    print(f"  cache off (CLAUSECHECK_CACHE_DIR=): {off * 1000:.0f} ms")
    print(f"python start + imports (spaCy included): {median(imp) * 1000:.0f} ms")


def pick(manifest: list[dict], lang: str, pages: int) -> dict:
    cands = [m for m in manifest if m["lang"] == lang and m["pdf"]] or [m for m in manifest if m["lang"] == lang]
    return min(cands, key=lambda m: abs((page_count(m["pdf"]) if m["pdf"] else m["pages_target"]) - pages))


def bench_matching(manifest: list[dict]) -> None:
    from clausecheck.check import engine_for
    from clausecheck.extract import extract
    from clausecheck.library.load import load_library
    from clausecheck.match.decide import evaluate
    from clausecheck.match.scope import infer_scope
    from clausecheck.match.segment import prepare
    from clausecheck.profile import Applicability, Profile

    section("matching (library loaded, document extracted)")
    lib = load_library()
    engine = engine_for(lib)
    engine.warm()
    for lang in ("zh", "en"):
        m = pick(manifest, lang, 30)
        src = m["pdf"] or m["docx"]
        doc = extract(src)
        pages = doc.pages or m["pages_target"]

        def run(doc=doc):
            prepared = prepare(doc)
            hits = engine.find(prepared)
            scope = infer_scope(prepared, lib, engine, hits)
            app = Applicability(Profile(), {k: v.value for k, v in scope.items()})
            return [evaluate(r, hits, prepared, app, engine) for r in lib]

        first, _ = timed(run, runs=1)  # the first document also compiles the regexes it can match
        secs, _ = timed(run)
        prep, _ = timed(lambda doc=doc: prepare(doc))
        print(f"{lang}: {len(lib)} requirements over {pages} pages ({len(doc.text):,} chars): {secs * 1000:.0f} ms "
              f"= {secs * 1000 / pages:.1f} ms/page (normalise+segment {prep * 1000:.0f} ms; first document after "
              f"load {first * 1000:.0f} ms)  [target < 300 ms at 30 p.]")


def bench_cold_check(manifest: list[dict]) -> None:
    section("cold `clausecheck check` (process start to report)")
    for lang in ("zh", "en"):
        m = pick(manifest, lang, 20)
        src = m["pdf"] or m["docx"]
        times, rss = [], []
        for _ in range(RUNS):
            code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
                    f"subprocess.run({CLI + ['check', src, '--format', 'json', '--fail-on', 'never']!r},stdout=subprocess.DEVNULL);"
                    "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
            times.append(float(out[0]))
            rss.append(int(out[1]) / 1024)
        pages = page_count(src) if src.endswith(".pdf") else m["pages_target"]
        print(f"{lang}: {Path(src).suffix[1:]} of {pages} pages: {median(times):.2f} s wall, peak RSS {max(rss):.0f} MB")


def bench_extraction(manifest: list[dict]) -> None:
    section("extraction")
    from clausecheck.extract import extract

    pdfs = [Path(m["pdf"]) for m in manifest if m["pdf"]][:40]
    try:
        import extraction  # bench/extraction.py

        figures = extraction.run(pdfs, runs=min(RUNS, 3)) if pdfs else {}
        for line in extraction.format_figures(figures) if hasattr(extraction, "format_figures") else [str(figures)]:
            print(line)
    except ImportError as exc:
        print(f"(bench/extraction.py unavailable: {exc})")
    docx = [m for m in manifest if m["pdf"]][:40]
    if docx:
        pages = sum(page_count(m["pdf"]) for m in docx)
        secs, _ = timed(lambda: [extract(m["docx"]) for m in docx], runs=min(RUNS, 3))
        print(f"DOCX: {pages / secs:.0f} pages/s with clausecheck ({len(docx)} files, {pages} pages as printed)")


def bench_scan() -> None:
    section(f"scan of {N_SCAN} generated contracts")
    from clausecheck.batch.scan import ScanOptions, scan

    manifest = make_corpus(N_SCAN, seed=11, pdf=False, min_pages=3, max_pages=12)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "archive"
        folder.mkdir()
        for m in manifest:
            os.link(m["docx"], folder / Path(m["docx"]).name)
        rates = {}
        for jobs in (1, 2):
            db = Path(tmp) / f"r{jobs}.sqlite"
            t = time.perf_counter()
            rep = scan(ScanOptions(paths=[str(folder)], db=str(db), jobs=jobs))
            secs = time.perf_counter() - t
            rates[jobs] = rep.checked / secs
            print(f"{jobs} worker(s): {rep.checked} checked in {secs:.1f} s = {rates[jobs]:.1f} documents/s")
        print(f"scaling efficiency 2 workers: {rates[2] / (2 * rates[1]) * 100:.0f}%")
        t = time.perf_counter()
        rep = scan(ScanOptions(paths=[str(folder)], db=str(Path(tmp) / "r2.sqlite"), jobs=2))
        rescan = time.perf_counter() - t
        print(f"unchanged rescan: {rescan:.2f} s = {rescan / (rep.unchanged / rates[2]) * 100:.1f}% of the first scan "
              f"({rep.unchanged} unchanged)")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one worker process: {rss:.0f} MB")


def main() -> None:
    print(f"clausecheck bench: runs={RUNS}, corpus={N_DOCS} contracts, scan={N_SCAN}{' (quick)' if QUICK else ''}")
    t = time.perf_counter()
    manifest = make_corpus(N_DOCS, min_pages=10, max_pages=60)
    print(f"corpus ready in {time.perf_counter() - t:.0f} s: {sum(1 for m in manifest if m['pdf'])} PDF, {len(manifest)} DOCX")
    bench_library()
    bench_matching(manifest)
    bench_cold_check(manifest)
    bench_extraction(manifest)
    bench_scan()


if __name__ == "__main__":
    main()
