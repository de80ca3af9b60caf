"""clausecheck: checks IT-outsourcing contracts against Taiwan's futures-industry
self-regulatory rule on information-service vendors.

The library API is what the CLI calls::

    import clausecheck
    doc = clausecheck.extract("draft.docx")
    result = clausecheck.check("draft.docx", profile=clausecheck.Profile(tier=1))
"""

from __future__ import annotations

__version__ = "0.1.0"

from clausecheck.extract import extract  # noqa: E402

__all__ = ["__version__", "extract"]
