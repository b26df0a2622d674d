"""Merging shard summaries, and the class summary's charts, in-process."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from isslab.errors import UsageError
from isslab.grading import class_report
from isslab.grading.batch import Row, write_summary
from isslab.grading.charts import Rate, histogram, pass_rates, score_bins
from isslab.grading.merge import (
    Shard,
    merge_shards,
    read_shard,
    write_merged,
    write_shard_marker,
)

SVG = "{http://www.w3.org/2000/svg}"
CRITERIA = ["r1.compose", "r1.volume"]


def row(name: str, score: float, volume: str = "passed") -> Row:
    return Row(name, score, 10.0, 3.0, "", {"r1.compose": "passed", "r1.volume": volume})


def shard_folder(folder: Path, k: int, n: int, rows: list[Row]) -> Path:
    """A folder as `isslab batch --shard k/n` leaves it."""
    folder.mkdir(parents=True)
    write_summary(rows, folder, CRITERIA)
    write_shard_marker(folder, k, n, [r.name for r in rows])
    for r in rows:
        (folder / r.name).mkdir()
        (folder / r.name / "report.json").write_text("{}", encoding="utf-8")
    return folder


@pytest.mark.unit
def test_read_shard_gives_rows_marker_and_report_folders(tmp_path: Path) -> None:
    folder = shard_folder(tmp_path / "s1", 1, 2, [row("ana", 10.0), row("bea", 5.0, "failed")])

    shard = read_shard(folder)

    assert (shard.k, shard.n, shard.expected) == (1, 2, ["ana", "bea"])
    assert [(r.name, r.score, r.statuses["r1.volume"]) for r in shard.rows] == [
        ("ana", 10.0, "passed"), ("bea", 5.0, "failed")]
    assert shard.report_dirs["bea"] == folder / "bea"


@pytest.mark.unit
def test_read_shard_without_summary_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"^no summary\.json in .*: is it the --out folder"):
        read_shard(tmp_path)


@pytest.mark.unit
def test_complete_shards_merge_without_problems() -> None:
    merged = merge_shards([Shard(Path("b"), 2, 2, ["bea"], [row("bea", 5.0)]),
                           Shard(Path("a"), 1, 2, ["ana"], [row("ana", 10.0)])])

    assert [r.name for r in merged.rows] == ["ana", "bea"]
    assert merged.problems == []


@pytest.mark.unit
def test_missing_shard_and_missing_submission_are_named() -> None:
    merged = merge_shards([Shard(Path("a"), 1, 3, ["ana", "carla"], [row("ana", 10.0)]),
                           Shard(Path("c"), 3, 3, [], [])])

    assert merged.problems == [
        "missing: shard 2/3 (no folder given holds it)",
        "missing: carla was in shard 1/3 (a) but has no result"]


@pytest.mark.unit
def test_a_submission_in_two_shards_is_kept_once_from_the_first() -> None:
    merged = merge_shards([Shard(Path("b"), 2, 2, ["ana"], [row("ana", 1.0)]),
                           Shard(Path("a"), 1, 2, ["ana"], [row("ana", 10.0)])])

    assert [(r.name, r.score) for r in merged.rows] == [("ana", 10.0)]
    assert merged.problems == ["duplicate: ana is in shard 1/2 (a) and in shard 2/2 (b); "
                               "kept the first"]


@pytest.mark.unit
def test_shards_of_different_splits_are_refused_as_a_problem() -> None:
    merged = merge_shards([Shard(Path("a"), 1, 2, [], []), Shard(Path("b"), 2, 3, [], [])])

    assert merged.problems == ["the folders come from different splits (N = [2, 3])"]


@pytest.mark.unit
def test_write_merged_copies_reports_and_records_the_shards(tmp_path: Path) -> None:
    shards = [read_shard(shard_folder(tmp_path / "s1", 1, 2, [row("ana", 10.0)])),
              read_shard(shard_folder(tmp_path / "s2", 2, 2, [row("bea", 5.0, "failed")]))]
    out = tmp_path / "class"

    paths = write_merged(merge_shards(shards), out, CRITERIA)

    assert [p.name for p in paths] == ["summary.csv", "summary.json", "summary.md",
                                       "summary.html"]
    document = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (document["count"], document["mean_score"], document["problems"]) == (2, 7.5, [])
    assert [(m["shard"], m["submissions"]) for m in document["merged_from"]] == [(1, 1), (2, 1)]
    assert (out / "ana" / "report.json").is_file()
    assert (out / "bea" / "report.json").is_file()


@pytest.mark.unit
def test_score_bins_put_full_and_zero_scores_in_the_end_bins() -> None:
    bins = score_bins([0.0, 4.9, 5.0, 10.0, 10.0], 10.0, count=2)

    assert [(b.low, b.high, b.count) for b in bins] == [(0.0, 5.0, 2), (5.0, 10.0, 3)]


@pytest.mark.unit
def test_histogram_is_labelled_svg_with_every_count_as_text() -> None:
    svg = ET.fromstring(histogram(score_bins([1.0, 9.0, 9.5], 10.0, count=2), "h"))

    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "h-title h-desc"
    assert svg.find(f"{SVG}title").text == "Score distribution"
    assert svg.find(f"{SVG}desc").text == ("Number of submissions per score range. "
                                           "0–5: 1; 5–10: 2.")
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["1", "0–5", "2", "5–10", "score"]
    heights = [float(r.get("height")) for r in svg.iter(f"{SVG}rect")]
    assert heights == [pytest.approx(98.0), pytest.approx(196.0)]


@pytest.mark.unit
def test_pass_rate_chart_states_each_rate_in_words_and_text() -> None:
    svg = ET.fromstring(pass_rates([Rate("r1.compose", 3, 4), Rate("r1.running", 0, 0)], "c"))

    assert svg.find(f"{SVG}desc").text == (
        "Submissions that passed each criterion, of those graded on it. "
        "r1.compose: 3 of 4; r1.running: 0 of 0.")
    assert [t.text for t in svg.iter(f"{SVG}text")] == [
        "r1.compose", "75% (3/4)", "r1.running", "—"]


@pytest.mark.unit
def test_pass_rates_count_only_decided_criteria() -> None:
    rows = [Row("a", statuses={"r1.volume": "passed", "r1.running": "skipped"}),
            Row("b", statuses={"r1.volume": "error", "r1.running": "skipped"}),
            Row("c", statuses={"r1.volume": "failed"})]

    rates = class_report.criterion_rates(rows, ["r1.volume", "r1.running"])

    assert rates == [Rate("r1.volume", 1, 3), Rate("r1.running", 0, 0)]


@pytest.mark.unit
def test_class_page_links_reports_and_lists_problems() -> None:
    page = class_report.render([row("ana", 10.0)], CRITERIA, ["missing: shard 2/2"])

    assert page.count("<svg") == 2
    assert '<a href="ana/report.html">ana</a>' in page
    assert "<li>missing: shard 2/2</li>" in page
    assert "<script" not in page
