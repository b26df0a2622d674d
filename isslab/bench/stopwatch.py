"""Named wall-clock measurements, each taken once with time.perf_counter."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

OK, FAILED, SKIPPED = "ok", "failed", "skipped"


@dataclass
class Stage:
    """One measured stage: its duration in seconds (None when it did not run) and outcome."""

    name: str
    seconds: float | None = None
    status: str = OK
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = None if self.seconds is None else round(self.seconds, 3)
        return data


@dataclass
class Stopwatch:
    """Collects stages in the order they ran."""

    stages: list[Stage] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str, note: str = "") -> Iterator[Stage]:
        """Time the block; a failure is recorded on the stage, then raised again."""
        stage = Stage(name, note=note)
        started = time.perf_counter()
        try:
            yield stage
        except BaseException as error:
            stage.status = FAILED
            stage.note = first_line(error)
            raise
        finally:
            stage.seconds = time.perf_counter() - started
            self.stages.append(stage)

    def record(self, name: str, seconds: float | None, note: str = "",
               status: str = OK) -> Stage:
        """Add a stage measured some other way (e.g. between two events)."""
        stage = Stage(name, seconds, status, note)
        self.stages.append(stage)
        return stage

    def skip(self, name: str, reason: str) -> Stage:
        return self.record(name, None, reason, SKIPPED)

    def seconds(self, name: str) -> float | None:
        """The duration of a stage that ran fine, else None."""
        for stage in self.stages:
            if stage.name == name and stage.status == OK:
                return stage.seconds
        return None


def first_line(error: BaseException) -> str:
    """`Type: first line of the message`, for a one-line note."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__
