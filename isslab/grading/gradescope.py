"""results.json in Gradescope's autograder format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from isslab.grading.report import Report, number
from isslab.grading.texts import text


def render(report: Report) -> dict[str, Any]:
    lang = report.lang
    tests = []
    for result in report.results:
        output = (f"{text(lang, 'evidence')}:\n{result.message}" if result.message
                  else text(lang, result.status))
        if result.status in ("failed", "error"):
            output = f"{output}\n\n{text(lang, 'what_to_do')}: {result.criterion.advice[lang]}"
        entry = {"name": f"{result.id}: {result.criterion.title[lang]}",
                 "score": number(result.points), "max_score": number(result.max_points),
                 "output": output}
        if result.status in ("passed", "failed", "error"):
            entry["status"] = "passed" if result.status == "passed" else "failed"
        tests.append(entry)
    return {
        "score": number(report.score),
        "execution_time": round(report.duration_s),
        "output": "\n".join([*report.notes, *[a.text[lang] for a in report.advice]]),
        "tests": tests,
    }


def write(report: Report, out_dir: Path) -> Path:
    path = out_dir / "results.json"
    path.write_text(json.dumps(render(report), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path
