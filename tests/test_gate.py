"""The pre-signing gate and the exit codes pipelines depend on: 0 clean, 1 gaps, 2 usage,
3 unreadable input, 4 invalid library; and the pre-commit hook that loops over files."""

from __future__ import annotations

import re
from itertools import product
from pathlib import Path

import pytest
import yaml
from test_report_common import contracts

from clausecheck.cli import main
from clausecheck.errors import ExitCode
from clausecheck.gate import FAIL_ON, FAILING, STRENGTH, exit_code, failing_findings
from clausecheck.model import Block, Document, Location
from clausecheck.precommit import main as precommit_main
from clausecheck.precommit import worst
from clausecheck.profile import Profile
from clausecheck.result import STATUS_ORDER, CheckResult, Finding

ROOT = Path(__file__).resolve().parent.parent


def _finding(rid: str, status: str, strength: str) -> Finding:
    return Finding(rid, ["4.1.1.1"], rid, rid, strength, status, [], [], [], [], 90, "", "")


def _result(findings: list[Finding], status: str = "ok") -> CheckResult:
    doc = Document("x.txt", "txt", [Block("paragraph", "本合約。", Location(line=1))], status=status).finish()
    return CheckResult(doc, Profile(), {}, findings, "lib", "0")


ALL = [_finding(f"{s}_{g}", s, g) for s, g in product(STATUS_ORDER, STRENGTH)]


@pytest.mark.parametrize("fail_on,strength", list(product(FAIL_ON, STRENGTH)))
def test_failing_findings_every_combination(fail_on, strength):
    got = {f.id for f in failing_findings(_result(ALL), fail_on, strength)}
    statuses = {"missing": {"missing", "conflict"}, "weak": {"weak", "missing", "conflict"},
                "conflict": {"conflict"}, "never": set()}[fail_on]
    strengths = {"must"} if strength == "must" else {"must", "should"}
    assert got == {f"{s}_{g}" for s in statuses for g in strengths}
    code = exit_code(_result(ALL), fail_on, strength)
    assert code == (ExitCode.GAPS_FOUND if got else ExitCode.OK)


def test_never_fails_on_present_or_not_applicable():
    assert all(not ({"present", "not_applicable"} & s) for s in FAILING.values())
    clean = [_finding("a", "present", "must"), _finding("b", "not_applicable", "must")]
    assert exit_code(_result(clean), "weak", "should") == ExitCode.OK


def test_a_should_gap_fails_only_with_strength_should():
    r = _result([_finding("a", "missing", "should")])
    assert exit_code(r, "missing", "must") == ExitCode.OK
    assert exit_code(r, "missing", "should") == ExitCode.GAPS_FOUND


@pytest.mark.parametrize("fail_on", FAIL_ON)
def test_unreadable_document_is_3_whatever_the_gate(fail_on):
    assert exit_code(_result([], status="needs_ocr"), fail_on) == ExitCode.INPUT_UNREADABLE


# -- the CLI's exit codes on a real contract --------------------------------------------------


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def base(c) -> list:
    return ["--library", c.overlay, "--scope", "over_one_year,development"]


def test_exit_0_when_the_gate_passes(c, capsys):
    code, out, _ = run(capsys, "check", c.docx, *base(c), "--fail-on", "never")
    assert code == 0 and "exit_asset_return" in out


def test_exit_1_on_a_must_conflict(c, capsys):
    # exit_asset_return (must) is in conflict; the default gate is --fail-on missing --strength must
    code, _, _ = run(capsys, "check", c.docx, *base(c))
    assert code == 1
    code, _, _ = run(capsys, "check", c.docx, *base(c), "--fail-on", "conflict")
    assert code == 1


def test_should_gaps_fail_only_with_strength_should(c, tmp_path, capsys):
    overlay = tmp_path / "only_should"
    overlay.mkdir()
    # without the conflict, only should-requirements (penalties_damages, …) are missing
    text = (c.overlay / "exit_asset_return.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data.pop("conflicts")
    data["elements"][0]["find"] = [{"regex": "返還甲方"}]
    (overlay / "exit_asset_return.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    args = ["check", c.docx, *base(c), "--library", overlay, "--fail-on", "weak", "--format", "json"]
    import json

    code, out, _ = run(capsys, *args)
    failing = [f for f in json.loads(out)["findings"]
               if f["strength"] == "must" and f["status"] in ("weak", "missing", "conflict")]
    assert code == (1 if failing else 0)
    code_should, _, _ = run(capsys, *args, "--strength", "should")
    assert code_should == 1  # penalties_damages (should) is missing


@pytest.mark.parametrize("args", [
    ["--tier", "3"],
    ["--format", "docx"],  # binary without --output
    ["--format", "checklist"],
    ["--scope", "cloud,moon"],
    ["--fail-on", "sometimes"],
    ["--firm-type", "bank"],
])
def test_exit_2_on_usage_errors(c, capsys, args):
    code, _, err = run(capsys, "check", c.docx, *args)
    assert code == ExitCode.USAGE
    assert err.strip()


def test_exit_3_on_an_empty_file(tmp_path, capsys):
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "check", empty, "--fail-on", "never")
    assert code == ExitCode.INPUT_UNREADABLE
    assert "empty" in err


def test_exit_3_on_a_missing_file_and_json_says_why(tmp_path, capsys):
    code, out, _ = run(capsys, "check", tmp_path / "nope.pdf", "--format", "json")
    assert code == ExitCode.INPUT_UNREADABLE
    assert '"status"' in out


def test_exit_4_on_an_invalid_library(c, tmp_path, capsys):
    bad = tmp_path / "bad_library"
    bad.mkdir()
    (bad / "term.yaml").write_text("id: term\ncitation: [unclosed\n", encoding="utf-8")
    code, _, err = run(capsys, "check", c.docx, "--library", bad)
    assert code == ExitCode.LIBRARY_INVALID
    assert "term.yaml" in err


# -- the pre-commit hook ---------------------------------------------------------------------


def test_worst_exit_code_wins():
    assert worst([]) == 0
    assert worst([0, 1, 0]) == 1
    assert worst([1, 3]) == 3
    assert worst([3, 4, 1]) == 4


def test_precommit_checks_every_file(c, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    opts = [str(x) for x in base(c)]
    assert precommit_main([*opts, "--fail-on", "never", str(c.docx), str(c.docx)]) == 0
    out, _ = capsys.readouterr()
    assert out.count("exit_asset_return") == 2  # one report per file
    assert precommit_main([*opts, str(c.docx)]) == 1
    _, err = capsys.readouterr()
    assert "exit_asset_return" in err
    assert precommit_main([*opts, "--fail-on", "never", str(c.docx), str(empty)]) == 3
    assert precommit_main([]) == 0
    assert precommit_main(["--tier", "9", str(c.docx)]) == 2


def test_precommit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "clausecheck")
    assert hook["entry"] == "clausecheck-precommit"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    for name in ("a.docx", "contracts/2025/b.pdf", "c.txt", "d.md"):
        assert files.search(name), name
    for name in ("a.doc", "b.xlsx", "c.docx.bak", "pdf"):
        assert not files.search(name), name
