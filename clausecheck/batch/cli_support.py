"""The ``scan`` command's body: options in, progress on stderr, reconciliation line out."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from clausecheck.batch.profiles import load_profiles
from clausecheck.batch.scan import ScanOptions, ScanReport, scan
from clausecheck.batch.store import Store
from clausecheck.batch.summary import write_dashboard, write_summary
from clausecheck.errors import ExitCode
from clausecheck.library.load import load_library
from clausecheck.profile import Profile, parse_scope


class Progress:
    """A rich progress bar on stderr: files done/total, files/s, ETA, failures so far."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.failures = 0
        self._bar = None
        self._task = None

    def start(self, total: int) -> None:
        if not self.enabled or total == 0:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        self._bar = Bar(
            TextColumn("[bold]scan"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:.1f} files/s"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), TextColumn("[red]{task.fields[failed]} failed"),
            console=Console(stderr=True), transient=False,
        )
        self._bar.start()
        self._task = self._bar.add_task("scan", total=total, rate=0.0, failed=0)

    def update(self, outcome, done: int) -> None:
        if outcome is not None and not outcome.ok:
            self.failures += 1
        if self._bar is not None:
            elapsed = self._bar.tasks[0].elapsed or 1e-9
            self._bar.update(self._task, completed=done, rate=done / elapsed, failed=self.failures)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def run_scan(o: dict[str, Any]) -> int:
    from clausecheck.extract.limits import Limits

    profile = Profile(firm_type=o["firm_type"], tier=int(o["tier"]), foreign=o["foreign"], scope=parse_scope(o["scope"]))
    # Resolved here, from the options and this machine's environment, so remote workers read
    # with the same limits.
    limits = Limits.resolve(max_pages=o.get("max_pages"), time_budget=o.get("time_budget"))
    opts = ScanOptions(
        paths=list(o["paths"]), recursive=o["recursive"], include=list(o["include"]), exclude=list(o["exclude"]),
        jobs=o["jobs"], db=o["db"], profile=profile,
        rules=load_profiles(o["profiles_file"]) if o["profiles_file"] else [],
        libraries=tuple(o["libraries"]), force=o["force"], executor=o["executor"], scheduler=o["scheduler"],
        shared_paths=o["shared_paths"], report_dir=o["report_dir"], report_format=o["report_format"], lang=o["lang"],
        ocr=o.get("ocr", "auto"), password=o.get("password"), limits=limits,
    )
    progress = Progress(enabled=not o["quiet"] and sys.stderr.isatty())
    try:
        report = scan(opts, progress=progress.update, on_total=progress.start)
    finally:
        progress.stop()
    _outputs(opts, report, o)
    if o["fmt"] == "json":
        click.echo(json.dumps(_as_json(report), ensure_ascii=False, indent=2))
    else:
        _print_text(report)
    if report.interrupted:
        return int(ExitCode.INTERRUPTED)
    return int(ExitCode.OK)


def _outputs(opts: ScanOptions, report: ScanReport, o: dict[str, Any]) -> None:
    if not (o["summary_file"] or o["dashboard"]):
        return
    library = load_library(list(opts.libraries))
    store = Store(opts.db)
    try:
        rows = store.rows(report.paths)
    finally:
        store.close()
    if o["summary_file"]:
        write_summary(rows, list(library.requirements), o["summary_file"])
    if o["dashboard"]:
        titles = {r.id: r.title(o["lang"]) for r in library}
        write_dashboard(rows, titles, o["dashboard"], o["lang"])


def _as_json(report: ScanReport) -> dict[str, Any]:
    return {
        "seen": report.seen, "checked": report.checked, "unchanged": report.unchanged,
        "duplicates": report.duplicates, "failed": [
            {"path": p, "status": s, "reason": r} for p, s, r in report.failed
        ],
        "interrupted": report.interrupted, "seconds": round(report.seconds, 3), "db": report.db,
        "reconciled": report.reconciled,
    }


def _print_text(report: ScanReport) -> None:
    click.echo(f"{report.line()}  [{report.seconds:.1f} s, results in {report.db}]")
    for status, paths in sorted(report.failures_by_reason().items()):
        click.echo(f"  failed ({status}): {len(paths)}")
        for p in paths[:100]:
            reason = next(r for q, s, r in report.failed if q == p)
            click.echo(f"    {p}: {reason}")
