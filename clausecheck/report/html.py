"""The HTML report: one self-contained file a reviewer opens offline (CSS and JS inlined, no
fonts or images fetched), with a summary, the tier matrix, filters by status and strength,
every finding with its evidence highlighted inside the paragraph it sits in, and suggested
clause text with a copy button.

Every piece of contract text and every label goes through :func:`html.escape`; the only
markup is ours. Quotes are left out when the result is redacted (the surrounding paragraph
would give them away).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from html import escape
from importlib import resources
from pathlib import Path

from clausecheck.library.load import Library
from clausecheck.report.common import (
    NEEDS_TEXT,
    article_title,
    block_of,
    by_article,
    citations,
    doc_name,
    missing_elements,
    profile_label,
    quote,
    reason_label,
    scope_label,
    status_label,
    strength_label,
    where,
)
from clausecheck.report.labels import SCOPE, STATUS, STRENGTH, SYMBOL, TEXT, t
from clausecheck.report.tiers import TierRow, tier_matrix
from clausecheck.result import STATUS_ORDER, CheckResult, Evidence, Finding

#: Characters of context kept on each side of the evidence in a very long block.
CONTEXT = 300
LONG_BLOCK = 1200

def asset(name: str) -> str:
    return (resources.files("clausecheck.report") / "assets" / name).read_text(encoding="utf-8")


def _json_script(data: object) -> str:
    """JSON safe inside <script>: no way to close the element from the data."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def render(result: CheckResult, lang: str = "zh", output: Path | None = None,
           library: Library | None = None, **_: object) -> str:
    ui = TEXT[lang]
    doc = result.document
    title = f"{t(lang, 'title')} — {doc_name(result)}"
    body: list[str] = [_header(result, lang, ui)]
    if doc.checkable:
        body.append(_summary(result, lang, ui))
        body.append(_tiers(result, lang, ui, library))
        body.append(f'<h2 id="findings">{escape(ui["findings"])}</h2>')
        body.append('<nav id="filters" hidden></nav>')
        for article, findings in by_article(result.findings):
            body.append(f'<section class="article-group" data-article="{escape(article)}">'
                        f'<h2>{escape(article_title(article, lang))}</h2>')
            body.extend(_finding(result, f, lang, ui) for f in findings)
            body.append("</section>")
    body.append(_footer(result, lang))
    i18n = {
        **{k: ui[k] for k in ("status", "strength", "all", "showing", "copy", "copied")},
        "statuses": [[s, f"{SYMBOL[s]} {STATUS[lang][s]}"] for s in STATUS_ORDER],
        "strengths": [[s, STRENGTH[lang][s]] for s in ("must", "should")],
    }
    html_lang = "zh-Hant" if lang == "zh" else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="clausecheck">\n'
        f"<title>{escape(title)}</title>\n<style>\n{asset('report.css')}</style>\n</head>\n"
        f'<body data-lang="{lang}">\n<main>\n' + "\n".join(body) + "\n</main>\n"
        f'<script type="application/json" id="cc-i18n">{_json_script(i18n)}</script>\n'
        f"<script>\n{asset('report.js')}</script>\n</body>\n</html>\n"
    )


def _header(result: CheckResult, lang: str, ui: dict[str, str]) -> str:
    doc = result.document
    rows = [
        (t(lang, "document"), doc.path),
        ("", f"{doc.format}, {doc.pages or '-'} p., {doc.language or '-'}, {t(lang, 'status')}: {doc.status}"),
        (t(lang, "profile"), profile_label(result, lang)),
    ]
    if result.scope:
        rows.append((t(lang, "scope"), scope_label(result, lang)))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    warnings = "".join(f'<p class="warn">! {escape(w)}</p>' for w in doc.warnings)
    scope_ev = [(k, v) for k, v in result.scope.items() if v.value and v.evidence and not result.redacted]
    details = ""
    if scope_ev:
        items = "".join(
            f"<li><b>{escape(SCOPE[lang][k])}</b>: {escape('; '.join(v.evidence[:2]))}</li>"
            for k, v in scope_ev
        )
        details = f"<details><summary>{escape(ui['scope_evidence'])}</summary><ul>{items}</ul></details>"
    cls = "card" if doc.checkable else "card not-checked"
    extra = "" if doc.checkable else (
        f'<p><span class="badge b-missing">{escape(ui["document_not_checked"])}</span> '
        f'{escape(t(lang, "status"))}: <code>{escape(doc.status)}</code></p>'
    )
    return (f'<header class="{cls}"><h1>{escape(t(lang, "title"))}</h1>'
            f'<div class="muted">{escape(doc_name(result))}</div>'
            f'<dl class="meta">{dl}</dl>{warnings}{details}{extra}</header>')


def _summary(result: CheckResult, lang: str, ui: dict[str, str]) -> str:
    cards = "".join(
        f'<div class="stat s-{s}" data-status="{s}"><span class="n">{n}</span>'
        f'{escape(SYMBOL[s])} {escape(status_label(s, lang))}</div>'
        for s, n in result.summary().items()
    )
    return f'<h2 id="summary">{escape(ui["summary"])}</h2><div class="summary">{cards}</div>'


