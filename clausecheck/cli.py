"""The command line: a thin layer over the library API (``clausecheck.check`` and friends).

Exit codes are :class:`clausecheck.errors.ExitCode`. Errors are one line on stderr that says
what to do; the report goes to stdout or ``--output``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from clausecheck import __version__
from clausecheck.errors import ClauseCheckError, ExitCode, InputError, UsageError
from clausecheck.gate import FAIL_ON, STRENGTH
from clausecheck.profile import FIRM_TYPES, Profile, parse_scope

CHECK_FORMATS = ["text", "json", "markdown", "html", "docx", "checklist"]


def profile_options(f):
    """The options that describe who the contract is for; shared by check, diff, scan, eval."""
    options = [
        click.option("--firm-type", type=click.Choice(FIRM_TYPES), default="fcm", show_default=True,
                     help="fcm = 期貨商, leverage_dealer = 槓桿交易商, futures_service = 期貨服務事業"),
        click.option("--tier", type=click.Choice(["1", "2"]), default="1", show_default=True,
                     help="1 = 第一類期貨商 (strictest), 2 = 第二類"),
        click.option("--foreign", is_flag=True, help="a local branch/subsidiary of a foreign group"),
        click.option("--scope", "scope", default="auto", show_default=True,
                     help="auto (infer from the text), none, or a comma list of: over_one_year, "
                          "development, cloud, core_system, trading_host, internet_facing"),
        click.option("--library", "libraries", multiple=True, type=click.Path(exists=True),
                     help="extra requirement folder/file overlaid on the built-in library (repeatable)"),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def reading_options(f):
    """How a document is read: OCR, password, limits; shared by check, extract and scan."""
    options = [
        click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     help="auto = OCR pages with no usable text layer (scans) and image files; "
                          "always = OCR every page; never = report scans as needs_ocr"),
        click.option("--password", help="password of an encrypted PDF"),
        click.option("--max-pages", type=click.IntRange(min=1), default=None,
                     help="read at most this many pages; the rest is cut and the document is partial "
                          "[default: $CLAUSECHECK_MAX_PAGES or 1000]"),
        click.option("--time-budget", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="seconds one document may take to read (OCR included) before it is cut "
                          "[default: $CLAUSECHECK_TIME_BUDGET or 600]"),
    ]
    for opt in reversed(options):
        f = opt(f)
    return f


def make_limits(max_pages: int | None, time_budget: float | None):
    from clausecheck.extract.limits import Limits

    return Limits.resolve(max_pages=max_pages, time_budget=time_budget)


def make_profile(firm_type: str, tier: str, foreign: bool, scope: str) -> Profile:
    return Profile(firm_type=firm_type, tier=int(tier), foreign=foreign, scope=parse_scope(scope))


def _fail(exc: ClauseCheckError) -> None:
    click.echo(f"clausecheck: {exc}", err=True)
    sys.exit(int(exc.exit_code))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clausecheck")
def cli() -> None:
    """Check IT-outsourcing contracts against the futures-industry rule on information-service
    vendors (期貨業資訊服務供應商管理自律規範)."""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@profile_options
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="write the report here")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="missing", show_default=True,
              help="missing = missing or conflict; weak = also weak; conflict = only conflicts; never")
@click.option("--strength", type=click.Choice(STRENGTH), default="must", show_default=True,
              help="must = only 應 requirements fail the gate; should = 宜 requirements too")
@reading_options
@click.option("--redact-evidence", is_flag=True, help="leave quotes out of the report (locations only)")
def check(file, firm_type, tier, foreign, scope, libraries, fmt, output, lang, fail_on, strength,
          ocr, password, max_pages, time_budget, redact_evidence) -> None:
    """Check one contract and report each requirement's status."""
    from clausecheck.check import check as run_check
    from clausecheck.gate import exit_code
    from clausecheck.library.load import load_library
    from clausecheck.report import BINARY, render

    try:
        profile = make_profile(firm_type, tier, foreign, scope)
        limits = make_limits(max_pages, time_budget)
        library = load_library(list(libraries))
        if fmt in BINARY and not output:
            raise UsageError(f"--format {fmt} writes a binary file: give --output FILE")
        try:
            result = run_check(file, profile, library, password=password, redact=redact_evidence,
                               ocr=ocr, limits=limits)
        except InputError as exc:
            click.echo(f"clausecheck: {exc}", err=True)
            if fmt == "json":
                click.echo(json.dumps({"document": {"path": str(file), "status": exc.status,
                                                    "error": str(exc)}}, ensure_ascii=False))
            sys.exit(int(ExitCode.INPUT_UNREADABLE))
        report = render(result, fmt, lang, Path(output) if output else None, library=library)
        _write(report, output, color=fmt == "text")
        if not result.document.checkable:
            click.echo(f"clausecheck: {file}: not checked, document status {result.document.status}: "
                       + "; ".join(result.document.warnings), err=True)
        sys.exit(int(exit_code(result, fail_on, strength)))
    except ClauseCheckError as exc:
        _fail(exc)


