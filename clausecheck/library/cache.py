"""A cache of the loaded library, as scancode caches its license index.

Reading the library means parsing 48 YAML files, validating every node, parsing a thousand
regexes and working out their literals — about 0.3 s — and compiling those regexes costs as
much again. None of it changes until a library file, clausecheck or Python does, so the result
is pickled once under a key made of exactly those, and later processes (every ``check``, every
scan worker) unpickle it in a few milliseconds.

Where: ``$CLAUSECHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/clausecheck``, else
``~/.cache/clausecheck``. ``CLAUSECHECK_CACHE_DIR=`` (empty) turns the cache off. A cache that
cannot be written, or a file that cannot be read back, only costs the time: the library is
then read from its files as if there were no cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clausecheck.library.regex import ENGINE_VERSION

if TYPE_CHECKING:
    from clausecheck.library.load import Library

ENV_DIR = "CLAUSECHECK_CACHE_DIR"
#: Bumped when what is pickled changes shape.
FORMAT = 1


def cache_dir() -> Path | None:
    """The folder for cache files, or None when the cache is off."""
    env = os.environ.get(ENV_DIR)
    if env is not None:
        return Path(env) if env.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "clausecheck"


def library_files(folders: tuple[str, ...]) -> list[Path]:
    """Every file a library load reads, in a fixed order (the cache key covers them all)."""
    out: list[Path] = []
    for folder in map(Path, folders):
        if folder.is_file():
            out.append(folder)
        elif folder.is_dir():
            out.extend(sorted(folder.glob("*.yaml")))
    return out


def key(folders: tuple[str, ...]) -> str:
    """Names and bytes of the library files, and the versions of what reads them."""
    from clausecheck import __version__

    h = hashlib.sha256(f"{FORMAT}|{__version__}|{sys.version}|{ENGINE_VERSION}".encode())
    for folder in folders:
        h.update(f"\0folder:{folder}".encode())
    for path in library_files(folders):
        h.update(f"\0{path.name}\0".encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"\0unreadable")
    return h.hexdigest()[:32]


def _path(k: str) -> Path | None:
    folder = cache_dir()
    return folder / f"library-{k}.pickle" if folder else None


def read(k: str) -> tuple[Library, dict[str, Any]] | None:
    """The cached library and regex programs for key ``k``, if there is a usable file."""
    path = _path(k)
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            saved = pickle.load(fh)  # noqa: S301 - our own file in the user's cache folder
        if saved.get("key") != k:
            return None
        return saved["library"], saved["programs"]
    except Exception:  # noqa: BLE001 - a truncated or foreign file is just a miss
        return None


def write(k: str, library: Library, programs: dict[str, Any]) -> Path | None:
    """Store atomically (a parallel scan's workers may all write the same key at once)."""
    path = _path(k)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"key": k, "library": library, "programs": programs}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path)
        return path
    except OSError:
        return None


def _prune(keep: Path, limit: int = 8) -> None:
    """Keep the newest few library caches (overlays and upgrades each make one)."""
    files = sorted(keep.parent.glob("library-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[limit:]:
        if old != keep:
            old.unlink(missing_ok=True)
