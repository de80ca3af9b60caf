from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"

# The library cache of this test run lives in its own folder (the CLI subprocesses the tests
# start inherit it): tests never read a cache left by another checkout or write into ~/.cache.
os.environ["CLAUSECHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="clausecheck-test-cache-")


def write_md(tmp_path: Path, text: str, name: str = "contract.md") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def md(tmp_path):
    def make(text: str, name: str = "contract.md") -> Path:
        return write_md(tmp_path, text, name)

    return make


def need_tool(tool: str, package: str):
    """Skip (with the package to install) when a system tool is missing."""
    return pytest.mark.skipif(shutil.which(tool) is None, reason=f"{tool} not installed: apt-get install {package}")
