"""Grade every submission of a folder, each isolated, some in parallel, with a class summary."""

from __future__ import annotations

import csv
import json
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from isslab.errors import UsageError
from isslab.grading.grade import GradeOptions, grade
from isslab.grading.report import number
from isslab.grading.rubric import load_rubric
from isslab.grading.texts import points

logger = logging.getLogger(__name__)

SUMMARY_VERSION = "1.0"


@dataclass
class Row:
    """One submission's line in the class summary."""

    name: str
    score: float = 0.0
    max_score: float = 0.0
    duration_s: float = 0.0
    problem: str = ""
    statuses: dict[str, str] = field(default_factory=dict)


def submissions_in(folder: Path) -> list[Path]:
    """The submission folders of `folder`, sorted by name (hidden folders left out)."""
    if not folder.is_dir():
        raise UsageError(f"folder not found: {folder}")
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def parse_shard(text: str | None) -> tuple[int, int]:
    """"K/N" → (K, N), 1 <= K <= N; None → (1, 1)."""
    if not text:
        return 1, 1
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError as error:
        raise UsageError(f"--shard must look like K/N (e.g. 2/4), not {text!r}") from error
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}: K must be between 1 and N")
    return k, n


def take_shard(items: list[Path], k: int, n: int) -> list[Path]:
    """Every n-th item starting at the k-th: a fixed split of the sorted list."""
    return items[k - 1::n]


def grade_one(path: Path, out_dir: Path, options: GradeOptions) -> Row:
    """Grade one submission; any failure becomes the row's problem, never an exception."""
    started = time.monotonic()
    try:
        report = grade(path, out_dir / path.name, options)
    except Exception as error:  # one broken submission must never stop the batch
        logger.exception("grading %s failed", path)
        return Row(path.name, duration_s=time.monotonic() - started,
                   problem=f"{type(error).__name__}: {error}")
    return Row(path.name, score=number(report.score), max_score=number(report.max_score),
               duration_s=round(report.duration_s, 1),
               problem="time limit reached" if report.timed_out else "",
               statuses={r.id: r.status for r in report.results})


def run_batch(paths: list[Path], out_dir: Path, options: GradeOptions, jobs: int,
              on_done: Callable[[Row], None] | None = None) -> list[Row]:
    """Grade `paths` with `jobs` at a time; rows come back sorted by name."""
    load_rubric(options.rubric)  # a broken rubric is the user's error, before any work
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="grade") as pool:
        futures = [pool.submit(grade_one, path, out_dir, options) for path in paths]
        for future in as_completed(futures):
            row = future.result()
            rows.append(row)
            if on_done:
                on_done(row)
    return sorted(rows, key=lambda row: row.name)


def write_summary(rows: list[Row], out_dir: Path, criteria: list[str]) -> list[Path]:
    """summary.csv, summary.json and summary.md in out_dir."""
    return [_write_csv(rows, out_dir, criteria), _write_json(rows, out_dir),
            _write_markdown(rows, out_dir)]


def _write_csv(rows: list[Row], out_dir: Path, criteria: list[str]) -> Path:
    path = out_dir / "summary.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "score", "max_score", "duration_s", "problem", *criteria])
        for row in rows:
            writer.writerow([row.name, row.score, row.max_score, row.duration_s, row.problem,
                             *[row.statuses.get(c, "") for c in criteria]])
    return path


def _write_json(rows: list[Row], out_dir: Path) -> Path:
    graded = [row for row in rows if not row.problem or row.statuses]
    document: dict[str, Any] = {
        "schema_version": SUMMARY_VERSION,
        "count": len(rows),
        "mean_score": round(sum(r.score for r in graded) / len(graded), 4) if graded else None,
        "submissions": [{"name": r.name, "score": r.score, "max_score": r.max_score,
                         "duration_s": r.duration_s, "problem": r.problem,
                         "report_dir": r.name, "criteria": r.statuses} for r in rows],
    }
    path = out_dir / "summary.json"
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def _write_markdown(rows: list[Row], out_dir: Path) -> Path:
    lines = ["# isslab batch summary", "", "| submission | score | duration | problem |",
             "|---|---:|---:|---|"]
    for row in rows:
        problem = row.problem.replace("|", "\\|").splitlines()[0] if row.problem else ""
        lines.append(f"| [{row.name}]({row.name}/report.md) | {points(row.score)} / "
                     f"{points(row.max_score)} | {row.duration_s:.0f} s | {problem} |")
    path = out_dir / "summary.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
