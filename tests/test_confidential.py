"""Offline and confidential: no network at all, temporary files cleaned up, quotes redacted."""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path

import pytest

from clausecheck.batch.scan import ScanOptions, scan
from clausecheck.cli import main

from conftest import SAMPLES


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every connection, send or name lookup fails and is recorded. (Creating a socket and
    binding it to loopback is allowed: urllib3, imported by spaCy, probes for IPv6 support
    that way at import time, which sends nothing anywhere.) A subclass replaces socket.socket
    so that modules subclassing it (ssl) still import."""
    calls: list[tuple] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise NetworkUsed(f"network use attempted: {args}")

    class Blocked(socket.socket):
        def connect(self, *args):
            refuse("connect", *args)

        def connect_ex(self, *args):
            refuse("connect_ex", *args)

        def sendto(self, *args):
            refuse("sendto", *args)

        def bind(self, address):
            host = address[0] if isinstance(address, tuple) else address
            if host not in ("127.0.0.1", "::1", "localhost", ""):
                refuse("bind", address)
            return super().bind(address)

    monkeypatch.setattr(socket, "socket", Blocked)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "gethostbyname", refuse)
    yield calls
    assert calls == [], f"network was used: {calls}"


def _sample(ext: str) -> Path:
    path = SAMPLES / f"tier1_fcm_trading_host_maintenance.{ext}"
    if not path.exists():
        pytest.skip(f"{path.name} not built (make samples)")
    return path


@pytest.mark.parametrize("ext", ["md", "docx", "pdf"])
def test_check_uses_no_network(no_network, ext, capsys):
    code = main(["check", str(_sample(ext)), "--format", "json", "--fail-on", "never"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["findings"]


def test_scan_uses_no_network(no_network, tmp_path):
    folder = tmp_path / "a"
    folder.mkdir()
    for ext in ("md", "docx"):
        src = _sample(ext)
        (folder / src.name).write_bytes(src.read_bytes())
    rep = scan(ScanOptions(paths=[str(folder)], db=str(tmp_path / "r.sqlite"), jobs=1))
    assert rep.checked == 2 and rep.reconciled


def test_redact_evidence_keeps_locations_but_no_quotes(capsys):
    path = _sample("md")
    main(["check", str(path), "--format", "json", "--fail-on", "never", "--redact-evidence"])
    out = json.loads(capsys.readouterr().out)
    found = [f for f in out["findings"] if f["evidence"]]
    assert found
    text = path.read_text(encoding="utf-8")
    for f in found:
        for ev in f["evidence"] + f["conflicts"]:
            assert ev["text"] == "" and ev.get("quote", "") == ""
            assert ev["location"] and ev["end"] >= ev["start"]
    body = json.dumps(out["findings"], ensure_ascii=False)
    longest = max((ln for ln in text.splitlines() if len(ln) > 40), key=len)
    assert longest[:30] not in body


def test_no_temporary_files_left_behind(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    folder = tmp_path / "in"
    folder.mkdir()
    import zipfile

    with zipfile.ZipFile(folder / "bundle.zip", "w") as zf:
        zf.write(_sample("md"), "inner/contract.md")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    before = set(os.listdir(folder))
    scan(ScanOptions(paths=[str(folder)], db=str(tmp_path / "r.sqlite"), jobs=1))
    assert list(tmp.iterdir()) == []
    assert set(os.listdir(folder)) == before  # nothing written beside the input
