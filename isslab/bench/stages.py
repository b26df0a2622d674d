"""One submission's stages on one backend, each timed once, in the order grading meets them."""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3

from isslab import captures
from isslab import stack as stack_module
from isslab.backends import FAKE_CREDENTIALS, REGION, Backend, create_backend
from isslab.bench.schedule import (
    SCHEDULE_LIMIT_S,
    RuleWatcher,
    bucket_lister,
    wait_for_captures,
)
from isslab.bench.stopwatch import FAILED, Stopwatch, first_line
from isslab.errors import IsslabError
from isslab.fakeiss import PUBLIC_HOSTNAMES, FakeISS
from isslab.lab import Lab
from isslab.terraform import Terraform

logger = logging.getLogger(__name__)

FIRES_WANTED = 2


@dataclass
class BackendRun:
    """The stages measured on one backend, or why it could not be measured."""

    backend: str
    watch: Stopwatch = field(default_factory=Stopwatch)
    unavailable: str = ""
    problem: str = ""

    @property
    def floor_s(self) -> float | None:
        """Apply start to the 2nd scheduled capture, plus destroy: what no harness can beat."""
        to_second = self.watch.seconds("apply start → 2nd scheduled capture")
        destroy = self.watch.seconds("terraform destroy")
        return None if to_second is None or destroy is None else to_second + destroy

    def to_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "unavailable": self.unavailable,
                "problem": self.problem, "floor_s": _rounded(self.floor_s),
                "stages": [stage.to_dict() for stage in self.watch.stages]}


def measure_backend(lab: Lab, name: str, work: Path) -> BackendRun:
    """Start `name`, deploy the lab, invoke, wait for two fires, destroy, stop: all timed."""
    run = BackendRun(name)
    with contextlib.ExitStack() as cleanup:
        try:
            fake = cleanup.enter_context(FakeISS(tls_hostnames=list(PUBLIC_HOSTNAMES)))
            backend = create_backend(name, fake_iss=fake)
            cleanup.callback(backend.stop)  # registered first: stops even a half-started one
            _measure(lab, backend, run.watch, work)
        except Exception as error:  # a broken stage ends this backend's run, not the bench
            logger.warning("bench on %s stopped: %s", name, error)
            run.problem = first_line(error)
    return run


def _measure(lab: Lab, backend: Backend, watch: Stopwatch, work: Path) -> None:
    if lab.tf_dir is None:
        raise IsslabError("the submission has no Terraform folder")
    with watch.stage("backend start"):
        backend.start()
    terraform = Terraform(lab.tf_dir, endpoint_url=backend.endpoint_url,
                          log_dir=work / f"terraform-{backend.name}")
    with watch.stage("terraform init"):
        terraform.aim_at_endpoint()
        terraform.init()
    with watch.stage("terraform plan"):
        terraform.plan()
    clients = Clients(backend.endpoint_url)
    apply_started = time.perf_counter()
    with RuleWatcher(clients("events")) as rule, watch.stage("terraform apply"):
        terraform.apply()
    deployed = stack_module.discover(terraform.state())
    _invocations(deployed, clients("lambda"), watch)
    if deployed.rule is None or not backend.fires_schedules:
        watch.skip("scheduled captures", "no scheduled rule deployed, or the backend fires none")
    else:
        fires = wait_for_captures(bucket_lister(clients("s3"), deployed.bucket), FIRES_WANTED)
        _record_fires(watch, fires.times, rule.created_at, apply_started)
    with watch.stage("terraform destroy"):
        terraform.destroy()
    if backend.supports_reset:
        with watch.stage("backend reset", note="after destroy"):
            backend.reset()
    with watch.stage("backend stop"):
        backend.stop()


class Clients:
    """boto3 clients for one endpoint with the fake credentials, made on first use."""

    def __init__(self, endpoint_url: str) -> None:
        self._session = boto3.Session(region_name=REGION, **FAKE_CREDENTIALS)
        self._endpoint_url = endpoint_url
        self._made: dict[str, Any] = {}

    def __call__(self, service: str) -> Any:
        if service not in self._made:
            self._made[service] = self._session.client(service, endpoint_url=self._endpoint_url)
        return self._made[service]


def _invocations(deployed: stack_module.Stack, lambda_client: Any, watch: Stopwatch) -> None:
    """Each function invoked twice: the first start is cold, the second finds a warm worker."""
    for role, function in (("hello", deployed.hello), ("capture", deployed.capture)):
        if function is None:
            watch.skip(f"invoke {role}", "no such function deployed")
            continue
        for kind in ("cold", "warm"):
            with watch.stage(f"invoke {role} ({kind})") as stage:
                result = captures.invoke(lambda_client, function.name)
            if result.function_error:
                stage.note = f"function error: {result.function_error}"


def _record_fires(watch: Stopwatch, times: list[float], rule_created: float | None,
                  apply_started: float) -> None:
    """The 1st and 2nd capture's delay after the rule's creation, and the floor's span."""
    origin = rule_created if rule_created is not None else apply_started
    note = "" if rule_created is not None else "rule never seen: measured from apply start"
    for number, label in enumerate(("1st", "2nd")):
        name = f"rule created → {label} scheduled capture"
        if number < len(times):
            watch.record(name, times[number] - origin, note)
        else:
            watch.record(name, None, f"not within {SCHEDULE_LIMIT_S:.0f} s", FAILED)
    if len(times) >= FIRES_WANTED:
        watch.record("apply start → 2nd scheduled capture", times[1] - apply_started)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
