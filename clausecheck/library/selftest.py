"""``clausecheck library test``: every requirement's own examples must come out as labelled.

Each example sentence is checked alone, as a one-paragraph document, with a profile under which
every requirement applies (tier-1 fcm, every scope flag set), so the example tests the patterns
and nothing else — the semgrep ``ruleid:``/``ok:`` idea.
"""

from __future__ import annotations

from dataclasses import dataclass

from clausecheck.library.load import Library, Requirement
from clausecheck.library.schema import SCOPE_FLAGS
from clausecheck.match.decide import evaluate
from clausecheck.match.engine import Engine
from clausecheck.match.segment import prepare
from clausecheck.model import Block, Document, Location
from clausecheck.profile import Applicability, Profile

EXPECTED = {"present": "present", "weak": "weak", "missing": "missing", "conflict": "conflict"}


@dataclass
class ExampleResult:
    requirement: str
    kind: str
    text: str
    got: str
    ok: bool
    detail: str = ""


def example_document(text: str) -> Document:
    """One block per line; a line starting with ``## `` is a section heading, so examples can
    test patterns bound to a heading (a survival sentence under 保密義務)."""
    from clausecheck.extract.articles import assign_article_paths

    doc = Document(path="<example>", format="txt")
    for i, line in enumerate(t for t in text.splitlines() if t.strip()):
        line = line.strip()
        kind = "heading" if line.startswith("## ") else "paragraph"
        doc.blocks.append(Block(kind, line.removeprefix("## ").strip(), Location(line=i + 1)))
    assign_article_paths(doc.blocks)
    return doc.finish()


def run_examples(library: Library, only: list[str] | None = None) -> list[ExampleResult]:
    engine = Engine(library)
    app = Applicability(Profile(), {f: True for f in SCOPE_FLAGS})
    results: list[ExampleResult] = []
    for req in library:
        if only and req.id not in only:
            continue
        results.extend(_run_one(req, engine, app))
    return results


def _run_one(req: Requirement, engine: Engine, app: Applicability) -> list[ExampleResult]:
    out = []
    for kind, texts in req.examples.items():
        for text in texts:
            prepared = prepare(example_document(text))
            finding = evaluate(req, engine.find(prepared), prepared, app, engine)
            ok = finding.status == EXPECTED[kind]
            detail = ""
            if not ok:
                found = [e.id for e in finding.elements if e.found]
                detail = f"elements found: {found or 'none'}; missing: {finding.missing_elements}"
                if finding.conflicts:
                    detail += f"; conflict: {finding.conflicts[0].quote!r}"
                if finding.discarded:
                    detail += f"; discarded: {finding.discarded[0].reason}"
            out.append(ExampleResult(req.id, kind, text, finding.status, ok, detail))
    return out


def coverage_problems(library: Library, minimum: int = 4) -> list[str]:
    """Each requirement needs ``minimum`` examples, in zh and en, positive and look-alike."""
    problems = []
    for req in library:
        ex = req.examples
        total = sum(len(v) for v in ex.values())
        texts = [t for v in ex.values() for t in v]
        has_en = any(t.isascii() for t in texts)
        has_zh = any(not t.isascii() for t in texts)
        if total < minimum:
            problems.append(f"{req.id}: {total} examples, needs at least {minimum}")
        if not (has_en and has_zh):
            problems.append(f"{req.id}: examples need both zh and en sentences")
        if not ex.get("present"):
            problems.append(f"{req.id}: no 'present' example")
        if not ex.get("missing"):
            problems.append(f"{req.id}: no 'missing' (look-alike) example")
        if req.conflicts and not ex.get("conflict"):
            problems.append(f"{req.id}: has conflict patterns but no 'conflict' example")
        multi = sum(1 for e in req.elements if not e.optional) > 1
        if multi and not ex.get("weak"):
            problems.append(f"{req.id}: has several elements but no 'weak' example")
    return problems
