"""``scan()``: check an archive of contracts — walk, hash, skip what is unchanged, check the
rest in parallel, store each result as it arrives, and reconcile the counts at the end:

    files seen = checked + unchanged (skipped) + duplicates + failed
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.batch.profiles import Rule, profile_for
from clausecheck.batch.runner import DaskRunner, LocalRunner, SerialRunner, resolve_jobs
from clausecheck.batch.store import Row, Store
from clausecheck.batch.walk import Item, Walker
from clausecheck.batch.worker import Outcome, Task
from clausecheck.extract.limits import Limits
from clausecheck.library.load import load_library
from clausecheck.profile import Profile


@dataclass
class ScanOptions:
    paths: list[str]
    recursive: bool = True
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    jobs: int | None = None
    db: str = "clausecheck.sqlite"
    profile: Profile = field(default_factory=Profile)
    rules: list[Rule] = field(default_factory=list)
    libraries: tuple[str, ...] = ()
    force: bool = False
    executor: str = "local"
    scheduler: object | None = None
    shared_paths: bool = False
    report_dir: str | None = None
    report_format: str = "json"
    lang: str = "zh"
    ocr: str = "auto"  # auto | always | never
    password: str | None = None  # tried on every encrypted PDF
    limits: Limits | None = None  # None: from the environment, in each worker


@dataclass
class ScanReport:
    seen: int = 0
    checked: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, status, reason)
    paths: list[str] = field(default_factory=list)
    interrupted: bool = False
    seconds: float = 0.0
    db: str = ""
    done: set[str] = field(default_factory=set)  # paths whose row is in the store

    @property
    def reconciled(self) -> bool:
        return self.seen == self.checked + self.unchanged + self.duplicates + len(self.failed)

    def line(self) -> str:
        s = (f"files seen {self.seen} = checked {self.checked} + unchanged {self.unchanged} "
             f"+ duplicates {self.duplicates} + failed {len(self.failed)}")
        if self.interrupted:
            s += " (interrupted: the rest were not reached; rerun to resume)"
        return s

    def failures_by_reason(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for path, status, _ in self.failed:
            out[status].append(path)
        return dict(out)


def reading_key(opts: ScanOptions) -> str:
    """How documents are read (OCR mode, limits): part of the store key, so that a rescan with
    a higher page limit or OCR switched on rechecks what was cut or skipped before."""
    lim = opts.limits or Limits.resolve()
    return f"/ocr={opts.ocr},pages={lim.max_pages},chars={lim.max_chars},time={lim.time_budget:g}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


ProgressFn = Callable[[Outcome | None, int], None]


def scan(opts: ScanOptions, progress: ProgressFn | None = None, on_total: Callable[[int], None] | None = None) -> ScanReport:
    t0 = time.perf_counter()
    report = ScanReport(db=opts.db)
    library = load_library(list(opts.libraries))
    store = Store(opts.db)
    try:
        with Walker(opts.paths, opts.recursive, opts.include, opts.exclude) as walker:
            items = list(walker)
            report.seen = len(items)
            report.paths = [i.display for i in items]
            tasks, dup_of = _plan(items, opts, library.version, store, report)
            if on_total:
                on_total(len(tasks))
            _run(tasks, dup_of, items, opts, library.version, store, report, progress)
    finally:
        store.close()
    report.seconds = time.perf_counter() - t0
    return report


def _plan(items: list[Item], opts: ScanOptions, version: str, store: Store, report: ScanReport):
    """Decide per item: failed already (unreadable path), unchanged, duplicate, or to check."""
    tasks: list[Task] = []
    first_by_key: dict[tuple[str, str], str] = {}
    dup_of: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.path is None:
            report.failed.append((item.display, "unreadable", item.error))
            store.put(Row(item.display, "", item.size, item.mtime, version, "", "failed", "failed",
                          {}, {}, None, item.error, 0.0))
            continue
        try:
            sha = _sha256(item.path)
        except OSError as exc:
            report.failed.append((item.display, "unreadable", str(exc)))
            continue
        profile = profile_for(item.display, opts.rules, opts.profile)
        key = profile.key() + reading_key(opts)
        if not opts.force and store.unchanged(item.display, sha, version, key):
            report.unchanged += 1
            continue
        first = first_by_key.get((sha, key))
        if first is not None:
            dup_of[first].append(item)
            continue
        first_by_key[(sha, key)] = item.display
        tasks.append(Task(
            display=item.display, path=str(item.path), sha256=sha,
            profile={"firm_type": profile.firm_type, "tier": profile.tier, "foreign": profile.foreign,
                     "scope": profile.scope},
            libraries=opts.libraries, suffix=item.path.suffix,
            report_format=opts.report_format if opts.report_dir else None, lang=opts.lang,
            password=opts.password, ocr=opts.ocr, limits=opts.limits,
        ))
    return tasks, dup_of


def _runner(opts: ScanOptions, n_tasks: int):
    if opts.executor == "dask":
        return DaskRunner(opts.scheduler or "tcp://127.0.0.1:8786", opts.libraries, opts.shared_paths)
    jobs = min(resolve_jobs(opts.jobs), max(n_tasks, 1))
    return SerialRunner(opts.libraries) if jobs == 1 else LocalRunner(jobs, opts.libraries)


def _run(tasks, dup_of, items, opts, version, store, report, progress) -> None:
    if not tasks:
        return
    by_display = {i.display: i for i in items}
    profiles = {t.display: t for t in tasks}
    runner = _runner(opts, len(tasks))
    done = 0
    try:
        for out in runner.run(tasks):
            done += 1
            task = profiles.get(out.display)
            item = by_display.get(out.display)
            key = Profile(**task.profile).key() + reading_key(opts) if task else ""
            _record(store, report, out, item, key, version, outcome_ok="checked")
            _write_report(opts, out)
            for dup in dup_of.get(out.display, []):
                copy = Outcome(dup.display, out.sha256, out.ok, out.status, out.summary, out.statuses,
                               out.report, None, out.error, 0.0, out.library_version)
                _record(store, report, copy, dup, key, version, outcome_ok="duplicate", duplicate_of=out.display)
            if progress:
                progress(out, done)
    except KeyboardInterrupt:
        report.interrupted = True
        # What was not reached is listed as failed ("interrupted") so the counts still add up;
        # nothing of it is in the store, so the next run checks it.
        report.failed.extend(
            (t.display, "interrupted", "not checked: the scan was interrupted")
            for t in tasks if t.display not in report.done
        )
        report.failed.extend(
            (d.display, "interrupted", "not checked: the scan was interrupted")
            for ds in dup_of.values() for d in ds if d.display not in report.done
        )
    finally:
        with contextlib.suppress(Exception):
            runner.close()


def _record(store, report, out: Outcome, item: Item | None, key: str, version: str, outcome_ok: str,
            duplicate_of: str = "") -> None:
    report.done.add(out.display)
    if out.ok:
        if outcome_ok == "checked":
            report.checked += 1
        else:
            report.duplicates += 1
        outcome = outcome_ok
    else:
        report.failed.append((out.display, out.status, out.error))
        outcome = "failed"
    store.put(Row(
        path=out.display, sha256=out.sha256, size=item.size if item else 0, mtime=item.mtime if item else 0.0,
        library_version=version, profile=key, status=out.status, outcome=outcome, summary=out.summary,
        statuses=out.statuses, report=out.report, error=out.error, seconds=out.seconds, duplicate_of=duplicate_of,
    ))


def _write_report(opts: ScanOptions, out: Outcome) -> None:
    if not opts.report_dir or out.rendered is None:
        return
    from clausecheck.report import BINARY

    ext = {"json": "json", "text": "txt", "markdown": "md", "html": "html", "docx": "docx", "checklist": "xlsx"}
    safe = out.display.replace("!/", "__").replace("/", "__").replace("\\", "__").lstrip("._")
    dest = Path(opts.report_dir) / f"{safe}.{ext.get(opts.report_format, 'txt')}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    if opts.report_format in BINARY or isinstance(out.rendered, bytes):
        dest.write_bytes(out.rendered if isinstance(out.rendered, bytes) else out.rendered.encode())
    else:
        dest.write_text(out.rendered, encoding="utf-8")


