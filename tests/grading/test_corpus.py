"""Grade every corpus submission and check the status of every criterion, case by case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_cases import Case, case_names, load_case

from isslab.grading import docker_stack
from isslab.grading.batch import grade_one
from isslab.grading.grade import GradeOptions
from isslab.grading.report import validate
from isslab.grading.rubric import load_rubric

TERRAFORM_RETOS = ("r2", "r3", "r4", "r5", "r6", "r7")
E2E_CRITERIA = ("r6.scheduled", "r7.consistency")
# How each kind of case is graded, so that a case costs no more than what it breaks needs.
RUNS = {
    "static": GradeOptions(only=["r1", "safety"], timeout_s=300),
    "gate": GradeOptions(markers="not dashboard", timeout_s=300),
    "deployed": GradeOptions(markers="not dashboard and not e2e", timeout_s=900),
    "full": GradeOptions(timeout_s=1500),
}


def expected_statuses(case: Case, docker: bool) -> dict[str, str]:
    """Every criterion's status: what a right submission gets in this run, then the case's."""
    statuses = {}
    for criterion in load_rubric().criteria:
        reto = criterion.reto
        if not _graded_in(case.run, criterion.id):
            statuses[criterion.id] = "not_graded"
        elif criterion.id == "r1.running":
            statuses[criterion.id] = "passed" if docker else "skipped"
        elif case.run == "gate" and reto in TERRAFORM_RETOS:
            statuses[criterion.id] = "error"
        else:
            statuses[criterion.id] = "passed"
    statuses.update(case.expected)
    return statuses


def _graded_in(run: str, criterion_id: str) -> bool:
    reto = criterion_id.split(".")[0]
    if run == "static":
        return reto in ("r1", "safety")
    if run in ("gate", "deployed") and reto == "final":
        return False
    return not (run == "deployed" and criterion_id in E2E_CRITERIA)


@pytest.fixture(scope="session")
def has_docker() -> bool:
    return docker_stack.engine_version()[0] is not None


def grade_case(name: str, corpus_root: Path, out: Path) -> dict:
    case = load_case(name)
    row = grade_one(corpus_root / name, out, RUNS[case.run])
    assert row.problem == "", f"{name}: grading did not complete: {row.problem}"
    document = json.loads((out / name / "report.json").read_text(encoding="utf-8"))
    validate(document)
    return document


def assert_case(name: str, document: dict, docker: bool) -> None:
    case = load_case(name)
    seen = {c["id"]: c["status"] for c in document["criteria"]}
    messages = {c["id"]: c["message"] for c in document["criteria"] if c["message"]}
    expected = expected_statuses(case, docker)
    wrong = {k: (expected[k], seen.get(k)) for k in expected if seen.get(k) != expected[k]}
    assert not wrong, (f"{name} ({case.breaks}): criterion: (expected, seen): {wrong}; "
                       f"messages: { {k: messages.get(k) for k in wrong} }")
    advice_ids = {a["id"] for a in document["advice"]}
    assert set(case.advice) <= advice_ids, f"{name}: advice {sorted(advice_ids)}"
    for note in case.notes:
        assert note in document["notes"], f"{name}: notes {document['notes']}"


@pytest.mark.unit
@pytest.mark.parametrize("name", case_names("static"))
def test_static_case(name: str, corpus_root: Path, tmp_path: Path, has_docker: bool) -> None:
    assert_case(name, grade_case(name, corpus_root, tmp_path), has_docker)


@pytest.mark.integration
@pytest.mark.parametrize("name", case_names("gate"))
def test_unsafe_terraform_case_never_runs(name: str, corpus_root: Path, tmp_path: Path,
                                          has_docker: bool) -> None:
    marker = Path(f"/tmp/isslab-pwned-{name}")
    marker.unlink(missing_ok=True)

    document = grade_case(name, corpus_root, tmp_path)

    assert_case(name, document, has_docker)
    assert not marker.exists(), f"{name}: the submission's command ran on the grader"


@pytest.mark.integration
@pytest.mark.parametrize("name", case_names("deployed"))
def test_deployed_case(name: str, corpus_root: Path, tmp_path: Path, has_docker: bool) -> None:
    assert_case(name, grade_case(name, corpus_root, tmp_path), has_docker)


@pytest.mark.e2e
@pytest.mark.parametrize("name", case_names("full"))
def test_course_style_submission_scores_full_marks(
        name: str, corpus_root: Path, tmp_path: Path, has_docker: bool) -> None:
    document = grade_case(name, corpus_root, tmp_path)

    assert_case(name, document, has_docker)
    assert document["score"] == document["max_score"]
