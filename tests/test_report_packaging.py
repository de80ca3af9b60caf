"""What the reports need from the package metadata: their assets shipped as package data and
the pre-commit entry point declared, so an installed clausecheck works outside the tree."""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "clausecheck" / "report" / "assets"

tomllib = pytest.importorskip("tomllib", reason="tomllib needs Python 3.11")


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_report_assets_are_package_data(pyproject):
    patterns = pyproject["tool"]["setuptools"]["package-data"].get("clausecheck.report", [])
    files = [p.relative_to(ASSETS.parent).as_posix() for p in ASSETS.iterdir() if p.is_file()]
    assert {"assets/report.css", "assets/report.js", "assets/checklist.yaml"} <= set(files)
    missing = [f for f in files if not any(fnmatch(f, pat) for pat in patterns)]
    assert not missing, f'add to [tool.setuptools.package-data]: "clausecheck.report" = ["assets/*"] ({missing})'


def test_precommit_entry_point_is_declared(pyproject):
    scripts = pyproject["project"]["scripts"]
    assert scripts.get("clausecheck-precommit") == "clausecheck.precommit:entry"
