"""`isslab bench` options, and its table and JSON from a result measured elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from isslab.bench.corpus import DEFAULT_CLASS_SIZE
from isslab.bench.output import print_tables, write_json
from isslab.bench.run import BenchOptions, BenchResult
from isslab.bench.stages import BackendRun
from isslab.bench.throughput import BatchRun, GradeRun
from isslab.cli import build_parser
from isslab.commands.bench import options_from
from isslab.errors import UsageError


def parsed(*argv: str):
    return build_parser().parse_args(["bench", *argv])


def measured() -> BenchResult:
    run = BackendRun("ministack")
    run.watch.record("terraform apply", 16.0)
    run.watch.record("apply start → 2nd scheduled capture", 131.0)
    run.watch.record("terraform destroy", 9.0)
    result = BenchResult(BenchOptions(Path("/ref")), {"cpus": 2},
                         backends=[run, BackendRun("floci", unavailable="unavailable: no Docker "
                                                                         "daemon")])
    result.grades.append(GradeRun("ministack", 168.0, 30.0, 168.333, 168.333, {"passed": 34}))
    result.batches.append(BatchRun(4, 20, 400.0, 500.0, 170.0, 0))
    return result


@pytest.mark.unit
def test_defaults_measure_the_reference_on_every_backend(tmp_path: Path) -> None:
    options = options_from(parsed())

    assert (options.jobs, options.quick, options.end_to_end, options.stages) == (
        [1, 2, 4], False, True, True)
    assert options.backends == ["ministack", "localstack", "floci"]
    assert (options.submission / "infra").is_dir()
    assert (options.corpus, options.class_size) == (None, DEFAULT_CLASS_SIZE)


@pytest.mark.unit
def test_a_corpus_replaces_the_class_of_copies(tmp_path: Path) -> None:
    options = options_from(parsed("--corpus", str(tmp_path), "--class-size", "3"))

    assert (options.corpus, options.class_size) == (tmp_path, 0)


@pytest.mark.unit
@pytest.mark.parametrize(("argv", "message"), [
    (["--jobs", "1,x"], "--jobs must list whole numbers, e.g. 1,2,4, not '1,x'"),
    (["--jobs", "0"], "--jobs values must be 1 or more"),
    (["--backends", "moto"], "unknown --backends moto; choose from ministack,localstack,floci"),
    (["--class-size", "0"], "--class-size must be 1 or more"),
])
def test_impossible_options_are_usage_errors(argv: list[str], message: str) -> None:
    with pytest.raises(UsageError) as raised:
        options_from(parsed(*argv))

    assert str(raised.value) == message


@pytest.mark.unit
def test_json_holds_stages_floor_targets_and_method(tmp_path: Path) -> None:
    document = json.loads(write_json(measured(), tmp_path / "bench.json").read_text())

    assert document["method"] == "time.perf_counter; each stage measured once per run"
    assert document["backends"][0]["floor_s"] == 140.0
    assert document["backends"][1]["unavailable"] == "unavailable: no Docker daemon"
    assert [(t["name"], t["measured"], t["holds"]) for t in document["targets"]] == [
        ("reference graded end to end", 168.0, False),
        ("harness overhead above the floor", 0.2, True),
        ("20 submissions", 400.0, True)]
    assert document["batches"][0]["per_submission_s"] == 20.0


@pytest.mark.unit
def test_tables_show_backends_side_by_side() -> None:
    console = Console(width=200, record=True)

    print_tables(measured(), console)

    text = console.export_text()
    assert "unavailable: no Docker daemon" in text
    assert "floor: apply → 2nd fire + destroy" in text
    assert "140.0 s" in text
    assert "+20%" in text
