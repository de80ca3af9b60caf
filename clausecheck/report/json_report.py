"""The JSON report: ``CheckResult.to_dict()``, validated by ``schema/report.schema.json``."""

from __future__ import annotations

import json
from pathlib import Path

from clausecheck.result import CheckResult


def render(result: CheckResult, lang: str = "zh", output: Path | None = None, **_: object) -> str:
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
