"""The graded report: one object every output format is written from, and its JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import jsonschema

from isslab.grading.advice import Advice
from isslab.grading.outcome import CriterionResult, total
from isslab.grading.rubric import Rubric

SCHEMA_VERSION = "1.0"
SCHEMA = Path(__file__).resolve().parent / "report.schema.json"
SCREENSHOT_PROPERTIES = {"screenshot_desktop": "desktop", "screenshot_phone": "phone"}


@dataclass
class Report:
    """Everything known about one graded submission."""

    submission: str
    backend: str
    lang: str
    rubric: Rubric
    results: list[CriterionResult]
    duration_s: float = 0.0
    graded_at: str = ""
    timed_out: bool = False
    notes: list[str] = field(default_factory=list)
    advice: list[Advice] = field(default_factory=list)

    @property
    def score(self) -> Fraction:
        return total(self.results)[0]

    @property
    def max_score(self) -> Fraction:
        return total(self.results)[1]

    def reto_results(self, reto_id: str) -> list[CriterionResult]:
        return [result for result in self.results if result.reto == reto_id]

    def screenshots(self) -> dict[str, str]:
        """Screenshot kind ("desktop", "phone") → file path, as the dashboard checks recorded."""
        found = {}
        for result in self.results:
            for name, kind in SCREENSHOT_PROPERTIES.items():
                if name in result.properties:
                    found[kind] = result.properties[name]
        return found


def number(value: Fraction) -> float:
    """A score as JSON carries it: exact sums, rounded only here."""
    return round(float(value), 4)


def to_document(report: Report) -> dict[str, Any]:
    """The report.json document."""
    lang = report.lang
    retos = []
    for reto in report.rubric.retos:
        score, max_score = total(report.reto_results(reto.id))
        retos.append({"id": reto.id, "title": reto.title[lang],
                      "score": number(score), "max_score": number(max_score)})
    return {
        "schema_version": SCHEMA_VERSION,
        "submission": report.submission,
        "backend": report.backend,
        "lang": lang,
        "graded_at": report.graded_at,
        "duration_s": round(report.duration_s, 3),
        "timed_out": report.timed_out,
        "score": number(report.score),
        "max_score": number(report.max_score),
        "retos": retos,
        "criteria": [_criterion(result, lang) for result in report.results],
        "notes": list(report.notes),
        "advice": [{"id": a.id, "file": a.file, "message": a.text[lang]} for a in report.advice],
        "screenshots": report.screenshots(),
    }


def _criterion(result: CriterionResult, lang: str) -> dict[str, Any]:
    return {
        "id": result.id,
        "reto": result.reto,
        "status": result.status,
        "points": number(result.points),
        "max_points": number(result.max_points),
        "message": result.message,
        "title": result.criterion.title[lang],
        "advice": result.criterion.advice[lang] if result.status in ("failed", "error") else "",
    }


def validate(document: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError unless the document matches report.schema.json."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def write_json(report: Report, out_dir: Path) -> Path:
    document = to_document(report)
    validate(document)
    path = out_dir / "report.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
