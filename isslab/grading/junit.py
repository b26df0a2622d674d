"""junit.xml: one testcase per criterion, for CI dashboards."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from isslab.grading.report import Report
from isslab.grading.texts import points


def render(report: Report) -> bytes:
    lang = report.lang
    counts = {s: sum(r.status == s for r in report.results)
              for s in ("failed", "error", "skipped", "not_graded")}
    suite = ET.Element("testsuite", {
        "name": "isslab", "tests": str(len(report.results)), "failures": str(counts["failed"]),
        "errors": str(counts["error"]), "skipped": str(counts["skipped"] + counts["not_graded"]),
        "time": f"{report.duration_s:.3f}"})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("submission", report.submission), ("backend", report.backend),
                        ("score", points(report.score)), ("max_score", points(report.max_score))):
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for result in report.results:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"isslab.{result.reto}", "name": result.id,
            "time": "0"})
        ET.SubElement(case, "system-out").text = result.criterion.title[lang]
        message = result.message or result.status
        if result.status == "failed":
            ET.SubElement(case, "failure", {"message": message}).text = (
                f"{message}\n\n{result.criterion.advice[lang]}")
        elif result.status == "error":
            ET.SubElement(case, "error", {"message": message}).text = (
                f"{message}\n\n{result.criterion.advice[lang]}")
        elif result.status in ("skipped", "not_graded"):
            ET.SubElement(case, "skipped", {"message": message})
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def write(report: Report, out_dir: Path) -> Path:
    path = out_dir / "junit.xml"
    path.write_bytes(render(report))
    return path
