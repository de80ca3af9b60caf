"""The Markdown report, for pasting into a review memo: a summary table, the findings grouped
by article of the rule with evidence quotes and where they are, the missing elements, and
suggested clause text for what is missing, weak or in conflict. Requirements that do not
apply are listed once at the end, with the reason.

Contract text is escaped so a quote cannot turn into a heading, table cell or link.
"""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck.report.common import (
    NEEDS_TEXT,
    article_title,
    by_article,
    citations,
    doc_name,
    missing_elements,
    profile_label,
    quote,
    reason_label,
    scope_label,
    shown_evidence,
    status_label,
    strength_label,
    where,
)
from clausecheck.report.labels import SYMBOL, t
from clausecheck.result import CheckResult, Finding

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Escape Markdown (and inline HTML) in running text; one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def cell(text: str) -> str:
    """Escape text for a table cell (pipes included)."""
    return md(text) or " "


def render(result: CheckResult, lang: str = "zh", output: Path | None = None, **_: object) -> str:
    doc = result.document
    colon = "：" if lang == "zh" else ": "
    out: list[str] = [f"# {md(t(lang, 'title'))}{colon}{md(doc_name(result))}", ""]
    out += ["| | |", "|---|---|"]
    out.append(f"| {cell(t(lang, 'document'))} | {cell(doc.path)} ({cell(doc.format)}, "
               f"{doc.pages or '-'} p., {cell(doc.language or '-')}) |")
    out.append(f"| {cell(t(lang, 'status'))} | {cell(doc.status)} |")
    out.append(f"| {cell(t(lang, 'profile'))} | {cell(profile_label(result, lang))} |")
    if result.scope:
        out.append(f"| {cell(t(lang, 'scope'))} | {cell(scope_label(result, lang))} |")
    out.append(f"| {cell(t(lang, 'library'))} | clausecheck {cell(result.tool_version)}, "
               f"{cell(result.library_version)} |")
    out.append("")
    for w in doc.warnings:
        out.append(f"> ! {md(w)}")
    if doc.warnings:
        out.append("")
    if not doc.checkable:
        out.append(f"**{md(t(lang, 'not_checked'))}: {md(doc.status)}**")
        return "\n".join(out) + "\n"

    out += [f"## {md(t(lang, 'summary'))}", ""]
    out += [f"| {cell(t(lang, 'status'))} | {cell(t(lang, 'count'))} |", "|---|---:|"]
    for status, n in result.summary().items():
        out.append(f"| {SYMBOL[status]} {cell(status_label(status, lang))} | {n} |")
    out += ["", f"## {md(t(lang, 'overview'))}", ""]
    out += [f"| {cell(t(lang, 'citation'))} | {cell(t(lang, 'requirement'))} | "
            f"{cell(t(lang, 'strength'))} | {cell(t(lang, 'status'))} |", "|---|---|---|---|"]
    for f in result.findings:
        out.append(f"| {cell(citations(f, lang))} | [{cell(f.title(lang))}](#{f.id.replace('_', '-')}) "
                   f"`{f.id}` | {cell(strength_label(f.strength, lang))} | "
                   f"{SYMBOL[f.status]} {cell(status_label(f.status, lang))} |")
    out.append("")

    for article, findings in by_article(result.findings):
        applicable = [f for f in findings if f.status != "not_applicable"]
        if not applicable:
            continue
        out += [f"## {md(article_title(article, lang))}", ""]
        for f in applicable:
            out += _finding(result, f, lang)

    na = [f for f in result.findings if f.status == "not_applicable"]
    if na:
        out += [f"## {md(t(lang, 'na_list'))}", ""]
        out += [f"| {cell(t(lang, 'citation'))} | {cell(t(lang, 'requirement'))} | "
                f"{cell(t(lang, 'reason'))} |", "|---|---|---|"]
        for f in na:
            out.append(f"| {cell(citations(f, lang))} | {cell(f.title(lang))} `{f.id}` | "
                       f"{cell(reason_label(f, lang))} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def _finding(result: CheckResult, f: Finding, lang: str) -> list[str]:
    out = [
        f'<a id="{f.id.replace("_", "-")}"></a>',
        f"### {SYMBOL[f.status]} {md(status_label(f.status, lang))}{'：' if lang == 'zh' else ': '}"
        f"{md(f.title(lang))}",
        "",
        f"`{f.id}` · {md(citations(f, lang))} · {md(strength_label(f.strength, lang))} · "
        f"{md(t(lang, 'confidence'))} {f.confidence}",
        "",
    ]
    if f.reason:
        out += [md(f.reason), ""]
    for ev in f.conflicts[:3]:
        out.append(f"**{md(t(lang, 'conflict'))}**" + (f" ({md(ev.reason)})" if ev.reason else "") + ":")
        out += ["", f"> {md(quote(result, ev, lang))}", ">", f"> — {md(where(result, ev, lang))}", ""]
    shown = shown_evidence(f)
    if shown:
        out += [f"**{md(t(lang, 'evidence'))}**:", ""]
        for s in shown:
            tag = f" ({md(', '.join(s.elements))})" if s.elements and s.elements != ["topic"] else ""
            out += [f"> {md(quote(result, s.evidence, lang))}", ">",
                    f"> — {md(where(result, s.evidence, lang))}{tag}", ""]
    missing = missing_elements(f)
    if missing and f.status != "missing":
        out += [f"**{md(t(lang, 'missing_elements'))}**:", ""]
        out += [f"- `{i}`" + (f" {md(text)}" if text else "") for i, text in missing]
        out.append("")
    if f.status in NEEDS_TEXT and f.suggestion(lang):
        out += [f"**{md(t(lang, 'suggestion'))}**:", "", f"> {md(f.suggestion(lang))}", ""]
    return out
