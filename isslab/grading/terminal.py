"""The terminal summary of a graded submission: one rich table per Reto."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from isslab.grading.outcome import total
from isslab.grading.report import Report
from isslab.grading.texts import points, text

STYLES = {"passed": "green", "failed": "red", "error": "yellow", "skipped": "dim",
          "not_graded": "dim"}


def print_summary(report: Report, console: Console | None = None) -> None:
    console = console or Console()
    lang = report.lang
    for reto in report.rubric.retos:
        results = report.reto_results(reto.id)
        if not results or all(r.status == "not_graded" for r in results):
            continue
        score, max_score = total(results)
        table = Table(title=f"{reto.title[lang]} — {points(score)} / {points(max_score)}",
                      title_justify="left", expand=True)
        table.add_column(text(lang, "criterion"), no_wrap=True)
        table.add_column(text(lang, "status"), no_wrap=True)
        table.add_column(text(lang, "points"), justify="right", no_wrap=True)
        table.add_column(text(lang, "message"), overflow="fold")
        for result in results:
            message = result.message.splitlines()[0] if result.message else ""
            # Text(), not markup: messages may hold brackets from the student's output.
            table.add_row(result.id, Text(text(lang, result.status), style=STYLES[result.status]),
                          f"{points(result.points)}/{points(result.max_points)}", Text(message))
        console.print(table)
    console.print(f"[bold]{text(lang, 'score')}: {points(report.score)} / "
                  f"{points(report.max_score)}[/bold]  ({report.duration_s:.1f} s)")
