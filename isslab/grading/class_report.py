"""summary.html: the class at a glance, with the score distribution and per-criterion pass rates."""

from __future__ import annotations

import statistics
from html import escape
from pathlib import Path

from isslab.grading.batch import Row
from isslab.grading.charts import Rate, histogram, pass_rates, score_bins
from isslab.grading.texts import points

# A criterion counts for its pass rate only where it was decided; skipped and not graded
# criteria say nothing about the student.
DECIDED = ("passed", "failed", "error")
STYLE = """
body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;
color:#1d2330;line-height:1.45}.meta{color:#5b6475}figure{margin:1rem 0 2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #dde1e8;padding:.35rem .5rem;text-align:left}
th{background:#f3f5f8}td.n{text-align:right}.problem{color:#b42318}
svg{max-width:100%;height:auto}
"""


def criterion_rates(rows: list[Row], criteria: list[str]) -> list[Rate]:
    """Per criterion: graded submissions that passed it, of those on which it was decided."""
    rates = []
    for criterion in criteria:
        decided = [row.statuses.get(criterion) for row in rows
                   if row.statuses.get(criterion) in DECIDED]
        rates.append(Rate(criterion, decided.count("passed"), len(decided)))
    return rates


def render(rows: list[Row], criteria: list[str], problems: list[str] | None = None,
           title: str = "isslab class summary") -> str:
    scores = [row.score for row in rows if row.statuses]
    max_score = max((row.max_score for row in rows), default=0.0)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
             f"<h1>{escape(title)}</h1>", f'<p class="meta">{_overview(rows, scores)}</p>']
    parts += _problems(problems or [])
    parts += ["<h2>Score distribution</h2>",
              f"<figure>{histogram(score_bins(scores, max_score))}</figure>",
              "<h2>Pass rate per criterion</h2>",
              f"<figure>{pass_rates(criterion_rates(rows, criteria))}</figure>",
              "<h2>Submissions</h2>", *_table(rows), "</body></html>"]
    return "\n".join(parts) + "\n"


def write(rows: list[Row], out_dir: Path, criteria: list[str],
          problems: list[str] | None = None) -> Path:
    path = out_dir / "summary.html"
    path.write_text(render(rows, criteria, problems), encoding="utf-8")
    return path


def _overview(rows: list[Row], scores: list[float]) -> str:
    if not scores:
        return f"{len(rows)} submissions, none graded"
    return (f"{len(rows)} submissions · {len(scores)} graded · mean "
            f"{statistics.mean(scores):.2f} · median {statistics.median(scores):.2f}")


def _problems(problems: list[str]) -> list[str]:
    if not problems:
        return []
    items = "".join(f"<li>{escape(problem)}</li>" for problem in problems)
    return [f'<h2 class="problem">Problems</h2><ul class="problem">{items}</ul>']


def _table(rows: list[Row]) -> list[str]:
    lines = ["<table><thead><tr><th>Submission</th><th>Score</th><th>Duration</th>"
             "<th>Problem</th></tr></thead><tbody>"]
    for row in rows:
        name = escape(row.name)
        lines.append(f'<tr><td><a href="{name}/report.html">{name}</a></td>'
                     f'<td class="n">{points(row.score)} / {points(row.max_score)}</td>'
                     f'<td class="n">{row.duration_s:.0f} s</td>'
                     f"<td>{escape(row.problem)}</td></tr>")
    lines.append("</tbody></table>")
    return lines
