"""The per-document task. It never raises: every document returns its report or its error.

The library and its compiled engine are built once per worker process (``init_worker``), as
scancode builds its index once and lets workers inherit it.
"""

from __future__ import annotations

import os
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.extract.limits import Limits
from clausecheck.profile import Profile

_STATE: dict[str, Any] = {}


@dataclass
class Task:
    display: str
    path: str | None  # read from here (local executor, shared path) ...
    sha256: str
    profile: dict[str, Any]  # Profile fields; scope None = auto
    libraries: tuple[str, ...] = ()
    data: bytes | None = None  # ... or from these bytes (sent to a remote worker)
    suffix: str = ""
    report_format: str | None = None  # also render this report format
    lang: str = "zh"
    password: str | None = None
    ocr: str = "auto"
    limits: Limits | None = None  # None: from the worker's environment


@dataclass
class Outcome:
    display: str
    sha256: str
    ok: bool
    status: str  # document status, or "failed"
    summary: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    report: dict[str, Any] | None = None
    rendered: str | bytes | None = None
    error: str = ""
    seconds: float = 0.0
    library_version: str = ""


def init_worker(libraries: tuple[str, ...] = ()) -> None:
    """Process-pool initializer: ignore Ctrl+C (the parent handles it) and build the engine.
    The pool already uses every core, so each worker's OCR runs one Tesseract at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("CLAUSECHECK_OCR_JOBS", "1")
    _library(libraries)


def _library(libraries: tuple[str, ...]):
    from clausecheck.check import engine_for
    from clausecheck.library.load import load_library

    key = "lib:" + "|".join(libraries)
    if key not in _STATE:
        lib = load_library(list(libraries))
        engine_for(lib).warm()
        _STATE[key] = lib
    return _STATE[key]


def check_task(task: Task) -> Outcome:
    from clausecheck.check import check
    from clausecheck.errors import ClauseCheckError, InputError

    t0 = time.perf_counter()
    tmp: str | None = None
    try:
        library = _library(task.libraries)
        path = task.path
        if task.data is not None:
            fd, tmp = tempfile.mkstemp(prefix="clausecheck-", suffix=task.suffix)
            with os.fdopen(fd, "wb") as fh:
                fh.write(task.data)
            path = tmp
        assert path is not None
        result = check(path, Profile(**task.profile), library, password=task.password, ocr=task.ocr,
                       limits=task.limits)
        result.document.path = task.display
        report = result.to_dict()
        rendered = None
        if task.report_format:
            from clausecheck.report import render

            rendered = render(result, task.report_format, task.lang, Path(task.display))
        return Outcome(
            task.display, task.sha256, result.document.checkable, result.document.status,
            summary=result.summary(), statuses={f.id: f.status for f in result.findings},
            report=report, rendered=rendered,
            error="" if result.document.checkable else "; ".join(result.document.warnings) or result.document.status,
            seconds=time.perf_counter() - t0, library_version=library.version,
        )
    except InputError as exc:
        return Outcome(task.display, task.sha256, False, exc.status, error=str(exc),
                       seconds=time.perf_counter() - t0)
    except ClauseCheckError as exc:
        return Outcome(task.display, task.sha256, False, "failed", error=str(exc),
                       seconds=time.perf_counter() - t0)
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
        return Outcome(task.display, task.sha256, False, "failed",
                       error=f"internal error: {type(exc).__name__}: {exc} ({tb})",
                       seconds=time.perf_counter() - t0)
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
