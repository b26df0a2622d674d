"""The bench's parts that need no emulator: stopwatch, schedule polling, targets, corpus."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from isslab.bench import schedule
from isslab.bench.corpus import class_of_copies, clean_copy
from isslab.bench.machine import backends_on_machine
from isslab.bench.stages import BackendRun
from isslab.bench.stopwatch import FAILED, OK, SKIPPED, Stopwatch
from isslab.bench.targets import class_target, overhead_target, reference_target


class FakeClock:
    """A perf_counter that only moves when slept on."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


@pytest.mark.unit
def test_stopwatch_records_each_stage_once_in_order() -> None:
    watch = Stopwatch()

    with watch.stage("init"):
        pass
    watch.record("fire", 61.5)
    watch.skip("browser", "no Chromium")

    assert [(s.name, s.status) for s in watch.stages] == [
        ("init", OK), ("fire", OK), ("browser", SKIPPED)]
    assert watch.stages[0].seconds >= 0
    assert watch.seconds("fire") == 61.5
    assert watch.seconds("browser") is None


@pytest.mark.unit
def test_stopwatch_keeps_a_failed_stage_and_raises_again() -> None:
    watch = Stopwatch()

    with pytest.raises(RuntimeError), watch.stage("apply"):
        raise RuntimeError("BucketAlreadyExists\nmore lines")

    assert (watch.stages[0].status, watch.stages[0].note) == (
        FAILED, "RuntimeError: BucketAlreadyExists")
    assert watch.seconds("apply") is None


@pytest.mark.unit
def test_wait_for_captures_times_each_new_key() -> None:
    clock = FakeClock()
    answers = itertools.chain([{"old"}, {"old"}, {"old", "a"}, {"old", "a"}, {"old", "a", "b"}],
                              itertools.repeat({"old", "a", "b"}))

    fires = schedule.wait_for_captures(lambda: next(answers), wanted=2, poll_s=1.0,
                                       clock=clock, sleep=clock.sleep)

    assert fires.times == [102.0, 104.0]
    assert fires.waited == 4.0


@pytest.mark.unit
def test_wait_for_captures_gives_up_at_the_limit() -> None:
    clock = FakeClock()

    fires = schedule.wait_for_captures(lambda: {"old"}, wanted=2, limit_s=10.0, poll_s=1.0,
                                       clock=clock, sleep=clock.sleep)

    assert (fires.times, fires.waited) == ([], 10.0)


@pytest.mark.unit
def test_floor_is_apply_to_second_fire_plus_destroy() -> None:
    run = BackendRun("ministack")
    run.watch.record("apply start → 2nd scheduled capture", 131.0)
    run.watch.record("terraform destroy", 9.0)

    assert run.floor_s == 140.0
    assert run.to_dict()["floor_s"] == 140.0


@pytest.mark.unit
def test_floor_is_unknown_without_a_second_fire() -> None:
    run = BackendRun("ministack")
    run.watch.record("terraform destroy", 9.0)

    assert run.floor_s is None


@pytest.mark.unit
def test_reference_target_names_the_schedule_when_the_floor_exceeds_it() -> None:
    target = reference_target(150.0, 140.0)

    assert (target.holds, target.limit) == (False, 90.0)
    assert target.note == ("blocked by the schedule: apply start → 2nd fire + destroy is "
                           "already 140 s")


@pytest.mark.unit
def test_overhead_is_the_share_above_the_floor() -> None:
    target = overhead_target(150.0, 120.0)

    assert (target.measured, target.holds) == (0.25, True)
    assert overhead_target(None, 120.0).holds is None


@pytest.mark.unit
def test_class_target_projects_twenty_from_a_smaller_batch() -> None:
    target = class_target(20.0, 4, 5, 150.0)

    assert (target.measured, target.holds) == (400.0, True)
    assert target.note == ("--jobs 4, projected from 5 at 20.0 s each; a full submission "
                           "alone takes 150 s")


@pytest.mark.unit
def test_docker_backends_are_unavailable_without_a_daemon(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setattr("isslab.bench.machine.docker_daemon_status",
                        lambda: (False, "no socket"))

    assert backends_on_machine() == [("ministack", ""),
                                     ("localstack", "unavailable: no Docker daemon"),
                                     ("floci", "unavailable: no Docker daemon")]


@pytest.mark.unit
def test_clean_copy_of_a_checkout_takes_the_lab_parts_only(tmp_path: Path) -> None:
    checkout = tmp_path / "repo"
    for name in ("isslab/cli.py", "infra/main.tf", "infra/.terraform/x", "infra/s.tfstate",
                 "lambdas/hello.py", "dashboard/index.html", "docker-compose.yml", "README.md"):
        (checkout / name).parent.mkdir(parents=True, exist_ok=True)
        (checkout / name).write_text("x", encoding="utf-8")

    copy = clean_copy(checkout, tmp_path / "copy")

    assert sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file()) == [
        "dashboard/index.html", "docker-compose.yml", "infra/main.tf", "lambdas/hello.py"]


@pytest.mark.unit
def test_class_of_copies_names_students_in_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "main.tf").write_text("x", encoding="utf-8")

    folder = class_of_copies(tmp_path / "sub", tmp_path / "class", 3)

    assert sorted(p.name for p in folder.iterdir()) == ["student-01", "student-02",
                                                        "student-03"]
