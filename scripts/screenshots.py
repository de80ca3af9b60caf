"""Make the README's screenshots: the HTML report and the coloured terminal report of a sample.

    .venv/bin/python scripts/screenshots.py [--sample NAME] [--out docs/img]

Both are taken with headless Chromium (Debian package ``chromium``): the HTML report as it is;
the terminal report by turning its ANSI colours into HTML with rich, in a terminal-like page.
The sample is checked with the profile and scope its ``.labels.yaml`` gives. Nothing is
fetched from the network.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WIDTH = 1280

TERMINAL_PAGE = """<!DOCTYPE html>
<html lang="zh-Hant"><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1f29; }}
.window {{ margin: 24px; border-radius: 10px; background: #282a36; box-shadow: 0 8px 24px rgba(0,0,0,.4);
  overflow: hidden; }}
.bar {{ height: 30px; background: #44475a; display: flex; align-items: center; gap: 8px; padding: 0 12px; }}
.bar i {{ width: 12px; height: 12px; border-radius: 50%; display: inline-block; }}
.bar span {{ color: #d0d0d0; font: 13px system-ui, sans-serif; margin-left: 12px; }}
pre {{ margin: 0; padding: 16px 20px; color: #f0f0f0; font-size: 15px; line-height: 1.45;
  font-family: "Noto Sans Mono CJK TC", "DejaVu Sans Mono", monospace; white-space: pre; }}
</style></head><body><div class="window"><div class="bar">
<i style="background:#ff5f56"></i><i style="background:#ffbd2e"></i><i style="background:#27c93f"></i>
<span>$ {command}</span></div><pre>{body}</pre></div></body></html>
"""


def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        sys.exit("screenshots.py: Chromium is not installed (Debian package: chromium)")
    return exe


def screenshot(page: Path, png: Path, height: int, profile: Path) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={WIDTH},{height}",
         f"file://{page}"],
        check=True, capture_output=True, timeout=120,
    )
    print(f"wrote {png.relative_to(ROOT) if png.is_relative_to(ROOT) else png}")


def sample_result(name: str):
    from clausecheck.check import check
    from clausecheck.profile import Profile

    labels = yaml.safe_load((SAMPLES / f"{name}.labels.yaml").read_text(encoding="utf-8"))
    source = next(SAMPLES / f"{name}.{ext}" for ext in ("docx", "md") if (SAMPLES / f"{name}.{ext}").is_file())
    source = source.relative_to(ROOT)  # main() runs in ROOT: the report shows a short path
    prof = labels["profile"]
    profile = Profile(firm_type=prof["firm_type"], tier=int(prof.get("tier", 1)),
                      foreign=bool(prof.get("foreign", False)), scope=dict(labels["scope"]))
    return source, check(source, profile)


def terminal_html(text: str, command: str) -> str:
    from html import escape

    from rich.console import Console
    from rich.text import Text

    console = Console(record=True, width=140, file=io.StringIO(), color_system="truecolor")
    console.print(Text.from_ansi(text), soft_wrap=True)
    body = console.export_html(inline_styles=True, code_format="{code}")
    return TERMINAL_PAGE.format(command=escape(command), body=body)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", default="tier1_fcm_trading_host_maintenance")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    args = parser.parse_args(argv)

    import os

    from clausecheck.report import render

    os.chdir(ROOT)
    source, result = sample_result(args.sample)
    with tempfile.TemporaryDirectory(prefix="clausecheck-shots-") as tmp:
        tmpdir = Path(tmp)
        page = tmpdir / "report.html"
        page.write_text(render(result, "html", args.lang), encoding="utf-8")
        screenshot(page, args.out / "report-html.png", 2000, tmpdir / "chrome")

        text = render(result, "text", args.lang, color=True)
        lines = text.count("\n") + 1
        command = f"clausecheck check {source} --tier {result.profile.tier}"
        term = tmpdir / "terminal.html"
        term.write_text(terminal_html(text, command), encoding="utf-8")
        screenshot(term, args.out / "report-text.png", min(96 + lines * 22, 4000), tmpdir / "chrome")
    return 0


if __name__ == "__main__":
    sys.exit(main())
