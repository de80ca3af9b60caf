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
