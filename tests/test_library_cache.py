"""The library cache: a warm load gives the same library as reading the files, any change to
a file, to clausecheck or to Python is a miss, and a cache that cannot be used only costs time."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from clausecheck.library import cache, load, regex
from clausecheck.library.load import builtin_library_dir, load_library


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A private cache folder and no process-level memory of earlier loads."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))

    def reset() -> None:
        load._load.cache_clear()
        regex.compiled.cache_clear()
        regex._programs.clear()

    reset()
    yield folder
    reset()


def _shape(lib) -> list[tuple]:
    return [(p.uid, p.kind, p.regex_text, p.literals, p.heading_text, p.phrases, p.fuzzy_text)
            for p in lib.patterns()]


def test_warm_load_equals_cold_load(fresh):
    cold = load_library()
    files = list(fresh.glob("library-*.pickle"))
    assert len(files) == 1
    load._load.cache_clear()
    warm = load_library()
    assert warm is not cold
    assert warm.version == cold.version
    assert list(warm.requirements) == list(cold.requirements)
    assert _shape(warm) == _shape(cold)
    assert warm.get("audit_rights").examples == cold.get("audit_rights").examples


def test_programs_from_the_cache_compile_to_the_same_regexes(fresh):
    lib = load_library()
    load._load.cache_clear()
    regex.compiled.cache_clear()
    lib = load_library()  # warm: the programs are waiting
    texts = sorted(lib.regex_texts())
    assert len(regex._programs) == len(texts)
    sample = "乙方應於24小時內通知甲方。the supplier shall notify the customer within 24 hours."
    for text in texts:
        ours, plain = regex.compiled(text), re.compile(text)
        assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == \
               (plain.pattern, plain.flags, plain.groups, plain.groupindex)
        assert [m.span() for m in ours.finditer(sample)] == [m.span() for m in plain.finditer(sample)]
    assert not regex._programs  # each program was used once and dropped


def test_a_changed_file_is_a_miss(fresh, tmp_path):
    lib_dir = tmp_path / "lib"
    shutil.copytree(builtin_library_dir(), lib_dir)
    first = load_library(base=lib_dir)
    path = lib_dir / "audit_rights.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title:  ", 1), encoding="utf-8")
    load._load.cache_clear()
    second = load_library(base=lib_dir)
    assert second.version != first.version
    assert len(list(fresh.glob("library-*.pickle"))) == 2


def test_key_covers_clausecheck_and_python(monkeypatch):
    folders = (str(builtin_library_dir()),)
    before = cache.key(folders)
    monkeypatch.setattr("clausecheck.__version__", "999.0")
    assert cache.key(folders) != before
    monkeypatch.undo()
    monkeypatch.setattr(cache, "ENGINE_VERSION", "sre-other")
    assert cache.key(folders) != before


def test_corrupt_cache_file_is_ignored_and_replaced(fresh):
    load_library()
    (path,) = fresh.glob("library-*.pickle")
    path.write_bytes(b"not a pickle")
    load._load.cache_clear()
    lib = load_library()
    assert len(lib) == 45
    assert cache.read(cache.key((str(builtin_library_dir()),))) is not None


def test_cache_off_and_unwritable_cache_still_load(tmp_path, monkeypatch, fresh):
    monkeypatch.setenv(cache.ENV_DIR, "")
    assert cache.cache_dir() is None
    assert len(load_library()) == 45
    load._load.cache_clear()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))  # a folder under a file: cannot exist
    assert len(load_library()) == 45


def test_default_folder_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV_DIR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == Path(tmp_path) / "clausecheck"


def test_old_caches_are_pruned(fresh):
    fresh.mkdir(parents=True)
    for i in range(12):
        (fresh / f"library-old{i}.pickle").write_bytes(b"x")
    load_library()
    assert len(list(fresh.glob("library-*.pickle"))) == 8
