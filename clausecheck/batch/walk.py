"""Finding the documents to scan: files, folders (optionally recursive) and zip archives.

A zip member is extracted into a private temporary folder (never beside the archive, never
outside that folder: absolute names and ``..`` are refused) and reported as
``archive.zip!/inner/path.pdf``. Nested zips are opened too, up to a depth, and a zip whose
members would expand beyond a limit is refused as a whole, so a zip bomb cannot fill the disk.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

DOCUMENT_SUFFIXES = {".pdf", ".docx", ".docm", ".doc", ".odt", ".rtf", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
MAX_ZIP_EXPANDED = 2 * 1024**3
MAX_ZIP_DEPTH = 3


@dataclass
class Item:
    """One document to check: where it is read from, and the name it is reported under."""

    display: str
    path: Path | None  # None when it could not be made available (see error)
    size: int = 0
    mtime: float = 0.0
    error: str = ""


def _wanted(name: str, include: list[str], exclude: list[str]) -> bool:
    base = os.path.basename(name)
    if include and not any(fnmatch.fnmatch(base, g) or fnmatch.fnmatch(name, g) for g in include):
        return False
    return not any(fnmatch.fnmatch(base, g) or fnmatch.fnmatch(name, g) for g in exclude)


class Walker:
    """Iterates the documents under the given paths; ``close()`` removes extracted zip members."""

    def __init__(self, paths: list[str | Path], recursive: bool = True, include: list[str] | None = None,
                 exclude: list[str] | None = None) -> None:
        self.paths = [Path(p) for p in paths]
        self.recursive = recursive
        self.include = list(include or [])
        self.exclude = list(exclude or [])
        self._tmp: Path | None = None

    def __enter__(self) -> Walker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    @property
    def tmp(self) -> Path:
        if self._tmp is None:
            self._tmp = Path(tempfile.mkdtemp(prefix="clausecheck-scan-"))
        return self._tmp

    def __iter__(self) -> Iterator[Item]:
        for root in self.paths:
            if not root.exists():
                yield Item(str(root), None, error="no such file or folder")
            elif root.is_dir():
                yield from self._walk_dir(root)
            else:
                yield from self._file(root, str(root), explicit=True)

    def _walk_dir(self, root: Path) -> Iterator[Item]:
        if self.recursive:
            entries = []
            for dirpath, dirnames, filenames in os.walk(root):
                dirnames.sort()
                entries.extend(Path(dirpath) / f for f in sorted(filenames))
        else:
            entries = sorted(p for p in root.iterdir() if p.is_file())
        for p in entries:
            if p.is_symlink():
                continue
            yield from self._file(p, str(p), explicit=False)

    def _file(self, p: Path, display: str, explicit: bool, depth: int = 0) -> Iterator[Item]:
        suffix = p.suffix.lower()
        if suffix == ".zip":
            yield from self._zip(p, display, depth)
            return
        if not explicit and suffix not in DOCUMENT_SUFFIXES:
            return
        if not _wanted(display, self.include, self.exclude):
            return
        st = p.stat()
        yield Item(display, p, st.st_size, st.st_mtime)

    def _zip(self, archive: Path, display: str, depth: int) -> Iterator[Item]:
        if depth >= MAX_ZIP_DEPTH:
            yield Item(display, None, error=f"zip nested deeper than {MAX_ZIP_DEPTH} levels; not opened")
            return
        try:
            zf = zipfile.ZipFile(archive)
        except (zipfile.BadZipFile, OSError) as exc:
            yield Item(display, None, error=f"cannot open zip archive: {exc}")
            return
        with zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if sum(i.file_size for i in infos) > MAX_ZIP_EXPANDED:
                yield Item(display, None, error="zip archive expands beyond the size limit; not opened")
                return
            target = Path(tempfile.mkdtemp(dir=self.tmp))
            for info in sorted(infos, key=lambda i: i.filename):
                inner = PurePosixPath(info.filename.replace("\\", "/"))
                name = f"{display}!/{inner}"
                if inner.is_absolute() or ".." in inner.parts:
                    yield Item(name, None, error="unsafe path inside the zip archive; not extracted")
                    continue
                suffix = inner.suffix.lower()
                if suffix not in DOCUMENT_SUFFIXES and suffix != ".zip":
                    continue
                if suffix != ".zip" and not _wanted(name, self.include, self.exclude):
                    continue
                dest = target.joinpath(*inner.parts)
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with zf.open(info) as src, open(dest, "wb") as out:
                        shutil.copyfileobj(src, out)
                except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                    yield Item(name, None, error=f"cannot extract from the zip archive: {exc}")
                    continue
                mtime = _zip_mtime(info)
                if suffix == ".zip":
                    yield from self._zip(dest, name, depth + 1)
                else:
                    yield Item(name, dest, info.file_size, mtime)


def _zip_mtime(info: zipfile.ZipInfo) -> float:
    import datetime

    try:
        return datetime.datetime(*info.date_time).timestamp()
    except ValueError:
        return 0.0
