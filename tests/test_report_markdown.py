"""The Markdown report: a memo-ready summary table, findings by article, evidence quotes with
their location, missing elements, suggested clauses; contract text cannot inject markup."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt
from test_report_common import contracts, result_for

from clausecheck.check import check
from clausecheck.cli import main
from clausecheck.report import render
from clausecheck.report.common import NEEDS_TEXT, article_title, shown_evidence, where
from clausecheck.report.labels import STATUS

MD = MarkdownIt("commonmark").enable("table")


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


def section(text: str, rid: str) -> str:
    """From a finding's anchor to the next heading."""
    start = text.index(f'<a id="{rid.replace("_", "-")}"></a>')
    rest = text[start:].split("\n### ", 1)[1]
    end = min(i for i in (rest.find("\n### "), rest.find("\n## "), len(rest)) if i >= 0)
    return rest[:end]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_markdown_report_structure(c, kind):
    result = result_for(c, kind)
    text = render(result, "markdown", "zh")
    html = MD.render(text)
    # summary table: one row per status with its count
    for status, n in result.summary().items():
        assert f"| {STATUS['zh'][status]} | {n} |" in text.replace("| ⚠ ", "| ").replace("| ✘ ", "| ") \
            .replace("| ◐ ", "| ").replace("| ✔ ", "| ").replace("| · ", "| ")
    # the overview table has a row per finding; tables render as tables
    assert html.count("<table>") >= 3
    overview = text.split("## 檢核結果一覽")[1].split("\n## ")[0]
    assert sum(1 for line in overview.splitlines() if line.startswith("| ") and "`" in line) == len(result.findings)
    # findings grouped under their article, not-applicable ones listed at the end
    for f in result.findings:
        if f.status == "not_applicable":
            assert f.id in text.split("## 不適用之要求")[1]
            continue
        body = section(text, f.id)
        heading_before = text[: text.index(f'<a id="{f.id.replace("_", "-")}"></a>')].rsplit("\n## ", 1)[1]
        assert heading_before.startswith(article_title(f.article, "zh"))
        assert ("建議條文" in body) == (f.status in NEEDS_TEXT)
        if f.status in NEEDS_TEXT:
            assert f.suggestion("zh")[:20] in body
        if f.status in ("present", "weak"):
            assert "> —" in body
            ev = shown_evidence(f)[0].evidence
            assert where(result, ev, "zh") in body


def test_markdown_weak_and_conflict_details(c):
    result = result_for(c, "pdf")
    text = render(result, "markdown", "zh")
    weak = section(text, "incident_notification")
    assert "**欠缺要素**" in weak and "- `deadline`" in weak
    assert "第1頁" in weak and "第五條" in weak
    conflict = section(text, "exit_asset_return")
    assert "**牴觸文字**" in conflict and "乙方得保留甲方之資料" in conflict


def test_markdown_english(c):
    text = render(result_for(c, "docx"), "markdown", "en")
    assert "## Article 4 Contract terms" in text and "**Suggested clause**" in text
    assert "建議條文" not in text


def test_contract_text_cannot_inject_markup(tmp_path, c):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "第一條　稽核\n"
        "甲方得每年至少一次，或於知悉乙方發生資安事件時，自行或委託第三方對乙方進行稽核 | 表格 <script>x()</script> [連結](http://evil.invalid) **粗體**。\n",
        encoding="utf-8",
    )
    result = check(hostile, library=c.library())
    text = render(result, "markdown", "zh")
    html = MD.render(text)
    assert "<script>" not in html and "evil.invalid\"" not in html and "<strong>粗體" not in html
    assert "&lt;script&gt;" in html  # shown as text


def test_cli_writes_markdown_with_output(c, tmp_path, capsys):
    out = tmp_path / "memo.md"
    code = main(["check", str(c.docx), "--library", str(c.overlay), "--format", "markdown",
                 "-o", str(out), "--fail-on", "never"])
    assert code == 0 and capsys.readouterr().out == ""
    assert out.read_text(encoding="utf-8").startswith("# 資訊委外合約檢核報告：contract.docx")
