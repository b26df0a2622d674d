"""report.html: one self-contained page (styles inline, screenshots as data URLs)."""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path

from isslab.grading.outcome import CriterionResult, total
from isslab.grading.report import Report
from isslab.grading.texts import earned, points, text

MAX_SCREENSHOT_BYTES = 5_000_000
STYLE = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#1d2330;line-height:1.45}
h1{margin-bottom:.2rem}.meta{color:#5b6475}.score{font-size:2rem;font-weight:700}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #dde1e8;padding:.45rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f5f8}.status{font-weight:600;white-space:nowrap}
.passed{color:#17803d}.failed{color:#b42318}.error{color:#b54708}
.skipped,.not_graded{color:#6b7280}.message{white-space:pre-wrap;font-family:monospace;
font-size:.85rem}.advice{color:#344054}.banner{background:#fef3f2;border-left:4px solid #b42318;
padding:.6rem 1rem}figure{display:inline-block;margin:0 1rem 1rem 0}
img{max-width:100%;border:1px solid #dde1e8}
"""


def render(report: Report) -> str:
    lang = report.lang
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(text(lang, 'title'))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(text(lang, 'title'))}</h1>",
        f'<p class="meta">{escape(text(lang, "submission"))}: <code>'
        f"{escape(report.submission)}</code> · {escape(text(lang, 'backend'))}: "
        f"{escape(report.backend)} · {escape(text(lang, 'duration'))}: "
        f"{report.duration_s:.1f} s</p>",
        f'<p class="score">{points(report.score)} / {points(report.max_score)}</p>',
    ]
    if report.timed_out:
        parts.append(f'<p class="banner">{escape(text(lang, "timed_out"))}</p>')
    if any(r.id == "safety.terraform" and r.status == "failed" for r in report.results):
        parts.append(f'<p class="banner">{escape(text(lang, "safety_gate"))}</p>')
    for reto in report.rubric.retos:
        results = report.reto_results(reto.id)
        if results:
            parts += _reto_table(reto.title[lang], results, lang)
    parts += _screenshots(report)
    parts += _list(text(lang, "advice"),
                   [f"<code>{escape(a.file)}</code>: {escape(a.text[lang])}"
                    for a in report.advice])
    parts += _list(text(lang, "notes"), [escape(note) for note in report.notes])
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _reto_table(title: str, results: list[CriterionResult], lang: str) -> list[str]:
    score, max_score = total(results)
    rows = [f"<h2>{escape(title)} — {points(score)} / {points(max_score)}</h2>", "<table>",
            f"<tr><th>{escape(text(lang, 'criterion'))}</th><th>{escape(text(lang, 'status'))}"
            f"</th><th>{escape(text(lang, 'points'))}</th><th>"
            f"{escape(text(lang, 'message'))}</th></tr>"]
    for result in results:
        detail = (f'<div class="evidence">{escape(text(lang, "evidence"))}:</div>'
                  f'<div class="message">{escape(result.message)}</div>') if (
            result.message and result.status != "passed") else ""
        if result.status in ("failed", "error"):
            detail += (f'<div class="advice"><b>{escape(text(lang, "what_to_do"))}:</b> '
                       f"{escape(result.criterion.advice[lang])}</div>")
        rows.append(
            f"<tr><td>{escape(result.criterion.title[lang])}<br><code>{escape(result.id)}"
            f'</code></td><td class="status {result.status}">'
            f"{escape(text(lang, result.status))}</td><td>{earned(result)}</td>"
            f"<td>{detail}</td></tr>")
    return [*rows, "</table>"]


def _screenshots(report: Report) -> list[str]:
    images = []
    for kind, path in report.screenshots().items():
        data = _data_url(Path(path))
        if data:
            images.append(f'<figure><img alt="{escape(kind)}" src="{data}">'
                          f"<figcaption>{escape(kind)}</figcaption></figure>")
    if not images:
        return []
    return [f"<h2>{escape(text(report.lang, 'screenshots'))}</h2>", *images]


def _data_url(path: Path) -> str | None:
    if not path.is_file() or path.stat().st_size > MAX_SCREENSHOT_BYTES:
        return None
    kind = "image/jpeg" if path.suffix.lower() in (".jpg", ".jpeg") else "image/png"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"<h2>{escape(title)}</h2>", "<ul>", *[f"<li>{item}</li>" for item in items],
            "</ul>"]


def write(report: Report, out_dir: Path) -> Path:
    path = out_dir / "report.html"
    path.write_text(render(report), encoding="utf-8")
    return path
