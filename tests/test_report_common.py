"""Shared builders for the report, diff and gate tests: a small zh-Hant contract written as DOCX
with python-docx (and as PDF through LibreOffice), and an overlay library that pins the status
of a handful of requirements, so every status shows up whatever the built-in library holds
today.

The overlay replaces built-in requirements of the same id (real ids, so the checklist rows
that cite them are exercised). Everything is built once per test session under pytest's
temporary directory.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from clausecheck.check import check
from clausecheck.library.load import load_library
from clausecheck.profile import Profile, parse_scope

SCOPE = "over_one_year,development"

#: What the overlay makes of the test contract for a tier-1 FCM (tier 2 in brackets).
PINNED = {
    "confidentiality_undertaking": "present",
    "incident_notification": "weak",
    "exit_asset_return": "conflict",
    "security_by_design": "present",  # tier1-only: not_applicable for tier 2
    "penalties_damages": "missing",
    "service_levels": "present",  # first evidence in a table cell
    "cloud_security_rules": "not_applicable",  # scope cloud is off
}


def _req(rid: str, citation: str, strength: str, title: str, elements: str, *, applies: str = "{}",
         conflicts: str = "", checklist: str = "[]") -> str:
    return f"""id: {rid}
citation: "{citation}"
title: {{zh: "{title}", en: "{rid} (test)"}}
strength: {strength}
applies: {applies}
checklist: {checklist}
elements:
{elements}
{conflicts}
suggestion:
  zh: "{title}之建議條文：乙方應遵守甲方之要求。"
  en: "Suggested clause for {rid}: the Supplier shall comply."
examples: {{}}
"""


OVERLAY = {
    "confidentiality_undertaking": _req(
        "confidentiality_undertaking", "4.2", "must", "保密切結",
        "  - {id: sign, text: the vendor signs an undertaking, find: [{phrases: [保密切結書]}]}",
        checklist="[10]"),
    "incident_notification": _req(
        "incident_notification", "4.1.1.7", "should", "資安事件通報",
        "  - {id: notify, text: the vendor notifies, find: [{regex: '資安事件{gap:20}通知甲方'}]}\n"
        "  - {id: deadline, text: within a time limit, find: [{regex: '(?:立即|\\d+小時內)通知'}]}"),
    "exit_asset_return": _req(
        "exit_asset_return", "8.2", "must", "資料返還",
        "  - {id: give_back, text: data returned, find: [{regex: '返還甲方'}]}",
        conflicts="conflicts:\n  - {regex: '乙方得保留甲方之?資料', reason: the vendor keeps the data}"),
    "security_by_design": _req(
        "security_by_design", "4.1.2.4", "must", "安全設計",
        "  - {id: design, text: security by design, find: [{regex: '規劃設計階段{gap:20}機敏資料保護'}]}",
        applies="{tier1: true}",
        conflicts="conflicts:\n  - {regex: '乙方無須提供安全性更新', reason: no security updates}"),
    "penalties_damages": _req(
        "penalties_damages", "4.1.1.11", "should", "罰則",
        "  - {id: penalty, text: penalties, find: [{regex: '違約金'}]}"),
    "service_levels": _req(
        "service_levels", "4.1.1.4", "should", "服務水準",
        "  - {id: levels, text: availability, find: [{regex: '系統可用率{gap:10}99'}]}\n"
        "  - {id: reports, text: periodic reports, find: [{regex: '提交服務水準報告'}]}"),
    "cloud_security_rules": _req(
        "cloud_security_rules", "4.1.4", "must", "雲端安全",
        "  - {id: comply, text: cloud rule, find: [{regex: '新興科技資通安全'}]}",
        applies="{scope: cloud}"),
}

TITLE = "資訊系統維護服務合約書"
SLA_TABLE = "<SLA table>"  # where build_docx puts the table of service levels
ARTICLES: list[tuple[str, list[str]]] = [
    ("第一條　合約期間", ["本合約期間自民國114年1月1日起至116年12月31日止。"]),
    ("第二條　服務範圍", ["乙方應提供甲方交易系統之維護服務。"]),
    ("第三條　稽核", ["甲方得每年至少一次，或於知悉乙方發生資安事件時，自行或委託第三方對乙方進行稽核，乙方應配合。"]),
    ("第四條　保密", ["乙方應於簽約時簽署保密切結書，並督導其人員遵守。"]),
    ("第五條　資安事件", ["乙方知悉資安事件時，應通知甲方並協助處理。"]),
    ("第六條　安全設計", ["乙方應於系統規劃設計階段即納入機敏資料保護之要求。"]),
    ("第七條　服務水準", ["乙方應達成下表之服務水準：", SLA_TABLE, "乙方應每月提交服務水準報告。"]),
    ("第八條　合約終止", ["本合約終止後，乙方應將相關文件返還甲方；但乙方得保留甲方之資料作為備份。"]),
]
SLA = [("項目", "服務水準"), ("系統可用率", "系統可用率達99.9%以上"), ("故障回應", "接獲通知後30分鐘內")]


def build_docx(path: Path, articles=ARTICLES, sla=SLA) -> Path:
    import docx

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    for heading, paras in articles:
        d.add_heading(heading, level=2)
        for p in paras:
            if p != SLA_TABLE:
                d.add_paragraph(p)
                continue
            table = d.add_table(rows=len(sla), cols=2)
            table.style = "Table Grid"
            for r, row in enumerate(sla):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    d.save(str(path))
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """DOCX → PDF with LibreOffice in an isolated profile (never the user's)."""
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice is not installed (Debian package: libreoffice-writer)")
    profile = out_dir / "lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out_dir), str(docx_path)],
        check=True, capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(out_dir)},
    )
    pdf = out_dir / (docx_path.stem + ".pdf")
    assert pdf.is_file(), "LibreOffice did not write the PDF"
    return pdf


