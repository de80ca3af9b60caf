"""The terminal report: grouped by article, status symbol and colour, evidence with page and
article path, missing elements, summary line, both languages, no colour when piped."""

from __future__ import annotations

import re

import pytest
from test_report_common import PINNED, contracts, result_for

from clausecheck.cli import main
from clausecheck.report import render
from clausecheck.report.common import article_title, where
from clausecheck.report.labels import STATUS, SYMBOL
from clausecheck.report.text import use_color

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def section(text: str, rid: str) -> str:
    """A finding's line and the indented lines under it."""
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if f"[{rid};" in line)
    out = [lines[i]]
    for line in lines[i + 1:]:
        if not line.startswith("      "):
            break
        out.append(line)
    return "\n".join(out)


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_text_report_lists_every_finding_by_article(c, kind):
    result = result_for(c, kind)
    text = render(result, "text", "zh", color=False)
    assert not ANSI.search(text)
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if line in {article_title(a, "zh") for a in "4578"}]
    assert heads, "no article headings"
    order = [line for line in lines if line in {article_title(f.article, "zh") for f in result.findings}]
    assert order == list(dict.fromkeys(article_title(f.article, "zh") for f in result.findings))
    for f in result.findings:
        line = next(line for line in lines if f"[{f.id};" in line)
        assert line.lstrip().startswith(SYMBOL[f.status])
        assert STATUS["zh"][f.status] in line
    s = result.summary()
    assert lines[-1].startswith("總結")
    for status, n in s.items():
        assert f"{STATUS['zh'][status]} {n}" in lines[-1]


def test_text_shows_evidence_location_and_missing_elements(c):
    result = result_for(c, "pdf")
    text = render(result, "text", "zh", color=False)
    weak = result.finding("incident_notification")
    block = section(text, "incident_notification")
    assert "欠缺要素: deadline" in block
    ev = weak.evidence[0]
    assert where(result, ev, "zh") in block
    assert "第1頁" in where(result, ev, "zh") and "第五條" in where(result, ev, "zh")
    conflict = section(text, "exit_asset_return")
    assert "牴觸文字" in conflict and "乙方得保留甲方之資料" in conflict


def test_text_in_english(c):
    result = result_for(c, "docx")
    text = render(result, "text", "en", color=False)
    assert "Article 4 Contract terms" in text
    assert "Missing elements: deadline" in text
    assert "Summary:" in text
    for word in ("符合", "缺漏", "總結", "欠缺要素"):
        assert word not in text


def test_colour_only_when_asked_for(c, monkeypatch):
    result = result_for(c, "docx")
    coloured = render(result, "text", "zh", color=True)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == render(result, "text", "zh", color=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color()
    monkeypatch.delenv("NO_COLOR")
    assert use_color()
    monkeypatch.delenv("FORCE_COLOR")
    assert not use_color()  # pytest's captured stdout is not a terminal


def test_cli_text_is_plain_when_piped(c, capsys, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code = main(["check", str(c.docx), "--library", str(c.overlay), "--fail-on", "never"])
    out = capsys.readouterr().out
    assert code == 0 and not ANSI.search(out) and "[exit_asset_return;" in out


def test_redacted_text_has_no_quotes(c):
    result = result_for(c, "docx", redact=True)
    text = render(result, "text", "zh", color=False)
    assert "（已遮蔽引文）" in text
    assert "保密切結書" not in text and "乙方得保留甲方之資料" not in text


def test_not_checked_document(tmp_path):
    from clausecheck.check import check

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    text = render(check(empty), "text", "zh", color=False)
    assert "未檢查: empty" in text and "總結" not in text


def test_pinned_statuses_are_reported(c):
    text = render(result_for(c, "docx"), "text", "en", color=False)
    for rid, status in PINNED.items():
        line = next(line for line in text.splitlines() if f"[{rid};" in line)
        assert STATUS["en"][status] in line
