"""`isslab grade PATH`: grade one submission by the course rubric."""

from __future__ import annotations

import argparse
from pathlib import Path

from isslab.errors import IsslabError, UsageError
from isslab.grading.grade import DEFAULT_TIMEOUT_S, FORMATS, GradeOptions, grade
from isslab.grading.terminal import print_summary
from isslab.grading.texts import points

RETOS = ("r1", "r2", "r3", "r4", "r5", "r6", "r7", "final", "safety")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", nargs="?", default=".", type=Path,
                        help="the submission folder (default: the current folder)")
    parser.add_argument("--out", type=Path, default=Path("isslab-report"),
                        help="folder for the reports (default: ./isslab-report)")
    add_common_arguments(parser)
    parser.add_argument("--fail-under", type=float, default=None, metavar="N",
                        help="exit 1 when the score is below N (for CI gates)")


def add_common_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared with `isslab batch`."""
    parser.add_argument("--backend", default=None,
                        help="AWS emulator for the checks (passed to them; default: auto)")
    parser.add_argument("--format", default=",".join(FORMATS),
                        help=f"report formats, comma separated (default: {','.join(FORMATS)})")
    parser.add_argument("--lang", choices=("es", "en"), default="es",
                        help="language of the feedback (default: es)")
    parser.add_argument("--rubric", type=Path, default=None,
                        help="rubric YAML replacing the one shipped with isslab")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                        help=f"wall-clock limit of the checks in seconds "
                             f"(default: {DEFAULT_TIMEOUT_S:g})")
    parser.add_argument("--only", default=None, metavar="RETOS",
                        help="grade only these Retos, comma separated (e.g. r1,r2)")
    parser.add_argument("--markers", "-m", default=None, metavar="EXPR",
                        help="only the checks matching this pytest marker expression "
                             "(e.g. \"not e2e\"); the others are not graded")


def options_from(args: argparse.Namespace) -> GradeOptions:
    """GradeOptions from parsed arguments; UsageError for impossible values."""
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        raise UsageError(f"unknown --format {','.join(unknown) or '(empty)'}; "
                         f"choose from {','.join(FORMATS)}")
    only = None
    if args.only:
        only = [r.strip() for r in args.only.split(",") if r.strip()]
        wrong = sorted(set(only) - set(RETOS))
        if wrong or not only:
            raise UsageError(f"unknown Reto in --only: {','.join(wrong) or '(empty)'}; "
                             f"choose from {','.join(RETOS)}")
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    return GradeOptions(backend=args.backend, lang=args.lang, rubric=args.rubric,
                        timeout_s=args.timeout, only=only, markers=args.markers,
                        formats=formats)


def run(args: argparse.Namespace) -> int:
    options = options_from(args)
    report = grade(args.path, args.out, options)
    print_summary(report)
    print(f"reports: {args.out}")
    if args.fail_under is not None and report.score < args.fail_under:
        raise IsslabError(f"score {points(report.score)} is under --fail-under "
                          f"{args.fail_under:g}")
    return 0