def write_overlay(folder: Path, overlay: dict[str, str] = OVERLAY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rid, text in overlay.items():
        (folder / f"{rid}.yaml").write_text(text, encoding="utf-8")
    return folder


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Contracts:
    root: Path
    docx: Path
    overlay: Path
    _pdf: Path | None = None

    @property
    def pdf(self) -> Path:
        if self._pdf is None:
            self._pdf = to_pdf(self.docx, self.root / "pdf")
        return self._pdf

    def library(self):
        return load_library([self.overlay])

    def check(self, path: Path, tier: int = 1, redact: bool = False):
        profile = Profile(firm_type="fcm", tier=tier, scope=parse_scope(SCOPE))
        return check(path, profile, self.library(), redact=redact)


_CACHE: dict[str, Contracts] = {}
_RESULTS: dict[tuple, object] = {}


def contracts(tmp_path_factory) -> Contracts:
    """The session's contracts (built on first use)."""
    if "c" not in _CACHE:
        root = tmp_path_factory.mktemp("contracts")
        (root / "pdf").mkdir()
        _CACHE["c"] = Contracts(root, build_docx(root / "contract.docx"), write_overlay(root / "overlay"))
    return _CACHE["c"]


def result_for(c: Contracts, kind: str, tier: int = 1, redact: bool = False):
    """Check results are pure functions of their inputs: computed once per session."""
    key = (kind, tier, redact)
    if key not in _RESULTS:
        _RESULTS[key] = c.check(c.docx if kind == "docx" else c.pdf, tier=tier, redact=redact)
    return _RESULTS[key]


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.skip("Chromium is not installed (Debian package: chromium)")
    return exe


def chromium_args(exe: str, profile: Path) -> list[str]:
    return [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run",
            f"--user-data-dir={profile}"]


def artifacts_dir() -> Path:
    """Test artifacts kept for a human to look at (gitignored /artifacts/)."""
    path = Path(__file__).resolve().parent.parent / "artifacts"
    path.mkdir(exist_ok=True)
    return path


def test_overlay_pins_every_status(tmp_path_factory):
    """The fixture itself: the overlay gives the statuses the other tests rely on."""
    c = contracts(tmp_path_factory)
    result = result_for(c, "docx")
    got = {f.id: f.status for f in result.findings if f.id in PINNED}
    assert got == PINNED
    assert {f.status for f in result.findings} >= {"present", "weak", "missing", "conflict", "not_applicable"}


def second_draft() -> list[tuple[str, list[str]]]:
    """The vendor's mark-up of the contract, one change per pinned requirement:
    incident notice gains a deadline (improved), the undertaking is dropped (disappeared),
    security updates are excluded (conflict), the SLA report is dropped (weaker)."""
    arts = dict(ARTICLES)
    arts["第四條　保密"] = ["乙方人員應遵守保密規定。"]
    arts["第五條　資安事件"] = ["乙方知悉資安事件時，應於1小時內通知甲方並協助處理。"]
    arts["第六條　安全設計"] = ["乙方應於系統規劃設計階段即納入機敏資料保護之要求，但乙方無須提供安全性更新。"]
    arts["第七條　服務水準"] = ["乙方應達成下表之服務水準：", SLA_TABLE]
    return list(arts.items())


DIFF_EXPECTED = {
    "incident_notification": "improved",
    "confidentiality_undertaking": "disappeared",
    "security_by_design": "conflict",
    "service_levels": "weaker",
    "penalties_damages": "unchanged",
    "exit_asset_return": "unchanged",
    "cloud_security_rules": "unchanged",
}
