"""The whole bench: stages per backend, the browser, end-to-end grades, batch throughput."""

from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from isslab.bench import machine, targets
from isslab.bench.browser import measure_browser
from isslab.bench.corpus import class_of_copies, clean_copy
from isslab.bench.stages import BackendRun, measure_backend
from isslab.bench.stopwatch import Stopwatch, first_line
from isslab.bench.throughput import BatchRun, GradeRun, measure_batch, measure_grade
from isslab.lab import prepare_lab

logger = logging.getLogger(__name__)

BENCH_VERSION = "1.0"
BATCH_BACKEND = "ministack"


@dataclass
class BenchOptions:
    """What to measure."""

    submission: Path
    corpus: Path | None = None
    jobs: list[int] = field(default_factory=lambda: [1, 2, 4])
    quick: bool = False
    backends: list[str] | None = None
    class_size: int = 0  # > 0: the batch grades that many copies of the submission
    end_to_end: bool = True
    stages: bool = True


@dataclass
class BenchResult:
    """Everything measured, ready for the table and the JSON file."""

    options: BenchOptions
    machine: dict[str, Any]
    backends: list[BackendRun] = field(default_factory=list)
    browser: Stopwatch = field(default_factory=Stopwatch)
    grades: list[GradeRun] = field(default_factory=list)
    batches: list[BatchRun] = field(default_factory=list)
    corpus: str | None = None
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def targets(self) -> list[targets.Target]:
        floor = next((run.floor_s for run in self.backends if run.backend == BATCH_BACKEND), None)
        grade_s = next((g.seconds for g in self.grades if g.backend == BATCH_BACKEND), None)
        best = min(self.batches, key=lambda b: b.seconds, default=None)
        return [targets.reference_target(grade_s, floor), targets.overhead_target(grade_s, floor),
                targets.class_target(best.per_submission_s if best else None,
                                     best.jobs if best else None,
                                     best.submissions if best else 0, grade_s)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": BENCH_VERSION,
            "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "method": "time.perf_counter; each stage measured once per run",
            "submission": str(self.options.submission), "corpus": self.corpus,
            "machine": self.machine, "seconds": round(self.seconds, 3),
            "backends": [run.to_dict() for run in self.backends],
            "browser": [stage.to_dict() for stage in self.browser.stages],
            "grades": [g.to_dict() for g in self.grades],
            "batches": [b.to_dict() for b in self.batches],
            "targets": [t.to_dict() for t in self.targets()],
            "problems": self.problems,
        }


def run_bench(options: BenchOptions) -> BenchResult:
    """Measure everything the options ask for, in a private temp dir removed afterwards."""
    result = BenchResult(options, machine.describe())
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="isslab-bench-", ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        submission = clean_copy(options.submission, work / "submission")
        if options.stages:
            _stages(result, submission, work)
        if options.end_to_end:
            _grades(result, submission, work)
        if not options.quick:
            _batches(result, submission, work)
    result.seconds = time.perf_counter() - started
    result.machine["load_average_after"] = machine.describe()["load_average"]
    return result


def _stages(result: BenchResult, submission: Path, work: Path) -> None:
    lab = prepare_lab(submission, work / "lab")
    for name, unavailable in machine.backends_on_machine(result.options.backends):
        if unavailable:
            result.backends.append(BackendRun(name, unavailable=unavailable))
            continue
        logger.info("measuring the stages on %s", name)
        result.backends.append(measure_backend(lab, name, work))
    try:
        measure_browser(lab.dashboard_file, result.browser)
    except Exception as error:  # a browser that will not start is a finding, not a crash
        result.problems.append(f"browser stages: {first_line(error)}")


def _grades(result: BenchResult, submission: Path, work: Path) -> None:
    backends = result.backends or [BackendRun(name, unavailable=why) for name, why
                                   in machine.backends_on_machine(result.options.backends)]
    for run in backends:
        if run.unavailable:
            continue
        logger.info("grading end to end on %s", run.backend)
        try:
            result.grades.append(measure_grade(submission, work / f"grade-{run.backend}",
                                               run.backend))
        except Exception as error:
            result.problems.append(f"grade on {run.backend}: {first_line(error)}")


def _batches(result: BenchResult, submission: Path, work: Path) -> None:
    corpus = result.options.corpus
    if result.options.class_size > 0:
        corpus = class_of_copies(submission, work / "class", result.options.class_size)
        result.corpus = f"{result.options.class_size} copies of {result.options.submission}"
    elif corpus is not None:
        result.corpus = str(corpus)
    if corpus is None:
        result.problems.append("batch skipped: no corpus (give --corpus DIR or --class-size N)")
        return
    for jobs in result.options.jobs:
        logger.info("batch over %s with --jobs %d", corpus, jobs)
        result.batches.append(measure_batch(corpus, work / f"batch-j{jobs}", jobs,
                                            BATCH_BACKEND))
