"""How much of one document clausecheck will read, and for how long.

An archive holds the odd 2,000-page scan, a zip bomb renamed .docx or a 5 MB text file with
no line breaks. Each is read up to a limit and then cut, with status ``partial`` and a
warning that says what was left out (or refused, with status ``too_large``), so one file
never stalls a batch or exhausts its memory.

Every limit has a default, an environment variable, and (for pages and time) a CLI option;
an explicit value wins over the environment, which wins over the default.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from clausecheck.errors import UsageError

#: Pages read at most (PDF pages, TIFF frames); the rest are cut.
DEFAULT_MAX_PAGES = 1000
#: Seconds one document may spend being read (PDF pages, OCR, conversion) before it is cut.
DEFAULT_TIME_BUDGET = 600.0
#: A DOCX package that would inflate to more than this is refused (a zip bomb).
DEFAULT_MAX_UNZIPPED_MB = 200
#: Characters of text kept; matching time grows with the text, and no contract is longer.
DEFAULT_MAX_CHARS = 1_000_000

ENV_MAX_PAGES = "CLAUSECHECK_MAX_PAGES"
ENV_TIME_BUDGET = "CLAUSECHECK_TIME_BUDGET"
ENV_MAX_UNZIPPED_MB = "CLAUSECHECK_MAX_UNZIPPED_MB"
ENV_MAX_CHARS = "CLAUSECHECK_MAX_CHARS"


@dataclass(frozen=True)
class Limits:
    max_pages: int = DEFAULT_MAX_PAGES
    time_budget: float = DEFAULT_TIME_BUDGET  # seconds
    max_unzipped_bytes: int = DEFAULT_MAX_UNZIPPED_MB * 1024 * 1024
    max_chars: int = DEFAULT_MAX_CHARS

    @classmethod
    def resolve(
        cls,
        max_pages: int | None = None,
        time_budget: float | None = None,
        max_unzipped_mb: float | None = None,
        max_chars: int | None = None,
    ) -> Limits:
        """The limits to use: each given value, else its environment variable, else the
        default. A bad value (``0``, ``-3``, ``ten``) is a usage error, never ignored."""
        pages = _pick(max_pages, ENV_MAX_PAGES, DEFAULT_MAX_PAGES, int)
        budget = _pick(time_budget, ENV_TIME_BUDGET, DEFAULT_TIME_BUDGET, float)
        unzipped = _pick(max_unzipped_mb, ENV_MAX_UNZIPPED_MB, DEFAULT_MAX_UNZIPPED_MB, float)
        chars = _pick(max_chars, ENV_MAX_CHARS, DEFAULT_MAX_CHARS, int)
        return cls(int(pages), float(budget), int(unzipped * 1024 * 1024), int(chars))


def _pick(value, env: str, default, kind):
    source = "the value given"
    if value is None:
        raw = os.environ.get(env, "").strip()
        if not raw:
            return default
        source = f"${env}"
        try:
            value = kind(raw)
        except ValueError:
            raise UsageError(f"{source} must be a positive number, not {raw!r}") from None
    if value <= 0:
        raise UsageError(f"{source} must be a positive number, not {value!r}")
    return value


class Deadline:
    """The time budget of one document, started when reading starts."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.start = time.monotonic()
        self.hit = False  # set by whoever stopped early because of it

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.start)

    def expired(self) -> bool:
        return self.remaining() <= 0

    def describe(self) -> str:
        return f"the time budget of {self.seconds:g} s per document (--time-budget, ${ENV_TIME_BUDGET})"
