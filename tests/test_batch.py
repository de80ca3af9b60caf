"""`clausecheck scan`: folders, zips, duplicates, failures, resume after kill -9, profiles, Dask."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from clausecheck.batch.scan import ScanOptions, scan
from clausecheck.batch.store import Store
from clausecheck.cli import main
from clausecheck.profile import Profile, parse_scope

from conftest import ROOT

BASE = (ROOT / "samples" / "tier1_fcm_trading_host_maintenance.md").read_text(encoding="utf-8")
SMALL = """# 設備維護合約
## 第一條 合約期間
本合約期間自民國114年1月1日起至114年6月30日止。
## 第二條 稽核
甲方得每年至少一次自行或委託第三方對乙方進行稽核。
"""


def make_archive(root: Path) -> Path:
    (root / "a" / "b").mkdir(parents=True)
    (root / "one.md").write_text(BASE, encoding="utf-8")
    (root / "a" / "two.md").write_text(SMALL, encoding="utf-8")
    (root / "a" / "b" / "copy-of-one.md").write_text(BASE, encoding="utf-8")  # duplicate
    (root / "a" / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<>> garbage")  # corrupt
    (root / "a" / "notes.bin").write_bytes(b"\x00\x01")  # not a document: not walked
    with zipfile.ZipFile(root / "a" / "bundle.zip", "w") as zf:
        zf.writestr("inner/three.md", SMALL.replace("114年6月30日", "115年6月30日"))
        zf.writestr("inner/one-again.md", BASE)  # duplicate inside a zip
        zf.writestr("../evil.md", SMALL)  # path traversal: refused
    return root


def opts(root: Path, db: Path, **kw) -> ScanOptions:
    return ScanOptions(paths=[str(root)], db=str(db), jobs=kw.pop("jobs", 1), **kw)


def test_scan_walks_folders_and_zips_and_reconciles(tmp_path):
    root = make_archive(tmp_path / "archive")
    db = tmp_path / "r.sqlite"
    rep = scan(opts(root, db))
    assert rep.reconciled, rep.line()
    names = set(rep.paths)
    assert str(root / "a" / "bundle.zip") + "!/inner/three.md" in names
    assert not any(n.endswith("notes.bin") for n in names)
    assert rep.checked == 3  # one, two, three
    assert rep.duplicates == 2  # copy-of-one, one-again
    failed = {p: s for p, s, _ in rep.failed}
    assert any(p.endswith("broken.pdf") for p in failed)
    assert any("evil.md" in p for p in failed)  # unsafe zip member reported, not extracted
    assert not (tmp_path / "evil.md").exists() and not (root / "evil.md").exists()
    rows = Store(db).rows()
    assert {r["path"] for r in rows} == names
    dup = next(r for r in rows if r["path"].endswith("copy-of-one.md"))
    assert dup["outcome"] == "duplicate" and dup["statuses"] and dup["duplicate_of"].endswith("one.md")


def test_unchanged_rescan_skips_and_force_rechecks(tmp_path):
    root = make_archive(tmp_path / "archive")
    db = tmp_path / "r.sqlite"
    scan(opts(root, db))
    again = scan(opts(root, db))
    assert again.checked == 0 and again.unchanged == 5 and again.reconciled
    (root / "a" / "two.md").write_text(SMALL + "\n## 第三條 其他\n雙方同意。\n", encoding="utf-8")
    changed = scan(opts(root, db))
    assert changed.checked == 1 and changed.unchanged == 4
    forced = scan(opts(root, db, force=True))
    assert forced.checked == 3 and forced.unchanged == 0
    other_profile = scan(opts(root, db, profile=Profile(tier=2)))
    assert other_profile.checked == 3  # a new profile is a new check


def test_parallel_gives_the_same_results_as_serial(tmp_path):
    root = make_archive(tmp_path / "archive")
    scan(opts(root, tmp_path / "s.sqlite", jobs=1))
    scan(opts(root, tmp_path / "p.sqlite", jobs=2))
    serial = {r["path"]: r["statuses"] for r in Store(tmp_path / "s.sqlite").rows()}
    parallel = {r["path"]: r["statuses"] for r in Store(tmp_path / "p.sqlite").rows()}
    assert serial == parallel


def test_profiles_file_maps_folders_to_entities(tmp_path):
    root = make_archive(tmp_path / "archive")
    prof = tmp_path / "profiles.csv"
    with open(prof, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["match", "firm_type", "tier", "foreign", "scope"])
        w.writerow([str(root / "a"), "leverage_dealer", "1", "no", "none"])
        w.writerow(["*/one.md", "fcm", "2", "no", "over_one_year,trading_host"])
    from clausecheck.batch.profiles import load_profiles

    db = tmp_path / "r.sqlite"
    scan(opts(root, db, rules=load_profiles(prof)))
    rows = {Path(r["path"]).name if "!/" not in r["path"] else r["path"].split("!/")[1]: r for r in Store(db).rows()}
    assert rows["one.md"]["profile"].startswith("fcm/tier2/")
    assert rows["two.md"]["profile"].startswith("leverage_dealer/")
    assert rows["two.md"]["statuses"]["certifications"] == "not_applicable"
    assert rows["inner/three.md"]["profile"].startswith("leverage_dealer/")


def test_summary_xlsx_csv_and_dashboard(tmp_path):
    root = make_archive(tmp_path / "archive")
    db = tmp_path / "r.sqlite"
    code = main(["scan", str(root), "--db", str(db), "-j", "1", "-q", "--summary", str(tmp_path / "s.xlsx"),
                 "--dashboard", str(tmp_path / "d.html"), "--report-dir", str(tmp_path / "reports")])
    assert code == 0
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "s.xlsx").active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["path", "profile", "outcome", "document_status"] and "audit_rights" in header
    assert ws.max_row == 1 + 7
    assert ws.auto_filter.ref
    main(["scan", str(root), "--db", str(db), "-q", "--summary", str(tmp_path / "s.csv")])
    with open(tmp_path / "s.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.reader(fh))) == 8
    page = (tmp_path / "d.html").read_text(encoding="utf-8")
    assert "broken.pdf" in page and "audit_rights" in page or "稽核" in page
    assert len(list((tmp_path / "reports").glob("*.json"))) == 3


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_resume_after_kill_9_loses_nothing_and_duplicates_nothing(tmp_path):
    root = tmp_path / "many"
    root.mkdir()
    n = 40
    for i in range(n):
        (root / f"c{i:03d}.md").write_text(BASE + f"\n附註：第{i}號合約。\n", encoding="utf-8")
    db = tmp_path / "r.sqlite"
    cmd = [sys.executable, "-m", "clausecheck", "scan", str(root), "--db", str(db), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while _count(db) < 5 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("the scan finished before it could be killed; make the corpus larger")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done_before = _count(db)
    assert 5 <= done_before < n
    rep = scan(ScanOptions(paths=[str(root)], db=str(db), jobs=1))
    assert rep.unchanged == done_before and rep.checked == n - done_before
    rows = Store(db).rows()
    assert len(rows) == n and len({r["path"] for r in rows}) == n
    assert all(r["outcome"] == "checked" for r in rows)


def test_dask_local_cluster_gives_the_same_results_as_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    root = make_archive(tmp_path / "archive")
    scan(opts(root, tmp_path / "local.sqlite"))
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster, distributed.Client(cluster) as client:
        rep = scan(opts(root, tmp_path / "dask.sqlite", executor="dask", scheduler=client))
    assert rep.reconciled and rep.checked == 3
    local = {r["path"]: (r["outcome"], r["statuses"]) for r in Store(tmp_path / "local.sqlite").rows()}
    dask = {r["path"]: (r["outcome"], r["statuses"]) for r in Store(tmp_path / "dask.sqlite").rows()}
    assert local == dask


def test_scope_option_applies_to_all(tmp_path):
    root = make_archive(tmp_path / "archive")
    db = tmp_path / "r.sqlite"
    scan(opts(root, db, profile=Profile(scope=parse_scope("none"))))
    rows = [r for r in Store(db).rows() if r["statuses"]]
    assert all(r["statuses"]["trading_host_resilience"] == "not_applicable" for r in rows)


def test_a_rescan_with_other_reading_limits_rechecks(tmp_path):
    from clausecheck.extract.limits import Limits

    root = make_archive(tmp_path / "archive")
    db = tmp_path / "r.sqlite"
    scan(opts(root, db))
    assert scan(opts(root, db)).checked == 0
    again = scan(opts(root, db, limits=Limits.resolve(max_pages=5000)))
    assert again.checked == 3 and again.unchanged == 0
    assert scan(opts(root, db, ocr="never")).checked == 3
