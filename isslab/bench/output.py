"""The bench's figures as rich tables on the terminal and as a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from isslab.bench.run import BenchResult
from isslab.bench.stopwatch import OK, Stage


def write_json(result: BenchResult, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def print_tables(result: BenchResult, console: Console) -> None:
    if result.backends:
        console.print(stages_table(result))
    if result.grades:
        console.print(grades_table(result))
    if result.batches:
        console.print(batches_table(result))
    console.print(targets_table(result))
    for problem in result.problems:
        console.print(Text(f"note: {problem}", style="yellow"))


def stages_table(result: BenchResult) -> Table:
    """One row per stage, one column per backend; browser stages shared by all."""
    table = Table(title="Stages of one submission (each measured once)", title_justify="left")
    table.add_column("Stage")
    for run in result.backends:
        table.add_column(run.backend, justify="right")
    table.add_row("backend", *[Text(run.unavailable or run.problem or "measured",
                                    style="yellow" if run.unavailable or run.problem else "")
                               for run in result.backends])
    for name in _stage_names(result):
        table.add_row(name, *[_cell(_find(run.watch.stages, name)) for run in result.backends])
    for stage in result.browser.stages:
        table.add_row(stage.name, *[_cell(stage) for _ in result.backends])
    table.add_row("floor: apply → 2nd fire + destroy",
                  *[_seconds(run.floor_s) for run in result.backends])
    return table


def grades_table(result: BenchResult) -> Table:
    table = Table(title="isslab grade, end to end", title_justify="left")
    for header in ("Backend", "Wall", "CPU", "Score", "Statuses"):
        table.add_column(header, justify="left" if header in ("Backend", "Statuses") else "right")
    for grade in result.grades:
        statuses = ", ".join(f"{name} {count}" for name, count in sorted(grade.statuses.items()))
        table.add_row(grade.backend, _seconds(grade.seconds), _seconds(grade.cpu_seconds),
                      f"{grade.score:g} / {grade.max_score:g}", statuses)
    return table


def batches_table(result: BenchResult) -> Table:
    table = Table(title=f"isslab batch over {result.corpus}", title_justify="left")
    for header in ("--jobs", "Submissions", "Wall", "Per submission", "Slowest", "CPU",
                   "Problems"):
        table.add_column(header, justify="right")
    for batch in result.batches:
        table.add_row(str(batch.jobs), str(batch.submissions), _seconds(batch.seconds),
                      _seconds(batch.per_submission_s), _seconds(batch.slowest_s),
                      _seconds(batch.cpu_seconds), str(batch.problems))
    return table


def targets_table(result: BenchResult) -> Table:
    table = Table(title="Targets", title_justify="left")
    for header in ("Target", "Measured", "Limit", "Holds", "Note"):
        table.add_column(header, justify="right" if header in ("Measured", "Limit") else "left")
    for target in result.targets():
        show = _ratio if target.unit == "ratio" else _seconds
        holds = {True: Text("yes", style="green"), False: Text("no", style="red"),
                 None: Text("unknown", style="yellow")}[target.holds]
        table.add_row(target.name, show(target.measured), show(target.limit), holds,
                      target.note)
    return table


def _stage_names(result: BenchResult) -> list[str]:
    names: list[str] = []
    for run in result.backends:
        names += [stage.name for stage in run.watch.stages if stage.name not in names]
    return names


def _find(stages: list[Stage], name: str) -> Stage | None:
    return next((stage for stage in stages if stage.name == name), None)


def _cell(stage: Stage | None) -> Text:
    if stage is None:
        return Text("—")
    if stage.status != OK:
        return Text(stage.status, style="red" if stage.status == "failed" else "yellow")
    return Text(_seconds(stage.seconds))


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0%}"
