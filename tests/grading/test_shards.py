"""Grading a class in two shards and merging them gives the same class as one run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CASES = ("compose_latest", "compose_missing", "no_volume", "port_not_published")


@pytest.fixture(scope="module")
def class_folder(corpus_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("class")
    for name in CASES:
        shutil.copytree(corpus_root / name, folder / name)
    return folder


def isslab(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "isslab", *args], capture_output=True,
                          text=True, timeout=600, check=False)


def graded(out: Path, *extra: str, folder: Path) -> Path:
    done = isslab("batch", str(folder), "--out", str(out), "--only", "r1",
                  "--format", "json,html", "--jobs", "2", *extra)
    assert done.returncode == 0, done.stderr
    return out


def class_rows(out: Path) -> list[dict[str, Any]]:
    document = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return [{key: row[key] for key in ("name", "score", "max_score", "criteria")}
            for row in document["submissions"]]


@pytest.fixture(scope="module")
def shard_outputs(class_folder: Path, tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Path, Path, Path]:
    """(shard 1/2, shard 2/2, an unsharded run) over the same class."""
    root = tmp_path_factory.mktemp("runs")
    return (graded(root / "shard-1", "--shard", "1/2", folder=class_folder),
            graded(root / "shard-2", "--shard", "2/2", folder=class_folder),
            graded(root / "whole", folder=class_folder))


@pytest.mark.integration
def test_two_shards_merge_into_the_unsharded_class(shard_outputs: tuple[Path, Path, Path],
                                                   tmp_path: Path) -> None:
    first, second, whole = shard_outputs

    done = isslab("batch", "--merge", str(first), str(second), "--out", str(tmp_path))

    assert done.returncode == 0, done.stderr
    assert [row["name"] for row in class_rows(tmp_path)] == sorted(CASES)
    assert class_rows(tmp_path) == class_rows(whole)
    assert [row["name"] for row in class_rows(first)] == ["compose_latest", "no_volume"]
    merged = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert merged["problems"] == []
    assert [(m["shard"], m["of"], m["submissions"]) for m in merged["merged_from"]] == [
        (1, 2, 2), (2, 2, 2)]
    assert all((tmp_path / name / "report.json").is_file() for name in CASES)
    assert (tmp_path / "summary.html").read_text(encoding="utf-8").count("<svg") == 2


@pytest.mark.integration
def test_merge_names_a_missing_shard_and_exits_1(shard_outputs: tuple[Path, Path, Path],
                                                 tmp_path: Path) -> None:
    first, _, _ = shard_outputs

    done = isslab("batch", "--merge", str(first), "--out", str(tmp_path))

    assert done.returncode == 1
    assert done.stderr.strip() == ("isslab: merged 2 submissions with 1 problem(s): "
                                   "missing: shard 2/2 (no folder given holds it)")
    assert json.loads((tmp_path / "summary.json").read_text())["problems"] == [
        "missing: shard 2/2 (no folder given holds it)"]


@pytest.mark.integration
def test_merge_keeps_a_submission_given_twice_once(shard_outputs: tuple[Path, Path, Path],
                                                   tmp_path: Path) -> None:
    first, second, _ = shard_outputs

    done = isslab("batch", "--merge", str(first), str(second), str(first),
                  "--out", str(tmp_path))

    assert done.returncode == 1
    assert [row["name"] for row in class_rows(tmp_path)] == sorted(CASES)
    problems = json.loads((tmp_path / "summary.json").read_text())["problems"]
    assert problems[0] == "duplicate: shard 1/2 given 2 times"
    assert problems[1:] == [
        f"duplicate: {name} is in shard 1/2 ({first}) and in shard 1/2 ({first}); kept the first"
        for name in ("compose_latest", "no_volume")]
