"""Printing an evaluation report for people (text) or machines (json)."""

from __future__ import annotations

import json

from clausecheck.evaluate.run import EvalReport
from clausecheck.library.schema import STATUSES

SHORT = {"present": "pres", "weak": "weak", "missing": "miss", "conflict": "conf", "not_applicable": "n/a"}


def _prf(d: dict) -> str:
    return f"P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  (n={d['support']})"


def render_text(report: EvalReport, max_disagreements: int = 200) -> str:
    d = report.to_dict()
    o = d["overall"]
    out = [
        f"clausecheck eval: {d['samples']} samples, {d['documents']} documents, "
        f"{o['n']} judgements in {d['seconds']} s",
        "",
        f"status accuracy        {o['status_accuracy']:.4f}",
        f"topic (found/missing)  {_prf(o['topic'])}",
        f"present                {_prf(o['present'])}",
        f"weak                   {_prf(o['weak'])}",
        f"conflict               {_prf(o['conflict'])}",
        f"missing                {_prf(o['missing'])}",
        f"look-alikes reported present: {o['lookalikes_reported_present']}",
    ]
    we, ev, sc = d["weak_missing_elements_agreement"], d["evidence_agreement"], d["scope_inference"]
    out.append(f"weak: missing elements agree {we['agree']}/{we['total']}")
    out.append(f"evidence agrees with the labelled quote {ev['agree']}/{ev['total']}")
    out.append(f"scope inference (--scope auto) {sc['agree']}/{sc['total']} flags right")
    out.append("")
    out.append("by format:")
    for fmt, s in d["by_format"].items():
        out.append(f"  {fmt:<5} accuracy {s['status_accuracy']:.4f}  topic F1 {s['topic']['f1']:.3f}  "
                   f"look-alikes present {s['lookalikes_reported_present']}  (n={s['n']})")
    out.append("")
    out.append("held-out samples (never used to tune patterns) vs the rest:")
    for split, s in d["by_split"].items():
        out.append(f"  {split:<8} accuracy {s['status_accuracy']:.4f}  topic F1 {s['topic']['f1']:.3f}  "
                   f"look-alikes present {s['lookalikes_reported_present']}  (n={s['n']})")
    fs = d.get("first_sight")
    if fs:
        out.append(f"  first sight: {fs['status_accuracy']:.4f} over {fs['samples']} of {fs['of']} "
                   f"samples as first run, before any tuning on them (look-alikes present "
                   f"{fs['lookalikes_reported_present']}, n={fs['n']})")
    out.append("")
    out.append("confusion (rows expected, columns got):")
    out.append("          " + " ".join(f"{SHORT[s]:>5}" for s in STATUSES))
    for e in STATUSES:
        out.append(f"  {SHORT[e]:>6}  " + " ".join(f"{d['confusion'][e][g]:>5}" for g in STATUSES))
    out.append("")
    out.append("by sample: " + ", ".join(f"{n} {a:.3f}" for n, a in d["by_sample"].items()))
    if report.disagreements:
        out.append("")
        out.append(f"disagreements ({len(report.disagreements)}):")
        for dis in report.disagreements[:max_disagreements]:
            line = f"  {dis.sample} [{dis.format}] {dis.requirement}: expected {dis.expected}, got {dis.got}"
            if dis.missing_expected or dis.missing_got:
                line += f" (missing elements: labelled {dis.missing_expected}, tool {dis.missing_got})"
            out.append(line)
            if dis.label_quote:
                out.append(f"      label: {dis.label_quote[:100]}")
            for t in dis.tool_evidence[:2]:
                out.append(f"      tool:  {' '.join(t.split())[:100]}")
    for title, items in (("scope misses", sc["misses"]), ("errors", d["errors"]), ("label problems", d["label_problems"])):
        if items:
            out.append("")
            out.append(f"{title}:")
            out.extend(f"  {x}" for x in items)
    out.append("")
    if report.failures:
        out.append("FAILED thresholds: " + "; ".join(report.failures))
    else:
        out.append(f"passed all thresholds ({len(report.thresholds)})")
    return "\n".join(out) + "\n"


def render_json(report: EvalReport) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
