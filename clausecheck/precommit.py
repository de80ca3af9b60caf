"""``clausecheck-precommit``: the pre-commit hook's entry point.

pre-commit passes every staged contract at once (``pass_filenames``), while ``clausecheck
check`` takes one file; this checks each in turn with the library loaded once, prints the
text report of each, and exits with the worst outcome so the commit is stopped for any of
them. The hook's ``args`` are the check options (``--tier 2``, ``--fail-on weak``, …).
"""

from __future__ import annotations

import sys

import click

from clausecheck.errors import ClauseCheckError, ExitCode
from clausecheck.gate import FAIL_ON, STRENGTH

#: Which exit code wins when files end differently: a broken setup first, then unreadable
#: contracts, then gaps.
SEVERITY = (ExitCode.LIBRARY_INVALID, ExitCode.USAGE, ExitCode.INPUT_UNREADABLE, ExitCode.GAPS_FOUND, ExitCode.OK)


def worst(codes: list[int]) -> int:
    for code in SEVERITY:
        if code in codes:
            return int(code)
    return max(codes, default=0)


def _command() -> click.Command:
    from clausecheck.cli import make_profile, profile_options

    @click.command(context_settings={"help_option_names": ["-h", "--help"]})
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
    @profile_options
    @click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
    @click.option("--fail-on", type=click.Choice(FAIL_ON), default="missing", show_default=True)
    @click.option("--strength", type=click.Choice(STRENGTH), default="must", show_default=True)
    @click.option("--quiet", "-q", is_flag=True, help="print only the contracts that fail")
    def precommit(files, firm_type, tier, foreign, scope, libraries, lang, fail_on, strength, quiet) -> None:
        """Check each contract given (as pre-commit passes them); exit with the worst result."""
        from clausecheck.check import check
        from clausecheck.gate import exit_code, failing_findings
        from clausecheck.library.load import load_library
        from clausecheck.report.text import render

        try:
            profile = make_profile(firm_type, tier, foreign, scope)
            library = load_library(list(libraries))
        except ClauseCheckError as exc:
            click.echo(f"clausecheck: {exc}", err=True)
            sys.exit(int(exc.exit_code))
        codes: list[int] = []
        for path in files:
            try:
                result = check(path, profile, library)
            except ClauseCheckError as exc:
                click.echo(f"clausecheck: {exc}", err=True)
                codes.append(int(exc.exit_code))
                continue
            code = int(exit_code(result, fail_on, strength))
            codes.append(code)
            if code or not quiet:
                click.echo(render(result, lang=lang))
            if code == ExitCode.GAPS_FOUND:
                ids = ", ".join(f.id for f in failing_findings(result, fail_on, strength))
                click.echo(f"clausecheck: {path}: fails --fail-on {fail_on} --strength {strength}: {ids}",
                           err=True)
            elif code == ExitCode.INPUT_UNREADABLE:
                click.echo(f"clausecheck: {path}: not checked, document status {result.document.status}",
                           err=True)
        sys.exit(worst(codes))

    return precommit


def main(argv: list[str] | None = None) -> int:
    """Run the hook; returns the exit code."""
    try:
        _command().main(args=argv, prog_name="clausecheck-precommit", standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    except click.ClickException as exc:
        exc.show()
        return int(ExitCode.USAGE)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("clausecheck: interrupted", err=True)
        return int(ExitCode.INTERRUPTED)
    return 0


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
