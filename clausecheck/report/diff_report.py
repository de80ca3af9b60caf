"""Renderers for ``clausecheck diff``: text, JSON, Markdown and HTML views of one
:class:`~clausecheck.diff.DiffResult`, dispatched from :data:`DIFF_RENDERERS`.

Each lists the changes most urgent first (new conflicts, provisions that disappeared, got
weaker, then improvements), each with the old and the new draft's evidence side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from html import escape
from pathlib import Path

import click

from clausecheck.diff import KINDS, Change, DiffResult, primary
from clausecheck.report.common import (
    citations,
    doc_name,
    missing_elements,
    profile_label,
    quote,
    status_label,
    strength_label,
    where,
)
from clausecheck.report.labels import SCOPE, SYMBOL, t
from clausecheck.report.markdown import cell, md
from clausecheck.report.text import snip, use_color
from clausecheck.result import CheckResult

FORMATS = ("text", "json", "markdown", "html")

KIND_LABEL = {
    "zh": {"conflict": "轉為牴觸", "disappeared": "消失", "weaker": "變弱", "improved": "改善",
           "applicability": "適用性變更", "added": "新增之要求", "removed": "移除之要求", "unchanged": "未變更"},
    "en": {"conflict": "became a conflict", "disappeared": "disappeared", "weaker": "got weaker",
           "improved": "improved", "applicability": "applicability changed", "added": "new requirements",
           "removed": "requirements no longer checked", "unchanged": "unchanged"},
}
KIND_SYMBOL = {"conflict": "⚠", "disappeared": "✘", "weaker": "↓", "improved": "↑", "applicability": "↔",
               "added": "+", "removed": "−", "unchanged": "="}
KIND_COLOR = {"conflict": "magenta", "disappeared": "red", "weaker": "yellow", "improved": "green",
              "applicability": "cyan", "added": "blue", "removed": "blue", "unchanged": "bright_black"}
_W = {
    "zh": {"old": "舊版", "new": "新版", "title": "合約版本比較", "none": "（無）", "scope_changed": "委外範圍變更",
           "reworded": "其中 {n} 項文字修改", "yes": "是", "no": "否", "nothing": "兩版之檢核結果相同。",
           "change": "變化"},
    "en": {"old": "Old", "new": "New", "title": "Draft comparison", "none": "(none)", "scope_changed": "Scope changed",
           "reworded": "{n} reworded", "yes": "yes", "no": "no", "nothing": "Both drafts come out the same.",
           "change": "Change"},
}


def render(diff: DiffResult, fmt: str = "text", lang: str = "zh", output: Path | None = None,
           color: bool | None = None) -> str:
    return DIFF_RENDERERS[fmt](diff, lang, output, color)


def _status(status: str | None, lang: str) -> str:
    return f"{SYMBOL[status]} {status_label(status, lang)}" if status else "—"


def _side_text(change: Change, side: str, result: CheckResult, lang: str) -> tuple[str, str]:
    """(quote, where) of one side's primary evidence, or the localized 'none'."""
    ev = primary(change, side)
    if ev is None:
        return _W[lang]["none"], ""
    return quote(result, ev, lang), where(result, ev, lang)


def _changed(diff: DiffResult) -> list[tuple[str, list[Change]]]:
    return [(k, diff.of_kind(k)) for k in KINDS if k != "unchanged" and diff.of_kind(k)]


# -- text ------------------------------------------------------------------------------------