def _tiers(result: CheckResult, lang: str, ui: dict[str, str], library: Library | None) -> str:
    head = f'<h2 id="tiers">{escape(ui["tiers"])}</h2>'
    rows = tier_matrix(result, library)
    if rows is None:
        return head + f'<p class="muted">{escape(ui["tiers_na"])}</p>'
    changed = sum(r.changed for r in rows)
    note = ui["changes"].format(n=changed) if changed else ui["no_changes"]
    toggle = ('<label><input type="checkbox" id="only-changes" checked> ' + escape(ui["only_changes"])
              + "</label>") if changed else ""
    tools = f'<div class="tier-tools"><span>{escape(note)}</span>{toggle}</div>'
    th = (f"<tr><th>{escape(t(lang, 'requirement'))}</th><th>{escape(t(lang, 'citation'))}</th>"
          f'<th class="nowrap">{escape(t(lang, "strength"))}</th>'
          f'<th class="tier">{escape(ui["tier1"])}</th><th class="tier">{escape(ui["tier2"])}</th></tr>')
    body = "".join(_tier_row(r, lang) for r in rows)
    foot = (f'<tr class="totals"><td colspan="3">{escape(t(lang, "summary"))}</td>'
            f'<td>{escape(_counts(rows, "tier1"))}</td><td>{escape(_counts(rows, "tier2"))}</td></tr>')
    table = (f'<table class="tiers{" only-changes" if changed else ""}"><thead>{th}</thead>'
             f"<tbody>{body}</tbody><tfoot>{foot}</tfoot></table>")
    if not changed:
        table = f"<details><summary>{escape(ui['tiers'])}</summary>{table}</details>"
    return f"{head}{tools}{table}"


def _counts(rows: list[TierRow], attr: str) -> str:
    n = {s: 0 for s in STATUS_ORDER}
    for r in rows:
        n[getattr(r, attr)] += 1
    return " ".join(f"{SYMBOL[s]}{v}" for s, v in n.items())


def _badge(status: str, lang: str) -> str:
    return f'<span class="badge b-{status}">{escape(SYMBOL[status])} {escape(status_label(status, lang))}</span>'


def _tier_row(r: TierRow, lang: str) -> str:
    f = r.finding
    cls = "changed" if r.changed else "same"
    return (f'<tr class="{cls}" data-id="{escape(f.id)}" data-tier1="{r.tier1}" data-tier2="{r.tier2}">'
            f'<td><a href="#f-{escape(f.id)}">{escape(f.title(lang))}</a></td>'
            f"<td>{escape(citations(f, lang))}</td><td>{escape(strength_label(f.strength, lang))}</td>"
            f'<td class="t1">{_badge(r.tier1, lang)}</td><td class="t2">{_badge(r.tier2, lang)}</td></tr>')


def _finding(result: CheckResult, f: Finding, lang: str, ui: dict[str, str]) -> str:
    parts = [
        f'<article class="finding s-{f.status}" id="f-{escape(f.id)}" data-id="{escape(f.id)}" '
        f'data-status="{f.status}" data-strength="{f.strength}">',
        f"<header>{_badge(f.status, lang)}<h3>{escape(f.title(lang))}</h3>"
        f'<span class="strength {f.strength}">{escape(strength_label(f.strength, lang))}</span>'
        f'<span class="cite">{escape(citations(f, lang))}</span>'
        f'<code class="id">{escape(f.id)}</code>'
        + (f'<span class="sub">{escape(t(lang, "confidence"))} {f.confidence}</span>'
           if f.status != "not_applicable" else "")
        + "</header>",
    ]
    if f.status == "not_applicable":
        parts.append(f'<p class="muted">{escape(reason_label(f, lang))}</p></article>')
        return "".join(parts)
    if f.reason:
        parts.append(f'<p class="muted">{escape(f.reason)}</p>')
    reasons = list(dict.fromkeys(e.reason for e in f.conflicts if e.reason))
    if reasons:
        parts.append(f'<p class="conflict-reason"><b>{escape(t(lang, "conflict"))}</b>: '
                     f"{escape('; '.join(reasons))}</p>")
    evidence = [e for e in f.evidence if e.element != "topic"] or f.evidence
    if f.conflicts or evidence:
        parts.append(_paragraphs(result, [*f.conflicts, *evidence], f.conflicts, lang))
    else:
        parts.append(f'<p class="muted">{escape(ui["no_evidence"])}</p>')
    parts.append(_elements(f, ui))
    missing = missing_elements(f)
    if missing and f.status != "missing":
        items = "".join(f"<li><code>{escape(i)}</code> {escape(text)}</li>" for i, text in missing)
        parts.append(f'<div class="missing"><b>{escape(t(lang, "missing_elements"))}</b>'
                     f'<ul class="missing-list">{items}</ul></div>')
    if f.discarded and not result.redacted:
        items = "".join(f"<li>「{escape(d.text)}」 ({escape(d.location)}) — {escape(d.reason)}</li>"
                        for d in f.discarded)
        parts.append(f"<details><summary>{escape(ui['discarded_lookalikes'])} ({len(f.discarded)})</summary>"
                     f"<ul>{items}</ul></details>")
    if f.status in NEEDS_TEXT and f.suggestion(lang):
        sid = f"s-{escape(f.id)}"
        parts.append(f'<div class="suggest"><span class="label">{escape(t(lang, "suggestion"))}</span>'
                     f'<button type="button" class="copy" data-target="{sid}">{escape(ui["copy"])}</button>'
                     f'<p id="{sid}" lang="{"zh-Hant" if lang == "zh" else "en"}">'
                     f"{escape(f.suggestion(lang))}</p></div>")
    parts.append("</article>")
    return "".join(parts)


