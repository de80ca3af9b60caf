"""Scores of predicted statuses against labels.

- status accuracy over every (sample, format, requirement);
- topic precision/recall/F1: "found" means present, weak or conflict; "missing" means missing
  (over requirements that apply);
- weak and conflict precision/recall;
- look-alikes reported present: requirements labelled missing that the tool called present;
- the confusion matrix of statuses.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from clausecheck.library.schema import STATUSES

FOUND = {"present", "weak", "conflict"}


@dataclass
class Scores:
    pairs: list[tuple[str, str]] = field(default_factory=list)  # (expected, got)

    def add(self, expected: str, got: str) -> None:
        self.pairs.append((expected, got))

    @property
    def n(self) -> int:
        return len(self.pairs)

    def confusion(self) -> dict[str, dict[str, int]]:
        c = Counter(self.pairs)
        return {e: {g: c[(e, g)] for g in STATUSES} for e in STATUSES}

    def accuracy(self) -> float:
        return sum(e == g for e, g in self.pairs) / self.n if self.n else 0.0

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}

    def topic(self) -> dict[str, float]:
        applicable = [(e, g) for e, g in self.pairs if e != "not_applicable"]
        tp = sum(e in FOUND and g in FOUND for e, g in applicable)
        fp = sum(e not in FOUND and g in FOUND for e, g in applicable)
        fn = sum(e in FOUND and g not in FOUND for e, g in applicable)
        return self._prf(tp, fp, fn)

    def status_prf(self, status: str) -> dict[str, float]:
        tp = sum(e == status and g == status for e, g in self.pairs)
        fp = sum(e != status and g == status for e, g in self.pairs)
        fn = sum(e == status and g != status for e, g in self.pairs)
        return self._prf(tp, fp, fn)

    def false_present(self) -> int:
        return sum(e == "missing" and g == "present" for e, g in self.pairs)

    def summary(self) -> dict[str, object]:
        return {
            "n": self.n,
            "status_accuracy": round(self.accuracy(), 4),
            "topic": self.topic(),
            "present": self.status_prf("present"),
            "weak": self.status_prf("weak"),
            "conflict": self.status_prf("conflict"),
            "missing": self.status_prf("missing"),
            "lookalikes_reported_present": self.false_present(),
        }
