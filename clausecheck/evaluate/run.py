"""``clausecheck eval DIR``: run the checker on every labelled sample in every format and
score it. The thresholds live in ``DIR/eval-thresholds.yaml``; below them the command fails.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from clausecheck.check import check
from clausecheck.errors import ClauseCheckError
from clausecheck.evaluate.labels import Sample, label_problems, load_samples
from clausecheck.evaluate.metrics import Scores
from clausecheck.library.load import Library, load_library
from clausecheck.library.schema import SCOPE_FLAGS
from clausecheck.normalize import normalize
from clausecheck.profile import Profile

THRESHOLDS_FILE = "eval-thresholds.yaml"


@dataclass
class Disagreement:
    sample: str
    format: str
    requirement: str
    expected: str
    got: str
    label_quote: str
    tool_evidence: list[str]
    missing_expected: list[str] = field(default_factory=list)
    missing_got: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class EvalReport:
    overall: Scores = field(default_factory=Scores)
    by_format: dict[str, Scores] = field(default_factory=dict)
    by_sample: dict[str, Scores] = field(default_factory=dict)
    by_split: dict[str, Scores] = field(default_factory=dict)  # tuning | holdout
    disagreements: list[Disagreement] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    label_problems: list[str] = field(default_factory=list)
    weak_elements: dict[str, int] = field(default_factory=lambda: {"agree": 0, "total": 0})
    evidence: dict[str, int] = field(default_factory=lambda: {"agree": 0, "total": 0})
    scope: dict[str, int] = field(default_factory=lambda: {"agree": 0, "total": 0})
    scope_misses: list[str] = field(default_factory=list)
    samples: int = 0
    documents: int = 0
    seconds: float = 0.0
    thresholds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    first_sight: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "documents": self.documents,
            "seconds": round(self.seconds, 2),
            "overall": self.overall.summary(),
            "confusion": self.overall.confusion(),
            "by_format": {f: s.summary() for f, s in self.by_format.items()},
            "by_sample": {n: round(s.accuracy(), 4) for n, s in self.by_sample.items()},
            "by_split": {n: s.summary() for n, s in self.by_split.items()},
            "weak_missing_elements_agreement": self.weak_elements,
            "evidence_agreement": self.evidence,
            "scope_inference": {**self.scope, "misses": self.scope_misses},
            "disagreements": [d.to_dict() for d in self.disagreements],
            "errors": self.errors,
            "label_problems": self.label_problems,
            "first_sight": self.first_sight,
            "thresholds": self.thresholds,
            "failures": self.failures,
            "passed": not self.failures,
        }


def _evidence_agrees(quote: str, texts: list[str]) -> bool:
    from rapidfuzz import fuzz

    q = normalize(quote).text
    return any(fuzz.partial_ratio(q, normalize(t).text) >= 80 for t in texts if t)


def evaluate(folder: Path, formats: list[str] | None = None, library: Library | None = None,
             split: str = "all") -> EvalReport:
    """Score every sample (``split="all"``), or only the tuning or the held-out ones."""
    t0 = time.perf_counter()
    library = library or load_library()
    ids = list(library.requirements)
    report = EvalReport()
    samples = [s for s in load_samples(folder) if split == "all" or s.holdout == (split == "holdout")]
    report.samples = len(samples)
    for sample in samples:
        report.label_problems.extend(label_problems(sample, ids))
        for fmt, path in sample.files.items():
            if formats and fmt.split("-")[0] not in formats:  # txt-big5 counts as txt
                continue
            _evaluate_file(sample, fmt, path, library, report)
        _evaluate_scope(sample, library, report)
    report.first_sight = first_sight(samples)
    report.seconds = time.perf_counter() - t0
    _apply_thresholds(folder, report)
    return report


def first_sight(samples: list[Sample]) -> dict[str, Any]:
    """The samples' ``first_sight`` records (scripts/first_sight.py) put together: how the tool
    did on each sample the first time it saw it, before any tuning on it — weighted by the
    number of judgements."""
    records = [s.raw["first_sight"] for s in samples if isinstance(s.raw.get("first_sight"), dict)]
    if not records:
        return {}
    n = sum(int(r["n"]) for r in records)
    return {
        "samples": len(records),
        "of": len(samples),
        "n": n,
        "status_accuracy": round(sum(float(r["status_accuracy"]) * int(r["n"]) for r in records) / n, 4),
        "lookalikes_reported_present": sum(int(r.get("lookalikes_reported_present", 0)) for r in records),
        "by_sample": {s.name: s.raw["first_sight"]["status_accuracy"] for s in samples
                      if isinstance(s.raw.get("first_sight"), dict)},
    }


def _evaluate_file(sample: Sample, fmt: str, path: Path, library: Library, report: EvalReport) -> None:
    try:
        result = check(path, sample.profile, library)
    except ClauseCheckError as exc:
        report.errors.append(f"{path.name}: {exc}")
        return
    if not result.document.checkable:
        report.errors.append(f"{path.name}: document status {result.document.status}")
        return
    report.documents += 1
    scores_f = report.by_format.setdefault(fmt, Scores())
    scores_s = report.by_sample.setdefault(sample.name, Scores())
    scores_split = report.by_split.setdefault("holdout" if sample.holdout else "tuning", Scores())
    for finding in result.findings:
        expected = sample.expected.get(finding.id)
        if expected is None:
            continue
        got = finding.status
        for s in (report.overall, scores_f, scores_s, scores_split):
            s.add(expected, got)
        texts = [e.text for e in finding.evidence + finding.conflicts]
        if expected == got == "weak":
            report.weak_elements["total"] += 1
            if sorted(finding.missing_elements) == sorted(sample.missing_elements.get(finding.id, [])):
                report.weak_elements["agree"] += 1
        quote = sample.evidence.get(finding.id, "")
        if expected == got and got in ("present", "weak", "conflict") and quote:
            report.evidence["total"] += 1
            if _evidence_agrees(quote, texts):
                report.evidence["agree"] += 1
        if expected != got:
            report.disagreements.append(
                Disagreement(
                    sample.name, fmt, finding.id, expected, got, quote, texts[:3],
                    sample.missing_elements.get(finding.id, []), finding.missing_elements,
                )
            )


def _evaluate_scope(sample: Sample, library: Library, report: EvalReport) -> None:
    path = sample.files.get("txt")
    if path is None:
        return
    prof = Profile(sample.profile.firm_type, sample.profile.tier, sample.profile.foreign, scope=None)
    try:
        result = check(path, prof, library)
    except ClauseCheckError:
        return
    for flag in SCOPE_FLAGS:
        report.scope["total"] += 1
        got = result.scope[flag].value if flag in result.scope else False
        if got == sample.scope[flag]:
            report.scope["agree"] += 1
        else:
            report.scope_misses.append(f"{sample.name}: {flag} expected {sample.scope[flag]}, inferred {got}")


def load_thresholds(folder: Path) -> dict[str, float]:
    path = folder / THRESHOLDS_FILE
    if not path.is_file():
        return {}
    return {k: float(v) for k, v in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items()}


def _apply_thresholds(folder: Path, report: EvalReport) -> None:
    th = load_thresholds(folder)
    report.thresholds = th
    o = report.overall.summary()
    checks: dict[str, tuple[float, bool]] = {  # name -> (value, higher is better)
        "status_accuracy": (o["status_accuracy"], True),  # type: ignore[dict-item]
        "topic_f1": (o["topic"]["f1"], True),  # type: ignore[index]
        "weak_recall": (o["weak"]["recall"], True),  # type: ignore[index]
        "weak_precision": (o["weak"]["precision"], True),  # type: ignore[index]
        "conflict_recall": (o["conflict"]["recall"], True),  # type: ignore[index]
        "conflict_precision": (o["conflict"]["precision"], True),  # type: ignore[index]
        "max_lookalikes_reported_present": (o["lookalikes_reported_present"], False),  # type: ignore[dict-item]
        "max_errors": (len(report.errors), False),
        "max_label_problems": (len(report.label_problems), False),
    }
    for fmt, s in report.by_format.items():
        checks[f"{fmt}_status_accuracy"] = (s.accuracy(), True)
    for split, s in report.by_split.items():
        checks[f"{split}_status_accuracy"] = (s.accuracy(), True)
    if report.scope["total"]:
        checks["scope_accuracy"] = (report.scope["agree"] / report.scope["total"], True)
    for name, limit in th.items():
        key = name
        if name == "per_format_status_accuracy":
            for fmt, s in report.by_format.items():
                if s.accuracy() < limit:
                    report.failures.append(f"{fmt}_status_accuracy {s.accuracy():.4f} < {limit}")
            continue
        if key not in checks:
            if key in (f"{split}_status_accuracy" for split in ("tuning", "holdout")):
                continue  # that split was not evaluated (--split) or has no samples
            report.failures.append(f"unknown threshold {name!r} in {THRESHOLDS_FILE}")
            continue
        value, higher = checks[key]
        if (higher and value < limit) or (not higher and value > limit):
            report.failures.append(f"{name} {value:.4f} {'<' if higher else '>'} {limit}")
    if report.samples == 0:
        report.failures.append(f"no labelled samples (*.labels.yaml) in {folder}")
