"""`isslab bench`: time each grading stage per backend, and batch throughput at several --jobs.

Every stage is measured once per run with time.perf_counter, so figures move with the
machine's load (recorded in the JSON). The batch part grades a class on MiniStack: copies
of the submission by default, or a folder of real submissions with --corpus.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from isslab.bench.corpus import DEFAULT_CLASS_SIZE
from isslab.bench.machine import BENCH_BACKENDS
from isslab.bench.output import print_tables, write_json
from isslab.bench.run import BenchOptions, run_bench
from isslab.errors import UsageError
from isslab.paths import reference_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submission", nargs="?", type=Path, default=None,
                        help="the submission to measure (default: the reference solution)")
    parser.add_argument("--out", type=Path, default=Path("bench.json"),
                        help="JSON file for the figures (default: ./bench.json)")
    parser.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                        help="folder of whole submissions for the batch part, one per "
                             "subfolder (default: copies of the submission, see --class-size)")
    parser.add_argument("--class-size", type=int, default=DEFAULT_CLASS_SIZE, metavar="N",
                        help="without --corpus, batch-grade N copies of the submission "
                             f"(default: {DEFAULT_CLASS_SIZE})")
    parser.add_argument("--jobs", default="1,2,4", metavar="LIST",
                        help="--jobs values for the batch part, comma separated (default: 1,2,4)")
    parser.add_argument("--quick", action="store_true",
                        help="skip the batch part")
    parser.add_argument("--no-grade", action="store_true",
                        help="skip the end-to-end `isslab grade` of the submission")
    parser.add_argument("--no-stages", action="store_true",
                        help="skip the stage-by-stage measurements")
    parser.add_argument("--backends", default=",".join(BENCH_BACKENDS), metavar="LIST",
                        help="backends to compare (default: all; those needing Docker are "
                             "listed as unavailable without it)")


def options_from(args: argparse.Namespace) -> BenchOptions:
    """BenchOptions from the parsed arguments; UsageError for impossible values."""
    submission = (args.submission or reference_root()).resolve()
    if not submission.is_dir():
        raise UsageError(f"submission folder not found: {submission}")
    corpus = args.corpus
    if corpus is not None and not corpus.is_dir():
        raise UsageError(f"corpus folder not found: {corpus}")
    if args.class_size < 1:
        raise UsageError("--class-size must be 1 or more")
    backends = _names(args.backends)
    unknown = sorted(set(backends) - set(BENCH_BACKENDS))
    if unknown or not backends:
        raise UsageError(f"unknown --backends {','.join(unknown) or '(empty)'}; choose from "
                         f"{','.join(BENCH_BACKENDS)}")
    return BenchOptions(submission=submission, corpus=corpus, jobs=_jobs(args.jobs),
                        quick=args.quick, backends=backends,
                        class_size=0 if corpus is not None else args.class_size,
                        end_to_end=not args.no_grade, stages=not args.no_stages)


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _jobs(text: str) -> list[int]:
    try:
        values = [int(part) for part in _names(text)]
    except ValueError as error:
        raise UsageError(f"--jobs must list whole numbers, e.g. 1,2,4, not {text!r}") from error
    if not values or min(values) < 1:
        raise UsageError("--jobs values must be 1 or more")
    return values


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    result = run_bench(options)
    print_tables(result, Console())
    print(f"figures: {write_json(result, args.out)}")
    return 0
