"""End-to-end grading time of one submission, and batch throughput at several --jobs."""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from isslab.grading.batch import run_batch, submissions_in
from isslab.grading.grade import GradeOptions, grade
from isslab.grading.report import number

logger = logging.getLogger(__name__)


@dataclass
class GradeRun:
    """`isslab grade` on one submission: wall time, CPU time of its processes, score."""

    backend: str
    seconds: float
    cpu_seconds: float
    score: float
    max_score: float
    statuses: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {key: round(value, 3) if isinstance(value, float) else value
                for key, value in asdict(self).items()}


@dataclass
class BatchRun:
    """`isslab batch` over a corpus with one --jobs value."""

    jobs: int
    submissions: int
    seconds: float
    cpu_seconds: float
    slowest_s: float
    problems: int

    @property
    def per_submission_s(self) -> float:
        return self.seconds / self.submissions if self.submissions else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = {key: round(value, 3) if isinstance(value, float) else value
                for key, value in asdict(self).items()}
        data["per_submission_s"] = round(self.per_submission_s, 3)
        return data


def children_cpu_s() -> float:
    """CPU seconds used so far by this process's finished children (user + system)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure_grade(submission: Path, out: Path, backend: str) -> GradeRun:
    """Grade once, as `isslab grade` does, timing the whole of it."""
    options = GradeOptions(backend=backend, formats=("json",))
    cpu_before = children_cpu_s()
    started = time.perf_counter()
    report = grade(submission, out, options)
    seconds = time.perf_counter() - started
    statuses: dict[str, int] = {}
    for result in report.results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    return GradeRun(backend, seconds, children_cpu_s() - cpu_before, number(report.score),
                    number(report.max_score), statuses)


def measure_batch(corpus: Path, out: Path, jobs: int, backend: str) -> BatchRun:
    """Grade every submission of `corpus` with `jobs` at a time, timing the whole batch."""
    paths = submissions_in(corpus)
    options = GradeOptions(backend=backend, formats=("json",))
    cpu_before = children_cpu_s()
    started = time.perf_counter()
    rows = run_batch(paths, out, options, jobs)
    seconds = time.perf_counter() - started
    logger.info("batch of %d with --jobs %d: %.1f s", len(rows), jobs, seconds)
    return BatchRun(jobs, len(rows), seconds, children_cpu_s() - cpu_before,
                    max((row.duration_s for row in rows), default=0.0),
                    sum(1 for row in rows if row.problem))