def _elements(f: Finding, ui: dict[str, str]) -> str:
    if len(f.elements) < 2:
        return ""
    items = []
    for e in f.elements:
        cls = "na" if not e.applies else "found" if e.found else "absent"
        mark = "✔" if e.found else "·" if not e.applies or e.optional else "✘"
        opt = f" ({ui['optional']})" if e.optional else ""
        items.append(f'<li class="{cls}" title="{escape(e.text)}">{mark} {escape(e.id)}{escape(opt)}</li>')
    return f'<ul class="elements" aria-label="{escape(ui["elements"])}">{"".join(items)}</ul>'


def _paragraphs(result: CheckResult, evs: list[Evidence], conflicts: list[Evidence], lang: str) -> str:
    """Each block the evidence sits in, once, with every matched span in it highlighted;
    blocks holding contrary text first, marked as such."""
    by_block: dict[int, list[Evidence]] = {}
    loose: list[Evidence] = []
    for ev in evs:
        block = block_of(result, ev)
        if block is None:
            loose.append(ev)
        else:
            by_block.setdefault(block.start, []).append(ev)
    out: list[str] = []
    groups = sorted(by_block.values(), key=lambda g: not any(e in conflicts for e in g))
    for evs_here in groups:
        block = block_of(result, evs_here[0])
        assert block is not None
        cls = "para conflict" if any(e in conflicts for e in evs_here) else "para"
        label = escape(where(result, evs_here[0], lang))
        if result.redacted:
            out.append(f'<div class="{cls}">{escape(t(lang, "redacted"))}<span class="where">{label}</span></div>')
            continue
        spans = [(max(e.start, block.start) - block.start, min(e.end, block.end) - block.start,
                  e in conflicts, e.reason if e in conflicts else e.element) for e in evs_here]
        out.append(f'<div class="{cls}">{highlight(block.text, spans)}<span class="where">{label}</span></div>')
    for ev in loose:
        cls = "para conflict" if ev in conflicts else "para"
        label = escape(where(result, ev, lang))
        text = quote(result, ev, lang)
        if not result.redacted and ev.quote and ev.quote in ev.text:
            i = ev.text.index(ev.quote)
            body = highlight(ev.text, [(i, i + len(ev.quote), ev in conflicts, ev.element)])
        else:
            body = escape(text)
        out.append(f'<div class="{cls}">{body}<span class="where">{label}</span></div>')
    return "".join(out)


def highlight(text: str, spans: list[tuple[int, int, bool, str]]) -> str:
    """``text`` escaped, with each (start, end, is_conflict, label) span in a <mark>.
    Overlapping spans are cut at every boundary; a piece inside any conflict span is marked
    as conflict. Very long paragraphs are trimmed to the context around the spans."""
    spans = [(a, b, c, lab) for a, b, c, lab in spans if 0 <= a < b <= len(text)]
    lo, hi = 0, len(text)
    if len(text) > LONG_BLOCK and spans:
        lo = max(0, min(a for a, *_ in spans) - CONTEXT)
        hi = min(len(text), max(b for _, b, *_ in spans) + CONTEXT)
    cuts = sorted({lo, hi, *(a for a, *_ in spans), *(b for _, b, *_ in spans)})
    out: list[str] = ["…" if lo > 0 else ""]
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a < lo or b > hi:
            continue
        piece = escape(text[a:b])
        cover = [s for s in spans if s[0] <= a and b <= s[1]]
        if not cover:
            out.append(piece)
            continue
        is_conflict = any(c for _, _, c, _ in cover)
        labels = ", ".join(dict.fromkeys(lab for *_, lab in cover if lab))
        title = f' title="{escape(labels)}"' if labels else ""
        out.append(f'<mark class="{"conflict" if is_conflict else "ev"}"{title}>{piece}</mark>')
    out.append("…" if hi < len(text) else "")
    return "".join(out)


def _footer(result: CheckResult, lang: str) -> str:
    now = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")
    return (f'<footer>clausecheck {escape(result.tool_version)} · {escape(t(lang, "library"))} '
            f'{escape(result.library_version)} · {escape(t(lang, "generated"))} {escape(now)} · '
            f"sha256 {escape(result.document.sha256[:16])}</footer>")
