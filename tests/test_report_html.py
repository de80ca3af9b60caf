"""The HTML report: self-contained, escaped, evidence highlighted in its paragraph, a tier
matrix, and filters that work once the page's script has run in a real (headless) browser."""

from __future__ import annotations

import re
import subprocess

import pytest
from lxml import html as lhtml
from test_report_common import (
    PINNED,
    artifacts_dir,
    chromium,
    chromium_args,
    contracts,
    result_for,
)

from clausecheck.check import check
from clausecheck.report import render
from clausecheck.report.common import NEEDS_TEXT, block_of, shown_evidence
from clausecheck.report.tiers import status_for_tier2, tier_matrix


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


@pytest.fixture(scope="module")
def pages(c, tmp_path_factory):
    """The zh report of the DOCX and PDF contracts, written to files."""
    root = tmp_path_factory.mktemp("html")
    out = {}
    for kind in ("docx", "pdf"):
        path = root / f"report-{kind}.html"
        path.write_text(render(result_for(c, kind), "html", "zh", library=c.library()), encoding="utf-8")
        out[kind] = path
    return out


def find(el, tag: str = "*", *classes: str, **attrs: str) -> list:
    """Descendants of ``el`` by tag, classes and attributes (XPath; no cssselect needed).
    Attribute names use ``_`` for ``-``."""
    cond = [f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in classes]
    cond += [f"@{k.replace('_', '-')}='{v}'" for k, v in attrs.items()]
    return el.xpath(f".//{tag}" + (f"[{' and '.join(cond)}]" if cond else ""))


