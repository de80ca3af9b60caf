"""The terminal report: grouped by article of the rule, one line per requirement, evidence
with page and article path underneath, and a summary line. Colour only on a terminal."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from clausecheck.report.labels import ARTICLE, COLOR, SCOPE, STATUS, STRENGTH, SYMBOL, citation_label, t
from clausecheck.result import CheckResult

SNIPPET = 90


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


def _snip(text: str, n: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render(result: CheckResult, lang: str = "zh", output: Path | None = None, color: bool | None = None, **_: object) -> str:
    color = use_color() if color is None and output is None else bool(color)

    def style(s: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        return click.style(s, fg=fg, bold=bold, dim=dim) if color else s

    doc = result.document
    out: list[str] = []
    prof = result.profile
    who = t(lang, "firm_type")[prof.firm_type]  # type: ignore[index]
    if prof.firm_type == "fcm":
        who += " " + t(lang, "tier").format(tier=prof.tier)
    if prof.foreign:
        who += f" ({t(lang, 'foreign')})"
    out.append(style(f"{t(lang, 'document')}: {doc.path}", bold=True))
    meta = f"  {doc.format}, {doc.pages or '-'} p., {doc.language or '-'}, {t(lang, 'status')}: {doc.status}"
    out.append(meta)
    for w in doc.warnings:
        out.append(style(f"  ! {w}", fg="yellow"))
    out.append(f"{t(lang, 'profile')}: {who}")
    if result.scope:
        flags = [
            f"{SCOPE[lang][k]}{'' if v.source == 'set' else '*'}" for k, v in result.scope.items() if v.value
        ]
        note = f"  (* {t(lang, 'inferred')})" if any(v.source == "inferred" for v in result.scope.values()) else ""
        out.append(f"{t(lang, 'scope')}: {', '.join(flags) or '-'}{note}")
    if not doc.checkable:
        out.append("")
        out.append(style(f"{t(lang, 'not_checked')}: {doc.status}", fg="red", bold=True))
        return "\n".join(out) + "\n"

    article = None
    for f in result.findings:
        if f.article != article:
            article = f.article
            out.append("")
            out.append(style(ARTICLE[lang].get(article, article), bold=True))
        label = STATUS[lang][f.status]
        head = (
            f"  {style(SYMBOL[f.status], fg=COLOR[f.status])} "
            f"{style(f'{label:<6}' if lang == 'zh' else f'{label:<14}', fg=COLOR[f.status])} "
            f"{f.title(lang)} "
            + style(f"[{f.id}; {', '.join(citation_label(c, lang) for c in f.citation)}; {STRENGTH[lang][f.strength]}]", dim=True)
        )
        out.append(head)
        if f.status == "not_applicable":
            continue
        for ev in f.conflicts[:2]:
            out.append(f"      {style(t(lang, 'conflict'), fg='magenta')}: 「{_snip(ev.text)}」 ({_where(ev)})")
        shown = [e for e in f.evidence if e.element != "topic"][:2] or f.evidence[:1]
        for ev in shown:
            out.append(style(f"      「{_snip(ev.text)}」 ({_where(ev)})", dim=True))
        if f.missing_elements:
            names = [e.text for e in f.elements if e.id in f.missing_elements]
            out.append(f"      {t(lang, 'missing_elements')}: " + "; ".join(
                f"{i} ({n})" if lang == "en" else i for i, n in zip(f.missing_elements, names)
            ))
    s = result.summary()
    out.append("")
    parts = [style(f"{STATUS[lang][k]} {v}", fg=COLOR[k]) for k, v in s.items()]
    out.append(f"{t(lang, 'summary')}: " + " · ".join(parts))
    return "\n".join(out) + "\n"


def _where(ev) -> str:
    path = " > ".join(ev.article_path)
    return ", ".join(x for x in (ev.location, path) if x and x != "-")
