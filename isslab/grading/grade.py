"""Grade one submission: private copy, checks in a subprocess, criteria decided, reports written."""

from __future__ import annotations

import logging
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from isslab.errors import IsslabError, UsageError
from isslab.grading import gradescope, html, junit, markdown
from isslab.grading.advice import collect_advice
from isslab.grading.outcome import decide
from isslab.grading.report import Report, write_json
from isslab.grading.rubric import load_rubric
from isslab.grading.runner import CheckRun, run_checks
from isslab.lab import Lab, prepare_lab

logger = logging.getLogger(__name__)

WRITERS = {"json": write_json, "md": markdown.write, "junit": junit.write,
           "gradescope": gradescope.write, "html": html.write}
FORMATS = tuple(WRITERS)
DEFAULT_TIMEOUT_S = 1800.0


@dataclass
class GradeOptions:
    """How to grade: the command line's options."""

    backend: str | None = None
    lang: str = "es"
    rubric: Path | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S
    only: list[str] | None = None
    markers: str | None = None  # a pytest -m expression, e.g. "not e2e"
    formats: tuple[str, ...] = FORMATS


def grade(submission: Path, out_dir: Path, options: GradeOptions) -> Report:
    """Grade `submission` and write the chosen report formats into `out_dir`."""
    submission = Path(submission).resolve()
    if not submission.is_dir():
        raise UsageError(f"submission folder not found: {submission}")
    rubric = load_rubric(options.rubric)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="isslab-grade-", ignore_cleanup_errors=True) as tmp:
        private = Path(tmp)
        lab = _prepare(submission, private / "submission")
        advice = collect_advice(lab)
        workdir = private / "run"
        workdir.mkdir()
        run = run_checks(lab.root, workdir, timeout_s=options.timeout_s,
                         backend=options.backend, only=options.only, markers=options.markers)
        report = Report(
            submission=str(submission), backend=run.backend or options.backend or "none",
            lang=options.lang, rubric=rubric,
            results=decide(rubric, run, timeout_s=options.timeout_s, only=options.only),
            duration_s=time.monotonic() - started,
            graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            timed_out=run.timed_out, notes=lab.notes + run_notes(run), advice=advice)
        # Written before the private dir goes: the HTML embeds screenshots kept there.
        write_reports(report, out_dir, options.formats)
    logger.info("graded %s: %s / %s", submission, report.score, report.max_score)
    return report


def _prepare(submission: Path, destination: Path) -> Lab:
    try:
        return prepare_lab(submission, destination)
    except IsslabError as error:
        # The checks meet the same problem in their own lab fixture and report it per
        # criterion; the static advice just works on the plain copy.
        logger.warning("preparing %s: %s", submission, error)
        lab = Lab(root=destination)
        lab.notes.append(f"the submission could not be fully prepared: {error}")
        return lab


def run_notes(run: CheckRun) -> list[str]:
    """What the grader saw of the checks' run itself."""
    notes = [f"a check module could not be loaded: {error}" for error in run.collection_errors]
    if run.timed_out:
        notes.append("the checks reached the time limit and were stopped")
    elif not run.finished:
        tail = " | ".join(run.log_tail.strip().splitlines()[-3:])
        notes.append(f"the checks stopped early (exit code {run.exit_code}): {tail}")
    return notes


def write_reports(report: Report, out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write each chosen format into out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [WRITERS[name](report, out_dir) for name in formats]