def render_text(diff: DiffResult, lang: str, output: Path | None, color: bool | None) -> str:
    if color is None:
        color = output is None and use_color()

    def style(s: str, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
        return click.style(s, fg=fg, bold=bold, dim=dim) if color else s

    w = _W[lang]
    out = [style(w["title"], bold=True)]
    for side, r in (("old", diff.old), ("new", diff.new)):
        s = r.summary()
        counts = " · ".join(f"{SYMBOL[k]}{v}" for k, v in s.items())
        out.append(f"  {w[side]}: {r.document.path}  ({counts})")
    out.append(f"{t(lang, 'profile')}: {profile_label(diff.new, lang)}")
    for flag, a, b in diff.scope_changes():
        out.append(style(f"{w['scope_changed']}: {SCOPE[lang][flag]} "
                         f"{w['yes'] if a else w['no']} → {w['yes'] if b else w['no']}", fg="cyan"))
    groups = _changed(diff)
    if not groups:
        out += ["", w["nothing"]]
    for kind, changes in groups:
        out.append("")
        out.append(style(f"{KIND_SYMBOL[kind]} {KIND_LABEL[lang][kind]} ({len(changes)})",
                         fg=KIND_COLOR[kind], bold=True))
        for c in changes:
            f = c.finding
            out.append(f"  {f.title(lang)} "
                       + style(f"[{f.id}; {citations(f, lang)}; {strength_label(f.strength, lang)}]", dim=True)
                       + f"  {_status(c.old_status, lang)} → {_status(c.new_status, lang)}")
            for side, r in (("old", diff.old), ("new", diff.new)):
                text, loc = _side_text(c, side, r, lang)
                label = f"{w[side]}:"
                body = f"「{snip(text)}」" if loc else text
                out.append(style(f"      {label} {body}" + (f" ({loc})" if loc else ""), dim=side == "old"))
            if c.new is not None and c.kind in ("weaker", "conflict") and missing_elements(c.new):
                out.append(f"      {t(lang, 'missing_elements')}: "
                           + "; ".join(i for i, _ in missing_elements(c.new)))
    unchanged = diff.of_kind("unchanged")
    reworded = sum(c.reworded for c in unchanged)
    out.append("")
    note = f" ({w['reworded'].format(n=reworded)})" if reworded else ""
    out.append(style(f"{KIND_SYMBOL['unchanged']} {KIND_LABEL[lang]['unchanged']} {len(unchanged)}{note}", dim=True))
    parts = [style(f"{KIND_LABEL[lang][k]} {n}", fg=KIND_COLOR[k]) for k, n in diff.summary().items() if n]
    out.append(f"{t(lang, 'summary')}: " + " · ".join(parts))
    return "\n".join(out) + "\n"


# -- JSON ------------------------------------------------------------------------------------


def render_json(diff: DiffResult, lang: str, output: Path | None, color: bool | None) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


# -- Markdown --------------------------------------------------------------------------------


def render_markdown(diff: DiffResult, lang: str, output: Path | None, color: bool | None) -> str:
    w = _W[lang]
    out = [f"# {md(w['title'])}", "", "| | |", "|---|---|",
           f"| {cell(w['old'])} | {cell(diff.old.document.path)} |",
           f"| {cell(w['new'])} | {cell(diff.new.document.path)} |",
           f"| {cell(t(lang, 'profile'))} | {cell(profile_label(diff.new, lang))} |"]
    for flag, a, b in diff.scope_changes():
        out.append(f"| {cell(w['scope_changed'])} | {cell(SCOPE[lang][flag])}: "
                   f"{w['yes'] if a else w['no']} → {w['yes'] if b else w['no']} |")
    out += ["", f"| {cell(w['change'])} | # |", "|---|---:|"]
    out += [f"| {KIND_SYMBOL[k]} {cell(KIND_LABEL[lang][k])} | {n} |" for k, n in diff.summary().items()]
    out.append("")
    groups = _changed(diff)
    if not groups:
        out += [md(w["nothing"]), ""]
    for kind, changes in groups:
        out += [f"## {KIND_SYMBOL[kind]} {md(KIND_LABEL[lang][kind])}", ""]
        out += [f"| {cell(t(lang, 'citation'))} | {cell(w['old'])} | {cell(w['new'])} |", "|---|---|---|"]
        for c in changes:
            f = c.finding
            sides = []
            for side, r in (("old", diff.old), ("new", diff.new)):
                text, loc = _side_text(c, side, r, lang)
                status = _status(c.old_status if side == "old" else c.new_status, lang)
                sides.append(f"**{cell(status)}**<br>{cell(text)}" + (f"<br>*{cell(loc)}*" if loc else ""))
            out.append(f"| **{cell(f.title(lang))}** `{f.id}`<br>{cell(citations(f, lang))} · "
                       f"{cell(strength_label(f.strength, lang))} | {sides[0]} | {sides[1]} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# -- HTML ------------------------------------------------------------------------------------

_CSS = """
.diff td { width: 40%; } .diff td.req { width: 20%; }
.diff .q { white-space: pre-wrap; overflow-wrap: anywhere; }
.diff .loc { display: block; font-size: .8rem; color: var(--muted); }
.kind h2 { display: flex; gap: 8px; align-items: baseline; }
"""


def render_html(diff: DiffResult, lang: str, output: Path | None, color: bool | None) -> str:
    from clausecheck.report.html import asset

    w = _W[lang]
    head = "".join(
        f"<dt>{escape(w[side])}</dt><dd>{escape(r.document.path)}</dd>"
        for side, r in (("old", diff.old), ("new", diff.new))
    ) + f"<dt>{escape(t(lang, 'profile'))}</dt><dd>{escape(profile_label(diff.new, lang))}</dd>"
    for flag, a, b in diff.scope_changes():
        head += (f"<dt>{escape(w['scope_changed'])}</dt><dd>{escape(SCOPE[lang][flag])}: "
                 f"{escape(w['yes'] if a else w['no'])} → {escape(w['yes'] if b else w['no'])}</dd>")
    stats = "".join(
        f'<div class="stat" data-kind="{k}"><span class="n">{n}</span>{escape(KIND_SYMBOL[k])} '
        f"{escape(KIND_LABEL[lang][k])}</div>" for k, n in diff.summary().items()
    )
    body = [f'<header class="card"><h1>{escape(w["title"])}</h1>'
            f'<div class="muted">{escape(doc_name(diff.old))} → {escape(doc_name(diff.new))}</div>'
            f'<dl class="meta">{head}</dl></header>',
            f'<div class="summary" style="grid-template-columns: repeat(4, 1fr)">{stats}</div>']
    groups = _changed(diff)
    if not groups:
        body.append(f"<p>{escape(w['nothing'])}</p>")
    for kind, changes in groups:
        rows = []
        for c in changes:
            f = c.finding
            cells = []
            for side, r in (("old", diff.old), ("new", diff.new)):
                text, loc = _side_text(c, side, r, lang)
                status = c.old_status if side == "old" else c.new_status
                badge = (f'<span class="badge b-{status}">{escape(_status(status, lang))}</span>'
                         if status else "—")
                cells.append(f'<td class="{side}">{badge}<div class="q">{escape(text)}</div>'
                             f'<span class="loc">{escape(loc)}</span></td>')
            rows.append(f'<tr data-id="{escape(f.id)}" data-kind="{kind}"><td class="req">'
                        f"<b>{escape(f.title(lang))}</b><br><code>{escape(f.id)}</code><br>"
                        f'<span class="muted">{escape(citations(f, lang))} · '
                        f"{escape(strength_label(f.strength, lang))}</span></td>{''.join(cells)}</tr>")
        body.append(f'<section class="kind" data-kind="{kind}"><h2>{escape(KIND_SYMBOL[kind])} '
                    f"{escape(KIND_LABEL[lang][kind])} <span class=\"muted\">({len(changes)})</span></h2>"
                    f'<table class="diff"><thead><tr><th>{escape(t(lang, "citation"))}</th>'
                    f"<th>{escape(w['old'])}</th><th>{escape(w['new'])}</th></tr></thead>"
                    f"<tbody>{''.join(rows)}</tbody></table></section>")
    html_lang = "zh-Hant" if lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(w['title'])} — {escape(doc_name(diff.new))}</title>\n"
            f"<style>\n{asset('report.css')}{_CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


DIFF_RENDERERS: dict[str, Callable[[DiffResult, str, Path | None, bool | None], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
