"""The terminal report: grouped by article of the rule, one line per requirement with its
status symbol and colour, the evidence underneath with page and article path, the missing
elements of a weak provision, and a summary line.

Colour only on a terminal: not when piped, written with ``--output``, or when ``NO_COLOR`` is
set (https://no-color.org); ``FORCE_COLOR`` turns it on for CI logs that render ANSI.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import click

from clausecheck.report.common import (
    article_title,
    by_article,
    citations,
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
from clausecheck.report.labels import COLOR, STATUS, SYMBOL, t
from clausecheck.result import CheckResult

SNIPPET = 100  # terminal cells


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _cells(c: str) -> int:
    """Terminal cells a character takes: CJK and full-width forms take two."""
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


def snip(text: str, n: int = SNIPPET) -> str:
    """One line of at most ``n`` terminal cells, cut with an ellipsis."""
    text = " ".join(text.split())
    if sum(map(_cells, text)) <= n:
        return text
    out, used = [], 0
    for c in text:
        used += _cells(c)
        if used > n - 1:
            break
        out.append(c)
    return "".join(out) + "…"


def _pad(label: str, lang: str) -> str:
    """Pad a status label to one column width (CJK characters are two cells wide)."""
    width = sum(map(_cells, label))
    return label + " " * max(0, (6 if lang == "zh" else 14) - width)


def render(result: CheckResult, lang: str = "zh", output: Path | None = None,
           color: bool | None = None, **_: object) -> str:
    if color is None:
        color = output is None and use_color()

    def style(s: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        return click.style(s, fg=fg, bold=bold, dim=dim) if color else s

    doc = result.document
    out: list[str] = [style(f"{t(lang, 'document')}: {doc.path}", bold=True)]
    out.append(f"  {doc.format}, {doc.pages or '-'} p., {doc.language or '-'}, "
               f"{t(lang, 'status')}: {doc.status}")
    for w in doc.warnings:
        out.append(style(f"  ! {w}", fg="yellow"))
    out.append(f"{t(lang, 'profile')}: {profile_label(result, lang)}")
    if result.scope:
        out.append(f"{t(lang, 'scope')}: {scope_label(result, lang)}")
    if not doc.checkable:
        out.append("")
        out.append(style(f"{t(lang, 'not_checked')}: {doc.status}", fg="red", bold=True))
        return "\n".join(out) + "\n"

    for article, findings in by_article(result.findings):
        out.append("")
        out.append(style(article_title(article, lang), bold=True))
        for f in findings:
            label = _pad(status_label(f.status, lang), lang)
            out.append(
                f"  {style(SYMBOL[f.status], fg=COLOR[f.status])} {style(label, fg=COLOR[f.status])} "
                f"{f.title(lang)} "
                + style(f"[{f.id}; {citations(f, lang)}; {strength_label(f.strength, lang)}]", dim=True)
            )
            if f.status == "not_applicable":
                if f.reason:
                    out.append(style(f"      {reason_label(f, lang)}", dim=True))
                continue
            for ev in f.conflicts[:2]:
                reason = f" — {ev.reason}" if ev.reason else ""
                out.append(f"      {style(t(lang, 'conflict'), fg='magenta')}: "
                           f"「{snip(quote(result, ev, lang))}」 ({where(result, ev, lang)}){reason}")
            for shown in shown_evidence(f, limit=2):
                ev = shown.evidence
                ocr = f" [{t(lang, 'ocr')}]" if ev.ocr else ""
                out.append(style(f"      「{snip(quote(result, ev, lang))}」 ({where(result, ev, lang)}){ocr}",
                                 dim=True))
            missing = missing_elements(f)
            if missing and f.status != "missing":
                out.append(f"      {t(lang, 'missing_elements')}: "
                           + "; ".join(f"{i} ({text})" if text else i for i, text in missing))
    s = result.summary()
    out.append("")
    parts = [style(f"{SYMBOL[k]} {STATUS[lang][k]} {v}", fg=COLOR[k]) for k, v in s.items()]
    out.append(f"{t(lang, 'summary')}: " + " · ".join(parts))
    return "\n".join(out) + "\n"
