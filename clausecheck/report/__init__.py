"""Renderers: one result model, many formats, dispatched from one table (sqlfluff-style).

Each renderer is ``render(result, lang, output) -> str | bytes``. Text formats return ``str``;
binary formats (docx, xlsx) return ``bytes`` and need ``--output``.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from clausecheck.result import CheckResult

#: format name → module under clausecheck.report that has ``render``.
RENDERERS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "markdown": "markdown",
    "html": "html",
    "docx": "docx_report",
    "checklist": "checklist",
}
BINARY = {"docx", "checklist"}


def available_formats() -> list[str]:
    return [f for f, mod in RENDERERS.items() if _exists(mod)]


def _exists(mod: str) -> bool:
    return (Path(__file__).parent / f"{mod}.py").is_file()


def renderer(fmt: str) -> Callable[..., str | bytes]:
    return import_module(f"clausecheck.report.{RENDERERS[fmt]}").render


def render(result: CheckResult, fmt: str = "text", lang: str = "zh", output: Path | None = None, **options) -> str | bytes:
    return renderer(fmt)(result, lang=lang, output=output, **options)
