"""report.md: feedback per Reto for the student, in Spanish or English."""

from __future__ import annotations

from pathlib import Path

from isslab.grading.outcome import CriterionResult, total
from isslab.grading.report import Report
from isslab.grading.texts import earned, points, text

ICONS = {"passed": "✅", "failed": "❌", "error": "⚠️", "skipped": "⏭️", "not_graded": "➖"}


def render(report: Report) -> str:
    lang = report.lang
    lines = [f"# {text(lang, 'title')}", "",
             f"- {text(lang, 'submission')}: `{report.submission}`",
             f"- {text(lang, 'backend')}: {report.backend}",
             f"- {text(lang, 'score')}: **{points(report.score)} / {points(report.max_score)}**",
             f"- {text(lang, 'duration')}: {report.duration_s:.1f} s", ""]
    if report.timed_out:
        lines += [f"> {text(lang, 'timed_out')}", ""]
    if _safety_failed(report):
        lines += [f"> **{text(lang, 'safety_gate')}**", ""]
    for reto in report.rubric.retos:
        results = report.reto_results(reto.id)
        if results:
            lines += _reto_section(reto.title[lang], results, lang)
    lines += _next_steps(report)
    lines += _bullets(text(lang, "advice"), [f"`{a.file}`: {a.text[lang]}" for a in report.advice])
    lines += _bullets(text(lang, "notes"), report.notes)
    return "\n".join(lines).rstrip() + "\n"


def _reto_section(title: str, results: list[CriterionResult], lang: str) -> list[str]:
    score, max_score = total(results)
    lines = [f"## {title} — {points(score)} / {points(max_score)}", ""]
    for result in results:
        status = text(lang, result.status)
        lines.append(f"- {ICONS[result.status]} **{result.criterion.title[lang]}** "
                     f"(`{result.id}`, {status}, {earned(result)})")
        if result.message and result.status != "passed":
            lines.append(f"  > *{text(lang, 'evidence')}:*")
            lines += [f"  > {line}" for line in result.message.splitlines()]
        if result.status in ("failed", "error"):
            lines.append(f"  - {text(lang, 'what_to_do')}: {result.criterion.advice[lang]}")
    return [*lines, ""]


def _next_steps(report: Report) -> list[str]:
    lang = report.lang
    failing = [r for r in report.results if r.status in ("failed", "error")]
    if not failing:
        return [f"## {text(lang, 'next_steps')}", "", text(lang, "all_passed"), ""]
    first = next((r for r in failing if r.status == "failed"), failing[0])
    return [f"## {text(lang, 'next_steps')}", "", text(lang, "fix_first"), "",
            f"1. `{first.id}`: {first.criterion.advice[lang]}", ""]


def _bullets(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"## {title}", "", *[f"- {item}" for item in items], ""]


def _safety_failed(report: Report) -> bool:
    return any(r.id == "safety.terraform" and r.status == "failed" for r in report.results)


def write(report: Report, out_dir: Path) -> Path:
    path = out_dir / "report.md"
    path.write_text(render(report), encoding="utf-8")
    return path