def dom(path, tmp_path, fragment: str = "") -> lhtml.HtmlElement:
    """The DOM after the page's JavaScript ran, as headless Chromium dumps it."""
    exe = chromium()
    proc = subprocess.run([*chromium_args(exe, tmp_path / "chrome"), "--dump-dom", f"file://{path}{fragment}"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return lhtml.fromstring(proc.stdout)


def test_self_contained_and_escaped(pages):
    for path in pages.values():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
        assert "url(" not in text and "<link" not in text and "@import" not in text
        assert "<script src" not in text


def test_evidence_highlighted_inside_its_paragraph(c, pages):
    result = result_for(c, "docx")
    doc = lhtml.fromstring(pages["docx"].read_text(encoding="utf-8"))
    for f in result.findings:
        art = doc.get_element_by_id(f"f-{f.id}")
        assert art.get("data-status") == f.status and art.get("data-strength") == f.strength
        if f.status in ("present", "weak"):
            ev = shown_evidence(f)[0].evidence
            block = block_of(result, ev)
            paras = find(art, "div", "para")
            assert paras, f.id
            shown = [p.text_content() for p in paras]
            assert any(block.text in s for s in shown), (f.id, block.text, shown)
            marks = [m.text_content() for m in find(art, "mark", "ev")]
            assert marks and all(any(m in block.text for block in result.document.blocks) for m in marks)
            assert result.document.text[ev.start:ev.end].startswith(marks[0]) or any(
                m in result.document.text[ev.start:ev.end] for m in marks)
        if f.status == "conflict":
            assert [m for p in find(art, "div", "para", "conflict") for m in find(p, "mark", "conflict")]
        button = find(art, "button", "copy")
        if f.status in NEEDS_TEXT:
            target = doc.get_element_by_id(button[0].get("data-target"))
            assert target.text_content() == f.suggestion("zh")
        else:
            assert not button


def test_tier_matrix_tier1_view(c, pages):
    result = result_for(c, "docx")
    doc = lhtml.fromstring(pages["docx"].read_text(encoding="utf-8"))
    rows = {tr.get("data-id"): tr for tr in [tr for t in find(doc, "table", "tiers") for tr in find(t, "tr") if tr.get("data-id")]}
    assert set(rows) == {f.id for f in result.findings}
    lib = c.library()
    for f in result.findings:
        tr = rows[f.id]
        assert tr.get("data-tier1") == f.status
        assert tr.get("data-tier2") == status_for_tier2(f, lib.requirements.get(f.id))
        assert ("changed" in tr.get("class")) == (tr.get("data-tier1") != tr.get("data-tier2"))
    sbd = rows["security_by_design"]
    assert (sbd.get("data-tier1"), sbd.get("data-tier2")) == ("present", "not_applicable")


def test_tier_matrix_from_a_tier2_check_re_evaluates_tier1(c):
    t2 = result_for(c, "docx", tier=2)
    assert t2.finding("security_by_design").status == "not_applicable"
    rows = {r.finding.id: r for r in tier_matrix(t2, c.library())}
    assert (rows["security_by_design"].tier1, rows["security_by_design"].tier2) == ("present", "not_applicable")
    t1 = result_for(c, "docx")
    for f in t1.findings:
        assert rows[f.id].tier1 == f.status
        assert rows[f.id].tier2 == t2.finding(f.id).status


def test_filters_after_javascript(c, pages, tmp_path):
    result = result_for(c, "docx")
    doc = dom(pages["docx"], tmp_path)
    assert doc.body.get("data-ready") == "1"
    findings = find(doc, "article", "finding")
    assert len(findings) == len(result.findings)
    assert not [a for a in findings if a.get("hidden") is not None]
    buttons = {b.get("data-value"): b for b in find(doc, "button", "filter", data_kind="status")}
    expected = {s: n for s, n in result.summary().items() if n}
    assert {k: int(find(b, "span", "count")[0].text_content()) for k, b in buttons.items()} == expected
    strengths = {b.get("data-value"): int(find(b, "span", "count")[0].text_content())
                 for b in find(doc, "button", "filter", data_kind="strength")}
    assert strengths == {s: n for s in ("must", "should")
                         if (n := sum(f.strength == s for f in result.findings))}
    assert doc.get_element_by_id("visible-count").text_content() == f"顯示 {len(findings)} / {len(findings)} 項"


def test_filter_from_url(c, pages, tmp_path):
    result = result_for(c, "docx")
    doc = dom(pages["docx"], tmp_path, "#status=missing,conflict&strength=must")
    visible = {a.get("data-id") for a in find(doc, "article", "finding") if a.get("hidden") is None}
    assert visible == {f.id for f in result.findings
                       if f.status in ("missing", "conflict") and f.strength == "must"}
    assert doc.body.get("data-visible") == str(len(visible))
    pressed = {b.get("data-value") for b in find(doc, "button", "filter", aria_pressed="true")}
    assert pressed == {"missing", "conflict", "must"}
    for group in find(doc, "section", "article-group"):
        shown = [a for a in find(group, "article", "finding") if a.get("hidden") is None]
        assert (group.get("hidden") is None) == bool(shown)


def test_screenshot_artifact(pages, tmp_path):
    exe = chromium()
    shot = artifacts_dir() / "report-html-pdf.png"
    shot.unlink(missing_ok=True)
    subprocess.run([*chromium_args(exe, tmp_path / "chrome"), f"--screenshot={shot}", "--window-size=1280,2000",
                    "--hide-scrollbars", f"file://{pages['pdf']}"], capture_output=True, timeout=60, check=True)
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_english_and_escaping(tmp_path, c):
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(
        "第一條　稽核\n"
        "甲方得每年至少一次，或於知悉乙方發生資安事件時，自行或委託第三方對乙方進行稽核 "
        "<img src=x onerror=alert(1)> \"'</script>。\n",
        encoding="utf-8",
    )
    page = render(check(hostile, library=c.library()), "html", "en", library=c.library())
    assert '<html lang="en">' in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    body = page.split('<script type="application/json"')[0]
    assert "</script>" not in body.split("<body", 1)[1]
    assert "Right to audit the vendor" in page or "audit" in page


def test_pinned_badges(c, pages):
    doc = lhtml.fromstring(pages["pdf"].read_text(encoding="utf-8"))
    for rid, status in PINNED.items():
        assert doc.get_element_by_id(f"f-{rid}").get("data-status") == status


def test_not_checked_document(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    page = render(check(empty), "html", "zh")
    assert "本文件未能檢核" in page and "article" not in page.split("<body", 1)[1].split("<script")[0]


def test_redacted_report_shows_no_contract_text(c):
    result = result_for(c, "docx", redact=True)
    for fmt in ("html", "markdown"):
        page = render(result, fmt, "zh", library=c.library())
        for needle in ("督導其人員遵守", "作為備份", "系統可用率達99.9%", "應通知甲方並協助處理"):
            assert needle not in page, (fmt, needle)
        assert "已遮蔽引文" in page
