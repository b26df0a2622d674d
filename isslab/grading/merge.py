"""Merging the summaries of `isslab batch --shard K/N` runs into one class summary.

Each shard run leaves summary.json, one report folder per submission and shard.json (which
shard it was, of how many, and the submissions it was given). The merge keeps every
submission once, copies its report folder, and names what is missing or duplicated.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isslab.errors import UsageError
from isslab.grading import class_report
from isslab.grading.batch import Row, write_summary

logger = logging.getLogger(__name__)

SHARD_FILE = "shard.json"
SUMMARY_FILE = "summary.json"


@dataclass
class Shard:
    """One shard's output folder as the merge reads it."""

    folder: Path
    k: int | None = None
    n: int | None = None
    expected: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    report_dirs: dict[str, Path] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"shard {self.k}/{self.n} ({self.folder})" if self.k else str(self.folder)


@dataclass
class Merged:
    """The class: every submission once, and what the merge found wrong."""

    rows: list[Row]
    problems: list[str]
    shards: list[Shard]


def write_shard_marker(out_dir: Path, k: int, n: int, names: list[str]) -> Path:
    """shard.json beside a shard's summary: which slice it graded, and which submissions."""
    path = out_dir / SHARD_FILE
    document = {"shard": k, "of": n, "submissions": names}
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def read_shard(folder: Path) -> Shard:
    """A shard's rows and marker; UsageError when the folder holds no summary.json."""
    summary = folder / SUMMARY_FILE
    if not summary.is_file():
        raise UsageError(f"no {SUMMARY_FILE} in {folder}: is it the --out folder of a batch?")
    shard = Shard(folder)
    for entry in _load(summary).get("submissions", []):
        row = Row(entry["name"], float(entry.get("score") or 0), float(entry.get("max_score")
                  or 0), float(entry.get("duration_s") or 0), entry.get("problem") or "",
                  dict(entry.get("criteria") or {}))
        shard.rows.append(row)
        shard.report_dirs[row.name] = folder / (entry.get("report_dir") or row.name)
    marker = folder / SHARD_FILE
    if marker.is_file():
        document = _load(marker)
        shard.k, shard.n = int(document["shard"]), int(document["of"])
        shard.expected = list(document.get("submissions", []))
    return shard


def merge_shards(shards: list[Shard]) -> Merged:
    """Every submission once (the first shard's copy wins), plus the problems found."""
    shards = sorted(shards, key=lambda shard: (shard.k or 0, str(shard.folder)))
    problems = _shard_problems(shards)
    kept: dict[str, tuple[Row, Shard]] = {}
    for shard in shards:
        for row in shard.rows:
            if row.name in kept:
                problems.append(f"duplicate: {row.name} is in {kept[row.name][1].label} "
                                f"and in {shard.label}; kept the first")
                continue
            kept[row.name] = (row, shard)
        for name in shard.expected:
            if name not in {row.name for row in shard.rows}:
                problems.append(f"missing: {name} was in {shard.label} but has no result")
    rows = sorted((row for row, _ in kept.values()), key=lambda row: row.name)
    return Merged(rows, problems, shards)


def _shard_problems(shards: list[Shard]) -> list[str]:
    """Missing or repeated shards, and shards from different splits."""
    counts = {shard.n for shard in shards if shard.n}
    if not counts:
        return ["no shard.json in any folder: cannot tell whether a shard is missing"]
    if len(counts) > 1:
        return [f"the folders come from different splits (N = {sorted(counts)})"]
    n = counts.pop()
    seen = [shard.k for shard in shards if shard.k]
    problems = [f"missing: shard {k}/{n} (no folder given holds it)"
                for k in range(1, n + 1) if k not in seen]
    problems += [f"duplicate: shard {k}/{n} given {seen.count(k)} times"
                 for k in sorted(set(seen)) if seen.count(k) > 1]
    problems += [f"{shard.folder} has no {SHARD_FILE}" for shard in shards if not shard.n]
    return problems


def write_merged(merged: Merged, out_dir: Path, criteria: list[str]) -> list[Path]:
    """The class summary (CSV, JSON, Markdown, HTML) and each submission's report folder."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for row in merged.rows:
        _copy_reports(merged, row.name, out_dir / row.name)
    paths = write_summary(merged.rows, out_dir, criteria)
    _add_merge_details(out_dir / SUMMARY_FILE, merged)
    paths.append(class_report.write(merged.rows, out_dir, criteria, merged.problems))
    return paths


def _copy_reports(merged: Merged, name: str, destination: Path) -> None:
    source = next((shard.report_dirs[name] for shard in merged.shards
                   if name in shard.report_dirs and shard.report_dirs[name].is_dir()), None)
    if source is None or source.resolve() == destination.resolve():
        return
    shutil.copytree(source, destination, dirs_exist_ok=True)


def _add_merge_details(summary: Path, merged: Merged) -> None:
    document = _load(summary)
    document["merged_from"] = [{"folder": str(shard.folder), "shard": shard.k, "of": shard.n,
                                "submissions": len(shard.rows)} for shard in merged.shards]
    document["problems"] = merged.problems
    summary.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


def _load(path: Path) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read {path}: {error}") from error
    if not isinstance(document, dict):
        raise UsageError(f"{path} does not hold a JSON object")
    return document
