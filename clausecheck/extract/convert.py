"""Legacy and foreign word-processor files, read by converting them to DOCX with LibreOffice.

.doc (Word 97–2003), .odt and .rtf still turn up in contract archives. Rather than keep
three more parsers, LibreOffice converts them to DOCX (its Word export writes real
automatic numbering, so 第X條 labels survive) and :func:`extract_docx` reads that. Every run
gets its own throwaway LibreOffice profile, so parallel workers never fight over one, and
its temporary folder is always removed.

An OLE compound file is either a legacy .doc or a password-protected OOXML file (Office
wraps encrypted .docx in OLE). The latter is recognised by its stream names and refused
with a message, since neither LibreOffice nor we can read it without the password.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from clausecheck.errors import EncryptedInputError, InputError, MissingToolError
from clausecheck.model import Document

#: Seconds one LibreOffice conversion may take before it is killed.
SOFFICE_TIMEOUT = 120

_INSTALL_HINT = "install it with: apt-get install libreoffice-writer-nogui"
_ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage")


def find_soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(
    sources: Sequence[Path],
    target: str,
    outdir: Path,
    *,
    timeout: float = SOFFICE_TIMEOUT,
) -> list[Path]:
    """Convert ``sources`` to ``target`` (``docx``, ``pdf``, ``odt``, ...) into ``outdir``.

    One LibreOffice process converts them all, with a private profile in a temporary
    folder. Returns the output paths in the order of ``sources``; raises
    :class:`MissingToolError` without LibreOffice and :class:`InputError` when a file
    could not be converted.
    """
    soffice = find_soffice()
    what = ", ".join(s.name for s in sources)
    if soffice is None:
        raise MissingToolError(f"{what}: converting to {target} needs LibreOffice; {_INSTALL_HINT}")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="clausecheck-soffice-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *(str(s) for s in sources),
        ]
        env = {**os.environ, "HOME": profile}  # nothing may touch the user's own profile
        proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise InputError(
                f"{what}: LibreOffice did not finish converting within {timeout:.0f} s; "
                "the file may be damaged or very large",
                status="unreadable",
            ) from None
    ext = target.split(":", 1)[0]
    outputs = [outdir / f"{s.stem}.{ext}" for s in sources]
    missing = [s for s, out in zip(sources, outputs, strict=True) if not out.exists()]
    if missing:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        raise InputError(
            f"{', '.join(s.name for s in missing)}: LibreOffice could not convert it to {ext}"
            + (f" ({detail[0]})" if detail else "")
            + "; the file may be damaged or password-protected",
            status="unreadable",
        )
    return outputs


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the converter and the soffice.bin it started (its own process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def extract_via_libreoffice(
    path: Path, kind: str, *, timeout: float | None = None, max_unzipped: int | None = None
) -> Document:
    """Read a .doc/.odt/.rtf by converting a copy of it to DOCX (within ``timeout`` seconds,
    by default :data:`SOFFICE_TIMEOUT`)."""
    from clausecheck.extract.docx import extract_docx

    if find_soffice() is None:
        raise MissingToolError(f"{path}: reading .{kind} needs LibreOffice; {_INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="clausecheck-convert-") as tmp:
        # A fixed ASCII name: LibreOffice names its output after the input, and some
        # archive names (spaces, CJK, leading dashes) are awkward on a command line.
        src = Path(tmp) / f"input.{kind}"
        shutil.copyfile(path, src)
        (out,) = convert_with_libreoffice(
            [src], "docx", Path(tmp) / "out", timeout=SOFFICE_TIMEOUT if timeout is None else timeout
        )
        doc = extract_docx(path, out.read_bytes(), max_unzipped=max_unzipped)
    doc.path = str(path)
    doc.format = kind
    doc.warn(f"read through LibreOffice (converted from .{kind} to .docx)")
    return doc


def is_encrypted_ooxml(data: bytes) -> bool:
    """True when an OLE container holds an encrypted OOXML package.

    Office stores a password-protected .docx as an OLE file with ``EncryptionInfo`` and
    ``EncryptedPackage`` streams; directory entry names are UTF-16LE, so their bytes are
    searched for directly (no OLE parser needed).
    """
    return any(name.encode("utf-16-le") in data for name in _ENCRYPTED_STREAMS)


def extract_ole(
    path: Path, data: bytes, *, timeout: float | None = None, max_unzipped: int | None = None
) -> Document:
    """An OLE file: refuse an encrypted Word file, otherwise read it as a legacy .doc."""
    if is_encrypted_ooxml(data):
        raise EncryptedInputError(
            f"{path}: the Word file is password-protected; save an unprotected copy "
            "(--password opens PDFs only)"
        )
    given = {"timeout": timeout, "max_unzipped": max_unzipped}
    return extract_via_libreoffice(path, "doc", **{k: v for k, v in given.items() if v is not None})
