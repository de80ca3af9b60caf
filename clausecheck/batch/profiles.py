"""``--profiles FILE``: which firm type, tier and scope applies to which files, so one scan
covers the contracts of several entities (a group's FCM, its leverage dealer, its advisory arm).

CSV with a header ``match,firm_type,tier,foreign,scope``, or YAML: a list of mappings with the
same keys. ``match`` is a glob over the reported path (``archive.zip!/inner.pdf`` included) or
a folder prefix. The most specific (longest) matching rule wins; unmatched files get the
profile from the command-line options.
"""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path

import yaml

from clausecheck.errors import UsageError
from clausecheck.profile import Profile, parse_scope


@dataclass
class Rule:
    match: str
    profile: Profile

    def matches(self, display: str) -> bool:
        pattern = self.match.rstrip("/")
        return (
            fnmatch.fnmatch(display, self.match)
            or display == pattern
            or display.startswith(pattern + "/")
            or display.startswith(pattern + "!/")
        )


def _as_bool(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y")


def load_profiles(path: str | Path) -> list[Rule]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"--profiles {path}: cannot read: {exc}") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        data = yaml.safe_load(text) or []
        if isinstance(data, dict):
            data = [{"match": k, **(v or {})} for k, v in data.items()]
        records = data
    else:
        records = list(csv.DictReader(text.splitlines()))
    rules = []
    for i, rec in enumerate(records, start=1):
        try:
            rec = {str(k).strip(): v for k, v in rec.items() if k}
            if not rec.get("match"):
                raise UsageError("no 'match' pattern")
            scope = str(rec.get("scope") or "auto")
            rules.append(Rule(str(rec["match"]).strip(), Profile(
                firm_type=str(rec.get("firm_type") or "fcm").strip(),
                tier=int(rec.get("tier") or 1),
                foreign=_as_bool(rec.get("foreign", False)),
                scope=parse_scope(scope),
            )))
        except (UsageError, ValueError, TypeError, AttributeError) as exc:
            raise UsageError(f"--profiles {path}: entry {i}: {exc}") from exc
    return rules


def profile_for(display: str, rules: list[Rule], default: Profile) -> Profile:
    matching = [r for r in rules if r.matches(display)]
    if not matching:
        return default
    return max(matching, key=lambda r: len(r.match)).profile
