"""The labelled samples are the measure of the matcher: their labels must be complete and true
to the text, and together they must exercise every requirement in every status."""

from __future__ import annotations

import pytest

from clausecheck.evaluate.labels import load_samples
from clausecheck.library.load import load_library

from conftest import SAMPLES

LIB = load_library()
IDS = list(LIB.requirements)
ALL = load_samples(SAMPLES)


def test_there_are_enough_samples_in_every_format():
    assert len(ALL) >= 12
    for s in ALL:
        assert "txt" in s.files, f"{s.name}: no .md source"


@pytest.mark.parametrize("sample", ALL, ids=[s.name for s in ALL])
def test_labels_are_complete_and_quotes_occur(sample):
    from clausecheck.evaluate.labels import label_problems

    assert label_problems(sample, IDS) == []
    assert list(sample.expected) == IDS, "expected statuses in the library's order"


@pytest.mark.parametrize("sample", ALL, ids=[s.name for s in ALL])
def test_not_applicable_follows_profile_and_scope(sample):
    from clausecheck.profile import Applicability

    app = Applicability(sample.profile, sample.scope)
    for req in LIB:
        applies = app.holds(req.applies)
        assert (sample.expected[req.id] == "not_applicable") == (not applies), req.id


def test_every_requirement_is_present_missing_weak_and_conflict_somewhere():
    seen: dict[str, set[str]] = {rid: set() for rid in IDS}
    for s in ALL:
        for rid, status in s.expected.items():
            seen[rid].add(status)
    problems = []
    for req in LIB:
        statuses = seen[req.id]
        required = {"present", "missing"}
        if sum(1 for e in req.elements if not e.optional) > 1:
            required.add("weak")
        if req.conflicts:
            required.add("conflict")
        lacking = required - statuses
        if lacking:
            problems.append(f"{req.id}: never {', '.join(sorted(lacking))}")
    assert problems == []


def test_generated_docx_and_pdf_exist_for_every_sample():
    for s in ALL:
        assert "docx" in s.files, f"{s.name}.docx missing: run `make samples`"
        assert "pdf" in s.files, f"{s.name}.pdf missing: run `make samples`"


def test_first_sight_records_are_whole_and_reported(tmp_path):
    """A first-sight record has every figure eval puts together; eval reports their mean."""
    from clausecheck.evaluate.run import first_sight

    samples = load_samples(SAMPLES)
    recorded = [s for s in samples if "first_sight" in s.raw]
    assert len(recorded) >= 7
    for s in recorded:
        fs = s.raw["first_sight"]
        assert set(fs) >= {"measured", "library", "n", "status_accuracy", "conflict_recall",
                           "lookalikes_reported_present"}, s.name
        assert 0.0 <= fs["status_accuracy"] <= 1.0 and fs["n"] > 0
    agg = first_sight(samples)
    assert agg["samples"] == len(recorded) and agg["of"] == len(samples)
    lo = min(s.raw["first_sight"]["status_accuracy"] for s in recorded)
    hi = max(s.raw["first_sight"]["status_accuracy"] for s in recorded)
    assert lo <= agg["status_accuracy"] <= hi


def test_first_sight_script_records_once(tmp_path):
    """scripts/first_sight.py scores a sample with the current library and refuses a second record."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    name = "trap_lookalikes_a"
    for p in SAMPLES.glob(f"{name}.*"):
        shutil.copy2(p, tmp_path)
    script = [sys.executable, str(ROOT / "scripts" / "first_sight.py"), "--samples", str(tmp_path), name]
    out = subprocess.run(script, capture_output=True, text=True, check=True).stdout
    assert "status_accuracy" in out
    (s,) = load_samples(tmp_path)
    assert s.raw["first_sight"]["n"] == 45 * 3
    again = subprocess.run(script, capture_output=True, text=True)
    assert again.returncode != 0 and "already has a first_sight record" in again.stderr
