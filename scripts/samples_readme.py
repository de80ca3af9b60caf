"""Write samples/README.md from the samples' label files (purpose, profile, scope, counts).

Run after adding or relabelling a sample: `.venv/bin/python scripts/samples_readme.py`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from clausecheck.evaluate.labels import load_samples

ROOT = Path(__file__).resolve().parents[1]
HEAD = """# Labelled samples

Contracts written for this project by drafters who had not seen the matcher, each with a
`<name>.labels.yaml` giving the profile and scope it is for and the expected status of all 45
requirements (with the missing elements of each weak one and a verbatim quote for each found
one). They are how we know the matcher works: `clausecheck eval samples` scores it on every
format, and `make test` fails below `eval-thresholds.yaml`.

- `<name>.md` is the source (the TXT form); `<name>.docx` and `<name>.pdf` are generated from
  it by `make samples` (scripts/build_samples.py with the options in `build.yaml`: Word
  auto-numbering, running headers, page-number footers; PDF via LibreOffice). Some samples also
  get an encoded copy (`<name>.big5.txt`).
- **Held-out** samples (`holdout: true`) are never read while tuning the clause library; their
  accuracy, reported apart by `clausecheck eval`, shows how the library does on unseen text.
- **First sight**: when a new sample is added, `scripts/first_sight.py` scores it once, before
  anyone tunes a pattern on it, and writes that score into its label file for good. A sample
  may later be spent on tuning (its `holdout` set to false); its first-sight score stays, and
  `clausecheck eval` prints the mean over all recorded samples: the honest figure for contracts
  the library was not tuned on. Samples written before the record existed have none.
- `incoming/` holds blind samples written at the end of a session, first sight already taken,
  waiting to become the next session's held-out set (see `incoming/README.md`); `make test`
  does not evaluate them.

| sample | held out | first sight | language | profile | scope | present / weak / missing / conflict / n.a. | purpose |
|---|---|---|---|---|---|---|---|
"""


def main() -> None:
    rows = []
    for s in load_samples(ROOT / "samples"):
        c = Counter(s.expected.values())
        prof = s.profile
        who = prof.firm_type + (f" tier {prof.tier}" if prof.firm_type == "fcm" else "") + (" foreign" if prof.foreign else "")
        scope = ", ".join(k for k, v in s.scope.items() if v) or "-"
        counts = " / ".join(str(c[k]) for k in ("present", "weak", "missing", "conflict", "not_applicable"))
        files = ", ".join(p.name for p in s.files.values())
        fs = s.raw.get("first_sight")
        first = f"{fs['status_accuracy']:.3f} ({fs['measured']})" if isinstance(fs, dict) else ""
        rows.append(
            f"| `{s.name}` | {'yes' if s.holdout else ''} | {first} | {s.raw.get('language', '')} | {who} | {scope} | {counts} | "
            f"{s.purpose} ({files}) |"
        )
    (ROOT / "samples" / "README.md").write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
