"""`isslab batch DIR`: grade every submission folder in DIR, with a class summary."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from isslab.commands.grade import add_common_arguments, options_from
from isslab.errors import IsslabError, UsageError
from isslab.grading import class_report
from isslab.grading.batch import (
    Row,
    parse_shard,
    run_batch,
    submissions_in,
    take_shard,
    write_summary,
)
from isslab.grading.merge import merge_shards, read_shard, write_merged, write_shard_marker
from isslab.grading.rubric import load_rubric
from isslab.grading.texts import points

# A grading is mostly the wait for the schedule's fires: ~27 CPU-s in ~150 s of wall time.
# `isslab bench` on 2 cores, 20 copies of the reference: --jobs 6 took 788 s, 12 took 535 s,
# 20 took 453 s (peak ~11.5 GB in use on the machine). So ten per core, while memory
# allows ~0.8 GB for each grading (its Terraform apply is the peak).
JOBS_PER_CORE = 10
GIB_PER_JOB = 0.8
MAX_DEFAULT_JOBS = 32


def default_jobs(cpus: int | None = None, memory_gib: float | None = None) -> int:
    """Ten gradings per core, as many as memory holds, at most 32: most of each is waiting."""
    cpus = cpus or os.cpu_count() or 1
    memory_gib = memory_gib if memory_gib is not None else _memory_gib()
    by_memory = int(memory_gib / GIB_PER_JOB) if memory_gib else MAX_DEFAULT_JOBS
    return max(1, min(MAX_DEFAULT_JOBS, JOBS_PER_CORE * cpus, by_memory))


def _memory_gib() -> float | None:
    """This machine's physical memory, or None where it cannot be read."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    except (ValueError, OSError, AttributeError):
        return None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, nargs="?", default=None,
                        help="folder holding one folder per submission")
    parser.add_argument("--out", type=Path, default=Path("isslab-batch"),
                        help="folder for the summary and one report folder per submission "
                             "(default: ./isslab-batch)")
    parser.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="N",
                        help=f"submissions graded at once (default here: {default_jobs()})")
    parser.add_argument("--shard", default=None, metavar="K/N",
                        help="grade only the K-th of N fixed slices of the sorted folders")
    parser.add_argument("--merge", type=Path, nargs="+", default=None, metavar="DIR",
                        help="grade nothing: merge the --out folders of shard runs into one "
                             "class summary in --out")
    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.merge:
        return run_merge(args.merge, args.out, args.rubric)
    if args.folder is None:
        raise UsageError("give the folder of submissions (or --merge DIR... to merge shards)")
    options = options_from(args)
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    k, n = parse_shard(args.shard)
    paths = take_shard(submissions_in(args.folder), k, n)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console) as progress:
        task = progress.add_task("grading", total=len(paths))

        def done(row: Row) -> None:
            progress.console.print(f"{row.name}: {points(row.score)} / {points(row.max_score)}"
                                   + (f"  ({row.problem})" if row.problem else ""),
                                   markup=False, highlight=False)
            progress.advance(task)

        rows = run_batch(paths, args.out, options, args.jobs, on_done=done)
    criteria = [c.id for c in load_rubric(options.rubric).criteria]
    written = write_summary(rows, args.out, criteria)
    written.append(class_report.write(rows, args.out, criteria))
    written.append(write_shard_marker(args.out, k, n, [path.name for path in paths]))
    for path in written:
        print(path)
    return 0


def run_merge(folders: list[Path], out: Path, rubric: Path | None) -> int:
    """Merge shard outputs; exit 1 (after writing) when a shard or submission is missing."""
    merged = merge_shards([read_shard(folder) for folder in folders])
    criteria = [c.id for c in load_rubric(rubric).criteria]
    for path in write_merged(merged, out, criteria):
        print(path)
    if merged.problems:
        raise IsslabError(f"merged {len(merged.rows)} submissions with "
                          f"{len(merged.problems)} problem(s): {merged.problems[0]}")
    return 0
