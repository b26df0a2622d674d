"""The rubric data and how check records become statuses and points."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from isslab.errors import IsslabError
from isslab.grading.outcome import decide, total
from isslab.grading.rubric import load_rubric
from isslab.grading.runner import CheckRun

pytestmark = pytest.mark.unit

CRITERION_IDS = [
    "r1.compose", "r1.image", "r1.port", "r1.services", "r1.volume", "r1.running", "r2.init",
    "r2.plan", "r2.apply", "r2.bucket", "r3.deployed", "r3.status200", "r3.body",
    "r4.deployed", "r4.position", "r4.stdlib", "r4.network_errors", "r5.object", "r5.key",
    "r5.content", "r6.rule", "r6.target", "r6.permission", "r6.scheduled", "r7.table",
    "r7.item", "r7.consistency", "final.map", "final.icon", "final.refresh", "final.trail",
    "final.live_data", "final.pass_predictor", "final.design", "safety.terraform"
]


def record(criterion: str, status: str, message: str = "") -> dict:
    return {"nodeid": f"t::{criterion}", "criterion": criterion, "status": status,
            "message": message, "properties": {}}


def by_id(results: list) -> dict:
    return {r.id: r for r in results}


def test_shipped_rubric_has_the_contract_ids_and_points() -> None:
    rubric = load_rubric()

    assert [c.id for c in rubric.criteria] == CRITERION_IDS
    per_reto = {}
    for criterion in rubric.criteria:
        per_reto[criterion.reto] = per_reto.get(criterion.reto, 0) + criterion.points
    assert per_reto == {"r1": 10, "r2": 10, "r3": 10, "r4": 10, "r5": 10, "r6": 10, "r7": 10,
                        "final": 100, "safety": 0}
    assert rubric.criterion("r1.compose").points == Fraction(10, 6)
    assert rubric.criterion("final.refresh").points == 20


def test_invalid_rubric_names_the_place(tmp_path: Path) -> None:
    path = tmp_path / "rubric.yaml"
    path.write_text("version: 1\nretos: [{id: r1, title: {es: a, en: b}}]\n"
                    "criteria: [{id: r1.x, reto: r1, points: -1, title: {es: a, en: b},"
                    " advice: {es: a, en: b}}]\n", encoding="utf-8")

    with pytest.raises(IsslabError, match=r"is invalid at criteria/0/points"):
        load_rubric(path)


def test_all_passed_totals_are_exact() -> None:
    rubric = load_rubric()
    run = CheckRun(tests=[record(i, "passed") for i in CRITERION_IDS], finished=True)

    score, max_score = total(decide(rubric, run))

    assert (score, max_score) == (Fraction(170), Fraction(170))


def test_skipped_running_is_excluded_from_max_score() -> None:
    rubric = load_rubric()
    tests = [record(i, "passed") for i in CRITERION_IDS if i != "r1.running"]
    run = CheckRun(tests=[*tests, record("r1.running", "skipped", "needs a Docker engine")],
                   finished=True)

    results = decide(rubric, run)

    assert total(results) == (Fraction(170) - Fraction(10, 6), Fraction(170) - Fraction(10, 6))
    assert by_id(results)["r1.running"].message == "needs a Docker engine"


def test_missing_checks_are_not_graded() -> None:
    results = decide(load_rubric(), CheckRun(tests=[record("r1.compose", "passed")],
                                             finished=True))

    assert by_id(results)["final.map"].status == "not_graded"
    assert total(results) == (Fraction(10, 6), Fraction(10, 6))


def test_failed_wins_over_passed_for_one_criterion() -> None:
    run = CheckRun(tests=[record("r3.body", "passed"), record("r3.body", "failed", "empty body")],
                   finished=True)

    result = by_id(decide(load_rubric(), run))["r3.body"]

    assert (result.status, result.message, result.points) == ("failed", "empty body", 0)


def test_unfinished_checks_are_errors_naming_the_time_limit() -> None:
    run = CheckRun(tests=[record("r6.scheduled", "not_run")], timed_out=True)

    result = by_id(decide(load_rubric(), run, timeout_s=120))["r6.scheduled"]

    assert (result.status, result.message) == (
        "error", "time limit of 120 s reached before this check finished")


def test_failed_safety_gate_turns_terraform_criteria_into_errors() -> None:
    run = CheckRun(tests=[record("safety.terraform", "failed", "provisioner"),
                          record("r2.init", "passed"), record("r1.port", "passed")],
                   finished=True)

    results = by_id(decide(load_rubric(), run))

    assert (results["r2.init"].status, results["r2.init"].message) == (
        "error", "Terraform was not run: safety.terraform failed")
    assert results["r2.init"].points == 0
    assert results["r1.port"].status == "passed"


def test_only_selects_retos() -> None:
    run = CheckRun(tests=[record("r1.port", "passed")], finished=True)

    results = by_id(decide(load_rubric(), run, only=["r1"]))

    assert (results["r2.init"].status, results["r2.init"].message) == (
        "not_graded", "not selected (--only)")
