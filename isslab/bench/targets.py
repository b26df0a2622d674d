"""The issue's targets, checked against the measured figures."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

REFERENCE_LIMIT_S = 90.0
CLASS_SIZE = 20
CLASS_LIMIT_S = 8 * 60.0
OVERHEAD_LIMIT = 0.25


@dataclass
class Target:
    """One target: the measured value, the limit, and whether it holds."""

    name: str
    measured: float | None
    limit: float
    unit: str
    note: str = ""

    @property
    def holds(self) -> bool | None:
        return None if self.measured is None else self.measured <= self.limit

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["measured"] = None if self.measured is None else round(self.measured, 3)
        data["holds"] = self.holds
        return data


def reference_target(grade_s: float | None, floor_s: float | None) -> Target:
    note = ""
    if floor_s is not None and floor_s > REFERENCE_LIMIT_S:
        note = (f"blocked by the schedule: apply start → 2nd fire + destroy is already "
                f"{floor_s:.0f} s")
    return Target("reference graded end to end", grade_s, REFERENCE_LIMIT_S, "s", note)


def overhead_target(grade_s: float | None, floor_s: float | None) -> Target:
    measured = None if grade_s is None or not floor_s else grade_s / floor_s - 1
    return Target("harness overhead above the floor", measured, OVERHEAD_LIMIT, "ratio",
                  "floor = apply + first two scheduled fires + destroy")


def class_target(per_submission_s: float | None, jobs: int | None, measured_count: int,
                 full_grade_s: float | None) -> Target:
    """20 submissions: measured when the corpus had 20, else projected from the batch pace."""
    if per_submission_s is None:
        return Target(f"{CLASS_SIZE} submissions", None, CLASS_LIMIT_S, "s", "no batch run")
    projected = per_submission_s * CLASS_SIZE
    how = ("measured" if measured_count == CLASS_SIZE else
           f"projected from {measured_count} at {per_submission_s:.1f} s each")
    note = f"--jobs {jobs}, {how}"
    if full_grade_s is not None and measured_count != CLASS_SIZE:
        note += f"; a full submission alone takes {full_grade_s:.0f} s"
    return Target(f"{CLASS_SIZE} submissions", projected, CLASS_LIMIT_S, "s", note)