def _write(report: str | bytes, output: str | None, color: bool = False) -> None:
    """Write to --output or stdout. Text reports decide their own colour (NO_COLOR, TTY), so
    click must not strip it again."""
    if output:
        mode = "wb" if isinstance(report, bytes) else "w"
        with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as fh:
            fh.write(report)
    else:
        click.echo(report, nl=False, color=True if color else None)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@reading_options
def extract(file, fmt, ocr, password, max_pages, time_budget) -> None:
    """Show what the tool read: text with rebuilt numbering, or blocks with locations (json)."""
    from clausecheck.extract import extract as run_extract

    try:
        doc = run_extract(file, password=password, ocr=ocr, limits=make_limits(max_pages, time_budget))
    except ClauseCheckError as exc:
        _fail(exc)
        return
    if fmt == "json":
        click.echo(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        for w in doc.warnings:
            click.echo(f"! {w}", err=True)
        click.echo(doc.text)
    sys.exit(int(ExitCode.OK if doc.checkable else ExitCode.INPUT_UNREADABLE))


@cli.group()
def library() -> None:
    """Inspect and test the clause library."""


@library.command("test")
@click.option("--library", "libraries", multiple=True, type=click.Path(exists=True))
@click.option("--only", multiple=True, help="only these requirement ids")
@click.option("--verbose", "-v", is_flag=True)
def library_test(libraries, only, verbose) -> None:
    """Run every requirement's example sentences; exit 1 if any comes out wrong."""
    from clausecheck.library.load import load_library
    from clausecheck.library.selftest import coverage_problems, run_examples

    try:
        lib = load_library(list(libraries))
    except ClauseCheckError as exc:
        _fail(exc)
        return
    results = run_examples(lib, list(only) or None)
    failed = [r for r in results if not r.ok]
    for r in results:
        if verbose or not r.ok:
            mark = "ok  " if r.ok else "FAIL"
            click.echo(f"{mark} {r.requirement} [{r.kind} → {r.got}] {r.text}")
            if r.detail:
                click.echo(f"       {r.detail}")
    problems = [] if only else coverage_problems(lib)
    for p in problems:
        click.echo(f"COVERAGE {p}")
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed "
               f"({len(lib)} requirements, {len(results)} examples)")
    sys.exit(1 if failed or problems else 0)


@library.command("list")
@click.option("--library", "libraries", multiple=True, type=click.Path(exists=True))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh")
def library_list(libraries, lang) -> None:
    """List the requirements with their citation, strength and when they apply."""
    from clausecheck.library.load import load_library

    try:
        lib = load_library(list(libraries))
    except ClauseCheckError as exc:
        _fail(exc)
        return
    for r in lib:
        applies = ", ".join(f"{k}={v}" for k, v in r.applies.items()) or "always"
        click.echo(f"{r.id:<28} {r.citation:<18} {r.strength:<6} {applies:<22} {r.title(lang)}")
    click.echo(f"library {lib.version}: {len(lib)} requirements")


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--recursive/--no-recursive", default=True, show_default=True)
@click.option("--include", multiple=True, help="only files matching this glob (repeatable)")
@click.option("--exclude", multiple=True, help="skip files matching this glob (repeatable)")
@click.option("--jobs", "-j", type=int, default=None, help="worker processes (default: CPUs; N<=0 means CPUs+N)")
@click.option("--db", default="clausecheck.sqlite", show_default=True, help="results store (SQLite)")
@click.option("--profiles", "profiles_file", type=click.Path(exists=True, dir_okay=False),
              help="CSV/YAML mapping files or folders to firm type, tier and scope")
