"""A non-editable install must carry the clause library and the JSON schema."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
import tomllib

from conftest import ROOT


def test_every_subpackage_is_listed_in_pyproject():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.relative_to(ROOT).parent.parts)
        for p in (ROOT / "clausecheck").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


@pytest.mark.slow
def test_wheel_contains_library_schema_and_assets(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr[-300:]}")
    wheel = next(tmp_path.glob("clausecheck-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    yamls = {n for n in names if n.startswith("clausecheck/clause_library/") and n.endswith(".yaml")}
    assert "clausecheck/clause_library/_library.yaml" in yamls
    assert len([n for n in yamls if not n.split("/")[-1].startswith("_")]) == 45
    assert "clausecheck/schema/report.schema.json" in names
    assert "clausecheck/py.typed" in names
