"""check(): the JSON contract, schema validation, scope, profiles, exit codes of `check`."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from clausecheck.check import check
from clausecheck.cli import main
from clausecheck.profile import Profile, parse_scope

CONTRACT = """# 交易主機維護合約書
立合約書人：元大期貨股份有限公司（以下簡稱甲方）、精誠資訊股份有限公司（以下簡稱乙方）
## 第一條　合約期間
本合約期間自民國一一四年一月一日起至民國一一六年十二月三十一日止，共計三年。
## 第二條　服務範圍
乙方負責甲方交易主機及下單系統之維護與監控。
## 第三條　稽核
甲方得每年至少一次，或於知悉乙方發生資安事件時，自行或委託第三方對乙方進行稽核，乙方應配合。
"""

SCHEMA = json.loads(resources.files("clausecheck").joinpath("schema/report.schema.json").read_text("utf-8"))


def test_json_report_validates_against_the_shipped_schema(md, capsys):
    path = md(CONTRACT)
    code = main(["check", str(path), "--format", "json", "--fail-on", "never"])
    out = json.loads(capsys.readouterr().out)
    jsonschema.validate(out, SCHEMA)
    assert code == 0
    assert out["schema_version"] == "1.0"
    ids = [f["id"] for f in out["findings"]]
    assert len(ids) == len(set(ids)) and "audit_rights" in ids
    audit = next(f for f in out["findings"] if f["id"] == "audit_rights")
    assert audit["status"] == "present"
    ev = audit["evidence"][0]
    assert "稽核" in ev["text"] and ev["location"].startswith("line")
    assert ev["article_path"] == ["第三條"]
    doc_text = path.read_text(encoding="utf-8")
    assert out["document"]["sha256"] and out["document"]["status"] == "ok"
    assert sum(out["summary"].values()) == len(out["findings"])
    assert doc_text  # offsets are into the extracted text: checked in test_evidence_offsets


def test_evidence_offsets_point_at_the_original_characters(md):
    result = check(md(CONTRACT), Profile(scope=parse_scope("none")))
    f = result.finding("audit_rights")
    for ev in f.evidence:
        assert result.document.text[ev.start : ev.end] == ev.quote
        assert ev.quote in ev.text


def test_scope_is_inferred_with_the_text_that_set_it(md):
    result = check(md(CONTRACT), Profile())
    scope = result.scope
    assert scope["over_one_year"].value and scope["over_one_year"].source == "inferred"
    assert any("民國一一四年" in e or "三年" in e for e in scope["over_one_year"].evidence)
    assert scope["trading_host"].value and "交易主機" in scope["trading_host"].evidence[0]
    assert not scope["cloud"].value


def test_explicit_scope_sets_flags_exactly(md):
    result = check(md(CONTRACT), Profile(scope=parse_scope("cloud")))
    assert result.scope_values == {
        "over_one_year": False, "development": False, "cloud": True,
        "core_system": False, "trading_host": False, "internet_facing": False,
    }
    assert all(v.source == "set" for v in result.scope.values())


def test_tier1_only_requirements_do_not_apply_to_others(md):
    path = md(CONTRACT)
    for profile in (Profile(tier=2), Profile(firm_type="leverage_dealer"), Profile(firm_type="futures_service")):
        result = check(path, profile)
        for f in result.findings:
            if f.id in ("security_by_design", "privacy_by_design", "certifications"):
                assert f.status == "not_applicable"


def test_unreadable_document_is_not_a_list_of_missing_findings(md):
    result = check(md("   \n\n"), Profile())
    assert result.document.status == "empty"
    assert result.findings == []


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--tier", "3"], 2),
        (["--scope", "bogus"], 2),
        (["--format", "docx"], 2),  # binary output needs --output
    ],
)
def test_usage_errors_exit_2(md, args, code):
    assert main(["check", str(md(CONTRACT)), *args]) == code


def test_missing_file_exits_3(tmp_path):
    assert main(["check", str(tmp_path / "nope.pdf")]) == 3


def test_empty_file_exits_3(md):
    assert main(["check", str(md("", name="empty.txt"))]) == 3


def test_gaps_exit_1_and_never_exits_0(md):
    path = md(CONTRACT)
    assert main(["check", str(path)]) == 1  # must requirements are missing from this excerpt
    assert main(["check", str(path), "--fail-on", "never"]) == 0


def test_invalid_overlay_library_exits_4(md, tmp_path):
    bad = tmp_path / "lib"
    bad.mkdir()
    (bad / "oops.yaml").write_text("id: oops\nfoo: [\n", encoding="utf-8")
    assert main(["check", str(md(CONTRACT)), "--library", str(bad)]) == 4