@profile_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--summary", "summary_file", type=click.Path(dir_okay=False), help="summary table: FILE.xlsx or FILE.csv")
@click.option("--report-dir", type=click.Path(file_okay=False), help="write each contract's report here")
@click.option("--report-format", type=click.Choice(CHECK_FORMATS), default="json", show_default=True)
@click.option("--dashboard", type=click.Path(dir_okay=False), help="archive dashboard: FILE.html")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="dask scheduler address, e.g. tcp://HOST:8786")
@click.option("--shared-paths", is_flag=True, help="dask workers read the files from the same paths")
@click.option("--force", is_flag=True, help="recheck everything, even unchanged documents")
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@reading_options
def scan(paths, recursive, include, exclude, jobs, db, profiles_file, firm_type, tier, foreign, scope,
         libraries, fmt, summary_file, report_dir, report_format, dashboard, executor, scheduler,
         shared_paths, force, quiet, lang, ocr, password, max_pages, time_budget) -> None:
    """Check every contract under PATHS (folders, files, zip archives), in parallel and
    resumably; results go to the --db store as each document finishes."""
    from clausecheck.batch.cli_support import run_scan

    try:
        code = run_scan(locals())
    except ClauseCheckError as exc:
        _fail(exc)
        return
    sys.exit(code)


@cli.command("eval")
@click.argument("folder", type=click.Path(exists=True, file_okay=False), default="samples")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--formats", default="txt,docx,pdf", show_default=True, help="which file formats to evaluate")
@click.option("--library", "libraries", multiple=True, type=click.Path(exists=True))
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True))
@click.option("--split", type=click.Choice(["all", "tuning", "holdout"]), default="all", show_default=True,
              help="tuning: only samples that may be used to tune patterns; holdout: only the held-out ones")
def eval_command(folder, fmt, formats, libraries, output, split) -> None:
    """Score the checker against the labelled samples in FOLDER; exit 1 below the thresholds
    in FOLDER/eval-thresholds.yaml."""
    from clausecheck.evaluate.render import render_json, render_text
    from clausecheck.evaluate.run import evaluate
    from clausecheck.library.load import load_library

    try:
        lib = load_library(list(libraries))
        report = evaluate(Path(folder), [f.strip() for f in formats.split(",") if f.strip()], lib, split)
    except ClauseCheckError as exc:
        _fail(exc)
        return
    _write(render_json(report) if fmt == "json" else render_text(report), output)
    sys.exit(0 if not report.failures else 1)


@cli.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@profile_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="write the report here")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--fail-on-regression", is_flag=True,
              help="exit 1 when a requirement got weaker, disappeared or became a conflict")
@click.option("--password", help="password of encrypted PDFs")
@click.option("--redact-evidence", is_flag=True, help="leave quotes out of the report (locations only)")
def diff(old, new, firm_type, tier, foreign, scope, libraries, fmt, output, lang, fail_on_regression,
         password, redact_evidence) -> None:
    """Compare two drafts: which requirements improved, got weaker, disappeared or became a
    conflict, with both drafts' evidence side by side."""
    from clausecheck.check import check as run_check
    from clausecheck.diff import diff_results
    from clausecheck.library.load import load_library
    from clausecheck.report.diff_report import render as render_diff

    try:
        profile = make_profile(firm_type, tier, foreign, scope)
        library = load_library(list(libraries))
        results = []
        for path in (old, new):
            result = run_check(path, profile, library, password=password, redact=redact_evidence)
            if not result.document.checkable:
                raise InputError(f"{path}: not checked, document status {result.document.status}: "
                                 + "; ".join(result.document.warnings), status=result.document.status)
            results.append(result)
        changes = diff_results(*results)
        _write(render_diff(changes, fmt, lang, Path(output) if output else None), output)
        sys.exit(int(ExitCode.GAPS_FOUND if fail_on_regression and changes.regressions() else ExitCode.OK))
    except ClauseCheckError as exc:
        _fail(exc)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (OCRmyPDF's ``run(args)`` pattern)."""
    try:
        cli.main(args=argv, prog_name="clausecheck", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.exceptions.Abort:
        click.echo("clausecheck: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except KeyboardInterrupt:
        click.echo("clausecheck: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    except click.UsageError as exc:
        exc.show()
        return int(ExitCode.USAGE)
    except click.ClickException as exc:
        exc.show()
        return int(ExitCode.USAGE)
    return 0


def entry() -> None:
    sys.exit(main())
