"""The JSON report of real DOCX and PDF contracts validates against the published schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from test_report_common import PINNED, contracts, result_for

from clausecheck.cli import main
from clausecheck.report import render

SCHEMA = Path(__file__).resolve().parent.parent / "clausecheck" / "schema" / "report.schema.json"


@pytest.fixture(scope="module")
def c(tmp_path_factory):
    return contracts(tmp_path_factory)


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind,tier,redact", [("docx", 1, False), ("pdf", 1, False), ("docx", 2, False),
                                              ("docx", 1, True)])
def test_json_validates(c, validator, kind, tier, redact):
    data = json.loads(render(result_for(c, kind, tier=tier, redact=redact), "json"))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    statuses = {f["id"]: f["status"] for f in data["findings"]}
    for rid, status in PINNED.items():
        expected = "not_applicable" if tier == 2 and rid == "security_by_design" else status
        assert statuses[rid] == expected
    if redact:
        assert all(e["text"] == "" for f in data["findings"] for e in f["evidence"])


def test_cli_json_output_file(c, validator, tmp_path, capsys):
    out = tmp_path / "r.json"
    code = main(["check", str(c.pdf), "--library", str(c.overlay), "--format", "json", "-o", str(out),
                 "--fail-on", "never"])
    capsys.readouterr()
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(data))
    assert data["document"]["format"] == "pdf"
