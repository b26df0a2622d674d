"""From the checks' records to one status and score per rubric criterion."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from isslab.grading.rubric import Criterion, Rubric
from isslab.grading.runner import CheckRun

STATUSES = ("passed", "failed", "error", "skipped", "not_graded")
# When several checks decide one criterion, the most telling outcome wins.
PRECEDENCE = ("failed", "error", "passed", "skipped")
SAFETY_GATE = "safety.terraform"
TERRAFORM_RETOS = ("r2", "r3", "r4", "r5", "r6", "r7")


@dataclass
class CriterionResult:
    """The graded state of one criterion."""

    criterion: Criterion
    status: str
    message: str = ""
    points: Fraction = Fraction(0)
    max_points: Fraction = Fraction(0)
    properties: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.criterion.id

    @property
    def reto(self) -> str:
        return self.criterion.reto


def decide(rubric: Rubric, run: CheckRun, *, timeout_s: float | None = None,
           only: list[str] | None = None) -> list[CriterionResult]:
    """One result per rubric criterion, in rubric order, with points applied."""
    by_criterion: dict[str, list[dict[str, Any]]] = {}
    for record in run.tests:
        by_criterion.setdefault(record["criterion"], []).append(record)
    results = []
    for criterion in rubric.criteria:
        if only and criterion.reto not in only:
            result = CriterionResult(criterion, "not_graded", "not selected (--only)")
        elif criterion.id not in by_criterion:
            result = CriterionResult(criterion, "not_graded",
                                     "no automatic check for this criterion in this isslab")
        elif all(r.get("status") == "deselected" for r in by_criterion[criterion.id]):
            result = CriterionResult(criterion, "not_graded", "not selected for this run")
        else:
            selected = [r for r in by_criterion[criterion.id] if r.get("status") != "deselected"]
            status, message = _combine(selected, run, timeout_s)
            result = CriterionResult(criterion, status, message,
                                     properties=_merged_properties(selected))
        results.append(result)
    _apply_safety_gate(results)
    for result in results:
        result.points, result.max_points = points_for(result.criterion, result.status)
    return results


def _combine(records: list[dict[str, Any]], run: CheckRun,
             timeout_s: float | None) -> tuple[str, str]:
    outcomes = [_outcome(record, run, timeout_s) for record in records]
    for status in PRECEDENCE:
        messages = [message for s, message in outcomes if s == status and message]
        if any(s == status for s, _ in outcomes):
            return status, "\n".join(dict.fromkeys(messages))
    return "error", "no outcome recorded"


def _outcome(record: dict[str, Any], run: CheckRun, timeout_s: float | None) -> tuple[str, str]:
    status = record.get("status", "not_run")
    if status in PRECEDENCE:
        return status, record.get("message", "")
    if run.timed_out:
        limit = f" of {timeout_s:g} s" if timeout_s else ""
        return "error", f"time limit{limit} reached before this check finished"
    return "error", "the check did not run: the checks stopped early (see pytest.log)"


def _merged_properties(records: list[dict[str, Any]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for record in records:
        merged.update(record.get("properties", {}))
    return merged


def _apply_safety_gate(results: list[CriterionResult]) -> None:
    """No Terraform criterion counts when the configuration was unsafe to run."""
    gate = next((r for r in results if r.id == SAFETY_GATE), None)
    if gate is None or gate.status != "failed":
        return
    for result in results:
        if result.reto in TERRAFORM_RETOS and result.status != "not_graded":
            result.status = "error"
            result.message = f"Terraform was not run: {SAFETY_GATE} failed"


def points_for(criterion: Criterion, status: str) -> tuple[Fraction, Fraction]:
    """(points earned, points possible) for a criterion with this status."""
    full = criterion.points
    if status == "passed":
        return full, full
    if status in ("failed", "error"):
        return Fraction(0), full
    if status == "skipped":
        rule = criterion.skipped_points
        return {"awarded": (full, full), "zero": (Fraction(0), full)}.get(
            rule, (Fraction(0), Fraction(0)))
    return Fraction(0), Fraction(0)


def total(results: list[CriterionResult]) -> tuple[Fraction, Fraction]:
    """(score, max_score) summed exactly."""
    return (sum((r.points for r in results), Fraction(0)),
            sum((r.max_points for r in results), Fraction(0)))
