"""Record how the tool did on a new labelled sample the first time it ever saw it.

Run this once, right after a sample is written and built and before any pattern is tuned on
it: it scores the sample in every format with the current library and appends a
``first_sight`` block to ``<name>.labels.yaml``. Later tuning raises the sample's score in
``clausecheck eval`` but never this record, so the mean first-sight score over all samples
stays an honest figure for contracts the library has not been tuned on (``clausecheck eval``
prints it next to the held-out split).

    python scripts/first_sight.py trap_lookalikes_c vendor_paper_conflicts_b
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from clausecheck.evaluate.labels import load_sample  # noqa: E402
from clausecheck.evaluate.run import evaluate  # noqa: E402
from clausecheck.library.load import load_library  # noqa: E402


def record(name: str, samples: Path, force: bool = False) -> str:
    labels = samples / f"{name}.labels.yaml"
    sample = load_sample(labels)
    if "first_sight" in sample.raw and not force:
        raise SystemExit(f"{labels.name} already has a first_sight record (it is recorded once)")
    if set(sample.files) == {"txt"}:
        raise SystemExit(f"{name}: build the .docx and .pdf first (make samples)")
    library = load_library()
    with tempfile.TemporaryDirectory() as tmp:
        for path in [labels, *sample.files.values()]:
            shutil.copy2(path, tmp)
        report = evaluate(Path(tmp), library=library)
    if report.errors or report.label_problems:
        raise SystemExit("\n".join(report.errors + report.label_problems))
    s = report.overall.summary()
    line = (f"first_sight: {{measured: {dt.date.today().isoformat()}, library: {library.version}, "
            f"n: {s['n']}, status_accuracy: {s['status_accuracy']}, "
            f"conflict_recall: {s['conflict']['recall']}, "  # type: ignore[index]
            f"lookalikes_reported_present: {s['lookalikes_reported_present']}}}")
    text = labels.read_text(encoding="utf-8")
    if force and "first_sight" in sample.raw:
        text = "\n".join(ln for ln in text.splitlines() if not ln.startswith(("first_sight:", "# first sight:")))
    labels.write_text(
        text.rstrip("\n") + "\n\n# first sight: the tool's first run on this sample, before any pattern was tuned on it\n"
        f"# (scripts/first_sight.py; never edited afterwards)\n{line}\n",
        encoding="utf-8",
    )
    return line


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="+", help="sample names (samples/<name>.labels.yaml)")
    ap.add_argument("--samples", default=str(ROOT / "samples"))
    ap.add_argument("--force", action="store_true", help="replace an existing record (only to repair one)")
    args = ap.parse_args()
    for name in args.names:
        print(f"{name}: {record(name, Path(args.samples), args.force)}")


if __name__ == "__main__":
    main()
