"""Every report format, written from one graded report."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from isslab.grading import batch, markdown
from isslab.grading.advice import Advice
from isslab.grading.grade import write_reports
from isslab.grading.outcome import decide
from isslab.grading.report import Report, to_document, validate
from isslab.grading.rubric import load_rubric
from isslab.grading.runner import CheckRun

pytestmark = pytest.mark.unit


@pytest.fixture
def report(tmp_path: Path) -> Report:
    shot = tmp_path / "desktop.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    tests = [
        {"criterion": "r1.compose", "status": "passed", "message": "", "properties": {}},
        {"criterion": "r1.port", "status": "failed", "message": "expected 4566 <b>",
         "properties": {}},
        {"criterion": "r2.init", "status": "error", "message": "terraform init failed",
         "properties": {}},
        {"criterion": "final.design", "status": "passed", "message": "",
         "properties": {"screenshot_desktop": str(shot)}},
    ]
    rubric = load_rubric()
    return Report(submission="/s", backend="ministack", lang="es", rubric=rubric,
                  results=decide(rubric, CheckRun(tests=tests, finished=True)),
                  duration_s=3.5, graded_at="2026-12-03T19:46:29+00:00",
                  notes=["built lambdas/hello.zip"],
                  advice=[Advice("requests-in-lambda", "lambdas/x.py", {"es": "usa urllib",
                                                                        "en": "use urllib"})])


def test_json_report_validates_and_sums(report: Report) -> None:
    document = to_document(report)

    validate(document)
    assert (document["score"], document["max_score"]) == (11.6667, 15.8333)
    port = next(c for c in document["criteria"] if c["id"] == "r1.port")
    assert port == {"id": "r1.port", "reto": "r1", "status": "failed", "points": 0.0,
                    "max_points": 1.6667, "message": "expected 4566 <b>",
                    "title": "Publica el puerto 4566",
                    "advice": report.rubric.criterion("r1.port").advice["es"]}
    assert document["advice"] == [{"id": "requests-in-lambda", "file": "lambdas/x.py",
                                   "message": "usa urllib"}]


def test_every_format_is_written(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "out"

    paths = write_reports(report, out, ("json", "md", "junit", "gradescope", "html"))

    assert sorted(p.name for p in paths) == ["junit.xml", "report.html", "report.json",
                                             "report.md", "results.json"]
    suite = ET.parse(out / "junit.xml").getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("35", "1", "1")
    gradescope = json.loads((out / "results.json").read_text())
    assert gradescope["score"] == 11.6667
    assert len(gradescope["tests"]) == 35
    html = (out / "report.html").read_text()
    assert "expected 4566 &lt;b&gt;" in html
    assert "data:image/png;base64," in html
    report_md = (out / "report.md").read_text()
    assert "## Reto 1: Levantar LocalStack — 1.67 / 3.33" in report_md
    assert "  > *Lo que vio el corrector (en inglés):*\n  > terraform init failed\n" in report_md
    port = next(t for t in gradescope["tests"] if t["name"].startswith("r1.port"))
    assert port["output"].startswith("Lo que vio el corrector (en inglés):\nexpected 4566 <b>")


def test_english_report(report: Report) -> None:
    report.lang = "en"

    document = to_document(report)

    assert document["criteria"][0]["title"] == "A valid Compose file exists"
    assert "  > *What the grader saw:*\n  > expected 4566 <b>\n" in markdown.render(report)


@pytest.mark.parametrize(("names", "shard", "expected"), [
    (["a", "b", "c", "d", "e"], "1/2", ["a", "c", "e"]),
    (["a", "b", "c", "d", "e"], "2/2", ["b", "d"]),
    (["a", "b"], None, ["a", "b"]),
])
def test_shards_split_sorted_names(names: list[str], shard: str | None,
                                   expected: list[str]) -> None:
    k, n = batch.parse_shard(shard)

    assert [p.name for p in batch.take_shard([Path(x) for x in names], k, n)] == expected
