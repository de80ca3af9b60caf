"""The results store: one SQLite row per document, written as each document finishes.

Each row is committed in its own transaction (WAL journal), so ``kill -9`` loses nothing that
was already done. A rerun skips a document whose content (sha256), library version and profile
are unchanged since a successful check — an interrupted scan resumes, an unchanged archive
rescans in seconds.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    path            TEXT PRIMARY KEY,
    sha256          TEXT,
    size            INTEGER,
    mtime           REAL,
    library_version TEXT,
    profile         TEXT,
    status          TEXT,      -- document status (ok, needs_ocr, ...) or 'failed'
    outcome         TEXT,      -- checked | duplicate | failed
    duplicate_of    TEXT,
    summary         TEXT,      -- JSON: counts per finding status
    statuses        TEXT,      -- JSON: requirement id -> status
    report          TEXT,      -- JSON: the full check report
    error           TEXT,
    seconds         REAL,
    checked_at      REAL
);
CREATE INDEX IF NOT EXISTS documents_sha ON documents (sha256, library_version, profile);
"""


@dataclass
class Row:
    path: str
    sha256: str
    size: int
    mtime: float
    library_version: str
    profile: str
    status: str
    outcome: str
    summary: dict[str, int]
    statuses: dict[str, str]
    report: dict[str, Any] | None
    error: str
    seconds: float
    duplicate_of: str = ""


class Store:
    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def unchanged(self, path: str, sha256: str, library_version: str, profile: str) -> bool:
        """Was this path already checked successfully with the same content, library and profile?"""
        row = self.db.execute(
            "SELECT 1 FROM documents WHERE path=? AND sha256=? AND library_version=? AND profile=? "
            "AND outcome IN ('checked','duplicate')",
            (path, sha256, library_version, profile),
        ).fetchone()
        return row is not None

    def put(self, row: Row) -> None:
        with self.db:  # one transaction per document
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR REPLACE INTO documents (path, sha256, size, mtime, library_version, profile, "
                "status, outcome, duplicate_of, summary, statuses, report, error, seconds, checked_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    row.path, row.sha256, row.size, row.mtime, row.library_version, row.profile,
                    row.status, row.outcome, row.duplicate_of, json.dumps(row.summary),
                    json.dumps(row.statuses), json.dumps(row.report, ensure_ascii=False) if row.report else None,
                    row.error, row.seconds, time.time(),
                ),
            )

    def rows(self, paths: list[str] | None = None) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT * FROM documents ORDER BY path")
        names = [d[0] for d in cur.description]
        out = []
        wanted = set(paths) if paths is not None else None
        for values in cur:
            d = dict(zip(names, values, strict=True))
            if wanted is not None and d["path"] not in wanted:
                continue
            for key in ("summary", "statuses", "report"):
                d[key] = json.loads(d[key]) if d[key] else None
            out.append(d)
        return out

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
