"""``clausecheck diff``: what a vendor's mark-up did to each requirement, both drafts' evidence
side by side, in text, JSON, Markdown and HTML, with honest exit codes."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html as lhtml
from test_report_common import DIFF_EXPECTED, SCOPE, build_docx, contracts, result_for, second_draft

from clausecheck.cli import main
from clausecheck.diff import KINDS, REGRESSIONS, classify, diff, diff_results
from clausecheck.profile import Profile, parse_scope
from clausecheck.report.diff_report import render

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("old,new,kind", [
    ("present", "present", "unchanged"),
    ("missing", "missing", "unchanged"),
    ("present", "weak", "weaker"),
    ("weak", "present", "improved"),
    ("missing", "weak", "improved"),
    ("missing", "present", "improved"),
    ("present", "missing", "disappeared"),
    ("weak", "missing", "disappeared"),
    ("present", "conflict", "conflict"),
    ("missing", "conflict", "conflict"),
    ("conflict", "present", "improved"),
    ("conflict", "missing", "improved"),
    ("conflict", "weak", "improved"),
    ("present", "not_applicable", "applicability"),
    ("not_applicable", "missing", "applicability"),
    ("not_applicable", "conflict", "conflict"),
    (None, "present", "added"),
    ("present", None, "removed"),
])
def test_classify(old, new, kind):
    assert classify(old, new) == kind


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    c = contracts(tmp_path_factory)
    v2 = build_docx(c.root / "draft2.docx", second_draft())
    return c, v2


@pytest.fixture(scope="module")
def changes(drafts):
    c, v2 = drafts
    profile = Profile(firm_type="fcm", tier=1, scope=parse_scope(SCOPE))
    return diff(c.docx, v2, profile, c.library())


def test_each_change_is_classified(changes):
    kinds = {ch.id: ch.kind for ch in changes.changes}
    for rid, kind in DIFF_EXPECTED.items():
        assert kinds[rid] == kind, rid
    for ch in changes.changes:
        assert ch.kind == classify(ch.old_status, ch.new_status)
    assert {ch.id for ch in changes.regressions()} >= {"confidentiality_undertaking", "security_by_design",
                                                        "service_levels"}
    assert all(ch.kind in REGRESSIONS for ch in changes.regressions())
    assert sum(changes.summary().values()) == len(changes.changes)


def test_diff_of_a_draft_with_itself_is_empty(drafts):
    c, _ = drafts
    r = result_for(c, "docx")
    same = diff_results(r, r)
    assert same.summary()["unchanged"] == len(r.findings)
    assert not same.regressions() and not any(ch.reworded for ch in same.changes)
    assert "兩版之檢核結果相同" in render(same, "text", "zh", color=False)


def test_text_shows_both_drafts_evidence(changes):
    text = render(changes, "text", "zh", color=False)
    assert not ANSI.search(text)
    heads = [line for line in text.splitlines() if re.match(r"^[⚠✘↓↑↔+−] ", line)]
    order = [k for k in KINDS if k != "unchanged" and changes.of_kind(k)]
    assert len(heads) == len(order)
    block = text.split("[security_by_design;")[1].split("\n  ")[0:3]
    joined = "\n".join(block)
    assert "✔ 符合 → ⚠ 牴觸" in joined
    assert "舊版: 「乙方應於系統規劃設計階段即納入機敏資料保護之要求。」" in joined
    assert "新版: 「乙方應於系統規劃設計階段即納入機敏資料保護之要求，但乙方無須提供安全性更新。」" in joined
    assert "新版: （無）" in text.split("[confidentiality_undertaking;")[1]
    en = render(changes, "text", "en", color=False)
    assert "became a conflict" in en and "Old:" in en and "新版" not in en


def test_json_pairs_old_and_new(changes):
    data = json.loads(render(changes, "json"))
    assert data["diff_version"] == "1.0"
    by_id = {ch["id"]: ch for ch in data["changes"]}
    sbd = by_id["security_by_design"]
    assert (sbd["kind"], sbd["old"]["status"], sbd["new"]["status"]) == ("conflict", "present", "conflict")
    assert sbd["new"]["conflicts"][0]["text"].endswith("但乙方無須提供安全性更新。")
    assert sbd["suggestion"]["zh"]
    assert by_id["incident_notification"]["suggestion"] is None
    assert data["summary"] == changes.summary()
    assert data["old"]["document"]["path"].endswith("contract.docx")
    assert data["new"]["document"]["path"].endswith("draft2.docx")


def test_markdown_and_html_side_by_side(changes):
    md = render(changes, "markdown", "zh")
    row = next(line for line in md.splitlines() if "`service_levels`" in line)
    cells = row.split(" | ")
    assert len(cells) == 3 and "符合" in cells[1] and "不完整" in cells[2]
    page = render(changes, "html", "zh")
    doc = lhtml.fromstring(page)
    tr = doc.xpath("//tr[@data-id='security_by_design']")[0]
    assert tr.get("data-kind") == "conflict"
    old, new = tr.xpath("./td[@class='old']")[0], tr.xpath("./td[@class='new']")[0]
    assert "納入機敏資料保護之要求。" in old.text_content()
    assert "無須提供安全性更新" in new.text_content()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)


def test_cli_diff_exit_codes(drafts, tmp_path, capsys):
    c, v2 = drafts
    base = ["diff", str(c.docx), str(v2), "--library", str(c.overlay), "--scope", SCOPE]
    assert main(base) == 0
    assert "轉為牴觸" in capsys.readouterr().out
    assert main([*base, "--fail-on-regression"]) == 1
    capsys.readouterr()
    same = ["diff", str(c.docx), str(c.docx), "--library", str(c.overlay), "--scope", SCOPE]
    assert main([*same, "--fail-on-regression"]) == 0
    assert "兩版之檢核結果相同" in capsys.readouterr().out
    out = tmp_path / "diff.json"
    assert main([*base, "--format", "json", "-o", str(out), "--lang", "en"]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["conflict"] >= 1
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    assert main(["diff", str(c.docx), str(empty)]) == 3
    assert "empty" in capsys.readouterr().err
    assert main([*base, "--format", "docx"]) == 2
    assert main([*base, "--tier", "0"]) == 2
