"""`clausecheck eval`: scores, thresholds (and their exit code), splits, first-sight records."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from clausecheck.cli import main
from clausecheck.evaluate.run import evaluate

from conftest import SAMPLES


@pytest.fixture
def folder(tmp_path):
    """Two samples in TXT form only (fast): one tuning, one held out."""
    for name in ("trap_lookalikes_a", "tier1_fcm_trading_host_maintenance"):
        shutil.copy2(SAMPLES / f"{name}.md", tmp_path)
        shutil.copy2(SAMPLES / f"{name}.labels.yaml", tmp_path)
    labels = tmp_path / "tier1_fcm_trading_host_maintenance.labels.yaml"
    labels.write_text("holdout: true\n" + labels.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    return tmp_path


def thresholds(folder, **values) -> None:
    (folder / "eval-thresholds.yaml").write_text(yaml.safe_dump(values), encoding="utf-8")


def test_scores_and_splits(folder):
    report = evaluate(folder)
    d = report.to_dict()
    assert d["samples"] == 2 and d["documents"] == 2
    assert set(d["by_split"]) == {"tuning", "holdout"}
    assert d["overall"]["n"] == 90
    assert 0.0 <= d["overall"]["status_accuracy"] <= 1.0
    assert sum(sum(row.values()) for row in d["confusion"].values()) == 90
    only = evaluate(folder, split="holdout").to_dict()
    assert only["samples"] == 1 and set(only["by_split"]) == {"holdout"}


def test_a_threshold_not_met_fails_with_exit_1(folder, capsys):
    thresholds(folder, status_accuracy=1.01)
    assert main(["eval", str(folder), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert not out["passed"] and any("status_accuracy" in f for f in out["failures"])
    thresholds(folder, status_accuracy=0.0, max_lookalikes_reported_present=100)
    assert main(["eval", str(folder)]) == 0


def test_split_thresholds_apply_only_to_the_split_evaluated(folder, capsys):
    thresholds(folder, holdout_status_accuracy=0.0, tuning_status_accuracy=0.0)
    assert main(["eval", str(folder), "--split", "tuning", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["failures"] == []
    thresholds(folder, no_such_threshold=1)
    assert main(["eval", str(folder)]) == 1


def test_first_sight_is_reported_when_recorded(folder):
    labels = folder / "trap_lookalikes_a.labels.yaml"
    labels.write_text(labels.read_text(encoding="utf-8") + "\nfirst_sight: {measured: 2026-01-01, library: x, "
                      "n: 135, status_accuracy: 0.9, conflict_recall: 1.0, lookalikes_reported_present: 1}\n",
                      encoding="utf-8")
    fs = evaluate(folder).to_dict()["first_sight"]
    assert fs == {"samples": 1, "of": 2, "n": 135, "status_accuracy": 0.9, "lookalikes_reported_present": 1,
                  "by_sample": {"trap_lookalikes_a": 0.9}}
