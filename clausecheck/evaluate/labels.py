"""Labelled samples: ``samples/<name>.labels.yaml`` next to ``<name>.md`` / ``.docx`` / ``.pdf``.

A label file gives the profile and scope the contract is for and the expected status of every
requirement, the missing elements of each weak one, and a verbatim quote for each found one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clausecheck.library.schema import SCOPE_FLAGS, STATUSES
from clausecheck.profile import Profile

#: Formats evaluated, by file suffix. The Markdown source is the "txt" form.
FORMAT_SUFFIXES = {"txt": (".md", ".txt"), "docx": (".docx",), "pdf": (".pdf",)}


@dataclass
class Sample:
    name: str
    labels_path: Path
    purpose: str
    profile: Profile
    expected: dict[str, str]
    missing_elements: dict[str, list[str]]
    evidence: dict[str, str]
    files: dict[str, Path] = field(default_factory=dict)  # format -> file
    holdout: bool = False  # kept out of pattern tuning: measures how the library generalises
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> dict[str, bool]:
        assert self.profile.scope is not None
        return self.profile.scope


def load_sample(labels_path: Path) -> Sample:
    data = yaml.safe_load(labels_path.read_text(encoding="utf-8"))
    name = labels_path.name[: -len(".labels.yaml")]
    prof = data.get("profile") or {}
    scope = {f: bool((data.get("scope") or {}).get(f, False)) for f in SCOPE_FLAGS}
    sample = Sample(
        name=name,
        labels_path=labels_path,
        purpose=data.get("purpose", ""),
        profile=Profile(
            firm_type=prof.get("firm_type", "fcm"),
            tier=int(prof.get("tier", 1)),
            foreign=bool(prof.get("foreign", False)),
            scope=scope,
        ),
        expected=dict(data.get("expected") or {}),
        missing_elements={k: list(v) for k, v in (data.get("missing_elements") or {}).items()},
        evidence={k: str(v) for k, v in (data.get("evidence") or {}).items()},
        raw=data,
        holdout=bool(data.get("holdout", False)),
    )
    for fmt, suffixes in FORMAT_SUFFIXES.items():
        for suffix in suffixes:
            candidate = labels_path.parent / f"{name}{suffix}"
            if candidate.is_file():
                sample.files.setdefault(fmt, candidate)
    # Encoded copies (<name>.big5.txt, <name>.utf16.txt) are evaluated as formats of their own.
    for candidate in sorted(labels_path.parent.glob(f"{name}.*.txt")):
        sample.files.setdefault(f"txt-{candidate.name[len(name) + 1 : -4]}", candidate)
    return sample


def load_samples(folder: Path) -> list[Sample]:
    return [load_sample(p) for p in sorted(folder.glob("*.labels.yaml"))]


def label_problems(sample: Sample, requirement_ids: list[str]) -> list[str]:
    """What is wrong with a label file (used by tests and before evaluating)."""
    where = sample.labels_path.name
    problems = []
    missing = [r for r in requirement_ids if r not in sample.expected]
    extra = [r for r in sample.expected if r not in requirement_ids]
    if missing:
        problems.append(f"{where}: expected lacks {', '.join(missing)}")
    if extra:
        problems.append(f"{where}: expected has unknown ids {', '.join(extra)}")
    for rid, status in sample.expected.items():
        if status not in STATUSES:
            problems.append(f"{where}: {rid}: unknown status {status!r}")
        if status == "weak" and not sample.missing_elements.get(rid):
            problems.append(f"{where}: {rid} is weak but has no missing_elements")
        if status in ("present", "weak", "conflict") and not sample.evidence.get(rid):
            problems.append(f"{where}: {rid} is {status} but has no evidence quote")
    source = sample.files.get("txt")
    if source is not None:
        text = source.read_text(encoding="utf-8")
        for rid, quote in sample.evidence.items():
            if quote not in text:
                problems.append(f"{where}: evidence for {rid} is not in {source.name}: {quote[:40]!r}")
    return problems
