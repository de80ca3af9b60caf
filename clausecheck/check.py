"""``check()``: the library API the CLI, batch scanner and evaluation all call.

extract → prepare (normalise, segment) → find (all cheap matchers, once) → scope (inferred or
given) → evaluate each requirement → :class:`~clausecheck.result.CheckResult`.
"""

from __future__ import annotations

import time
from pathlib import Path

from clausecheck import __version__
from clausecheck.extract.limits import Limits
from clausecheck.library.load import Library, load_library
from clausecheck.match.decide import evaluate
from clausecheck.match.engine import Engine
from clausecheck.match.scope import infer_scope
from clausecheck.match.segment import prepare
from clausecheck.model import Document
from clausecheck.profile import Applicability, Profile
from clausecheck.result import CheckResult, ScopeFlag

_ENGINES: dict[str, Engine] = {}


def engine_for(library: Library) -> Engine:
    """One compiled engine per library version per process."""
    eng = _ENGINES.get(library.version)
    if eng is None:
        eng = _ENGINES[library.version] = Engine(library)
    return eng


def check(
    source: str | Path | Document,
    profile: Profile | None = None,
    library: Library | None = None,
    *,
    password: str | None = None,
    redact: bool = False,
    ocr: str = "auto",
    limits: Limits | None = None,
) -> CheckResult:
    """Check one contract. ``source`` is a path or an already extracted :class:`Document`.

    ``password``, ``ocr`` (auto | always | never) and ``limits`` (pages, time budget, sizes)
    are passed to :func:`clausecheck.extract.extract`. A document that could not be read
    (scanned without OCR, garbage text, empty…) gives a result with no findings and the
    document's status, never a list of 45 "missing" findings.
    """
    t0 = time.perf_counter()
    profile = profile or Profile()
    library = library or load_library()
    if isinstance(source, Document):
        doc = source
    else:
        from clausecheck.extract import extract

        doc = extract(source, password=password, ocr=ocr, limits=limits)
    result = CheckResult(
        document=doc,
        profile=profile,
        scope={},
        findings=[],
        library_version=library.version,
        tool_version=__version__,
        redacted=redact,
    )
    if not doc.checkable:
        result.seconds = time.perf_counter() - t0
        return result
    engine = engine_for(library)
    prepared = prepare(doc)
    hits = engine.find(prepared)
    if profile.scope is None:
        result.scope = infer_scope(prepared, library, engine, hits)
    else:
        result.scope = {k: ScopeFlag(v, "set") for k, v in profile.scope.items()}
    app = Applicability(profile, result.scope_values)
    result.findings = [evaluate(req, hits, prepared, app, engine) for req in library]
    result.seconds = time.perf_counter() - t0
    return result
