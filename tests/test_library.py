"""The clause library: strict loading, every requirement of the spec, examples as tests."""

from __future__ import annotations

import shutil

import pytest
import yaml

from clausecheck.errors import LibraryError
from clausecheck.library.load import builtin_library_dir, load_library
from clausecheck.library.selftest import coverage_problems, run_examples
from clausecheck.yamlutil import load_checklist_rows

from conftest import SHARED

LIB = load_library()
SPEC = SHARED / "spec" / "requirements.yaml"


def _spec():
    if not SPEC.is_file():
        pytest.skip("../shared/spec/requirements.yaml not found beside the repo")
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


def test_every_spec_requirement_is_in_the_library_with_its_facts():
    spec = _spec()
    for req in spec["requirements"]:
        assert req["id"] in LIB.requirements, f"{req['id']} has no clause_library file"
        ours = LIB.get(req["id"])
        cits = req["citation"] if isinstance(req["citation"], list) else [req["citation"]]
        assert list(ours.citations) == cits, req["id"]
        assert ours.strength == req["strength"], req["id"]
        assert ours.applies == (req.get("applies") or {}), req["id"]
        assert ours.title_zh == req["title_zh"], req["id"]
        spec_elements = {e["id"]: e for e in req["elements"]}
        assert [e.id for e in ours.elements] == list(spec_elements), req["id"]
        for el in ours.elements:
            assert el.applies == (spec_elements[el.id].get("applies") or {}), f"{req['id']}.{el.id}"
            assert el.optional == bool(spec_elements[el.id].get("optional", False)), f"{req['id']}.{el.id}"
    assert len(LIB) == len(spec["requirements"]) == 45


def test_checklist_rows_match_the_annex():
    path = SHARED / "spec" / "checklist.yaml"
    if not path.is_file():
        pytest.skip("checklist.yaml not found")
    rows = load_checklist_rows(path.read_text(encoding="utf-8"))
    evidenced_by = {}
    for row in rows:
        for rid in row["evidence"]:
            evidenced_by.setdefault(rid, set()).add(row["no"])
    for req in LIB:
        assert set(req.checklist) == evidenced_by.get(req.id, set()), req.id


EXAMPLES = run_examples(LIB)


@pytest.mark.parametrize("ex", EXAMPLES, ids=[f"{e.requirement}-{e.kind}-{i}" for i, e in enumerate(EXAMPLES)])
def test_library_example(ex):
    assert ex.ok, f"{ex.requirement}: {ex.kind} example came out {ex.got}: {ex.text}\n{ex.detail}"


def test_examples_cover_each_requirement():
    assert coverage_problems(LIB) == []


@pytest.fixture
def overlay(tmp_path):
    folder = tmp_path / "playbook"
    folder.mkdir()
    return folder


def _copy_audit(folder, transform):
    src = (builtin_library_dir() / "audit_rights.yaml").read_text(encoding="utf-8")
    (folder / "audit_rights.yaml").write_text(transform(src), encoding="utf-8")


def test_unknown_keys_and_bad_regex_are_all_reported_with_lines(overlay):
    def broken(src: str) -> str:
        src = src.replace("strength: should", "strength: should\nseverity: high")
        return src.replace("    reason: the contract forbids", "    colour: red\n    reason: the contract forbids", 1) + "\ntopic:\n  - regex: '(unclosed'\n"

    _copy_audit(overlay, broken)
    with pytest.raises(LibraryError) as err:
        load_library([overlay])
    problems = err.value.problems
    assert any("unknown key 'severity'" in p and ":9:" in p for p in problems), problems
    assert any("unknown key 'colour'" in p for p in problems), problems
    assert any("invalid regular expression" in p for p in problems), problems
    assert len(problems) >= 3


def test_missing_required_key_and_wrong_id(overlay):
    _copy_audit(overlay, lambda s: s.replace("id: audit_rights", "id: audit_right").replace("strength: should\n", ""))
    with pytest.raises(LibraryError) as err:
        load_library([overlay])
    text = "\n".join(err.value.problems)
    assert "missing required key 'strength'" in text


def test_overlay_overrides_by_id_and_adds(overlay):
    _copy_audit(overlay, lambda s: s.replace("strength: should", "strength: must"))
    extra = (builtin_library_dir() / "audit_rights.yaml").read_text(encoding="utf-8")
    (overlay / "group_audit.yaml").write_text(extra.replace("id: audit_rights", "id: group_audit"), encoding="utf-8")
    lib = load_library([overlay])
    assert lib.get("audit_rights").strength == "must"
    assert "group_audit" in lib.requirements
    assert list(lib.requirements)[-1] == "group_audit"
    assert lib.version != LIB.version


def test_installed_library_is_found_without_the_source_tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert (builtin_library_dir() / "_library.yaml").is_file()
    shutil.copytree(builtin_library_dir(), tmp_path / "copy")
    assert len(load_library(base=tmp_path / "copy")) == len(LIB)
