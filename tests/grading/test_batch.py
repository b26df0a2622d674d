"""`isslab batch` over corpus submissions: parallel, sharded, one summary."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CASES = ("compose_missing", "empty_folder", "no_volume")


@pytest.fixture
def class_folder(corpus_root: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    for name in CASES:
        shutil.copytree(corpus_root / name, folder / name)
    return folder


def batch(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "isslab", "batch", *args],
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.integration
def test_batch_grades_each_submission_and_writes_summary(class_folder: Path,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "out"

    done = batch(str(class_folder), "--out", str(out), "--jobs", "2", "--only", "r1,safety")

    assert done.returncode == 0, done.stderr
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["submission"], r["r1.compose"], r["r1.volume"]) for r in rows] == [
        ("compose_missing", "failed", "error"), ("empty_folder", "failed", "error"),
        ("no_volume", "passed", "failed")]
    summary = json.loads((out / "summary.json").read_text())
    assert [s["score"] for s in summary["submissions"]] == [0.0, 0.0, 6.6667]
    assert (out / "summary.md").is_file()
    assert all((out / name / "report.json").is_file() for name in CASES)


@pytest.mark.integration
def test_shard_grades_its_slice_only(class_folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    done = batch(str(class_folder), "--out", str(out), "--shard", "2/2", "--only", "r1",
                 "--format", "json")

    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["empty_folder"]


@pytest.mark.unit
def test_usage_errors_exit_2(tmp_path: Path) -> None:
    done = batch(str(tmp_path), "--shard", "3/2")

    assert (done.returncode, done.stderr.strip()) == (
        2, "isslab: --shard 3/2: K must be between 1 and N")
